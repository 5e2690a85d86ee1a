/* place: keeps the listener's saved place current while they listen (each new unit at
 * once, a new sentence every few seconds), so that a kill or a power cut loses seconds,
 * not the session; the writing itself is resume_save()'s (atomic). */
#ifndef AUDIOLEAF_PLACE_H
#define AUDIOLEAF_PLACE_H

#include <stddef.h>

#include "leaflet.h"
#include "speech.h"

/* Seconds between two saves of a new sentence in the same unit (and between two tries
 * after a failed save). */
#define PLACE_EVERY 3.0

/* What was saved last for one leaflet.  Zero it (or place_init) before the first use. */
struct place {
    int saved; /* 1: unit, sentence, rate hold what was last saved */
    size_t unit, sentence;
    int rate;
    double at;    /* when it was last saved or tried (seconds, any clock) */
    int failed;   /* 1: the last try failed */
    int reported; /* 1: a failure was reported already (report once) */
};

void place_init(struct place *pl);

/* 1 when the place UNIT / SENTENCE at RATE, at time NOW, should be saved: something
 * changed, and it is another unit or speed (at once) or another sentence PLACE_EVERY
 * seconds after the last save; after a failed save, PLACE_EVERY seconds after it. */
int place_due(const struct place *pl, size_t unit, size_t sentence, int rate, double now);

/* Save UNIT / SENTENCE at RATE of LF / SC for the leaflet at LEAFLET_PATH (resume_save)
 * and note it in *PL at NOW.  Returns 0, or -1 with a one-line message naming the state
 * file and the reason (strerror) in ERR; *PL then notes the failure. */
int place_save(struct place *pl, const char *leaflet_path, const struct leaflet *lf,
               const struct speech_script *sc, size_t unit, size_t sentence, int rate, double now,
               char *err, size_t errlen);

#endif
