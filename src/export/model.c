/* export model: builds "a leaflet ready to export" (export/model.h) from a leaflet, its
 * speech script and the render cache, lining up the leaflet's own sentences with the
 * sentence marks of each rendered unit. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cache.h"
#include "export/model.h"
#include "export/phone.h"
#include "normalize.h"
#include "render.h"
#include "spoken.h"
#include "strbuf.h"
#include "wav.h"

static double ms(double s)
{
    return round(s * 1000.0) / 1000.0;
}

/* ---- display text ---------------------------------------------------------------- */

/* The leaflet's own words of TEXT as a reader sees them: template alternatives resolved
 * as they are spoken ("[a/ b]" -> "a"), tags dropped, blanks squeezed.  NULL: no memory. */
static char *display_text(const char *text)
{
    char *s = speech_normalize(text ? text : "", NULL, NULL, NULL);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    size_t a = strspn(s, " \t");
    memmove(s, s + a, n - a + 1);
    return s;
}

/* A heading for display: as written, without a trailing ':'. */
static char *display_heading(const char *text)
{
    char *s = display_text(text);
    size_t n = s ? strlen(s) : 0;
    while (n && (s[n - 1] == ':' || s[n - 1] == ' '))
        s[--n] = '\0';
    return s;
}

/* The leaflet's sentences in TEXT: split after '.', '?', '!' or an ellipsis (with any
 * closing quotes or brackets after it) followed by a blank.  Fills *STARTS with the byte
 * offset of each sentence (the first is 0); returns the count, or 0 when out of memory
 * (TEXT non-empty gives at least 1). */
static size_t split_sentences(const char *text, size_t **starts)
{
    size_t cap = 8, n = 0, len = strlen(text);
    size_t *v = malloc(cap * sizeof *v);
    if (!v)
        return 0;
    v[n++] = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        int end = c == '.' || c == '?' || c == '!';
        if (!end && i + 2 < len && !memcmp(text + i, "\xe2\x80\xa6", 3)) { /* U+2026 */
            end = 1;
            i += 2;
        }
        if (!end)
            continue;
        size_t j = i + 1;
        while (j < len && strchr(")]\"'", text[j]))
            j++;
        /* Closing quotes: U+2019, U+201D, U+00BB. */
        while (j + 1 < len && (!memcmp(text + j, "\xc2\xbb", 2) ||
                               (j + 2 < len && (!memcmp(text + j, "\xe2\x80\x99", 3) ||
                                                !memcmp(text + j, "\xe2\x80\x9d", 3)))))
            j += text[j] == '\xc2' ? 2 : 3;
        if (j >= len || !isspace((unsigned char)text[j]))
            continue;
        while (j < len && isspace((unsigned char)text[j]))
            j++;
        if (j >= len)
            break;
        if (n == cap) {
            size_t *nv = realloc(v, 2 * cap * sizeof *nv);
            if (!nv) {
                free(v);
                return 0;
            }
            v = nv;
            cap *= 2;
        }
        v[n++] = j;
        i = j - 1;
    }
    *starts = v;
    return n;
}

/* ---- units ----------------------------------------------------------------------- */

/* A unit being built: its display parts and the speech unit it is spoken from. */
struct draft {
    struct export_unit u;
    char **parts;            /* display text of each part (owned until the unit is built) */
    const char *speech;      /* the text the engine speaks (the script's, or title_speech) */
    const size_t *part_offsets; /* where each part starts in SPEECH */
    size_t title_offset;     /* storage for a title unit's one part offset (0) */
    char *title_speech;      /* owned: the speech text of a title unit of its own */
};

struct build {
    const struct spoken *sp;
    struct draft *d;
    size_t n, cap;
};

static struct draft *draft_add(struct build *b)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        struct draft *nd = realloc(b->d, cap * sizeof *nd);
        if (!nd)
            return NULL;
        b->d = nd;
        b->cap = cap;
    }
    struct draft *d = &b->d[b->n++];
    memset(d, 0, sizeof *d);
    return d;
}

static int draft_part(struct draft *d, const char *text)
{
    char **np = realloc(d->parts, (d->u.n_parts + 1) * sizeof *np);
    if (!np)
        return -1;
    d->parts = np;
    if (!(np[d->u.n_parts] = display_text(text)))
        return -1;
    d->u.n_parts++;
    return 0;
}

