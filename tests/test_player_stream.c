/* test_player_stream: a unit not in the cache starts playing before it is rendered: with
 * the render thread slowed down (a test hook standing for a slow device), the first
 * half second is played and the session left long before the unit's render could end;
 * no half entry is left in the cache; played to the end, the recording holds the whole
 * entry sample for sample; a move by sentences pressed while the unit renders is carried
 * out once its sentences are known; a speed change stops the render at the old speed. */
#include <dirent.h>
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
#define DELAY 0.01 /* seconds the render thread sleeps after each piece of audio */

/* One long section (our own words), about 40 s of speech. */
static const char leaflet_text[] =
    "# Looking after your liver at home\n\n"
    "The liver is a large organ that sits under the ribs on the right side of the body. "
    "It cleans the blood, stores energy and helps the body digest the food you eat. "
    "Small spots of calcium can sometimes be seen in the liver on a scan. "
    "Most of the time these spots cause no trouble at all and need no treatment. "
    "Your doctor may still want to find out why they formed, to be sure. "
    "You might be asked to have a blood test, or another scan some months later. "
    "Bring a list of your medicines to every appointment you go to. "
    "Tell the team about any recent travel, fever or pain in your belly. "
    "If you notice yellow skin or eyes, call your doctor on the same day. "
    "Write down any questions you have so that you remember to ask them.\n";

/* Play PATH with KEYS, slowed, into REC; returns the player_status and the wall time. */
static int play(const char *path, const char *keys, const char *rec, const char *cache,
                double *seconds)
{
    struct player_options opt = {.keys = keys, .record = rec, .device = "null",
                                 .cache_dir = cache, .quiet = 1, .no_resume = 1,
                                 .test_chunk_delay = DELAY, .t0 = player_now()};
    struct player_result res;
    int rc = player_run(&opt, path, &res);
    *seconds = player_now() - opt.t0;
    return rc;
}

/* Files in DIR whose names start with PREFIX. */
static int count_files(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += !strncmp(e->d_name, prefix, strlen(prefix));
    if (d)
        closedir(d);
    return n;
}

