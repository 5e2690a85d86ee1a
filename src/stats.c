/* stats: writes the opt-in listening log one whole JSON line at a time and summarises it
 * per leaflet and section. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "fileio.h"
#include "folder.h"
#include "stats.h"

int stats_enabled(int flag)
{
    const char *env = getenv("AUDIOLEAF_LOG");
    return flag || (env && *env && strcmp(env, "0"));
}

int stats_log_path(char *buf, size_t len)
{
    const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int n;
    if (x && x[0] == '/')
        n = snprintf(buf, len, "%s/audioleaf/listening.jsonl", x);
    else if (home && home[0] == '/')
        n = snprintf(buf, len, "%s/.local/state/audioleaf/listening.jsonl", home);
    else
        return STATS_EINVAL;
    return n < 0 || (size_t)n >= len ? STATS_ENOMEM : STATS_OK;
}

enum { FIELD_MAX = 1024 }; /* bytes of a name, title or heading kept in a record */

/* S, or its first FIELD_MAX bytes (not cutting a UTF-8 character) copied into BUF. */
static const char *clip(const char *s, char buf[FIELD_MAX + 1])
{
    if (!s || strlen(s) <= FIELD_MAX)
        return s;
    size_t n = FIELD_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

int stats_format(const struct stats_record *r, char **line)
{
    *line = NULL;
    if (!r->leaflet || !*r->leaflet || !r->unit || !*r->unit)
        return STATS_EINVAL;
    char cl[4][FIELD_MAX + 1];
    const char *leaflet = clip(r->leaflet, cl[0]), *title = clip(r->title, cl[1]);
    const char *unit = clip(r->unit, cl[2]), *heading = clip(r->heading, cl[3]);
    /* Rounded down to the hour: enough to see when a device is used, not who used it. */
    time_t hour = r->when - r->when % 3600;
    struct tm tm;
    char when[32];
    if (!gmtime_r(&hour, &tm) || !strftime(when, sizeof when, "%Y-%m-%dT%H:00Z", &tm))
        return STATS_EINVAL;
    double seconds = r->seconds > 0 ? round(r->seconds * 10) / 10 : 0;
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddStringToObject(o, "time", when) ||
        !cJSON_AddStringToObject(o, "leaflet", leaflet) ||
        !cJSON_AddStringToObject(o, "title", title ? title : "") ||
        (r->language && !cJSON_AddStringToObject(o, "language", r->language)) ||
        !cJSON_AddStringToObject(o, "unit", unit) ||
        (heading && !cJSON_AddStringToObject(o, "section", heading)) ||
        !cJSON_AddNumberToObject(o, "seconds", seconds) ||
        !cJSON_AddStringToObject(o, "end", r->finished ? "finished" : "skipped")) {
        cJSON_Delete(o);
        return STATS_ENOMEM;
    }
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!text)
        return STATS_ENOMEM;
    size_t n = strlen(text);
    *line = malloc(n + 2);
    if (*line) {
        memcpy(*line, text, n);
        (*line)[n] = '\n';
        (*line)[n + 1] = '\0';
    }
    cJSON_free(text);
    return *line ? STATS_OK : STATS_ENOMEM;
}

/* mkdir -p for the folder of PATH (0700). */
static int make_parents(const char *path)
{
    char dir[4096];
    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

/* Append LINE (N bytes, ending in '\n') to the open log FD under an exclusive lock,
 * after a '\n' when the log ends without one; roll a failed write back. */
static int append_locked(int fd, const char *line, size_t n)
{
    int rc;
    while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
        ;
    if (rc != 0)
        return STATS_EIO;
    struct stat st;
    if (fstat(fd, &st) != 0)
        return STATS_EIO;
    char last = '\n';
    if (st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) != 1)
        return STATS_EIO;
    if ((last != '\n' && fileio_write_all(fd, "\n", 1) != 0) || fileio_write_all(fd, line, n) != 0) {
        int saved = errno;
        /* Take back what went out, so the log never ends in half a record. */
        while (ftruncate(fd, st.st_size) != 0 && errno == EINTR)
            ;
        errno = saved;
        return STATS_EIO;
    }
    return STATS_OK; /* the lock goes with the descriptor */
}

