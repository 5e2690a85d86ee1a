/* test_dtmf: tone sequences made here (any rate, noise, twist, short tones) are
 * detected exactly by the dtmf module; silence and noise give no keys. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmf.h"
#include "check.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif


/* How a test signal is made. */
struct tones {
    const char *keys;
    int rate;
    double on_ms, off_ms;
    double low_dbfs;    /* peak level of the low-group sine, dB re full scale */
    double high_dbfs;   /* peak level of the high-group sine */
    double snr_db;      /* white noise this far below the tone power; 0 = none */
    double freq_error;  /* relative frequency error of both sines, e.g. 0.015 */
    double lead_ms;     /* silence before the first tone */
};

/* The keypad's two frequencies (Q.23). */
static int key_freqs(char k, double *lo, double *hi)
{
    static const char pad[] = "123A456B789C*0#D";
    static const double row[] = {697, 770, 852, 941};
    static const double col[] = {1209, 1336, 1477, 1633};
    const char *p = strchr(pad, k);
    if (!p || !k)
        return -1;
    long i = p - pad;
    *lo = row[i / 4];
    *hi = col[i % 4];
    return 0;
}

/* Deterministic Gaussian noise (xorshift64 + Box-Muller). */
static double gauss(uint64_t *s)
{
    double u[2];
    for (int i = 0; i < 2; i++) {
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        u[i] = ((double)(*s >> 11) + 1.0) / 9007199254740993.0;
    }
    return sqrt(-2.0 * log(u[0])) * cos(2.0 * M_PI * u[1]);
}

/* Make the signal; returns malloc'd samples, *N set. */
static int16_t *make(const struct tones *t, size_t *n)
{
    size_t nk = strlen(t->keys);
    double on = t->on_ms / 1000.0 * t->rate, off = t->off_ms / 1000.0 * t->rate;
    size_t lead = (size_t)(t->lead_ms / 1000.0 * t->rate);
    size_t total = lead + (size_t)((double)nk * (on + off)) + (size_t)t->rate / 5;
    double *x = calloc(total, sizeof *x);
    int16_t *y = malloc(total * sizeof *y);
    if (!x || !y)
        exit(99);
    double a_lo = pow(10.0, t->low_dbfs / 20.0), a_hi = pow(10.0, t->high_dbfs / 20.0);
    for (size_t k = 0; k < nk; k++) {
        double lo, hi;
        if (key_freqs(t->keys[k], &lo, &hi))
            exit(99);
        lo *= 1.0 + t->freq_error;
        hi *= 1.0 + t->freq_error;
        size_t start = lead + (size_t)((double)k * (on + off));
        for (size_t i = 0; i < (size_t)on; i++) {
            double tt = (double)i / t->rate;
            x[start + i] = a_lo * sin(2 * M_PI * lo * tt) + a_hi * sin(2 * M_PI * hi * tt);
        }
    }
    if (t->snr_db > 0) {
        double tone_power = (a_lo * a_lo + a_hi * a_hi) / 2.0;
        double sigma = sqrt(tone_power / pow(10.0, t->snr_db / 10.0));
        uint64_t seed = 0x9e3779b97f4a7c15u;
        for (size_t i = 0; i < total; i++)
            x[i] += sigma * gauss(&seed);
    }
    for (size_t i = 0; i < total; i++) {
        double v = x[i] * 32767.0;
        v = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
        y[i] = (int16_t)lrint(v);
    }
    free(x);
    *n = total;
    return y;
}

/* Run the detector on the signal and return the keys found as a string. */
static void detect(const struct tones *t, char *got, size_t cap, struct dtmf_keys *keys)
{
    size_t n;
    int16_t *s = make(t, &n);
    memset(keys, 0, sizeof *keys);
    int rc = dtmf_find_in_samples(s, n, t->rate, NULL, keys);
    CHECKF(rc == 0, "dtmf_find_in_samples: %s", dtmf_strerror(rc));
    size_t i = 0;
    for (; i < keys->n && i + 1 < cap; i++)
        got[i] = keys->keys[i].key;
    got[i] = '\0';
    free(s);
}

