/* web: the web export (audioleaf export --web DIR): leaflets ready to export
 * (export/model.h) written as static, offline, accessible pages with read-along text, the
 * keypad player of src/export/web/player.js, and the player's announcements pre-rendered.
 *
 * Layout under DIR (NAME = the leaflet's export name, model.h):
 *   index.html                 every leaflet of the export, each in its own language
 *   player.js, player.css      the page's script and stylesheet (built into the binary)
 *   NAME.html                  the leaflet's page: its full text, the player, the help
 *   NAME/data.js               window.AUDIOLEAF: units, sentence times, announcements
 *   NAME/UNIT.mp3              one MP3 per unit (export/mp3.h, as DAISY and EPUB)
 *   NAME/say-KEY.mp3           its where am I announcements (section, item)
 *   say/VOICE/KEY.mp3          the other announcements, shared by the leaflets of a voice
 * Nothing in a page refers outside DIR; it works from disk (file://) and from any web
 * server. */
#ifndef AUDIOLEAF_EXPORT_WEB_H
#define AUDIOLEAF_EXPORT_WEB_H

#include <stddef.h>
#include <stdio.h>

#include "export/model.h"

enum export_web_status {
    EXPORT_WEB_OK = 0,
    EXPORT_WEB_ENOMEM = -1, /* out of memory */
    EXPORT_WEB_EIO = -2,    /* a folder or file cannot be made or written (message says) */
    EXPORT_WEB_EINPUT = -3, /* a leaflet, voice or lexicon is unusable, or DIR is not ours */
    EXPORT_WEB_ECACHE = -4, /* a unit or announcement could not be rendered or encoded */
};

/* One announcement of the player as a page has it: KEY (as player.js asks for it, e.g.
 * "paused", "faster-180", "where-3-2", "left-m4"), the words shown in the live region
 * (the leaflet's own words) and the words handed to the speech engine. */
struct web_say {
    char key[32];
    char *shown;  /* owned */
    char *spoken; /* owned */
};

/* The announcements of one page. */
struct web_says {
    struct web_say *say;
    size_t n;
};

/* The speeds a page offers, as the player's: RATE (the voice's words per minute) and
 * steps of STEP words per minute, within [MIN, MAX]. */
struct web_rates {
    int rate, min, max, step;
};

/* Every announcement a page of M can make (as announce.c words them, in M's language):
 * the fixed ones, the level names, each speed reachable from RATES->rate, where am I for
 * every section and every item-level element, and the time left in steps (10 s under a
 * minute, then minutes up to the whole leaflet at the slowest speed).  LEX (may be NULL)
 * turns shown words into spoken words as speech_text() does.  Returns 0 and fills *OUT
 * (free with web_says_free()), or EXPORT_WEB_ENOMEM with *OUT empty. */
struct speech_lexicon;
int web_says_make(const struct export_model *m, const struct web_rates *rates,
                  const struct speech_lexicon *lex, struct web_says *out);

void web_says_free(struct web_says *s);

/* Where the audio of S (an announcement of M's page) is, relative to the export folder:
 * NAME/say-KEY.mp3 for where am I (its words are the leaflet's), else say/VOICE/KEY.mp3
 * (VOICE = M's voice as [a-z0-9-]), the same words in every leaflet of that voice. */
void web_say_path(const struct export_model *m, const struct web_say *s, char *out,
                  size_t cap);

/* The page NAME.html of M (UTF-8 HTML, new string), or NULL when out of memory.  INDEX
 * is 1 when the export has an index page to link back to. */
char *web_page_html(const struct export_model *m, int index);

/* The script NAME/data.js of M (window.AUDIOLEAF = {...}) with SAYS and RATES, a new
 * string, or NULL when out of memory. */
char *web_page_data(const struct export_model *m, const struct web_says *says,
                    const struct web_rates *rates);

/* The index page listing the leaflets MODELS (N of them) by title, each link marked with
 * its leaflet's language, in the words of LANG (the first leaflet's).  New string, or NULL
 * when out of memory. */
char *web_index_html(const struct export_model *const *models, size_t n, const char *lang);

/* The files built into the binary from src/export/web/ (player.js, player.css): the I-th
 * one's bytes (*LEN of them) and name; NULL past the last. */
const char *web_asset(size_t i, size_t *len);
const char *web_asset_name(size_t i);

/* What to export. */
struct export_web_options {
    const char *const *leaflets; /* leaflet files (a folder given on the command line is
                                    its *.txt files, in name order) */
    size_t n_leaflets;
    const char *dir;       /* output folder (replaced whole; see export_web()) */
    const char *language;  /* NULL: each leaflet's own */
    const char *voice;     /* NULL: each leaflet's voice, else its language's default */
    const char *cache_dir; /* NULL: the default cache */
    FILE *progress;        /* one line per file written, NULL for quiet */
};

/* Export the leaflets into DIR: rendered first where the cache lacks them, written into a
 * staging folder beside DIR (PARENT/.NAME.audioleaf-web-XXXXXX) and renamed into place
 * when complete, so DIR holds the old complete export or the new one, never a half one.
 * DIR may be missing (made, with its parents), empty, or an earlier web export (its
 * index.html says so); anything else is refused with EXPORT_WEB_EINPUT and left as it
 * is.  Returns 0, or a negative export_web_status with a one-line message in ERR
 * ("FILE:LINE:COL: ..." for leaflet errors); on failure DIR is as it was and the staging
 * folder is removed. */
int export_web(const struct export_web_options *o, char *err, size_t errlen);

const char *export_web_strerror(int status);

#endif
