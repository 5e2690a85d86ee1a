/* test_tts_engine_id: the engine id fingerprints eSpeak NG's data, so a changed phoneme
 * table or dictionary gives new cache keys.  Each id is computed in a fresh child process
 * (the engine's data folder is fixed once per process) on a small copy of the data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "tts.h"
#include "check.h"

/* The engine id seen by a new process whose ESPEAK_DATA_PATH is DATA (NULL: unset). */
static void id_for(const char *data, char *out, size_t len)
{
    int fd[2];
    out[0] = '\0';
    if (pipe(fd) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        if (data)
            setenv("ESPEAK_DATA_PATH", data, 1);
        struct tts *t;
        if (tts_open(&t) != TTS_OK)
            _exit(1);
        const char *id = tts_engine_id(t);
        ssize_t w = write(fd[1], id, strlen(id));
        _exit(w == (ssize_t)strlen(id) ? 0 : 1);
    }
    close(fd[1]);
    ssize_t n = read(fd[0], out, len - 1);
    out[n > 0 ? n : 0] = '\0';
    close(fd[0]);
    waitpid(pid, NULL, 0);
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

int main(void)
{
    const char *sys = "/usr/lib/x86_64-linux-gnu/espeak-ng-data";
    char probe[512];
    snprintf(probe, sizeof probe, "%s/phondata", sys);
    if (access(probe, R_OK) != 0) {
        fprintf(stderr, "test_tts_engine_id: %s not found, skipping\n", probe);
        return 77;
    }
    /* Only child processes open the engine: a fork inherits the parent's id. */
    char sysid[200];
    unsetenv("ESPEAK_DATA_PATH");
    id_for(NULL, sysid, sizeof sysid);
    if (!sysid[0]) {
        fprintf(stderr, "test_tts_engine_id: the engine does not open, skipping\n");
        return 77;
    }
    /* ESPEAK_DATA_PATH names the folder holding espeak-ng-data/. */
    char top[] = "/tmp/audioleaf-test-engine-XXXXXX", dir[100];
    if (!mkdtemp(top)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(dir, sizeof dir, "%s/espeak-ng-data", top);
    CHECK(mkdir(dir, 0700) == 0);
    const char *files[] = {"phondata", "phonindex", "phontab", "intonations", "en_dict"};
    char from[600], to[600];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(from, sizeof from, "%s/%s", sys, files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, files[i]);
        CHECK(copy(from, to) == 0);
    }

    char a[200], b[200], c[200], d[200];
    id_for(top, a, sizeof a);
    id_for(top, b, sizeof b);
    CHECK(strstr(a, "espeak-ng ") == a && strlen(a) > 30);
    CHECK(!strcmp(a, b));         /* stable */
    CHECK(strcmp(a, sysid) != 0); /* the copy is really used: not all files are there */

    /* One byte of the phoneme data changes (same size, same mtime). */
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
    id_for(top, c, sizeof c);
    CHECK(c[0] && strcmp(a, c) != 0);

    /* A dictionary is replaced (new size and mtime). */
    snprintf(to, sizeof to, "%s/en_dict", dir);
    f = fopen(to, "ab");
    if (f) {
        fputc(0, f);
        fclose(f);
    }
    id_for(top, d, sizeof d);
    CHECK(d[0] && strcmp(c, d) != 0 && strcmp(a, d) != 0);

    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(to, sizeof to, "%s/%s", dir, files[i]);
        unlink(to);
    }
    rmdir(dir);
    rmdir(top);
    if (failures)
        fprintf(stderr, "test_tts_engine_id: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
