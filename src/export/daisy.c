/* daisy: the DAISY 2.02 writer (export/daisy.h), after the DAISY 2.02 Specification
 * (2001): NCC, full-text content document and SMIL 1.0 files over the unit MP3s. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "export/book.h"
#include "export/daisy.h"

#define DAISY_CONTENT "content.html"

static const char XHTML_HEAD[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n";

/* <meta name="NAME" content="VALUE"/> */
static void meta(struct sbuf *b, const char *name, const char *value, const char *scheme)
{
    sb_str(b, "<meta name=\"");
    sb_str(b, name);
    sb_str(b, "\" content=\"");
    book_xml(b, value);
    if (scheme) {
        sb_str(b, "\" scheme=\"");
        sb_str(b, scheme);
    }
    sb_str(b, "\"/>\n");
}

static void html_open(struct sbuf *b, const struct export_model *m)
{
    sb_str(b, XHTML_HEAD);
    sb_str(b, "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"");
    book_xml(b, m->language);
    sb_str(b, "\" lang=\"");
    book_xml(b, m->language);
    sb_str(b, "\">\n<head>\n<meta http-equiv=\"Content-type\" "
              "content=\"text/html; charset=utf-8\"/>\n<title>");
    book_xml(b, m->title);
    sb_str(b, "</title>\n");
}

/* The SMIL file of the heading group FROM..TO-1; ELAPSED: the seconds before it. */
static void smil(struct sbuf *b, const struct export_model *m, const char *ident, size_t from,
                 size_t to, double elapsed)
{
    double dur = 0;
    for (size_t i = from; i < to; i++)
        dur += m->units[i].seconds;
    sb_str(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
              "<!DOCTYPE smil PUBLIC \"-//W3C//DTD SMIL 1.0//EN\" "
              "\"http://www.w3.org/TR/REC-smil/SMIL10.dtd\">\n<smil>\n<head>\n");
    meta(b, "dc:format", "Daisy 2.02", NULL);
    meta(b, "dc:identifier", ident, NULL);
    meta(b, "dc:title", m->title, NULL);
    meta(b, "ncc:generator", BOOK_GENERATOR, NULL);
    struct sbuf t = {0};
    book_clock(&t, elapsed, 1);
    meta(b, "ncc:totalElapsedTime", t.s ? t.s : "0:00:00.000", NULL);
    t.len = 0;
    book_clock(&t, dur, 1);
    meta(b, "ncc:timeInThisSmil", t.s ? t.s : "0:00:00.000", NULL);
    free(t.s);
    sb_str(b, "<layout>\n<region id=\"txtView\"/>\n</layout>\n</head>\n<body>\n");
    char line[512];
    snprintf(line, sizeof line, "<seq dur=\"%.3fs\">\n", dur);
    sb_str(b, line);
    for (size_t i = from; i < to; i++) {
        const struct export_unit *u = &m->units[i];
        for (size_t k = 0; k < u->n_sentences; k++) {
            const struct export_sentence *s = &u->sentences[k];
            snprintf(line, sizeof line,
                     "<par endsync=\"last\" id=\"p_%s_%zu\">\n"
                     "<text src=\"" DAISY_CONTENT "#%s_%zu\" id=\"t_%s_%zu\"/>\n"
                     "<audio src=\"%s.mp3\" clip-begin=\"npt=%.3fs\" clip-end=\"npt=%.3fs\" "
                     "id=\"a_%s_%zu\"/>\n</par>\n",
                     u->id, k + 1, u->id, k + 1, u->id, k + 1, u->id, s->begin, s->end, u->id,
                     k + 1);
            sb_str(b, line);
        }
    }
    sb_str(b, "</seq>\n</body>\n</smil>\n");
}

static int put(const char *dir, const char *name, struct sbuf *b, char *err, size_t errlen)
{
    if (b->failed) {
        snprintf(err, errlen, "audioleaf export: out of memory");
        return BOOK_ENOMEM;
    }
    return book_write_file(dir, name, b->s ? b->s : "", b->len, err, errlen);
}

int export_daisy_write(const struct export_model *m, const char *dir, char *err,
                       size_t errlen)
{
    struct sbuf b = {0};
    char ident[160];
    snprintf(ident, sizeof ident, "audioleaf-%s-%s-%s", m->name, m->language, m->date);
    /* The content document. */
    html_open(&b, m);
    sb_str(&b, "</head>\n<body>\n");
    book_units_html(&b, m, 0, m->n_units);
    sb_str(&b, "</body>\n</html>\n");
    int rc = put(dir, DAISY_CONTENT, &b, err, errlen);
    /* One SMIL file per heading group, and its NCC entry. */
    struct sbuf nav = {0};
    size_t n_files = 2, toc = 0;
    int depth = 1;
    double elapsed = 0;
    for (size_t i = 0; i < m->n_units && !rc; i = book_group_end(m, i)) {
        size_t end = book_group_end(m, i);
        const struct export_unit *u = &m->units[i];
        char name[64];
        snprintf(name, sizeof name, "%s.smil", u->id);
        b.len = 0;
        smil(&b, m, ident, i, end, elapsed);
        rc = put(dir, name, &b, err, errlen);
        for (size_t k = i; k < end; k++)
            elapsed += m->units[k].seconds;
        n_files += 1 + (end - i);
        int level = u->level > 0 ? u->level : 1;
        if (level > depth)
            depth = level;
        char line[512];
        snprintf(line, sizeof line, "<h%d%s id=\"h_%s\"><a href=\"%s#t_%s_1\">", level,
                 i == 0 ? " class=\"title\"" : "", u->id, name, u->id);
        sb_str(&nav, line);
        /* The first group is the title (it may hold text before the first heading). */
        book_xml(&nav, i == 0 ? m->title : u->heading ? u->heading : u->sentences[0].text);
        snprintf(line, sizeof line, "</a></h%d>\n", level);
        sb_str(&nav, line);
        toc++;
    }
    /* The NCC: kByteSize counts every file, this one with its own size estimated. */
    long long bytes = 0;
    for (size_t i = 0; i < m->n_units && !rc; i++) {
        char path[PATH_MAX];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s.mp3", dir, m->units[i].id);
        if (stat(path, &st) == 0)
            bytes += st.st_size;
    }
    for (size_t i = 0; i < m->n_units && !rc; i = book_group_end(m, i)) {
        char path[PATH_MAX];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s.smil", dir, m->units[i].id);
        if (stat(path, &st) == 0)
            bytes += st.st_size;
    }
    char path[PATH_MAX];
    struct stat st;
    snprintf(path, sizeof path, "%s/" DAISY_CONTENT, dir);
    if (!rc && stat(path, &st) == 0)
        bytes += st.st_size;
    bytes += (long long)nav.len + 2048;
    if (!rc) {
        char num[64];
        b.len = 0;
        html_open(&b, m);
        meta(&b, "dc:format", "Daisy 2.02", NULL);
        meta(&b, "dc:identifier", ident, NULL);
        meta(&b, "dc:title", m->title, NULL);
        meta(&b, "dc:creator", "audioleaf", NULL);
        meta(&b, "dc:date", m->date, "yyyy-mm-dd");
        meta(&b, "dc:language", m->language, "ISO 639");
        meta(&b, "dc:publisher", "audioleaf", NULL);
        meta(&b, "dc:source", m->source, NULL);
        meta(&b, "ncc:charset", "utf-8", NULL);
        snprintf(num, sizeof num, "%d", depth);
        meta(&b, "ncc:depth", num, NULL);
        snprintf(num, sizeof num, "%zu", n_files);
        meta(&b, "ncc:files", num, NULL);
        meta(&b, "ncc:generator", BOOK_GENERATOR, NULL);
        snprintf(num, sizeof num, "%lld", (bytes + 1023) / 1024);
        meta(&b, "ncc:kByteSize", num, NULL);
        meta(&b, "ncc:multimediaType", "audioFullText", NULL);
        char narr[128];
        snprintf(narr, sizeof narr, "eSpeak NG, voice %s", m->voice);
        meta(&b, "ncc:narrator", narr, NULL);
        meta(&b, "ncc:pageFront", "0", NULL);
        meta(&b, "ncc:pageNormal", "0", NULL);
        meta(&b, "ncc:pageSpecial", "0", NULL);
        meta(&b, "ncc:setInfo", "1 of 1", NULL);
        snprintf(num, sizeof num, "%zu", toc);
        meta(&b, "ncc:tocItems", num, NULL);
        struct sbuf t = {0};
        book_clock(&t, m->seconds, 0);
        meta(&b, "ncc:totalTime", t.s ? t.s : "0:00:00", "hh:mm:ss");
        free(t.s);
        sb_str(&b, "</head>\n<body>\n");
        sb_add(&b, nav.s ? nav.s : "", nav.len);
        sb_str(&b, "</body>\n</html>\n");
        if (nav.failed)
            b.failed = 1;
        rc = put(dir, "ncc.html", &b, err, errlen);
    }
    free(nav.s);
    free(b.s);
    return rc;
}