/* Whether TEXT gives any speech (the script leaves out parts that give none). */
static int speaks(const char *text, const struct spoken *sp)
{
    char *s = speech_text(text, sp->language, sp->lex);
    int yes = s && s[0];
    free(s);
    return yes;
}

/* The drafts of every unit of the script, in playing order, with a title first. */
static int make_drafts(struct build *b)
{
    const struct spoken *sp = b->sp;
    const struct leaflet *lf = sp->lf;
    const struct speech_script *sc = sp->script;
    for (size_t i = 0; i < sc->n_units; i++) {
        const struct speech_unit *su = &sc->units[i];
        if (!su->text[0])
            continue; /* nothing is said: nothing to export */
        struct draft *d = draft_add(b);
        if (!d)
            return -1;
        d->speech = su->text;
        d->part_offsets = su->part_offsets;
        struct export_unit *u = &d->u;
        snprintf(u->id, sizeof u->id, "%s", su->id);
        for (char *c = u->id; *c; c++)
            if (*c == '.')
                *c = '-';
        const struct leaflet_section *sec = su->kind == SPEECH_UNIT_UPDATED
                                                ? NULL
                                                : &lf->sections[su->section];
        switch (su->kind) {
        case SPEECH_UNIT_SECTION:
            u->kind = sec->kind == LEAFLET_KIND_DISCLAIMER ? EXPORT_UNIT_DISCLAIMER
                                                           : EXPORT_UNIT_SECTION;
            if (b->n == 1 && lf->title && sec->heading[0] && !strcmp(sec->heading, lf->title))
                u->kind = EXPORT_UNIT_TITLE;
            if (speaks(sec->heading, sp)) {
                u->level = 1;
                u->has_heading = 1;
                if (!(u->heading = display_heading(sec->heading)) ||
                    draft_part(d, sec->heading))
                    return -1;
                /* The part holds the heading without its ':' too. */
                free(d->parts[0]);
                if (!(d->parts[0] = display_heading(sec->heading)))
                    return -1;
            }
            for (size_t k = 0; k < sec->n_paragraphs && sec->paragraph_after[k] == 0; k++)
                if (speaks(sec->paragraphs[k], sp) && draft_part(d, sec->paragraphs[k]))
                    return -1;
            break;
        case SPEECH_UNIT_ITEM:
            u->kind = sec->questions ? EXPORT_UNIT_QUESTION : EXPORT_UNIT_ITEM;
            u->level = sec->questions ? 2 : 0;
            if (draft_part(d, sec->items[su->item].text))
                return -1;
            if (sec->questions && !(u->heading = display_text(sec->items[su->item].text)))
                return -1;
            break;
        case SPEECH_UNIT_PARAGRAPH:
            u->kind = EXPORT_UNIT_PARAGRAPH;
            if (draft_part(d, sec->paragraphs[su->paragraph]))
                return -1;
            break;
        case SPEECH_UNIT_UPDATED:
            u->kind = EXPORT_UNIT_UPDATED;
            if (draft_part(d, lf->updated_line))
                return -1;
            break;
        }
        if (u->n_parts != su->n_parts) {
            /* The script and the leaflet disagree on the parts: speak it as one. */
            for (size_t k = 1; k < u->n_parts; k++) {
                size_t l0 = strlen(d->parts[0]);
                char *j = realloc(d->parts[0], l0 + strlen(d->parts[k]) + 2);
                if (!j)
                    return -1;
                d->parts[0] = j;
                snprintf(j + l0, strlen(d->parts[k]) + 2, " %s", d->parts[k]);
                free(d->parts[k]);
            }
            u->n_parts = 1;
            u->has_heading = 0;
            d->part_offsets = &d->title_offset;
        }
    }
    /* No unit is the title: the title gets a unit of its own, first. */
    if ((b->n == 0 || b->d[0].u.kind != EXPORT_UNIT_TITLE) && lf->title && speaks(lf->title, sp)) {
        if (!draft_add(b))
            return -1;
        memmove(&b->d[1], &b->d[0], (b->n - 1) * sizeof *b->d);
        struct draft *d = &b->d[0];
        memset(d, 0, sizeof *d);
        snprintf(d->u.id, sizeof d->u.id, "title");
        d->u.kind = EXPORT_UNIT_TITLE;
        d->u.level = 1;
        d->u.has_heading = 1;
        if (!(d->u.heading = display_heading(lf->title)) || draft_part(d, lf->title))
            return -1;
        free(d->parts[0]);
        if (!(d->parts[0] = display_heading(lf->title)))
            return -1;
        char *s = speech_text(lf->title, sp->language, sp->lex);
        if (!s)
            return -1;
        /* Spoken as a heading is: ending in a full stop so the engine pauses. */
        size_t n = strlen(s);
        char *t = malloc(n + 2);
        if (!t) {
            free(s);
            return -1;
        }
        memcpy(t, s, n + 1);
        free(s);
        if (n && t[n - 1] == ':')
            t[n - 1] = '.';
        else if (n && !strchr(".?!", t[n - 1]))
            memcpy(t + n, ".", 2);
        d->title_speech = t;
        d->speech = t;
        d->part_offsets = &d->title_offset;
    }
    return 0;
}

