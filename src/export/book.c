/* book: runs the DAISY and EPUB exports of a leaflet or a folder of leaflets over one
 * model and one set of MP3 files, each book staged and renamed into place. */
#define _GNU_SOURCE /* renameat2() */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/book.h"
#include "export/daisy.h"
#include "export/epub.h"
#include "export/mp3.h"
#include "export/phone.h"
#include "fileio.h"
#include "leafdir.h"

void book_xml(struct sbuf *b, const char *text)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&':
            sb_str(b, "&amp;");
            break;
        case '<':
            sb_str(b, "&lt;");
            break;
        case '>':
            sb_str(b, "&gt;");
            break;
        case '"':
            sb_str(b, "&quot;");
            break;
        default:
            sb_add(b, p, 1);
        }
    }
}

void book_clock(struct sbuf *b, double seconds, int decimals)
{
    char s[64];
    if (seconds < 0)
        seconds = 0;
    if (decimals) {
        long long msec = llround(seconds * 1000);
        snprintf(s, sizeof s, "%lld:%02lld:%02lld.%03lld", msec / 3600000, msec / 60000 % 60,
                 msec / 1000 % 60, msec % 1000);
    } else {
        long long sec = llround(seconds);
        snprintf(s, sizeof s, "%lld:%02lld:%02lld", sec / 3600, sec / 60 % 60, sec % 60);
    }
    sb_str(b, s);
}

size_t book_group_end(const struct export_model *m, size_t i)
{
    size_t k = i + 1;
    while (k < m->n_units && m->units[k].level == 0)
        k++;
    return k;
}

int book_write_file(const char *dir, const char *name, const void *data, size_t len,
                    char *err, size_t errlen)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    int ok = fd >= 0 && fchmod(fd, 0644) == 0 && fileio_write_all(fd, data, len) == 0 &&
             fsync(fd) == 0;
    int e = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (!ok) {
        if (fd >= 0)
            unlink(path);
        snprintf(err, errlen, "audioleaf export: %s: %s", path, strerror(e));
        errno = e;
        return BOOK_EIO;
    }
    return BOOK_OK;
}

/* ---- staging ---------------------------------------------------------------------- */

