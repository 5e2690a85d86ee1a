/* resume: where the listener stopped and the speed they chose, per leaflet, kept under
 * $XDG_STATE_HOME/audioleaf/ (or ~/.local/state/audioleaf/), written atomically. */
#ifndef AUDIOLEAF_RESUME_H
#define AUDIOLEAF_RESUME_H

#include <stddef.h>

#include "leaflet.h"
#include "speech.h"

/* Errors returned by resume_* functions (0 is success). */
enum resume_status {
    RESUME_OK = 0,
    RESUME_ENOENT = -1, /* no saved state for this leaflet */
    RESUME_EIO = -2,    /* the state folder or file cannot be read or written */
    RESUME_EPARSE = -3, /* the state file is damaged (it is ignored) */
};

#define RESUME_BEFORE 8

/* The unit saved for a leaflet heard to its end (it starts again from the top). */
#define RESUME_END "end"

/* The saved place: a unit id and sentence, the speed, and headings to find the place
 * again in a changed leaflet (the current section's and those before it, nearest first). */
struct resume_state {
    char unit[32];
    size_t sentence;
    int rate;               /* words per minute, 0 = not chosen */
    int has_offset, offset; /* a library's: the listener's speed, wpm above each voice's own */
    char heading[256];
    char before[RESUME_BEFORE][256];
    size_t n_before;
};

/* The state file for the leaflet at LEAFLET_PATH (keyed by a hash of its real path) into
 * OUT.  Returns 0 or RESUME_EIO when no state folder can be named. */
int resume_file(const char *leaflet_path, char *out, size_t len);

/* Read the saved state of LEAFLET_PATH into *RS.  RESUME_ENOENT when there is none,
 * RESUME_EPARSE when the file is damaged (*RS then zeroed). */
int resume_load(const char *leaflet_path, struct resume_state *rs);

/* Save *RS for LEAFLET_PATH (temp file + fsync + rename; the folder is created, private).
 * Returns 0, or RESUME_EIO with errno telling why (ENOENT: no state folder can be named);
 * the old state file is then unchanged. */
int resume_save(const char *leaflet_path, const struct resume_state *rs);

/* Fill *RS for unit UNIT at SENTENCE of SC/LF, with RATE; UNIT == SC->n_units is the end
 * of the leaflet (unit RESUME_END, no headings: resume_find() gives the top). */
void resume_describe(const struct leaflet *lf, const struct speech_script *sc, size_t unit,
                     size_t sentence, int rate, struct resume_state *rs);

/* Where to start in SC/LF for the saved RS: the saved unit and sentence when its section
 * still has the same heading, else the start of the nearest earlier section that still
 * exists, else the top.  Stores the unit index in *UNIT and the sentence in *SENTENCE. */
void resume_find(const struct resume_state *rs, const struct leaflet *lf,
                 const struct speech_script *sc, size_t *unit, size_t *sentence);

const char *resume_strerror(int status);

#endif
