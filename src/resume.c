/* resume: per-leaflet saved place and speed, read and written atomically. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "folder.h"
#include "regfile.h"
#include "resume.h"

/* The state folder (folder.h): $XDG_STATE_HOME/audioleaf or ~/.local/state/audioleaf. */
static int state_dir(char *out, size_t len)
{
    return folder_state(out, len) == 0 ? RESUME_OK : RESUME_EIO;
}

/* mkdir -p for the state folder (private to the user), refusing one another user owns or
 * can write in (errno EPERM). */
static int make_dirs(const char *dir)
{
    return folder_make(dir, NULL, 0) < 0 ? RESUME_EIO : RESUME_OK;
}

int resume_file(const char *leaflet_path, char *out, size_t len)
{
    char dir[PATH_MAX], real[PATH_MAX];
    if (state_dir(dir, sizeof dir))
        return RESUME_EIO;
    const char *key = realpath(leaflet_path, real) ? real : leaflet_path;
    uint64_t h = 1469598103934665603ull; /* FNV-1a: a name, not a secret */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    const char *base = strrchr(key, '/');
    base = base ? base + 1 : key;
    char stem[64];
    size_t i = 0;
    for (; base[i] && base[i] != '.' && i < sizeof stem - 1; i++) {
        char c = base[i];
        stem[i] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_')
                      ? c
                      : '_';
    }
    stem[i] = '\0';
    int n = snprintf(out, len, "%s/%s-%016llx.state", dir, stem, (unsigned long long)h);
    return (n < 0 || (size_t)n >= len) ? RESUME_EIO : RESUME_OK;
}

int resume_load(const char *leaflet_path, struct resume_state *rs)
{
    char path[PATH_MAX + 100];
    memset(rs, 0, sizeof *rs);
    char dir[PATH_MAX];
    if (resume_file(leaflet_path, path, sizeof path) || state_dir(dir, sizeof dir))
        return RESUME_EIO;
    /* A place another user could have written is not taken. */
    if (folder_check(dir, NULL, 0) < 0)
        return errno == ENOENT ? RESUME_ENOENT : RESUME_EIO;
    FILE *f = regfile_fopen(path);
    if (!f)
        return errno == ENOENT ? RESUME_ENOENT : RESUME_EIO;
    char line[512];
    int bad = 0;
    while (fgets(line, sizeof line, f)) {
        size_t l = strlen(line);
        if (l && line[l - 1] == '\n')
            line[--l] = '\0';
        char *sp = strchr(line, ' ');
        if (!sp) {
            bad = 1;
            continue;
        }
        *sp = '\0';
        const char *v = sp + 1;
        if (!strcmp(line, "unit")) {
            snprintf(rs->unit, sizeof rs->unit, "%s", v);
        } else if (!strcmp(line, "sentence")) {
            char *end;
            unsigned long x = strtoul(v, &end, 10);
            if (*end || x > 100000)
                bad = 1;
            else
                rs->sentence = (size_t)x;
        } else if (!strcmp(line, "rate")) {
            char *end;
            long x = strtol(v, &end, 10);
            if (*end || x < 0 || x > 1000)
                bad = 1;
            else
                rs->rate = (int)x;
        } else if (!strcmp(line, "offset")) {
            char *end;
            long x = strtol(v, &end, 10);
            if (*end || x < -1000 || x > 1000) {
                bad = 1;
            } else {
                rs->offset = (int)x;
                rs->has_offset = 1;
            }
        } else if (!strcmp(line, "heading")) {
            snprintf(rs->heading, sizeof rs->heading, "%s", v);
        } else if (!strcmp(line, "before") && rs->n_before < RESUME_BEFORE) {
            snprintf(rs->before[rs->n_before++], sizeof rs->before[0], "%s", v);
        }
    }
    fclose(f);
    if (bad || !rs->unit[0]) {
        memset(rs, 0, sizeof *rs);
        return RESUME_EPARSE;
    }
    return RESUME_OK;
}

