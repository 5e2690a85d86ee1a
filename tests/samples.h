/* samples: finding one piece of audio inside another, for the tests that check what the
 * player played against what the cache holds, sample for sample. */
#ifndef AUDIOLEAF_TEST_SAMPLES_H
#define AUDIOLEAF_TEST_SAMPLES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Where the N samples NEEDLE first stand in the M samples HAY at or after FROM, or -1. */
static long find_samples(const int16_t *hay, size_t m, const int16_t *needle, size_t n,
                         size_t from)
{
    for (size_t i = from; n > 0 && n <= m && i + n <= m; i++) {
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, n * sizeof *needle))
            return (long)i;
    }
    return -1;
}

#endif
