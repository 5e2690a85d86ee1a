/* normalize: reads a language's speech rules and applies them to leaflet text: the C
 * code recognises shapes (phone numbers, clock times, dates, units after numbers,
 * acronyms, addresses, tags) and every word it says comes from the rules. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "speech.h"
#include "strbuf.h"

/* A template alternative "[a/ b]" longer than this is left as written. */
#define ALTERNATIVE_MAX 300
/* Words looked back for a phone word ("call us on 0113 ..."). */
#define PHONE_LOOKBACK 3

/* ---------------------------------------------------------------- the rules */

struct kv {
    char *k, *v;
    size_t kl;
};

struct table {
    struct kv *v;
    size_t n, cap;
    unsigned char first[32]; /* bit set of the keys' first bytes: most look-ups stop here */
};

/* The sections of a rules file, in the order of the `sections` array below. */
enum rules_section {
    RS_LANGUAGE, RS_WORDS, RS_DIGITS, RS_TEMPLATES, RS_ORDINAL_SUFFIX, RS_ORDINALS,
    RS_MONTHS, RS_DAYS, RS_UNITS, RS_SYMBOLS, RS_FRACTIONS, RS_ABBREVIATIONS, RS_TITLES,
    RS_AFTER_NAME, RS_BEFORE_NUMBER, RS_PHONE, RS_ACRONYMS, RS_CURRENCY, RS_COUNT,
    RS_MONTH_NAMES = RS_COUNT, /* not a section: each month's full name (from RS_MONTHS) */
    RS_TABLES
};

static const char *const sections[RS_COUNT] = {
    "language", "words", "digits", "templates", "ordinal_suffix", "ordinals", "months",
    "days", "units", "symbols", "fractions", "abbreviations", "titles", "after_name",
    "before_number", "phone", "acronyms", "currency",
};

/* Word lists (space-separated values) kept as tables of keys. */
enum rules_list {
    RL_PHONE_WORDS, RL_SHORT_NUMBERS, RL_EXTENSION_WORDS, RL_ACRONYM_WORDS, RL_CAPITAL_WORDS,
    RL_SPELL, RL_TIME_WORDS, RL_DIMENSION_UNITS, RL_NOT_PHONE, RL_COUNT
};

struct speech_rules {
    char language[16];
    struct table t[RS_TABLES];
    struct table list[RL_COUNT];
    char date_order[4]; /* "dmy", "mdy" or "ymd" */
    int percent_first;  /* "10%" -> "PERCENT 10" */
    char decimal;       /* decimal mark: '.' or ',' */
    int unit_first;     /* "500 mg" -> "UNIT 500" (Swahili "miligramu 500") */
    int space_thousands; /* "10 000" is one number */
};

static int table_add(struct table *t, const char *k, size_t kl, const char *v, size_t vl)
{
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 16;
        struct kv *nv = realloc(t->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        t->v = nv;
        t->cap = nc;
    }
    struct kv *e = &t->v[t->n];
    e->k = strndup(k, kl);
    e->v = strndup(v, vl);
    e->kl = kl;
    if (kl)
        t->first[(unsigned char)k[0] >> 3] |= (unsigned char)(1u << ((unsigned char)k[0] & 7));
    if (!e->k || !e->v) {
        free(e->k);
        free(e->v);
        return -1;
    }
    t->n++;
    return 0;
}

static void table_free(struct table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].k);
        free(t->v[i].v);
    }
    free(t->v);
}

/* The value of KEY (KL bytes, exact case), or NULL.  Later lines win, so a file can
 * override what an earlier line said. */
static const char *table_get(const struct table *t, const char *key, size_t kl)
{
    for (size_t i = t->n; i-- > 0;)
        if (t->v[i].kl == kl && !memcmp(t->v[i].k, key, kl))
            return t->v[i].v;
    return NULL;
}

/* The longest key that T starts with, followed by a byte for which ENDS_OK holds (or
 * any byte when ENDS_OK is NULL); its length in *KL.  Of equal keys the later wins. */
static int table_may_start(const struct table *t, char c)
{
    unsigned char u = (unsigned char)c;
    return (t->first[u >> 3] >> (u & 7)) & 1;
}

static const struct kv *table_prefix(const struct table *t, const char *s,
                                     int (*ends_ok)(const char *), size_t *kl)
{
    const struct kv *best = NULL;
    if (!table_may_start(t, s[0]))
        return NULL;
    for (size_t i = 0; i < t->n; i++) {
        const struct kv *e = &t->v[i];
        if ((!best || e->kl >= best->kl) && !strncmp(s, e->k, e->kl) &&
            (!ends_ok || ends_ok(s + e->kl)))
            best = e;
    }
    if (best)
        *kl = best->kl;
    return best;
}

