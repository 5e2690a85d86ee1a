/* test_tts_memo: the engine id memo (tts_open_memo()) gives the same id as computing it,
 * without loading the engine module, while the engine's files and settings are unchanged;
 * a changed data file, another ESPEAK_DATA_PATH or a damaged memo make the id be computed
 * again.  Each id is taken in a fresh child process on a small copy of eSpeak NG's data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "module.h"
#include "tts.h"
#include "check.h"
#include "espeak_copy.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = calloc(1, 1 << 20);
    if (s)
        s[fread(s, 1, (1 << 20) - 1, f)] = '\0';
    fclose(f);
    return s;
}

/* 1 when the memo file holds exactly the id ID. */
static int memo_has(const char *memo, const char *id)
{
    char *s = slurp(memo), want[300];
    snprintf(want, sizeof want, "\nid %s\n", id);
    int yes = s && strstr(s, want) != NULL;
    free(s);
    return yes;
}

/* Sleep until PATH was last changed more than 2 s ago (the memo's freshness rule). */
static void wait_until_old(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return;
    double age = difftime(time(NULL), st.st_ctime);
    if (age < 3.0)
        sleep((unsigned)(3.0 - age) + 1);
}

int main(void)
{
    char probe[512];
    snprintf(probe, sizeof probe, "%s/phondata", ESPEAK_SYSTEM_DATA);
    if (access(probe, R_OK) != 0) {
        fprintf(stderr, "test_tts_memo: %s not found, skipping\n", probe);
        return 77;
    }
    /* The memo lives apart from the data, as it does in a cache folder. */
    char top[] = "/tmp/audioleaf-test-memo-XXXXXX", mdir[] = "/tmp/audioleaf-test-memo-XXXXXX";
    char dir[100], memo[100];
    if (!mkdtemp(top) || !mkdtemp(mdir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(dir, sizeof dir, "%s/espeak-ng-data", top);
    snprintf(memo, sizeof memo, "%s/engine.memo", mdir);
    CHECK(espeak_copy_make(top) == 0);
    char to[600];
    snprintf(to, sizeof to, "%s/en_dict", dir);
    /* A memo is only written once every file it names is old enough. */
    wait_until_old(to);
    wait_until_old(dir);
    wait_until_old(top);
    const char *module = module_file("espeak");
    CHECK(module != NULL);
    if (module)
        wait_until_old(module);

    char a[200], b[200], c[200], sysid[200], e[200];
    int la, lb, lc, ls, le;
    engine_id_in_child(top, NULL, c, sizeof c, &lc); /* computed, no memo */
    CHECK(lc == 1 && strstr(c, "espeak-ng ") == c);
    engine_id_in_child(top, memo, a, sizeof a, &la); /* computed, memo written */
    CHECK(la == 1 && !strcmp(a, c));
    CHECK(memo_has(memo, a));
    engine_id_in_child(top, memo, b, sizeof b, &lb); /* from the memo: the module is not loaded */
    CHECK(lb == 0 && !strcmp(b, a));

    /* A memo cut short (no "end" line) is not trusted, and is written again whole. */
    char *whole = slurp(memo);
    CHECK(whole != NULL);
    if (whole) {
        char *last = strstr(whole, "\nend ");
        FILE *f = fopen(memo, "wb");
        if (f && last) {
            fwrite(whole, 1, (size_t)(last - whole) + 1, f);
            fclose(f);
        } else if (f) {
            fclose(f);
        }
        CHECK(last != NULL);
        free(whole);
    }
    engine_id_in_child(top, memo, b, sizeof b, &lb);
    CHECK(lb == 1 && !strcmp(b, a));
    engine_id_in_child(top, memo, b, sizeof b, &lb);
    CHECK(lb == 0 && !strcmp(b, a));

    /* Another ESPEAK_DATA_PATH: the memo does not hold, the system data's id is computed. */
    engine_id_in_child(NULL, NULL, sysid, sizeof sysid, &ls);
    CHECK(ls == 1 && sysid[0] && strcmp(sysid, a) != 0);
    engine_id_in_child(NULL, memo, e, sizeof e, &le);
    CHECK(le == 1 && !strcmp(e, sysid));
    engine_id_in_child(top, memo, b, sizeof b, &lb);
    CHECK(lb == 1 && !strcmp(b, a));

    /* One byte of the phoneme data changes, size and mtime kept: its ctime gives it
     * away, the id is computed again (and differs), and the memo is not rewritten from a
     * file that fresh, so the next process computes it too. */
    CHECK(espeak_copy_flip(top, "phondata", 1000) == 0);
    engine_id_in_child(top, memo, b, sizeof b, &lb);
    CHECK(lb == 1 && b[0] && strcmp(b, a) != 0);
    CHECK(memo_has(memo, a)); /* not rewritten */
    engine_id_in_child(top, memo, c, sizeof c, &lc);
    CHECK(lc == 1 && !strcmp(c, b));

    unlink(memo);
    rmdir(mdir);
    espeak_copy_remove(top);
    if (failures)
        fprintf(stderr, "test_tts_memo: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
