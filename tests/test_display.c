/* test_display: lines for the terminal keep the text's characters but no C0 or C1 control
 * (U+0080-U+009F), no DEL, no broken UTF-8, one line, cut at a character boundary. */
#include <stdio.h>
#include <string.h>

#include "display.h"
#include "check.h"

static const char *clean(const char *src, size_t max)
{
    static char buf[256];
    display_clean(src, max, buf, sizeof buf);
    return buf;
}

#define SAME(src, max, want)                                                                      \
    do {                                                                                          \
        const char *got_ = clean(src, max);                                                       \
        CHECKF(!strcmp(got_, want), "'%s' gave '%s', not '%s'", #src, got_, want);                \
    } while (0)

int main(void)
{
    SAME("plain words", 0, "plain words");
    SAME("caf\xc3\xa9 \xe2\x80\x93 \xf0\x9f\x98\x80", 0,
         "caf\xc3\xa9 \xe2\x80\x93 \xf0\x9f\x98\x80");
    SAME("a\tb\nc\rd", 0, "a b c d");
    SAME("esc\x1b[2Jape\x07\x7f", 0, "esc[2Jape");
    /* C1: U+0085 (NEL), U+009B (CSI), U+0080 and U+009F; U+00A0 stays. */
    SAME("a\xc2\x85"
         "b\xc2\x9b"
         "31mc\xc2\x80\xc2\x9f"
         "d\xc2\xa0"
         "e",
         0,
         "ab31mcd\xc2\xa0"
         "e");
    /* Not UTF-8: a lone continuation byte, an overlong form, a cut sequence. */
    SAME("x\x80y\xc0\xafz\xe2\x82", 0, "xyz");
    SAME(NULL, 0, "");
    /* Cut at MAX bytes on a character boundary, with "...". */
    SAME("abcdef", 4, "abcd...");
    SAME("ab\xc3\xa9\xc3\xa9", 3, "ab...");
    SAME("ab\xc3\xa9\xc3\xa9", 4, "ab\xc3\xa9...");
    /* What does not fit the buffer is cut the same way. */
    char small[8];
    display_clean("0123456789", 0, small, sizeof small);
    CHECKF(!strcmp(small, "0123..."), "an 8-byte buffer gave '%s'", small);
    if (failures)
        return 1;
    printf("test_display: ok\n");
    return 0;
}
