/* leaflet: parses leaflet text held in memory (SPEC §2) into sections, paragraphs,
 * list items and metadata, in one linear pass; reading a file is a thin wrapper. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet.h"
#include "regfile.h"

/* Headings: a short unpunctuated line has fewer code points than this. */
#define SHORT_HEADING_CHARS 100
/* A line ending in '?' or ':' longer than this is a paragraph, not a heading. */
#define LONG_HEADING_CHARS 200
/* A "Last updated" value longer than this is text, not metadata. */
#define UPDATED_MAX_BYTES 60

/* One source line, trimmed of leading and trailing blanks. */
struct line {
    const char *s; /* first non-blank byte */
    size_t len;    /* trimmed length; 0 for a blank line */
    int no;        /* line number from 1 */
    int indent;    /* leading blank bytes */
};

/* A growing string. */
struct sbuf {
    char *s;
    size_t len, cap;
};

/* The parser's working state. */
struct parser {
    struct leaflet *lf;
    size_t sec_cap;
    size_t par_cap, item_cap;  /* capacities for the current (last) section */
    struct sbuf para;          /* paragraph being collected */
    int in_para, para_line;    /* collecting one; its first line */
    struct sbuf item;          /* item being collected */
    int in_item, item_line;
};

static int sbuf_reserve(struct sbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s)
        return LEAFLET_ENOMEM;
    b->s = s;
    b->cap = cap;
    return 0;
}

/* Append LEN bytes of S, turning each run of blanks into one space; when the
 * buffer is not empty, a single space separates the old and the new text. */
static int sbuf_add_words(struct sbuf *b, const char *s, size_t len)
{
    if (sbuf_reserve(b, len + 1))
        return LEAFLET_ENOMEM;
    if (b->len > 0 && len > 0)
        b->s[b->len++] = ' ';
    int blank = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
            blank = 1;
            continue;
        }
        if (blank && b->len > 0 && b->s[b->len - 1] != ' ')
            b->s[b->len++] = ' ';
        blank = 0;
        b->s[b->len++] = c;
    }
    b->s[b->len] = '\0';
    return 0;
}