static void expect(const struct tones *t, const char *want, const char *what)
{
    char got[64];
    struct dtmf_keys keys;
    detect(t, got, sizeof got, &keys);
    CHECKF(!strcmp(got, want), "%s at %d Hz: want \"%s\", got \"%s\"", what, t->rate, want, got);
    if (!strcmp(got, want) && want[0])
        printf("ok - %s at %d Hz: \"%s\"\n", what, t->rate, got);
    else if (!strcmp(got, want))
        printf("ok - %s at %d Hz: no keys\n", what, t->rate);
    dtmf_keys_clear(&keys);
}

static const char ALL[] = "1234567890*#ABCD";

static void test_rates(void)
{
    static const int rates[] = {8000, 11025, 16000, 22050, 44100, 48000};
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        struct tones t = {ALL, rates[i], 50, 50, -10, -10, 0, 0, 100};
        expect(&t, ALL, "16 keys, 50 ms tones, 50 ms gaps");
    }
}

static void test_noise(void)
{
    struct tones t = {ALL, 8000, 50, 50, -10, -10, 20, 0, 100};
    expect(&t, ALL, "20 dB SNR white noise");
    t.rate = 48000;
    expect(&t, ALL, "20 dB SNR white noise");
    t.rate = 22050;
    t.snr_db = 15;
    expect(&t, ALL, "15 dB SNR white noise");
}

static void test_twist(void)
{
    /* Normal twist: the low group louder, as after a long line. */
    struct tones t = {ALL, 8000, 50, 50, -10, -16, 0, 0, 100};
    expect(&t, ALL, "6 dB normal twist");
    t.high_dbfs = -14;
    t.rate = 16000;
    expect(&t, ALL, "4 dB normal twist");
    /* Reverse twist: the high group louder, as many phones send. */
    t.low_dbfs = -14;
    t.high_dbfs = -10;
    expect(&t, ALL, "4 dB reverse twist");
    t.low_dbfs = -16;
    t.rate = 8000;
    t.snr_db = 20;
    expect(&t, ALL, "6 dB reverse twist with 20 dB SNR");
    /* Beyond the limits (8 dB either way): no keys. */
    t.snr_db = 0;
    t.low_dbfs = -10;
    t.high_dbfs = -22;
    expect(&t, "", "12 dB normal twist (over the limit)");
    t.low_dbfs = -20;
    t.high_dbfs = -10;
    expect(&t, "", "10 dB reverse twist (over the limit)");
}

static void test_timing(void)
{
    struct tones t = {"4646##55", 8000, 40, 40, -10, -10, 0, 0, 100};
    expect(&t, "4646##55", "40 ms tones, 40 ms gaps (Q.24 minimum), repeats kept apart");
    t.rate = 44100;
    expect(&t, "4646##55", "40 ms tones, 40 ms gaps (Q.24 minimum), repeats kept apart");
    t.on_ms = 20;
    t.off_ms = 80;
    t.rate = 8000;
    expect(&t, "", "20 ms tones (too short to be a key)");
    t.rate = 48000;
    expect(&t, "", "20 ms tones (too short to be a key)");
    /* A 10 ms break inside one long tone is a dropout, not two keys. */
    t.keys = "55";
    t.on_ms = 100;
    t.off_ms = 10;
    t.rate = 8000;
    expect(&t, "5", "a 10 ms break inside a tone");
    /* Long presses. */
    t.keys = "0#";
    t.on_ms = 700;
    t.off_ms = 300;
    expect(&t, "0#", "700 ms presses");
}

static void test_levels(void)
{
    struct tones t = {"123", 8000, 60, 60, -30, -30, 0, 0, 100};
    expect(&t, "123", "weak tones (-30 dBFS each)");
    t.low_dbfs = t.high_dbfs = -55;
    expect(&t, "", "tones under the -42 dBm0 threshold (-55 dBFS each)");
}

/* Q.24 (and spandsp's notes) accept tones within 1.5% and reject them beyond 3.5%.
 * Measured: spandsp takes the twelve keys of a phone at +-1.5%, but misses C and D
 * (1633 Hz) there, so the 16-key check is made at +-1%. */
