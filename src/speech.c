/* speech: turns a leaflet into spoken units, the exact text handed to eSpeak NG:
 * template alternatives, symbols eSpeak NG drops or misreads, lexicon phonemes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "speech.h"

/* A template alternative "[a/ b]" longer than this is left as written. */
#define ALTERNATIVE_MAX 300

/* Words for symbols in one language.  Checked with espeak-ng -x: eSpeak NG 1.51
 * says "dash" for "2-4", drops "<" and ">", says "ampersand" for "&" in Spanish and
 * "I E" for "i.e.", so these are spelt out.  It reads "1 in 1750" as "one in one
 * thousand seven hundred fifty" and "10%" right, so numbers are left to it. */
struct lang_words {
    const char *code;
    const char *range;         /* "2-4" -> "2 RANGE 4" */
    const char *more_than;     /* "> 5" */
    const char *less_than;     /* "< 5" */
    const char *at_least;      /* ">= 5", "≥ 5" */
    const char *at_most;       /* "<= 5", "≤ 5" */
    const char *percent;       /* "%" */
    const char *and_word;      /* "&" */
    const char *times;         /* "3 x 4 cm" -> "3 TIMES 4 cm" */
    const char *const (*abbr)[2]; /* {written, spoken} pairs, ended by {NULL, NULL} */
    int percent_first;            /* 1: "10%" -> "PERCENT 10" (Swahili "asilimia 10") */
};

static const char *const en_abbr[][2] = {
    {"e.g.", "for example"}, {"E.g.", "For example"}, {"i.e.", "that is"},
    {"I.e.", "That is"},     {"approx.", "approximately"}, {"vs.", "versus"},
    {"and/or", "and or"},    {NULL, NULL},
};

static const char *const es_abbr[][2] = {
    {"p. ej.", "por ejemplo"}, {"P. ej.", "Por ejemplo"}, {"p.ej.", "por ejemplo"},
    {"etc.", "etcétera"},     {"aprox.", "aproximadamente"}, {"y/o", "y o"},
    {NULL, NULL},
};

static const char *const sw_abbr[][2] = {
    {"k.m.", "kwa mfano"}, {"K.m.", "Kwa mfano"}, {"n.k.", "na kadhalika"}, {NULL, NULL},
};

/* Swahili: eSpeak NG says "5%" as "tano asilimia" (it should be "asilimia tano") and
 * "&" as English "and", so "5%" -> "asilimia 5" and "&" -> "na". */
static const struct lang_words languages[] = {
    {"en", "to", "more than", "less than", "at least", "at most", "percent", "and", "by",
     en_abbr, 0},
    {"es", "a", "más de", "menos de", "al menos", "como máximo", "por ciento", "y", "por",
     es_abbr, 0},
    {"sw", "hadi", "zaidi ya", "chini ya", "angalau", "si zaidi ya", "asilimia", "na", "kwa",
     sw_abbr, 1},
};

struct lex_entry {
    char *word;
    size_t wlen;
    char *phonemes;
};

struct speech_lexicon {
    struct lex_entry *e; /* sorted by word, ASCII case ignored */
    size_t n;
};

/* A growing string. */
struct sbuf {
    char *s;
    size_t len, cap;
    int failed;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->failed = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* Add a word, with one space before it when it follows a word or punctuation
 * that ends one ("10%" -> "10 percent", but "(<5" -> "(less than 5"). */
static void sb_word(struct sbuf *b, const char *w)
{
    if (b->len > 0) {
        unsigned char c = (unsigned char)b->s[b->len - 1];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            c >= 0x80 || strchr(".,;:!?)]%", c))
            sb_add(b, " ", 1);
    }
    sb_str(b, w);
}

/* Put W before the number B ends with ("10 " -> "W 10"), or after B as sb_word() does
 * when B does not end with a number. */
