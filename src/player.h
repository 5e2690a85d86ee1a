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
    int library;                   /* 1: several leaflets in a row: move on at each end */
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
    int quit; /* 1: the listener quit (q, Esc, Ctrl-C, SIGTERM, SIGHUP) */
    int move; /* library: -1 / +1 the listener asked for the previous / next leaflet;
                 0: the leaflet ended (or a --keys script did) */
};

/* Play the leaflet at PATH until its end (library mode, or a finished --keys script), until
 * the listener quits, or (in a library, PLACE not NULL) until they move to another leaflet:
 * there, 2 at the section level goes up to the leaflets, where 4 / 6 move between
 * leaflets, 5 starts this one again and 8 goes back down.  Fills *RES.  Returns 0 or a
 * negative player_status with a message in ERR. */
int player_play(struct player *p, const char *path, const struct player_place *place,
                struct player_result *res, char *err, size_t errlen);

/* Close the session: let the last frames reach the device, finish the recording (what
 * was written before a failed write is kept), print --stats.  Returns 0, PLAYER_ERECORD
 * (the recording failed or is incomplete) or PLAYER_ESTATE (the place could not be saved
 * when a leaflet was left); the message is on stderr already.  NULL is fine. */
int player_close(struct player *p);

/* Seconds on CLOCK_MONOTONIC. */
double player_now(void);

const char *player_strerror(int status);

#endif
