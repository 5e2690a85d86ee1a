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
#include <utime.h>

#include "module.h"
#include "tts.h"
#include "check.h"

/* What a new process sees with ESPEAK_DATA_PATH=DATA (NULL: unset) and memo MEMO: the id
 * in OUT, and whether it had to load the engine module in *LOADED. */
static void id_for(const char *data, const char *memo, char *out, size_t len, int *loaded)
{
    int fd[2];
    out[0] = '\0';
    *loaded = -1;
    if (pipe(fd) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        if (data)
            setenv("ESPEAK_DATA_PATH", data, 1);
        else
            unsetenv("ESPEAK_DATA_PATH");
        struct tts *t;
        if (tts_open_memo(memo, &t) != TTS_OK)
            _exit(1);
        char msg[300];
        int n = snprintf(msg, sizeof msg, "%d %s", module_loaded("espeak"), tts_engine_id(t));
        ssize_t w = write(fd[1], msg, (size_t)n);
        _exit(w == n ? 0 : 1);
    }
    close(fd[1]);
    char msg[300];
    ssize_t n = read(fd[0], msg, sizeof msg - 1);
    msg[n > 0 ? n : 0] = '\0';
    close(fd[0]);
    waitpid(pid, NULL, 0);
    if (n > 2 && (size_t)n - 2 < len) {
        *loaded = msg[0] - '0';
        memcpy(out, msg + 2, (size_t)n - 1); /* with the NUL */
    }
}

static int copy(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    char buf[65536];
    size_t n;
    int ok = a && b;
    while (ok && (n = fread(buf, 1, sizeof buf, a)) > 0)
        ok = fwrite(buf, 1, n, b) == n;
    if (a)
        fclose(a);
    if (b && fclose(b) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

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
    const char *sys = "/usr/lib/x86_64-linux-gnu/espeak-ng-data";
    char probe[512];
    snprintf(probe, sizeof probe, "%s/phondata", sys);
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
    CHECK(mkdir(dir, 0700) == 0);
    const char *files[] = {"phondata", "phonindex", "phontab", "intonations", "en_dict"};
    char from[600], to[600];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(from, sizeof from, "%s/%s", sys, files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, files[i]);
        CHECK(copy(from, to) == 0);
    }
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
    id_for(top, NULL, c, sizeof c, &lc); /* computed, no memo */
    CHECK(lc == 1 && strstr(c, "espeak-ng ") == c);
    id_for(top, memo, a, sizeof a, &la); /* computed, memo written */
    CHECK(la == 1 && !strcmp(a, c));
    CHECK(memo_has(memo, a));
    id_for(top, memo, b, sizeof b, &lb); /* from the memo: the module is not loaded */
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
    id_for(top, memo, b, sizeof b, &lb);
    CHECK(lb == 1 && !strcmp(b, a));
    id_for(top, memo, b, sizeof b, &lb);
    CHECK(lb == 0 && !strcmp(b, a));

    /* Another ESPEAK_DATA_PATH: the memo does not hold, the system data's id is computed. */
    id_for(NULL, NULL, sysid, sizeof sysid, &ls);
    CHECK(ls == 1 && sysid[0] && strcmp(sysid, a) != 0);
    id_for(NULL, memo, e, sizeof e, &le);
    CHECK(le == 1 && !strcmp(e, sysid));
    id_for(top, memo, b, sizeof b, &lb);
    CHECK(lb == 1 && !strcmp(b, a));

    /* One byte of the phoneme data changes, size and mtime kept: its ctime gives it
     * away, the id is computed again (and differs), and the memo is not rewritten from a
     * file that fresh, so the next process computes it too. */
    snprintf(to, sizeof to, "%s/phondata", dir);
    struct stat st;
    CHECK(stat(to, &st) == 0);
    FILE *f = fopen(to, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, 1000, SEEK_SET);
        int ch = fgetc(f);
        fseek(f, 1000, SEEK_SET);
        fputc(ch ^ 1, f);
        fclose(f);
    }
    struct utimbuf keep = {.actime = st.st_atime, .modtime = st.st_mtime};
    utime(to, &keep);
    id_for(top, memo, b, sizeof b, &lb);
    CHECK(lb == 1 && b[0] && strcmp(b, a) != 0);
    CHECK(memo_has(memo, a)); /* not rewritten */
    id_for(top, memo, c, sizeof c, &lc);
    CHECK(lc == 1 && !strcmp(c, b));

    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(to, sizeof to, "%s/%s", dir, files[i]);
        unlink(to);
    }
    unlink(memo);
    rmdir(mdir);
    rmdir(dir);
    rmdir(top);
    if (failures)
        fprintf(stderr, "test_tts_memo: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