int resume_save(const char *leaflet_path, const struct resume_state *rs)
{
    char dir[PATH_MAX], path[PATH_MAX + 100], tmp[PATH_MAX + 120];
    if (state_dir(dir, sizeof dir) || resume_file(leaflet_path, path, sizeof path)) {
        errno = ENOENT;
        return RESUME_EIO;
    }
    if (make_dirs(dir))
        return RESUME_EIO;
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return RESUME_EIO;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        remove(tmp);
        errno = e;
        return RESUME_EIO;
    }
    fprintf(f, "unit %s\nsentence %zu\nrate %d\n", rs->unit, rs->sentence, rs->rate);
    if (rs->has_offset)
        fprintf(f, "offset %d\n", rs->offset);
    if (rs->heading[0])
        fprintf(f, "heading %s\n", rs->heading);
    for (size_t i = 0; i < rs->n_before; i++)
        fprintf(f, "before %s\n", rs->before[i]);
    int e = ferror(f) ? (errno ? errno : EIO) : 0;
    if ((fflush(f) != 0 || fsync(fileno(f)) != 0) && !e)
        e = errno ? errno : EIO;
    if (fclose(f) != 0 && !e)
        e = errno ? errno : EIO;
    if (!e && rename(tmp, path) != 0)
        e = errno;
    if (e) {
        remove(tmp);
        errno = e;
        return RESUME_EIO;
    }
    return RESUME_OK;
}

/* A heading as stored: newlines cannot occur (headings are one line), but be safe. */
static void copy_heading(char *dst, size_t len, const char *src)
{
    snprintf(dst, len, "%s", src ? src : "");
    for (char *p = dst; *p; p++) {
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    }
}

void resume_describe(const struct leaflet *lf, const struct speech_script *sc, size_t unit,
                     size_t sentence, int rate, struct resume_state *rs)
{
    memset(rs, 0, sizeof *rs);
    if (sc && unit == sc->n_units) {
        snprintf(rs->unit, sizeof rs->unit, "%s", RESUME_END);
        rs->rate = rate;
        return;
    }
    if (!sc || unit >= sc->n_units)
        return;
    const struct speech_unit *u = &sc->units[unit];
    snprintf(rs->unit, sizeof rs->unit, "%s", u->id);
    rs->sentence = sentence;
    rs->rate = rate;
    size_t s = u->kind == SPEECH_UNIT_UPDATED && lf->n_sections ? lf->n_sections - 1 : u->section;
    if (s >= lf->n_sections)
        return;
    copy_heading(rs->heading, sizeof rs->heading, lf->sections[s].heading);
    while (s > 0 && rs->n_before < RESUME_BEFORE) {
        s--;
        copy_heading(rs->before[rs->n_before++], sizeof rs->before[0], lf->sections[s].heading);
    }
}

static long section_named(const struct leaflet *lf, const char *heading)
{
    char h[256];
    for (size_t i = 0; i < lf->n_sections; i++) {
        copy_heading(h, sizeof h, lf->sections[i].heading);
        if (heading[0] && !strcmp(h, heading))
            return (long)i;
    }
    return -1;
}

static size_t first_unit_of(const struct speech_script *sc, size_t section)
{
    for (size_t u = 0; u < sc->n_units; u++) {
        if (sc->units[u].kind != SPEECH_UNIT_UPDATED && sc->units[u].section == section)
            return u;
    }
    return 0;
}

void resume_find(const struct resume_state *rs, const struct leaflet *lf,
                 const struct speech_script *sc, size_t *unit, size_t *sentence)
{
    *unit = 0;
    *sentence = 0;
    if (!rs || !lf || !sc || sc->n_units == 0)
        return;
    long s = section_named(lf, rs->heading);
    if (s >= 0) {
        for (size_t u = 0; u < sc->n_units; u++) {
            const struct speech_unit *su = &sc->units[u];
            size_t us = su->kind == SPEECH_UNIT_UPDATED && lf->n_sections ? lf->n_sections - 1
                                                                          : su->section;
            if (!strcmp(su->id, rs->unit) && us == (size_t)s) {
                *unit = u;
                *sentence = rs->sentence;
                return;
            }
        }
        *unit = first_unit_of(sc, (size_t)s);
        return;
    }
    for (size_t i = 0; i < rs->n_before; i++) {
        s = section_named(lf, rs->before[i]);
        if (s >= 0) {
            *unit = first_unit_of(sc, (size_t)s);
            return;
        }
    }
}

const char *resume_strerror(int status)
{
    switch (status) {
    case RESUME_OK:
        return "success";
    case RESUME_ENOENT:
        return "no saved place";
    case RESUME_EIO:
        return "cannot read or write the saved place";
    case RESUME_EPARSE:
        return "damaged saved place";
    default:
        return "unknown resume error";
    }
}
