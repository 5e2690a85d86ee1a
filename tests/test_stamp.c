/* test_stamp: a file's stamp reads back as written, tells a rewritten or replaced file
 * from an unchanged one, and is settled only for files changed long enough ago. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "stamp.h"
#include "check.h"

static struct stamp stamp_file(const char *path)
{
    struct stat st;
    struct stamp s;
    memset(&s, 0, sizeof s);
    if (stat(path, &st) == 0)
        s = stamp_of(&st);
    return s;
}

int main(void)
{
    char dir[] = "/tmp/audioleaf-test-stamp-XXXXXX", a[100], b[100];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    FILE *f = fopen(a, "w");
    CHECK(f && fputs("one", f) >= 0 && fclose(f) == 0);

    /* Written and read back. */
    struct stamp s = stamp_file(a), back;
    char text[128];
    int n = stamp_format(&s, text, sizeof text);
    CHECK(n > 0 && (size_t)n == strlen(text));
    CHECK(stamp_parse(text, &back) == n && stamp_equal(&s, &back));
    CHECK(s.size == 3 && s.ino != 0);
    char tail[160];
    snprintf(tail, sizeof tail, "%s rest", text);
    CHECK(stamp_parse(tail, &back) == n && !strcmp(tail + n, " rest"));
    CHECK(stamp_parse("1 2 3 4.5", &back) == 0);     /* too short */
    CHECK(stamp_parse("x 2 3 4.5 6.7", &back) == 0); /* not a number */
    CHECK(stamp_format(&s, text, 8) == 0);           /* does not fit */

    /* The same file, untouched: equal.  Rewritten with the same size and its mtime put
     * back: the ctime differs.  Replaced by another file (rename): the inode differs. */
    CHECK(stamp_file(a).ino == s.ino && (back = stamp_file(a), stamp_equal(&s, &back)));
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
    f = fopen(a, "r+");
    CHECK(f && fputs("two", f) >= 0 && fclose(f) == 0);
    struct timespec times[2] = {{s.mtime_s, s.mtime_ns}, {s.mtime_s, s.mtime_ns}};
    CHECK(utimensat(AT_FDCWD, a, times, 0) == 0);
    struct stamp rewritten = stamp_file(a);
    CHECK(rewritten.size == s.size && rewritten.mtime_s == s.mtime_s &&
          rewritten.mtime_ns == s.mtime_ns && !stamp_equal(&s, &rewritten));
    f = fopen(b, "w");
    CHECK(f && fputs("two", f) >= 0 && fclose(f) == 0);
    CHECK(rename(b, a) == 0);
    struct stamp replaced = stamp_file(a);
    CHECK(replaced.ino != rewritten.ino && !stamp_equal(&rewritten, &replaced));

    /* Settled: changed at least STAMP_MIN_AGE_SECONDS before NOW. */
    time_t now = (time_t)replaced.ctime_s;
    CHECK(!stamp_settled(&replaced, now));
    CHECK(!stamp_settled(&replaced, now + STAMP_MIN_AGE_SECONDS - 1));
    CHECK(stamp_settled(&replaced, now + STAMP_MIN_AGE_SECONDS + 1));
    struct stamp old_m = replaced;
    old_m.ctime_s = now + 100; /* a fresh ctime is enough to refuse */
    CHECK(!stamp_settled(&old_m, now + STAMP_MIN_AGE_SECONDS + 1));

    unlink(a);
    rmdir(dir);
    if (failures)
        fprintf(stderr, "test_stamp: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