/* Take the buffer's string (never NULL unless out of memory) and reset it. */
static char *sbuf_take(struct sbuf *b)
{
    char *s = b->s;
    if (!s)
        s = calloc(1, 1);
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

static char *dup_words(const char *s, size_t len)
{
    struct sbuf b = {0};
    if (sbuf_add_words(&b, s, len)) {
        free(b.s);
        return NULL;
    }
    return sbuf_take(&b);
}

static void set_error(struct leaflet_error *err, int line, int column, const char *msg)
{
    if (!err)
        return;
    err->line = line;
    err->column = column;
    snprintf(err->message, sizeof err->message, "%s", msg);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static int lower_ascii(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Number of code points in S[0..LEN) (S is valid UTF-8). */
static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* Check the whole text: UTF-8 well formed, no NUL, no control bytes other than
 * tab, form feed, vertical tab and line ends.  Returns 0 or a status with ERR set.
 * Columns count bytes from 1, not counting a leading BOM. */
static int validate(const unsigned char *p, size_t len, struct leaflet_error *err)
{
    int line = 1;
    size_t line_start = 0;
    size_t i = 0;
    char msg[120];
    while (i < len) {
        unsigned char c = p[i];
        int col = (int)(i - line_start + 1);
        if (c < 0x80) {
            if (c == '\n' || (c == '\r' && !(i + 1 < len && p[i + 1] == '\n'))) {
                line++;
                line_start = i + 1;
            } else if (c == '\0') {
                set_error(err, line, col, "NUL byte: this is not a text file");
                return LEAFLET_ENUL;
            } else if ((c < 0x20 && c != '\t' && c != '\f' && c != '\v' && c != '\r') ||
                       c == 0x7F) {
                snprintf(msg, sizeof msg, "control byte 0x%02X: binary data, not text", c);
                set_error(err, line, col, msg);
                return LEAFLET_EBINARY;
            }
            i++;
            continue;
        }
        size_t need = 0;
        unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        const char *why = NULL;
        if (c < 0xC0) {
            why = "unexpected continuation byte";
        } else if (c < 0xC2) {
            why = "overlong encoding";
        } else if (c < 0xE0) {
            need = 1;
        } else if (c < 0xF0) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c < 0xF5) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            why = "byte that never appears in UTF-8";
        }
        if (!why) {
            for (size_t k = 1; k <= need; k++) {
                if (i + k >= len || (p[i + k] & 0xC0) != 0x80) {
                    why = "truncated sequence";
                    break;
                }
                if (k == 1 && (p[i + 1] < lo || p[i + 1] > hi)) {
                    if (c == 0xED)
                        why = "UTF-16 surrogate";
                    else if (c == 0xF4)
                        why = "code point above U+10FFFF";
                    else
                        why = "overlong encoding";
                    break;
                }
            }
        }
        if (why) {
            snprintf(msg, sizeof msg, "invalid UTF-8 (%s, byte 0x%02X)", why, c);
            set_error(err, line, col, msg);
            return LEAFLET_EUTF8;
        }
        i += need + 1;
    }
    return 0;
}

/* Split P[0..LEN) into lines (LF, CRLF, CR).  Returns the count in *N. */
static struct line *split_lines(const char *p, size_t len, size_t *n)
{
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        if (p[i] == '\n' || (p[i] == '\r' && !(i + 1 < len && p[i + 1] == '\n')))
            count++;
    struct line *lines = calloc(count, sizeof *lines);
    if (!lines)
        return NULL;
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        int end = (i == len) || p[i] == '\n' || p[i] == '\r';
        if (!end)
            continue;
        size_t e = i, b = start;
        int indent = 0;
        while (b < e && is_blank(p[b])) {
            b++;
            indent++;
        }
        while (e > b && is_blank(p[e - 1]))
            e--;
        lines[k].s = p + b;
        lines[k].len = e - b;
        lines[k].no = (int)(k + 1);
        lines[k].indent = indent;
        k++;
        if (i < len && p[i] == '\r' && i + 1 < len && p[i + 1] == '\n')
            i++;
        start = i + 1;
    }
    *n = k;
    return lines;
}

/* Does L start with the ASCII text PREFIX, ignoring ASCII case? */
static int starts_with_ci(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower_ascii((unsigned char)s[i]) != lower_ascii((unsigned char)prefix[i]))
            return 0;
    return 1;
}

/* A line made only of 3 or more '-', '*', '_' or '=' (a rule or a Setext underline):
 * a separator, like a blank line. */
static int is_rule(const struct line *l)
{
    if (l->len < 3)
        return 0;
    for (size_t i = 0; i < l->len; i++) {
        char c = l->s[i];
        if (c != l->s[0] || (c != '-' && c != '*' && c != '_' && c != '='))
            return 0;
    }
    return 1;
}

static int is_blank_line(const struct line *l)
{
    return l->len == 0 || is_rule(l);
}

/* If L is a list item, return the length of its marker and following blanks
 * (so the text starts there); else 0. */
static size_t item_marker(const struct line *l)
{
    const char *s = l->s;
    size_t n = l->len, m = 0;
    if (n >= 1 && (s[0] == '-' || s[0] == '*'))
        m = 1;
    else if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
             ((unsigned char)s[2] == 0xA2 || (unsigned char)s[2] == 0x93))
        m = 3; /* U+2022 bullet, U+2013 en dash */
    else {
        while (m < n && m < 3 && s[m] >= '0' && s[m] <= '9')
            m++;
        if (m == 0 || m >= n || (s[m] != '.' && s[m] != ')'))
            return 0;
        m++;
    }
    if (m >= n || !is_blank(s[m]))
        return 0;
    while (m < n && is_blank(s[m]))
        m++;
    return m;
}

/* If L is a Markdown heading, return the length of its '#' prefix and blanks. */
static size_t hash_marker(const struct line *l)
{
    size_t m = 0;
    while (m < l->len && l->s[m] == '#')
        m++;
    if (m == 0 || m == l->len)
        return 0;
    while (m < l->len && is_blank(l->s[m]))
        m++;
    return m;
}

