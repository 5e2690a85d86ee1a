/* marks: the marked questions of a leaflet, parsed in memory, read and written atomically. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "folder.h"
#include "marks.h"
#include "regfile.h"
#include "resume.h"

#define MARKS_HEADER "audioleaf marks 1"
#define MARKS_MAX_BYTES (1u << 20)

/* The questions list of LF, or NULL. */
static const struct leaflet_section *questions(const struct leaflet *lf)
{
    long q = lf ? leaflet_questions_section(lf) : -1;
    return q >= 0 ? &lf->sections[q] : NULL;
}

int marks_parse(const char *buf, size_t len, const struct leaflet *lf, unsigned char *marked,
                size_t n)
{
    if (n)
        memset(marked, 0, n);
    size_t hl = strlen(MARKS_HEADER);
    if (!buf || len < hl || memcmp(buf, MARKS_HEADER, hl) != 0 ||
        (len > hl && buf[hl] != '\n'))
        return MARKS_EPARSE;
    const struct leaflet_section *sec = questions(lf);
    int count = 0;
    const char *p = buf + hl, *end = buf + len;
    while (p < end) {
        if (*p == '\n') {
            p++;
            continue;
        }
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        size_t l = (size_t)(e - p);
        if (l < 2 || p[0] != 'q' || p[1] != ' ' || memchr(p, '\0', l)) {
            if (n)
                memset(marked, 0, n);
            return MARKS_EPARSE;
        }
        for (size_t i = 0; sec && i < sec->n_items && i < n; i++) {
            const char *t = sec->items[i].text;
            if (!marked[i] && strlen(t) == l - 2 && !memcmp(t, p + 2, l - 2)) {
                marked[i] = 1;
                count++;
                break;
            }
        }
        p = e;
    }
    return count;
}

int marks_file(const char *leaflet_path, char *out, size_t len)
{
    char state[PATH_MAX + 100];
    if (resume_file(leaflet_path, state, sizeof state) != RESUME_OK)
        return MARKS_EIO;
    size_t l = strlen(state);
    if (l > 6 && !strcmp(state + l - 6, ".state"))
        state[l - 6] = '\0';
    int w = snprintf(out, len, "%s.marks", state);
    return (w < 0 || (size_t)w >= len) ? MARKS_EIO : MARKS_OK;
}

int marks_load(const char *leaflet_path, const struct leaflet *lf, unsigned char *marked,
               size_t n)
{
    char path[PATH_MAX + 120], dir[PATH_MAX];
    if (n)
        memset(marked, 0, n);
    if (marks_file(leaflet_path, path, sizeof path) || folder_state(dir, sizeof dir))
        return MARKS_EIO;
    /* Marks another user could have written are not taken. */
    if (folder_check(dir, NULL, 0) < 0)
        return errno == ENOENT ? MARKS_ENOENT : MARKS_EIO;
    FILE *f = regfile_fopen(path);
    if (!f)
        return errno == ENOENT ? MARKS_ENOENT : MARKS_EIO;
    char *buf = malloc(MARKS_MAX_BYTES);
    size_t got = buf ? fread(buf, 1, MARKS_MAX_BYTES, f) : 0;
    int bad = !buf || ferror(f);
    fclose(f);
    int rc = bad ? MARKS_EIO : marks_parse(buf, got, lf, marked, n);
    free(buf);
    return rc;
}

int marks_save(const char *leaflet_path, const struct leaflet *lf, const unsigned char *marked,
               size_t n)
{
    char dir[PATH_MAX], path[PATH_MAX + 120], tmp[PATH_MAX + 160];
    if (folder_state(dir, sizeof dir) || marks_file(leaflet_path, path, sizeof path)) {
        errno = ENOENT;
        return MARKS_EIO;
    }
    if (folder_make(dir, NULL, 0) < 0)
        return MARKS_EIO;
    const struct leaflet_section *sec = questions(lf);
    size_t cap = strlen(MARKS_HEADER) + 2, used = 0;
    for (size_t i = 0; sec && i < sec->n_items && i < n; i++)
        cap += marked[i] ? strlen(sec->items[i].text) + 3 : 0;
    char *text = malloc(cap);
    if (!text) {
        errno = ENOMEM;
        return MARKS_EIO;
    }
    used += (size_t)snprintf(text, cap, "%s\n", MARKS_HEADER);
    for (size_t i = 0; sec && i < sec->n_items && i < n; i++) {
        /* An item is one line of text: a line break cannot be in it. */
        if (marked[i] && !strpbrk(sec->items[i].text, "\r\n"))
            used += (size_t)snprintf(text + used, cap - used, "q %s\n", sec->items[i].text);
    }
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    int e = fd < 0 ? errno : 0;
    if (!e && fileio_write_all(fd, text, used) != 0)
        e = errno ? errno : EIO;
    if (!e && fsync(fd) != 0)
        e = errno;
    if (fd >= 0 && close(fd) != 0 && !e)
        e = errno;
    if (!e && rename(tmp, path) != 0)
        e = errno;
    free(text);
    if (e) {
        if (fd >= 0)
            remove(tmp);
        errno = e;
        return MARKS_EIO;
    }
    return MARKS_OK;
}

const char *marks_strerror(int status)
{
    switch (status) {
    case MARKS_OK:
        return "success";
    case MARKS_ENOENT:
        return "no questions marked";
    case MARKS_EIO:
        return "cannot read or write the marked questions";
    case MARKS_EPARSE:
        return "damaged file of marked questions";
    default:
        return status > 0 ? "success" : "unknown marks error";
    }
}
