/* place: keeps the listener's saved place current while they listen (each new unit at
 * once, a new sentence every few seconds), so that a kill or a power cut loses seconds,
 * not the session.  The writing itself is resume_save()'s (atomic, fsync'ed); while the
 * listener listens it runs on a thread of its own, so that a slow disk never stalls the
 * sound. */
#ifndef AUDIOLEAF_PLACE_H
#define AUDIOLEAF_PLACE_H

#include <limits.h>
#include <pthread.h>
#include <stddef.h>

#include "leaflet.h"
#include "resume.h"
#include "speech.h"

/* Seconds between two saves of a new sentence in the same unit (and between two tries
 * after a failed save). */
#define PLACE_EVERY 3.0

/* What was saved last for one leaflet.  Zero it (or place_init) before the first use. */
struct place {
    int saved; /* 1: unit, sentence, rate hold what was last saved (or handed to the saver) */
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
 * now, and note it in *PL at NOW.  Returns 0, or -1 with a one-line message naming the
 * state file and the reason (strerror) in ERR; *PL then notes the failure. */
int place_save(struct place *pl, const char *leaflet_path, const struct leaflet *lf,
               const struct speech_script *sc, size_t unit, size_t sentence, int rate, double now,
               char *err, size_t errlen);

/* A thread that writes places handed to it, the latest winning.  Fields are private. */
struct place_saver {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int started, stop;
    int pending, busy;
    char path[PATH_MAX]; /* the leaflet of the pending place */
    struct resume_state rs;
    char err[PATH_MAX + 200]; /* the last failure's message, "" when none since asked */
};

/* Start the thread.  Returns 0, or -1 (nothing started; place_saver_post() then saves at
 * once on the caller's thread). */
int place_saver_start(struct place_saver *ps);

/* Save UNIT / SENTENCE at RATE of LF / SC for LEAFLET_PATH on the saver's thread (what
 * was handed before and not written yet is replaced), noting it in *PL at NOW.  A
 * failure shows in place_saver_error(). */
void place_saver_post(struct place_saver *ps, struct place *pl, const char *leaflet_path,
                      const struct leaflet *lf, const struct speech_script *sc, size_t unit,
                      size_t sentence, int rate, double now);

/* -1 with the message of a save that failed since the last call in ERR (and *PL marked
 * failed at NOW), else 0. */
int place_saver_error(struct place_saver *ps, struct place *pl, double now, char *err,
                      size_t errlen);

/* Wait until what was handed is written. */
void place_saver_flush(struct place_saver *ps);

/* Write what is pending and stop the thread.  Fine when not started. */
void place_saver_stop(struct place_saver *ps);

#endif