/* ---- sentences ------------------------------------------------------------------- */

/* A boundary between sentences: the leaflet sentence it starts at and its audio frame. */
struct cut {
    size_t part, cand;
    size_t frame;
};

/* Line up the leaflet's sentences of D with the marks of its render E and fill
 * D->u.sentences.  Each mark goes to the sentence start of its part whose place in the
 * speech text (found from the speech lengths of the leaflet's sentences, scaled to the
 * part) is nearest; marks that fall on a start already taken are merged into the
 * sentence before; a part that no mark starts gets a start at the frame its place in the
 * speech text gives.  Returns 0 or -1 (no memory). */
static int make_sentences(struct draft *d, const struct spoken *sp,
                          const struct cache_entry *e)
{
    struct export_unit *u = &d->u;
    size_t speech_len = strlen(d->speech);
    size_t np = u->n_parts;
    size_t **starts = calloc(np, sizeof *starts);
    size_t *n_cand = calloc(np, sizeof *n_cand);
    double **pos = calloc(np, sizeof *pos); /* speech offset of each candidate start */
    struct cut *cuts = NULL;
    size_t n_cuts = 0;
    int rc = -1;
    if (!starts || !n_cand || !pos)
        goto out;
    for (size_t p = 0; p < np; p++) {
        size_t off = d->part_offsets[p];
        size_t end = p + 1 < np ? d->part_offsets[p + 1] : speech_len;
        const char *t = d->parts[p];
        n_cand[p] = split_sentences(t, &starts[p]);
        if (!n_cand[p] || !(pos[p] = calloc(n_cand[p] + 1, sizeof *pos[p])))
            goto out;
        double total = 0;
        for (size_t c = 0; c < n_cand[p]; c++) {
            size_t a = starts[p][c];
            size_t z = c + 1 < n_cand[p] ? starts[p][c + 1] : strlen(t);
            char *piece = strndup(t + a, z - a);
            char *s = piece ? speech_text(piece, sp->language, sp->lex) : NULL;
            free(piece);
            if (!s)
                goto out;
            pos[p][c] = total;
            total += (double)strlen(s) + 1;
            free(s);
        }
        double scale = total > 0 ? (double)(end - off) / total : 0;
        for (size_t c = 0; c < n_cand[p]; c++)
            pos[p][c] = (double)off + pos[p][c] * scale;
        pos[p][n_cand[p]] = (double)end;
    }
    /* Marks to cuts. */
    size_t max_cuts = e->n_marks + np + 1;
    if (!(cuts = calloc(max_cuts, sizeof *cuts)))
        goto out;
    size_t m = 0;
    for (size_t p = 0; p < np; p++) {
        size_t off = d->part_offsets[p];
        size_t end = p + 1 < np ? d->part_offsets[p + 1] : (size_t)-1;
        size_t first = n_cuts;
        for (; m < e->n_marks && e->marks[m].text_pos < end; m++) {
            if (e->marks[m].text_pos < off && p > 0)
                continue;
            double r = (double)e->marks[m].text_pos;
            size_t best = 0;
            for (size_t c = 1; c < n_cand[p]; c++)
                if (fabs(pos[p][c] - r) < fabs(pos[p][best] - r))
                    best = c;
            if (n_cuts > first && best <= cuts[n_cuts - 1].cand)
                continue; /* the same sentence as the mark before */
            if (n_cuts > 0 && e->marks[m].frame <= cuts[n_cuts - 1].frame)
                continue;
            cuts[n_cuts++] = (struct cut){p, best, e->marks[m].frame};
        }
        if (n_cuts == first || cuts[first].cand != 0) {
            /* No mark starts this part: its start in the audio is where its place in
             * the speech text falls between the frames around it. */
            size_t f0 = 0, t0 = 0, f1 = u->n_frames, t1 = speech_len;
            for (size_t k = 0; k < e->n_marks; k++) {
                if (e->marks[k].text_pos <= off) {
                    f0 = e->marks[k].frame;
                    t0 = e->marks[k].text_pos;
                } else {
                    f1 = e->marks[k].frame;
                    t1 = e->marks[k].text_pos;
                    break;
                }
            }
            double frac = t1 > t0 ? (double)(off - t0) / (double)(t1 - t0) : 0;
            size_t f = f0 + (size_t)(frac * (double)(f1 - f0));
            size_t lo = n_cuts > 0 && first > 0 ? cuts[first - 1].frame + 1 : 0;
            size_t hi = n_cuts > first ? cuts[first].frame : u->n_frames;
            if (f < lo)
                f = lo;
            if (p == 0)
                f = 0;
            if (f >= hi && hi > lo)
                f = hi - 1;
            memmove(&cuts[first + 1], &cuts[first], (n_cuts - first) * sizeof *cuts);
            cuts[first] = (struct cut){p, 0, f};
            n_cuts++;
        }
    }
    /* Cuts to sentences (times on whole milliseconds, each at least 1 ms long). */
    u->sentences = calloc(n_cuts, sizeof *u->sentences);
    if (!u->sentences)
        goto out;
    for (size_t k = 0; k < n_cuts; k++) {
        const struct cut *c = &cuts[k];
        size_t a = starts[c->part][c->cand];
        size_t z = k + 1 < n_cuts && cuts[k + 1].part == c->part
                       ? starts[c->part][cuts[k + 1].cand]
                       : strlen(d->parts[c->part]);
        while (z > a && isspace((unsigned char)d->parts[c->part][z - 1]))
            z--;
        struct export_sentence *s = &u->sentences[u->n_sentences];
        if (!(s->text = strndup(d->parts[c->part] + a, z - a)))
            goto out;
        s->part = c->part;
        s->begin = k == 0 ? 0 : ms((double)c->frame / u->rate);
        if (u->n_sentences > 0 && s->begin <= u->sentences[u->n_sentences - 1].begin)
            s->begin = u->sentences[u->n_sentences - 1].begin + 0.001;
        u->n_sentences++;
    }
    for (size_t k = 0; k < u->n_sentences; k++)
        u->sentences[k].end = k + 1 < u->n_sentences ? u->sentences[k + 1].begin : u->seconds;
    rc = u->n_sentences && u->sentences[u->n_sentences - 1].end >
                               u->sentences[u->n_sentences - 1].begin
             ? 0
             : -2;
out:
    for (size_t p = 0; p < np; p++) {
        if (starts)
            free(starts[p]);
        if (pos)
            free(pos[p]);
    }
    free(starts);
    free(n_cand);
    free(pos);
    free(cuts);
    return rc;
}

