/* dtmf: finds the keys of DTMF tones in audio of any sample rate, with spandsp's
 * ITU-T Q.23/Q.24 receiver (the tone receiver module, dtmf_module.h) behind a soxr
 * resampler to 8 kHz. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <soxr.h>

#include "dtmf.h"
#include "dtmf_module.h"
#include "wav.h"

enum {
    DTMF_RATE = 8000,   /* the receiver's rate */
    DTMF_BLOCK = 102,   /* spandsp's analysis block at 8 kHz (12.75 ms) */
    DTMF_CHUNK = 4096,  /* resampler output handled at a time */
};

/* Pole of the DC blocker ahead of the receiver (spandsp is not tolerant of DC):
 * about 6 Hz at 8 kHz. */
#define DTMF_DC_POLE 0.995f

struct dtmf_detector {
    soxr_t soxr;                  /* NULL when the input is already at 8 kHz */
    const struct dtmf_module *m;  /* the receiver's module */
    void *rx;
    dtmf_key_fn on_key;
    void *user;
    float dc_x1, dc_y1;           /* DC blocker state */
    int16_t block[DTMF_BLOCK];    /* samples waiting to make a whole analysis block */
    size_t n_block;
    uint64_t n_done;              /* 8 kHz samples handed to the receiver */
    char last_key;                /* the last key reported by the receiver, 0 for none */
    char ended;                   /* that key when its end has been reported since, else 0 */
    float out[DTMF_CHUNK];        /* resampler output */
    float in[DTMF_CHUNK];         /* input converted to float */
    int finished;
};

void dtmf_params_default(struct dtmf_params *p)
{
    p->normal_twist_db = 8;
    p->reverse_twist_db = 8;
    p->threshold_dbm0 = -42;
    p->filter_dialtone = 0;
}

/* spandsp's real-time report: CODE is the key now confirmed, or 0 when it ends;
 * DURATION is the 8 kHz samples since the previous report (at a start: the gap). */
static void on_tone(void *user, int code, int level, int duration)
{
    struct dtmf_detector *d = user;
    (void)level;
    if (code == 0) {
        d->ended = d->last_key;
        return;
    }
    /* A break of at most two blocks between two reports of the same key is a dropout
     * inside one tone (Q.24 asks for breaks of about 10 ms to be bridged); a gap
     * between two presses of a key is at least three blocks long at 40 ms. */
    int dropout = code == d->ended && duration <= 2 * DTMF_BLOCK;
    d->last_key = (char)code;
    d->ended = 0;
    if (dropout || !d->on_key)
        return;
    /* Confirmed at the end of the second agreeing block: the tone began about two
     * blocks before the samples handed over so far. */
    uint64_t start = d->n_done > 2 * DTMF_BLOCK ? d->n_done - 2 * DTMF_BLOCK : 0;
    struct dtmf_key k = {.key = (char)code, .time = (double)start / DTMF_RATE};
    d->on_key(d->user, &k);
}

int dtmf_detector_new(int rate, const struct dtmf_params *p, dtmf_key_fn on_key, void *user,
                      struct dtmf_detector **out)
{
    struct dtmf_params def;
    *out = NULL;
    if (rate < 4000 || rate > 384000)
        return DTMF_ERATE;
    if (!p) {
        dtmf_params_default(&def);
        p = &def;
    }
    struct dtmf_detector *d = calloc(1, sizeof *d);
    if (!d)
        return DTMF_ENOMEM;
    d->on_key = on_key;
    d->user = user;
    char why[512];
    d->m = module_get("spandsp", DTMF_MODULE_ABI, why, sizeof why);
    if (!d->m) {
        free(d);
        return DTMF_EMODULE;
    }
    d->rx = d->m->rx_new(p, on_tone, d);
    if (!d->rx) {
        free(d);
        return DTMF_ENOMEM;
    }
    if (rate != DTMF_RATE) {
        soxr_error_t err = NULL;
        soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
        soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
        d->soxr = soxr_create((double)rate, DTMF_RATE, 1, &err, &io, &q, NULL);
        if (!d->soxr || err) {
            dtmf_detector_free(d);
            return DTMF_ERESAMPLE;
        }
    }
    *out = d;
    return DTMF_OK;
}

/* Remove DC from N samples at 8 kHz and hand them to the receiver in whole blocks,
 * so the position of each report is known to the sample. */
static void receive(struct dtmf_detector *d, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float y = x[i] - d->dc_x1 + DTMF_DC_POLE * d->dc_y1;
        d->dc_x1 = x[i];
        d->dc_y1 = y;
        float s = y * 32768.0f;
        if (s > 32767.0f)
            s = 32767.0f;
        if (s < -32768.0f)
            s = -32768.0f;
        d->block[d->n_block++] = (int16_t)(s < 0 ? s - 0.5f : s + 0.5f);
        if (d->n_block == DTMF_BLOCK) {
            d->n_done += DTMF_BLOCK;
            d->m->rx(d->rx, d->block, DTMF_BLOCK);
            d->n_block = 0;
        }
    }
}

/* Resample N float samples (N may be 0 with IN NULL to drain) and receive them. */
static int resample(struct dtmf_detector *d, const float *in, size_t n)
{
    size_t used = 0;
    for (;;) {
        size_t idone = 0, odone = 0;
        soxr_error_t err = soxr_process(d->soxr, in ? in + used : NULL, in ? n - used : 0,
                                        &idone, d->out, DTMF_CHUNK, &odone);
        if (err)
            return DTMF_ERESAMPLE;
        used += idone;
        receive(d, d->out, odone);
        if (in && used >= n)
            return DTMF_OK;
        if (!in && odone == 0)
            return DTMF_OK;
    }
}

