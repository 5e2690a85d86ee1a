/* folder: chooses the cache and state folders and refuses one another user can write in
 * (see folder.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "folder.h"

/* ENV/TAIL into OUT when ENV is set to an absolute path: 0, else -1. */
static int under(const char *env, const char *tail, char *out, size_t len)
{
    const char *v = getenv(env);
    if (!v || v[0] != '/')
        return -1;
    int n = snprintf(out, len, "%s/%s", v, tail);
    return n < 0 || (size_t)n >= len ? -1 : 0;
}

int folder_cache_default(char *out, size_t len)
{
    if (under("XDG_CACHE_HOME", "audioleaf", out, len) == 0 ||
        under("HOME", ".cache/audioleaf", out, len) == 0 ||
        under("XDG_RUNTIME_DIR", "audioleaf", out, len) == 0)
        return 0;
    return -1;
}

int folder_state(char *out, size_t len)
{
    if (under("XDG_STATE_HOME", "audioleaf", out, len) == 0 ||
        under("HOME", ".local/state/audioleaf", out, len) == 0)
        return 0;
    return -1;
}

int folder_make_temp(char *out, size_t len)
{
    if (under("TMPDIR", "audioleaf-XXXXXX", out, len) != 0) {
        int n = snprintf(out, len, "/tmp/audioleaf-XXXXXX");
        if (n < 0 || (size_t)n >= len) {
            errno = ENAMETOOLONG;
            return -1;
        }
    }
    return mkdtemp(out) ? 0 : -1;
}

static int refuse(const char *dir, char *why, size_t len, int err, const char *fmt, long a,
                  long b)
{
    if (why && len) {
        char what[200];
        snprintf(what, sizeof what, fmt, a, b);
        snprintf(why, len, "%s: %s", dir, what);
    }
    errno = err;
    return -1;
}

int folder_check(const char *dir, char *why, size_t len)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        int err = errno;
        if (why && len)
            snprintf(why, len, "%s: %s", dir, strerror(err));
        errno = err;
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return refuse(dir, why, len, ENOTDIR, "not a folder", 0, 0);
    uid_t me = geteuid();
    if (st.st_uid != me && st.st_uid != 0)
        return refuse(dir, why, len, EPERM,
                      "insecure folder: owned by another user (uid %ld; you are uid %ld)",
                      (long)st.st_uid, (long)me);
    unsigned mode = (unsigned)st.st_mode & 07777;
    if (st.st_mode & S_IWOTH)
        return refuse(dir, why, len, EPERM,
                      "insecure folder: other users can write in it (mode %04lo; chmod o-w)",
                      (long)mode, 0);
    if (st.st_mode & S_IWGRP) {
        if (!(st.st_mode & S_ISGID))
            return refuse(dir, why, len, EPERM,
                          "insecure folder: its group can write in it (mode %04lo; chmod g-w, "
                          "or chmod g+s to share it on purpose)",
                          (long)mode, 0);
        return FOLDER_SHARED;
    }
    return FOLDER_PRIVATE;
}

int folder_make(const char *dir, char *why, size_t len)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf) {
        if (why && len)
            snprintf(why, len, "%.200s...: path too long", dir);
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
            int err = errno;
            if (why && len)
                snprintf(why, len, "%s: cannot create: %s", buf, strerror(err));
            errno = err;
            return -1;
        }
        if (c == '\0')
            break;
        *p = c;
    }
    return folder_check(dir, why, len);
}
