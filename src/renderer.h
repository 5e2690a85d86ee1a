/* renderer: the player's one render thread, the only thread that calls the cache (and so
 * eSpeak NG): a queue of jobs ranked by priority, a list of finished results, and the
 * unit being rendered shared as it grows ("live"), so that it can play before it is done. */
#ifndef AUDIOLEAF_RENDERER_H
#define AUDIOLEAF_RENDERER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "cache.h"
#include "voice.h"

/* Errors returned by renderer_* functions (0 is success). */
enum renderer_status {
    RENDERER_OK = 0,
    RENDERER_ENOMEM = -1, /* out of memory, or the thread could not start */
};

enum renderer_kind {
    RENDERER_UNIT = 0, /* a unit of the leaflet: cache entry, streamed while it renders */
    RENDERER_SAY,      /* an announcement */
};

/* A queued job (under the renderer's lock). */
struct renderer_job {
    struct renderer_job *next;
    enum renderer_kind kind;
    size_t unit;
    int wpm;
    char *text;                     /* RENDERER_SAY: owned */
    const char *unit_text;          /* RENDERER_UNIT: the unit's text (the caller's) */
    const struct voice_profile *vp; /* the caller's voice; rate set per job */
    int prio;                       /* lower first */
    unsigned long seq;              /* order of submission: first first among equals */
};

/* A finished job. */
struct renderer_done {
    struct renderer_done *next;
    enum renderer_kind kind;
    size_t unit;
    int wpm;
    char *text;  /* RENDERER_SAY: owned */
    int rc;      /* cache_status */
    int aborted; /* 1: stopped by renderer_drop_units() / renderer_drain() before its end:
                    not a result (rc tells nothing about the unit) */
    struct cache_entry e;
};

/* A unit's audio as it is rendered, shared by the render thread and the player.  Read
 * its fields only through the functions below (they take the lock). */
struct renderer_live {
    int refs; /* holders: the render thread while rendering, the player while playing */
    size_t unit;
    int wpm;
    int16_t *samples; /* every frame rendered so far */
    size_t n_frames, cap;
    struct tts_mark *marks; /* sentence marks whose audio has begun, in order, first at 0 */
    size_t n_marks, marks_cap;
    int complete; /* 1: the render ended (see failed) */
    int failed;   /* 1: it ended without a complete unit */
};

struct renderer {
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;         /* jobs came, or stop */
    pthread_cond_t idle;       /* a job was finished */
    struct renderer_job *jobs; /* newest first (the order is in seq) */
    unsigned long seq;         /* jobs submitted so far */
    struct renderer_done *done;
    struct renderer_live *live; /* the unit being rendered, or NULL */
    int busy;                   /* a job is being rendered */
    int abort;                  /* stop the job being rendered (drain, stop) */
    int stop;
    int exited; /* the thread has ended */
    struct cache *cache;
    double chunk_delay; /* tests only: seconds to sleep after each piece of audio */
};

/* Start the thread rendering with CACHE (the caller's, kept open until renderer_stop()).
 * CHUNK_DELAY (seconds, 0 normally) slows every piece of audio down, to stand for a slow
 * device in tests.  Returns 0 or RENDERER_ENOMEM (nothing started). */
int renderer_start(struct renderer *r, struct cache *cache, double chunk_delay);

/* Queue a job (TEXT copied for RENDERER_SAY).  Returns 0 or RENDERER_ENOMEM. */
int renderer_submit(struct renderer *r, enum renderer_kind kind, size_t unit, int wpm,
                    const char *unit_text, const char *text, const struct voice_profile *vp,
                    int prio);

/* Give every queued unit job the priority PRIO(CTX, unit). */
void renderer_rerank(struct renderer *r, int (*prio)(void *ctx, size_t unit), void *ctx);

/* Drop every queued unit job and stop the unit being rendered (the announcements stay). */
void renderer_drop_units(struct renderer *r);

/* Take the finished results (the caller frees them with renderer_done_free()). */
struct renderer_done *renderer_take_done(struct renderer *r);
void renderer_done_free(struct renderer_done *d);

/* Drop every queued job and result, stop the one being rendered and wait for it:
 * afterwards no job refers to the caller's texts.  Fine when not started.  A job that has
 * not stopped 5 s after being told to is stuck where nothing can stop it (inside the
 * engine, or a read that never returns): then the process is ended (exit status 1, one
 * line on stderr), since what the thread holds cannot be freed and a stop signal or a
 * quit must always end the player. */
void renderer_drain(struct renderer *r);

/* Stop the thread and free everything queued.  Fine when not started.  A thread stuck as
 * renderer_drain() says ends the process the same way. */
void renderer_stop(struct renderer *r);

/* The live audio of UNIT at WPM, with a reference the caller gives back with
 * renderer_live_put(), or NULL when that unit is not being rendered now (or its render
 * is being stopped). */
struct renderer_live *renderer_live_get(struct renderer *r, size_t unit, int wpm);

/* Copy at most MAX frames from frame POS of L into DST; *FRAMES gets the frames rendered
 * so far, *COMPLETE 1 when no more will come.  Returns the frames copied. */
size_t renderer_live_read(struct renderer *r, struct renderer_live *l, size_t pos, int16_t *dst,
                          size_t max, size_t *frames, int *complete);

/* A copy of L's marks so far in *MARKS (*N of them; the caller frees *MARKS) and its
 * frames so far in *FRAMES.  Returns 0 or RENDERER_ENOMEM (*MARKS NULL, *N 0). */
int renderer_live_marks(struct renderer *r, struct renderer_live *l, struct tts_mark **marks,
                        size_t *n, size_t *frames);

/* Give back a reference from renderer_live_get().  NULL is fine. */
void renderer_live_put(struct renderer *r, struct renderer_live *l);

const char *renderer_strerror(int status);

#endif
