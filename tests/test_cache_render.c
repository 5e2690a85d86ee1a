/* test_cache_render: render_jobs() fills the cache with worker processes, returns results
 * in job order whatever order workers finish in, and a fully cached run neither forks
 * work out nor starts the engine; entries unchanged since their last full check are not
 * read again, unless RENDER_VERIFY, and a damaged one is. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "render.h"
#include "wav.h"
#include "check.h"
#include "test_voice.h"
#include "engine_env.h"

static void rm_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char p[1400];
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* Replace the frame count recorded for KEY in DIR/checked by FRAMES.  Returns 0 or -1. */
static int forge_checked(const char *dir, const char *key, size_t frames)
{
    char path[1100], line[512], *out = calloc(1, 1 << 20);
    snprintf(path, sizeof path, "%s/checked", dir);
    FILE *f = fopen(path, "r");
    size_t len = 0;
    int found = 0;
    while (f && out && fgets(line, sizeof line, f)) {
        if (!strncmp(line, key, 64)) {
            /* key dev ino size mtime ctime FRAMES rate */
            char *p = line;
            for (int field = 0; field < 6 && p; field++)
                p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
            char *rate = p ? strchr(p, ' ') : NULL;
            if (rate) {
                len += (size_t)snprintf(out + len, (1 << 20) - len, "%.*s%zu%s", (int)(p - line),
                                        line, frames, rate);
                found = 1;
                continue;
            }
        }
        len += (size_t)snprintf(out + len, (1 << 20) - len, "%s", line);
    }
    if (f)
        fclose(f);
    f = found ? fopen(path, "w") : NULL;
    int ok = f && fwrite(out, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    free(out);
    return ok ? 0 : -1;
}

/* 1 when DIR/checked has a line for KEY. */
static int is_checked(const char *dir, const char *key)
{
    char path[1100], line[512];
    snprintf(path, sizeof path, "%s/checked", dir);
    FILE *f = fopen(path, "r");
    int yes = 0;
    while (f && !yes && fgets(line, sizeof line, f))
        yes = !strncmp(line, key, 64);
    if (f)
        fclose(f);
    return yes;
}

int main(void)
{
    char dir[] = "/tmp/audioleaf-test-render-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    struct cache *c;
    /* Skipped only when the machine lacks the engine; the product failing is a failure. */
    const char *missing = engine_env_missing();
    if (missing) {
        fprintf(stderr, "test_cache_render: skipped: %s\n", missing);
        rm_dir(dir);
        return 77;
    }
    int open_rc = cache_open(dir, &c);
    if (open_rc != CACHE_OK) {
        fprintf(stderr, "test_cache_render: cache_open failed (%d) though eSpeak NG is installed\n",
                open_rc);
        rm_dir(dir);
        return 1;
    }
    struct voice_profile v = test_voice(175, NULL);
    /* Lengths differ a lot, so workers finish out of order. */
    const char *texts[] = {
        "One long unit with several sentences. It goes on for a while. And then some more "
        "words follow, so that this one takes the longest of them all to speak.",
        "Two.",
        "Three is short.",
        "Four. Five.",
        "Two.", /* the same text as job 1: the same entry */
        "Six, seven, eight, nine, ten.",
    };
    enum { N = sizeof texts / sizeof texts[0] };
    struct render_job jobs[N];
    struct render_result res[N], again[N];
    for (size_t i = 0; i < N; i++)
        jobs[i] = (struct render_job){&v, texts[i]};

    CHECK(render_jobs(c, jobs, N, 3, 0, res) == RENDER_OK);
    /* Workers rendered; this process did not start an engine. */
    CHECK(cache_engine_started(c) == 0);
    for (size_t i = 0; i < N; i++) {
        CHECK(res[i].status == CACHE_OK);
        CHECK(res[i].rate == 22050);
        struct wav_data w;
        CHECK(wav_read(res[i].path, &w) == WAV_OK);
        CHECK(w.verified && w.n_frames == res[i].n_frames);
        wav_data_free(&w);
    }
    CHECK(!strcmp(res[1].path, res[4].path));
    CHECK(res[0].n_frames > 3 * res[1].n_frames);
    CHECK(res[5].n_frames > res[2].n_frames);
    /* Each result belongs to its own job: the entry of that job's text. */
    for (size_t i = 0; i < N; i++) {
        struct cache_entry e;
        CHECK(cache_lookup(c, &v, texts[i], &e) == CACHE_OK);
        CHECK(!strcmp(e.path, res[i].path));
        cache_entry_clear(&e);
    }

    /* All cached now: checked in this process, still no engine. */
    CHECK(render_jobs(c, jobs, N, 0, 0, again) == RENDER_OK);
    for (size_t i = 0; i < N; i++) {
        CHECK(again[i].status == CACHE_OK && again[i].cached == 1);
        CHECK(!strcmp(again[i].path, res[i].path) && again[i].n_frames == res[i].n_frames);
    }
    CHECK(cache_engine_started(c) == 0);

    /* Two entries removed: only they are rendered again, by two workers. */
    unlink(res[3].path);
    unlink(res[5].path);
    CHECK(render_jobs(c, jobs, N, 2, 0, again) == RENDER_OK);
    for (size_t i = 0; i < N; i++)
        CHECK(again[i].cached == (i != 3 && i != 5));
    CHECK(cache_engine_started(c) == 0);

    /* In this process (one job): the engine starts here. */
    unlink(res[2].path);
    CHECK(render_jobs(c, jobs, N, 1, 0, again) == RENDER_OK);
    CHECK(again[2].cached == 0 && again[2].status == CACHE_OK);
    CHECK(cache_engine_started(c) == 1);

    /* No jobs at all. */
    CHECK(render_jobs(c, jobs, 0, 2, 0, again) == RENDER_OK);
    cache_close(c);

    /* Entries just written are not remembered as checked (a write in the same timestamp
     * tick would not show); once older, a render checks them in full and remembers. */
    char keys[N][65];
    for (size_t i = 0; i < N; i++)
        snprintf(keys[i], sizeof keys[i], "%.64s", strrchr(res[i].path, '/') + 1);
    CHECK(!is_checked(dir, keys[2])); /* rendered a moment ago */
    sleep(3);
    CHECK(cache_open(dir, &c) == CACHE_OK);
    CHECK(render_jobs(c, jobs, N, 2, 0, again) == RENDER_OK);
    cache_close(c);
    size_t frames[N];
    for (size_t i = 0; i < N; i++) {
        struct wav_data w;
        CHECK(wav_read(res[i].path, &w) == WAV_OK);
        frames[i] = w.n_frames;
        wav_data_free(&w);
        CHECK(again[i].cached == 1 && again[i].n_frames == frames[i]);
        CHECK(is_checked(dir, keys[i]));
    }

    /* Remembered and unchanged: not read again.  A forged frame count in DIR/checked shows
     * that job 0 came from the record, not from its file; RENDER_VERIFY reads the file. */
    CHECK(forge_checked(dir, keys[0], 12345) == 0);
    CHECK(cache_open(dir, &c) == CACHE_OK);
    CHECK(render_jobs(c, jobs, N, 2, 0, again) == RENDER_OK);
    CHECK(again[0].cached == 1 && again[0].n_frames == 12345);
    CHECK(again[3].cached == 1 && again[3].n_frames == frames[3]);
    CHECK(render_jobs(c, jobs, N, 2, RENDER_VERIFY, again) == RENDER_OK);
    CHECK(again[0].cached == 1 && again[0].n_frames == frames[0]);
    cache_close(c);

    /* An entry damaged after its check (same size, mtime put back): its ctime changed, so
     * it is read, found damaged and rendered again. */
    struct stat st;
    CHECK(stat(res[5].path, &st) == 0);
    FILE *f = fopen(res[5].path, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, st.st_size / 2, SEEK_SET);
        int ch = fgetc(f);
        fseek(f, st.st_size / 2, SEEK_SET);
        fputc(ch ^ 0x55, f);
        fclose(f);
    }
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    CHECK(utimensat(AT_FDCWD, res[5].path, times, 0) == 0);
    CHECK(cache_open(dir, &c) == CACHE_OK);
    CHECK(render_jobs(c, jobs, N, 1, 0, again) == RENDER_OK);
    CHECK(again[5].status == CACHE_OK && again[5].cached == 0);
    for (size_t i = 0; i < N; i++)
        CHECK(i == 5 || again[i].cached == 1);
    struct wav_data w;
    CHECK(wav_read(res[5].path, &w) == WAV_OK && w.verified);
    wav_data_free(&w);

    cache_close(c);
    rm_dir(dir);
    if (failures)
        fprintf(stderr, "test_cache_render: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
