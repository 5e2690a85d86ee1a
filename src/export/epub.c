/* epub: the EPUB 3 writer (export/epub.h), after EPUB 3.2 (Media Overlays 3.2) and EPUB
 * Accessibility 1.1; the archive is made by libzip. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nettle/sha2.h>
#include <zip.h>

#include "export/book.h"
#include "export/epub.h"

/* The files of the archive, written by zip_close(). */
struct arc {
    zip_t *z;
    time_t mtime;
    char *err;
    size_t errlen;
    int failed;
};

static void arc_fail(struct arc *a, const char *what)
{
    if (!a->failed)
        snprintf(a->err, a->errlen, "audioleaf export: EPUB %s: %s", what,
                 zip_strerror(a->z));
    a->failed = 1;
}

/* Add the text B as NAME (deflated unless STORE); B's buffer goes to libzip. */
static void arc_text(struct arc *a, const char *name, struct sbuf *b, int store)
{
    if (a->failed)
        return;
    if (b->failed) {
        snprintf(a->err, a->errlen, "audioleaf export: out of memory");
        a->failed = 1;
        return;
    }
    char *data = sb_take(b);
    size_t len = b->len;
    memset(b, 0, sizeof *b);
    zip_source_t *src = data ? zip_source_buffer(a->z, data, len, 1) : NULL;
    if (!src) {
        free(data);
        arc_fail(a, name);
        return;
    }
    zip_int64_t idx = zip_file_add(a->z, name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        arc_fail(a, name);
        return;
    }
    if ((store && zip_set_file_compression(a->z, (zip_uint64_t)idx, ZIP_CM_STORE, 0)) ||
        zip_file_set_mtime(a->z, (zip_uint64_t)idx, a->mtime, 0))
        arc_fail(a, name);
}

/* Add the file PATH as NAME, stored (MP3 does not deflate). */
static void arc_file(struct arc *a, const char *name, const char *path)
{
    if (a->failed)
        return;
    zip_source_t *src = zip_source_file(a->z, path, 0, -1);
    zip_int64_t idx = src ? zip_file_add(a->z, name, src, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
        if (src)
            zip_source_free(src);
        arc_fail(a, path);
        return;
    }
    if (zip_set_file_compression(a->z, (zip_uint64_t)idx, ZIP_CM_STORE, 0) ||
        zip_file_set_mtime(a->z, (zip_uint64_t)idx, a->mtime, 0))
        arc_fail(a, name);
}

/* The documents: a document starts at the first unit and at each level-1 unit. */
static size_t doc_end(const struct export_model *m, size_t i)
{
    size_t k = i + 1;
    while (k < m->n_units && m->units[k].level != 1)
        k++;
    return k;
}

static const char *doc_type(const struct export_model *m, size_t i)
{
    return m->units[i].kind == EXPORT_UNIT_TITLE || i == 0 ? "titlepage" : "chapter";
}