static int rules_list_of(int section, const char *key, size_t kl)
{
    static const struct {
        int section;
        const char *key;
        int list;
    } lists[] = {
        {RS_PHONE, "words", RL_PHONE_WORDS},
        {RS_PHONE, "short_numbers", RL_SHORT_NUMBERS},
        {RS_PHONE, "extension_words", RL_EXTENSION_WORDS},
        {RS_ACRONYMS, "words", RL_ACRONYM_WORDS},
        {RS_ACRONYMS, "capital_words", RL_CAPITAL_WORDS},
        {RS_ACRONYMS, "spell", RL_SPELL},
        {RS_WORDS, "time_words", RL_TIME_WORDS},
        {RS_WORDS, "dimension_units", RL_DIMENSION_UNITS},
        {RS_PHONE, "not_before", RL_NOT_PHONE},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (lists[i].section == section && strlen(lists[i].key) == kl &&
            !memcmp(lists[i].key, key, kl))
            return lists[i].list;
    return -1;
}

/* The yes/no setting KEY (N bytes) of the [language] section, or NULL. */
static int *language_flag(struct speech_rules *r, const char *key, size_t n)
{
    static const struct {
        const char *key;
        size_t offset;
    } flags[] = {
        {"percent_first", offsetof(struct speech_rules, percent_first)},
        {"unit_first", offsetof(struct speech_rules, unit_first)},
        {"space_thousands", offsetof(struct speech_rules, space_thousands)},
    };
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (strlen(flags[i].key) == n && !memcmp(flags[i].key, key, n))
            return (int *)(void *)((char *)r + flags[i].offset);
    return NULL;
}

static int is_digit_key(const char *k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (k[i] < '0' || k[i] > '9')
            return 0;
    return n > 0;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

int speech_rules_parse(const char *buf, size_t len, const char *language,
                       struct speech_rules **out, int *line)
{
    *out = NULL;
    if (line)
        *line = 0;
    struct speech_rules *r = calloc(1, sizeof *r);
    if (!r)
        return SPEECH_RULES_ENOMEM;
    snprintf(r->language, sizeof r->language, "%.*s", (int)strcspn(language ? language : "",
                                                                    "-_"),
             language ? language : "");
    memcpy(r->date_order, "dmy", 4);
    r->decimal = '.';
    int section = -1, no = 0, rc = 0;
    int *flag;
    size_t i = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        i = 3;
    size_t a, z;
    while (!rc && sb_next_line(buf, len, &i, &a, &z)) {
        no++;
        if (a == z || buf[a] == ';' || buf[a] == '#')
            continue;
        if (buf[a] == '[') {
            if (buf[z - 1] != ']') {
                rc = SPEECH_RULES_ESYNTAX;
                break;
            }
            section = -1;
            for (int s = 0; s < RS_COUNT; s++)
                if (strlen(sections[s]) == z - a - 2 && !memcmp(buf + a + 1, sections[s], z - a - 2))
                    section = s;
            if (section < 0)
                rc = SPEECH_RULES_ESECTION;
            continue;
        }
        const char *eq = memchr(buf + a, '=', z - a);
        if (!eq || section < 0) {
            rc = SPEECH_RULES_ESYNTAX;
            break;
        }
        size_t ke = (size_t)(eq - buf), vs = ke + 1;
        while (ke > a && is_blank(buf[ke - 1]))
            ke--;
        while (vs < z && is_blank(buf[vs]))
            vs++;
        if (ke == a) {
            rc = SPEECH_RULES_ESYNTAX;
            break;
        }
        for (size_t k = a; k < z; k++)
            if ((unsigned char)buf[k] < 0x20 && buf[k] != '\t')
                rc = SPEECH_RULES_ESYNTAX;
        if (rc)
            break;
        int list = rules_list_of(section, buf + a, ke - a);
        if (list >= 0) {
            size_t w = vs;
            while (w < z && !rc) {
                while (w < z && is_blank(buf[w]))
                    w++;
                size_t we = w;
                while (we < z && !is_blank(buf[we]))
                    we++;
                if (we > w && table_add(&r->list[list], buf + w, we - w, "", 0))
                    rc = SPEECH_RULES_ENOMEM;
                w = we;
            }
            continue;
        }
        if (section == RS_LANGUAGE) {
            if (ke - a == 10 && !memcmp(buf + a, "date_order", 10)) {
                if (z - vs != 3 || (memcmp(buf + vs, "dmy", 3) && memcmp(buf + vs, "mdy", 3) &&
                                    memcmp(buf + vs, "ymd", 3)))
                    rc = SPEECH_RULES_EVALUE;
                else
                    memcpy(r->date_order, buf + vs, 3);
            } else if ((flag = language_flag(r, buf + a, ke - a)) != NULL) {
                if (z - vs == 3 && !memcmp(buf + vs, "yes", 3))
                    *flag = 1;
                else if (z - vs == 2 && !memcmp(buf + vs, "no", 2))
                    *flag = 0;
                else
                    rc = SPEECH_RULES_EVALUE;
            } else if (ke - a == 7 && !memcmp(buf + a, "decimal", 7)) {
                if (z - vs != 1 || (buf[vs] != '.' && buf[vs] != ','))
                    rc = SPEECH_RULES_EVALUE;
                else
                    r->decimal = buf[vs];
            } else {
                rc = SPEECH_RULES_EVALUE;
            }
            continue;
        }
        if ((section == RS_UNITS || section == RS_CURRENCY) && !memchr(buf + vs, '|', z - vs)) {
            rc = SPEECH_RULES_EVALUE; /* "singular | plural" */
            continue;
        }
        if (table_add(&r->t[section], buf + a, ke - a, buf + vs, z - vs))
            rc = SPEECH_RULES_ENOMEM;
        else if (section == RS_MONTHS && is_digit_key(buf + a, ke - a) &&
                 table_add(&r->t[RS_MONTH_NAMES], buf + vs, z - vs, buf + vs, z - vs))
            rc = SPEECH_RULES_ENOMEM;
    }
    if (rc) {
        if (line)
            *line = no;
        speech_rules_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

void speech_rules_free(struct speech_rules *r)
{
    if (!r)
        return;
    for (int s = 0; s < RS_TABLES; s++)
        table_free(&r->t[s]);
    for (int s = 0; s < RL_COUNT; s++)
        table_free(&r->list[s]);
    free(r);
}

const char *speech_rules_language(const struct speech_rules *r)
{
    return r ? r->language : "";
}

const char *speech_rules_strerror(int status)
{
    switch (status) {
    case SPEECH_RULES_OK: return "success";
    case SPEECH_RULES_ENOMEM: return "out of memory";
    case SPEECH_RULES_ESYNTAX: return "expected [section], key = value or a comment";
    case SPEECH_RULES_ESECTION: return "unknown section";
    case SPEECH_RULES_EVALUE: return "bad value for this key";
    default: return "unknown rules error";
    }
}

void speech_notes_clear(struct speech_notes *notes)
{
    if (!notes)
        return;
    for (size_t i = 0; i < notes->n; i++)
        free(notes->v[i].said);
    free(notes->v);
    memset(notes, 0, sizeof *notes);
}

/* ---------------------------------------------------------------- text helpers */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

/* Letters, digits and every byte of a non-ASCII character make up words. */
static int is_word_byte(char c)
{
    unsigned char u = (unsigned char)c;
    return is_lower(c) || is_upper(c) || is_digit(c) || u >= 0x80;
}

/* Does a word character start at S?  ASCII letters and digits, and non-ASCII characters
 * except U+0080-U+00BF (Latin-1 signs: NBSP, degree, fractions) and U+2000-U+2FFF
 * (dashes, quotes, arrows, maths).  A continuation byte counts as part of a word. */
static int is_word_at(const char *s)
{
    unsigned char u = (unsigned char)s[0];
    if (u < 0x80)
        return is_word_byte(s[0]);
    return u != 0xC2 && u != 0xE2;
}

/* Where the character before position I of T starts. */
static size_t char_before(const char *t, size_t i)
{
    size_t p = i - 1;
    while (p > 0 && ((unsigned char)t[p] & 0xC0) == 0x80)
        p--;
    return p;
}

/* Does a word character end right before position I of T? */
static int is_word_before(const char *t, size_t i)
{
    return i > 0 && is_word_at(t + char_before(t, i));
}

/* A word of any case may not go on after S (for table_prefix). */
static int word_ends(const char *s)
{
    return !is_word_at(s);
}

/* Add W as a word: one space before it after a word or closing punctuation. */
static void sb_word(struct sbuf *b, const char *w, size_t n)
{
    if (b->len > 0) {
        unsigned char c = (unsigned char)b->s[b->len - 1];
        if (is_word_byte((char)c) || strchr(".,;:!?)]%", c))
            sb_add(b, " ", 1);
    }
    sb_add(b, w, n);
}

/* ---------------------------------------------------------------- the pass */

struct ctx {
    const struct speech_rules *r;
    const struct speech_lexicon *lex;
    const char *t; /* the text, NUL-terminated */
    size_t n;
    size_t base;   /* offset of t in the text the notes refer to */
    struct sbuf b;
    struct speech_notes *notes;
    int shouting;  /* most letters are capitals: capital words are plain words */
    int plain;     /* no rules for the language: only tags, alternatives and the lexicon */
    int depth;
};

static void note(struct ctx *c, const char *rule, size_t at, size_t len, size_t out_from,
                 const char *doubt)
{
    struct speech_notes *ns = c->notes;
    if (!ns || c->b.failed)
        return;
    if (ns->n == ns->cap) {
        size_t nc = ns->cap ? ns->cap * 2 : 16;
        struct speech_note *nv = realloc(ns->v, nc * sizeof *nv);
        if (!nv)
            return;
        ns->v = nv;
        ns->cap = nc;
    }
    size_t from = out_from;
    while (from < c->b.len && c->b.s[from] == ' ')
        from++;
    char *said = strndup(c->b.s + from, c->b.len - from);
    if (!said)
        return;
    ns->v[ns->n++] = (struct speech_note){rule, c->base + at, len, said, doubt};
}

static const char *word_of(const struct ctx *c, const char *key)
{
    const char *w = table_get(&c->r->t[RS_WORDS], key, strlen(key));
    return w ? w : "";
}

/* Fill template TPL: "{NAME}" is replaced by the value of NAME in NAMES/VALUES. */
static void emit_template(struct ctx *c, const char *tpl, const char *const *names,
                          const char *const *values, size_t count)
{
    struct sbuf t = {0};
    for (const char *p = tpl; *p;) {
        if (*p == '{') {
            const char *e = strchr(p, '}');
            size_t k;
            for (k = 0; e && k < count; k++)
                if (strlen(names[k]) == (size_t)(e - p - 1) && !memcmp(p + 1, names[k], e - p - 1))
                    break;
            if (e && k < count) {
                sb_str(&t, values[k]);
                p = e + 1;
                continue;
            }
        }
        sb_add(&t, p, 1);
        p++;
    }
    if (t.failed) {
        c->b.failed = 1;
    } else if (t.s) {
        /* "saa 8:30" with the template "saa {h} ...": the text said the first word already */
        size_t w = 0;
        while (w < t.len && t.s[w] != ' ' && t.s[w] != '{')
            w++;
        size_t end = c->b.len;
        while (end > 0 && c->b.s[end - 1] == ' ')
            end--;
        if (w > 0 && w < t.len && t.s[w] == ' ' && end >= w &&
            (end == w || c->b.s[end - w - 1] == ' ') && !strncmp(c->b.s + end - w, t.s, w))
            c->b.len = end - w;
        sb_word(&c->b, t.s, t.len);
    }
    free(t.s);
}

/* Does the word at T (length N) occur as a whole word in S? */
static int word_in(const char *s, const char *t, size_t n)
{
    for (const char *p = s; n && *p; p++)
        if (!strncmp(p, t, n) && (p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

static const char *tpl_of(const struct ctx *c, const char *key)
{
    return table_get(&c->r->t[RS_TEMPLATES], key, strlen(key));
}

/* Say the digits D..E one by one ("oh one one three"). */
static void emit_digits(struct ctx *c, const char *d, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (!is_digit(d[k]))
            continue;
        const char *w = table_get(&c->r->t[RS_DIGITS], d + k, 1);
        if (w)
            sb_word(&c->b, w, strlen(w));
        else
            sb_word(&c->b, d + k, 1);
    }
}

static size_t digits_len(const char *t)
{
    size_t k = 0;
    while (is_digit(t[k]))
        k++;
    return k;
}

/* Length of a number at T: digits, with ',' or '.' between digits ("1,200", "0.5",
 * "1.200,5"). */
static size_t number_len(const char *t)
{
    size_t k = digits_len(t);
    while (k && (t[k] == ',' || t[k] == '.') && is_digit(t[k + 1]))
        k += 1 + digits_len(t + k + 1);
    return k;
}

/* Value of the number of length N at T; DECIMAL is the language's decimal mark (the
 * other of ',' and '.' separates thousands). */
static double number_value(const char *t, size_t n, char decimal)
{
    double v = 0, scale = 0;
    for (size_t k = 0; k < n; k++) {
        if (!is_digit(t[k])) {
            if (t[k] == decimal)
                scale = 1;
            continue;
        }
        v = v * 10 + (t[k] - '0');
        scale *= 10;
    }
    return scale > 0 ? v / scale : v;
}

static int is_integer(const char *t, size_t n)
{
    return digits_len(t) == n;
}

static long small_int(const char *t, size_t n)
{
    long v = 0;
    for (size_t k = 0; k < n && k < 9; k++)
        v = v * 10 + (t[k] - '0');
    return n > 9 ? 1000000000L : v;
}

/* Length of a dash ("-", en dash, em dash; spaces around allowed) at T, or 0. */
static size_t dash_len(const char *t, int spaces)
{
    size_t k = 0;
    while (spaces && t[k] == ' ')
        k++;
    if (t[k] == '-')
        k++;
    else if (!strncmp(t + k, "\xE2\x80\x93", 3) || !strncmp(t + k, "\xE2\x80\x94", 3))
        k += 3;
    else
        return 0;
    while (spaces && t[k] == ' ')
        k++;
    return k;
}

/* Start of the word before position I (skipping spaces and light punctuation), or
 * (size_t)-1 when there is none; its end in *END. */
static size_t word_before(const char *t, size_t i, size_t *end)
{
    size_t e = i;
    while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == ':' || t[e - 1] == ','))
        e--;
    size_t s = e;
    while (s > 0 && (is_word_before(t, s) || t[s - 1] == '.'))
        s = char_before(t, s);
    if (s == e)
        return (size_t)-1;
    *end = e;
    return s;
}

static int in_list(const struct table *t, const char *w, size_t n)
{
    return table_get(t, w, n) != NULL;
}

/* In list T, ignoring ASCII case. */
static int in_list_ci(const struct table *t, const char *w, size_t n)
{
    for (size_t i = 0; i < t->n; i++) {
        if (t->v[i].kl != n)
            continue;
        size_t k = 0;
        while (k < n && (w[k] | 0x20) == (t->v[i].k[k] | 0x20))
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* Is one of the PHONE_LOOKBACK words before I a phone word ("call", "tel", "NHS")? */
static int phone_context(const struct ctx *c, size_t i)
{
    size_t at = i;
    for (int k = 0; k < PHONE_LOOKBACK; k++) {
        size_t e, s = word_before(c->t, at, &e);
        if (s == (size_t)-1)
            return 0;
        if (in_list_ci(&c->r->list[RL_PHONE_WORDS], c->t + s, e - s) ||
            (e > s + 1 && c->t[e - 1] == '.' &&
             in_list_ci(&c->r->list[RL_PHONE_WORDS], c->t + s, e - s - 1)))
            return 1;
        at = s;
    }
    return 0;
}

/* The unit at T (after a number, one space allowed): its written length in *LEN and
 * the words in *SING / *PLUR (pointing into the rules). */
static int unit_at(const struct ctx *c, const char *t, size_t *len, const char **sing,
                   size_t *sl, const char **plur, size_t *pl)
{
    size_t sp = t[0] == ' ' ? 1 : 0;
    size_t kl;
    const struct kv *e = table_prefix(&c->r->t[RS_UNITS], t + sp, NULL, &kl);
    if (!e)
        return 0;
    const char *after = t + sp + kl;
    /* a unit ends the word: "5 mg," but not "5 mgs" or "5 ml/kg" read as one unit */
    if (is_word_at(after) && !(after[0] == 's' && !is_word_at(after + 1) &&
                                    (unsigned char)e->k[kl - 1] < 0x80 && kl > 1))
        return 0;
    if (is_word_at(after))
        kl++; /* "mgs": a plural s written after the unit */
    const char *bar = strchr(e->v, '|');
    size_t a = (size_t)(bar - e->v);
    while (a > 0 && e->v[a - 1] == ' ')
        a--;
    const char *p = bar + 1;
    while (*p == ' ')
        p++;
    *sing = e->v;
    *sl = a;
    *plur = p;
    *pl = strlen(p);
    *len = sp + kl;
    return 1;
}

/* Insert W (N bytes) and a space at output offset AT (before a number said there). */
static void insert_before(struct ctx *c, size_t at, const char *w, size_t n)
{
    while (at < c->b.len && c->b.s[at] == ' ')
        at++;
    size_t end = c->b.len;
    sb_add(&c->b, w, n);
    sb_add(&c->b, " ", 1);
    if (c->b.failed)
        return;
    memmove(c->b.s + at + n + 1, c->b.s + at, end - at);
    memcpy(c->b.s + at, w, n);
    c->b.s[at + n] = ' ';
}

/* After a number that ends at J, said from output offset NUM_FROM on, say its unit ("5
 * mg", "2-4 mmol/L"); ONE: the number is exactly 1.  Returns the new end. */
static size_t emit_unit(struct ctx *c, size_t j, int one, size_t num_from)
{
    size_t ul, sl, pl;
    const char *sing, *plur;
    if (!unit_at(c, c->t + j, &ul, &sing, &sl, &plur, &pl))
        return j;
    struct sbuf said = {0};
    sb_add(&said, one ? sing : plur, one ? sl : pl);
    size_t end = j + ul;
    /* "mmol/L", "mg/kg": per the second unit */
    if (c->t[end] == '/') {
        size_t ul2, sl2, pl2;
        const char *s2, *p2;
        if (c->t[end + 1] != ' ' && unit_at(c, c->t + end + 1, &ul2, &s2, &sl2, &p2, &pl2)) {
            const char *per = word_of(c, "per");
            sb_add(&said, " ", 1);
            sb_str(&said, per);
            sb_add(&said, " ", 1);
            sb_add(&said, s2, sl2);
            end += 1 + ul2;
        }
    }
    /* "mg/kg/day", "mg/day": per a plain word too */
    while (c->t[end] == '/' && (is_lower(c->t[end + 1]) || (unsigned char)c->t[end + 1] >= 0xC3)) {
        size_t w = end + 1;
        while (is_word_at(c->t + w) && !is_digit(c->t[w]) && !is_upper(c->t[w]))
            w++;
        if (is_word_at(c->t + w) || w - end - 1 > 8)
            break;
        size_t ul2, sl2, pl2;
        const char *s2, *p2;
        const char *per = word_of(c, "per");
        sb_add(&said, " ", 1);
        sb_str(&said, per);
        sb_add(&said, " ", 1);
        if (unit_at(c, c->t + end + 1, &ul2, &s2, &sl2, &p2, &pl2) && ul2 == w - end - 1)
            sb_add(&said, s2, sl2);
        else
            sb_add(&said, c->t + end + 1, w - end - 1);
        end = w;
    }
    /* "5mg/5ml": per the amount that follows, said by the next rule */
    int per_amount = c->t[end] == '/' && is_digit(c->t[end + 1]);
    if (per_amount) {
        const char *per = word_of(c, "per");
        sb_add(&said, " ", 1);
        sb_str(&said, per);
    }
    size_t from = c->b.len;
    if (said.failed)
        c->b.failed = 1;
    else if (c->r->unit_first)
        insert_before(c, num_from, said.s, said.len);
    else
        sb_word(&c->b, said.s, said.len);
    free(said.s);
    size_t at = j + (c->t[j] == ' ');
    note(c, "unit", at, end - at, c->r->unit_first ? num_from : from, NULL);
    return end + (per_amount ? 1 : 0);
}

/* ---- times ---- */

/* "am"/"a.m."/"AM" (AMPM 1) or "pm" (2) at T, one space allowed before; its length. */
static size_t ampm_len(const char *t, int *ampm)
{
    size_t k = t[0] == ' ' ? 1 : 0;
    char a = (char)(t[k] | 0x20);
    if ((a != 'a' && a != 'p') || (t[k + 1] | 0x20) != 'm') {
        if ((a == 'a' || a == 'p') && t[k + 1] == '.' && (t[k + 2] | 0x20) == 'm' &&
            t[k + 3] == '.') {
            *ampm = a == 'a' ? 1 : 2;
            return k + 4;
        }
        return 0;
    }
    if (is_word_at(t + k + 2))
        return 0;
    *ampm = a == 'a' ? 1 : 2;
    return k + 2;
}

/* A clock time at T: "8:30", "16:30", "8.30am", "8am", "8 a.m.", "12 noon".  Returns its
 * length (0: none), hour, minutes (-1 none), am/pm (0 none). */
static size_t time_at(const char *t, long *h, long *m, int *ampm, int dot_ok)
{
    size_t hl = digits_len(t);
    if (hl == 0 || hl > 2)
        return 0;
    *h = small_int(t, hl);
    *m = -1;
    *ampm = 0;
    size_t k = hl;
    if ((t[k] == ':' || t[k] == '.') && digits_len(t + k + 1) == 2 && !is_digit(t[k + 3]) &&
        !((t[k + 3] == ':' || t[k + 3] == '.') && is_digit(t[k + 4]))) {
        long mm = small_int(t + k + 1, 2);
        if (mm > 59)
            return 0;
        char sep = t[k];
        k += 3;
        size_t al = ampm_len(t + k, ampm);
        if (sep == '.' && !al && !dot_ok)
            return 0; /* "3.45" is a decimal unless am/pm follow or the context says */
        *m = mm;
        k += al;
        if (*h > 24 || (*ampm && (*h > 12 || *h == 0)))
            return 0;
        return k;
    }
    size_t al = ampm_len(t + k, ampm);
    if (al && *h >= 1 && *h <= 12)
        return k + al;
    if (!strncmp(t + k, " noon", 5) && *h == 12 && !is_word_at(t + k + 5)) {
        *ampm = 3;
        return k + 5;
    }
    return 0;
}

static void emit_time(struct ctx *c, long h, long m, int ampm)
{
    char hs[8], ms[8];
    snprintf(hs, sizeof hs, "%ld", h);
    snprintf(ms, sizeof ms, "%ld", m);
    const char *names[] = {"h", "m", "t"};
    if (ampm == 3) {
        const char *tpl = tpl_of(c, "noon");
        const char *v[] = {hs, ms, hs};
        emit_template(c, tpl ? tpl : "{h}", names, v, 3);
        return;
    }
    const char *tpl;
    if (m < 0 || (m == 0 && ampm))
        tpl = "{h}";
    else if (m == 0)
        tpl = tpl_of(c, h > 12 || h == 0 ? "time_00_24" : "time_00");
    else if (m < 10)
        tpl = tpl_of(c, "time_0m");
    else
        tpl = tpl_of(c, "time");
    if (!tpl)
        tpl = tpl_of(c, "time");
    if (!tpl)
        tpl = "{h} {m}";
    const char *v[] = {hs, ms, hs};
    if (!ampm) {
        emit_template(c, tpl, names, v, 2);
        return;
    }
    struct sbuf save = c->b;
    struct sbuf inner = {0};
    c->b = inner;
    emit_template(c, tpl, names, v, 2);
    inner = c->b;
    c->b = save;
    const char *wrap = tpl_of(c, ampm == 1 ? "am" : "pm");
    const char *v2[] = {hs, ms, inner.s ? inner.s : hs};
    emit_template(c, wrap ? wrap : "{t}", names, v2, 3);
    if (inner.failed)
        c->b.failed = 1;
    free(inner.s);
}

/* ---- dates ---- */

static const char *month_name(const struct ctx *c, long mo)
{
    char k[4];
    snprintf(k, sizeof k, "%ld", mo);
    return table_get(&c->r->t[RS_MONTHS], k, strlen(k));
}

static int days_in(long mo)
{
    static const int d[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return mo >= 1 && mo <= 12 ? d[mo - 1] : 0;
}

static void emit_date(struct ctx *c, long d, const char *month, const char *year)
{
    char ds[8], dth[16];
    snprintf(ds, sizeof ds, "%ld", d);
    const char *suffix = NULL;
    char k[4];
    snprintf(k, sizeof k, "%ld", d % 100);
    suffix = table_get(&c->r->t[RS_ORDINAL_SUFFIX], k, strlen(k));
    if (!suffix) {
        snprintf(k, sizeof k, "%ld", d % 10);
        suffix = table_get(&c->r->t[RS_ORDINAL_SUFFIX], k, strlen(k));
    }
    if (!suffix)
        suffix = table_get(&c->r->t[RS_ORDINAL_SUFFIX], "other", 5);
    snprintf(dth, sizeof dth, "%ld%s", d, suffix ? suffix : "");
    const char *names[] = {"d", "dth", "month", "y"};
    const char *v[] = {ds, dth, month, year ? year : ""};
    const char *tpl = year ? tpl_of(c, "date") : tpl_of(c, "date_dm");
    if (!tpl)
        tpl = year ? "{d} {month} {y}" : "{d} {month}";
    emit_template(c, tpl, names, v, 4);
}

/* A numeric date at I ("4/11/2025", "04.11.25", "2025-11-04"): says it and returns its
 * end, or 0. */
static size_t numeric_date(struct ctx *c, size_t i)
{
    const char *t = c->t + i;
    size_t a = digits_len(t);
    char sep = t[a];
    if (sep != '/' && sep != '.' && sep != '-')
        return 0;
    size_t b = digits_len(t + a + 1);
    if (!b || t[a + 1 + b] != sep)
        return 0;
    size_t y = digits_len(t + a + 2 + b);
    size_t end = a + 2 + b + y;
    if (!y || is_word_at(t + end) || (t[end] == sep && is_digit(t[end + 1])) ||
        (t[end] == '.' && is_digit(t[end + 1])))
        return 0;
    long n1 = small_int(t, a), n2 = small_int(t + a + 1, b), n3 = small_int(t + a + 2 + b, y);
    long d, mo, yr;
    const char *ys;
    size_t yl;
    const char *doubt = NULL;
    if (a == 4 && b <= 2 && y <= 2) { /* ISO */
        yr = n1, mo = n2, d = n3;
        ys = t, yl = a;
    } else if (a <= 2 && b <= 2 && (y == 2 || y == 4)) {
        yr = n3;
        ys = t + a + 2 + b, yl = y;
        int mdy = !strcmp(c->r->date_order, "mdy");
        d = mdy ? n2 : n1;
        mo = mdy ? n1 : n2;
        if (mo > 12 && d <= 12) { /* written the other way round */
            long s = d;
            d = mo, mo = s;
            doubt = "day and month are the other way round from this language's order";
        } else if (d <= 12 && mo <= 12 && d != mo) {
            doubt = mdy ? "could be day first; read month first"
                        : "could be month first (US style); read day first";
        }
    } else {
        return 0;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > days_in(mo))
        return 0;
    (void)yr;
    char year[8];
    if (yl == 2) {
        snprintf(year, sizeof year, "20%.2s", ys);
        if (!doubt)
            doubt = "two-digit year read as 20YY";
    } else {
        snprintf(year, sizeof year, "%.4s", ys);
    }
    const char *month = month_name(c, mo);
    if (!month)
        return 0;
    size_t from = c->b.len;
    emit_date(c, d, month, year);
    note(c, "date", i, end, from, doubt);
    return i + end;
}

/* A month's name or abbreviation at T (exact case as in the rules, or capitalised full
 * name); its length in *LEN. */
static const char *month_at(const struct ctx *c, const char *t, size_t *len)
{
    size_t kl;
    const struct kv *e = table_prefix(&c->r->t[RS_MONTH_NAMES], t, word_ends, &kl);
    if (e) {
        *len = kl;
        return e->v;
    }
    e = table_prefix(&c->r->t[RS_MONTHS], t, word_ends, &kl);
    if (!e || is_digit(e->k[0]))
        return NULL;
    *len = kl + (t[kl] == '.' ? 1 : 0);
    return e->v;
}

/* "4 November 2025", "4th November": says it as the rules' date and returns the end, or
 * 0 (only when the rules have date_dm: languages that say dates as written skip it). */
static size_t written_date(struct ctx *c, size_t i)
{
    if (!tpl_of(c, "date_dm"))
        return 0;
    const char *t = c->t + i;
    size_t a = digits_len(t);
    if (a > 2)
        return 0;
    long d = small_int(t, a);
    size_t k = a;
    if (is_lower(t[k]) && is_lower(t[k + 1]) && !is_word_at(t + k + 2))
        k += 2; /* 4th, 22nd, 1st */
    if (t[k] != ' ')
        return 0;
    k++;
    if (!strncmp(t + k, "of ", 3))
        k += 3;
    size_t ml;
    const char *month = month_at(c, t + k, &ml);
    if (!month || d < 1 || d > 31)
        return 0;
    k += ml;
    const char *year = NULL;
    char ybuf[8];
    if (t[k] == ' ' || (t[k] == ',' && t[k + 1] == ' ')) {
        size_t s = k + (t[k] == ',' ? 2 : 1);
        if (digits_len(t + s) == 4 && !is_word_at(t + s + 4)) {
            snprintf(ybuf, sizeof ybuf, "%.4s", t + s);
            year = ybuf;
            k = s + 4;
        }
    }
    size_t from = c->b.len;
    emit_date(c, d, month, year);
    note(c, "date", i, k, from, NULL);
    return i + k;
}

/* ---- phone numbers ---- */

/* Groups of digits at T separated by one space, '-' or '.' (the same each time), with an
 * optional "(0)" or "(555)" group; the length, the count of digits in *DIGITS and of
 * groups in *GROUPS. */
static size_t digit_groups(const char *t, size_t *digits, size_t *groups, char *sep)
{
    size_t k = 0, d = 0, g = 0;
    char s = 0;
    for (;;) {
        size_t start = k;
        if (t[k] == '(' && is_digit(t[k + 1])) {
            size_t l = digits_len(t + k + 1);
            if (t[k + 1 + l] != ')')
                break;
            d += l;
            k += l + 2;
        } else {
            size_t l = digits_len(t + k);
            if (!l)
                break;
            d += l;
            k += l;
        }
        g++;
        (void)start;
        char c = t[k];
        /* one space or dash between groups ("0800 123-456"); dots only all the way */
        int same = s == 0 || s == c || (s != '.' && c != '.') || t[k - 1] == ')';
        if ((c == ' ' || c == '-' || c == '.') && same &&
            (is_digit(t[k + 1]) || (t[k + 1] == '(' && is_digit(t[k + 2])))) {
            if (t[k - 1] != ')')
                s = c;
            k++;
            continue;
        }
        if (c == ' ' && t[k - 1] == ')' && is_digit(t[k + 1])) {
            k++;
            continue;
        }
        if (t[k - 1] == ')' && is_digit(c)) /* "+44 (0)113" */
            continue;
        break;
    }
    *digits = d;
    *groups = g;
    *sep = s;
    return k;
}

/* Say the phone number T..T+LEN group by group, a pause between groups. */
static void emit_phone(struct ctx *c, const char *t, size_t len)
{
    const char *pause = word_of(c, "group_pause");
    size_t k = 0;
    int first = 1;
    while (k < len) {
        while (k < len && !is_digit(t[k]))
            k++;
        size_t l = digits_len(t + k);
        if (!l)
            break;
        if (!first)
            sb_add(&c->b, pause[0] ? pause : ",", strlen(pause[0] ? pause : ","));
        emit_digits(c, t + k, l);
        first = 0;
        k += l;
    }
}

/* Is the word after T (one space, then the word) in list L? */
static int next_word_in(const struct ctx *c, const char *t, int l)
{
    if (t[0] != ' ')
        return 0;
    size_t n = 0;
    while (is_word_at(t + 1 + n))
        n++;
    return n > 0 && in_list_ci(&c->r->list[l], t + 1, n);
}

/* A phone number, extension or identifier at I: says it digit by digit and returns
 * its end, or 0. */
static size_t phone_number(struct ctx *c, size_t i)
{
    const char *t = c->t + i;
    size_t k = 0;
    int plus = 0;
    if (t[0] == '+' && is_digit(t[1])) {
        plus = 1;
        k = 1;
    }
    size_t digits, groups;
    char sep;
    size_t len = digit_groups(t + k, &digits, &groups, &sep);
    if (!len)
        return 0;
    size_t end = k + len;
    size_t first = digits_len(t + k + (t[k] == '(' ? 1 : 0));
    int lead0 = t[k] == '0' || (t[k] == '(' && t[k + 1] == '0');
    int ctx = phone_context(c, i);
    size_t xe, xs = word_before(c->t, i, &xe);
    int ext = xs != (size_t)-1 &&
              (in_list_ci(&c->r->list[RL_EXTENSION_WORDS], c->t + xs, xe - xs) ||
               (xe > xs + 1 && c->t[xe - 1] == '.' &&
                in_list_ci(&c->r->list[RL_EXTENSION_WORDS], c->t + xs, xe - xs - 1)));
    int shortnum = groups == 1 && in_list(&c->r->list[RL_SHORT_NUMBERS], t + k, len);
    int yes = 0;
    const char *doubt = NULL;
    /* what follows must not make it an amount: a unit, %, a decimal part */
    size_t ul, sl, pl;
    const char *s1, *p1;
    int amount = t[end] == '%' || ((t[end] == '.' || t[end] == ',') && is_digit(t[end + 1])) ||
                 (t[end] == ' ' && t[end + 1] == '%') ||
                 unit_at(c, t + end, &ul, &s1, &sl, &p1, &pl);
    if (plus && digits >= 7)
        yes = 1;
    else if (amount)
        yes = 0;
    else if (lead0 && digits >= 7 && (groups > 1 || digits >= 9))
        yes = 1;
    else if (groups >= 2 && digits >= 9)
        yes = 1;
    else if (groups == 3 && sep == '-' && digits == 10)
        yes = 1;
    else if (groups == 2 && sep == '-' && first == 3 && digits == 7)
        yes = 1; /* 555-0199 */
    else if (t[0] == '(' && groups >= 2 && digits >= 7)
        yes = 1;
    else if (groups == 1 && digits >= 8 && !lead0)
        yes = 1, doubt = "a long number read digit by digit";
    else if (groups == 1 && lead0 && digits >= 5)
        yes = 1;
    else if (shortnum)
        yes = 1;
    else if (ext && !(groups == 1 && sep == 0 && t[end] == '-'))
        yes = 1; /* "ext. 57" */
    else if (ctx && digits >= 3 && !(groups == 1 && sep == 0 && t[end] == '-') &&
             !next_word_in(c, t + end, RL_NOT_PHONE))
        yes = 1;
    if (!yes)
        return 0;
    if (groups == 2 && sep == '-' && !ctx && !lead0 && first == 3 && digits == 7) {
        /* 555-0199: not a range since it does not go up, but say why */
        doubt = NULL;
    }
    size_t from = c->b.len;
    if (plus) {
        /* the country code is the first group */
        size_t cl = digits_len(t + 1);
        char cc[8];
        snprintf(cc, sizeof cc, "%.*s", (int)(cl < 4 ? cl : 4), t + 1);
        struct sbuf save = c->b, d = {0};
        c->b = d;
        emit_digits(c, cc, strlen(cc));
        d = c->b;
        c->b = save;
        const char *tpl = tpl_of(c, "country_code");
        const char *names[] = {"1"};
        const char *v[] = {d.s ? d.s : cc};
        emit_template(c, tpl ? tpl : "+{1}", names, v, 1);
        free(d.s);
        const char *pause = word_of(c, "group_pause");
        sb_str(&c->b, pause[0] ? pause : ",");
        emit_phone(c, t + 1 + cl, end - 1 - cl);
    } else {
        emit_phone(c, t, end);
    }
    note(c, "phone", i, end, from, doubt);
    return i + end;
}

/* ---- numbers ---- */

static int is_vowel(char c);

/* Could A (AN bytes) and Z be the ends of a range?  Not when one has a leading zero
 * (phone numbers, codes) or they do not go up. */
static int range_ends(const char *a, size_t an, const char *z, size_t zn, char decimal)
{
    if ((an > 1 && a[0] == '0' && is_digit(a[1])) || (zn > 1 && z[0] == '0' && is_digit(z[1])))
        return 0;
    return number_value(a, an, decimal) < number_value(z, zn, decimal);
}

static size_t times_len(const char *t)
{
    size_t k = 0;
    while (t[k] == ' ')
        k++;
    if (t[k] == 'x' || t[k] == 'X')
        k++;
    else if (!strncmp(t + k, "\xC3\x97", 2))
        k += 2;
    else
        return 0;
    while (t[k] == ' ')
        k++;
    return k;
}

/* Say the number at I as written, then its unit. */
static size_t plain_number(struct ctx *c, size_t i, size_t a)
{
    size_t from = c->b.len;
    const char *t = c->t + i;
    sb_word(&c->b, t, a);
    int one = a == 1 && t[0] == '1';
    size_t end = emit_unit(c, i + a, one, from);
    if (end == i + a && is_integer(t, a) && !is_word_at(t + a) && t[a] != '%') {
        /* numbers a writer may have meant as a phone number or a code */
        long v = small_int(t, a);
        if (a > 1 && t[0] == '0')
            note(c, "number", i, a, from, "a number with a leading zero is read as an amount; "
                                          "if it is a phone number or code, write it in "
                                          "groups or put 'call' or 'tel' before it");
        else if (a >= 5 || (a == 4 && (v < 1900 || v > 2099) && c->t[i + a] != ',' &&
                            phone_context(c, i)))
            note(c, "number", i, a, from, "a long number is read as an amount; if it is a "
                                          "phone number or identifier, write it in groups");
    }
    return end;
}

/* Everything that starts with a digit at I; returns the end. */
static size_t number_rules(struct ctx *c, size_t i)
{
    const char *t = c->t + i;
    size_t r;
    if ((r = numeric_date(c, i)))
        return r;
    /* times, and time ranges "8:30-16:30", "8am-4pm" */
    long h, m;
    int ampm;
    /* "8.30" is a time after "at", "from", "until"... (the rules' time_words), or when
     * another time follows ("8.30-5.00"), and no unit follows it */
    size_t pe, ps = word_before(c->t, i, &pe);
    int dot_ok = ps != (size_t)-1 && in_list_ci(&c->r->list[RL_TIME_WORDS], c->t + ps, pe - ps);
    size_t tl = time_at(t, &h, &m, &ampm, 1);
    if (tl && !dot_ok && !ampm && digits_len(t) <= 2 && t[digits_len(t)] == '.') {
        size_t d0 = dash_len(t + tl, 1);
        long h0, m0;
        int a0;
        if (!d0 && !strncmp(t + tl, " to ", 4))
            d0 = 4;
        size_t tl0 = d0 ? time_at(t + tl + d0, &h0, &m0, &a0, 1) : 0;
        dot_ok = tl0 && m0 >= 0 && t[tl + d0 + digits_len(t + tl + d0)] == '.';
    }
    if (tl) {
        /* an amount, not a time, when a unit follows it or the number after it ("from
         * 2.50 to 3.50 mmol/L") */
        size_t ul, sl, pl;
        const char *s1, *p1;
        size_t nx = dash_len(t + tl, 1);
        if (!nx && (!strncmp(t + tl, " to ", 4) || !strncmp(t + tl, " and ", 5)))
            nx = t[tl + 1] == 't' ? 4 : 5;
        size_t nl = nx ? number_len(t + tl + nx) : 0;
        if (unit_at(c, t + tl, &ul, &s1, &sl, &p1, &pl) ||
            (nl && unit_at(c, t + tl + nx + nl, &ul, &s1, &sl, &p1, &pl)))
            dot_ok = 0;
    }
    tl = time_at(t, &h, &m, &ampm, dot_ok);
    if (tl) {
        size_t from = c->b.len;
        size_t d = dash_len(t + tl, 1);
        long h2, m2;
        int ampm2;
        size_t tl2 = d ? time_at(t + tl + d, &h2, &m2, &ampm2, dot_ok) : 0;
        if (!tl2 && !strncmp(t + tl, " to ", 4)) {
            tl2 = time_at(t + tl + 4, &h2, &m2, &ampm2, dot_ok);
            d = tl2 ? 4 : 0;
        }
        if (tl2 && !ampm && ampm2 && m < 0)
            tl2 = 0;
        emit_time(c, h, m, ampm);
        size_t end = tl;
        if (tl2) {
            const char *range = word_of(c, "range");
            sb_word(&c->b, range, strlen(range));
            emit_time(c, h2, m2, ampm2);
            end = tl + d + tl2;
        }
        /* "9:30 h", "16:00 hrs": the hours mark after a clock time says nothing more */
        if (m >= 0 && !ampm) {
            size_t k = t[end] == ' ' ? end + 1 : end;
            size_t hl = t[k] == 'h' ? (t[k + 1] == 'r' && t[k + 2] == 's' ? 3 : 1) : 0;
            if (hl && !is_word_at(t + k + hl) && t[k + hl] != '.')
                end = k + hl;
            else if (hl && t[k + hl] == '.' && (t[k + hl + 1] == ' ' || !t[k + hl + 1]))
                end = k + hl; /* "a las 9:30 h." keeps its full stop */
        }
        note(c, "time", i, end, from, NULL);
        return i + end;
    }
    /* "0800-0900": four-digit 24-hour times, not a range of numbers nor a phone number */
    if (digits_len(t) == 4 && (t[0] == '0' || t[0] == '1' || t[0] == '2') && !phone_context(c, i)) {
        size_t d = dash_len(t + 4, 1);
        long h1 = small_int(t, 2), m1 = small_int(t + 2, 2);
        if (d && digits_len(t + 4 + d) == 4 && !is_word_at(t + 8 + d) && t[8 + d] != '-') {
            long h2 = small_int(t + 4 + d, 2), m2 = small_int(t + 6 + d, 2);
            /* quarter hours, and not two years ("2020-2024", "1900-2000") */
            int quarters = m1 % 15 == 0 && m2 % 15 == 0;
            int yearlike = t[0] != '0' && t[4 + d] != '0' && m1 == 0 && m2 == 0;
            if (h1 <= 23 && h2 <= 24 && m1 <= 59 && m2 <= 59 && h2 * 60 + m2 > h1 * 60 + m1 &&
                quarters && !yearlike) {
                size_t from = c->b.len;
                emit_time(c, h1, m1, 0);
                const char *range = word_of(c, "range");
                sb_word(&c->b, range, strlen(range));
                emit_time(c, h2, m2, 0);
                note(c, "time", i, 8 + d, from, "four-digit numbers read as 24-hour times");
                return i + 8 + d;
            }
        }
    }
    if ((r = phone_number(c, i)))
        return r;
    if ((r = written_date(c, i)))
        return r;
    size_t a = number_len(t);
    /* pregnancy: "24+2 weeks", "37/40" */
    if (is_integer(t, a) && a <= 2) {
        long wk = small_int(t, a);
        if (t[a] == '+' && digits_len(t + a + 1) == 1 && !is_word_at(t + a + 2) && wk >= 4 &&
            wk <= 42) {
            const char *tpl = tpl_of(c, t[a + 1] == '0' && tpl_of(c, "pregnancy_40")
                                            ? "pregnancy_40" : "pregnancy");
            if (tpl) {
                size_t end = a + 2;
                char w1[4], w2[4];
                snprintf(w1, sizeof w1, "%ld", wk);
                snprintf(w2, sizeof w2, "%c", t[a + 1]);
                /* the word for weeks that follows is in the template */
                size_t we = end + 1;
                while (t[end] == ' ' && is_word_at(t + we))
                    we++;
                size_t ul, sl, pl;
                const char *s1, *p1;
                if (t[end] == ' ' && we > end + 1 && word_in(tpl, t + end + 1, we - end - 1))
                    end = we;
                else if (t[end] == ' ' && unit_at(c, t + end, &ul, &s1, &sl, &p1, &pl))
                    end += ul;
                size_t from = c->b.len;
                const char *names[] = {"1", "2"};
                const char *v[] = {w1, w2};
                emit_template(c, tpl, names, v, 2);
                note(c, "pregnancy", i, end, from, NULL);
                return i + end;
            }
        }
        if (t[a] == '/' && !strncmp(t + a + 1, "40", 2) && !is_word_at(t + a + 3) && wk >= 4 &&
            wk <= 42 && tpl_of(c, "pregnancy_40")) {
            char w1[4];
            snprintf(w1, sizeof w1, "%ld", wk);
            size_t from = c->b.len;
            const char *names[] = {"1"};
            const char *v[] = {w1};
            emit_template(c, tpl_of(c, "pregnancy_40"), names, v, 1);
            note(c, "pregnancy", i, a + 3, from, NULL);
            return i + a + 3;
        }
    }
    /* fractions "1/2" and chances "1/500", "1:500" */
    if (is_integer(t, a) && (t[a] == '/' || t[a] == ':') && is_digit(t[a + 1])) {
        size_t z = digits_len(t + a + 1);
        size_t end = a + 1 + z;
        if (!is_word_at(t + end) && !((t[end] == '/' || t[end] == '.' || t[end] == ',' ||
                                        t[end] == ':') && is_digit(t[end + 1]))) {
            const char *frac = t[a] == '/' ? table_get(&c->r->t[RS_FRACTIONS], t, end) : NULL;
            size_t from = c->b.len;
            if (frac) {
                sb_word(&c->b, frac, strlen(frac));
                note(c, "fraction", i, end, from, NULL);
                return i + end;
            }
            long num = small_int(t, a), den = small_int(t + a + 1, z);
            if (num >= 1 && den > num && (den >= 10 || t[a] == ':') && tpl_of(c, "ratio")) {
                char s1[16], s2[16];
                snprintf(s1, sizeof s1, "%.*s", (int)(a < 15 ? a : 15), t);
                snprintf(s2, sizeof s2, "%.*s", (int)(z < 15 ? z : 15), t + a + 1);
                const char *names[] = {"1", "2"};
                const char *v[] = {s1, s2};
                emit_template(c, tpl_of(c, "ratio"), names, v, 2);
                note(c, "ratio", i, end, from,
                     t[a] == ':' && z == 2 ? "could be a clock time; read as a chance" : NULL);
                return i + end;
            }
        }
    }
    /* powers "10^9" */
    if (is_integer(t, a) && t[a] == '^' && is_digit(t[a + 1]) && tpl_of(c, "power")) {
        size_t z = digits_len(t + a + 1);
        char s1[16], s2[16];
        snprintf(s1, sizeof s1, "%.*s", (int)(a < 15 ? a : 15), t);
        snprintf(s2, sizeof s2, "%.*s", (int)(z < 15 ? z : 15), t + a + 1);
        size_t from = c->b.len;
        const char *names[] = {"1", "2"};
        const char *v[] = {s1, s2};
        emit_template(c, tpl_of(c, "power"), names, v, 2);
        note(c, "power", i, a + 1 + z, from, NULL);
        return emit_unit(c, i + a + 1 + z, 0, from);
    }
    /* ordinals written with a sign: "1.º", "2ª" (from the rules) */
    {
        size_t kl;
        const struct kv *o = table_prefix(&c->r->t[RS_ORDINALS], t, word_ends, &kl);
        if (o) {
            size_t from = c->b.len;
            sb_word(&c->b, o->v, strlen(o->v));
            note(c, "ordinal", i, kl, from, NULL);
            return i + kl;
        }
    }
    /* ranges "2-4 weeks", "0.2-1.8%" */
    size_t d = dash_len(t + a, 1);
    size_t z = d ? number_len(t + a + d) : 0;
    size_t end = a + d + z;
    if (z > 0 && word_of(c, "range")[0] && range_ends(t, a, t + a + d, z, c->r->decimal) && !is_word_at(t + end) && t[end] != '-' &&
        strncmp(t + end, "\xE2\x80\x93", 3) && !(t[end] == '/' && is_digit(t[end + 1])) &&
        !(t[end] == '.' && is_digit(t[end + 1])) && !phone_context(c, i)) {
        size_t from = c->b.len;
        sb_word(&c->b, t, a);
        const char *range = word_of(c, "range");
        sb_word(&c->b, range, strlen(range));
        sb_word(&c->b, t + a + d, z);
        note(c, "range", i, end, from, NULL);
        return emit_unit(c, i + end, 0, from);
    }
    /* a unit that starts like a dimension: "5 x10^9/L" */
    {
        size_t ul, sl, pl;
        const char *s1, *p1;
        if (unit_at(c, t + a, &ul, &s1, &sl, &p1, &pl))
            return plain_number(c, i, a);
    }
    /* dimensions "3 x 4 cm", "3x4x5 mm" */
    size_t j = a, x, y, dims = 0;
    while ((x = times_len(t + j)) > 0 && (y = number_len(t + j + x)) > 0) {
        j += x + y;
        dims++;
    }
    if (dims > 0 && !is_word_at(t + j) && word_of(c, "by")[0]) {
        size_t from = c->b.len, k2 = 0;
        /* "3 x 4 cm" is a size; "2 x 500 mg" is two times 500 milligrams */
        size_t ul, sl, pl, us = t[j] == ' ' ? 1 : 0;
        const char *s1, *p1;
        int length = unit_at(c, t + j, &ul, &s1, &sl, &p1, &pl) &&
                     in_list(&c->r->list[RL_DIMENSION_UNITS], t + j + us, ul - us);
        const char *by = word_of(c, length || dims > 1 || !word_of(c, "times")[0] ? "by"
                                                                                  : "times");
        while (k2 < j) {
            size_t nl = number_len(t + k2);
            sb_word(&c->b, t + k2, nl);
            k2 += nl;
            if (k2 < j) {
                sb_word(&c->b, by, strlen(by));
                k2 += times_len(t + k2);
            }
        }
        note(c, "dimensions", i, j, from, NULL);
        return emit_unit(c, i + j, 0, from);
    }
    if (dims > 0) {
        sb_word(&c->b, t, j); /* a long chain left as written (never quadratic) */
        return i + j;
    }
    /* "2x a day", "3× daily": times */
    if (is_integer(t, a) && (t[a] == 'x' || !strncmp(t + a, "\xC3\x97", 2))) {
        size_t xl = t[a] == 'x' ? 1 : 2;
        if (!is_word_at(t + a + xl) && t[a + xl] != '^' && word_of(c, "times")[0]) {
            size_t from = c->b.len;
            sb_word(&c->b, t, a);
            const char *w = word_of(c, "times");
            sb_word(&c->b, w, strlen(w));
            note(c, "times", i, a + xl, from, NULL);
            return i + a + xl;
        }
    }
    /* "1½ tablets": and a half */
    {
        size_t kl;
        const struct kv *f = is_integer(t, a) ? table_prefix(&c->r->t[RS_SYMBOLS], t + a, NULL,
                                                             &kl) : NULL;
        if (f && (unsigned char)t[a] == 0xC2 && word_of(c, "and")[0]) {
            size_t from = c->b.len;
            sb_word(&c->b, t, a);
            const char *and = word_of(c, "and");
            sb_word(&c->b, and, strlen(and));
            sb_word(&c->b, f->v, strlen(f->v));
            note(c, "fraction", i, a + kl, from, NULL);
            return emit_unit(c, i + a + kl, 0, from);
        }
    }
    /* "10 000" written with a space between thousands (where the rules say so) */
    if (c->r->space_thousands && is_integer(t, a) && a <= 3 && t[a] == ' ' &&
        digits_len(t + a + 1) == 3 && !is_digit(t[a + 4]) && !(t[a + 4] == ' ' &&
                                                               is_digit(t[a + 5]))) {
        char joined[8];
        snprintf(joined, sizeof joined, "%.*s%.3s", (int)a, t, t + a + 1);
        size_t from = c->b.len;
        sb_word(&c->b, joined, strlen(joined));
        note(c, "number", i, a + 4, from, NULL);
        return emit_unit(c, i + a + 4, 0, from);
    }
    /* a word after the number that looks like a unit the rules do not know: "5 mEq" */
    if (t[a] == ' ' && (is_lower(t[a + 1]) || is_upper(t[a + 1]))) {
        size_t e = a + 1, up = 0, vow = 0;
        while (is_word_at(t + e) && e - a <= 6) {
            up += is_upper(t[e]) && e > a + 1;
            vow += is_vowel(t[e]);
            e++;
        }
        size_t wl = e - a - 1;
        if (!is_word_at(t + e) && wl <= 5 && ((up && is_lower(t[a + 1])) || (!vow && wl >= 2))) {
            size_t ne = plain_number(c, i, a);
            size_t from = c->b.len;
            sb_word(&c->b, t + a + 1, wl);
            note(c, "unit", i + a + 1, wl, from, "unknown unit after a number");
            return ne + 1 + wl;
        }
    }
    /* a number with a lower-case word stuck to it that is no unit: "5mEq" */
    size_t r2 = plain_number(c, i, a);
    if (r2 == i + a && is_lower(t[a]) && !(is_lower(t[a + 1]) && !is_word_at(t + a + 2) &&
                                           (t[a] == 's' || t[a] == 'n' || t[a] == 'r' ||
                                            t[a] == 't'))) {
        size_t e = a;
        while (is_word_at(t + e))
            e++;
        size_t from = c->b.len;
        sb_add(&c->b, t + a, e - a);
        note(c, "unit", i + a, e - a, from, "unknown unit after a number");
        return i + e;
    }
    return r2;
}

/* ---- words ---- */

static int is_vowel(char c)
{
    c = (char)(c | 0x20);
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* A lexicon word's phonemes as an eSpeak NG phoneme block.  eSpeak NG 1.51 ignores "[["
 * right after '(', a quote, '/', '[', '<' or '>': a space before it is always safe. */
static void emit_phonemes(struct ctx *c, const char *ph)
{
    if (c->b.len > 0 && c->b.s[c->b.len - 1] != ' ')
        sb_add(&c->b, " ", 1);
    sb_str(&c->b, "[[");
    sb_str(&c->b, ph);
    sb_str(&c->b, "]]");
}

/* Spell W letter by letter, the letters joined with '-' so each is said as a letter
 * ("N-I-P-T"; a lone "A" would be read as the article). */
static void emit_spelled(struct ctx *c, const char *w, size_t n)
{
    struct sbuf s = {0};
    for (size_t k = 0; k < n; k++) {
        if (k)
            sb_add(&s, "-", 1);
        sb_add(&s, w + k, 1);
    }
    if (s.failed)
        c->b.failed = 1;
    else if (s.s)
        sb_word(&c->b, s.s, s.len);
    free(s.s);
}

/* A web or e-mail address at I ("www.nhs.uk", "https://...", "name@host.org"); its end
 * or 0. */
static size_t address(struct ctx *c, size_t i)
{
    const char *t = c->t + i;
    size_t e = 0;
    while (t[e] && t[e] != ' ' && t[e] != '<' && t[e] != '>' && t[e] != '"' && t[e] != '(' &&
           t[e] != ')')
        e++;
    while (e > 0 && strchr(".,;:!?'", t[e - 1]))
        e--;
    const char *at = memchr(t, '@', e);
    int web = (e > 4 && !strncmp(t, "www.", 4)) || (e > 7 && !strncmp(t, "http://", 7)) ||
              (e > 8 && !strncmp(t, "https://", 8));
    int mail = at && at > t && memchr(at, '.', e - (size_t)(at - t)) && is_word_at(at + 1);
    if (!web && !mail) {
        /* "nhs.uk", "example.org/page": a word, a dot, a known top-level word */
        static const char *const tld[] = {"uk", "com", "org", "net", "es", "ke", "tz", "nhs",
                                          "gov", "info", "edu", NULL};
        const char *dot = memchr(t, '.', e);
        int ok = 0;
        if (dot && dot > t && is_word_at(dot + 1)) {
            const char *p = dot + 1;
            size_t l = 0;
            while (p + l < t + e && (is_lower(p[l]) || is_digit(p[l])))
                l++;
            for (int k = 0; tld[k] && !ok; k++)
                ok = strlen(tld[k]) == l && !strncmp(p, tld[k], l);
            for (const char *q = t; q < dot && ok; q++)
                ok = is_lower(*q) || is_digit(*q) || *q == '-';
        }
        if (!ok)
            return 0;
    }
    size_t k = 0;
    if (!strncmp(t, "https://", 8))
        k = 8;
    else if (!strncmp(t, "http://", 7))
        k = 7;
    size_t from = c->b.len;
    while (k < e) {
        size_t s = k;
        while (k < e && (is_word_at(t + k)))
            k++;
        if (k > s) {
            size_t n = k - s;
            int vowel = 0, upper = 0;
            for (size_t q = s; q < k; q++) {
                vowel |= is_vowel(t[q]);
                upper |= is_upper(t[q]);
            }
            if ((!vowel && n <= 5) || (n == 2 && !upper) || (n == 3 && !strncmp(t + s, "www", 3)))
                emit_spelled(c, t + s, n);
            else
                sb_word(&c->b, t + s, n);
        }
        if (k >= e)
            break;
        const char *w = t[k] == '.' ? "dot" : t[k] == '@' ? "at" : t[k] == '/' ? "slash" :
                        t[k] == '-' ? "dash" : t[k] == '_' ? "underscore" : NULL;
        if (w && !(t[k] == '/' && k + 1 == e)) {
            const char *said = word_of(c, w);
            sb_word(&c->b, said, strlen(said));
        }
        k++;
    }
    note(c, "address", i, e, from, NULL);
    return i + e;
}

/* Length of an HTML or SSML tag at T ("<b>", "</span>", "<br/>", "<break time="9s"/>"),
 * or 0: '<', an optional '/', a known element name, then anything but '<' and '>' up to
 * '>'.  "<cytomegalovirus>" is not a tag: its word is read. */
static size_t tag_len(const char *t)
{
    static const char *const names[] = {
        "a", "abbr", "audio", "b", "big", "blockquote", "br", "break", "center", "cite",
        "code", "del", "div", "em", "emphasis", "font", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "img", "ins", "lang", "li", "mark", "ol", "p", "phoneme", "pre", "prosody",
        "q", "s", "say-as", "small", "span", "speak", "strike", "strong", "sub", "sup", "table",
        "td", "th", "tr", "u", "ul", "voice", NULL,
    };
    if (t[0] != '<')
        return 0;
    size_t k = 1;
    if (t[k] == '/')
        k++;
    size_t n = 0;
    while (is_lower(t[k + n]) || is_upper(t[k + n]) || is_digit(t[k + n]) || t[k + n] == '-')
        n++;
    int known = 0;
    for (int i = 0; names[i] && !known; i++) {
        size_t l = strlen(names[i]);
        if (l != n)
            continue;
        size_t q = 0;
        while (q < n && (t[k + q] | 0x20) == names[i][q])
            q++;
        known = q == n;
    }
    if (!known || (t[k + n] != '>' && t[k + n] != ' ' && t[k + n] != '/'))
        return 0;
    k += n;
    while (t[k] && t[k] != '<' && t[k] != '>' && k < 400)
        k++;
    return t[k] == '>' ? k + 1 : 0;
}

static int next_is_name(const char *t)
{
    size_t k = 0;
    while (t[k] == ' ')
        k++;
    return k > 0 && is_upper(t[k]) &&
           (is_lower(t[k + 1]) || t[k + 1] == '\'' || (unsigned char)t[k + 1] >= 0x80);
}

/* Is the word before I a number, or a name (a capital, not opening a sentence)? */
static int prev_is_name_or_number(const struct ctx *c, size_t i)
{
    size_t e, s = word_before(c->t, i, &e);
    if (s == (size_t)-1 || (e < i && c->t[e] != ' '))
        return 0;
    if (is_digit(c->t[s]))
        return 1;
    if (!is_upper(c->t[s]) || s + 1 >= e)
        return 0;
    size_t p = s;
    while (p > 0 && c->t[p - 1] == ' ')
        p--;
    return p > 0 && !strchr(".!?:", c->t[p - 1]);
}

static int next_is_number(const char *t)
{
    size_t k = t[0] == ':' ? 1 : 0;
    while (t[k] == ' ')
        k++;
    return k > 0 && is_digit(t[k]);
}

/* Is there a day abbreviation at T? */
static const char *day_at(const struct ctx *c, const char *t, size_t *len)
{
    size_t kl;
    const struct kv *d = table_prefix(&c->r->t[RS_DAYS], t, word_ends, &kl);
    if (!d)
        return NULL;
    *len = kl + (t[kl] == '.' ? 1 : 0);
    return d->v;
}

/* "Mon-Fri", "Mon to Fri", "Sat 9am": is the day abbreviation at I (length L) used as one? */
static int day_in_context(const struct ctx *c, size_t i, size_t l)
{
    const char *t = c->t + i + l;
    if (t[0] == '.')
        t++;
    size_t k = dash_len(t, 1);
    size_t dl;
    const char *range = word_of(c, "range");
    size_t rl = strlen(range);
    if (!k && rl && t[0] == ' ' && !strncmp(t + 1, range, rl) && t[rl + 1] == ' ')
        k = rl + 2;
    if (!k && (!strncmp(t, ", ", 2) || !strncmp(t, " & ", 3)))
        k = t[0] == ',' ? 2 : 3;
    if (k && day_at(c, t + k, &dl))
        return 1;
    if (next_is_number(t))
        return 1;
    /* the second day of a range: "Mon-Fri", "Mon to Fri" */
    size_t p = i;
    while (p > 0 && c->t[p - 1] == ' ')
        p--;
    if (p >= 1 && c->t[p - 1] == '-')
        p--;
    else if (p >= 3 && (!strncmp(c->t + p - 3, "\xE2\x80\x93", 3) ||
                        !strncmp(c->t + p - 3, "\xE2\x80\x94", 3)))
        p -= 3;
    else if (rl && p >= rl + 1 && c->t[p - rl - 1] == ' ' && !strncmp(c->t + p - rl, range, rl))
        p -= rl + 1;
    else
        return 0;
    while (p > 0 && (c->t[p - 1] == ' ' || c->t[p - 1] == '.'))
        p--;
    size_t q = p;
    while (q > 0 && is_word_before(c->t, q))
        q = char_before(c->t, q);
    return q < p && day_at(c, c->t + q, &dl) != NULL;
    return 0;
}

static int all_caps(const char *w, size_t n)
{
    size_t letters = 0;
    for (size_t k = 0; k < n; k++) {
        if (is_lower(w[k]) || (unsigned char)w[k] >= 0x80)
            return 0;
        letters += is_upper(w[k]);
    }
    return letters == n;
}

/* Words, abbreviations and acronyms at I (a word boundary); returns the end. */
static size_t word_rules(struct ctx *c, size_t i)
{
    const char *t = c->t + i;
    const struct speech_rules *r = c->r;
    size_t kl, from = c->b.len;
    /* Abbreviations, in this order: before a number ("no. 4", "ext. 57"); "St" after a
     * name or house number ("12 High St"); titles before a name ("Dr Lee", "St Mary's");
     * anywhere ("e.g.", "A&E").  Each is a whole written word. */
    for (int k = 0; k < 4; k++) {
        static const int tables[] = {RS_BEFORE_NUMBER, RS_AFTER_NAME, RS_TITLES,
                                     RS_ABBREVIATIONS};
        const struct kv *e = table_prefix(&r->t[tables[k]], t, NULL, &kl);
        if (!e || is_word_at(t + kl))
            continue;
        int fits = k == 0 ? next_is_number(t + kl)
                   : k == 1 ? prev_is_name_or_number(c, i)
                   : k == 2 ? next_is_name(t + kl)
                            : 1;
        if (fits) {
            sb_word(&c->b, e->v, strlen(e->v));
            note(c, "abbreviation", i, kl, from, NULL);
            return i + kl;
        }
    }
    size_t ml;
    const char *month = month_at(c, t, &ml);
    if (month && strncmp(t, month, strlen(month)) &&
        (next_is_number(t + ml) || prev_is_name_or_number(c, i))) {
        size_t pe, ps = word_before(c->t, i, &pe);
        if (next_is_number(t + ml) || (ps != (size_t)-1 && is_digit(c->t[ps]))) {
            sb_word(&c->b, month, strlen(month));
            note(c, "month", i, ml, from, NULL);
            return i + ml;
        }
    }
    size_t dl;
    const char *day = day_at(c, t, &dl);
    if (day && day_in_context(c, i, dl - (t[dl - 1] == '.' ? 1 : 0))) {
        sb_word(&c->b, day, strlen(day));
        size_t dd = dash_len(t + dl, 1), dl2;
        if (dd && day_at(c, t + dl + dd, &dl2)) { /* "Mon-Fri": the dash is "to" */
            const char *range = word_of(c, "range");
            sb_word(&c->b, range, strlen(range));
            sb_add(&c->b, " ", 1);
            dl += dd;
        }
        note(c, "day", i, dl, from, NULL);
        return i + dl;
    }
    size_t w = 0;
    while (is_word_at(t + w))
        w++;
    /* apostrophes inside a word ("DON'T") belong to it for the lists */
    size_t wa = w;
    while (t[wa] == '\'' && is_word_at(t + wa + 1)) {
        wa++;
        while (is_word_at(t + wa))
            wa++;
    }
    const char *ph = speech_lexicon_lookup(c->lex, t, w);
    if (ph) {
        emit_phonemes(c, ph);
        note(c, "lexicon", i, w, from, NULL);
        return i + w;
    }
    /* acronyms: capitals, spelt out unless the rules say they are words */
    size_t caps = w;
    int plural = 0;
    if (w >= 3 && t[w - 1] == 's' && all_caps(t, w - 1)) {
        caps = w - 1;
        plural = 1;
    }
    /* Known acronyms (the rules' spell list) are spelt; so are other short ones (2 or 3
     * capitals) and those without a vowel.  A longer capital word with a vowel is more
     * likely a word written for emphasis ("DANGER", "ALWAYS"): it is left to the engine,
     * with a note for `check`.  Words in the lists, and all capitals in a text written in
     * capitals, are words. */
    int known = caps >= 1 && in_list(&r->list[RL_SPELL], t, caps);
    if (caps >= 2 && caps <= 6 && all_caps(t, caps) &&
        !in_list(&r->list[RL_ACRONYM_WORDS], t, caps) &&
        !in_list(&r->list[RL_CAPITAL_WORDS], t, wa) && !(c->shouting && !known)) {
        int vowels = 0;
        for (size_t k = 0; k < caps; k++)
            vowels += is_vowel(t[k]);
        if (known || caps <= 3 || !vowels) {
            emit_spelled(c, t, caps);
            if (plural)
                sb_add(&c->b, "s", 1);
            note(c, "acronym", i, w, from,
                 known || !vowels ? NULL
                                  : "unknown capital-letter word spelt out; add it to the "
                                    "lexicon if it is said as a word");
            return i + w;
        }
        sb_add(&c->b, t, w);
        note(c, "acronym", i, w, from,
             "capital-letter word read as a word; if it is an acronym, add it to the rules' "
             "spell list or the lexicon");
        return i + w;
    }
    sb_add(&c->b, t, w);
    return i + w;
}

static char *normalize(const char *text, size_t base, const struct speech_rules *r,
                       const struct speech_lexicon *lex, struct speech_notes *notes, int depth);

/* The pass over C->t. */
static void run(struct ctx *c)
{
    const char *t = c->t;
    size_t n = c->n, i = 0;
    while (i < n && !c->b.failed) {
        char ch = t[i];
        int boundary = !is_word_before(t, i);
        size_t from = c->b.len, k, kl;
        /* "[[" and "]]" from the leaflet must not open eSpeak NG phoneme input. */
        if ((ch == '[' || ch == ']') && t[i + 1] == ch) {
            sb_add(&c->b, &ch, 1);
            sb_add(&c->b, " ", 1);
            i++;
            continue;
        }
        /* template alternatives: "[this leaflet/ our website]" -> "this leaflet" */
        if (ch == '[' && c->depth == 0) {
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
                char *alt = strndup(t + a, e - a);
                char *said = alt ? normalize(alt, c->base + a, c->r, c->lex, c->notes,
                                             c->depth + 1)
                                 : NULL;
                if (!said)
                    c->b.failed = 1;
                else
                    sb_add(&c->b, said, strlen(said));
                free(alt);
                free(said);
                i = j + 1;
                continue;
            }
        }
        if (ch == '<' && (k = tag_len(t + i))) {
            sb_add(&c->b, " ", 1);
            note(c, "tag", i, k, from, NULL);
            i += k;
            continue;
        }
        if (c->plain) {
            size_t e = i;
            const char *ph = NULL;
            if (boundary && is_word_at(t + i)) {
                while (is_word_at(t + e))
                    e++;
                ph = speech_lexicon_lookup(c->lex, t + i, e - i);
            }
            if (ph) {
                emit_phonemes(c, ph);
                note(c, "lexicon", i, e - i, from, NULL);
            } else {
                e = e > i ? e : i + 1;
                sb_add(&c->b, t + i, e - i);
            }
            i = e;
            continue;
        }
        if (boundary && is_word_at(t + i) && (k = address(c, i))) {
            i = k;
            continue;
        }
        if (boundary && (is_digit(ch) || (ch == '+' && is_digit(t[i + 1])) ||
                         (ch == '(' && is_digit(t[i + 1])))) {
            if (ch != '(' || (k = phone_number(c, i)) == 0)
                k = ch == '(' ? 0 : ch == '+' ? phone_number(c, i) : number_rules(c, i);
            if (k) {
                i = k;
                continue;
            }
        }
        /* money: "£5", "£5.50", "€20" -> "5 pounds", "5 pounds 50", "20 euros" */
        if ((ch == '$' || (unsigned char)ch >= 0xC2) &&
            (k = 0, table_prefix(&c->r->t[RS_CURRENCY], t + i, NULL, &k)) && is_digit(t[i + k])) {
            const struct kv *e = table_prefix(&c->r->t[RS_CURRENCY], t + i, NULL, &kl);
            size_t a = digits_len(t + i + kl);
            size_t sep = i + kl + a;
            /* thousands "£1,200" */
            while (t[sep] == ',' && digits_len(t + sep + 1) == 3) {
                sep += 4;
                a += 4;
            }
            size_t cents = (t[sep] == '.' || t[sep] == ',') && digits_len(t + sep + 1) == 2 &&
                                   !is_digit(t[sep + 3])
                               ? 2 : 0;
            const char *bar = strchr(e->v, '|');
            size_t sl = (size_t)(bar - e->v);
            while (sl > 0 && e->v[sl - 1] == ' ')
                sl--;
            const char *pl = bar + 1;
            while (*pl == ' ')
                pl++;
            sb_word(&c->b, t + i + kl, a);
            int one = a == 1 && t[i + kl] == '1';
            sb_word(&c->b, one ? e->v : pl, one ? sl : strlen(pl));
            size_t end = i + kl + a;
            if (cents) {
                if (strncmp(t + sep + 1, "00", 2))
                    sb_word(&c->b, t + sep + 1, 2);
                end = sep + 3;
            }
            note(c, "money", i, end - i, from, NULL);
            i = end;
            continue;
        }
        /* "~40%", "≈ 3" */
        if (ch == '~' && (is_digit(t[i + 1]) || (t[i + 1] == ' ' && is_digit(t[i + 2])))) {
            const char *w = word_of(c, "approximately");
            sb_word(&c->b, w, strlen(w));
            sb_add(&c->b, " ", 1);
            note(c, "symbol", i, 1, from, NULL);
            i++;
            continue;
        }
        if ((unsigned char)ch >= 0x80 || strchr("^", ch)) {
            const struct kv *e = table_prefix(&c->r->t[RS_SYMBOLS], t + i, NULL, &kl);
            if (e) {
                sb_word(&c->b, e->v, strlen(e->v));
                sb_add(&c->b, " ", 1);
                note(c, "symbol", i, kl, from, NULL);
                i += kl;
                continue;
            }
        }
        /* comparisons before a number: "> 5", ">= 5", "≤ 5" */
        if (ch == '>' || ch == '<' || !strncmp(t + i, "\xE2\x89\xA5", 3) ||
            !strncmp(t + i, "\xE2\x89\xA4", 3)) {
            const char *w;
            if (ch == '>' || ch == '<') {
                int eq = t[i + 1] == '=';
                k = eq ? 2 : 1;
                w = word_of(c, ch == '>' ? (eq ? "at_least" : "more_than")
                                         : (eq ? "at_most" : "less_than"));
            } else {
                k = 3;
                w = word_of(c, t[i + 2] == '\xA5' ? "at_least" : "at_most");
            }
            size_t s = k;
            while (t[i + s] == ' ')
                s++;
            if (is_digit(t[i + s]) && w[0]) {
                sb_word(&c->b, w, strlen(w));
                sb_add(&c->b, " ", 1);
                note(c, "comparison", i, k, from, NULL);
                i += s;
                continue;
            }
        }
        if (ch == '%' && word_of(c, "percent")[0]) {
            const char *w = word_of(c, "percent");
            if (c->r->percent_first) {
                /* put the word before the number the output ends with */
                size_t end = c->b.len;
                while (end > 0 && c->b.s[end - 1] == ' ')
                    end--;
                size_t st = end;
                while (st > 0 && (is_digit(c->b.s[st - 1]) ||
                                  ((c->b.s[st - 1] == '.' || c->b.s[st - 1] == ',') && st < end)))
                    st--;
                if (st < end && (st == 0 || c->b.s[st - 1] == ' ' || c->b.s[st - 1] == '(')) {
                    c->b.len = end;
                    insert_before(c, st, w, strlen(w));
                    if (!c->b.failed && c->b.s[c->b.len - 1] == ' ')
                        c->b.s[--c->b.len] = '\0';
                    i++;
                    continue;
                }
            }
            sb_word(&c->b, w, strlen(w));
            i++;
            continue;
        }
        if (ch == '&' && word_of(c, "and")[0]) {
            const char *w = word_of(c, "and");
            k = strncmp(t + i, "&amp;", 5) ? 1 : 5;
            if (i > 0 && is_upper(t[i - 1]) && is_upper(t[i + k]) && !is_word_at(t + i + k + 1)) {
                sb_add(&c->b, "-", 1);
                sb_str(&c->b, w);
                sb_add(&c->b, "-", 1);
            } else {
                sb_word(&c->b, w, strlen(w));
                sb_add(&c->b, " ", 1);
            }
            i += k;
            continue;
        }
        if (boundary && is_word_at(t + i)) {
            i = word_rules(c, i);
            continue;
        }
        /* anything else is copied a whole character at a time */
        size_t cl = 1;
        while (((unsigned char)t[i + cl] & 0xC0) == 0x80)
            cl++;
        sb_add(&c->b, t + i, cl);
        i += cl;
    }
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
        /* no space before closing punctuation a rule left behind */
        if ((c == ',' || c == '.' || c == ')') && w > 0 && s[w - 1] == ' ' && s[r + 1] != c &&
            r > 0 && s[r - 1] == ' ')
            w--;
        s[w++] = c;
    }
    while (w > 0 && s[w - 1] == ' ')
        w--;
    s[w] = '\0';
}

static int mostly_capitals(const char *t)
{
    size_t up = 0, low = 0;
    for (; *t; t++) {
        up += is_upper(*t);
        low += is_lower(*t);
    }
    return up >= 8 && up > 3 * low;
}

static char *normalize(const char *text, size_t base, const struct speech_rules *r,
                       const struct speech_lexicon *lex, struct speech_notes *notes, int depth)
{
    static const struct speech_rules no_rules = {.date_order = "dmy", .decimal = '.'};
    struct ctx c = {0};
    c.r = r ? r : &no_rules;
    c.plain = r == NULL;
    c.lex = lex;
    c.t = text;
    c.n = strlen(text);
    c.base = base;
    c.notes = notes;
    c.depth = depth;
    c.shouting = mostly_capitals(text);
    run(&c);
    if (c.b.failed) {
        free(c.b.s);
        return NULL;
    }
    if (!c.b.s)
        return calloc(1, 1);
    if (depth == 0)
        squeeze_spaces(c.b.s);
    return c.b.s;
}

char *speech_normalize(const char *text, const struct speech_rules *r,
                       const struct speech_lexicon *lex, struct speech_notes *notes)
{
    return normalize(text ? text : "", 0, r, lex, notes, 0);
}