static void sb_word_before_number(struct sbuf *b, const char *w)
{
    size_t end = b->len;
    while (end > 0 && b->s[end - 1] == ' ')
        end--;
    size_t start = end;
    while (start > 0 && ((b->s[start - 1] >= '0' && b->s[start - 1] <= '9') ||
                         ((b->s[start - 1] == '.' || b->s[start - 1] == ',') && start < end)))
        start--;
    while (start < end && (b->s[start] == '.' || b->s[start] == ','))
        start++;
    if (start == end || (start > 0 && b->s[start - 1] != ' ' && b->s[start - 1] != '(')) {
        sb_word(b, w);
        return;
    }
    size_t wl = strlen(w);
    b->len = end;
    sb_add(b, w, wl);
    sb_add(b, " ", 1);
    if (b->failed)
        return;
    memmove(b->s + start + wl + 1, b->s + start, end - start);
    memcpy(b->s + start, w, wl);
    b->s[start + wl] = ' ';
}

/* The string built, or NULL when out of memory. */
static char *sb_take(struct sbuf *b)
{
    if (b->failed) {
        free(b->s);
        return NULL;
    }
    if (!b->s)
        return calloc(1, 1);
    return b->s;
}

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

static const struct lang_words *find_language(const char *code)
{
    if (!code)
        return NULL;
    size_t n = strcspn(code, "-_");
    for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
        if (strlen(languages[i].code) == n && cmp_ci(code, n, languages[i].code, n) == 0)
            return &languages[i];
    return NULL;
}

/* Resolve template alternatives: "[this leaflet/ our website]" -> "this leaflet". */
static char *resolve_alternatives(const char *t)
{
    struct sbuf b = {0};
    size_t n = strlen(t), i = 0;
    while (i < n) {
        if (t[i] == '[' && !(i + 1 < n && t[i + 1] == '[') && !(i > 0 && t[i - 1] == '[')) {
            size_t j = i + 1, slash = 0;
            while (j < n && j - i < ALTERNATIVE_MAX && t[j] != ']' && t[j] != '[') {
                if (t[j] == '/' && !slash)
                    slash = j;
                j++;
            }
            if (j < n && t[j] == ']' && slash) {
                size_t a = i + 1, e = slash;
                while (a < e && t[a] == ' ')
                    a++;
                while (e > a && t[e - 1] == ' ')
                    e--;
                sb_add(&b, t + a, e - a);
                i = j + 1;
                continue;
            }
        }
        sb_add(&b, t + i, 1);
        i++;
    }
    return sb_take(&b);
}

/* Length of a number (digits with an optional decimal part) at T, or 0. */
static size_t number_len(const char *t)
{
    size_t k = 0;
    while (is_digit(t[k]))
        k++;
    if (k > 0 && (t[k] == '.' || t[k] == ',') && is_digit(t[k + 1])) {
        k++;
        while (is_digit(t[k]))
            k++;
    }
    return k;
}

/* Value of the number of length N at T (from number_len). */
static double number_value(const char *t, size_t n)
{
    double v = 0, scale = 0;
    for (size_t k = 0; k < n; k++) {
        if (!is_digit(t[k])) {
            scale = 1;
            continue;
        }
        v = v * 10 + (t[k] - '0');
        scale *= 10;
    }
    return scale > 0 ? v / scale : v;
}

/* Could the numbers A (length AN) and Z (length ZN) be the ends of a range?  Not
 * when one has a leading zero (phone numbers, codes) or they do not go up. */
static int range_ends(const char *a, size_t an, const char *z, size_t zn)
{
    if ((an > 1 && a[0] == '0' && is_digit(a[1])) || (zn > 1 && z[0] == '0' && is_digit(z[1])))
        return 0;
    return number_value(a, an) < number_value(z, zn);
}

/* Length of a range dash ("-" or U+2013 en dash, spaces around allowed) at T, or 0. */
static size_t dash_len(const char *t)
{
    size_t k = 0;
    while (t[k] == ' ')
        k++;
    if (t[k] == '-')
        k++;
    else if (!strncmp(t + k, "\xE2\x80\x93", 3))
        k += 3;
    else
        return 0;
    while (t[k] == ' ')
        k++;
    return k;
}

