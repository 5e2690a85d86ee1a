/* nav_library: the library level of the navigation state machine: a folder of leaflets
 * above the sections of each (welcome, the titles one after another, choosing, opening,
 * the end of a leaflet offering the next).  Pure: libc only; the player carries out the
 * effects, each spoken in the language and voice of the leaflet it names. */
#ifndef AUDIOLEAF_NAV_LIBRARY_H
#define AUDIOLEAF_NAV_LIBRARY_H

#include <stddef.h>

#include "nav.h"

/* Where the listener is in a library; 0 is choosing a leaflet. */
enum nav_library_level {
    NAV_LIBRARY_LEAFLETS = 0, /* choosing: 4 / 6 move, 8 / 5 open, titles are said */
    NAV_LIBRARY_INSIDE,       /* in the current leaflet: nav_step() has the keys */
};

/* The library's state.  Fill with nav_library_init(). */
struct nav_library {
    size_t n;       /* leaflets, at least 1 */
    size_t current; /* the leaflet the listener is on, 0-based */
    size_t last;    /* the leaflet last opened (remembered between runs by the player) */
    enum nav_library_level level;
    int listing; /* 1 while the titles are said one after another after the welcome */
    int ended;   /* 1 after the end of the library was said (it waits for a key) */
};

/* What the player must do, in order. */
enum nav_library_fx_kind {
    NAV_LIBRARY_FX_STOP = 0, /* stop what plays, drop what is queued; the leaflet waits */
    NAV_LIBRARY_FX_SAY,      /* say `say` (with `arg`) in the voice of leaflet `leaflet` */
    NAV_LIBRARY_FX_TITLE,    /* say "Leaflet K of N. TITLE." of leaflet `leaflet` in its
                                voice; report nav_library_said() once it has been said */
    NAV_LIBRARY_FX_TONE,     /* the boundary tone: nothing further that way */
    NAV_LIBRARY_FX_OPEN,     /* play leaflet `leaflet` from its place (where it was left
                                in this run, else its saved place) */
};

/* The library's own announcements (words in src/announce.c, enum announce_library). */
enum nav_library_say {
    NAV_LIBRARY_SAY_WELCOME = 0, /* "Welcome. There are N leaflets."; arg = N */
    NAV_LIBRARY_SAY_LEAFLETS,    /* the level name, "Leaflets." */
    NAV_LIBRARY_SAY_FIRST,       /* "First leaflet." */
    NAV_LIBRARY_SAY_LAST,        /* "Last leaflet." */
    NAV_LIBRARY_SAY_CHOOSE,      /* "Press 8 to listen to leaflet K, ..."; arg = K (1-based) */
    NAV_LIBRARY_SAY_END,         /* the end of the library: it waits */
};

struct nav_library_effect {
    enum nav_library_fx_kind kind;
    size_t leaflet; /* SAY, TITLE, OPEN: 0-based */
    enum nav_library_say say;
    long arg;
};

#define NAV_LIBRARY_MAX_EFFECTS 6

struct nav_library_effects {
    struct nav_library_effect fx[NAV_LIBRARY_MAX_EFFECTS];
    size_t n;
};

/* A library of N leaflets (N >= 1; 0 is taken as 1) whose leaflet LAST (0-based; out of
 * range: 0) was opened last: at the leaflet level, on leaflet 0, not listing. */
void nav_library_init(struct nav_library *lib, size_t n, size_t last);

/* The library starts (or starts again after an idle time): the leaflet level, the welcome
 * with the number of leaflets, then the first title; the other titles follow one by one as
 * each is said (nav_library_said).  Fills *OUT. */
void nav_library_start(struct nav_library *lib, struct nav_library_effects *out);

/* The key CMD, pressed while nav's level inside the current leaflet is LEVEL (ignored at the
 * leaflet level).  At the leaflet level: 4 / 6 move and say the title (a tone and "First
 * leaflet" / "Last leaflet" at the ends), 8 or 5 open the leaflet, 1 goes to the first,
 * 2 says the level name, # says the title again; 0 and 3 do nothing.  Inside a leaflet: 2 at
 * the section level goes up to the leaflets and says the current title.  Returns 1 when the
 * library handled CMD (*OUT filled, maybe empty), 0 when nav_step() is to handle it
 * (help, speed and quit at the leaflet level; every other key inside a leaflet). */
int nav_library_key(struct nav_library *lib, enum nav_cmd cmd, enum nav_level level,
                    struct nav_library_effects *out);

/* A title asked for by NAV_LIBRARY_FX_TITLE has been said.  While listing: the next title,
 * or after the last one, back to the leaflet opened last with how to listen to it. */
void nav_library_said(struct nav_library *lib, struct nav_library_effects *out);

/* The current leaflet reached its end (nav said so): the next leaflet is offered (its title
 * and how to listen to it) at the leaflet level; after the last one, the end of the library
 * is said and it waits for a key. */
void nav_library_leaflet_end(struct nav_library *lib, struct nav_library_effects *out);

#endif
