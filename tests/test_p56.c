/* test_p56: the P.56 active speech level of signals whose level is known by hand:
 * steady and gated sines, gain steps, different rates, silence. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "p56.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static int failures;

#define NEAR(got, want, tol, what)                                                            \
    do {                                                                                      \
        double g_ = (got), w_ = (want);                                                       \
        if (!(fabs(g_ - w_) <= (tol))) {                                                      \
            printf("FAIL %s:%d: %s: got %.3f, want %.3f +- %.3f\n", __FILE__, __LINE__,       \
                   what, g_, w_, (double)(tol));                                              \
            failures++;                                                                       \
        } else {                                                                              \
            printf("ok - %s: %.3f (want %.3f +- %.3f)\n", what, g_, w_, (double)(tol));       \
        }                                                                                     \
    } while (0)

/* BURSTS bursts of a 1 kHz sine of peak AMP, ON seconds each, OFF seconds of silence
 * between and after them, at RATE. */
static int16_t *gated_sine(double amp, double rate, double on, double off, int bursts,
                           size_t *n)
{
    size_t per = (size_t)((on + off) * rate), lit = (size_t)(on * rate);
    *n = per * (size_t)bursts;
    int16_t *x = calloc(*n, sizeof *x);
    if (!x)
        exit(99);
    for (int b = 0; b < bursts; b++)
        for (size_t i = 0; i < lit; i++)
            x[(size_t)b * per + i] =
                (int16_t)lrint(32768.0 * amp * sin(2 * M_PI * 1000.0 * (double)i / rate));
    return x;
}

static struct p56_result measure(const int16_t *x, size_t n, double rate)
{
    struct p56_result r;
    if (p56_measure_s16(x, n, rate, &r) != 0) {
        printf("FAIL: p56_measure_s16 refused rate %g\n", rate);
        failures++;
    }
    return r;
}

int main(void)
{
    size_t n;
    int16_t *x;
    struct p56_result r;

    /* A steady sine of peak 0.1: power 0.005, i.e. 20 log10(0.1 / sqrt 2) = -23.01 dBov. */
    double sine_db = 20 * log10(0.1 / sqrt(2.0));
    x = gated_sine(0.1, 8000, 5.0, 0.0, 1, &n);
    r = measure(x, n, 8000);
    NEAR(r.level_dbov, sine_db, 0.05, "steady sine, peak 0.1, 8 kHz: active level dBov");
    NEAR(r.activity, 1.0, 0.01, "steady sine: activity factor");
    NEAR(r.long_term_dbov, sine_db, 0.02, "steady sine: long-term level");
    NEAR(r.peak_dbfs, -20.0, 0.01, "steady sine: peak dBFS");
    free(x);

    /* Full-scale sine: -3.01 dBov by the definition of dBov (the envelope's first
     * 25 ms under the threshold read +0.02 dB on 5 s). */
    x = gated_sine(32767.0 / 32768.0, 16000, 5.0, 0.0, 1, &n);
    r = measure(x, n, 16000);
    NEAR(r.level_dbov, -3.01, 0.05, "full-scale sine, 16 kHz: active level dBov");
    free(x);

    /* Gated sine, 4 s on and 2 s off: active samples are the 4 s plus the 0.2 s
     * hangover plus the envelope's fall to the threshold 15.9 dB under the level
     * (about 0.08 s for two 30 ms stages), so the level is 10 log10(4 / 4.28) =
     * -0.29 dB from the sine's and the activity about 4.28 / 6 = 0.71, while the
     * plain long-term level is 10 log10(4 / 6) = -1.76 dB from it. */
    x = gated_sine(0.1, 8000, 4.0, 2.0, 3, &n);
    r = measure(x, n, 8000);
    NEAR(r.level_dbov, sine_db - 0.29, 0.1, "gated sine 4 s on, 2 s off: active level");
    NEAR(r.activity, 4.28 / 6.0, 0.02, "gated sine 4 s on, 2 s off: activity");
    NEAR(r.long_term_dbov, sine_db + 10 * log10(4.0 / 6.0), 0.02,
         "gated sine 4 s on, 2 s off: long-term level");
    double gated = r.level_dbov;
    free(x);

    /* The point of an active level: longer pauses do not lower it. */
    x = gated_sine(0.1, 8000, 4.0, 6.0, 3, &n);
    r = measure(x, n, 8000);
    NEAR(r.level_dbov, gated, 0.02, "same bursts, 6 s pauses: active level unchanged");
    NEAR(r.long_term_dbov, sine_db + 10 * log10(4.0 / 10.0), 0.02,
         "same bursts, 6 s pauses: long-term level falls");
    free(x);

    /* Syllable-like bursts (300 ms on, 200 ms off): hangover bridges the pauses, so
     * all is active and the level is the long-term one, 10 log10(0.6) = -2.22 dB. */
    x = gated_sine(0.1, 8000, 0.3, 0.2, 20, &n);
    r = measure(x, n, 8000);
    NEAR(r.level_dbov, sine_db + 10 * log10(0.3 / 0.5), 0.1,
         "300 ms bursts, 200 ms gaps (bridged by the hangover): level");
    free(x);

    /* Gain: 20 dB quieter reads 20 dB lower; the same signal at 48 kHz reads the same. */
    x = gated_sine(0.01, 8000, 4.0, 2.0, 3, &n);
    r = measure(x, n, 8000);
    NEAR(r.level_dbov, gated - 20.0, 0.05, "gated sine 20 dB down: level 20 dB down");
    free(x);
    x = gated_sine(0.1, 48000, 4.0, 2.0, 3, &n);
    r = measure(x, n, 48000);
    NEAR(r.level_dbov, gated, 0.05, "gated sine at 48 kHz: same level as at 8 kHz");
    free(x);

    /* Silence and nothing at all. */
    x = gated_sine(0.0, 8000, 1.0, 1.0, 1, &n);
    r = measure(x, n, 8000);
    NEAR(r.level_dbov, P56_SILENT, 0, "digital silence: no active level");
    NEAR(r.activity, 0, 0, "digital silence: activity 0");
    free(x);
    r = measure(NULL, 0, 8000);
    NEAR(r.level_dbov, P56_SILENT, 0, "no samples: no active level");

    struct p56_meter m;
    if (p56_init(&m, 0) != P56_ERATE) {
        printf("FAIL: a zero rate is accepted\n");
        failures++;
    }
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    return 0;
}
