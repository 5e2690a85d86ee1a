/* player: the play loop: key source -> keymap -> nav -> effects -> cache (a background
 * render thread, the only one that calls the engine) -> output (one PortAudio stream that
 * runs for the whole session, pulling from a frame ring). */
#ifndef AUDIOLEAF_PLAYER_H
#define AUDIOLEAF_PLAYER_H

#include <stddef.h>

#include "input.h"
#include "out.h"

/* Errors returned by player_* functions (0 is success). */
enum player_status {
    PLAYER_OK = 0,
    PLAYER_ENOMEM = -1,   /* out of memory */
    PLAYER_ENODEV = -2,   /* no usable audio output and no --record */
    PLAYER_ELEAFLET = -3, /* the leaflet cannot be read or parsed */
    PLAYER_EVOICE = -4,   /* the voice profile cannot be loaded */
    PLAYER_ECACHE = -5,   /* the cache folder cannot be used, or the engine failed */
    PLAYER_EINPUT = -6,   /* the key source cannot be opened or the script is bad */
    PLAYER_ERECORD = -7,  /* the --record file cannot be written */
    PLAYER_EKEYMAP = -8,  /* keys.conf is malformed */
    PLAYER_ESTATE = -9,   /* the place could not be saved (message on stderr) */
};

struct player_options {
    const char *voice;                /* profile name, NULL: the leaflet's or the language's */
    const char *lang;                 /* language code, NULL: the leaflet's */
    int rate;                         /* words per minute, 0: saved speed or the profile's */
    const char *keys;                 /* --keys script, NULL: the terminal */
    const struct input_source *input; /* another key source (NULL: script or terminal),
                                         opened with input_arg; e.g. DTMF, USB keypad */
    const char *input_arg;
    const char *record;            /* --record WAV path, or NULL */
    const char *device;            /* --device name, or NULL for the default output */
    int no_resume;                 /* 1: start at the top, do not save the place */
    const char *cache_dir;         /* --cache, NULL: the default */
    int quiet;                     /* 1: print nothing on stdout, say no goodbye nor the
                                      first-time "press star for help" */
    int verbose;                   /* 1: print each unit's id before its words */
    int stats;                     /* 1: print timings and memory on stderr at the end */
    int library;                   /* 1: a library (player_library()) */
    double idle_reset;             /* library: seconds with no key and nothing playing after
                                      which it starts again from its welcome; 0: never */
    const struct out_backend *out; /* NULL: PortAudio, or the null output when
                                      --record is given and no device works */
    double t0;                     /* CLOCK_MONOTONIC seconds when the command started */
    double test_chunk_delay;       /* tests only: seconds the render thread sleeps after each
                                      piece of audio the engine makes (a slow device); 0 */
};

struct player;

/* Open a session: keymap ($XDG_CONFIG_HOME/audioleaf/keys.conf), key source, cache,
 * output stream and recorder.  Returns 0 and *OUT, or a negative player_status with a
 * one-line message in ERR (nothing left open). */
int player_open(const struct player_options *opt, struct player **out, char *err, size_t errlen);

/* Where a leaflet sits in a library (a folder of leaflets). */
struct player_place {
    size_t index; /* 0-based position in the library */
    size_t count; /* leaflets in the library */
    int from_top; /* 1: start at the top (the listener moved here), not the saved place */
};

/* How a leaflet was left. */
struct player_result {
    int quit;  /* 1: the listener quit (q, Esc, Ctrl-C, SIGTERM, SIGHUP) */
    int leave; /* library: another leaflet's turn (its effects are pending) */
};

/* Play the leaflet at PATH until its end when a --keys script has ended, or until the
 * listener quits; PLACE is NULL (player_library() plays a library, one leaflet at a time
 * through here).  Fills *RES.  Returns 0 or a negative player_status with a message in ERR. */
int player_play(struct player *p, const char *path, const struct player_place *place,
                struct player_result *res, char *err, size_t errlen);

/* Play the library of the N leaflets PATHS (in that order) in the folder DIR from its
 * leaflet level (src/nav_library.h): the welcome, the number of leaflets and each title in
 * its leaflet's language and voice; 4 / 6 choose, 8 or 5 open, 2 from the sections goes
 * back up; a leaflet's end offers the next; the end of the library waits.  The leaflet
 * opened last and the listener's speed (as an offset from each voice's own) are kept under
 * DIR's state file.  Returns when the listener quits (or a --keys script has ended and all
 * was said): 0, or a negative player_status with a message in ERR (a leaflet that cannot
 * be played any more). */
int player_library(struct player *p, const char *dir, char *const *paths, size_t n, char *err,
                   size_t errlen);

/* Close the session: let the last frames reach the device, finish the recording (what
 * was written before a failed write is kept), print --stats.  Returns 0, PLAYER_ERECORD
 * (the recording failed or is incomplete) or PLAYER_ESTATE (the place could not be saved
 * when a leaflet was left); the message is on stderr already.  NULL is fine. */
int player_close(struct player *p);

/* Seconds on CLOCK_MONOTONIC. */
double player_now(void);

const char *player_strerror(int status);

#endif