int main(void)
{
    char dir[] = "/tmp/test_player_stream_XXXXXX", path[600], cold1[600], cold2[600];
    char cold3[600], rec[600];
    if (player_test_dir(dir, NULL, rec, sizeof rec) != 0)
        return 1;
    snprintf(path, sizeof path, "%s/liver.txt", dir);
    snprintf(cold1, sizeof cold1, "%s/cold1", dir);
    snprintf(cold2, sizeof cold2, "%s/cold2", dir);
    snprintf(cold3, sizeof cold3, "%s/cold3", dir);
    FILE *f = fopen(path, "w");
    if (!f || fputs(leaflet_text, f) < 0 || fclose(f) != 0) {
        perror(path);
        return 1;
    }
    struct cache *c = NULL;
    struct cache_entry e = {0};
    struct wav_data unit = {0}, r = {0};
    struct spoken sp;
    char err[1200];
    int ok = spoken_open(path, NULL, NULL, &sp, err, sizeof err) == SPOKEN_OK;
    if (!ok)
        fprintf(stderr, "%s\n", err);
    const struct speech_script *sc = sp.script;
    const struct voice_profile *vp = &sp.voice;
    ok = ok && sc->n_units >= 1;
    CHECK(ok);
    if (!ok)
        goto out;

    /* Cold cache, slowed engine: a second or so of the unit, then quit (the wait starts
     * before the first sound: it may pass partly as silence). */
    double t_quit = 0, t_full = 0, t_nav = 0;
    CHECK(play(path, "wait=1.5 q", rec, cold1, &t_quit) == PLAYER_OK);
    CHECK(wav_read(rec, &r) == 0 && r.n_frames >= RATE / 2);
    size_t sound = 0;
    for (size_t i = 0; i < r.n_frames; i++)
        sound += r.samples[i] != 0;
    CHECK(sound > RATE); /* more than a second of the unit was played */
    /* The render was stopped: no entry, no temp file under the unit's key. */
    CHECK(cache_open(cold1, &c) == 0);
    CHECK(c && cache_lookup(c, vp, sc->units[0].text, &e) == CACHE_EMISS);
    CHECK(count_files(cold1, ".tmp-") == 0);
    cache_entry_clear(&e);
    cache_close(c);
    c = NULL;

    /* Cold cache, slowed engine, played to the end: the whole unit, as the cache has it. */
    struct wav_data whole = {0};
    CHECK(play(path, "wait=0.1", rec, cold2, &t_full) == PLAYER_OK);
    CHECK(wav_read(rec, &whole) == 0);
    CHECK(cache_open(cold2, &c) == 0);
    CHECK(c && cache_fetch(c, vp, sc->units[0].text, &e) == CACHE_OK && e.cached == 1);
    CHECK(wav_read(e.path, &unit) == 0 && unit.n_frames > 20 * RATE);
    long a =
        unit.n_frames ? find_samples(whole.samples, whole.n_frames, unit.samples, RATE, 0) : -1;
    CHECK(a >= 0 && (size_t)a + unit.n_frames <= whole.n_frames &&
          !memcmp(whole.samples + a, unit.samples, unit.n_frames * sizeof *unit.samples));
    /* Rendering the unit takes about (pieces of audio) x DELAY; the quick run must not
     * have waited for it. */
    fprintf(stderr, "test_player_stream: 1.5 s of output then quit: %.2f s; whole unit: %.2f s\n",
            t_quit, t_full);
    CHECK(t_full > 1.0 && t_quit < t_full / 3);
    wav_data_free(&whole);

    /* 9 (faster) while the unit renders: the render at the old speed is stopped, the unit
     * plays at the new speed as it renders, and quitting comes long before either whole
     * render could have ended. */
    double t_rate = 0;
    CHECK(play(path, "wait=0.5 9 wait=1.5 q", rec, cold1, &t_rate) == PLAYER_OK);
    fprintf(stderr, "test_player_stream: a speed change while rendering, then quit: %.2f s\n",
            t_rate);
    CHECK(t_rate < t_full / 2);

    /* 8 8 (sentences) and 6 one second in, while the unit renders, then to the end: the
     * second sentence is played as soon as it is known, once (not again when the whole
     * unit is rendered).  eSpeak NG's noise differs between syntheses in one process, so
     * this run is checked against its own cache entry. */
    CHECK(play(path, "wait=1 8 8 6", rec, cold3, &t_nav) == PLAYER_OK);
    wav_data_free(&r);
    wav_data_free(&unit);
    cache_entry_clear(&e);
    cache_close(c);
    c = NULL;
    CHECK(wav_read(rec, &r) == 0);
    CHECK(cache_open(cold3, &c) == 0);
    CHECK(c && cache_fetch(c, vp, sc->units[0].text, &e) == CACHE_OK && e.cached == 1);
    CHECK(wav_read(e.path, &unit) == 0 && unit.n_marks >= 3 &&
          unit.marks[1].frame > RATE + RATE / 2);
    if (unit.n_marks >= 3 && r.n_frames > 0) {
        size_t m1 = unit.marks[1].frame;
        long at = find_samples(r.samples, r.n_frames, unit.samples + m1, RATE / 2, 0);
        CHECK(at > RATE); /* after the first second and the level announcements */
        CHECK(at < 0 || find_samples(r.samples, r.n_frames, unit.samples + m1, RATE / 2,
                                     (size_t)at + 1) < 0);
        /* ... and from there on the rest of the unit, sample for sample. */
        CHECK(
            at > 0 && (size_t)at + unit.n_frames - m1 <= r.n_frames &&
            !memcmp(r.samples + at, unit.samples + m1, (unit.n_frames - m1) * sizeof *r.samples));
    }
out:
    wav_data_free(&unit);
    wav_data_free(&r);
    cache_entry_clear(&e);
    cache_close(c);
    spoken_close(&sp);
    tmpdir_remove(dir);
    if (failures) {
        fprintf(stderr, "test_player_stream: %d failures\n", failures);
        return 1;
    }
    printf("test_player_stream: ok\n");
    return 0;
}
