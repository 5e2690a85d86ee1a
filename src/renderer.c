/* renderer: the player's render thread (the one thread that calls eSpeak NG, through the
 * cache), its job queue, and the unit being rendered shared with the player as it grows. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "renderer.h"
#include "tts.h"

/* How long renderer_drain() and renderer_stop() wait for the job being rendered to stop
 * (it is told to, and every render and read looks at that as its audio comes) before the
 * thread is taken as stuck and the process ended (see renderer.h). */
#define RENDERER_STUCK_SECONDS 5

/* What the progress callback needs while a unit renders. */
struct progress {
    struct renderer *r;
    struct renderer_live *l;
    size_t marks_seen; /* marks of the engine's audio already turned into sentences */
};

static void live_unref(struct renderer_live *l)
{
    if (l && --l->refs == 0) {
        free(l->samples);
        free(l->marks);
        free(l);
    }
}

/* Called on the render thread with all audio so far: copy what is new into the live
 * unit, under the lock.  Returns non-zero to stop the render (drain, stop, no memory). */
static int on_progress(void *ctx, const struct tts_audio *a)
{
    struct progress *pg = ctx;
    struct renderer *r = pg->r;
    struct renderer_live *l = pg->l;
    int stop = 0;
    pthread_mutex_lock(&r->mu);
    if (a->n_frames > l->cap) {
        size_t cap = l->cap ? l->cap : 65536;
        while (cap < a->n_frames)
            cap *= 2;
        int16_t *s = realloc(l->samples, cap * sizeof *s);
        if (s) {
            l->samples = s;
            l->cap = cap;
        }
    }
    if (a->n_frames <= l->cap) {
        memcpy(l->samples + l->n_frames, a->samples + l->n_frames,
               (a->n_frames - l->n_frames) * sizeof *l->samples);
        l->n_frames = a->n_frames;
    } else {
        stop = 1;
    }
    /* A mark counts once audio has been made past it (the engine's marks are final
     * then; see tts.h). */
    while (!stop && pg->marks_seen < a->n_marks && a->marks[pg->marks_seen].frame < l->n_frames) {
        if (l->n_marks == l->marks_cap) {
            size_t cap = l->marks_cap ? 2 * l->marks_cap : 16;
            struct tts_mark *m = realloc(l->marks, cap * sizeof *m);
            if (!m) {
                stop = 1;
                break;
            }
            l->marks = m;
            l->marks_cap = cap;
        }
        l->marks[l->n_marks++] = a->marks[pg->marks_seen++];
    }
    stop = stop || r->abort || r->stop;
    pthread_mutex_unlock(&r->mu);
    if (!stop && r->chunk_delay > 0) {
        struct timespec ts = {(time_t)r->chunk_delay,
                              (long)((r->chunk_delay - (double)(time_t)r->chunk_delay) * 1e9)};
        nanosleep(&ts, NULL);
    }
    return stop;
}

/* The progress of an announcement: nothing is shared, but a drain or stop ends it. */
static int say_progress(void *ctx, const struct tts_audio *a)
{
    (void)a;
    struct renderer *r = ctx;
    pthread_mutex_lock(&r->mu);
    int stop = r->abort || r->stop;
    pthread_mutex_unlock(&r->mu);
    return stop;
}

/* Render one job (lock not held); returns its result, or NULL without memory. */
static struct renderer_done *run_job(struct renderer *r, struct renderer_job *job)
{
    struct renderer_done *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    struct voice_profile vp = *job->vp;
    vp.rate = job->wpm;
    d->kind = job->kind;
    d->unit = job->unit;
    d->wpm = job->wpm;
    d->text = job->text;
    job->text = NULL;
    if (job->kind == RENDERER_SAY) {
        d->rc = cache_fetch_stream(r->cache, &vp, d->text, say_progress, r, &d->e);
        return d;
    }
    struct progress pg = {.r = r};
    struct renderer_live *l = calloc(1, sizeof *l);
    if (l) {
        l->refs = 1;
        l->unit = job->unit;
        l->wpm = job->wpm;
        pg.l = l;
        pthread_mutex_lock(&r->mu);
        r->live = l;
        pthread_mutex_unlock(&r->mu);
    }
    d->rc = cache_fetch_stream(r->cache, &vp, job->unit_text, l ? on_progress : NULL, &pg, &d->e);
    if (l) {
        pthread_mutex_lock(&r->mu);
        l->complete = 1;
        l->failed = d->rc != CACHE_OK;
        d->aborted = d->rc != CACHE_OK && r->abort;
        r->live = NULL;
        live_unref(l);
        pthread_mutex_unlock(&r->mu);
    }
    return d;
}