static int ends_with_sentence_punct(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    char c = s[len - 1];
    if (c == '.' || c == '!' || c == ',' || c == ';')
        return 1;
    /* U+2026 horizontal ellipsis */
    return len >= 3 && (unsigned char)s[len - 3] == 0xE2 && (unsigned char)s[len - 2] == 0x80 &&
           (unsigned char)s[len - 1] == 0xA6;
}

/* Ends in '?' or ':' (full-width forms included); constant time. */
static int ends_question_or_colon_char(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    char c = s[len - 1];
    if (c == '?' || c == ':')
        return 1;
    return len >= 3 && (unsigned char)s[len - 3] == 0xEF && (unsigned char)s[len - 2] == 0xBC &&
           ((unsigned char)s[len - 1] == 0x9F || (unsigned char)s[len - 1] == 0x9A);
}

/* Ends in '?' or ':' and is not overly long for a heading. */
static int ends_question_or_colon(const char *s, size_t len)
{
    return ends_question_or_colon_char(s, len) && utf8_chars(s, len) < LONG_HEADING_CHARS;
}

/* Does the text hold a sentence break ("end. Next") before its last character? */
static int has_sentence_break(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if ((s[i] == '.' || s[i] == '!' || s[i] == '?' || s[i] == ';') && s[i + 1] == ' ')
            return 1;
    return 0;
}

/* Does the text end in a lower-case word that cannot end a title ("... and", "... de
 * la")?  Case matters: "Vitamin A" is a title. */
static int ends_with_joining_word(const char *s, size_t len)
{
    static const char *const words[] = {
        "and", "or", "the", "a", "an", "of", "to", "in", "on", "at", "with", "for", "by",
        "from", "is", "are", "that", "y", "o", "e", "u", "de", "del", "la", "el", "los",
        "las", "un", "una", "en", "con", "por", "para", "que", "al",
    };
    size_t b = len;
    while (b > 0 && s[b - 1] != ' ')
        b--;
    if (b == 0)
        return 0; /* a one-word line */
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len - b && !memcmp(s + b, words[i], len - b))
            return 1;
    return 0;
}

/* A short line without sentence punctuation at its end or a sentence break inside,
 * not starting with a lower-case letter nor ending in a joining word: looks like a
 * title. */
static int short_unpunctuated(const char *s, size_t len)
{
    if (len == 0 || utf8_chars(s, len) >= SHORT_HEADING_CHARS)
        return 0;
    if (s[0] >= 'a' && s[0] <= 'z')
        return 0;
    return !ends_with_sentence_punct(s, len) && !has_sentence_break(s, len) &&
           !ends_with_joining_word(s, len);
}

/* Could line L start something new (not a wrapped continuation of a heading)? */
static int starts_new_line(const struct line *l)
{
    unsigned char c = (unsigned char)l->s[0];
    if (c >= 'a' && c <= 'z')
        return 0;
    return 1;
}

