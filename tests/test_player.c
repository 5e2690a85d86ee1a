/* test_player: the player in-process with the null output (no sound card): --record
 * holds exactly the frames handed to the output, script waits count output time, a
 * pause lets waits pass as silence, and the place is saved on quitting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "player.h"
#include "player_run.h"
#include "wav.h"
#include "check.h"
#include "samples.h"
#include "spoken.h"
#include "tmpdir.h"

#define RATE 22050

/* 1 when samples [FROM, TO) of A are all zero. */
static int silent(const int16_t *a, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (a[i])
            return 0;
    }
    return 1;
}

/* Play PATH with KEYS into REC through the null output; returns the player_status. */
static int play(const char *path, const char *keys, const char *rec, const char *cache,
                int no_resume)
{
    struct player_options opt = {.keys = keys, .record = rec, .device = "null",
                                 .cache_dir = cache, .quiet = 1, .no_resume = no_resume,
                                 .t0 = player_now()};
    struct player_result res;
    int rc = player_run(&opt, path, &res);
    CHECK(rc || res.quit == 1);
    return rc;
}

int main(void)
{
    char path[1024], dir[] = "/tmp/test_player_XXXXXX", cache[1100], rec[1100];
    if (player_test_leaflet(path, sizeof path) != 0)
        return 77;
    if (player_test_dir(dir, cache, rec, sizeof cache) != 0)
        return 1;

    /* The audio of s1 and s2 as the cache has it. */
    struct cache *c = NULL;
    struct cache_entry e1 = {0}, e2 = {0};
    struct wav_data s1 = {0}, s2 = {0}, r = {0};
    struct spoken sp;
    char err[1200];
    int ok = spoken_open(path, NULL, NULL, &sp, err, sizeof err) == SPOKEN_OK;
    if (!ok)
        fprintf(stderr, "%s\n", err);
    const struct speech_script *sc = sp.script;
    const struct voice_profile *vp = &sp.voice;
    ok = ok && sc->n_units > 2 && cache_open(cache, &c) == 0 &&
         cache_fetch(c, vp, sc->units[0].text, &e1) == 0 &&
         cache_fetch(c, vp, sc->units[1].text, &e2) == 0 && wav_read(e1.path, &s1) == 0 &&
         wav_read(e2.path, &s2) == 0 && s1.n_frames > 2 * RATE && s2.n_frames > 2 * RATE;
    CHECK(ok);
    if (!ok)
        goto out;

    /* 1 s of s1, then 6: 1.5 s of s2, nothing else but silence. */
    CHECK(play(path, "wait=1 6 wait=1.5 q", rec, cache, 1) == PLAYER_OK);
    CHECK(wav_read(rec, &r) == 0 && r.rate == RATE);
    long a = find_samples(r.samples, r.n_frames, s1.samples, RATE, 0);
    CHECK(a >= 0);
    if (a >= 0) {
        size_t b = (size_t)a + RATE;
        CHECK(silent(r.samples, 0, (size_t)a));
        CHECK(b + 3 * RATE / 2 <= r.n_frames &&
              !memcmp(r.samples + b, s2.samples, 3 * RATE / 2 * sizeof *r.samples));
        CHECK(silent(r.samples, b + 3 * RATE / 2, r.n_frames));
    }
    wav_data_free(&r);

    /* Paused: the wait passes as silence, then s1 again from its first sentence. */
    CHECK(play(path, "wait=0.5 0 wait=2 0 wait=0.2 q", rec, cache, 1) == PLAYER_OK);
    CHECK(wav_read(rec, &r) == 0);
    a = find_samples(r.samples, r.n_frames, s1.samples, RATE / 2, 0);
    long b =
        a >= 0 ? find_samples(r.samples, r.n_frames, s1.samples, RATE / 5, (size_t)a + 1) : -1;
    /* 0.5 s + 2 s of output time (more only if the loop stalled and the output starved). */
    CHECK(a >= 0 && b >= a + RATE / 2 + 2 * RATE && b < a + 7 * RATE / 2);
    if (b >= 0) {
        CHECK(silent(r.samples, (size_t)b - RATE / 2, (size_t)b));
        CHECK(silent(r.samples, (size_t)b + RATE / 5, r.n_frames));
    }
    wav_data_free(&r);

    /* Quitting in s2 saves the place; the next run says where it continues (the title,
     * "Continuing at section 2 of 8, ...": a few seconds of speech), then plays s2. */
    CHECK(play(path, "wait=0.3 6 wait=0.3 q", rec, cache, 0) == PLAYER_OK);
    CHECK(play(path, "wait=15 q", rec, cache, 0) == PLAYER_OK);
    CHECK(wav_read(rec, &r) == 0);
    a = find_samples(r.samples, r.n_frames, s2.samples, RATE / 2, 0);
    CHECK(a > RATE && !silent(r.samples, 0, (size_t)(a > 0 ? a : 0)));
    CHECK(find_samples(r.samples, r.n_frames, s1.samples, RATE / 2, 0) < 0);
    wav_data_free(&r);

    /* A bad script is refused before anything is opened. */
    CHECK(play(path, "wait=1 z", rec, cache, 1) == PLAYER_EINPUT);
out:
    wav_data_free(&s1);
    wav_data_free(&s2);
    cache_entry_clear(&e1);
    cache_entry_clear(&e2);
    cache_close(c);
    spoken_close(&sp);
    tmpdir_remove(dir);
    if (failures) {
        fprintf(stderr, "test_player: %d failures\n", failures);
        return 1;
    }
    printf("test_player: ok\n");
    return 0;
}