static void test_frequency_error(void)
{
    static const char PHONE[] = "1234567890*#";
    struct tones t = {PHONE, 8000, 60, 60, -10, -10, 0, 0.015, 100};
    expect(&t, PHONE, "+1.5% frequency error (Q.24 accept)");
    t.freq_error = -0.015;
    expect(&t, PHONE, "-1.5% frequency error (Q.24 accept)");
    t.keys = ALL;
    t.freq_error = 0.01;
    expect(&t, ALL, "+1% frequency error");
    t.freq_error = -0.01;
    expect(&t, ALL, "-1% frequency error");
    t.freq_error = 0.035;
    expect(&t, "", "+3.5% frequency error (Q.24 reject)");
    t.freq_error = -0.035;
    expect(&t, "", "-3.5% frequency error (Q.24 reject)");
}

static void test_silence_and_noise(void)
{
    struct tones t = {"", 8000, 50, 50, -10, -10, 0, 0, 3000};
    expect(&t, "", "3 s of digital silence");
    /* Noise alone: the tone power of -10 dBFS sines at 0 dB SNR is loud noise. */
    t.snr_db = 0.01;
    t.rate = 16000;
    expect(&t, "", "3 s of loud white noise");
}

/* Times point at the tone starts, and streaming in odd chunks changes nothing. */
static void test_times_and_chunks(void)
{
    struct tones t = {"9*0", 22050, 80, 120, -10, -10, 0, 0, 250};
    size_t n;
    int16_t *s = make(&t, &n);
    struct dtmf_keys keys = {0};
    struct dtmf_detector *d;
    int rc = dtmf_detector_new(t.rate, NULL, dtmf_keys_append, &keys, &d);
    CHECKF(rc == 0, "dtmf_detector_new: %s", dtmf_strerror(rc));
    if (rc)
        return;
    size_t pos = 0, step = 1;
    while (pos < n) {
        size_t m = step < n - pos ? step : n - pos;
        CHECKF(dtmf_detector_feed(d, s + pos, m) == 0, "feed");
        pos += m;
        step = step * 7 % 1013 + 1;
    }
    CHECKF(dtmf_detector_finish(d) == 0, "finish");
    CHECKF(dtmf_detector_feed(d, s, 10) == DTMF_EFINISHED, "feeding after the end is refused");
    dtmf_detector_free(d);
    CHECKF(keys.n == 3, "3 keys in odd chunks, got %zu", keys.n);
    for (size_t i = 0; i < keys.n && i < 3; i++) {
        double want = 0.250 + 0.200 * (double)i;
        CHECKF(keys.keys[i].key == t.keys[i], "key %zu: %c", i, keys.keys[i].key);
        CHECKF(fabs(keys.keys[i].time - want) < 0.03, "key %zu at %.3f s, tone starts at %.3f s",
              i, keys.keys[i].time, want);
    }
    if (keys.n == 3)
        printf("ok - fed in odd chunks: times %.3f %.3f %.3f (tones at 0.250 0.450 0.650)\n",
               keys.keys[0].time, keys.keys[1].time, keys.keys[2].time);
    dtmf_keys_clear(&keys);
    free(s);
}

static void test_errors(void)
{
    struct dtmf_detector *d = (void *)&d;
    CHECKF(dtmf_detector_new(100, NULL, NULL, NULL, &d) == DTMF_ERATE && d == NULL,
          "a 100 Hz rate is refused");
    struct dtmf_keys keys = {0};
    char err[256];
    int rc = dtmf_find_in_file("/nonexistent/x.wav", NULL, &keys, err, sizeof err);
    CHECKF(rc == DTMF_EIO && strstr(err, "/nonexistent/x.wav"), "missing file: %d %s", rc, err);
    CHECKF(strcmp(dtmf_strerror(DTMF_ERATE), dtmf_strerror(12345)) != 0, "strerror");
}

int main(void)
{
    test_rates();
    test_noise();
    test_twist();
    test_timing();
    test_levels();
    test_frequency_error();
    test_silence_and_noise();
    test_times_and_chunks();
    test_errors();
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    printf("all DTMF checks passed\n");
    return 0;
}