/* Is the whole trimmed text a disclaimer heading? */
static int is_disclaimer(const char *h)
{
    static const char *const words[] = {
        "disclaimer", "descargo de responsabilidad", "aviso legal",
        "exención de responsabilidad", "exencion de responsabilidad",
        "kanusho", /* Swahili */
    };
    size_t n = strlen(h);
    if (n > 0 && (h[n - 1] == ':' || h[n - 1] == '.'))
        n--;
    while (n > 0 && h[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && starts_with_ci(h, n, words[i]))
            return 1;
    return 0;
}

static int ends_with_question(const char *s)
{
    size_t n = strlen(s);
    if (n >= 3 && (unsigned char)s[n - 3] == 0xEF && (unsigned char)s[n - 2] == 0xBC &&
        (unsigned char)s[n - 1] == 0x9F)
        return 1;
    return n > 0 && s[n - 1] == '?';
}

/* Recognise a "Last updated December 2024" line; returns the offset of the value
 * (e.g. "December 2024") in L, or 0 when L is not such a line. */
static size_t updated_value(const struct line *l)
{
    static const char *const prefixes[] = {
        "last updated", "last reviewed", "last revised", "\xc3\xbaltima actualizaci\xc3\xb3n",
        "\xc3\x9altima actualizaci\xc3\xb3n", "ultima actualizacion",
        "\xc3\xbaltima revisi\xc3\xb3n", "\xc3\x9altima revisi\xc3\xb3n",
        /* Swahili: "was last updated", "has last been updated", "was last reviewed" */
        "ilisasishwa mwisho", "imesasishwa mwisho", "ilipitiwa mwisho",
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t m = strlen(prefixes[i]);
        if (!starts_with_ci(l->s, l->len, prefixes[i]))
            continue;
        if (m < l->len && l->s[m] != ':' && !is_blank(l->s[m]))
            continue;
        while (m < l->len && is_blank(l->s[m]))
            m++;
        if (m < l->len && l->s[m] == ':')
            m++;
        while (m < l->len && is_blank(l->s[m]))
            m++;
        if (m + 3 <= l->len && starts_with_ci(l->s + m, l->len - m, "on "))
            m += 3;
        if (m >= l->len || l->len - m > UPDATED_MAX_BYTES)
            return 0;
        for (size_t k = m; k < l->len; k++)
            if (l->s[k] >= '0' && l->s[k] <= '9')
                return m;
        return 0;
    }
    return 0;
}

/* Start a new section with HEADING (taken over). */
static int add_section(struct parser *ps, char *heading, int line)
{
    struct leaflet *lf = ps->lf;
    if (!heading)
        return LEAFLET_ENOMEM;
    if (lf->n_sections == ps->sec_cap) {
        size_t cap = ps->sec_cap ? ps->sec_cap * 2 : 16;
        struct leaflet_section *s = realloc(lf->sections, cap * sizeof *s);
        if (!s) {
            free(heading);
            return LEAFLET_ENOMEM;
        }
        lf->sections = s;
        ps->sec_cap = cap;
    }
    struct leaflet_section *sec = &lf->sections[lf->n_sections++];
    memset(sec, 0, sizeof *sec);
    snprintf(sec->id, sizeof sec->id, "s%lu", (unsigned long)(lf->n_sections % 100000000000UL));
    sec->heading = heading;
    sec->line = line;
    if (is_disclaimer(heading))
        sec->kind = LEAFLET_KIND_DISCLAIMER;
    else if (ends_with_question(heading))
        sec->kind = LEAFLET_KIND_QUESTION;
    else
        sec->kind = LEAFLET_KIND_HEADING;
    ps->par_cap = ps->item_cap = 0;
    return 0;
}

/* The section new text goes into: the last one, or an untitled opening section
 * for text that comes before the first heading. */
static int current_section(struct parser *ps, int line, struct leaflet_section **out)
{
    if (ps->lf->n_sections == 0) {
        int rc = add_section(ps, calloc(1, 1), line);
        if (rc)
            return rc;
    }
    *out = &ps->lf->sections[ps->lf->n_sections - 1];
    return 0;
}

static int flush_paragraph(struct parser *ps)
{
    if (!ps->in_para)
        return 0;
    ps->in_para = 0;
    struct leaflet_section *sec;
    int rc = current_section(ps, 0, &sec);
    if (rc)
        return rc;
    if (sec->n_paragraphs == ps->par_cap) {
        size_t cap = ps->par_cap ? ps->par_cap * 2 : 4;
        char **p = realloc(sec->paragraphs, cap * sizeof *p);
        if (!p)
            return LEAFLET_ENOMEM;
        sec->paragraphs = p;
        int *pl = realloc(sec->paragraph_lines, cap * sizeof *pl);
        if (!pl)
            return LEAFLET_ENOMEM;
        sec->paragraph_lines = pl;
        size_t *pa = realloc(sec->paragraph_after, cap * sizeof *pa);
        if (!pa)
            return LEAFLET_ENOMEM;
        sec->paragraph_after = pa;
        ps->par_cap = cap;
    }
    char *text = sbuf_take(&ps->para);
    if (!text)
        return LEAFLET_ENOMEM;
    sec->paragraph_lines[sec->n_paragraphs] = ps->para_line;
    sec->paragraph_after[sec->n_paragraphs] = sec->n_items;
    sec->paragraphs[sec->n_paragraphs++] = text;
    return 0;
}

static int flush_item(struct parser *ps)
{
    if (!ps->in_item)
        return 0;
    ps->in_item = 0;
    struct leaflet_section *sec;
    int rc = current_section(ps, ps->item_line, &sec);
    if (rc)
        return rc;
    if (sec->n_items == ps->item_cap) {
        size_t cap = ps->item_cap ? ps->item_cap * 2 : 8;
        struct leaflet_item *it = realloc(sec->items, cap * sizeof *it);
        if (!it)
            return LEAFLET_ENOMEM;
        sec->items = it;
        ps->item_cap = cap;
    }
    char *text = sbuf_take(&ps->item);
    if (!text)
        return LEAFLET_ENOMEM;
    struct leaflet_item *it = &sec->items[sec->n_items++];
    memset(it, 0, sizeof *it);
    it->text = text;
    it->line = ps->item_line;
    snprintf(it->id, sizeof it->id, "%s.q%lu", sec->id,
             (unsigned long)(sec->n_items % 100000000000UL));
    return 0;
}

static int flush(struct parser *ps)
{
    int rc = flush_paragraph(ps);
    return rc ? rc : flush_item(ps);
}

static int heading_line(struct parser *ps, const char *s, size_t len, int no)
{
    int rc = flush(ps);
    if (rc)
        return rc;
    /* Drop a closing run of '#' ("## Title ##"). */
    size_t n = len;
    while (n > 0 && s[n - 1] == '#')
        n--;
    if (n > 0 && n < len && is_blank(s[n - 1]))
        len = n;
    return add_section(ps, dup_words(s, len), no);
}

static int text_line(struct parser *ps, const struct line *l)
{
    size_t m = item_marker(l);
    if (m > 0) {
        int rc = flush(ps);
        if (rc)
            return rc;
        ps->in_item = 1;
        ps->item_line = l->no;
        return sbuf_add_words(&ps->item, l->s + m, l->len - m);
    }
    if (ps->in_item) {
        /* A wrapped item: indented, or the item has not finished its sentence.
         * (Constant-time checks: a long wrapped item must stay linear.) */
        if (l->indent > 0 || !(ends_with_sentence_punct(ps->item.s, ps->item.len) ||
                               ends_question_or_colon_char(ps->item.s, ps->item.len)))
            return sbuf_add_words(&ps->item, l->s, l->len);
        int rc = flush_item(ps);
        if (rc)
            return rc;
    }
    if (!ps->in_para) {
        ps->in_para = 1;
        ps->para_line = l->no;
        if (ps->lf->n_sections == 0) {
            struct leaflet_section *sec;
            int rc = current_section(ps, l->no, &sec);
            if (rc)
                return rc;
        }
    }
    return sbuf_add_words(&ps->para, l->s, l->len);
}

/* Is line I, the first of the block [I, E), a heading?  MORE says whether any
 * content follows the block. */
static int first_line_heading(const struct line *lines, size_t i, size_t e, int more)
{
    const struct line *l = &lines[i];
    if (item_marker(l) > 0 || updated_value(l) > 0 || has_sentence_break(l->s, l->len))
        return 0;
    if (ends_question_or_colon(l->s, l->len))
        return 1;
    if (!short_unpunctuated(l->s, l->len))
        return 0;
    /* Alone: a title when more follows; else the next line must not be a
     * lower-case continuation of a wrapped sentence. */
    return e - i == 1 ? more : starts_new_line(&lines[i + 1]);
}

/* Ends in ':' (or the full-width U+FF1A). */
static int ends_with_colon(const char *s, size_t len)
{
    if (len >= 1 && s[len - 1] == ':')
        return 1;
    return len >= 3 && (unsigned char)s[len - 3] == 0xEF && (unsigned char)s[len - 2] == 0xBC &&
           (unsigned char)s[len - 1] == 0x9A;
}

/* Does the list item L's text start in lower case (ASCII, or a Latin-1 letter such as
 * 'é' in UTF-8)? */
static int item_starts_lower(const struct line *l)
{
    size_t m = item_marker(l);
    if (m == 0 || m >= l->len)
        return 0;
    unsigned char c = (unsigned char)l->s[m];
    if (c >= 'a' && c <= 'z')
        return 1;
    return c == 0xC3 && m + 1 < l->len && (unsigned char)l->s[m + 1] >= 0xA0 &&
           (unsigned char)l->s[m + 1] != 0xB7;
}

/* Is line I, the first of block [I, E) and taken for a heading, rather the lead-in of
 * the list that directly follows it (SPEC §2)?  It must end in ':', not be a disclaimer,
 * and come in a section that already has a heading (so a leaflet's first heading and
 * title is never one).  The list follows on the next line of the block, or is the next
 * block (the lines up to END), and its first item starts in lower case: the sentence
 * goes on in the list ("At the clinic you will have:" / "- a scan").  Before a
 * capitalised list it is a heading, as "How to listen:" above "- Press 6 ..." and
 * "Questions to ask:" above "- Is it large?" start sections of their own. */
static int is_lead_in(const struct parser *ps, const struct line *lines, size_t i, size_t e,
                      size_t end)
{
    const struct line *l = &lines[i];
    const struct leaflet *lf = ps->lf;
    if (!ends_with_colon(l->s, l->len) || lf->n_sections == 0 ||
        !lf->sections[lf->n_sections - 1].heading[0])
        return 0;
    char h[64]; /* longer than any disclaimer word: blanks squeezed as in headings */
    size_t n = 0;
    for (size_t k = 0; k < l->len && n + 1 < sizeof h; k++)
        if (!is_blank(l->s[k]) || (n > 0 && h[n - 1] != ' '))
            h[n++] = is_blank(l->s[k]) ? ' ' : l->s[k];
    h[n] = '\0';
    if (l->len < sizeof h && is_disclaimer(h))
        return 0;
    if (e - i > 1)
        return item_starts_lower(&lines[i + 1]);
    size_t next = e;
    while (next < end && is_blank_line(&lines[next]))
        next++;
    return next < end && item_starts_lower(&lines[next]);
}

/* Lines [B, E) form one block; MORE says whether any content follows it before END. */
static int parse_block(struct parser *ps, const struct line *lines, size_t b, size_t e, int more,
                       size_t end)
{
    for (size_t i = b; i < e; i++) {
        const struct line *l = &lines[i];
        size_t h = hash_marker(l);
        int rc;
        if (h > 0)
            rc = heading_line(ps, l->s + h, l->len - h, l->no);
        else if (i == b && first_line_heading(lines, i, e, more) &&
                 !is_lead_in(ps, lines, i, e, end))
            rc = heading_line(ps, l->s, l->len, l->no);
        else
            rc = text_line(ps, l);
        if (rc)
            return rc;
    }
    return flush(ps);
}

static int valid_code(const char *s, size_t len, size_t max)
{
    if (len == 0 || len >= max)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '+'))
            return 0;
    }
    return 1;
}

