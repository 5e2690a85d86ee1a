/* test_stats_log: the listening log survives what a device meets: a full disk in the
 * middle of a record (rolled back, the next record whole), a log cut short without its
 * newline (one is added first), lines far too long (skipped without being held), and a
 * FIFO or device in the log's place (refused at once, never read or waited on). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stats.h"
#include "check.h"
#include "tmpdir.h"

static char dir[] = "/tmp/audioleaf-test-stats-log-XXXXXX";

static const struct stats_record REC = {
    .leaflet = "cut.txt", .title = "Looking after a cut", .language = "en", .unit = "s2",
    .heading = "When should I see a nurse?", .seconds = 4.2, .finished = 1, .when = 1700000000,
};

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Summarise PATH: the records counted (from the JSON summary) and the bad lines. */
static long summarise(const char *path, size_t *bad)
{
    struct stats_summary *s = NULL;
    if (stats_summary_new(&s) != STATS_OK)
        return -1;
    FILE *warn = fopen("/dev/null", "w");
    int rc = stats_add_file(s, path, warn, bad);
    if (warn)
        fclose(warn);
    long records = -1;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (rc == STATS_OK && out && stats_summary_print(s, 1, out) == STATS_OK) {
        fflush(out);
        const char *r = strstr(text, "\"records\":");
        if (r)
            records = strtol(r + 10, NULL, 10);
    }
    if (out)
        fclose(out);
    free(text);
    stats_summary_free(s);
    return records;
}

/* stats_append(PATH) in a child whose file size limit is LIMIT bytes (a full disk):
 * returns the child's stats_append() result, or 99 when it could not run. */
static int append_with_limit(const char *path, long limit, int *err)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return 99;
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN); /* write() fails with EFBIG instead */
        struct rlimit rl = {(rlim_t)limit, (rlim_t)limit};
        int res[2] = {99, 0};
        if (setrlimit(RLIMIT_FSIZE, &rl) == 0) {
            res[0] = stats_append(path, &REC);
            res[1] = errno;
        }
        if (write(pipefd[1], res, sizeof res) != (ssize_t)sizeof res)
            _exit(1);
        _exit(0);
    }
    close(pipefd[1]);
    int res[2] = {99, 0};
    if (pid < 0 || read(pipefd[0], res, sizeof res) != (ssize_t)sizeof res)
        res[0] = 99;
    close(pipefd[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    *err = res[1];
    return res[0];
}

static void test_full_disk(void)
{
    char path[600];
    snprintf(path, sizeof path, "%s/full.jsonl", dir);
    for (int i = 0; i < 3; i++)
        CHECK(stats_append(path, &REC) == STATS_OK);
    long before = file_size(path);
    CHECK(before > 100);
    /* Room for 20 more bytes: the record is cut part way. */
    int err = 0;
    int rc = append_with_limit(path, before + 20, &err);
    CHECKF(rc == STATS_EIO && err == EFBIG, "stats_append on a full disk: %d, %s", rc,
           strerror(err));
    CHECKF(file_size(path) == before, "the half record is rolled back: %ld bytes, was %ld",
           file_size(path), before);
    /* The next session's record is whole and counted. */
    CHECK(stats_append(path, &REC) == STATS_OK);
    size_t bad = 99;
    long records = summarise(path, &bad);
    CHECKF(records == 4 && bad == 0, "after a full disk: %ld records, %zu bad lines", records,
           bad);
}

static void test_no_newline(void)
{
    char path[600];
    snprintf(path, sizeof path, "%s/cut.jsonl", dir);
    FILE *f = fopen(path, "wb");
    if (!f) {
        failures++;
        return;
    }
    /* A record whole, then one cut short by a power cut (by an older audioleaf). */
    fputs("{\"leaflet\":\"a.txt\",\"unit\":\"s1\",\"seconds\":1,\"end\":\"finished\"}\n"
          "{\"leaflet\":\"a.txt\",\"unit\":\"s2\",\"sec",
          f);
    fclose(f);
    CHECK(stats_append(path, &REC) == STATS_OK);
    size_t bad = 0;
    long records = summarise(path, &bad);
    CHECKF(records == 2 && bad == 1,
           "the cut line is one bad line, the new record is counted: %ld records, %zu bad",
           records, bad);
    /* An empty log gets no leading newline. */
    snprintf(path, sizeof path, "%s/empty.jsonl", dir);
    f = fopen(path, "wb");
    if (f)
        fclose(f);
    CHECK(stats_append(path, &REC) == STATS_OK);
    f = fopen(path, "rb");
    CHECK(f && fgetc(f) == '{');
    if (f)
        fclose(f);
}

static void test_long_lines(void)
{
    char path[600];
    snprintf(path, sizeof path, "%s/long.jsonl", dir);
    FILE *f = fopen(path, "wb");
    if (!f) {
        failures++;
        return;
    }
    /* 10 lines of 1 MB each (no newline inside), then a good record. */
    for (int k = 0; k < 10; k++) {
        for (int i = 0; i < 1 << 20; i++)
            fputc('x', f);
        fputc('\n', f);
    }
    fputs("{\"leaflet\":\"a.txt\",\"unit\":\"s1\",\"seconds\":1,\"end\":\"finished\"}\n", f);
    fclose(f);
    size_t bad = 0;
    long records = summarise(path, &bad);
    CHECKF(records == 1 && bad == 10, "long lines: %ld records, %zu bad", records, bad);

    /* Long names are clipped when written, so every record stays readable. */
    char *title = malloc(200000);
    if (!title) {
        failures++;
        return;
    }
    for (size_t i = 0; i + 2 < 200000; i += 2)
        memcpy(title + i, "\xc3\xa9", 2); /* é, two bytes: a clip must not split it */
    title[199998] = '\0';
    struct stats_record r = REC;
    r.title = title;
    r.heading = title;
    char *line = NULL;
    CHECK(stats_format(&r, &line) == STATS_OK);
    CHECKF(line && strlen(line) < STATS_LINE_MAX, "a record of long names is %zu bytes",
           line ? strlen(line) : 0);
    snprintf(path, sizeof path, "%s/names.jsonl", dir);
    CHECK(stats_append(path, &r) == STATS_OK);
    bad = 99;
    records = summarise(path, &bad);
    CHECKF(records == 1 && bad == 0, "a record of long names reads back: %ld, %zu bad",
           records, bad);
    free(line);
    free(title);
}

static void test_not_regular(void)
{
    size_t bad = 0;
    struct stats_summary *s = NULL;
    CHECK(stats_summary_new(&s) == STATS_OK);
    /* alarm: a reader that blocks or reads without end fails the test, not hangs it. */
    alarm(20);
    CHECK(stats_add_file(s, "/dev/zero", NULL, &bad) == STATS_ENOTREG);
    char fifo[600];
    snprintf(fifo, sizeof fifo, "%s/fifo.jsonl", dir);
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK(stats_add_file(s, fifo, NULL, &bad) == STATS_ENOTREG);
    CHECK(stats_append(fifo, &REC) == STATS_ENOTREG);
    CHECK(stats_add_file(s, dir, NULL, &bad) != STATS_OK);
    alarm(0);
    stats_summary_free(s);
    CHECK(strstr(stats_strerror(STATS_ENOTREG), "regular") != NULL);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_full_disk();
    test_no_newline();
    test_long_lines();
    test_not_regular();
    tmpdir_remove(dir);
    return failures ? 1 : 0;
}