static void *render_main(void *arg)
{
    struct renderer *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->stop && !r->jobs)
            pthread_cond_wait(&r->cv, &r->mu);
        if (r->stop)
            break;
        struct renderer_job **best = &r->jobs;
        for (struct renderer_job **j = &r->jobs; *j; j = &(*j)->next) {
            if ((*j)->prio < (*best)->prio ||
                ((*j)->prio == (*best)->prio && (*j)->seq < (*best)->seq))
                best = j;
        }
        struct renderer_job *job = *best;
        *best = job->next;
        r->busy = 1;
        r->abort = 0;
        pthread_mutex_unlock(&r->mu);
        struct renderer_done *d = run_job(r, job);
        free(job->text);
        free(job);
        pthread_mutex_lock(&r->mu);
        if (d) {
            struct renderer_done **t = &r->done;
            while (*t)
                t = &(*t)->next;
            *t = d;
        }
        r->busy = 0;
        pthread_cond_broadcast(&r->idle);
    }
    r->exited = 1;
    pthread_cond_broadcast(&r->idle);
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* Wait (lock held) until the thread is idle, or has exited when EXITED, for at most
 * RENDERER_STUCK_SECONDS.  A thread still busy then is stuck where nothing can stop it
 * (inside the engine, or in a read the kernel does not end): nothing it holds can be freed
 * and a stop must end the process, so the process ends here, saying so. */
static void wait_or_end(struct renderer *r, int exited)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += RENDERER_STUCK_SECONDS;
    int rc = 0;
    while ((exited ? !r->exited : r->busy) && rc == 0)
        rc = pthread_cond_timedwait(&r->idle, &r->mu, &until);
    if (exited ? r->exited : !r->busy)
        return;
    fprintf(stderr, "audioleaf: the render thread did not stop within %d s; ending the process\n",
            RENDERER_STUCK_SECONDS);
    fflush(stdout);
    fflush(stderr);
    _exit(1);
}

void renderer_done_free(struct renderer_done *d)
{
    while (d) {
        struct renderer_done *n = d->next;
        cache_entry_clear(&d->e);
        free(d->text);
        free(d);
        d = n;
    }
}

static void free_jobs(struct renderer_job *j)
{
    while (j) {
        struct renderer_job *n = j->next;
        free(j->text);
        free(j);
        j = n;
    }
}

int renderer_start(struct renderer *r, struct cache *cache, double chunk_delay)
{
    memset(r, 0, sizeof *r);
    r->cache = cache;
    r->chunk_delay = chunk_delay;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* wait_or_end() counts on it */
    pthread_cond_init(&r->idle, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&r->thread, NULL, render_main, r) != 0) {
        pthread_mutex_destroy(&r->mu);
        pthread_cond_destroy(&r->cv);
        pthread_cond_destroy(&r->idle);
        return RENDERER_ENOMEM;
    }
    r->started = 1;
    return RENDERER_OK;
}

int renderer_submit(struct renderer *r, enum renderer_kind kind, size_t unit, int wpm,
                    const char *unit_text, const char *text, const struct voice_profile *vp,
                    int prio)
{
    struct renderer_job *j = calloc(1, sizeof *j);
    if (!j)
        return RENDERER_ENOMEM;
    j->kind = kind;
    j->unit = unit;
    j->wpm = wpm;
    j->prio = prio;
    j->vp = vp;
    j->unit_text = unit_text;
    if (text && !(j->text = strdup(text))) {
        free(j);
        return RENDERER_ENOMEM;
    }
    pthread_mutex_lock(&r->mu);
    /* At the head, not the tail: a leaflet of 100 000 units is queued in linear time. */
    j->seq = ++r->seq;
    j->next = r->jobs;
    r->jobs = j;
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
    return RENDERER_OK;
}

