/* strbuf: a growing string for the pure core (speech units, speech rules): appends never
 * fail loudly, a failed allocation marks the buffer and the caller checks once at the end;
 * and the line splitter of the core's line-based files (lexicons, speech rules). */
#ifndef AUDIOLEAF_STRBUF_H
#define AUDIOLEAF_STRBUF_H

#include <stdlib.h>
#include <string.h>

struct sbuf {
    char *s;      /* NUL-terminated once anything was added; owned */
    size_t len, cap;
    int failed;   /* 1 after an allocation failed: further appends do nothing */
};

static inline void sb_add(struct sbuf *b, const char *s, size_t n)
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

static inline void sb_str(struct sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* The string built ("" when nothing was added), or NULL when out of memory (the buffer
 * is freed then). */
static inline char *sb_take(struct sbuf *b)
{
    if (b->failed) {
        free(b->s);
        return NULL;
    }
    if (!b->s)
        return calloc(1, 1);
    return b->s;
}

/* The next line of BUF (LEN bytes) from *AT: LF, CRLF and CR end a line.  Sets *A and *Z
 * to the line without its blanks (spaces, tabs) at either end, moves *AT past the line
 * end.  Returns 0 when *AT is already at LEN. */
static inline int sb_next_line(const char *buf, size_t len, size_t *at, size_t *a, size_t *z)
{
    size_t i = *at, e = i;
    if (i >= len)
        return 0;
    while (e < len && buf[e] != '\n' && buf[e] != '\r')
        e++;
    *at = e + ((e + 1 < len && buf[e] == '\r' && buf[e + 1] == '\n') ? 2 : 1);
    while (i < e && (buf[i] == ' ' || buf[i] == '\t'))
        i++;
    while (e > i && (buf[e - 1] == ' ' || buf[e - 1] == '\t'))
        e--;
    *a = i;
    *z = e;
    return 1;
}

#endif
