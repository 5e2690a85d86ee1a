/* out_file: the --record WAV writer (libsndfile, streaming, temp file + rename) and the
 * null output back end that pulls frames without a sound card. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sndfile.h>

#include "out.h"

struct out_file {
    SNDFILE *sf;
    char path[1024];
    char tmp[1100];
};

int out_file_open(const char *path, int rate, struct out_file **out, char *err, size_t errlen)
{
    struct out_file *f = calloc(1, sizeof *f);
    if (!f)
        return OUT_ENOMEM;
    snprintf(f->path, sizeof f->path, "%s", path);
    snprintf(f->tmp, sizeof f->tmp, "%s.tmp", path);
    SF_INFO info = {.samplerate = rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    f->sf = sf_open(f->tmp, SFM_WRITE, &info);
    if (!f->sf) {
        if (err && errlen)
            snprintf(err, errlen, "audioleaf play: cannot write %s: %s", f->tmp,
                     sf_strerror(NULL));
        free(f);
        return OUT_EIO;
    }
    *out = f;
    return OUT_OK;
}

int out_file_write(struct out_file *f, const int16_t *samples, size_t n)
{
    if (n == 0)
        return OUT_OK;
    sf_count_t w = sf_write_short(f->sf, samples, (sf_count_t)n);
    return w == (sf_count_t)n ? OUT_OK : OUT_EIO;
}

int out_file_close(struct out_file *f, int keep)
{
    if (!f)
        return OUT_OK;
    int rc = OUT_OK;
    if (sf_close(f->sf) != 0)
        rc = OUT_EIO;
    if (keep && rc == OUT_OK) {
        if (rename(f->tmp, f->path) != 0)
            rc = OUT_EIO;
    }
    if (!keep || rc != OUT_OK)
        remove(f->tmp);
    free(f);
    return rc;
}

/* The null output: a thread pulling buffers until closed. */
struct null_out {
    pthread_t thread;
    atomic_int stop;
    out_pull_fn pull;
    void *ctx;
    size_t fpb;
    int16_t *buf;
    int realtime; /* 1: pull at the pace of a sound card */
    int rate;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *null_run(void *arg)
{
    struct null_out *o = arg;
    double t0 = now_s(), played = 0;
    while (!atomic_load(&o->stop)) {
        o->pull(o->ctx, o->buf, o->fpb);
        if (!o->realtime)
            continue;
        /* Like a sound card: a buffer every fpb / rate seconds. */
        played += (double)o->fpb / o->rate;
        double ahead = t0 + played - now_s();
        if (ahead > 0) {
            struct timespec ts = {(time_t)ahead, (long)((ahead - (double)(time_t)ahead) * 1e9)};
            nanosleep(&ts, NULL);
        }
    }
    return NULL;
}

static int null_open(const char *device, int rate, size_t frames_per_buffer, out_pull_fn pull,
                     void *ctx, void **out, char *err, size_t errlen)
{
    struct null_out *o = calloc(1, sizeof *o);
    if (!o)
        return OUT_ENOMEM;
    if (device && strcmp(device, "realtime")) {
        if (err && errlen)
            snprintf(err, errlen,
                     "audioleaf play: unknown null device '%s' (use null or "
                     "null:realtime)",
                     device);
        free(o);
        return OUT_ENODEV;
    }
    o->realtime = device != NULL;
    o->rate = rate > 0 ? rate : 22050;
    o->fpb = frames_per_buffer ? frames_per_buffer : 256;
    o->buf = calloc(o->fpb, sizeof *o->buf);
    o->pull = pull;
    o->ctx = ctx;
    atomic_init(&o->stop, 0);
    if (!o->buf || pthread_create(&o->thread, NULL, null_run, o) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "audioleaf play: cannot start the null output");
        free(o->buf);
        free(o);
        return OUT_EOPEN;
    }
    *out = o;
    return OUT_OK;
}

static void null_close(void *h)
{
    struct null_out *o = h;
    if (!o)
        return;
    atomic_store(&o->stop, 1);
    pthread_join(o->thread, NULL);
    free(o->buf);
    free(o);
}

const struct out_backend out_null = {
    .name = "null",
    .open = null_open,
    .close = null_close,
};

const char *out_strerror(int status)
{
    switch (status) {
    case OUT_OK:
        return "success";
    case OUT_ENODEV:
        return "no audio output device";
    case OUT_EOPEN:
        return "cannot open the audio output";
    case OUT_ENOMEM:
        return "out of memory";
    case OUT_EIO:
        return "cannot write the recording";
    default:
        return "unknown output error";
    }
}
