/* check: the assertions of the C test programs: CHECK(cond) counts a failure in
 * `failures`, names the file, line and condition on stderr, and goes on, so that one run
 * reports every broken check; CHECKF(cond, fmt, ...) does the same and adds a printf-style
 * message (the values that differed).  main() ends with `return failures ? 1 : 0` or the
 * like. */
#ifndef AUDIOLEAF_TEST_CHECK_H
#define AUDIOLEAF_TEST_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
            failures++;                                                                    \
        }                                                                                  \
    } while (0)

#define CHECKF(cond, ...)                                                                  \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);      \
            fprintf(stderr, __VA_ARGS__);                                                  \
            fputc('\n', stderr);                                                           \
            failures++;                                                                    \
        }                                                                                  \
    } while (0)

#endif