/* Front matter: lines[0] is "---"; reads key: value lines up to the closing "---".
 * Returns 0 with *NEXT at the first line after it, or LEAFLET_EFRONT. */
static int front_matter(struct leaflet *lf, const struct line *lines, size_t n, size_t *next,
                        struct leaflet_error *err)
{
    size_t close = 1;
    while (close < n && !(lines[close].len == 3 && !memcmp(lines[close].s, "---", 3)))
        close++;
    if (close >= n) {
        set_error(err, lines[0].no, 1, "front matter opened with '---' is never closed");
        return LEAFLET_EFRONT;
    }
    for (size_t i = 1; i < close; i++) {
        const struct line *l = &lines[i];
        if (l->len == 0 || l->s[0] == '#')
            continue;
        const char *colon = memchr(l->s, ':', l->len);
        size_t klen = colon ? (size_t)(colon - l->s) : 0;
        while (klen > 0 && is_blank(l->s[klen - 1]))
            klen--;
        if (!colon || klen == 0) {
            set_error(err, l->no, l->indent + 1, "front matter: expected 'key: value'");
            return LEAFLET_EFRONT;
        }
        const char *v = colon + 1;
        size_t vlen = l->len - (size_t)(v - l->s);
        while (vlen > 0 && is_blank(*v)) {
            v++;
            vlen--;
        }
        int vcol = l->indent + (int)(v - l->s) + 1;
        char **slot = NULL;
        size_t max = 0;
        if (klen == 8 && starts_with_ci(l->s, klen, "language")) {
            slot = &lf->language;
            max = 16;
        } else if (klen == 5 && starts_with_ci(l->s, klen, "voice")) {
            slot = &lf->voice;
            max = 64;
        } else if (klen == 5 && starts_with_ci(l->s, klen, "title")) {
            slot = &lf->title;
        } else {
            continue; /* other keys are for other tools */
        }
        if (max > 0 && !valid_code(v, vlen, max)) {
            set_error(err, l->no, vcol,
                      "front matter: expected a code of letters, digits and '-'");
            return LEAFLET_EFRONT;
        }
        if (vlen == 0) {
            set_error(err, l->no, vcol, "front matter: empty value");
            return LEAFLET_EFRONT;
        }
        free(*slot);
        *slot = dup_words(v, vlen);
        if (!*slot)
            return LEAFLET_ENOMEM;
    }
    *next = close + 1;
    return 0;
}

