/* test_out_fault: the player on a fault-injecting output back end that stops pulling
 * for a while (a sound card unplugged until the PortAudio watchdog reopens it) and then
 * goes on: the player must not end, must not skip or restart, and must go on from the
 * frame where the output stopped.  (The real PortAudio path: tests/e2e_kiosk_audio.sh.) */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "out.h"
#include "player.h"
#include "player_run.h"
#include "wav.h"
#include "check.h"
#include "samples.h"
#include "spoken.h"
#include "tmpdir.h"

#define RATE 22050
#define OUTAGE_AT (RATE * 3 / 2) /* frames pulled before the "unplug" */
#define OUTAGE_S 1.5             /* seconds without pulls */

struct fault {
    out_pull_fn pull;
    void *ctx;
    size_t fpb;
    pthread_t th;
    atomic_int stop;
    atomic_size_t pulled;
    atomic_int outages; /* how many times it stopped pulling */
};

static void nap(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

/* Pulls at twice the pace of a sound card, except for OUTAGE_S seconds once OUTAGE_AT
 * frames have gone. */
static void *run(void *arg)
{
    struct fault *f = arg;
    int16_t *buf = calloc(f->fpb, sizeof *buf);
    while (buf && !atomic_load(&f->stop)) {
        size_t done = atomic_load(&f->pulled);
        if (done >= OUTAGE_AT && atomic_load(&f->outages) == 0) {
            atomic_store(&f->outages, 1);
            nap(OUTAGE_S);
            continue;
        }
        f->pull(f->ctx, buf, f->fpb);
        atomic_store(&f->pulled, done + f->fpb);
        nap((double)f->fpb / RATE / 2);
    }
    free(buf);
    return NULL;
}

static int fault_open(const char *device, int rate, size_t fpb, out_pull_fn pull, void *ctx,
                      void **out, char *err, size_t errlen)
{
    (void)device;
    (void)err;
    (void)errlen;
    if (rate != RATE)
        return OUT_EOPEN;
    struct fault *f = calloc(1, sizeof *f);
    if (!f)
        return OUT_ENOMEM;
    f->pull = pull;
    f->ctx = ctx;
    f->fpb = fpb ? fpb : 256;
    if (pthread_create(&f->th, NULL, run, f) != 0) {
        free(f);
        return OUT_ENOMEM;
    }
    *out = f;
    return OUT_OK;
}

static struct fault *last; /* the test's one output, for its counters */

static int fault_open_keep(const char *device, int rate, size_t fpb, out_pull_fn pull,
                           void *ctx, void **out, char *err, size_t errlen)
{
    int rc = fault_open(device, rate, fpb, pull, ctx, out, err, errlen);
    if (rc == OUT_OK)
        last = *out;
    return rc;
}

static void fault_close(void *h)
{
    struct fault *f = h;
    if (!f)
        return;
    atomic_store(&f->stop, 1);
    pthread_join(f->th, NULL);
    if (last == f)
        last = NULL;
    free(f);
}

static const struct out_backend out_fault = {
    .name = "fault",
    .open = fault_open_keep,
    .close = fault_close,
};

int main(void)
{
    char path[1024], dir[] = "/tmp/test_out_fault_XXXXXX", cache[1100], rec[1100];
    if (player_test_leaflet(path, sizeof path) != 0)
        return 77;
    if (player_test_dir(dir, cache, rec, sizeof cache) != 0)
        return 1;

    /* Section 1 as the cache has it. */
    struct cache *c = NULL;
    struct cache_entry e1 = {0};
    struct wav_data s1 = {0}, r = {0};
    struct spoken sp;
    char serr[1200];
    int ok = spoken_open(path, NULL, NULL, &sp, serr, sizeof serr) == SPOKEN_OK;
    if (!ok)
        fprintf(stderr, "%s\n", serr);
    const struct speech_script *sc = sp.script;
    const struct voice_profile *vp = &sp.voice;
    ok = ok && sc->n_units > 1 &&
         cache_open(cache, &c) == 0 && cache_fetch(c, vp, sc->units[0].text, &e1) == 0 &&
         wav_read(e1.path, &s1) == 0 && s1.n_frames > 4 * RATE;
    CHECK(ok);
    if (!ok)
        goto out;

    /* 3 s of output time; the output is gone for 1.5 s after 1.5 s of it. */
    struct player_options opt = {0};
    opt.keys = "wait=3 q";
    opt.record = rec;
    opt.out = &out_fault;
    opt.cache_dir = cache;
    opt.quiet = 1;
    opt.no_resume = 1;
    opt.t0 = player_now();
    struct player *p = NULL;
    char err[1200] = "";
    struct player_result res = {0};
    double t0 = player_now();
    int rc = player_open(&opt, &p, err, sizeof err);
    CHECK(rc == PLAYER_OK);
    if (rc == PLAYER_OK) {
        rc = player_play(p, path, NULL, &res, err, sizeof err);
        CHECK(rc == PLAYER_OK && res.quit == 1);
        CHECK(last && atomic_load(&last->outages) == 1);
        CHECK(player_close(p) == PLAYER_OK);
    } else {
        fprintf(stderr, "player_open: %s\n", err);
    }
    double took = player_now() - t0;
    /* The outage was waited out (the script's waits count output time, not the clock). */
    CHECK(took >= OUTAGE_S);

    /* The recording: s1 from its start, 3 s of it without a gap, skip or restart. */
    CHECK(wav_read(rec, &r) == 0);
    long a = find_samples(r.samples, r.n_frames, s1.samples, RATE / 2, 0);
    CHECK(a >= 0);
    if (a >= 0) {
        size_t n = 3 * RATE - (size_t)a - RATE / 10; /* what the script's 3 s hold of s1 */
        CHECK((size_t)a + n <= r.n_frames &&
              !memcmp(r.samples + a, s1.samples, n * sizeof *r.samples));
    }
    printf("test_out_fault: outage of %.1f s after %.2f s of output; run took %.2f s\n",
           OUTAGE_S, (double)OUTAGE_AT / RATE, took);
    wav_data_free(&r);
out:
    wav_data_free(&s1);
    cache_entry_clear(&e1);
    cache_close(c);
    spoken_close(&sp);
    tmpdir_remove(dir);
    if (failures) {
        fprintf(stderr, "test_out_fault: %d failures\n", failures);
        return 1;
    }
    return 0;
}
