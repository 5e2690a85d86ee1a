/* espeak_copy: a small private copy of eSpeak NG's data for the tests of the engine id,
 * which change it and watch the id change, each id taken in a fresh child process (the
 * engine's data folder is fixed once per process). */
#ifndef AUDIOLEAF_TEST_ESPEAK_COPY_H
#define AUDIOLEAF_TEST_ESPEAK_COPY_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "module.h"
#include "tts.h"

#define ESPEAK_SYSTEM_DATA "/usr/lib/x86_64-linux-gnu/espeak-ng-data"

/* The files copied: enough for the engine id, not for speaking. */
static const char *const espeak_copy_files[] = {"phondata", "phonindex", "phontab",
                                                "intonations", "en_dict"};
enum { ESPEAK_COPY_FILES = sizeof espeak_copy_files / sizeof espeak_copy_files[0] };

static int espeak_copy_file(const char *from, const char *to)
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

/* Copy the system's data into TOP/espeak-ng-data (TOP exists; ESPEAK_DATA_PATH=TOP then
 * selects it).  Returns 0, or -1 when any file could not be copied. */
static int espeak_copy_make(const char *top)
{
    char dir[600], from[600], to[700];
    snprintf(dir, sizeof dir, "%s/espeak-ng-data", top);
    if (mkdir(dir, 0700) != 0)
        return -1;
    for (size_t i = 0; i < ESPEAK_COPY_FILES; i++) {
        snprintf(from, sizeof from, "%s/%s", ESPEAK_SYSTEM_DATA, espeak_copy_files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, espeak_copy_files[i]);
        if (espeak_copy_file(from, to) != 0)
            return -1;
    }
    return 0;
}

/* Flip one bit of TOP/espeak-ng-data/NAME at OFFSET, putting its mtime back (the size
 * stays): only the contents and the ctime change.  Returns 0 or -1. */
static int espeak_copy_flip(const char *top, const char *name, long offset)
{
    char path[700];
    snprintf(path, sizeof path, "%s/espeak-ng-data/%s", top, name);
    struct stat st;
    FILE *f = stat(path, &st) == 0 ? fopen(path, "r+b") : NULL;
    if (!f)
        return -1;
    fseek(f, offset, SEEK_SET);
    int ch = fgetc(f);
    fseek(f, offset, SEEK_SET);
    int ok = ch != EOF && fputc(ch ^ 1, f) != EOF;
    if (fclose(f) != 0)
        ok = 0;
    struct utimbuf keep = {.actime = st.st_atime, .modtime = st.st_mtime};
    return ok && utime(path, &keep) == 0 ? 0 : -1;
}

/* What a new process sees with ESPEAK_DATA_PATH=DATA (NULL: unset) and memo MEMO: the id
 * in OUT, and whether it had to load the engine module in *LOADED. */
static void engine_id_in_child(const char *data, const char *memo, char *out, size_t len, int *loaded)
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

/* Remove what espeak_copy_make() made, and TOP. */
static void espeak_copy_remove(const char *top)
{
    char path[700];
    for (size_t i = 0; i < ESPEAK_COPY_FILES; i++) {
        snprintf(path, sizeof path, "%s/espeak-ng-data/%s", top, espeak_copy_files[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/espeak-ng-data", top);
    rmdir(path);
    rmdir(top);
}

#endif