static int parse_lines(struct parser *ps, const struct line *lines, size_t n,
                       struct leaflet_error *err)
{
    struct leaflet *lf = ps->lf;
    size_t start = 0;
    int rc;
    if (n > 0 && lines[0].len == 3 && !memcmp(lines[0].s, "---", 3) && lines[0].indent == 0) {
        rc = front_matter(lf, lines, n, &start, err);
        if (rc)
            return rc;
    }
    size_t first = start;
    while (first < n && is_blank_line(&lines[first]))
        first++;
    if (first >= n) {
        set_error(err, start < n ? lines[start].no : 1, 1,
                  start > 0 ? "no text after the front matter" : "empty leaflet: no text");
        return LEAFLET_EEMPTY;
    }
    size_t end = n;
    while (end > first && is_blank_line(&lines[end - 1]))
        end--;
    /* A final "Last updated ..." line is metadata. */
    size_t uv = updated_value(&lines[end - 1]);
    if (uv > 0 && end - 1 > first) {
        const struct line *l = &lines[end - 1];
        lf->updated = dup_words(l->s + uv, l->len - uv);
        lf->updated_line = dup_words(l->s, l->len);
        if (!lf->updated || !lf->updated_line)
            return LEAFLET_ENOMEM;
        end--;
        while (end > first && is_blank_line(&lines[end - 1]))
            end--;
    }
    size_t i = first;
    while (i < end) {
        while (i < end && is_blank_line(&lines[i]))
            i++;
        size_t b = i;
        while (i < end && !is_blank_line(&lines[i]))
            i++;
        if (b < i) {
            rc = parse_block(ps, lines, b, i, i < end, end);
            if (rc)
                return rc;
        }
    }
    for (size_t k = 0; k < lf->n_sections; k++) {
        struct leaflet_section *sec = &lf->sections[k];
        sec->questions = sec->n_items > 0;
        for (size_t q = 0; q < sec->n_items && sec->questions; q++)
            sec->questions = ends_with_question(sec->items[q].text);
    }
    const struct leaflet_section *head = NULL;
    for (size_t k = 0; k < lf->n_sections && !head; k++)
        if (lf->sections[k].heading[0])
            head = &lf->sections[k];
    if (!head) {
        set_error(err, lines[first].no, lines[first].indent + 1,
                  "no heading: start a section with a short line ending in '?' or ':', "
                  "or a line starting with '#'");
        return LEAFLET_ENOHEAD;
    }
    if (!lf->title && !(lf->title = strdup(head->heading)))
        return LEAFLET_ENOMEM;
    if (lf->language)
        lf->language_source = LEAFLET_LANGUAGE_DECLARED;
    else if (!(lf->language = strdup("en")))
        return LEAFLET_ENOMEM;
    return 0;
}