#define STAGE_TAG ".audioleaf-staging-"
#define STAGE_MARKER ".audioleaf-staging"

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return (flag == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

/* Remove PATH and all below it, never following links or leaving its file system. */
static int remove_tree(const char *path)
{
    return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* A staging folder beside TARGET: PARENT/.BASE.audioleaf-staging-XXXXXX holding a marker
 * that stays locked while this export runs. */
struct stage {
    char target[PATH_MAX]; /* the final name, links in its folder resolved */
    char parent[PATH_MAX];
    char base[NAME_MAX + 1];
    char dir[PATH_MAX];    /* the staging folder ("" when none) */
    int marker;            /* the locked marker, or -1 */
};

/* Split PATH into a resolved parent folder (made when missing) and a base name. */
static int stage_where(struct stage *s, const char *path, char *err, size_t errlen)
{
    char want[PATH_MAX];
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    if (len == 0 || len >= sizeof want) {
        snprintf(err, errlen, "audioleaf export: %s: %s", path, strerror(ENAMETOOLONG));
        return BOOK_EINPUT;
    }
    memcpy(want, path, len);
    want[len] = '\0';
    char *slash = strrchr(want, '/');
    const char *base = slash ? slash + 1 : want;
    char parent[PATH_MAX] = ".";
    if (slash == want)
        snprintf(parent, sizeof parent, "/");
    else if (slash)
        snprintf(parent, sizeof parent, "%.*s", (int)(slash - want), want);
    if (!strcmp(base, ".") || !strcmp(base, "..") || !base[0]) {
        snprintf(err, errlen, "audioleaf export: %s: give the book a name of its own", path);
        return BOOK_EINPUT;
    }
    if (fileio_make_dirs(parent) || !realpath(parent, s->parent)) {
        snprintf(err, errlen, "audioleaf export: %s: %s", parent, strerror(errno));
        return BOOK_EIO;
    }
    if (strlen(base) >= sizeof s->base) {
        snprintf(err, errlen, "audioleaf export: %s: %s", path, strerror(ENAMETOOLONG));
        return BOOK_EINPUT;
    }
    memcpy(s->base, base, strlen(base) + 1);
    if (snprintf(s->target, sizeof s->target, "%s/%s", s->parent, base) >=
        (int)sizeof s->target) {
        snprintf(err, errlen, "audioleaf export: %s: %s", path, strerror(ENAMETOOLONG));
        return BOOK_EINPUT;
    }
    return BOOK_OK;
}

/* Remove the staging folders of TARGET that killed runs left (marker not locked). */
static void stage_clean(const struct stage *s)
{
    char prefix[NAME_MAX + 64];
    snprintf(prefix, sizeof prefix, ".%.160s" STAGE_TAG, s->base);
    size_t plen = strlen(prefix);
    DIR *d = opendir(s->parent);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, plen) || strlen(e->d_name) != plen + 6)
            continue;
        char dir[PATH_MAX], marker[PATH_MAX + 32];
        struct stat st;
        if (snprintf(dir, sizeof dir, "%s/%s", s->parent, e->d_name) >= (int)sizeof dir ||
            lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
            continue;
        snprintf(marker, sizeof marker, "%s/" STAGE_MARKER, dir);
        int fd = open(marker, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
            rmdir(dir); /* killed before its marker was made: removed only when empty */
            continue;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            remove_tree(dir);
        close(fd);
    }
    if (d)
        closedir(d);
}

static int stage_begin(struct stage *s, char *err, size_t errlen)
{
    stage_clean(s);
    char prefix[NAME_MAX + 64];
    snprintf(prefix, sizeof prefix, ".%.160s" STAGE_TAG, s->base);
    if (snprintf(s->dir, sizeof s->dir, "%s/%sXXXXXX", s->parent, prefix) >=
            (int)sizeof s->dir ||
        !mkdtemp(s->dir)) {
        snprintf(err, errlen, "audioleaf export: %s: %s", s->parent, strerror(errno));
        s->dir[0] = '\0';
        return BOOK_EIO;
    }
    char marker[PATH_MAX + 32];
    snprintf(marker, sizeof marker, "%s/" STAGE_MARKER, s->dir);
    s->marker = open(marker, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (s->marker < 0 || flock(s->marker, LOCK_EX) != 0) {
        snprintf(err, errlen, "audioleaf export: %s: %s", marker, strerror(errno));
        return BOOK_EIO;
    }
    return BOOK_OK;
}

/* Remove the staging folder (whatever is left in it) and release its lock. */
static void stage_end(struct stage *s)
{
    int e = errno;
    if (s->dir[0])
        remove_tree(s->dir);
    s->dir[0] = '\0';
    if (s->marker >= 0)
        close(s->marker);
    s->marker = -1;
    errno = e;
}

/* Whether the DAISY book folder TARGET may be replaced: missing, empty, or an audioleaf
 * DAISY book (its ncc.html names audioleaf as its generator). */
static int daisy_target_ok(const struct stage *s, const char *shown, int *exists, char *err,
                           size_t errlen)
{
    struct stat st;
    *exists = 0;
    if (lstat(s->target, &st) != 0) {
        if (errno == ENOENT)
            return BOOK_OK;
        snprintf(err, errlen, "audioleaf export: %s: %s", shown, strerror(errno));
        return BOOK_EIO;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "audioleaf export: %s: not a folder (a DAISY book is a folder)",
                 shown);
        return BOOK_EINPUT;
    }
    *exists = 1;
    DIR *d = opendir(s->target);
    int empty = 1;
    struct dirent *e;
    while (d && empty && (e = readdir(d)) != NULL)
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    if (empty)
        return BOOK_OK;
    char ncc[PATH_MAX + 16], buf[8192];
    snprintf(ncc, sizeof ncc, "%s/ncc.html", s->target);
    int fd = open(ncc, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    ssize_t n = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)
                    ? read(fd, buf, sizeof buf - 1)
                    : -1;
    if (fd >= 0)
        close(fd);
    buf[n > 0 ? n : 0] = '\0';
    if (!strstr(buf, "<meta name=\"ncc:generator\" content=\"audioleaf ")) {
        snprintf(err, errlen,
                 "audioleaf export: %s is not empty and holds no DAISY book of audioleaf: "
                 "not replacing it; give a new or empty folder", shown);
        return BOOK_EINPUT;
    }
    return BOOK_OK;
}

/* Put the complete book in S->dir/book in the place of S->target. */
static int daisy_commit(struct stage *s, int exists, const char *shown, char *err,
                        size_t errlen)
{
    char book[PATH_MAX + 8];
    snprintf(book, sizeof book, "%s/book", s->dir);
    int rc;
    if (exists) {
        rc = renameat2(AT_FDCWD, book, AT_FDCWD, s->target, RENAME_EXCHANGE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP)) {
            char old[PATH_MAX + 8];
            snprintf(old, sizeof old, "%s/old", s->dir);
            rc = rename(s->target, old);
            if (rc == 0 && (rc = rename(book, s->target)) != 0) {
                int e = errno;
                rename(old, s->target);
                errno = e;
            }
        }
    } else {
        rc = renameat2(AT_FDCWD, book, AT_FDCWD, s->target, RENAME_NOREPLACE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP))
            rc = rename(book, s->target);
    }
    if (rc != 0) {
        snprintf(err, errlen, "audioleaf export: %s: %s", shown, strerror(errno));
        return BOOK_EIO;
    }
    int pfd = open(s->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (pfd >= 0) {
        fsync(pfd);
        close(pfd);
    }
    return BOOK_OK;
}

