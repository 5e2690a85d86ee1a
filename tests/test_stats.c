/* test_stats: the listening log: records are written as whole JSON lines (hour only, no
 * other time), the tracker logs skipped and finished units, and the summary counts per
 * leaflet and section, reporting damaged lines as FILE:LINE:COL without stopping. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stats.h"
#include "check.h"

static char dir[] = "/tmp/audioleaf-test-stats-XXXXXX";

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (const char *p = text; p && *p; p++)
        n += *p == '\n';
    return n;
}

static void test_format(void)
{
    struct stats_record r = {
        .leaflet = "madoa-ya-ini.txt",
        .title = "Madoa \"ya\" ini?",
        .language = "sw",
        .unit = "s7.q2",
        .heading = "Niulize maswali gani mengine?",
        .seconds = 12.345,
        .finished = 0,
        .when = 1764131999, /* 2025-11-26 04:39:59 UTC */
    };
    char *line = NULL;
    CHECK(stats_format(&r, &line) == STATS_OK);
    if (line) {
        /* Checked by hand: the hour only, seconds to a tenth, quotes escaped. */
        const char *want =
            "{\"time\":\"2025-11-26T04:00Z\",\"leaflet\":\"madoa-ya-ini.txt\","
            "\"title\":\"Madoa \\\"ya\\\" ini?\",\"language\":\"sw\",\"unit\":\"s7.q2\","
            "\"section\":\"Niulize maswali gani mengine?\",\"seconds\":12.3,"
            "\"end\":\"skipped\"}\n";
        CHECK(!strcmp(line, want));
        if (strcmp(line, want))
            fprintf(stderr, "  got  %s  want %s", line, want);
        free(line);
    }
    r.unit = NULL;
    CHECK(stats_format(&r, &line) == STATS_EINVAL && line == NULL);
    r.unit = "s1";
    r.leaflet = "";
    CHECK(stats_format(&r, &line) == STATS_EINVAL);
}

static void test_append_and_path(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/state/audioleaf/listening.jsonl", dir);
    char state[512];
    snprintf(state, sizeof state, "%s/state", dir);
    setenv("XDG_STATE_HOME", state, 1);
    char got[512];
    CHECK(stats_log_path(got, sizeof got) == STATS_OK && !strcmp(got, path));
    CHECK(stats_log_path(got, 10) == STATS_ENOMEM);
    setenv("XDG_STATE_HOME", "relative", 1);
    setenv("HOME", "/home/x", 1);
    CHECK(stats_log_path(got, sizeof got) == STATS_OK &&
          !strcmp(got, "/home/x/.local/state/audioleaf/listening.jsonl"));
    setenv("XDG_STATE_HOME", state, 1);

    struct stats_record r = {.leaflet = "a.txt",
                             .title = "A",
                             .unit = "s1",
                             .seconds = 2,
                             .finished = 1,
                             .when = 3600 * 5 + 59};
    /* NULL: the default place; folders are made (0700), the file is 0600. */
    CHECK(stats_append(NULL, &r) == STATS_OK);
    r.unit = "s2";
    r.finished = 0;
    CHECK(stats_append(path, &r) == STATS_OK);
    const char *text = slurp(path);
    CHECK(text && count_lines(text) == 2);
    CHECK(text && strstr(text, "\"time\":\"1970-01-01T05:00Z\""));
    CHECK(text && strstr(text, "\"unit\":\"s2\"") && strstr(text, "\"end\":\"skipped\""));
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    char adir[600];
    snprintf(adir, sizeof adir, "%s/audioleaf", state);
    CHECK(stat(adir, &st) == 0 && (st.st_mode & 0777) == 0700);
    /* A folder that cannot be made. */
    CHECK(stats_append("/proc/no/such/listening.jsonl", &r) == STATS_EIO);
}

static void test_enabled(void)
{
    unsetenv("AUDIOLEAF_LOG");
    CHECK(stats_enabled(0) == 0);
    CHECK(stats_enabled(1) == 1);
    setenv("AUDIOLEAF_LOG", "1", 1);
    CHECK(stats_enabled(0) == 1);
    setenv("AUDIOLEAF_LOG", "0", 1);
    CHECK(stats_enabled(0) == 0);
    setenv("AUDIOLEAF_LOG", "", 1);
    CHECK(stats_enabled(0) == 0);
    unsetenv("AUDIOLEAF_LOG");
}