int leaflet_parse(const char *buf, size_t len, struct leaflet **out, struct leaflet_error *err)
{
    *out = NULL;
    if (err)
        memset(err, 0, sizeof *err);
    if (len > LEAFLET_MAX_BYTES) {
        set_error(err, 0, 0, "too large (over 64 MiB): not a leaflet");
        return LEAFLET_ETOOBIG;
    }
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        buf += 3;
        len -= 3;
    }
    int rc = validate((const unsigned char *)buf, len, err);
    if (rc)
        return rc;
    size_t n = 0;
    struct line *lines = split_lines(buf, len, &n);
    struct parser ps = {0};
    ps.lf = calloc(1, sizeof *ps.lf);
    if (!lines || !ps.lf) {
        free(lines);
        free(ps.lf);
        set_error(err, 0, 0, "out of memory");
        return LEAFLET_ENOMEM;
    }
    rc = parse_lines(&ps, lines, n, err);
    free(lines);
    free(ps.para.s);
    free(ps.item.s);
    if (rc) {
        if (rc == LEAFLET_ENOMEM)
            set_error(err, 0, 0, "out of memory");
        leaflet_free(ps.lf);
        return rc;
    }
    *out = ps.lf;
    return 0;
}

int leaflet_load(const char *path, struct leaflet **out, struct leaflet_error *err)
{
    *out = NULL;
    if (err)
        memset(err, 0, sizeof *err);
    FILE *f = regfile_fopen(path); /* a FIFO or device is refused, never waited on */
    if (!f) {
        char msg[200];
        snprintf(msg, sizeof msg, "cannot open: %s", regfile_strerror(errno));
        set_error(err, 0, 0, msg);
        return LEAFLET_EIO;
    }
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    int rc = 0;
    while (buf) {
        if (len == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0 || len > LEAFLET_MAX_BYTES)
            break;
    }
    if (!buf) {
        set_error(err, 0, 0, "out of memory");
        rc = LEAFLET_ENOMEM;
    } else if (ferror(f)) {
        char msg[200];
        snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
        set_error(err, 0, 0, msg);
        rc = LEAFLET_EIO;
    }
    fclose(f);
    if (rc == 0)
        rc = leaflet_parse(buf, len, out, err);
    free(buf);
    return rc;
}

