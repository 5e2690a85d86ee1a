/* announce: the words of the player's announcements (level names, ends, speed, help,
 * where am I, questions marked, the first seconds) in the leaflet's language: English,
 * Spanish and Swahili.  Pure: libc only. */
#ifndef AUDIOLEAF_ANNOUNCE_H
#define AUDIOLEAF_ANNOUNCE_H

#include <stddef.h>

#include "keymap.h"
#include "nav.h"

/* Errors returned by announce_* functions (0 is success). */
enum announce_status {
    ANNOUNCE_OK = 0,
    ANNOUNCE_EINVAL = -1, /* not a SAY effect, or an unknown announcement */
    ANNOUNCE_ETRUNC = -2, /* the text did not fit in the buffer (it is cut, still ended) */
};

/* The language announcements will use for LANG ("es", "es-419" -> "es"; anything
 * without a translation -> "en"). */
const char *announce_language(const char *lang);

/* Write the words for the SAY effect FX in LANG into BUF (LEN bytes, NUL-terminated).
 * HEADING is the heading of the section FX is about (WHERE only; may be NULL).  Returns 0,
 * ANNOUNCE_EINVAL (BUF empty) or ANNOUNCE_ETRUNC. */
int announce_text(const char *lang, const struct nav_effect *fx, const char *heading, char *buf,
                  size_t len);

/* Which keypad the listener has: where am I is '/' on a computer's numpad (and in the
 * terminal), '#' on a phone keypad or a phone line (DTMF). */
enum announce_pad {
    ANNOUNCE_PAD_NUMPAD = 0, /* 0-9, *, / */
    ANNOUNCE_PAD_PHONE,      /* 0-9, *, # */
};

/* The help (NAV_SAY_HELP) for the keys bound in KM (the keymap table, after keys.conf):
 * each action with the keys of PAD bound to it (said "star", "slash" or "hash"), pairs such
 * as previous / next together; actions without a key on PAD are left out.  announce_text()'s
 * help is this for the default keymap on a numpad.  Returns 0, ANNOUNCE_EINVAL (BUF empty,
 * KM NULL or an unknown PAD) or ANNOUNCE_ETRUNC. */
int announce_help_text(const char *lang, const struct keymap *km, enum announce_pad pad,
                       char *buf, size_t len);

/* Where am I (FX is a NAV_SAY_WHERE effect) as announce_text() says it, with ITEM (the
 * item's text, may be NULL) shortened by announce_brief() after the item's number when FX
 * names an item.  Returns as announce_text(). */
int announce_where_text(const char *lang, const struct nav_effect *fx, const char *heading,
                        const char *item, char *buf, size_t len);

/* The time-left part of where am I alone ("12 seconds left.", "About one minute left.",
 * "About 3 minutes left.") for SECONDS in LANG; a where am I effect whose arg4 (seconds
 * left) is negative is said without it, so the two can be said one after the other.
 * Returns as announce_text(). */
int announce_time_left_text(const char *lang, long seconds, char *buf, size_t len);

/* TEXT made brief for an announcement, never cut mid-phrase: its first sentence when it
 * has at most 15 words; else up to the last clause boundary (a comma, semicolon, colon or
 * a dash standing alone) after the 5th word and within the first 15; else its first words
 * (8, fewer when the last are LANG's little words such as "to", "the", "de", "na", down to
 * 5) followed by LANG's "and so on".  It ends in its own '?', '!' or '.' ('.' added when
 * cut or missing).  Writes into BUF (LEN bytes; a buffer too small cuts it, never inside a
 * UTF-8 character).  Returns 0, ANNOUNCE_ETRUNC or ANNOUNCE_EINVAL (BUF empty, TEXT
 * NULL). */
int announce_brief(const char *lang, const char *text, char *buf, size_t len);

/* What the player says to orient a listener, outside navigation. */
enum announce_orient {
    ANNOUNCE_HELP_HINT = 0, /* "Press star for help." after the title, until a key is used */
    ANNOUNCE_CONTINUING,    /* resuming: "Continuing at section N of M, HEADING." */
    ANNOUNCE_AGAIN,         /* a leaflet heard to its end starts again from the top */
    ANNOUNCE_ORIENT_COUNT
};

/* Write the words for WHAT (CONTINUING: section N of M and its HEADING, as spoken) in
 * LANG into BUF.  Returns 0, ANNOUNCE_EINVAL or ANNOUNCE_ETRUNC, as announce_text(). */
int announce_orient_text(const char *lang, enum announce_orient what, long n, long m,
                         const char *heading, char *buf, size_t len);

/* Announcements of a library of leaflets (the level above sections). */
enum announce_library {
    ANNOUNCE_LEAFLETS = 0, /* the level name */
    ANNOUNCE_FIRST_LEAFLET,
    ANNOUNCE_LAST_LEAFLET,
    ANNOUNCE_LEAFLET_N,      /* "Leaflet N of M." */
    ANNOUNCE_WELCOME,        /* "Welcome. There are N leaflets." (N = 1: "is one leaflet") */
    ANNOUNCE_CHOOSE,         /* "Press 8 to listen to leaflet N, or 4 and 6 to choose ..." */
    ANNOUNCE_END_OF_LIBRARY, /* the last leaflet has ended: how to choose one */
    ANNOUNCE_LIBRARY_COUNT
};

/* Write the words for WHAT (N and M for ANNOUNCE_LEAFLET_N, N for ANNOUNCE_WELCOME and
 * ANNOUNCE_CHOOSE) in LANG into BUF.  Returns
 * 0, ANNOUNCE_EINVAL or ANNOUNCE_ETRUNC, as announce_text(). */
int announce_library_text(const char *lang, enum announce_library what, long n, long m, char *buf,
                          size_t len);

/* The words of the help for the action CMD alone in LANG ("previous", "up a level"), as
 * announce_help_text() says them; for an action the language only names in a pair, the
 * pair's words ("sehemu, vipengele, sentensi").  NULL for NAV_CMD_NONE, the player's
 * events, or an action the language does not name (quit in Swahili). */
const char *announce_action_words(const char *lang, enum nav_cmd cmd);

const char *announce_strerror(int status);

#endif
