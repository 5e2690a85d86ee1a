/* rules_file: finds and reads a language's speech rules file (VOICES/rules/LANG.ini). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "regfile.h"
#include "rules_file.h"
#include "voice.h"

/* Read the regular file PATH (at most RULES_FILE_MAX bytes) without blocking on a FIFO
 * or device.  Returns 0 with a new buffer, -errno otherwise (-ENOENT: no such file). */
static int read_regular(const char *path, char **out, size_t *len)
{
    int fd = regfile_open(path, 0);
    if (fd < 0)
        return -errno;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size > (off_t)RULES_FILE_MAX) {
        close(fd);
        return -EFBIG;
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
    const char *base = dir ? dir : voice_dir();
    char file[1024], region[1024];
    int code = (int)strcspn(language, "-_");
    snprintf(file, sizeof file, "%s/rules/%.*s.ini", base, code, language);
    snprintf(region, sizeof region, "%s/rules/%s.ini", base, language);
    char *text = NULL, *more = NULL;
    size_t len = 0, more_len = 0;
    int rc = read_regular(file, &text, &len);
    const char *used = file;
    if (rc == -ENOENT) {
        const char *builtin = speech_rules_builtin(language, &len);
        rc = builtin ? 0 : -ENOENT;
        if (builtin && !(text = strndup(builtin, len)))
            rc = -ENOMEM;
        used = "(built in)";
    }
    if (rc && rc != -ENOENT) {
        snprintf(err, errlen, "%s: %s", file,
                 regfile_strerror(-rc));
        return -1;
    }
    /* "en-US.ini" after "en.ini": its lines win ("date_order = mdy") */
    int rrc = language[code] ? read_regular(region, &more, &more_len) : -ENOENT;
    if (rrc && rrc != -ENOENT) {
        free(text);
        snprintf(err, errlen, "%s: %s", region,
                 regfile_strerror(-rrc));
        return -1;
    }
    if (!text && !more)
        return 0;
    int base_lines = 0;
    for (size_t i = 0; text && i < len; i++)
        base_lines += text[i] == '\n';
    if (text && len && text[len - 1] != '\n')
        base_lines++;
    if (more) {
        char *joined = malloc(len + more_len + 2);
        if (!joined) {
            free(text);
            free(more);
            snprintf(err, errlen, "%s", strerror(ENOMEM));
            return -1;
        }
        memcpy(joined, text ? text : "", len);
        size_t n = len;
        if (n && joined[n - 1] != '\n')
            joined[n++] = '\n';
        memcpy(joined + n, more, more_len);
        free(text);
        free(more);
        text = joined;
        len = n + more_len;
    }
    int line = 0;
    rc = speech_rules_parse(text, len, language, out, &line);
    free(text);
    if (rc) {
        if (more_len && line > base_lines)
            snprintf(err, errlen, "%s:%d:1: %s", region, line - base_lines,
                     speech_rules_strerror(rc));
        else
            snprintf(err, errlen, "%s:%d:1: %s", used, line, speech_rules_strerror(rc));
        return -1;
    }
    if (path && pathlen)
        snprintf(path, pathlen, "%s%s%s", used, more_len ? " + " : "", more_len ? region : "");
    return 0;
}
