/* display: printable one-line copies of leaflet text for the terminal. */
#include <string.h>

#include "display.h"

/* Length of the valid UTF-8 sequence at S (1-4), 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    }
    if ((n == 3 && s[0] == 0xE0 && s[1] < 0xA0) || (n == 3 && s[0] == 0xED && s[1] > 0x9F) ||
        (n == 4 && s[0] == 0xF0 && s[1] < 0x90) || (n == 4 && s[0] == 0xF4 && s[1] > 0x8F))
        return 0; /* overlong, surrogate, beyond U+10FFFF */
    return n;
}

void display_clean(const char *src, size_t max, char *dst, size_t len)
{
    size_t o = 0, limit = len - 4; /* room for "..." and the NUL */
    if (max > 0 && max < limit)
        limit = max;
    const unsigned char *s = (const unsigned char *)(src ? src : "");
    while (*s) {
        size_t n = utf8_len(s);
        if (n == 0) {
            s++; /* not UTF-8: dropped */
            continue;
        }
        const char *piece = (const char *)s;
        size_t k = n; /* bytes to copy */
        if (n == 1 && (*s == '\t' || *s == '\n' || *s == '\r'))
            piece = " ";
        else if ((n == 1 && (*s < 0x20 || *s == 0x7F)) || (n == 2 && s[0] == 0xC2 && s[1] < 0xA0))
            k = 0; /* a C0 or C1 control: dropped */
        if (k > 0 && o + k > limit) {
            memcpy(dst + o, "...", 3);
            o += 3;
            break;
        }
        memcpy(dst + o, piece, k);
        o += k;
        s += n;
    }
    dst[o] = '\0';
}
