/* p56: active speech level by ITU-T P.56 method B (the speech voltmeter of ITU-T
 * G.191's sv-p56), in dBov: 0 dBov is the power of a full-scale square wave, so a
 * full-scale sine measures -3.01 dBov. */
#ifndef AUDIOLEAF_P56_H
#define AUDIOLEAF_P56_H

#include <stddef.h>
#include <stdint.h>

enum p56_status {
    P56_OK = 0,
    P56_ERATE = -1, /* sample rate not positive */
};

enum {
    P56_THRESHOLDS = 15, /* thresholds c_j = 2^(j-15) of full scale, j = 0..14 (6.02 dB apart) */
};

/* The level reported when no activity is found (silence, or too weak to measure). */
#define P56_SILENT (-100.0)

/* The meter's state: fill with p56_init(), feed samples, read with p56_result().
 * Plain data, no resources: it can live on the stack and be copied. */
struct p56_meter {
    double g;                     /* envelope smoothing coefficient exp(-1/(rate*0.03 s)) */
    long hangover;                /* I: 0.2 s in samples */
    double p, q;                  /* the two smoothing stages of the envelope */
    double sq;                    /* sum of squares of every sample */
    double n;                     /* samples seen */
    double peak;                  /* largest |x| seen */
    double c[P56_THRESHOLDS];     /* the thresholds c_j */
    double a[P56_THRESHOLDS];     /* activity count for each threshold */
    long hang[P56_THRESHOLDS];    /* samples since the envelope was last over each threshold */
};

/* What the meter found. */
struct p56_result {
    double level_dbov;     /* active speech level, P56_SILENT when there is no activity */
    double activity;       /* activity factor, 0..1 (0 when silent) */
    double long_term_dbov; /* plain power over every sample (P56_SILENT for all zeros) */
    double peak_dbfs;      /* 20 log10 of the largest |sample| (P56_SILENT for all zeros) */
};

/* Start a meter for audio at RATE Hz.  Returns 0, or P56_ERATE. */
int p56_init(struct p56_meter *m, double rate);

/* Measure N samples scaled to full scale = 1.0. */
void p56_feed(struct p56_meter *m, const float *x, size_t n);

/* Measure N 16-bit samples (full scale 32768). */
void p56_feed_s16(struct p56_meter *m, const int16_t *x, size_t n);

/* The level so far: margin 15.9 dB, linear interpolation (in dB) between the two
 * thresholds around it (the exact point the G.191 bisection converges to). */
void p56_result(const struct p56_meter *m, struct p56_result *out);

/* One call: measure N 16-bit samples at RATE Hz into *OUT.  Returns 0 or P56_ERATE. */
int p56_measure_s16(const int16_t *x, size_t n, double rate, struct p56_result *out);

const char *p56_strerror(int status);

#endif