/* ---- one leaflet ------------------------------------------------------------------ */

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One line per file of the book folder DIR (shown as SHOWN), in name order. */
static void list_files(FILE *f, const char *dir, const char *shown)
{
    DIR *d = opendir(dir);
    char *names[4096];
    size_t n = 0;
    struct dirent *e;
    while (d && n < sizeof names / sizeof names[0] && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && (names[n] = strdup(e->d_name)) != NULL)
            n++;
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) {
        char p[PATH_MAX + NAME_MAX + 2];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        long long size = stat(p, &st) == 0 ? (long long)st.st_size : 0;
        fprintf(f, "%s/%s %lld bytes\n", shown, names[i], size);
        free(names[i]);
    }
}

/* Encode every unit of M as DIR/UNIT-ID.mp3. */
static int encode_units(const struct export_model *m, const char *dir, char *err,
                        size_t errlen)
{
    for (size_t i = 0; i < m->n_units; i++) {
        const struct export_unit *u = &m->units[i];
        int16_t *s = NULL;
        size_t n = 0;
        int rc = export_model_samples(u, &s, &n, err, errlen);
        if (rc)
            return rc == EXPORT_MODEL_ENOMEM ? BOOK_ENOMEM : BOOK_ECACHE;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s.mp3", dir, u->id);
        rc = mp3_write(path, s, n, u->rate, MP3_LEVEL);
        free(s);
        if (rc) {
            snprintf(err, errlen, "audioleaf export: %s: %s%s%s", path, mp3_strerror(rc),
                     rc == MP3_EIO ? ": " : "", rc == MP3_EIO ? strerror(errno) : "");
            return rc == MP3_EIO ? BOOK_EIO : rc == MP3_ENOMEM ? BOOK_ENOMEM : BOOK_EAUDIO;
        }
    }
    return BOOK_OK;
}