int dtmf_detector_feed_float(struct dtmf_detector *d, const float *samples, size_t n)
{
    if (d->finished)
        return DTMF_EFINISHED;
    if (d->soxr)
        return resample(d, samples, n);
    receive(d, samples, n);
    return DTMF_OK;
}

int dtmf_detector_feed(struct dtmf_detector *d, const int16_t *samples, size_t n)
{
    while (n > 0) {
        size_t m = n < DTMF_CHUNK ? n : DTMF_CHUNK;
        for (size_t i = 0; i < m; i++)
            d->in[i] = (float)samples[i] / 32768.0f;
        int rc = dtmf_detector_feed_float(d, d->in, m);
        if (rc)
            return rc;
        samples += m;
        n -= m;
    }
    return d->finished ? DTMF_EFINISHED : DTMF_OK;
}

int dtmf_detector_finish(struct dtmf_detector *d)
{
    if (d->finished)
        return DTMF_OK;
    d->finished = 1;
    if (d->soxr)
        return resample(d, NULL, 0);
    return DTMF_OK;
}

void dtmf_detector_free(struct dtmf_detector *d)
{
    if (!d)
        return;
    if (d->soxr)
        soxr_delete(d->soxr);
    if (d->rx)
        d->m->rx_free(d->rx);
    free(d);
}

void dtmf_keys_clear(struct dtmf_keys *k)
{
    free(k->keys);
    memset(k, 0, sizeof *k);
}

void dtmf_keys_append(void *user, const struct dtmf_key *key)
{
    struct dtmf_keys *k = user;
    if (k->n == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 16;
        struct dtmf_key *p = realloc(k->keys, cap * sizeof *p);
        if (!p) {
            k->failed = 1;
            return;
        }
        k->keys = p;
        k->cap = cap;
    }
    k->keys[k->n++] = *key;
}

int dtmf_find_in_samples(const int16_t *samples, size_t n, int rate,
                         const struct dtmf_params *p, struct dtmf_keys *out)
{
    struct dtmf_detector *d;
    int rc = dtmf_detector_new(rate, p, dtmf_keys_append, out, &d);
    if (rc)
        return rc;
    rc = dtmf_detector_feed(d, samples, n);
    if (!rc)
        rc = dtmf_detector_finish(d);
    dtmf_detector_free(d);
    if (!rc && out->failed)
        rc = DTMF_ENOMEM;
    if (rc)
        dtmf_keys_clear(out);
    return rc;
}

int dtmf_find_in_file(const char *path, const struct dtmf_params *p, struct dtmf_keys *out,
                      char *err, size_t errlen)
{
    struct wav_stream *ws;
    int rate = 0, channels = 0;
    int rc = wav_stream_open(path, &ws, &rate, &channels);
    if (rc) {
        struct stat st;
        int file = stat(path, &st) != 0 || S_ISREG(st.st_mode);
        snprintf(err, errlen, "%s: %s", path,
                 rc == WAV_EIO      ? strerror(errno)
                 : rc == WAV_ENOMEM ? "out of memory"
                 : !file            ? "not a regular file"
                                    : dtmf_strerror(DTMF_EFORMAT));
        return rc == WAV_ENOMEM ? DTMF_ENOMEM : rc == WAV_EIO ? DTMF_EIO : DTMF_EFORMAT;
    }
    struct dtmf_detector *d;
    rc = dtmf_detector_new(rate, p, dtmf_keys_append, out, &d);
    float *block = rc ? NULL : malloc(DTMF_CHUNK * sizeof *block);
    if (!rc && !block)
        rc = DTMF_ENOMEM;
    /* In blocks: a recording of any length takes the same little memory. */
    while (!rc) {
        long n = wav_stream_read(ws, block, DTMF_CHUNK);
        if (n < 0) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            rc = DTMF_EIO;
            break;
        }
        if (n == 0) {
            rc = dtmf_detector_finish(d);
            break;
        }
        rc = dtmf_detector_feed_float(d, block, (size_t)n);
    }
    if (!rc && out->failed)
        rc = DTMF_ENOMEM;
    if (rc && rc != DTMF_EIO)
        snprintf(err, errlen, "%s: %s (%d Hz)", path, dtmf_strerror(rc), rate);
    if (rc)
        dtmf_keys_clear(out);
    free(block);
    dtmf_detector_free(d);
    wav_stream_close(ws);
    return rc;
}

const char *dtmf_strerror(int status)
{
    switch (status) {
    case DTMF_OK:
        return "success";
    case DTMF_ENOMEM:
        return "out of memory";
    case DTMF_ERATE:
        return "unsupported sample rate";
    case DTMF_ERESAMPLE:
        return "resampling failed";
    case DTMF_EIO:
        return "cannot read the recording";
    case DTMF_EFORMAT:
        return "not an audio file libsndfile can read (WAV PCM, float, G.711, ...)";
    case DTMF_EFINISHED:
        return "audio after the end";
    case DTMF_EMODULE:
        return "the tone receiver module audioleaf-spandsp.so cannot be loaded (is audioleaf "
               "installed whole? AUDIOLEAF_MODULES names its folder)";
    default:
        return "unknown DTMF error";
    }
}
