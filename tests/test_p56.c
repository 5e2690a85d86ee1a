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

/* P.56's envelope K samples after |x| steps from U0 to U1 (both smoothing stages settled
 * at U0): the closed form of p = g p + (1 - g)|x|, q = g q + (1 - g) p, worked out by hand
 * (not the meter's loop): U1 + (U0 - U1) g^K (1 + K (1 - g)). */
static double envelope_after_step(double u0, double u1, double g, long k)
{
    return u1 + (u0 - u1) * pow(g, (double)k) * (1 + (double)k * (1 - g));
}

/* Samples after a step U0 -> U1 for which the envelope is at or over C, counted from the
 * first (for a rise: those under C, counted from the first, as UNDER is 1). */
static long step_samples(double u0, double u1, double g, double c, int under)
{
    long k = 1;
    while ((envelope_after_step(u0, u1, g, k) < c) == (under != 0))
        k++;
    return k - 1;
}

/* The independent reference: a square wave (|x| constant, so the envelope has no
 * ripple) that is LOUD (-9.6 dBov) for 5 s and QUIET (-27 dBov) for 5 s, three times, at
 * 8 kHz.  Its active level is worked out from P.56's definition: for a threshold c the
 * active samples are those where the envelope is at or over c and the 0.2 s after, so
 * for c_10 = 2^-5 (-30.10 dB, under the quiet part) nearly all, and for c_11 = 2^-4
 * (-24.08 dB, over the quiet part) the loud parts, the envelope's fall into each quiet
 * part and the hangover; the level is where A - C = 15.9 dB, interpolated in dB between
 * those two thresholds.  The quiet part sits between them, so the result moves about
 * 0.8 dB for each dB the margin moves (14.9 dB: -10.30, 12 dB: -9.77, 19 dB: -12.53, all
 * measured by the meter with that margin): it pins the margin where the steady and gated
 * tones above cannot. */
static void test_two_level_reference(void)
{
    const double rate = 8000, loud = pow(10, -9.6 / 20), quiet = pow(10, -27.0 / 20);
    const long part = 5 * 8000, cycles = 3, hang = 1600; /* 0.2 s */
    const double g = exp(-1 / (rate * 0.03));
    size_t n = (size_t)(2 * part * cycles);
    float *x = malloc(n * sizeof *x);
    if (!x)
        exit(99);
    for (size_t i = 0; i < n; i++) {
        double a = (i / (size_t)part) % 2 == 0 ? loud : quiet;
        x[i] = (float)(i % 2 ? -a : a);
    }
    /* What the meter gets: floats, so the power from the same float values. */
    double sq = 0;
    for (size_t i = 0; i < n; i++)
        sq += (double)x[i] * x[i];
    const double c10 = 1.0 / 32, c11 = 1.0 / 16, margin = 15.9;
    /* c_10: every sample but those of the first rise from silence. */
    double n10 = (double)n - (double)step_samples(0, (double)(float)loud, g, c10, 1);
    /* c_11: each loud part less its rise (from silence, then from the quiet part), the
     * fall into the quiet part, then the hangover. */
    double n11 = 0;
    for (long k = 0; k < cycles; k++) {
        double from = k == 0 ? 0 : (double)(float)quiet;
        n11 += (double)part - (double)step_samples(from, (double)(float)loud, g, c11, 1);
        n11 += (double)(step_samples((double)(float)loud, (double)(float)quiet, g, c11, 0) + hang);
    }
    double a10 = 10 * log10(sq / n10), a11 = 10 * log10(sq / n11);
    double d10 = a10 - 20 * log10(c10), d11 = a11 - 20 * log10(c11);
    if (!(d10 > margin && d11 <= margin)) {
        printf("FAIL: the reference signal does not put the level between c_10 and c_11 "
               "(%.2f, %.2f)\n", d10, d11);
        failures++;
    }
    double want = a10 + (d10 - margin) / (d10 - d11) * (a11 - a10);
    struct p56_meter m;
    struct p56_result r;
    p56_init(&m, rate);
    p56_feed(&m, x, n);
    p56_result(&m, &r);
    NEAR(r.level_dbov, want, 0.05, "two-level square wave: active level by hand (P.56)");
    NEAR(r.long_term_dbov, 10 * log10(sq / (double)n), 0.01, "two-level square wave: long-term");
    free(x);
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

    test_two_level_reference();

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