int stats_append(const char *path, const struct stats_record *r)
{
    char def[4096];
    if (!path) {
        int rc = stats_log_path(def, sizeof def);
        if (rc)
            return rc;
        path = def;
    }
    char *line = NULL;
    int rc = stats_format(r, &line);
    if (rc)
        return rc;
    char dir[4096];
    if (path == def ? folder_state(dir, sizeof dir) != 0 || folder_make(dir, NULL, 0) < 0
                    : make_parents(path) != 0) {
        free(line);
        return STATS_EIO;
    }
    /* O_NONBLOCK: a FIFO put in the log's place must not stop the player. */
    int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0600);
    if (fd < 0) {
        free(line);
        return STATS_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0)
        rc = STATS_EIO;
    else if (!S_ISREG(st.st_mode))
        rc = STATS_ENOTREG;
    else
        rc = append_locked(fd, line, strlen(line));
    int saved = errno;
    free(line);
    if (close(fd) != 0 && rc == STATS_OK)
        return STATS_EIO;
    errno = saved;
    return rc;
}

/* ---- tracker ---------------------------------------------------------------------- */

void stats_track_leaflet(struct stats_tracker *t, int on, const char *path, const char *title,
                         const char *language, int rate)
{
    memset(t, 0, sizeof *t);
    t->on = on;
    const char *slash = path ? strrchr(path, '/') : NULL;
    t->leaflet = slash ? slash + 1 : path;
    t->title = title;
    t->language = language;
    t->rate = rate > 0 ? rate : 1;
}

int stats_track_stop(struct stats_tracker *t, int finished, size_t end_frame)
{
    if (!t->on || !t->active)
        return STATS_OK;
    t->active = 0;
    size_t upto = finished ? end_frame : t->upto;
    if (!finished && upto <= t->from)
        return STATS_OK; /* left before any of it was heard: not played */
    struct stats_record r = {
        .leaflet = t->leaflet,
        .title = t->title,
        .language = t->language,
        .unit = t->unit,
        .heading = t->heading,
        .seconds = upto > t->from ? (double)(upto - t->from) / t->rate : 0,
        .finished = finished,
        .when = time(NULL),
    };
    int rc = stats_append(NULL, &r);
    if (rc && !t->failed) {
        t->failed = 1;
        char path[4096] = "";
        stats_log_path(path, sizeof path);
        fprintf(stderr, "audioleaf: cannot write the listening log %s: %s\n", path,
                rc == STATS_EIO ? strerror(errno) : stats_strerror(rc));
    }
    return rc;
}

int stats_track_play(struct stats_tracker *t, const char *unit, const char *heading, size_t frame,
                     int restart)
{
    if (!t->on)
        return STATS_OK;
    if (t->active && !restart && !strcmp(t->unit, unit))
        return STATS_OK; /* the same unit going on */
    int rc = stats_track_stop(t, 0, 0);
    snprintf(t->unit, sizeof t->unit, "%s", unit);
    snprintf(t->heading, sizeof t->heading, "%s", heading ? heading : "");
    t->from = frame;
    t->upto = frame;
    t->active = 1;
    return rc;
}

void stats_track_heard(struct stats_tracker *t, const char *unit, size_t frame)
{
    if (t->on && t->active && !strcmp(t->unit, unit) && frame > t->upto)
        t->upto = frame;
}

/* ---- summary ---------------------------------------------------------------------- */

struct counts {
    long started, finished, skipped;
    double seconds;
};

struct section {
    char *id; /* "s3", "updated" */
    char *heading;
    struct counts c;
};

struct leaflet_sum {
    char *name;
    char *title;
    struct counts c;
    struct section *sec;
    size_t n_sec, cap_sec;
};

struct stats_summary {
    struct leaflet_sum *lf;
    size_t n_lf, cap_lf;
    long records;
};

int stats_summary_new(struct stats_summary **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? STATS_OK : STATS_ENOMEM;
}

void stats_summary_free(struct stats_summary *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_lf; i++) {
        for (size_t k = 0; k < s->lf[i].n_sec; k++) {
            free(s->lf[i].sec[k].id);
            free(s->lf[i].sec[k].heading);
        }
        free(s->lf[i].sec);
        free(s->lf[i].name);
        free(s->lf[i].title);
    }
    free(s->lf);
    free(s);
}