void renderer_rerank(struct renderer *r, int (*prio)(void *ctx, size_t unit), void *ctx)
{
    pthread_mutex_lock(&r->mu);
    for (struct renderer_job *j = r->jobs; j; j = j->next) {
        if (j->kind == RENDERER_UNIT)
            j->prio = prio(ctx, j->unit);
    }
    pthread_mutex_unlock(&r->mu);
}

void renderer_drop_units(struct renderer *r)
{
    pthread_mutex_lock(&r->mu);
    if (r->live)
        r->abort = 1; /* the unit being rendered stops too (no entry is written) */
    for (struct renderer_job **j = &r->jobs; *j;) {
        if ((*j)->kind == RENDERER_UNIT) {
            struct renderer_job *dead = *j;
            *j = dead->next;
            free(dead->text);
            free(dead);
        } else {
            j = &(*j)->next;
        }
    }
    pthread_mutex_unlock(&r->mu);
}

struct renderer_done *renderer_take_done(struct renderer *r)
{
    pthread_mutex_lock(&r->mu);
    struct renderer_done *d = r->done;
    r->done = NULL;
    pthread_mutex_unlock(&r->mu);
    return d;
}

void renderer_drain(struct renderer *r)
{
    if (!r->started)
        return;
    pthread_mutex_lock(&r->mu);
    free_jobs(r->jobs);
    r->jobs = NULL;
    if (r->busy)
        r->abort = 1; /* a unit being streamed stops at its next piece of audio */
    wait_or_end(r, 0);
    r->abort = 0;
    renderer_done_free(r->done);
    r->done = NULL;
    pthread_mutex_unlock(&r->mu);
}

void renderer_stop(struct renderer *r)
{
    if (!r->started)
        return;
    pthread_mutex_lock(&r->mu);
    r->stop = 1;
    pthread_cond_signal(&r->cv);
    wait_or_end(r, 1);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->thread, NULL);
    free_jobs(r->jobs);
    renderer_done_free(r->done);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
    pthread_cond_destroy(&r->idle);
    r->started = 0;
}

struct renderer_live *renderer_live_get(struct renderer *r, size_t unit, int wpm)
{
    pthread_mutex_lock(&r->mu);
    struct renderer_live *l = r->live;
    if (l && !r->abort && l->unit == unit && l->wpm == wpm)
        l->refs++;
    else
        l = NULL;
    pthread_mutex_unlock(&r->mu);
    return l;
}

size_t renderer_live_read(struct renderer *r, struct renderer_live *l, size_t pos, int16_t *dst,
                          size_t max, size_t *frames, int *complete)
{
    pthread_mutex_lock(&r->mu);
    size_t n = pos < l->n_frames ? l->n_frames - pos : 0;
    if (n > max)
        n = max;
    if (n > 0)
        memcpy(dst, l->samples + pos, n * sizeof *dst);
    *frames = l->n_frames;
    *complete = l->complete;
    pthread_mutex_unlock(&r->mu);
    return n;
}

int renderer_live_marks(struct renderer *r, struct renderer_live *l, struct tts_mark **marks,
                        size_t *n, size_t *frames)
{
    int rc = RENDERER_OK;
    pthread_mutex_lock(&r->mu);
    *n = l->n_marks;
    *frames = l->n_frames;
    *marks = NULL;
    if (*n > 0 && !(*marks = malloc(*n * sizeof **marks))) {
        *n = 0;
        rc = RENDERER_ENOMEM;
    } else if (*n > 0) {
        memcpy(*marks, l->marks, *n * sizeof **marks);
    }
    pthread_mutex_unlock(&r->mu);
    return rc;
}

void renderer_live_put(struct renderer *r, struct renderer_live *l)
{
    if (!l)
        return;
    pthread_mutex_lock(&r->mu);
    live_unref(l);
    pthread_mutex_unlock(&r->mu);
}

const char *renderer_strerror(int status)
{
    switch (status) {
    case RENDERER_OK:
        return "success";
    case RENDERER_ENOMEM:
        return "out of memory, or the render thread could not start";
    default:
        return "unknown renderer error";
    }
}
