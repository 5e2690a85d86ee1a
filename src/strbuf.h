/* strbuf: a growing string for the pure core (speech units, speech rules): appends never
 * fail loudly, a failed allocation marks the buffer and the caller checks once at the end. */
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

#endif