void leaflet_free(struct leaflet *lf)
{
    if (!lf)
        return;
    for (size_t i = 0; i < lf->n_sections; i++) {
        struct leaflet_section *s = &lf->sections[i];
        free(s->heading);
        for (size_t k = 0; k < s->n_paragraphs; k++)
            free(s->paragraphs[k]);
        free(s->paragraphs);
        free(s->paragraph_lines);
        free(s->paragraph_after);
        for (size_t k = 0; k < s->n_items; k++)
            free(s->items[k].text);
        free(s->items);
    }
    free(lf->sections);
    free(lf->title);
    free(lf->language);
    free(lf->voice);
    free(lf->updated);
    free(lf->updated_line);
    free(lf);
}

void leaflet_error_format(const char *path, int status, const struct leaflet_error *err,
                          char *buf, size_t len)
{
    const char *msg = err && err->message[0] ? err->message : leaflet_strerror(status);
    if (err && err->line > 0)
        snprintf(buf, len, "%s:%d:%d: %s", path, err->line, err->column, msg);
    else
        snprintf(buf, len, "%s: %s", path, msg);
}

const char *leaflet_strerror(int status)
{
    switch (status) {
    case LEAFLET_OK: return "success";
    case LEAFLET_ENOMEM: return "out of memory";
    case LEAFLET_EIO: return "cannot read the file";
    case LEAFLET_EEMPTY: return "empty leaflet";
    case LEAFLET_EUTF8: return "invalid UTF-8";
    case LEAFLET_ENUL: return "NUL byte in the text";
    case LEAFLET_ENOHEAD: return "no heading";
    case LEAFLET_EFRONT: return "malformed front matter";
    case LEAFLET_EBINARY: return "binary data, not text";
    case LEAFLET_ETOOBIG: return "text too large";
    default: return "unknown leaflet error";
    }
}

long leaflet_questions_section(const struct leaflet *lf)
{
    for (size_t i = 0; lf && i < lf->n_sections; i++)
        if (lf->sections[i].questions)
            return (long)i;
    return -1;
}