/* Length of a dimension sign ("x" or U+00D7, spaces around allowed) at T, or 0. */
static size_t times_len(const char *t)
{
    size_t k = 0;
    while (t[k] == ' ')
        k++;
    if (t[k] == 'x')
        k++;
    else if (!strncmp(t + k, "\xC3\x97", 2))
        k += 2;
    else
        return 0;
    while (t[k] == ' ')
        k++;
    return k;
}

/* If T starts a comparison before a number ("> 5", ">= 5", "≤ 5"), return the
 * length of the symbol and the spaces after it, and the words in *WORDS. */
static size_t comparison_len(const char *t, const struct lang_words *lw, const char **words)
{
    size_t k;
    if (t[0] == '>' || t[0] == '<') {
        int eq = t[1] == '=';
        k = eq ? 2 : 1;
        *words = t[0] == '>' ? (eq ? lw->at_least : lw->more_than)
                             : (eq ? lw->at_most : lw->less_than);
    } else if (!strncmp(t, "\xE2\x89\xA5", 3) || !strncmp(t, "\xE2\x89\xA4", 3)) {
        k = 3;
        *words = t[2] == '\xA5' ? lw->at_least : lw->at_most;
    } else {
        return 0;
    }
    while (t[k] == ' ')
        k++;
    return is_digit(t[k]) ? k : 0;
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

/* Turn blanks and control bytes into single spaces and trim the ends. */
static void squeeze_spaces(char *s)
{
    size_t w = 0;
    for (size_t r = 0; s[r]; r++) {
        char c = s[r];
        if ((unsigned char)c < 0x20)
            c = ' ';
        if (c == ' ' && (w == 0 || s[w - 1] == ' '))
            continue;
        s[w++] = c;
    }
    while (w > 0 && s[w - 1] == ' ')
        w--;
    s[w] = '\0';
}

char *speech_text(const char *text, const char *language, const struct speech_lexicon *lex)
{
    char *t = resolve_alternatives(text ? text : "");
    if (!t)
        return NULL;
    const struct lang_words *lw = find_language(language);
    struct sbuf b = {0};
    size_t n = strlen(t), i = 0;
    while (i < n) {
        char c = t[i];
        int boundary = i == 0 || !is_word_byte(t[i - 1]);
        /* "[[" and "]]" from the leaflet must not open eSpeak phoneme input. */
        if ((c == '[' || c == ']') && t[i + 1] == c) {
            sb_add(&b, &c, 1);
            sb_add(&b, " ", 1);
            i++;
            continue;
        }
        /* Not after "-", "." or a number and a space ("0800 123-456"). */
        int grouped = i >= 2 && t[i - 1] == ' ' && is_digit(t[i - 2]);
        if (lw && is_digit(c) && boundary && !grouped &&
            !(i > 0 && (t[i - 1] == '-' || t[i - 1] == '.'))) {
            size_t a = number_len(t + i);
            size_t d = dash_len(t + i + a);
            size_t z = d ? number_len(t + i + a + d) : 0;
            size_t end = i + a + d + z;
            if (z > 0 && range_ends(t + i, a, t + i + a + d, z) && !is_word_byte(t[end]) &&
                t[end] != '-' &&
                strncmp(t + end, "\xE2\x80\x93", 3) && !(t[end] == '/' && is_digit(t[end + 1]))) {
                sb_add(&b, t + i, a);
                sb_word(&b, lw->range);
                sb_add(&b, " ", 1);
                sb_add(&b, t + i + a + d, z);
                i = end;
                continue;
            }
            /* "3 x 4 cm", "3x4x5 mm": dimensions, not the letter x. */
            size_t j = i + a, x, y, dims = 0;
            while ((x = times_len(t + j)) > 0 && (y = number_len(t + j + x)) > 0) {
                j += x + y;
                dims++;
            }
            if (dims > 0 && !is_word_byte(t[j])) {
                size_t k2 = i;
                while (k2 < j) {
                    size_t nl = number_len(t + k2);
                    sb_add(&b, t + k2, nl);
                    k2 += nl;
                    if (k2 < j) {
                        sb_word(&b, lw->times);
                        sb_add(&b, " ", 1);
                        k2 += times_len(t + k2);
                    }
                }
            } else {
                /* Left as written, whole: looking again from each number of a long
                 * chain would be quadratic. */
                sb_add(&b, t + i, j - i);
            }
            i = j;
            continue;
        }
        const char *words = NULL;
        size_t k = lw ? comparison_len(t + i, lw, &words) : 0;
        if (k > 0) {
            sb_word(&b, words);
            sb_add(&b, " ", 1);
            i += k;
            continue;
        }
        if (lw && c == '%') {
            if (lw->percent_first)
                sb_word_before_number(&b, lw->percent);
            else
                sb_word(&b, lw->percent);
            i++;
            continue;
        }
        if (lw && c == '&') {
            sb_word(&b, lw->and_word);
            sb_add(&b, " ", 1);
            i += strncmp(t + i, "&amp;", 5) ? 1 : 5;
            continue;
        }
        if (boundary && lw) {
            size_t m = 0;
            for (size_t a = 0; lw->abbr[a][0] && !m; a++) {
                size_t al = strlen(lw->abbr[a][0]);
                if (!strncmp(t + i, lw->abbr[a][0], al) && !is_word_byte(t[i + al])) {
                    sb_str(&b, lw->abbr[a][1]);
                    m = al;
                }
            }
            if (m) {
                i += m;
                continue;
            }
        }
        if (boundary && is_word_byte(c)) {
            size_t e = i;
            while (e < n && is_word_byte(t[e]))
                e++;
            const struct lex_entry *le = lex_find(lex, t + i, e - i);
            if (le) {
                sb_str(&b, "[[");
                sb_str(&b, le->phonemes);
                sb_str(&b, "]]");
            } else {
                sb_add(&b, t + i, e - i);
            }
            i = e;
            continue;
        }
        sb_add(&b, &c, 1);
        i++;
    }
    free(t);
    char *out = sb_take(&b);
    if (out)
        squeeze_spaces(out);
    return out;
}

int speech_lexicon_parse(const char *buf, size_t len, struct speech_lexicon **out, int *line)
{
    *out = NULL;
    if (line)
        *line = 0;
    struct speech_lexicon *lex = calloc(1, sizeof *lex);
    size_t cap = 0;
    if (!lex)
        return SPEECH_ENOMEM;
    size_t i = 0;
    int no = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && buf[e] != '\n' && buf[e] != '\r')
            e++;
        no++;
        size_t a = i, z = e;
        i = e + ((e + 1 < len && buf[e] == '\r' && buf[e + 1] == '\n') ? 2 : 1);
        while (a < z && (buf[a] == ' ' || buf[a] == '\t'))
            a++;
        while (z > a && (buf[z - 1] == ' ' || buf[z - 1] == '\t'))
            z--;
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
            speech_lexicon_free(lex);
            return SPEECH_ELEXICON;
        }
        if (lex->n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            struct lex_entry *ne = realloc(lex->e, nc * sizeof *ne);
            if (!ne) {
                speech_lexicon_free(lex);
                return SPEECH_ENOMEM;
            }
            lex->e = ne;
            cap = nc;
        }
        struct lex_entry *le = &lex->e[lex->n];
        le->word = strndup(buf + a, w - a);
        le->wlen = w - a;
        le->phonemes = strndup(buf + p, z - p);
        if (!le->word || !le->phonemes) {
            free(le->word);
            free(le->phonemes);
            speech_lexicon_free(lex);
            return SPEECH_ENOMEM;
        }
        lex->n++;
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

int speech_script_make(const struct leaflet *lf, const char *language,
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
    default: return "unknown speech error";
    }
}
