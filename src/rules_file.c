/* rules_file: finds and reads a language's speech rules file (VOICES/rules/LANG.ini). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules_file.h"
#include "voice.h"

/* Read the regular file PATH (at most RULES_FILE_MAX bytes) without blocking on a FIFO
 * or device.  Returns 0 with a new buffer, -errno otherwise (-ENOENT: no such file). */
static int read_regular(const char *path, char **out, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)RULES_FILE_MAX) {
        int e = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
        close(fd);
        return -e;
    }
    size_t n = (size_t)st.st_size, got = 0;
    char *buf = malloc(n + 1);
    if (!buf) {
        close(fd);
        return -ENOMEM;
    }
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    buf[got] = '\0';
    *out = buf;
    *len = got;
    return 0;
}

int rules_file_load(const char *dir, const char *language, struct speech_rules **out,
                    char *path, size_t pathlen, char *err, size_t errlen)
{
    *out = NULL;
    if (path && pathlen)
        path[0] = '\0';
    if (!language || !voice_language_code_ok(language))
        return 0;
    char file[1024];
    int code = (int)strcspn(language, "-_");
    snprintf(file, sizeof file, "%s/rules/%.*s.ini", dir ? dir : voice_dir(), code, language);
    char *text = NULL;
    size_t len = 0;
    int rc = read_regular(file, &text, &len);
    if (rc == -ENOENT) {
        const char *builtin = speech_rules_builtin(language, &len);
        if (!builtin)
            return 0;
        if (path && pathlen)
            snprintf(path, pathlen, "(built in)");
        return speech_rules_parse(builtin, len, language, out, NULL) == 0 ? 0 : -1;
    }
    if (rc) {
        snprintf(err, errlen, "%s: %s", file,
                 rc == -EINVAL ? "not a regular file" : strerror(-rc));
        return -1;
    }
    int line = 0;
    rc = speech_rules_parse(text, len, language, out, &line);
    free(text);
    if (rc) {
        snprintf(err, errlen, "%s:%d:1: %s", file, line, speech_rules_strerror(rc));
        return -1;
    }
    if (path && pathlen)
        snprintf(path, pathlen, "%s", file);
    return 0;
}