/* Export LEAFLET to DAISY (DAISY_OUT) and/or EPUB (EPUB_OUT). */
static int export_leaflet(const struct book_options *o, const char *leaflet,
                          const char *daisy_out, const char *epub_out, char *err,
                          size_t errlen)
{
    struct export_model_options mo = {.leaflet = leaflet, .language = o->language,
                                      .voice = o->voice, .cache_dir = o->cache_dir};
    struct export_model *m = NULL;
    struct stage ds = {.marker = -1}, es = {.marker = -1};
    int exists = 0;
    char audio[PATH_MAX + 8] = "";
    /* Where the books go is settled (and a folder that may not be replaced refused)
     * before any work. */
    int rc = BOOK_OK;
    if (daisy_out) {
        rc = stage_where(&ds, daisy_out, err, errlen);
        if (!rc)
            rc = daisy_target_ok(&ds, daisy_out, &exists, err, errlen);
    }
    if (!rc && epub_out) {
        rc = stage_where(&es, epub_out, err, errlen);
        struct stat st;
        if (!rc && stat(es.target, &st) == 0 && S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "audioleaf export: %s is a folder: give the EPUB file's "
                                  "name (OUT.epub)", epub_out);
            rc = BOOK_EINPUT;
        }
    }
    if (rc)
        return rc;
    int mrc = export_model_load(&mo, &m, err, errlen);
    if (mrc) {
        return mrc == EXPORT_MODEL_ENOMEM  ? BOOK_ENOMEM
               : mrc == EXPORT_MODEL_EINPUT ? BOOK_EINPUT
                                           : BOOK_ECACHE;
    }
    /* The MP3 files: in the DAISY book being staged, else in a staging folder beside the
     * EPUB that is removed afterwards. */
    struct stage *work = daisy_out ? &ds : &es;
    rc = stage_begin(work, err, errlen);
    if (!rc) {
        snprintf(audio, sizeof audio, "%s/book", work->dir);
        if (mkdir(audio, 0755) != 0) {
            snprintf(err, errlen, "audioleaf export: %s: %s", audio, strerror(errno));
            rc = BOOK_EIO;
        }
    }
    if (!rc)
        rc = encode_units(m, audio, err, errlen);
    if (!rc && daisy_out) {
        rc = export_daisy_write(m, audio, err, errlen);
        if (!rc && exists) {
            struct stat st;
            if (stat(ds.target, &st) == 0)
                chmod(audio, st.st_mode & 07777);
        }
    }
    if (!rc && epub_out) {
        /* The archive is made in a staging folder beside the EPUB (so a killed run leaves
         * nothing but that folder, removed by the next run), synced, then renamed. */
        char tmp[PATH_MAX + 16];
        if (daisy_out)
            rc = stage_begin(&es, err, errlen);
        snprintf(tmp, sizeof tmp, "%s/book.epub", es.dir);
        if (!rc)
            rc = export_epub_write(m, audio, tmp, err, errlen);
        if (!rc) {
            int fd = open(tmp, O_RDONLY | O_CLOEXEC);
            if (fd < 0 || fsync(fd) != 0 || rename(tmp, es.target) != 0) {
                snprintf(err, errlen, "audioleaf export: %s: %s", epub_out, strerror(errno));
                rc = BOOK_EIO;
            }
            if (fd >= 0)
                close(fd);
        }
        if (!rc && o->progress)
            fprintf(o->progress, "%s (EPUB 3, %zu units, %.1f s of speech)\n", epub_out,
                    m->n_units, m->seconds);
    }
    if (!rc && daisy_out) {
        rc = daisy_commit(&ds, exists, daisy_out, err, errlen);
        if (!rc && o->progress)
            list_files(o->progress, ds.target, daisy_out);
    }
    stage_end(&ds);
    stage_end(&es);
    export_model_free(m);
    return rc;
}