/* ---- metadata -------------------------------------------------------------------- */

/* Month names of the languages the bundled leaflets are written in, and a few more:
 * "December 2024", "diciembre de 2024", "Desemba 2024", "décembre 2024". */
static const char *const MONTHS[][12] = {
    {"january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"},
    {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
     "septiembre", "octubre", "noviembre", "diciembre"},
    {"januari", "februari", "machi", "aprili", "mei", "juni", "julai", "agosti",
     "septemba", "oktoba", "novemba", "desemba"},
    {"janvier", "f\xc3\xa9vrier", "mars", "avril", "mai", "juin", "juillet",
     "ao\xc3\xbbt", "septembre", "octobre", "novembre", "d\xc3\xa9" "cembre"},
};

/* "yyyy-mm-01" from a "last updated" value holding a month name and a year; 0, or -1
 * when it holds no month and year. */
static int parse_updated(const char *v, char out[11])
{
    int year = 0, month = 0;
    const char *p = v;
    while (*p) {
        size_t n = 0;
        while (p[n] && !isspace((unsigned char)p[n]) && p[n] != ',' && p[n] != '.')
            n++;
        if (n == 4 && isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
            isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]))
            year = atoi(p);
        for (size_t l = 0; n && !month && l < sizeof MONTHS / sizeof MONTHS[0]; l++)
            for (int k = 0; k < 12; k++)
                if (strlen(MONTHS[l][k]) == n && !strncasecmp(p, MONTHS[l][k], n))
                    month = k + 1;
        p += n;
        while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == '.'))
            p++;
    }
    if (!year || !month)
        return -1;
    snprintf(out, 11, "%04u-%02u-01", (unsigned)year % 10000u, (unsigned)month % 13u);
    return 0;
}