/* Replace *DST by a copy of SRC; 0 or -1. */
static int set_str(char **dst, const char *src)
{
    char *c = strdup(src);
    if (!c)
        return -1;
    free(*dst);
    *dst = c;
    return 0;
}

static int line_error(int *col, int at, char *msg, size_t msglen, const char *text)
{
    *col = at;
    snprintf(msg, msglen, "%s", text);
    return STATS_ELINE;
}

static void count(struct counts *c, int finished, double seconds)
{
    c->started++;
    if (finished)
        c->finished++;
    else
        c->skipped++;
    c->seconds += seconds;
}

int stats_add_line(struct stats_summary *s, const char *line, size_t len, int *col, char *msg,
                   size_t msglen)
{
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithLengthOpts(line, len, &end, 0);
    if (!o) {
        int at = end && end >= line && end <= line + len ? (int)(end - line) + 1 : 1;
        return line_error(col, at, msg, msglen, "not a JSON object (a damaged log line?)");
    }
    size_t used = (size_t)(end - line);
    while (used < len && (line[used] == ' ' || line[used] == '\t' || line[used] == '\r'))
        used++;
    int rc = STATS_OK;
    const cJSON *leaflet = cJSON_GetObjectItemCaseSensitive(o, "leaflet");
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(o, "title");
    const cJSON *unit = cJSON_GetObjectItemCaseSensitive(o, "unit");
    const cJSON *heading = cJSON_GetObjectItemCaseSensitive(o, "section");
    const cJSON *seconds = cJSON_GetObjectItemCaseSensitive(o, "seconds");
    const cJSON *how = cJSON_GetObjectItemCaseSensitive(o, "end");
    if (used < len)
        rc = line_error(col, (int)used + 1, msg, msglen, "text after the record");
    else if (!cJSON_IsObject(o))
        rc = line_error(col, 1, msg, msglen, "not a JSON object");
    else if (!cJSON_IsString(leaflet) || !*leaflet->valuestring)
        rc = line_error(col, 1, msg, msglen, "no \"leaflet\" name");
    else if (!cJSON_IsString(unit) || !*unit->valuestring)
        rc = line_error(col, 1, msg, msglen, "no \"unit\" id");
    else if (!cJSON_IsNumber(seconds) || !(seconds->valuedouble >= 0) ||
             seconds->valuedouble > 1e7)
        rc = line_error(col, 1, msg, msglen, "\"seconds\" is not a number of seconds");
    else if (!cJSON_IsString(how) ||
             (strcmp(how->valuestring, "finished") && strcmp(how->valuestring, "skipped")))
        rc = line_error(col, 1, msg, msglen, "\"end\" is neither \"finished\" nor \"skipped\"");
    if (rc) {
        cJSON_Delete(o);
        return rc;
    }
    int finished = !strcmp(how->valuestring, "finished");
    double secs = seconds->valuedouble;
    /* The leaflet, then the section ("s7" for unit "s7.q2"). */
    struct leaflet_sum *l = NULL;
    for (size_t i = 0; i < s->n_lf && !l; i++)
        if (!strcmp(s->lf[i].name, leaflet->valuestring))
            l = &s->lf[i];
    if (!l) {
        if (s->n_lf == s->cap_lf) {
            size_t cap = s->cap_lf ? 2 * s->cap_lf : 8;
            struct leaflet_sum *n = realloc(s->lf, cap * sizeof *n);
            if (!n)
                goto nomem;
            s->lf = n;
            s->cap_lf = cap;
        }
        l = &s->lf[s->n_lf];
        memset(l, 0, sizeof *l);
        if (!(l->name = strdup(leaflet->valuestring)))
            goto nomem;
        s->n_lf++;
    }
    if (cJSON_IsString(title) && *title->valuestring && set_str(&l->title, title->valuestring))
        goto nomem;
    size_t idlen = strcspn(unit->valuestring, ".");
    struct section *sec = NULL;
    for (size_t k = 0; k < l->n_sec && !sec; k++)
        if (strlen(l->sec[k].id) == idlen && !strncmp(l->sec[k].id, unit->valuestring, idlen))
            sec = &l->sec[k];
    if (!sec) {
        if (l->n_sec == l->cap_sec) {
            size_t cap = l->cap_sec ? 2 * l->cap_sec : 8;
            struct section *n = realloc(l->sec, cap * sizeof *n);
            if (!n)
                goto nomem;
            l->sec = n;
            l->cap_sec = cap;
        }
        sec = &l->sec[l->n_sec];
        memset(sec, 0, sizeof *sec);
        if (!(sec->id = strndup(unit->valuestring, idlen)))
            goto nomem;
        l->n_sec++;
    }
    /* A unit of the section other than its own (an item) does not carry its heading,
     * but the player logs the section heading with every unit. */
    if (cJSON_IsString(heading) && *heading->valuestring &&
        set_str(&sec->heading, heading->valuestring))
        goto nomem;
    count(&sec->c, finished, secs);
    count(&l->c, finished, secs);
    s->records++;
    cJSON_Delete(o);
    return STATS_OK;
nomem:
    cJSON_Delete(o);
    return STATS_ENOMEM;
}