static void test_tracker(void)
{
    char state[512], path[600];
    snprintf(state, sizeof state, "%s/tracker", dir);
    snprintf(path, sizeof path, "%s/audioleaf/listening.jsonl", state);
    setenv("XDG_STATE_HOME", state, 1);
    struct stats_tracker t;
    /* Off: nothing is written. */
    stats_track_leaflet(&t, 0, "/x/lib/b.txt", "B", "en", 100);
    stats_track_play(&t, "s1", "B", 0, 0);
    stats_track_heard(&t, "s1", 50);
    stats_track_stop(&t, 0, 0);
    CHECK(access(path, F_OK) != 0);

    stats_track_leaflet(&t, 1, "/x/lib/b.txt", "B", "en", 100);
    CHECK(!strcmp(t.leaflet, "b.txt"));
    stats_track_play(&t, "s1", "Title", 0, 0);
    stats_track_heard(&t, "s1", 150);
    stats_track_heard(&t, "s2", 900); /* another unit's frames do not count */
    CHECK(stats_track_play(&t, "s1", "Title", 100, 0) == STATS_OK); /* goes on: no line */
    stats_track_heard(&t, "s1", 250);
    stats_track_stop(&t, 1, 400); /* finished: 4 s */
    stats_track_play(&t, "s2", "Two", 0, 0);
    stats_track_heard(&t, "s2", 120);
    stats_track_play(&t, "s2", "Two", 0, 1); /* 5: skipped after 1.2 s, started again */
    stats_track_heard(&t, "s2", 30);
    stats_track_play(&t, "s3.q1", "Three", 0, 0); /* 6: skipped after 0.3 s */
    stats_track_stop(&t, 0, 0);                   /* left before any was heard: no line */
    stats_track_stop(&t, 0, 0);                   /* nothing followed: no line */
    const char *text = slurp(path);
    CHECK(text && count_lines(text) == 3);
    if (!text)
        return;
    const char *l1 = strstr(text, "\"unit\":\"s1\"");
    const char *l2 = strstr(text, "\"seconds\":1.2");
    const char *l3 = strstr(text, "\"seconds\":0.3");
    CHECK(l1 && strstr(text, "\"seconds\":4,\"end\":\"finished\""));
    CHECK(l2 && l3 && l1 < l2 && l2 < l3);
    CHECK(!strstr(text, "s3.q1"));
    CHECK(strstr(text, "\"leaflet\":\"b.txt\"") && !strstr(text, "/x/lib"));
}

