/* book: runs the DAISY and EPUB exports of a leaflet or a folder of leaflets over one
 * model and one set of MP3 files, each book staged and renamed into place. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/book.h"
#include "export/daisy.h"
#include "export/epub.h"
#include "export/mp3.h"
#include "export/phone.h"
#include "export/stage.h"
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

/* ---- staging (export/stage.h) ------------------------------------------------------ */

_Static_assert(BOOK_EIO == (int)EXPORT_STAGE_EIO && BOOK_EINPUT == (int)EXPORT_STAGE_EINPUT,
               "the stage's failures are the book's");

/* An audioleaf DAISY book: its ncc.html names audioleaf as its generator. */
static int daisy_ours(const char *ncc)
{
    return strstr(ncc, "<meta name=\"ncc:generator\" content=\"audioleaf ") != NULL;
}

/* Whether the DAISY book folder S->target may be replaced: missing, empty, or an audioleaf
 * DAISY book. */
static int daisy_target_ok(const struct export_stage *s, const char *shown, int *exists,
                           char *err, size_t errlen)
{
    switch (export_stage_target_ok(s, "ncc.html", daisy_ours, exists)) {
    case EXPORT_STAGE_OK:
        return BOOK_OK;
    case EXPORT_STAGE_ENOTDIR:
        snprintf(err, errlen, "audioleaf export: %s: not a folder (a DAISY book is a folder)",
                 shown);
        return BOOK_EINPUT;
    case EXPORT_STAGE_EFOREIGN:
        snprintf(err, errlen,
                 "audioleaf export: %s is not empty and holds no DAISY book of audioleaf: "
                 "not replacing it; give a new or empty folder", shown);
        return BOOK_EINPUT;
    default:
        snprintf(err, errlen, "audioleaf export: %s: %s", shown, strerror(errno));
        return BOOK_EIO;
    }
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
    struct export_stage ds = EXPORT_STAGE_INIT, es = EXPORT_STAGE_INIT;
    int exists = 0;
    char audio[PATH_MAX + 8] = "";
    /* Where the books go is settled (and a folder that may not be replaced refused)
     * before any work. */
    int rc = BOOK_OK;
    if (daisy_out) {
        rc = export_stage_where(&ds, daisy_out, err, errlen);
        if (!rc)
            rc = daisy_target_ok(&ds, daisy_out, &exists, err, errlen);
    }
    if (!rc && epub_out) {
        rc = export_stage_where(&es, epub_out, err, errlen);
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
    struct export_stage *work = daisy_out ? &ds : &es;
    rc = export_stage_begin(work, err, errlen);
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
            rc = export_stage_begin(&es, err, errlen);
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
        char book[PATH_MAX + 8];
        snprintf(book, sizeof book, "%s/book", ds.dir);
        rc = export_stage_commit(&ds, book, exists, daisy_out, err, errlen);
        if (!rc && o->progress)
            list_files(o->progress, ds.target, daisy_out);
    }
    export_stage_end(&ds);
    export_stage_end(&es);
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