/* Read the next line of F into LINE (at most STATS_LINE_MAX bytes kept, no '\n'), its
 * length in *LEN.  Returns 0 at the end of the file, else 1 (a whole line), 2 (the last
 * line, without '\n') or 3 (longer than STATS_LINE_MAX: read to its end and dropped). */
static int next_line(FILE *f, char *line, size_t *len)
{
    size_t n = 0;
    int c, over = 0;
    while ((c = getc_unlocked(f)) != EOF && c != '\n') {
        if (n < STATS_LINE_MAX)
            line[n++] = (char)c;
        else
            over = 1;
    }
    *len = n;
    if (c == EOF && n == 0 && !over)
        return 0;
    return over ? 3 : c == EOF ? 2 : 1;
}

int stats_add_file(struct stats_summary *s, const char *path, FILE *warn, size_t *bad)
{
    if (bad)
        *bad = 0;
    /* O_NONBLOCK: a FIFO with no writer must not hang the open. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return STATS_EIO;
    struct stat st;
    int rc = fstat(fd, &st) != 0 ? STATS_EIO : !S_ISREG(st.st_mode) ? STATS_ENOTREG : STATS_OK;
    if (rc) {
        int saved = errno;
        close(fd);
        errno = saved;
        return rc;
    }
    FILE *f = fdopen(fd, "rb");
    char *line = malloc(STATS_LINE_MAX + 1);
    if (!f || !line) {
        if (f)
            fclose(f);
        else
            close(fd);
        free(line);
        return STATS_ENOMEM;
    }
    size_t len;
    long no = 0;
    int kind;
    while ((kind = next_line(f, line, &len)) != 0) {
        no++;
        if (len == 0 && kind != 3)
            continue;
        int col = 1;
        char msg[200] = "";
        int r;
        if (kind == 3) {
            char why[80];
            snprintf(why, sizeof why, "line longer than %d bytes", STATS_LINE_MAX);
            r = line_error(&col, STATS_LINE_MAX + 1, msg, sizeof msg, why);
        } else if (kind == 2) /* a line cut short, e.g. by a power cut while it was written */
            r = line_error(&col, (int)len + 1, msg, sizeof msg, "unfinished last line");
        else
            r = stats_add_line(s, line, len, &col, msg, sizeof msg);
        if (r == STATS_ENOMEM) {
            rc = r;
            break;
        }
        if (r) {
            if (bad)
                (*bad)++;
            if (warn)
                fprintf(warn, "%s:%ld:%d: %s\n", path, no, col, msg);
        }
    }
    int err = ferror(f);
    free(line);
    fclose(f);
    if (!rc && err) {
        errno = EIO;
        rc = STATS_EIO;
    }
    return rc;
}

