/* render: fills the cache for many units at once with worker processes (eSpeak NG has
 * global state, so parallel speech means separate processes, each with its own engine). */
#ifndef AUDIOLEAF_RENDER_H
#define AUDIOLEAF_RENDER_H

#include <stddef.h>

#include "cache.h"
#include "voice.h"

enum render_status {
    RENDER_OK = 0,
    RENDER_ENOMEM = -1,  /* out of memory */
    RENDER_EWORKER = -2, /* a worker process could not start or died */
    RENDER_ECACHE = -3,  /* a unit failed in the cache (see render_result.status) */
};

/* render_jobs() flags. */
enum render_flags {
    RENDER_VERIFY = 1, /* read and check every cached entry in full (see cache_check()) */
};

/* One unit to render. */
struct render_job {
    const struct voice_profile *voice;
    const char *text;
};

/* What became of one unit. */
struct render_result {
    int status;      /* a cache_status: 0 when the unit is in the cache */
    int err;         /* errno for CACHE_EIO */
    char path[1100]; /* the WAV file */
    size_t n_frames;
    int rate;
    int cached; /* 1 when it was in the cache already */
};

/* Fetch every job through cache C.  Units already in the cache are checked in this
 * process with cache_check() (by up to N_WORKERS threads; no fork, no engine; with
 * RENDER_VERIFY in FLAGS every entry is read in full, else only those changed since their
 * last full check), and what was learned is saved.  The others go to up to N_WORKERS
 * worker processes (0: one per core; 1: in this process, no fork), forked after C was
 * opened, each starting its own engine (when this process's engine is already running, no
 * worker is forked).  Units are handed out one at a time as workers become free, and OUT[i]
 * (N entries, caller-allocated) receives job i's result whatever order they finish in.
 * Returns 0 when every unit succeeded, RENDER_ECACHE when some failed (their OUT entries
 * say why), or RENDER_EWORKER / RENDER_ENOMEM. */
int render_jobs(struct cache *c, const struct render_job *jobs, size_t n, int n_workers,
                unsigned flags, struct render_result *out);

const char *render_strerror(int status);

#endif