/* ---- the model ------------------------------------------------------------------- */

static void draft_free(struct draft *d)
{
    for (size_t p = 0; p < d->u.n_parts; p++)
        free(d->parts ? d->parts[p] : NULL);
    free(d->parts);
    free(d->title_speech);
}

static void unit_free(struct export_unit *u)
{
    for (size_t k = 0; k < u->n_sentences; k++)
        free(u->sentences[k].text);
    free(u->sentences);
    free(u->heading);
}

int export_model_load(const struct export_model_options *o, struct export_model **out,
                      char *err, size_t errlen)
{
    *out = NULL;
    err[0] = '\0';
    struct spoken sp;
    int rc = spoken_open(o->leaflet, o->voice, o->language, &sp, err, errlen);
    if (rc)
        return rc == SPOKEN_ENOMEM ? EXPORT_MODEL_ENOMEM : EXPORT_MODEL_EINPUT;
    struct export_model *m = calloc(1, sizeof *m);
    struct build b = {.sp = &sp};
    struct cache *cache = NULL;
    struct render_job *jobs = NULL;
    struct render_result *res = NULL;
    rc = EXPORT_MODEL_ENOMEM;
    if (!m || make_drafts(&b))
        goto done;
    if (b.n == 0) {
        snprintf(err, errlen, "%s: nothing to say in this leaflet", o->leaflet);
        rc = EXPORT_MODEL_EINPUT;
        goto done;
    }
    /* Metadata. */
    const struct leaflet *lf = sp.lf;
    snprintf(m->language, sizeof m->language, "%s", sp.language);
    snprintf(m->voice, sizeof m->voice, "%s", sp.voice.name);
    const char *slash = strrchr(o->leaflet, '/');
    snprintf(m->source, sizeof m->source, "%s", slash ? slash + 1 : o->leaflet);
    export_phone_name(o->leaflet, m->name, sizeof m->name);
    if (!(m->title = display_heading(lf->title ? lf->title : m->name)))
        goto done;
    if (lf->updated && !(m->updated = strdup(lf->updated)))
        goto done;
    if (!lf->updated || parse_updated(lf->updated, m->date)) {
        struct stat st;
        time_t t = stat(o->leaflet, &st) == 0 ? st.st_mtime : time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(m->date, sizeof m->date, "%Y-%m-%d", &tm);
    }
    /* Audio: what the cache lacks is rendered first, by worker processes. */
    char cerr[1100];
    rc = cache_open_err(o->cache_dir, &cache, cerr, sizeof cerr);
    if (rc) {
        snprintf(err, errlen, "audioleaf export: cache: %s", cerr);
        rc = EXPORT_MODEL_ECACHE;
        goto done;
    }
    jobs = calloc(b.n, sizeof *jobs);
    res = calloc(b.n, sizeof *res);
    rc = EXPORT_MODEL_ENOMEM;
    if (!jobs || !res)
        goto done;
    for (size_t i = 0; i < b.n; i++)
        jobs[i] = (struct render_job){.voice = &sp.voice, .text = b.d[i].speech};
    rc = render_jobs(cache, jobs, b.n, o->n_workers, 0, res);
    if (rc == RENDER_ENOMEM) {
        rc = EXPORT_MODEL_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < b.n; i++) {
        struct draft *d = &b.d[i];
        struct cache_entry e;
        int crc = cache_fetch(cache, &sp.voice, d->speech, &e);
        if (crc) {
            snprintf(err, errlen, "audioleaf export: %s-%s: %s%s%s", m->name, d->u.id,
                     cache_strerror(crc), crc == CACHE_EIO ? ": " : "",
                     crc == CACHE_EIO ? strerror(errno) : "");
            rc = crc == CACHE_ENOMEM ? EXPORT_MODEL_ENOMEM : EXPORT_MODEL_ECACHE;
            goto done;
        }
        snprintf(d->u.wav, sizeof d->u.wav, "%s", e.path);
        d->u.rate = e.rate;
        d->u.n_frames = e.n_frames;
        d->u.seconds = ms((double)e.n_frames / e.rate);
        int src = e.rate > 0 && e.n_frames > 0 ? make_sentences(d, &sp, &e) : -2;
        cache_entry_clear(&e);
        if (src) {
            if (src == -1)
                goto done;
            snprintf(err, errlen, "audioleaf export: %s-%s: the render holds no speech",
                     m->name, d->u.id);
            rc = EXPORT_MODEL_ECACHE;
            goto done;
        }
    }
    /* The drafts become the units. */
    if (!(m->units = calloc(b.n, sizeof *m->units)))
        goto done;
    for (size_t i = 0; i < b.n; i++) {
        m->units[i] = b.d[i].u;
        memset(&b.d[i].u.sentences, 0, sizeof b.d[i].u.sentences);
        b.d[i].u.n_sentences = 0;
        b.d[i].u.heading = NULL;
        m->seconds += m->units[i].seconds;
        m->n_units++;
    }
    m->seconds = ms(m->seconds);
    rc = EXPORT_MODEL_OK;
done:
    if (rc == EXPORT_MODEL_ENOMEM && !err[0])
        snprintf(err, errlen, "audioleaf export: out of memory");
    for (size_t i = 0; i < b.n; i++) {
        unit_free(&b.d[i].u);
        draft_free(&b.d[i]);
    }
    free(b.d);
    free(jobs);
    free(res);
    cache_close(cache);
    spoken_close(&sp);
    if (rc) {
        export_model_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

void export_model_free(struct export_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_units; i++)
        unit_free(&m->units[i]);
    free(m->units);
    free(m->title);
    free(m->updated);
    free(m);
}

int export_model_samples(const struct export_unit *u, int16_t **samples, size_t *n,
                         char *err, size_t errlen)
{
    struct wav_data w;
    int rc = wav_read(u->wav, &w);
    if (rc == 0 && (w.rate != u->rate || w.n_frames != u->n_frames)) {
        wav_data_free(&w);
        rc = WAV_ECORRUPT;
    }
    if (rc) {
        snprintf(err, errlen, "audioleaf export: %s: %s", u->wav,
                 rc == WAV_EIO ? strerror(errno) : wav_strerror(rc));
        return rc == WAV_ENOMEM ? EXPORT_MODEL_ENOMEM : EXPORT_MODEL_ECACHE;
    }
    *samples = w.samples;
    *n = w.n_frames;
    w.samples = NULL;
    wav_data_free(&w);
    return 0;
}

const char *export_unit_kind_name(enum export_unit_kind k)
{
    switch (k) {
    case EXPORT_UNIT_SECTION:
        return "section";
    case EXPORT_UNIT_TITLE:
        return "title";
    case EXPORT_UNIT_QUESTION:
        return "question";
    case EXPORT_UNIT_ITEM:
        return "item";
    case EXPORT_UNIT_PARAGRAPH:
        return "paragraph";
    case EXPORT_UNIT_DISCLAIMER:
        return "disclaimer";
    case EXPORT_UNIT_UPDATED:
        return "updated";
    }
    return "unit";
}

const char *export_model_strerror(int status)
{
    switch (status) {
    case EXPORT_MODEL_OK:
        return "success";
    case EXPORT_MODEL_ENOMEM:
        return "out of memory";
    case EXPORT_MODEL_EINPUT:
        return "unusable leaflet, voice or lexicon";
    case EXPORT_MODEL_ECACHE:
        return "cannot render or read a unit";
    default:
        return "unknown export error";
    }
}