static void xhtml_open(struct sbuf *b, const struct export_model *m, const char *title,
                       const char *css)
{
    sb_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
              "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
              "xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"");
    book_xml(b, m->language);
    sb_str(b, "\" lang=\"");
    book_xml(b, m->language);
    sb_str(b, "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
    book_xml(b, title);
    sb_str(b, "</title>\n");
    if (css) {
        sb_str(b, "<link rel=\"stylesheet\" type=\"text/css\" href=\"");
        sb_str(b, css);
        sb_str(b, "\"/>\n");
    }
    sb_str(b, "</head>\n");
}

/* "urn:uuid:..." made from the leaflet's name, language and date (a name-based UUID,
 * version 5 layout over SHA-256), so one edition keeps one identifier. */
static void identifier(const struct export_model *m, char out[64])
{
    struct sha256_ctx c;
    uint8_t md[SHA256_DIGEST_SIZE];
    char in[256];
    snprintf(in, sizeof in, "audioleaf:%s:%s:%s", m->name, m->language, m->date);
    sha256_init(&c);
    sha256_update(&c, strlen(in), (const uint8_t *)in);
    sha256_digest(&c, sizeof md, md);
    md[6] = (uint8_t)((md[6] & 0x0f) | 0x50);
    md[8] = (uint8_t)((md[8] & 0x3f) | 0x80);
    snprintf(out, 64,
             "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             md[0], md[1], md[2], md[3], md[4], md[5], md[6], md[7], md[8], md[9], md[10],
             md[11], md[12], md[13], md[14], md[15]);
}

static void meta(struct sbuf *b, const char *property, const char *refines, const char *v)
{
    sb_str(b, "<meta property=\"");
    sb_str(b, property);
    if (refines) {
        sb_str(b, "\" refines=\"#");
        sb_str(b, refines);
    }
    sb_str(b, "\">");
    book_xml(b, v);
    sb_str(b, "</meta>\n");
}

static const char CSS[] =
    "body { font-family: sans-serif; line-height: 1.5; margin: 1em; }\n"
    "h1.title { font-size: 1.6em; }\n"
    "p.updated { font-style: italic; }\n"
    ".-epub-media-overlay-active { background-color: #ffe680; color: #000000; }\n";

int export_epub_write(const struct export_model *m, const char *audio_dir, const char *out,
                      char *err, size_t errlen)
{
    int zerr = 0;
    zip_t *z = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        snprintf(err, errlen, "audioleaf export: %s: %s", out, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return BOOK_EIO;
    }
    struct tm tm = {0};
    int y = 2000, mo = 1, d = 1;
    sscanf(m->date, "%d-%d-%d", &y, &mo, &d);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    struct arc a = {.z = z, .mtime = timegm(&tm), .err = err, .errlen = errlen};
    struct sbuf b = {0};

    /* mimetype first and stored (OCF), then the container. */
    sb_str(&b, "application/epub+zip");
    arc_text(&a, "mimetype", &b, 1);
    sb_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<container version=\"1.0\" "
               "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
               "<rootfiles>\n<rootfile full-path=\"EPUB/package.opf\" "
               "media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n"
               "</container>\n");
    arc_text(&a, "META-INF/container.xml", &b, 0);
    sb_str(&b, CSS);
    arc_text(&a, "EPUB/style.css", &b, 0);

    /* One document and one overlay per section. */
    struct sbuf man = {0}, spine = {0}, durs = {0}, toc = {0};
    char line[1024];
    int in_sub = 0;
    for (size_t i = 0; i < m->n_units; i = doc_end(m, i)) {
        size_t end = doc_end(m, i);
        const struct export_unit *u0 = &m->units[i];
        const char *type = doc_type(m, i);
        xhtml_open(&b, m, u0->heading ? u0->heading : m->title, "../style.css");
        snprintf(line, sizeof line,
                 "<body>\n<section id=\"sec_%s\" epub:type=\"%s\"%s>\n", u0->id, type,
                 strcmp(type, "chapter") ? "" : " role=\"doc-chapter\"");
        sb_str(&b, line);
        book_units_html(&b, m, i, end);
        sb_str(&b, "</section>\n</body>\n</html>\n");
        snprintf(line, sizeof line, "EPUB/text/%s.xhtml", u0->id);
        arc_text(&a, line, &b, 0);

        double dur = 0;
        sb_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<smil xmlns=\"http://www.w3.org/ns/SMIL\" "
                   "xmlns:epub=\"http://www.idpf.org/2007/ops\" version=\"3.0\">\n<body>\n");
        snprintf(line, sizeof line,
                 "<seq id=\"seq_%s\" epub:textref=\"../text/%s.xhtml#sec_%s\" "
                 "epub:type=\"%s\">\n", u0->id, u0->id, u0->id, type);
        sb_str(&b, line);
        for (size_t k = i; k < end; k++) {
            const struct export_unit *u = &m->units[k];
            dur += u->seconds;
            for (size_t s = 0; s < u->n_sentences; s++) {
                snprintf(line, sizeof line,
                         "<par id=\"par_%s_%zu\"><text src=\"../text/%s.xhtml#%s_%zu\"/>"
                         "<audio src=\"../audio/%s.mp3\" clipBegin=\"%.3fs\" "
                         "clipEnd=\"%.3fs\"/></par>\n",
                         u->id, s + 1, u0->id, u->id, s + 1, u->id, u->sentences[s].begin,
                         u->sentences[s].end);
                sb_str(&b, line);
            }
            /* Navigation: every unit with a level has an entry; questions nested. */
            if (u->level == 0 && k > 0)
                continue;
            if (u->level == 2 && !in_sub) {
                sb_str(&toc, "\n<ol>\n");
                in_sub = 1;
            } else if (u->level != 2 && in_sub) {
                sb_str(&toc, "</li>\n</ol>\n</li>\n");
                in_sub = 0;
            } else if (k > 0) {
                sb_str(&toc, "</li>\n");
            }
            snprintf(line, sizeof line, "<li><a href=\"text/%s.xhtml#%s_1\">", u0->id, u->id);
            sb_str(&toc, line);
            book_xml(&toc, k == 0 ? m->title : u->heading ? u->heading : u->sentences[0].text);
            sb_str(&toc, "</a>");
        }
        sb_str(&b, "</seq>\n</body>\n</smil>\n");
        snprintf(line, sizeof line, "EPUB/smil/%s.smil", u0->id);
        arc_text(&a, line, &b, 0);

        snprintf(line, sizeof line,
                 "<item id=\"x_%s\" href=\"text/%s.xhtml\" media-type=\"application/xhtml+xml\" "
                 "media-overlay=\"mo_%s\"/>\n"
                 "<item id=\"mo_%s\" href=\"smil/%s.smil\" media-type=\"application/smil+xml\"/>\n",
                 u0->id, u0->id, u0->id, u0->id, u0->id);
        sb_str(&man, line);
        snprintf(line, sizeof line, "<itemref idref=\"x_%s\"/>\n", u0->id);
        sb_str(&spine, line);
        struct sbuf t = {0};
        book_clock(&t, dur, 1);
        snprintf(line, sizeof line, "mo_%s", u0->id);
        meta(&durs, "media:duration", line, t.s ? t.s : "0:00:00.000");
        free(t.s);
    }
    sb_str(&toc, in_sub ? "</li>\n</ol>\n</li>\n" : "</li>\n");

    /* The audio. */
    for (size_t i = 0; i < m->n_units; i++) {
        char name[128], path[PATH_MAX];
        snprintf(name, sizeof name, "EPUB/audio/%s.mp3", m->units[i].id);
        snprintf(path, sizeof path, "%s/%s.mp3", audio_dir, m->units[i].id);
        arc_file(&a, name, path);
        snprintf(line, sizeof line,
                 "<item id=\"a_%s\" href=\"audio/%s.mp3\" media-type=\"audio/mpeg\"/>\n",
                 m->units[i].id, m->units[i].id);
        sb_str(&man, line);
    }

    /* The navigation document. */
    xhtml_open(&b, m, m->title, "style.css");
    sb_str(&b, "<body>\n<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n<h1>");
    book_xml(&b, m->title);
    sb_str(&b, "</h1>\n<ol>\n");
    sb_add(&b, toc.s ? toc.s : "", toc.len);
    sb_str(&b, "</ol>\n</nav>\n</body>\n</html>\n");
    if (toc.failed)
        b.failed = 1;
    arc_text(&a, "EPUB/nav.xhtml", &b, 0);

    /* The package document. */
    char uid[64];
    identifier(m, uid);
    sb_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
               "unique-identifier=\"uid\" xml:lang=\"");
    book_xml(&b, m->language);
    sb_str(&b, "\" prefix=\"schema: http://schema.org/\">\n"
               "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
               "<dc:identifier id=\"uid\">");
    sb_str(&b, uid);
    sb_str(&b, "</dc:identifier>\n<dc:title>");
    book_xml(&b, m->title);
    sb_str(&b, "</dc:title>\n<dc:language>");
    book_xml(&b, m->language);
    sb_str(&b, "</dc:language>\n<dc:date>");
    sb_str(&b, m->date);
    sb_str(&b, "</dc:date>\n<dc:source>");
    book_xml(&b, m->source);
    sb_str(&b, "</dc:source>\n<dc:publisher>audioleaf</dc:publisher>\n");
    snprintf(line, sizeof line, "%sT00:00:00Z", m->date);
    meta(&b, "dcterms:modified", NULL, line);
    sb_add(&b, durs.s ? durs.s : "", durs.len);
    struct sbuf t = {0};
    book_clock(&t, m->seconds, 1);
    meta(&b, "media:duration", NULL, t.s ? t.s : "0:00:00.000");
    free(t.s);
    snprintf(line, sizeof line, "eSpeak NG, voice %s", m->voice);
    meta(&b, "media:narrator", NULL, line);
    meta(&b, "media:active-class", NULL, "-epub-media-overlay-active");
    meta(&b, "schema:accessMode", NULL, "textual");
    meta(&b, "schema:accessMode", NULL, "auditory");
    meta(&b, "schema:accessModeSufficient", NULL, "textual");
    meta(&b, "schema:accessModeSufficient", NULL, "auditory");
    meta(&b, "schema:accessModeSufficient", NULL, "textual,auditory");
    meta(&b, "schema:accessibilityFeature", NULL, "synchronizedAudioText");
    meta(&b, "schema:accessibilityFeature", NULL, "structuralNavigation");
    meta(&b, "schema:accessibilityFeature", NULL, "tableOfContents");
    meta(&b, "schema:accessibilityFeature", NULL, "readingOrder");
    meta(&b, "schema:accessibilityHazard", NULL, "none");
    meta(&b, "schema:accessibilitySummary", NULL,
         "The whole text of the leaflet with a recorded synthetic voice reading every "
         "sentence, highlighted as it is read. Sections are headings; each question to ask "
         "is a heading one level below its section. No images, no sound effects.");
    sb_str(&b, "</metadata>\n<manifest>\n"
               "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
               "properties=\"nav\"/>\n"
               "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
    sb_add(&b, man.s ? man.s : "", man.len);
    sb_str(&b, "</manifest>\n<spine>\n");
    sb_add(&b, spine.s ? spine.s : "", spine.len);
    sb_str(&b, "</spine>\n</package>\n");
    if (man.failed || spine.failed || durs.failed)
        b.failed = 1;
    arc_text(&a, "EPUB/package.opf", &b, 0);
    free(man.s);
    free(spine.s);
    free(durs.s);
    free(toc.s);
    free(b.s);

    if (a.failed) {
        zip_discard(z);
        return b.failed ? BOOK_ENOMEM : BOOK_EIO;
    }
    if (zip_close(z) != 0) {
        snprintf(err, errlen, "audioleaf export: %s: %s", out, zip_strerror(z));
        zip_discard(z);
        return BOOK_EIO;
    }
    return BOOK_OK;
}