static void test_summary(void)
{
    char path[600];
    snprintf(path, sizeof path, "%s/summary.jsonl", dir);
    FILE *f = fopen(path, "wb");
    if (!f) {
        failures++;
        return;
    }
    fputs("{\"leaflet\":\"b.txt\",\"title\":\"B\",\"unit\":\"s10\",\"seconds\":5,"
          "\"end\":\"finished\"}\n"
          "{\"leaflet\":\"a.txt\",\"title\":\"A\",\"unit\":\"s2\",\"section\":\"Two?\","
          "\"seconds\":3.5,\"end\":\"skipped\"}\n"
          "{\"leaflet\":\"a.txt\",\"unit\":\"s2.q1\",\"seconds\":1,\"end\":\"finished\"}\n"
          "\n"
          "{\"leaflet\":\"a.txt\",\"unit\":\"s2\",\"seconds\":2,\"end\":\"half\"}\n"
          "{\"leaflet\":\"a.txt\",\"unit\":\"s1\",\"seconds\":x}\n"
          "{\"leaflet\":\"b.txt\",\"title\":\"B\",\"unit\":\"s9\",\"seconds\":5,"
          "\"end\":\"skipped\"}\n"
          "{\"leaflet\":\"a.txt\",\"unit\":\"updated\",\"seconds\":1,\"end\":\"finished\"} x\n"
          "{\"leaflet\":\"a.txt\",\"unit\":\"s1\",\"seconds\":10,\"end\":\"finished\"}\n"
          "[1,2]\n"
          "{\"leaflet\":\"a.txt\",\"unit\":\"s1\",\"seconds\":10,\"end\":\"fini",
          f);
    fclose(f);
    struct stats_summary *s = NULL;
    CHECK(stats_summary_new(&s) == STATS_OK);
    if (!s)
        return;
    char warn_path[700];
    snprintf(warn_path, sizeof warn_path, "%s/warn.txt", dir);
    FILE *warn = fopen(warn_path, "w");
    size_t bad = 0;
    CHECK(stats_add_file(s, path, warn, &bad) == STATS_OK);
    if (warn)
        fclose(warn);
    CHECK(bad == 5);
    const char *w = slurp(warn_path);
    char want[4000];
    /* Positions counted by hand: the bad value "x" is byte 42 of line 6, the stray "x"
     * byte 67 of line 8, and line 11 stops after 55 bytes. */
    snprintf(want, sizeof want,
             "%s:5:1: \"end\" is neither \"finished\" nor \"skipped\"\n"
             "%s:6:42: not a JSON object (a damaged log line?)\n"
             "%s:8:67: text after the record\n"
             "%s:10:1: not a JSON object\n"
             "%s:11:56: unfinished last line\n",
             path, path, path, path, path);
    CHECK(w && !strcmp(w, want));
    if (w && strcmp(w, want))
        fprintf(stderr, "  got:\n%s  want:\n%s", w, want);

    char out_path[700];
    snprintf(out_path, sizeof out_path, "%s/out.txt", dir);
    FILE *out = fopen(out_path, "w");
    CHECK(out && stats_summary_print(s, 0, out) == STATS_OK);
    if (out)
        fclose(out);
    const char *text = slurp(out_path);
    const char *want_text = "a.txt: A: started 3, finished 2, skipped 1, listened 15 s\n"
                            "  s1 : started 1, finished 1, skipped 0, listened 10 s\n"
                            "  s2 Two?: started 2, finished 1, skipped 1, listened 5 s\n"
                            "b.txt: B: started 2, finished 1, skipped 1, listened 10 s\n"
                            "  s9 : started 1, finished 0, skipped 1, listened 5 s\n"
                            "  s10 : started 1, finished 1, skipped 0, listened 5 s\n";
    CHECK(text && !strcmp(text, want_text));
    if (text && strcmp(text, want_text))
        fprintf(stderr, "  got:\n%s", text);

    out = fopen(out_path, "w");
    CHECK(out && stats_summary_print(s, 1, out) == STATS_OK);
    if (out)
        fclose(out);
    text = slurp(out_path);
    CHECK(text && strstr(text, "\"records\":\t5"));
    CHECK(text && strstr(text, "\"section\":\t\"s2\",\n\t\t\t\t\t\"heading\":\t\"Two?\""));
    CHECK(text && strstr(text, "\"seconds\":\t14.5") && strstr(text, "\"seconds\":\t4.5"));
    stats_summary_free(s);

    /* A missing log. */
    CHECK(stats_summary_new(&s) == STATS_OK);
    char none[700];
    snprintf(none, sizeof none, "%s/none.jsonl", dir);
    CHECK(stats_add_file(s, none, NULL, NULL) == STATS_EIO);
    stats_summary_free(s);

    /* One line directly: the column of a damaged value. */
    CHECK(stats_summary_new(&s) == STATS_OK);
    int col = 0;
    char msg[200];
    const char *line = "{\"leaflet\":\"a\",\"unit\":\"s1\",\"seconds\":-1,\"end\":\"skipped\"}";
    CHECK(stats_add_line(s, line, strlen(line), &col, msg, sizeof msg) == STATS_ELINE);
    CHECK(col == 1 && strstr(msg, "seconds"));
    line = "{\"leaflet\":\"a\",\"seconds\":1,\"end\":\"skipped\"}";
    CHECK(stats_add_line(s, line, strlen(line), &col, msg, sizeof msg) == STATS_ELINE);
    CHECK(strstr(msg, "unit") != NULL);
    stats_summary_free(s);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_format();
    test_append_and_path();
    test_enabled();
    test_tracker();
    test_summary();
    nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
    if (failures)
        fprintf(stderr, "test_stats: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