int book_export(const struct book_options *o, char *err, size_t errlen)
{
    err[0] = '\0';
    struct stat st;
    if (stat(o->input, &st) != 0) {
        snprintf(err, errlen, "%s: cannot open: %s", o->input, strerror(errno));
        return BOOK_EINPUT;
    }
    if (!S_ISDIR(st.st_mode))
        return export_leaflet(o, o->input, o->daisy, o->epub, err, errlen);
    /* A folder: one book per leaflet, named after it, in the folders given. */
    char **leaflets = NULL;
    size_t n = 0;
    if (leafdir_list(o->input, &leaflets, &n) != 0) {
        snprintf(err, errlen, "%s: cannot read: %s", o->input, strerror(errno));
        return BOOK_EINPUT;
    }
    int rc = n == 0 ? BOOK_EINPUT : BOOK_OK;
    if (n == 0)
        snprintf(err, errlen, "audioleaf export: %s: no leaflets (*.txt) in this folder",
                 o->input);
    if (!rc && o->daisy && fileio_make_dirs(o->daisy)) {
        snprintf(err, errlen, "audioleaf export: %s: %s", o->daisy, strerror(errno));
        rc = BOOK_EIO;
    }
    if (!rc && o->epub && fileio_make_dirs(o->epub)) {
        snprintf(err, errlen, "audioleaf export: %s: %s", o->epub, strerror(errno));
        rc = BOOK_EIO;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        char name[64], dpath[PATH_MAX], epath[PATH_MAX];
        export_phone_name(leaflets[i], name, sizeof name);
        snprintf(dpath, sizeof dpath, "%s/%s", o->daisy ? o->daisy : "", name);
        snprintf(epath, sizeof epath, "%s/%s.epub", o->epub ? o->epub : "", name);
        rc = export_leaflet(o, leaflets[i], o->daisy ? dpath : NULL, o->epub ? epath : NULL,
                            err, errlen);
    }
    leafdir_free(leaflets, n);
    return rc;
}

const char *book_strerror(int status)
{
    switch (status) {
    case BOOK_OK:
        return "success";
    case BOOK_ENOMEM:
        return "out of memory";
    case BOOK_EIO:
        return "cannot write the book";
    case BOOK_EINPUT:
        return "unusable leaflet or output";
    case BOOK_ECACHE:
        return "cannot render or read a unit";
    case BOOK_EAUDIO:
        return "cannot encode MP3";
    default:
        return "unknown export error";
    }
}

/* The sentences of part P of U (from its sentence *K on) as spans with their ids. */
static void part_spans(struct sbuf *b, const struct export_unit *u, size_t p, size_t *k)
{
    int first = 1;
    for (; *k < u->n_sentences && u->sentences[*k].part == p; (*k)++) {
        char id[64];
        snprintf(id, sizeof id, "%s_%zu", u->id, *k + 1);
        sb_str(b, first ? "<span id=\"" : " <span id=\"");
        sb_str(b, id);
        sb_str(b, "\">");
        book_xml(b, u->sentences[*k].text);
        sb_str(b, "</span>");
        first = 0;
    }
}

void book_units_html(struct sbuf *b, const struct export_model *m, size_t from, size_t to)
{
    int in_list = 0;
    for (size_t i = from; i < to; i++) {
        const struct export_unit *u = &m->units[i];
        if (in_list && u->kind != EXPORT_UNIT_ITEM) {
            sb_str(b, "</ul>\n");
            in_list = 0;
        }
        size_t k = 0;
        for (size_t p = 0; p < u->n_parts; p++) {
            if (u->kind == EXPORT_UNIT_ITEM) {
                sb_str(b, in_list ? "<li>" : "<ul>\n<li>");
                in_list = 1;
                part_spans(b, u, p, &k);
                sb_str(b, "</li>\n");
            } else if ((p == 0 && u->has_heading) || u->kind == EXPORT_UNIT_QUESTION) {
                char tag[40];
                int level = u->level > 0 ? u->level : 1;
                snprintf(tag, sizeof tag, "<h%d%s>", level,
                         u->kind == EXPORT_UNIT_TITLE ? " class=\"title\"" : "");
                sb_str(b, tag);
                part_spans(b, u, p, &k);
                snprintf(tag, sizeof tag, "</h%d>\n", level);
                sb_str(b, tag);
            } else {
                sb_str(b, u->kind == EXPORT_UNIT_UPDATED ? "<p class=\"updated\">" : "<p>");
                part_spans(b, u, p, &k);
                sb_str(b, "</p>\n");
            }
        }
    }
    if (in_list)
        sb_str(b, "</ul>\n");
}
