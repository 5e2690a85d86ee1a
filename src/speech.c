/* speech: turns a leaflet into spoken units, the exact text handed to eSpeak NG:
 * template alternatives, symbols eSpeak NG drops or misreads, lexicon phonemes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "speech.h"
#include "strbuf.h"

/* A template alternative "[a/ b]" longer than this is left as written. */
#define ALTERNATIVE_MAX 300

struct lex_entry {
    char *word;
    size_t wlen;
    char *phonemes;
};

struct speech_lexicon {
    struct lex_entry *e; /* sorted by word, ASCII case ignored */
    size_t n;
    struct speech_rules *rules; /* the language's speech rules (owned), or NULL */
};

static int lower_ascii(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Letters, digits and every byte of a non-ASCII character make up words. */
static int is_word_byte(char c)
{
    unsigned char u = (unsigned char)c;
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || is_digit(c) || u >= 0x80;
}

static int cmp_ci(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    for (size_t i = 0; i < n; i++) {
        int d = lower_ascii((unsigned char)a[i]) - lower_ascii((unsigned char)b[i]);
        if (d)
            return d;
    }
    return an < bn ? -1 : an > bn ? 1 : 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const struct lex_entry *x = a, *y = b;
    return cmp_ci(x->word, x->wlen, y->word, y->wlen);
}

static const struct lex_entry *lex_find(const struct speech_lexicon *lex, const char *w,
                                        size_t n)
{
    size_t lo = 0, hi = lex ? lex->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = cmp_ci(w, n, lex->e[mid].word, lex->e[mid].wlen);
        if (d == 0)
            return &lex->e[mid];
        if (d < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *speech_lexicon_lookup(const struct speech_lexicon *lex, const char *word,
                                  size_t len)
{
    const struct lex_entry *le = lex_find(lex, word, len);
    return le ? le->phonemes : NULL;
}

void speech_lexicon_set_rules(struct speech_lexicon *lex, struct speech_rules *rules)
{
    speech_rules_free(lex->rules);
    lex->rules = rules;
}

/* Whether CODE and the rules' language have the same primary subtag. */
static int same_language(const char *code, const char *rules_code)
{
    size_t n = strcspn(code, "-_");
    return strlen(rules_code) == n && cmp_ci(code, n, rules_code, n) == 0;
}

char *speech_text_notes(const char *text, const char *language,
                        const struct speech_lexicon *lex, struct speech_notes *notes)
{
    const struct speech_rules *r = lex ? lex->rules : NULL;
    struct speech_rules *own = NULL;
    if (language && (!r || !same_language(language, speech_rules_language(r)))) {
        size_t len;
        const char *builtin = speech_rules_builtin(language, &len);
        r = NULL;
        if (builtin && speech_rules_parse(builtin, len, language, &own, NULL) == 0)
            r = own;
    }
    char *out = speech_normalize(text ? text : "", r, lex, notes);
    speech_rules_free(own);
    return out;
}

char *speech_text(const char *text, const char *language, const struct speech_lexicon *lex)
{
    return speech_text_notes(text, language, lex, NULL);
}

/* A lexicon word and the line it is on, to find a word written twice. */
struct lex_seen {
    const char *word;
    size_t wlen;
    int line;
};

/* By word (ASCII case ignored), then by line. */
static int cmp_seen(const void *a, const void *b)
{
    const struct lex_seen *x = a, *y = b;
    int d = cmp_ci(x->word, x->wlen, y->word, y->wlen);
    return d ? d : (x->line > y->line) - (x->line < y->line);
}

int speech_lexicon_parse(const char *buf, size_t len, struct speech_lexicon **out, int *line)
{
    *out = NULL;
    if (line)
        *line = 0;
    struct speech_lexicon *lex = calloc(1, sizeof *lex);
    size_t cap = 0;
    struct lex_seen *seen = NULL; /* the words in file order, with their lines */
    if (!lex)
        return SPEECH_ENOMEM;
    size_t i = 0;
    int no = 0;
    size_t a, z;
    while (sb_next_line(buf, len, &i, &a, &z)) {
        no++;
        if (a == z || buf[a] == '#')
            continue;
        size_t w = a;
        while (w < z && is_word_byte(buf[w]))
            w++;
        size_t p = w;
        while (p < z && (buf[p] == ' ' || buf[p] == '\t'))
            p++;
        int bad = w == a || p == w || p == z;
        for (size_t k = p; k < z && !bad; k++)
            bad = (unsigned char)buf[k] < 0x20 || buf[k] == '[' || buf[k] == ']' || buf[k] == 0;
        if (bad) {
            if (line)
                *line = no;
            free(seen);
            speech_lexicon_free(lex);
            return SPEECH_ELEXICON;
        }
        if (lex->n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            struct lex_entry *ne = realloc(lex->e, nc * sizeof *ne);
            if (ne)
                lex->e = ne;
            struct lex_seen *ns = ne ? realloc(seen, nc * sizeof *ns) : NULL;
            if (!ns) {
                free(seen);
                speech_lexicon_free(lex);
                return SPEECH_ENOMEM;
            }
            seen = ns;
            cap = nc;
        }
        struct lex_entry *le = &lex->e[lex->n];
        le->word = strndup(buf + a, w - a);
        le->wlen = w - a;
        le->phonemes = strndup(buf + p, z - p);
        if (!le->word || !le->phonemes) {
            free(le->word);
            free(le->phonemes);
            free(seen);
            speech_lexicon_free(lex);
            return SPEECH_ENOMEM;
        }
        seen[lex->n] = (struct lex_seen){le->word, le->wlen, no};
        lex->n++;
    }
    /* A word written twice: the earliest line that repeats a word seen before. */
    int dup = 0;
    if (lex->n > 1) {
        qsort(seen, lex->n, sizeof *seen, cmp_seen);
        for (size_t k = 1; k < lex->n; k++)
            if (cmp_ci(seen[k - 1].word, seen[k - 1].wlen, seen[k].word, seen[k].wlen) == 0 &&
                (dup == 0 || seen[k].line < dup))
                dup = seen[k].line;
    }
    free(seen);
    if (dup) {
        if (line)
            *line = dup;
        speech_lexicon_free(lex);
        return SPEECH_ELEXDUP;
    }
    if (lex->n > 1)
        qsort(lex->e, lex->n, sizeof *lex->e, cmp_entry);
    *out = lex;
    return 0;
}

void speech_lexicon_free(struct speech_lexicon *lex)
{
    if (!lex)
        return;
    for (size_t i = 0; i < lex->n; i++) {
        free(lex->e[i].word);
        free(lex->e[i].phonemes);
    }
    free(lex->e);
    speech_rules_free(lex->rules);
    free(lex);
}

/* Does S end in punctuation that makes eSpeak NG pause? */
static int ends_clause(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    char c = s[n - 1];
    return c == '.' || c == '?' || c == '!' || c == ':' || c == ';' ||
           (n >= 3 && !strncmp(s + n - 3, "\xE2\x80\xA6", 3));
}

/* Append the spoken form of a heading.  Measured with eSpeak NG 1.51 (en, es):
 * no punctuation leaves about 50 ms before the next word, ':' 240 ms, ',' 160 ms,
 * '.' 316 ms and '?' 314 ms; so a heading without '.', '?' or '!' gets a full stop,
 * and a final ':' becomes a full stop. */
static void add_heading(struct sbuf *b, const char *h)
{
    size_t n = strlen(h);
    if (n == 0)
        return;
    char last = h[n - 1];
    if (last == ':' || last == ';' || last == ',') {
        sb_add(b, h, n - 1);
        sb_add(b, ".", 1);
    } else {
        sb_add(b, h, n);
        if (last != '.' && last != '?' && last != '!' && !ends_clause(h, n))
            sb_add(b, ".", 1);
    }
}

static int add_unit(struct speech_script *s, size_t *cap, struct speech_unit **out)
{
    if (s->n_units == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        struct speech_unit *nu = realloc(s->units, nc * sizeof *nu);
        if (!nu)
            return SPEECH_ENOMEM;
        s->units = nu;
        *cap = nc;
    }
    *out = &s->units[s->n_units++];
    memset(*out, 0, sizeof **out);
    return 0;
}

/* How many of SEC's items are written before its paragraph K (0 when not recorded). */
static size_t para_after(const struct leaflet_section *sec, size_t k)
{
    return sec->paragraph_after ? sec->paragraph_after[k] : 0;
}

/* Append paragraph text P, with a full stop when it does not end a clause. */
static void add_paragraph(struct sbuf *b, const char *p)
{
    sb_str(b, p);
    if (!ends_clause(p, strlen(p)))
        sb_add(b, ".", 1);
}

/* Build the unit of section SEC: its heading and the paragraphs written before its list
 * (all of them when it has none). */
static int section_unit(struct speech_unit *u, const struct leaflet_section *sec,
                        const char *lang, const struct speech_lexicon *lex)
{
    struct sbuf b = {0};
    u->part_offsets = calloc(sec->n_paragraphs + 1, sizeof *u->part_offsets);
    if (!u->part_offsets)
        return SPEECH_ENOMEM;
    char *h = speech_text(sec->heading, lang, lex);
    if (!h)
        return SPEECH_ENOMEM;
    if (h[0]) {
        u->part_offsets[u->n_parts++] = 0;
        add_heading(&b, h);
    }
    free(h);
    for (size_t k = 0; k < sec->n_paragraphs && para_after(sec, k) == 0; k++) {
        char *p = speech_text(sec->paragraphs[k], lang, lex);
        if (!p) {
            free(b.s);
            return SPEECH_ENOMEM;
        }
        if (p[0]) {
            if (b.len > 0)
                sb_add(&b, " ", 1);
            u->part_offsets[u->n_parts++] = b.len;
            add_paragraph(&b, p);
        }
        free(p);
    }
    u->text = sb_take(&b);
    return u->text ? 0 : SPEECH_ENOMEM;
}

/* Build the unit of a paragraph written after a list item (TEXT as written); its text is
 * "" when there is nothing to say. */
static int paragraph_unit(struct speech_unit *u, const char *text, const char *lang,
                          const struct speech_lexicon *lex)
{
    u->part_offsets = calloc(1, sizeof *u->part_offsets);
    if (!u->part_offsets)
        return SPEECH_ENOMEM;
    u->n_parts = 1;
    char *p = speech_text(text, lang, lex);
    if (!p)
        return SPEECH_ENOMEM;
    struct sbuf b = {0};
    if (p[0])
        add_paragraph(&b, p);
    free(p);
    u->text = sb_take(&b);
    return u->text ? 0 : SPEECH_ENOMEM;
}

static int simple_unit(struct speech_unit *u, const char *text, const char *lang,
                       const struct speech_lexicon *lex)
{
    u->part_offsets = calloc(1, sizeof *u->part_offsets);
    if (!u->part_offsets)
        return SPEECH_ENOMEM;
    u->n_parts = 1;
    u->text = speech_text(text, lang, lex);
    return u->text ? 0 : SPEECH_ENOMEM;
}

static int script_make(const struct leaflet *lf, const char *language,
                       const struct speech_lexicon *lex, struct speech_script **out)
{
    *out = NULL;
    struct speech_script *s = calloc(1, sizeof *s);
    if (!s)
        return SPEECH_ENOMEM;
    const char *lang = language ? language : lf->language ? lf->language : "en";
    snprintf(s->language, sizeof s->language, "%s", lang);
    size_t cap = 0;
    int rc = 0;
    struct speech_unit *u;
    for (size_t i = 0; i < lf->n_sections && !rc; i++) {
        const struct leaflet_section *sec = &lf->sections[i];
        rc = add_unit(s, &cap, &u);
        if (!rc) {
            snprintf(u->id, sizeof u->id, "%s", sec->id);
            u->kind = SPEECH_UNIT_SECTION;
            u->section = i;
            rc = section_unit(u, sec, lang, lex);
            if (!rc && u->text[0] == '\0') {
                /* Text before the first heading that holds only list items. */
                free(u->text);
                free(u->part_offsets);
                s->n_units--;
            }
        }
        /* Then the list items and the paragraphs written after them, in written order. */
        size_t p = 0;
        while (p < sec->n_paragraphs && para_after(sec, p) == 0)
            p++;
        for (size_t k = 0; k < sec->n_items && !rc; k++) {
            rc = add_unit(s, &cap, &u);
            if (rc)
                break;
            snprintf(u->id, sizeof u->id, "%s", sec->items[k].id);
            u->kind = SPEECH_UNIT_ITEM;
            u->section = i;
            u->item = k;
            rc = simple_unit(u, sec->items[k].text, lang, lex);
            for (; !rc && p < sec->n_paragraphs && para_after(sec, p) <= k + 1; p++) {
                rc = add_unit(s, &cap, &u);
                if (rc)
                    break;
                snprintf(u->id, sizeof u->id, "%s.p%lu", sec->id,
                         (unsigned long)((p + 1) % 100000000000UL));
                u->kind = SPEECH_UNIT_PARAGRAPH;
                u->section = i;
                u->paragraph = p;
                rc = paragraph_unit(u, sec->paragraphs[p], lang, lex);
                if (!rc && u->text[0] == '\0') {
                    /* Nothing to say: no unit. */
                    free(u->text);
                    free(u->part_offsets);
                    s->n_units--;
                }
            }
        }
    }
    if (!rc && lf->updated_line) {
        rc = add_unit(s, &cap, &u);
        if (!rc) {
            snprintf(u->id, sizeof u->id, "updated");
            u->kind = SPEECH_UNIT_UPDATED;
            rc = simple_unit(u, lf->updated_line, lang, lex);
        }
    }
    if (rc) {
        speech_script_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

int speech_script_make(const struct leaflet *lf, const char *language,
                       const struct speech_lexicon *lex, struct speech_script **out)
{
    const char *lang = language ? language : lf->language ? lf->language : "en";
    if (lex && lex->rules && same_language(lang, speech_rules_language(lex->rules)))
        return script_make(lf, language, lex, out);
    /* the built-in rules of the language, parsed once for the whole leaflet */
    struct speech_lexicon local = {0};
    if (lex)
        local = *lex;
    local.rules = NULL;
    size_t len;
    const char *builtin = speech_rules_builtin(lang, &len);
    if (builtin && speech_rules_parse(builtin, len, lang, &local.rules, NULL) != 0) {
        *out = NULL;
        return SPEECH_ENOMEM;
    }
    int rc = script_make(lf, language, &local, out);
    speech_rules_free(local.rules);
    return rc;
}

void speech_script_free(struct speech_script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_units; i++) {
        free(s->units[i].text);
        free(s->units[i].part_offsets);
    }
    free(s->units);
    free(s);
}

const char *speech_strerror(int status)
{
    switch (status) {
    case SPEECH_OK: return "success";
    case SPEECH_ENOMEM: return "out of memory";
    case SPEECH_ELEXICON: return "malformed lexicon line (expected 'word phonemes')";
    case SPEECH_ELEXDUP: return "lexicon word already listed on an earlier line (case ignored)";
    default: return "unknown speech error";
    }
}