/* Section order: s1, s2, ... s10 by number, anything else ("updated") after them. */
static int by_section(const void *a, const void *b)
{
    const struct section *x = a, *y = b;
    char *ex, *ey;
    long nx = x->id[0] == 's' ? strtol(x->id + 1, &ex, 10) : -1;
    long ny = y->id[0] == 's' ? strtol(y->id + 1, &ey, 10) : -1;
    if (nx >= 0 && *ex)
        nx = -1;
    if (ny >= 0 && *ey)
        ny = -1;
    if (nx >= 0 && ny >= 0)
        return (nx > ny) - (nx < ny);
    if (nx >= 0 || ny >= 0)
        return nx >= 0 ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int by_leaflet(const void *a, const void *b)
{
    return strcmp(((const struct leaflet_sum *)a)->name, ((const struct leaflet_sum *)b)->name);
}

static cJSON *counts_json(const char *key, const char *name, const char *key2, const char *name2,
                          const struct counts *c)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddStringToObject(o, key, name) ||
        !cJSON_AddStringToObject(o, key2, name2 ? name2 : "") ||
        !cJSON_AddNumberToObject(o, "started", (double)c->started) ||
        !cJSON_AddNumberToObject(o, "finished", (double)c->finished) ||
        !cJSON_AddNumberToObject(o, "skipped", (double)c->skipped) ||
        !cJSON_AddNumberToObject(o, "seconds", round(c->seconds * 10) / 10)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static void print_counts(FILE *out, const struct counts *c)
{
    long secs = lround(c->seconds);
    fprintf(out, "started %ld, finished %ld, skipped %ld, listened ", c->started, c->finished,
            c->skipped);
    if (secs >= 60)
        fprintf(out, "%ld min %ld s\n", secs / 60, secs % 60);
    else
        fprintf(out, "%ld s\n", secs);
}

int stats_summary_print(struct stats_summary *s, int json, FILE *out)
{
    struct stats_summary *m = s;
    if (m->n_lf)
        qsort(m->lf, m->n_lf, sizeof *m->lf, by_leaflet);
    for (size_t i = 0; i < m->n_lf; i++)
        if (m->lf[i].n_sec)
            qsort(m->lf[i].sec, m->lf[i].n_sec, sizeof *m->lf[i].sec, by_section);
    if (!json) {
        if (s->n_lf == 0)
            fprintf(out, "Nothing heard yet.\n");
        for (size_t i = 0; i < s->n_lf; i++) {
            const struct leaflet_sum *l = &s->lf[i];
            fprintf(out, "%s: %s: ", l->name, l->title ? l->title : "");
            print_counts(out, &l->c);
            for (size_t k = 0; k < l->n_sec; k++) {
                fprintf(out, "  %s %s: ", l->sec[k].id,
                        l->sec[k].heading ? l->sec[k].heading : "");
                print_counts(out, &l->sec[k].c);
            }
        }
        return ferror(out) ? STATS_EIO : STATS_OK;
    }
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = root ? cJSON_AddArrayToObject(root, "leaflets") : NULL;
    if (!arr || !cJSON_AddNumberToObject(root, "records", (double)s->records))
        goto nomem;
    for (size_t i = 0; i < s->n_lf; i++) {
        const struct leaflet_sum *l = &s->lf[i];
        cJSON *lo = counts_json("leaflet", l->name, "title", l->title, &l->c);
        if (!lo)
            goto nomem;
        cJSON_AddItemToArray(arr, lo);
        cJSON *secs = cJSON_AddArrayToObject(lo, "sections");
        if (!secs)
            goto nomem;
        for (size_t k = 0; k < l->n_sec; k++) {
            cJSON *so =
                counts_json("section", l->sec[k].id, "heading", l->sec[k].heading, &l->sec[k].c);
            if (!so)
                goto nomem;
            cJSON_AddItemToArray(secs, so);
        }
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return STATS_ENOMEM;
    fprintf(out, "%s\n", text);
    cJSON_free(text);
    return ferror(out) ? STATS_EIO : STATS_OK;
nomem:
    cJSON_Delete(root);
    return STATS_ENOMEM;
}

const char *stats_strerror(int status)
{
    switch (status) {
    case STATS_OK:
        return "success";
    case STATS_ENOMEM:
        return "out of memory";
    case STATS_EIO:
        return "cannot read or write the listening log";
    case STATS_EINVAL:
        return "no place for the listening log (set XDG_STATE_HOME or HOME)";
    case STATS_ELINE:
        return "not a listening record";
    case STATS_ENOTREG:
        return "the listening log is not a regular file";
    default:
        return "unknown statistics error";
    }
}
