/* input_dtmf: a key source that hears DTMF tones on an audio input: a PortAudio
 * blocking capture stream (from the sound device module, audio_module.h) read in next(),
 * each read handed to the DTMF detector. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audio_module.h"
#include "dtmf.h"
#include "input_dtmf.h"

enum {
    DTMF_IN_RATE = 8000,      /* asked for first: the phone rate */
    DTMF_IN_QUEUE = 32,       /* keys heard and not yet handed out */
    DTMF_IN_MAX_READ_MS = 100 /* the most read in one go when frames are waiting */
};

struct dtmf_in {
    const struct audio_module *audio;
    void *capture;
    struct dtmf_detector *det;
    int rate;
    char queue[DTMF_IN_QUEUE];
    size_t head, n;
    int16_t *buf;
    size_t buf_frames;
    double t_start;   /* CLOCK_MONOTONIC seconds when the stream started */
    uint64_t frames;  /* frames read since then */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds of sound read ahead of the wall clock: a device that delivers faster than
 * real time (ALSA's file plugin) is read at the pace of a real one, so the caller's
 * polling loop does not spin and keys come when they would on a line. */
static double ahead(const struct dtmf_in *d)
{
    return (double)d->frames / d->rate - (now() - d->t_start);
}

static void keep_key(void *user, const struct dtmf_key *k)
{
    struct dtmf_in *d = user;
    if (d->n < DTMF_IN_QUEUE)
        d->queue[(d->head + d->n++) % DTMF_IN_QUEUE] = k->key;
}

static void dtmf_close(void *h)
{
    struct dtmf_in *d = h;
    if (!d)
        return;
    if (d->capture)
        d->audio->capture_close(d->capture);
    dtmf_detector_free(d->det);
    free(d->buf);
    free(d);
}

static int dtmf_open(const char *arg, void **out, char *err, size_t errlen)
{
    *out = NULL;
    struct dtmf_in *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "audioleaf: out of memory");
        return INPUT_ENOMEM;
    }
    char why[512];
    d->audio = module_get("portaudio", AUDIO_MODULE_ABI, why, sizeof why);
    if (!d->audio ||
        d->audio->capture_open(arg, DTMF_IN_RATE, &d->capture, &d->rate, why, sizeof why) != 0) {
        snprintf(err, errlen, "audioleaf: no DTMF input: %s%s%s", why, arg ? " " : "",
                 arg ? arg : "");
        dtmf_close(d);
        return INPUT_EOPEN;
    }
    d->t_start = now();
    d->buf_frames = (size_t)d->rate * DTMF_IN_MAX_READ_MS / 1000;
    d->buf = malloc(d->buf_frames * sizeof *d->buf);
    int rc = d->buf ? dtmf_detector_new(d->rate, NULL, keep_key, d, &d->det) : DTMF_ENOMEM;
    if (rc) {
        snprintf(err, errlen, "audioleaf: DTMF input: %s", dtmf_strerror(rc));
        dtmf_close(d);
        return rc == DTMF_ENOMEM ? INPUT_ENOMEM : INPUT_EOPEN;
    }
    *out = d;
    return INPUT_OK;
}

static int pop_key(struct dtmf_in *d, struct input_event *ev)
{
    if (d->n == 0)
        return 0;
    ev->kind = INPUT_KEY;
    ev->key[0] = d->queue[d->head];
    ev->key[1] = '\0';
    d->head = (d->head + 1) % DTMF_IN_QUEUE;
    d->n--;
    return 1;
}

static int dtmf_next(void *h, int timeout_ms, struct input_event *ev)
{
    struct dtmf_in *d = h;
    memset(ev, 0, sizeof *ev);
    /* The frames we may wait for; what is already captured is read in any case. */
    long budget = timeout_ms < 0 ? -1 : (long)timeout_ms * d->rate / 1000;
    double deadline = now() + (timeout_ms < 0 ? 1e9 : timeout_ms / 1000.0);
    while (!pop_key(d, ev)) {
        double early = ahead(d) - 0.02;
        if (early > 0) {
            double left = deadline - now();
            if (left <= 0)
                return INPUT_OK;
            double nap = early < left ? early : left;
            struct timespec ts = {(time_t)nap, (long)((nap - (double)(time_t)nap) * 1e9)};
            nanosleep(&ts, NULL);
            continue;
        }
        long avail = d->audio->capture_available(d->capture);
        if (avail < 0)
            return INPUT_EIO;
        unsigned long n = (unsigned long)avail;
        if (n == 0) {
            if (budget == 0)
                return INPUT_OK; /* INPUT_NONE: nothing heard in time */
            /* Wait for 10 ms of sound (or what is left of the budget). */
            n = (unsigned long)d->rate / 100;
            if (budget > 0 && (unsigned long)budget < n)
                n = (unsigned long)budget;
        }
        if (n > d->buf_frames)
            n = d->buf_frames;
        if (d->audio->capture_read(d->capture, d->buf, n) != 0)
            return INPUT_EIO;
        d->frames += n;
        if (dtmf_detector_feed(d->det, d->buf, n) != DTMF_OK)
            return INPUT_EIO;
        if (budget > 0)
            budget = (unsigned long)budget > n ? budget - (long)n : 0;
        else if (budget == 0 && d->n == 0)
            return INPUT_OK;
    }
    return INPUT_OK;
}

const struct input_source input_dtmf = {
    .name = "dtmf",
    .open = dtmf_open,
    .next = dtmf_next,
    .close = dtmf_close,
};
