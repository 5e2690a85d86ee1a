/* test_marks: the marked questions of a leaflet read back as saved, are found again by
 * their text in an edited leaflet, and a damaged, foreign or half-written file never
 * passes for marks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leaflet.h"
#include "marks.h"
#include "check.h"
#include "tmpdir.h"

static const char text[] = "# What is it?\n\nA spot.\n\n# Questions to ask\n\n"
                           "- How many are there?\n- Will it go away?\n- Do I need a scan?\n";
/* The same leaflet edited: a question added at the top, one reworded. */
static const char edited[] = "# What is it?\n\nA spot.\n\n# Questions to ask\n\n"
                             "- Who will tell me the results?\n- How many are there?\n"
                             "- Will it ever go away?\n- Do I need a scan?\n";

static struct leaflet *parse(const char *t)
{
    struct leaflet *lf = NULL;
    struct leaflet_error le;
    CHECK(leaflet_parse(t, strlen(t), &lf, &le) == LEAFLET_OK);
    return lf;
}

static void test_parse(const struct leaflet *lf)
{
    unsigned char m[3];
    const char ok[] = "audioleaf marks 1\nq Do I need a scan?\nq How many are there?\n";
    CHECK(marks_parse(ok, strlen(ok), lf, m, 3) == 2);
    CHECK(m[0] == 1 && m[1] == 0 && m[2] == 1);
    /* A question the leaflet no longer asks is dropped; a repeat counts once. */
    const char gone[] =
        "audioleaf marks 1\nq Is it rare?\nq Will it go away?\nq Will it go away?\n";
    CHECK(marks_parse(gone, strlen(gone), lf, m, 3) == 1 && m[1] == 1 && !m[0] && !m[2]);
    /* No trailing newline is fine; a header alone marks nothing. */
    CHECK(marks_parse(ok, strlen(ok) - 1, lf, m, 3) == 2);
    CHECK(marks_parse("audioleaf marks 1", 17, lf, m, 3) == 0 && !m[0] && !m[1] && !m[2]);
    /* Not a marks file, a line that is not "q TEXT", a NUL: damaged, nothing marked. */
    const char *bad[] = {"", "audioleaf marks 2\nq Do I need a scan?\n",
                         "audioleaf marks 1x\n", "audioleaf marks 1\nx Do I need a scan?\n",
                         "audioleaf marks 1\nq\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(m, 7, sizeof m);
        CHECK(marks_parse(bad[i], strlen(bad[i]), lf, m, 3) == MARKS_EPARSE);
        CHECK(!m[0] && !m[1] && !m[2]);
    }
    const char nul[] = "audioleaf marks 1\nq Do I need\0 a scan?\n";
    CHECK(marks_parse(nul, sizeof nul - 1, lf, m, 3) == MARKS_EPARSE && !m[2]);
}

int main(void)
{
    char dir[] = "/tmp/test_marks.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char state[200], leaf[200];
    snprintf(state, sizeof state, "%s/state", dir);
    snprintf(leaf, sizeof leaf, "%s/spots.txt", dir);
    setenv("XDG_STATE_HOME", state, 1);
    FILE *f = fopen(leaf, "w");
    CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0);

    struct leaflet *lf = parse(text), *lf2 = parse(edited);
    CHECK(lf && lf2);
    test_parse(lf);

    unsigned char m[3] = {1, 0, 1}, got[3] = {9, 9, 9};
    CHECK(marks_load(leaf, lf, got, 3) == MARKS_ENOENT && !got[0] && !got[2]);
    CHECK(marks_save(leaf, lf, m, 3) == MARKS_OK);
    CHECK(marks_load(leaf, lf, got, 3) == 2 && got[0] == 1 && got[1] == 0 && got[2] == 1);
    /* The file: private, next to where the place is kept, the questions as written. */
    char path[400];
    struct stat sb;
    CHECK(marks_file(leaf, path, sizeof path) == MARKS_OK);
    CHECK(strstr(path, "/audioleaf/spots-") && strstr(path, ".marks"));
    CHECK(stat(path, &sb) == 0 && (sb.st_mode & 077) == 0);
    char buf[400] = "";
    f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    CHECK(!strcmp(buf, "audioleaf marks 1\nq How many are there?\nq Do I need a scan?\n"));
    /* The edited leaflet: found again by their text, whatever their new numbers. */
    unsigned char m2[4] = {0};
    CHECK(marks_load(leaf, lf2, m2, 4) == 2);
    CHECK(m2[0] == 0 && m2[1] == 1 && m2[2] == 0 && m2[3] == 1);
    /* Unmarking all is saved too. */
    memset(m, 0, sizeof m);
    CHECK(marks_save(leaf, lf, m, 3) == MARKS_OK);
    CHECK(marks_load(leaf, lf, got, 3) == 0);
    /* A damaged file is ignored, never half taken. */
    f = fopen(path, "w");
    CHECK(f && fputs("audioleaf marks 1\nq How many are there?\ngarbage\n", f) >= 0 &&
          fclose(f) == 0);
    memset(got, 9, sizeof got);
    CHECK(marks_load(leaf, lf, got, 3) == MARKS_EPARSE && !got[0] && !got[1] && !got[2]);
    /* A failed save (the file's place is a folder) leaves the old file; no temp left. */
    m[1] = 1;
    CHECK(remove(path) == 0 && mkdir(path, 0700) == 0);
    errno = 0;
    CHECK(marks_save(leaf, lf, m, 3) == MARKS_EIO && errno != 0);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls '%s/audioleaf' | grep -q tmp", state);
    CHECK(system(cmd) != 0);
    CHECK(rmdir(path) == 0);
    /* A state folder another user can write: marks are not taken from it. */
    CHECK(marks_save(leaf, lf, m, 3) == MARKS_OK);
    char sdir[300];
    snprintf(sdir, sizeof sdir, "%s/audioleaf", state);
    CHECK(chmod(sdir, 0777) == 0);
    CHECK(marks_load(leaf, lf, got, 3) == MARKS_EIO && !got[1]);
    CHECK(chmod(sdir, 0700) == 0);
    CHECK(marks_load(leaf, lf, got, 3) == 1 && got[1] == 1);
    CHECK(strcmp(marks_strerror(MARKS_EPARSE), "damaged file of marked questions") == 0);

    leaflet_free(lf);
    leaflet_free(lf2);
    tmpdir_remove(dir);
    if (failures) {
        fprintf(stderr, "test_marks: %d failures\n", failures);
        return 1;
    }
    printf("test_marks: ok\n");
    return 0;
}
