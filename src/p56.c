/* p56: active speech level by ITU-T P.56 method B (the speech voltmeter of ITU-T
 * G.191's sv-p56), in dBov. */
#include <math.h>
#include <string.h>

#include "p56.h"

#define P56_T 0.03      /* envelope time constant, s */
#define P56_H 0.20      /* hangover, s */
#define P56_M 15.9      /* margin between the active level and its threshold, dB */
#define P56_TINY 1e-20  /* keeps log10() finite, as in G.191 */

/* Threshold j as a fraction of full scale: 2^(j-15), i.e. c_14 = 0.5 down to 2^-15. */
static double threshold(int j)
{
    return ldexp(1.0, j - P56_THRESHOLDS);
}

int p56_init(struct p56_meter *m, double rate)
{
    memset(m, 0, sizeof *m);
    if (!(rate > 0))
        return P56_ERATE;
    m->g = exp(-1.0 / (rate * P56_T));
    m->hangover = lround(P56_H * rate);
    for (int j = 0; j < P56_THRESHOLDS; j++) {
        m->c[j] = threshold(j);
        m->hang[j] = m->hangover;
    }
    return P56_OK;
}

static void feed_one(struct p56_meter *m, double x)
{
    double ax = fabs(x);
    if (ax > m->peak)
        m->peak = ax;
    m->sq += x * x;
    m->n += 1;
    /* The envelope: two exponential smoothing stages of the rectified signal. */
    m->p = m->g * m->p + (1 - m->g) * ax;
    m->q = m->g * m->q + (1 - m->g) * m->p;
    /* A sample is active for threshold j while the envelope is at or over c_j, and
     * for the hangover time after it last was. */
    for (int j = 0; j < P56_THRESHOLDS; j++) {
        if (m->q >= m->c[j]) {
            m->a[j]++;
            m->hang[j] = 0;
        } else if (m->hang[j] < m->hangover) {
            m->a[j]++;
            m->hang[j]++;
        }
    }
}

void p56_feed(struct p56_meter *m, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        feed_one(m, x[i]);
}

void p56_feed_s16(struct p56_meter *m, const int16_t *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        feed_one(m, x[i] / 32768.0);
}

void p56_result(const struct p56_meter *m, struct p56_result *out)
{
    out->level_dbov = P56_SILENT;
    out->activity = 0;
    out->long_term_dbov = m->sq > 0 ? 10 * log10(m->sq / m->n + P56_TINY) : P56_SILENT;
    out->peak_dbfs = m->peak > 0 ? 20 * log10(m->peak) : P56_SILENT;
    if (m->a[0] == 0)
        return;
    /* A_j - C_j falls as j rises; the active level is where it equals the margin. */
    double a_prev = 10 * log10(m->sq / m->a[0] + P56_TINY);
    double c_prev = 20 * log10(threshold(0));
    if (a_prev - c_prev < P56_M)
        return; /* even the lowest threshold is within the margin: too weak */
    for (int j = 1; j < P56_THRESHOLDS; j++) {
        if (m->a[j] == 0)
            break;
        double a = 10 * log10(m->sq / m->a[j] + P56_TINY);
        double c = 20 * log10(threshold(j));
        if (a - c <= P56_M) {
            double d_prev = a_prev - c_prev, d = a - c;
            double t = d_prev > d ? (d_prev - P56_M) / (d_prev - d) : 0;
            out->level_dbov = a_prev + t * (a - a_prev);
            out->activity = pow(10.0, (out->long_term_dbov - out->level_dbov) / 10);
            return;
        }
        a_prev = a;
        c_prev = c;
    }
}

int p56_measure_s16(const int16_t *x, size_t n, double rate, struct p56_result *out)
{
    struct p56_meter m;
    int rc = p56_init(&m, rate);
    if (rc) {
        memset(out, 0, sizeof *out);
        out->level_dbov = out->long_term_dbov = out->peak_dbfs = P56_SILENT;
        return rc;
    }
    p56_feed_s16(&m, x, n);
    p56_result(&m, out);
    return P56_OK;
}

const char *p56_strerror(int status)
{
    switch (status) {
    case P56_OK:
        return "success";
    case P56_ERATE:
        return "sample rate must be positive";
    default:
        return "unknown P.56 error";
    }
}
