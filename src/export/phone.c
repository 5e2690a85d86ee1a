/* export_phone: a leaflet's cached renders turned into phone-line prompts laid out for
 * Asterisk and FreeSWITCH, with a manifest, a dialplan context and IVR menus. */
#define _GNU_SOURCE /* renameat2() */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <nettle/sha2.h>
#include <soxr.h>
#include <spandsp.h>

#include "announce.h"
#include "cache.h"
#include "export/phone.h"
#include "fileio.h"
#include "leaflet.h"
#include "nav.h"
#include "p56.h"
#include "speech.h"
#include "spoken.h"
#include "voice.h"
#include "wav.h"

/* ---------------------------------------------------------------- audio ---- */

/* The limiter's ceiling, under -3 dBFS by more than half a G.711 step at the top of
 * the range (512 of 32768), so decoded mu-law and A-law stay under -3 dBFS too. */
#define LIMIT_DBFS (-3.5)
#define TRIM_DBFS (-60.0)          /* the render's own silence: quieter than this */
#define LEVEL_TOLERANCE_DB 0.05    /* set the level again after limiting until this close */

/* Resample N samples at RATE to 8 kHz floats (full scale 1.0) with soxr VHQ. */
static int resample(const int16_t *in, size_t n, int rate, float **out, size_t *n_out)
{
    size_t cap = (size_t)((double)n * EXPORT_PHONE_RATE / rate) + 16;
    float *o = malloc(cap * sizeof *o);
    if (!o)
        return EXPORT_PHONE_ENOMEM;
    if (rate == EXPORT_PHONE_RATE) {
        for (size_t i = 0; i < n; i++)
            o[i] = (float)in[i] / 32768.0f;
        *out = o;
        *n_out = n;
        return EXPORT_PHONE_OK;
    }
    soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t q = soxr_quality_spec(SOXR_VHQ, 0);
    size_t idone = 0, odone = 0;
    soxr_error_t err = soxr_oneshot((double)rate, EXPORT_PHONE_RATE, 1, in, n, &idone, o, cap,
                                    &odone, &io, &q, NULL);
    if (err) {
        free(o);
        return EXPORT_PHONE_ERESAMPLE;
    }
    *out = o;
    *n_out = odone;
    return EXPORT_PHONE_OK;
}

/* 2nd-order Butterworth high-pass at EXPORT_PHONE_HIGHPASS_HZ (bilinear transform,
 * RBJ cookbook form), in place, transposed direct form II. */
static void highpass(float *x, size_t n)
{
    double w0 = 2.0 * M_PI * EXPORT_PHONE_HIGHPASS_HZ / EXPORT_PHONE_RATE;
    double alpha = sin(w0) / (2.0 * M_SQRT1_2), c = cos(w0), a0 = 1.0 + alpha;
    double b0 = (1.0 + c) / 2.0 / a0, b1 = -(1.0 + c) / a0, b2 = b0;
    double a1 = -2.0 * c / a0, a2 = (1.0 - alpha) / a0;
    double z1 = 0, z2 = 0;
    for (size_t i = 0; i < n; i++) {
        double in = x[i], y = b0 * in + z1;
        z1 = b1 * in - a1 * y + z2;
        z2 = b2 * in - a2 * y;
        x[i] = (float)y;
    }
}

static double level_of(const float *x, size_t n)
{
    struct p56_meter m;
    struct p56_result r;
    p56_init(&m, EXPORT_PHONE_RATE);
    p56_feed(&m, x, n);
    p56_result(&m, &r);
    return r.level_dbov;
}

/* Y = X * GAIN with a look-ahead peak limiter at CEIL: the gain needed by each
 * sample is reached 2 ms ahead of it (backward pass) and released over 50 ms
 * (forward pass).  Both passes only lower the gain, so |Y| <= CEIL everywhere. */
static void gain_and_limit(const float *x, float *y, double *g, size_t n, double gain,
                           double ceil)
{
    double attack = 1.0 - exp(-1.0 / (EXPORT_PHONE_RATE * 0.002));
    double release = 1.0 - exp(-1.0 / (EXPORT_PHONE_RATE * 0.050));
    for (size_t i = 0; i < n; i++) {
        double a = fabs(x[i]) * gain;
        g[i] = a > ceil ? ceil / a : 1.0;
    }
    for (size_t i = n; i-- > 1;) {
        double up = g[i] + (1.0 - g[i]) * attack;
        if (g[i - 1] > up)
            g[i - 1] = up;
    }
    for (size_t i = 1; i < n; i++) {
        double up = g[i - 1] + (1.0 - g[i - 1]) * release;
        if (g[i] > up)
            g[i] = up;
    }
    for (size_t i = 0; i < n; i++) {
        double v = x[i] * gain * g[i];
        y[i] = (float)(v > ceil ? ceil : v < -ceil ? -ceil : v);
    }
}

static int16_t to_s16(double v)
{
    long s = lrint(v * 32768.0);
    return (int16_t)(s > 32767 ? 32767 : s < -32768 ? -32768 : s);
}

int export_phone_process(const int16_t *in, size_t n, int rate, enum export_phone_codec codec,
                         struct export_phone_audio *out)
{
    memset(out, 0, sizeof *out);
    if (rate <= 0)
        return EXPORT_PHONE_ERESAMPLE;
    float *x = NULL;
    size_t m = 0;
    int rc = resample(in, n, rate, &x, &m);
    if (rc)
        return rc;
    highpass(x, m);

    /* Trim the render's own leading and trailing silence. */
    double trim = pow(10.0, TRIM_DBFS / 20.0);
    size_t first = 0, last = m;
    while (first < m && fabs(x[first]) < trim)
        first++;
    while (last > first && fabs(x[last - 1]) < trim)
        last--;
    size_t len = last - first;
    double level = level_of(x + first, len);
    if (len == 0 || level <= P56_SILENT) {
        free(x);
        return EXPORT_PHONE_ESILENT;
    }

    /* The level is set on the prompt as stored, lead and trail silence included (the
     * P.56 hangover runs into the trail, which matters for short prompts). */
    size_t lead = (size_t)lrint(EXPORT_PHONE_LEAD_S * EXPORT_PHONE_RATE);
    size_t trail = (size_t)lrint(EXPORT_PHONE_TRAIL_S * EXPORT_PHONE_RATE);
    size_t total = lead + len + trail;
    float *y = calloc(total, sizeof *y);
    double *g = malloc(len * sizeof *g);
    int16_t *s = calloc(total, sizeof *s);
    if (!y || !g || !s) {
        free(x);
        free(y);
        free(g);
        free(s);
        return EXPORT_PHONE_ENOMEM;
    }
    /* The limiter lowers the level a little when it works: set the gain again from
     * the limited signal's level (it converges in two or three rounds). */
    double ceil = pow(10.0, LIMIT_DBFS / 20.0);
    double gain = pow(10.0, (EXPORT_PHONE_LEVEL_DBOV - level) / 20.0);
    for (int round = 0; round < 6; round++) {
        gain_and_limit(x + first, y + lead, g, len, gain, ceil);
        double got = level_of(y, total);
        if (fabs(got - EXPORT_PHONE_LEVEL_DBOV) < LEVEL_TOLERANCE_DB)
            break;
        gain *= pow(10.0, (EXPORT_PHONE_LEVEL_DBOV - got) / 20.0);
    }
    for (size_t i = 0; i < total; i++)
        s[i] = to_s16(y[i]);
    free(x);
    free(y);
    free(g);

    /* What the G.711 file will give back when played. */
    for (size_t i = 0; i < total && codec != EXPORT_PHONE_SLIN; i++)
        s[i] = codec == EXPORT_PHONE_ULAW ? ulaw_to_linear(linear_to_ulaw(s[i]))
                                          : alaw_to_linear(linear_to_alaw(s[i]));
    struct p56_result r;
    p56_measure_s16(s, total, EXPORT_PHONE_RATE, &r);
    out->samples = s;
    out->n = total;
    out->level_dbov = r.level_dbov;
    out->peak_dbfs = r.peak_dbfs;
    out->seconds = (double)total / EXPORT_PHONE_RATE;
    return EXPORT_PHONE_OK;
}

void export_phone_audio_free(struct export_phone_audio *a)
{
    free(a->samples);
    memset(a, 0, sizeof *a);
}

unsigned char *export_phone_encode(const int16_t *s, size_t n, enum export_phone_codec codec,
                                   size_t *len)
{
    size_t width = codec == EXPORT_PHONE_SLIN ? 2 : 1;
    unsigned char *b = malloc(n * width + 1);
    if (!b)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (codec == EXPORT_PHONE_ULAW) {
            b[i] = linear_to_ulaw(s[i]);
        } else if (codec == EXPORT_PHONE_ALAW) {
            b[i] = linear_to_alaw(s[i]);
        } else {
            uint16_t u = (uint16_t)s[i];
            b[2 * i] = (unsigned char)(u & 0xff);
            b[2 * i + 1] = (unsigned char)(u >> 8);
        }
    }
    *len = n * width;
    return b;
}

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

unsigned char *export_phone_wav(const int16_t *s, size_t n, size_t *len)
{
    size_t data = n * 2;
    if (data > UINT32_MAX - 44)
        return NULL;
    unsigned char *b = malloc(44 + data);
    if (!b)
        return NULL;
    memcpy(b, "RIFF", 4);
    put_le(b + 4, (uint32_t)(36 + data), 4);
    memcpy(b + 8, "WAVEfmt ", 8);
    put_le(b + 16, 16, 4);                       /* fmt chunk size */
    put_le(b + 20, 1, 2);                        /* PCM */
    put_le(b + 22, 1, 2);                        /* mono */
    put_le(b + 24, EXPORT_PHONE_RATE, 4);
    put_le(b + 28, EXPORT_PHONE_RATE * 2, 4);    /* bytes per second */
    put_le(b + 32, 2, 2);                        /* block align */
    put_le(b + 34, 16, 2);                       /* bits per sample */
    memcpy(b + 36, "data", 4);
    put_le(b + 40, (uint32_t)data, 4);
    size_t pcm_len;
    unsigned char *pcm = export_phone_encode(s, n, EXPORT_PHONE_SLIN, &pcm_len);
    if (!pcm) {
        free(b);
        return NULL;
    }
    memcpy(b + 44, pcm, pcm_len);
    free(pcm);
    *len = 44 + data;
    return b;
}

/* ---------------------------------------------------------------- files ---- */

int export_phone_write_atomic(const char *path, const void *data, size_t len)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp) {
        errno = ENOMEM;
        return EXPORT_PHONE_EIO;
    }
    /* "DIR/.FILE.XXXXXX": hidden, in the same folder so rename() is atomic. */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    snprintf(tmp, plen + 16, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        errno = e;
        return EXPORT_PHONE_EIO;
    }
    int ok = fileio_write_all(fd, data, len) == 0;
    if (ok && fchmod(fd, 0644) != 0)
        ok = 0;
    if (ok && fsync(fd) != 0)
        ok = 0;
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = 0;
        e = errno;
    }
    if (!ok)
        unlink(tmp);
    free(tmp);
    errno = e;
    return ok ? EXPORT_PHONE_OK : EXPORT_PHONE_EIO;
}

void export_phone_name(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    size_t limit = cap - 1 < 48 ? cap - 1 : 48, k = 0;
    for (size_t i = 0; i < n && k < limit; i++) {
        unsigned char c = (unsigned char)base[i];
        char o = isalnum(c) && c < 128 ? (char)tolower(c) : c == '_' ? '_' : '-';
        if (o == '-' && (k == 0 || out[k - 1] == '-'))
            continue;
        out[k++] = o;
    }
    while (k > 0 && out[k - 1] == '-')
        k--;
    out[k] = '\0';
    if (k == 0)
        snprintf(out, cap, "leaflet");
}

/* A growing text buffer; a failed allocation is remembered and reported at the end. */
struct sbuf {
    char *s;
    size_t n, cap;
    int failed;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int w = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        if (w < 0) {
            b->failed = 1;
            return;
        }
        if (b->s && b->n + (size_t)w < b->cap) {
            b->n += (size_t)w;
            return;
        }
        size_t cap = (b->cap ? b->cap * 2 : 4096) + (size_t)w;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
}

/* -------------------------------------------------------------- prompts ---- */

/* The words only the phone line says, per language; what the player says too (level
 * names, ends, pause, where am I) comes from announce, so both say the same. */
struct prompt_words {
    const char *welcome;        /* %s: the title */
    const char *welcome_short;  /* %s: the title */
    const char *invalid, *timeout, *goodbye, *help;
    const char *end_keys;       /* after "End of leaflet." */
    const char *paused_keys;    /* after "Paused." */
    const char *where_updated;  /* %s: the "last updated" line */
};

static const struct prompt_words WORDS_EN = {
    .welcome = "Welcome. This is the spoken leaflet: %s. Press 6 for the next part, 4 for "
               "the one before, and 5 to hear a part again. Press star at any time for "
               "help.",
    .welcome_short = "%s. From the start.",
    .invalid = "That key does nothing here. Press star for help.",
    .timeout = "Press 5 to listen again, 6 for the next part, or star for help.",
    .goodbye = "Thank you for listening. Goodbye.",
    .help = "The keys are: 6, next part. 4, the part before. 5, repeat. 1, back to the "
            "start. 3, the questions to ask. 2, move by section. 8, move by item. 0, "
            "pause. Hash, where you are. Star, this help.",
    .end_keys = "Press 1 to start again, 3 for the questions to ask, or star for help.",
    .paused_keys = "Press 0 to go on.",
    .where_updated = "The end of the leaflet. %s",
};

static const struct prompt_words WORDS_ES = {
    .welcome = "Bienvenido. Este es el folleto hablado: %s. Pulse 6 para la parte siguiente, "
               "4 para la anterior y 5 para volver a escuchar una parte. Pulse asterisco en "
               "cualquier momento para obtener ayuda.",
    .welcome_short = "%s. Desde el principio.",
    .invalid = "Esa tecla no hace nada aquí. Pulse asterisco para obtener ayuda.",
    .timeout = "Pulse 5 para volver a escuchar, 6 para la parte siguiente o asterisco para "
               "obtener ayuda.",
    .goodbye = "Gracias por escuchar. Adiós.",
    .help = "Las teclas son: 6, parte siguiente. 4, parte anterior. 5, repetir. 1, volver al "
            "principio. 3, las preguntas para su médico. 2, avanzar por secciones. 8, avanzar "
            "por elementos. 0, pausa. Almohadilla, dónde está. Asterisco, esta ayuda.",
    .end_keys = "Pulse 1 para empezar de nuevo, 3 para las preguntas o asterisco para "
                "obtener ayuda.",
    .paused_keys = "Pulse 0 para continuar.",
    .where_updated = "El final del folleto. %s",
};

static const struct prompt_words WORDS_SW = {
    .welcome = "Karibu. Hiki ni kipeperushi kinachosomwa kwa sauti: %s. Bonyeza 6 kwa sehemu "
               "inayofuata, 4 kwa iliyotangulia, na 5 kusikiliza sehemu tena. Bonyeza nyota "
               "wakati wowote kupata msaada.",
    .welcome_short = "%s. Kutoka mwanzo.",
    .invalid = "Kitufe hicho hakifanyi kitu hapa. Bonyeza nyota kupata msaada.",
    .timeout = "Bonyeza 5 kusikiliza tena, 6 kwa sehemu inayofuata, au nyota kupata msaada.",
    .goodbye = "Asante kwa kusikiliza. Kwaheri.",
    .help = "Vitufe ni: 6, sehemu inayofuata. 4, sehemu iliyotangulia. 5, rudia. 1, rudi "
            "mwanzo. 3, maswali ya kuuliza. 2, songa kwa sehemu. 8, songa kwa kipengele. 0, "
            "simamisha. Alama ya reli, mahali ulipo. Nyota, msaada huu.",
    .end_keys = "Bonyeza 1 kuanza tena, 3 kwa maswali ya kuuliza, au nyota kupata msaada.",
    .paused_keys = "Bonyeza 0 kuendelea.",
    .where_updated = "Mwisho wa kipeperushi. %s",
};

/* One file to make: its id (without the leaflet name), the text spoken, and for units
 * the unit it plays. */
struct prompt {
    char id[64];          /* "s03", "s07-q02", "welcome", "where-s03" */
    char *text;           /* owned; NULL for "where" until the units are measured */
    long unit;            /* index of the unit it plays, -1 for menu prompts */
    long where;           /* index of the unit a "where am I" prompt is about, else -1 */
};

struct plan {
    struct prompt *p;
    size_t n, cap;
};

/* Drop a '.' that follows '?' or '!' ("Calcification?." -> "Calcification?"), in place:
 * a heading ending in a question mark, put before ". From the start", reads once. */
static void tidy_punctuation(char *s)
{
    char *o = s;
    for (const char *i = s; *i; i++)
        if (!(*i == '.' && o > s && (o[-1] == '?' || o[-1] == '!')))
            *o++ = *i;
    *o = '\0';
}

static int plan_add(struct plan *pl, const char *id, char *text, long unit, long where)
{
    if (!text && where < 0)
        return EXPORT_PHONE_ENOMEM;
    if (pl->n == pl->cap) {
        size_t cap = pl->cap ? pl->cap * 2 : 64;
        struct prompt *p = realloc(pl->p, cap * sizeof *p);
        if (!p) {
            free(text);
            return EXPORT_PHONE_ENOMEM;
        }
        pl->p = p;
        pl->cap = cap;
    }
    struct prompt *q = &pl->p[pl->n++];
    if (text)
        tidy_punctuation(text);
    snprintf(q->id, sizeof q->id, "%s", id);
    q->text = text;
    q->unit = unit;
    q->where = where;
    return EXPORT_PHONE_OK;
}

static void plan_free(struct plan *pl)
{
    for (size_t i = 0; i < pl->n; i++)
        free(pl->p[i].text);
    free(pl->p);
}

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* The file id of a speech unit: "s3" -> "s03", "s7.q2" -> "s07-q02", "s7.p3" -> "s07-p03",
 * else the id with other characters as '-'. */
static void unit_file_id(const char *uid, char *out, size_t cap)
{
    unsigned s, q;
    char tail;
    if (sscanf(uid, "s%u.q%u%c", &s, &q, &tail) == 2)
        snprintf(out, cap, "s%02u-q%02u", s, q);
    else if (sscanf(uid, "s%u.p%u%c", &s, &q, &tail) == 2)
        snprintf(out, cap, "s%02u-p%02u", s, q);
    else if (sscanf(uid, "s%u%c", &s, &tail) == 1)
        snprintf(out, cap, "s%02u", s);
    else
        export_phone_name(uid, out, cap);
}

/* The section-level units: the sections, not list items nor the paragraphs written after
 * them, nor the final "last updated" line (6 by item reaches it; by section it is not a
 * part of its own, so 6 from the last section says "last section", as "where am I" counts
 * N of N sections). */
static int is_section_level(const struct speech_unit *u)
{
    return u->kind == SPEECH_UNIT_SECTION;
}

/* An announcement of the player (announce.c) as a new string; NULL when out of memory. */
static char *announcement(const char *language, enum nav_say say, const long *args,
                          const char *heading)
{
    struct nav_effect fx = {.kind = NAV_FX_SAY, .say = say};
    for (int i = 0; args && i < 6; i++)
        fx.arg[i] = args[i];
    char buf[1024];
    announce_text(language, &fx, heading, buf, sizeof buf);
    return strdup(buf);
}

static const struct prompt_words *words_for(const char *language)
{
    const char *code = announce_language(language);
    return !strcmp(code, "es") ? &WORDS_ES : !strcmp(code, "sw") ? &WORDS_SW : &WORDS_EN;
}

/* The files to make: every unit, the menu prompts, and a "where am I" for every unit
 * (its text made once the units' lengths are known, see where_text()). */
static int make_plan(const struct leaflet *lf, const struct speech_script *sc,
                     const char *language, const struct speech_lexicon *lex, struct plan *pl)
{
    const struct prompt_words *w = words_for(language);
    const char *title = lf->title ? lf->title : "";
    int rc = 0;
    char id[64];
    for (size_t i = 0; i < sc->n_units && !rc; i++) {
        unit_file_id(sc->units[i].id, id, sizeof id);
        rc = plan_add(pl, id, strdup(sc->units[i].text), (long)i, -1);
    }
    long sections[6] = {NAV_LEVEL_SECTION}, items[6] = {NAV_LEVEL_ITEM};
    char *end = announcement(language, NAV_SAY_END, NULL, NULL);
    char *paused = announcement(language, NAV_SAY_PAUSED, NULL, NULL);
    struct {
        const char *id;
        char *raw;
    } menu[] = {
        {"welcome", format(w->welcome, title)},
        {"welcome-short", format(w->welcome_short, title)},
        {"invalid", strdup(w->invalid)},
        {"timeout", strdup(w->timeout)},
        {"goodbye", strdup(w->goodbye)},
        {"help", strdup(w->help)},
        {"end", end ? format("%s %s", end, w->end_keys) : NULL},
        {"paused", paused ? format("%s %s", paused, w->paused_keys) : NULL},
        {"level-sections", announcement(language, NAV_SAY_LEVEL, sections, NULL)},
        {"level-items", announcement(language, NAV_SAY_LEVEL, items, NULL)},
        {"first-section", announcement(language, NAV_SAY_FIRST_SECTION, NULL, NULL)},
        {"last-section", announcement(language, NAV_SAY_LAST_SECTION, NULL, NULL)},
        {"first-item", announcement(language, NAV_SAY_FIRST_ITEM, NULL, NULL)},
        {"last-item", announcement(language, NAV_SAY_LAST_ITEM, NULL, NULL)},
        {"noquestions", announcement(language, NAV_SAY_NO_QUESTIONS, NULL, NULL)},
    };
    free(end);
    free(paused);
    for (size_t i = 0; i < sizeof menu / sizeof menu[0]; i++) {
        char *text = menu[i].raw && !rc ? speech_text(menu[i].raw, language, lex) : NULL;
        free(menu[i].raw);
        if (!rc)
            rc = plan_add(pl, menu[i].id, text, -1, -1);
    }
    for (size_t i = 0; i < sc->n_units && !rc; i++) {
        unit_file_id(sc->units[i].id, id, sizeof id);
        char wid[80];
        snprintf(wid, sizeof wid, "where-%s", id);
        rc = plan_add(pl, wid, NULL, -1, (long)i);
    }
    return rc;
}

/* "Where am I" for unit K, as the player says it (section N of M, heading, item, time
 * left); SECONDS_LEFT is the length of units K to the end.  NULL when out of memory. */
static char *where_text(const struct leaflet *lf, const struct speech_script *sc, size_t k,
                        double seconds_left, const char *language,
                        const struct speech_lexicon *lex)
{
    const struct speech_unit *u = &sc->units[k];
    char *raw;
    if (u->kind == SPEECH_UNIT_UPDATED) {
        raw = format(words_for(language)->where_updated,
                     lf->updated_line ? lf->updated_line : "");
    } else {
        const struct leaflet_section *s = &lf->sections[u->section];
        long args[6] = {(long)u->section, (long)lf->n_sections,
                        u->kind == SPEECH_UNIT_ITEM ? (long)u->item + 1 : 0,
                        (long)s->n_items, lround(seconds_left), (long)k};
        raw = announcement(language, NAV_SAY_WHERE, args, s->heading);
    }
    char *text = raw ? speech_text(raw, language, lex) : NULL;
    free(raw);
    if (text)
        tidy_punctuation(text);
    return text;
}

/* ------------------------------------------------------------ dialplans ---- */

/* Where 6 and 4 lead from unit K (0-based): "uN", or the extensions that announce the
 * first or last section (firsts, lasts) or item (firsti, lasti). */
struct nav_targets {
    char next_s[24], prev_s[24], next_i[24], prev_i[24];
};

static void nav_of(const struct speech_script *sc, size_t k, struct nav_targets *nv)
{
    size_t n = sc->n_units;
    if (k + 1 < n)
        snprintf(nv->next_i, sizeof nv->next_i, "u%zu", k + 2);
    else
        snprintf(nv->next_i, sizeof nv->next_i, "lasti");
    if (k > 0)
        snprintf(nv->prev_i, sizeof nv->prev_i, "u%zu", k);
    else
        snprintf(nv->prev_i, sizeof nv->prev_i, "firsti");
    snprintf(nv->next_s, sizeof nv->next_s, "lasts");
    for (size_t j = k + 1; j < n; j++) {
        if (is_section_level(&sc->units[j])) {
            snprintf(nv->next_s, sizeof nv->next_s, "u%zu", j + 1);
            break;
        }
    }
    /* The section this unit is in starts at the last section-level unit <= k; the one
     * before starts at the last section-level unit before that. */
    size_t start = k;
    while (start > 0 && !is_section_level(&sc->units[start]))
        start--;
    snprintf(nv->prev_s, sizeof nv->prev_s, "firsts");
    for (size_t j = start; j-- > 0;) {
        if (is_section_level(&sc->units[j])) {
            snprintf(nv->prev_s, sizeof nv->prev_s, "u%zu", j + 1);
            break;
        }
    }
}

/* The unit (1-based) key 3 goes to, or 0 when the leaflet has no questions list. */
static size_t questions_unit(const struct leaflet *lf, const struct speech_script *sc)
{
    long q = leaflet_questions_section(lf);
    if (q < 0)
        return 0;
    for (size_t i = 0; i < sc->n_units; i++)
        if (sc->units[i].kind != SPEECH_UNIT_UPDATED && sc->units[i].section == (size_t)q)
            return i + 1;
    return 0;
}

/* Asterisk: the lines of extension EXTEN (NULL: the next priorities of the one being
 * written) that play prompt FILE and wait for a key, a key press counting afresh. */
static void prompt_then_wait(struct sbuf *b, const char *name, const char *exten,
                             const char *file)
{
    if (exten)
        sb_printf(b, "exten => %s,1,Set(AL_TRIES=0)\n", exten);
    else
        sb_printf(b, " same => n,Set(AL_TRIES=0)\n");
    sb_printf(b,
              " same => n,Background(audioleaf/%s-%s)\n"
              " same => n,Goto(audioleaf-%s,wait,1)\n",
              name, file, name);
}

/* Asterisk: one context [audioleaf-NAME]; the caller's place is AL_UNIT (1-based, 0
 * before the first unit: during the welcome and "from the start") and
 * AL_LEVEL ("s" sections, "i" items); extensions uK play unit K and go on to the
 * next, nsK/psK/niK/piK are the 6 and 4 targets, wK says where unit K is.  Every
 * wait for a key is WaitExten(8) with up to three re-prompts from 't', then goodbye. */
static void asterisk_dialplan(struct sbuf *b, const char *name, const char *language,
                              const struct leaflet *lf, const struct speech_script *sc)
{
    size_t n = sc->n_units, q = questions_unit(lf, sc);
    sb_printf(b,
              "; audioleaf %s: phone menu for the leaflet '%s'.\n; Generated by "
              "'audioleaf export': export again rather than editing.\n; Sounds: "
              "sounds/%s/audioleaf/%s-*.\n; Keys: 6 next, 4 previous, 5 repeat, 1 start, "
              "3 questions, 2 by section, 8 by\n; item, 0 pause, * help, # where am "
              "I.\n; Send a call here with Goto(audioleaf-%s,s,1).\n\n",
              AUDIOLEAF_VERSION, name, language, name, name);
    sb_printf(b, "[audioleaf-%s]\n", name);
    sb_printf(b,
              "exten => s,1,Answer()\n"
              " same => n,Set(CHANNEL(language)=%s)\n"
              " same => n,Set(TIMEOUT(digit)=2)\n"
              " same => n,Set(AL_LEVEL=s)\n"
              " same => n,Set(AL_UNIT=0)\n"
              " same => n,Set(AL_TRIES=0)\n"
              " same => n,Background(audioleaf/%s-welcome)\n"
              " same => n,Goto(audioleaf-%s,u1,1)\n\n",
              language, name, name);
    sb_printf(b, "; Keys.\n");
    sb_printf(b,
              "exten => 1,1,Set(AL_UNIT=0)\n"
              " same => n,Set(AL_TRIES=0)\n"
              " same => n,Background(audioleaf/%s-welcome-short)\n"
              " same => n,Goto(audioleaf-%s,u1,1)\n",
              name, name);
    sb_printf(b, "exten => 2,1,Set(AL_LEVEL=s)\n");
    prompt_then_wait(b, name, NULL, "level-sections");
    if (q)
        sb_printf(b, "exten => 3,1,Goto(audioleaf-%s,u%zu,1)\n", name, q);
    else
        prompt_then_wait(b, name, "3", "noquestions");
    sb_printf(b,
              "exten => 4,1,Goto(audioleaf-%s,p${AL_LEVEL}${AL_UNIT},1)\n"
              "exten => 5,1,Goto(audioleaf-%s,u${AL_UNIT},1)\n"
              "exten => 6,1,Goto(audioleaf-%s,n${AL_LEVEL}${AL_UNIT},1)\n"
              "exten => 7,1,Goto(audioleaf-%s,i,1)\n",
              name, name, name, name);
    sb_printf(b, "exten => 8,1,Set(AL_LEVEL=i)\n");
    prompt_then_wait(b, name, NULL, "level-items");
    sb_printf(b,
              "exten => 9,1,Goto(audioleaf-%s,i,1)\n"
              "exten => 0,1,Goto(audioleaf-%s-paused,s,1)\n",
              name, name);
    prompt_then_wait(b, name, "*", "help");
    sb_printf(b, "exten => #,1,Goto(audioleaf-%s,w${AL_UNIT},1)\n\n", name);
    sb_printf(b, "; Waiting for a key: 8 s, then up to three re-prompts, then goodbye.\n");
    sb_printf(b,
              "exten => wait,1,WaitExten(8)\n"
              "exten => t,1,Set(AL_TRIES=$[${AL_TRIES} + 1])\n"
              " same => n,GotoIf($[${AL_TRIES} > 3]?audioleaf-%s,bye,1)\n"
              " same => n,Background(audioleaf/%s-timeout)\n"
              " same => n,Goto(audioleaf-%s,wait,1)\n"
              "exten => bye,1,Playback(audioleaf/%s-goodbye)\n"
              " same => n,Hangup()\n",
              name, name, name, name);
    prompt_then_wait(b, name, "i", "invalid");
    prompt_then_wait(b, name, "firsts", "first-section");
    prompt_then_wait(b, name, "lasts", "last-section");
    prompt_then_wait(b, name, "firsti", "first-item");
    prompt_then_wait(b, name, "lasti", "last-item");
    prompt_then_wait(b, name, "end", "end");
    sb_printf(b, "\n; The leaflet, one unit after another.\n");
    char id[64];
    for (size_t k = 0; k < n; k++) {
        unit_file_id(sc->units[k].id, id, sizeof id);
        sb_printf(b,
                  "exten => u%zu,1,Set(AL_UNIT=%zu)\n"
                  " same => n,Set(AL_TRIES=0)\n"
                  " same => n,Background(audioleaf/%s-%s)\n",
                  k + 1, k + 1, name, id);
        if (k + 1 < n)
            sb_printf(b, " same => n,Goto(audioleaf-%s,u%zu,1)\n", name, k + 2);
        else
            sb_printf(b, " same => n,Goto(audioleaf-%s,end,1)\n", name);
    }
    sb_printf(b,
              "\n; Before the first unit (the welcome, \"from the start\"): 6 and 5 go to the\n"
              "; first unit, 4 says it is the first, # says where the first unit is.\n"
              "exten => u0,1,Goto(audioleaf-%s,u1,1)\n"
              "exten => ns0,1,Goto(audioleaf-%s,u1,1)\n"
              "exten => ni0,1,Goto(audioleaf-%s,u1,1)\n"
              "exten => ps0,1,Goto(audioleaf-%s,firsts,1)\n"
              "exten => pi0,1,Goto(audioleaf-%s,firsti,1)\n"
              "exten => w0,1,Goto(audioleaf-%s,w1,1)\n",
              name, name, name, name, name, name);
    sb_printf(b, "\n; Where am I, and where 6 and 4 lead, for each unit.\n");
    for (size_t k = 0; k < n; k++) {
        struct nav_targets nv;
        nav_of(sc, k, &nv);
        unit_file_id(sc->units[k].id, id, sizeof id);
        char ext[32], file[96];
        snprintf(ext, sizeof ext, "w%zu", k + 1);
        snprintf(file, sizeof file, "where-%s", id);
        prompt_then_wait(b, name, ext, file);
        sb_printf(b,
                  "exten => ns%zu,1,Goto(audioleaf-%s,%s,1)\n"
                  "exten => ps%zu,1,Goto(audioleaf-%s,%s,1)\n"
                  "exten => ni%zu,1,Goto(audioleaf-%s,%s,1)\n"
                  "exten => pi%zu,1,Goto(audioleaf-%s,%s,1)\n",
                  k + 1, name, nv.next_s, k + 1, name, nv.prev_s, k + 1, name, nv.next_i,
                  k + 1, name, nv.prev_i);
    }
    /* Paused: its own context, not including the main one, so that WaitExten's timeout
     * (which goes on at the next priority of s when there is one) stays here. */
    sb_printf(b,
              "\n; Paused: 0 goes on from the start of the unit; the other keys work as above.\n"
              "; 60 s without a key says \"Paused\" again, three times, then goodbye.\n"
              "[audioleaf-%s-paused]\n"
              "exten => s,1,Set(AL_TRIES=0)\n"
              " same => n(again),Background(audioleaf/%s-paused)\n"
              " same => n,WaitExten(60)\n"
              " same => n,Goto(audioleaf-%s-paused,t,1)\n"
              "exten => 0,1,Goto(audioleaf-%s,u${AL_UNIT},1)\n",
              name, name, name, name);
    static const char *const keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        sb_printf(b, "exten => %s,1,Goto(audioleaf-%s,%s,1)\n", keys[i], name, keys[i]);
    sb_printf(b,
              "exten => i,1,Background(audioleaf/%s-invalid)\n"
              " same => n,Goto(audioleaf-%s-paused,s,again)\n"
              "exten => t,1,Set(AL_TRIES=$[${AL_TRIES} + 1])\n"
              " same => n,GotoIf($[${AL_TRIES} > 3]?audioleaf-%s,bye,1)\n"
              " same => n,Goto(audioleaf-%s-paused,s,again)\n",
              name, name, name, name);
}

/* FreeSWITCH: the key entries every menu has.  They transfer to extensions of the
 * context audioleaf-NAME (freeswitch/dialplan_audioleaf.xml), which keep the caller's
 * place in the channel variables al_unit and al_level. */
static void fs_entries(struct sbuf *b, const char *name, int paused)
{
    static const struct {
        const char *digits;
        const char *target;
    } keys[] = {
        {"1", "start"},  {"2", "level-s"}, {"3", "questions"},
        {"4", "p${al_level}${al_unit}"},   {"5", "u${al_unit}"},
        {"6", "n${al_level}${al_unit}"},   {"7", "invalid"},
        {"8", "level-i"}, {"9", "invalid"}, {"0", "pause"},
        {"*", "help"},   {"#", "w${al_unit}"}, {"A", "invalid"},
        {"B", "invalid"}, {"C", "invalid"}, {"D", "invalid"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *t = paused && !strcmp(keys[i].digits, "0") ? "u${al_unit}" : keys[i].target;
        sb_printf(b,
                  "    <entry action=\"menu-exec-app\" digits=\"%s\" "
                  "param=\"transfer audioleaf-%s-%s XML audioleaf-%s\"/>\n",
                  keys[i].digits, name, t, name);
    }
}

/* A menu: GREET is played (digits break in), then TIMEOUT_MS are waited; WAITING menus
 * re-prompt with the timeout prompt three times before the menu ends. */
static void fs_menu(struct sbuf *b, const char *name, const char *menu, const char *greet,
                    int waiting, int timeout_ms, int paused)
{
    sb_printf(b, "  <menu name=\"audioleaf-%s-%s\"\n        greet-long=\"audioleaf/%s-%s.wav\"\n",
              name, menu, name, greet);
    if (waiting)
        sb_printf(b, "        greet-short=\"audioleaf/%s-%s.wav\"\n", name,
                  paused ? "paused" : "timeout");
    sb_printf(b,
              "        invalid-sound=\"audioleaf/%s-invalid.wav\"\n"
              "        timeout=\"%d\" inter-digit-timeout=\"2000\" digit-len=\"1\"\n"
              "        max-failures=\"3\" max-timeouts=\"%d\">\n",
              name, timeout_ms, waiting ? 4 : 1);
    fs_entries(b, name, paused);
    sb_printf(b, "  </menu>\n");
}

static void freeswitch_menus(struct sbuf *b, const char *name, const struct speech_script *sc)
{
    sb_printf(b,
              "<!-- audioleaf %s: IVR menus for the leaflet '%s'.\n     Generated by "
              "'audioleaf export': export again rather than editing.\n     Goes in "
              "conf/ivr_menus/; the extensions are in dialplan_audioleaf.xml. -->\n"
              "<include>\n",
              AUDIOLEAF_VERSION, name);
    /* Units: played through, then 1 s for a key before the dialplan moves on. */
    fs_menu(b, name, "welcome", "welcome", 0, 1000, 0);
    fs_menu(b, name, "start", "welcome-short", 0, 1000, 0);
    char id[64], menu[80];
    for (size_t k = 0; k < sc->n_units; k++) {
        unit_file_id(sc->units[k].id, id, sizeof id);
        snprintf(menu, sizeof menu, "u%zu", k + 1);
        fs_menu(b, name, menu, id, 0, 1000, 0);
    }
    /* Prompts that wait for a key: 8 s, three re-prompts, then the dialplan says goodbye. */
    static const char *const waits[][2] = {
        {"help", "help"},     {"invalid", "invalid"},   {"level-s", "level-sections"},
        {"level-i", "level-items"}, {"firsts", "first-section"},
        {"lasts", "last-section"},  {"firsti", "first-item"},
        {"lasti", "last-item"},     {"end", "end"},
        {"noquestions", "noquestions"},
    };
    for (size_t i = 0; i < sizeof waits / sizeof waits[0]; i++)
        fs_menu(b, name, waits[i][0], waits[i][1], 1, 8000, 0);
    fs_menu(b, name, "pause", "paused", 1, 60000, 1);
    for (size_t k = 0; k < sc->n_units; k++) {
        unit_file_id(sc->units[k].id, id, sizeof id);
        char where[80];
        snprintf(menu, sizeof menu, "w%zu", k + 1);
        snprintf(where, sizeof where, "where-%s", id);
        fs_menu(b, name, menu, where, 1, 8000, 0);
    }
    sb_printf(b, "</include>\n");
}

/* FreeSWITCH: the actions that play the leaflet from unit K (1-based) to its end, then
 * "end of leaflet" and, without a key, goodbye.  One extension, no transfer: a call that
 * just listens spends none of FreeSWITCH's transfer budget. */
static void fs_play_from(struct sbuf *b, const char *name, size_t k, size_t n)
{
    for (size_t u = k; u <= n; u++)
        sb_printf(b,
                  "        <action application=\"set\" data=\"al_unit=%zu\"/>\n"
                  "        <action application=\"ivr\" data=\"audioleaf-%s-u%zu\"/>\n",
                  u, name, u);
    sb_printf(b,
              "        <action application=\"ivr\" data=\"audioleaf-%s-end\"/>\n"
              "        <action application=\"playback\" data=\"audioleaf/%s-goodbye.wav\"/>\n"
              "        <action application=\"hangup\"/>\n",
              name, name);
}

static void fs_ext_open(struct sbuf *b, const char *name, const char *ext)
{
    sb_printf(b,
              "    <extension name=\"audioleaf-%s-%s\">\n"
              "      <condition field=\"destination_number\" expression=\"^audioleaf-%s-%s$\">\n",
              name, ext, name, ext);
}

static void fs_ext_close(struct sbuf *b)
{
    sb_printf(b, "      </condition>\n    </extension>\n");
}

/* An extension EXT that goes to TARGET: "uN" plays from unit N (run in place with
 * execute_extension, so no transfer is spent), else the waiting menu TARGET. */
static void fs_goto(struct sbuf *b, const char *name, const char *ext, const char *target)
{
    fs_ext_open(b, name, ext);
    if (target[0] == 'u')
        sb_printf(b,
                  "        <action application=\"execute_extension\" "
                  "data=\"audioleaf-%s-%s XML audioleaf-%s\"/>\n",
                  name, target, name);
    else
        sb_printf(b,
                  "        <action application=\"ivr\" data=\"audioleaf-%s-%s\"/>\n"
                  "        <action application=\"playback\" "
                  "data=\"audioleaf/%s-goodbye.wav\"/>\n"
                  "        <action application=\"hangup\"/>\n",
                  name, target, name);
    fs_ext_close(b);
}

/* FreeSWITCH: the context audioleaf-NAME.  The caller's place is al_unit (1-based, 0
 * before the first unit) and al_level; each key press is one transfer (a menu-exec-app
 * entry), to an extension that plays on in place.  The entry sets ivr_menu_terminator
 * to a character no keypad sends, so '#' reaches the menus as a key, and
 * max_session_transfers to EXPORT_PHONE_FS_TRANSFERS, the keys a call may press. */
static void freeswitch_dialplan(struct sbuf *b, const char *name, const char *sounds,
                                const struct leaflet *lf, const struct speech_script *sc)
{
    size_t n = sc->n_units, q = questions_unit(lf, sc);
    sb_printf(b,
              "<!-- audioleaf %s: dialplan for the leaflet '%s'.\n     Generated by "
              "'audioleaf export': export again rather than editing.\n     Goes in "
              "conf/dialplan/; send a call here with\n     "
              "<action application=\"transfer\" data=\"audioleaf-%s XML audioleaf-%s\"/>. "
              "-->\n<include>\n  <context name=\"audioleaf-%s\">\n",
              AUDIOLEAF_VERSION, name, name, name, name);
    /* The entry: "audioleaf-NAME" itself. */
    sb_printf(b,
              "    <extension name=\"audioleaf-%s\">\n"
              "      <condition field=\"destination_number\" expression=\"^audioleaf-%s$\">\n"
              "        <action application=\"answer\"/>\n"
              "        <action application=\"set\" data=\"sound_prefix=$${sounds_dir}/%s\"/>\n"
              "        <action application=\"set\" data=\"ivr_menu_terminator=none\"/>\n"
              "        <action application=\"set\" data=\"max_session_transfers=%d\"/>\n"
              "        <action application=\"set\" data=\"al_level=s\"/>\n"
              "        <action application=\"set\" data=\"al_unit=0\"/>\n"
              "        <action application=\"ivr\" data=\"audioleaf-%s-welcome\"/>\n",
              name, name, sounds, EXPORT_PHONE_FS_TRANSFERS, name);
    fs_play_from(b, name, 1, n);
    fs_ext_close(b);
    fs_ext_open(b, name, "start");
    sb_printf(b,
              "        <action application=\"set\" data=\"al_unit=0\"/>\n"
              "        <action application=\"ivr\" data=\"audioleaf-%s-start\"/>\n",
              name);
    fs_play_from(b, name, 1, n);
    fs_ext_close(b);
    char ext[32], target[32];
    for (size_t k = 1; k <= n; k++) {
        snprintf(ext, sizeof ext, "u%zu", k);
        fs_ext_open(b, name, ext);
        fs_play_from(b, name, k, n);
        fs_ext_close(b);
    }
    fs_goto(b, name, "u0", "u1");
    /* Waiting menus: when they end without a key, goodbye. */
    static const char *const waits[] = {"help",   "invalid", "firsts", "lasts",      "firsti",
                                        "lasti",  "end",     "pause",  "noquestions"};
    for (size_t i = 0; i < sizeof waits / sizeof waits[0]; i++)
        fs_goto(b, name, waits[i], waits[i]);
    for (int lv = 0; lv < 2; lv++) {
        const char *l = lv ? "i" : "s";
        snprintf(ext, sizeof ext, "level-%s", l);
        fs_ext_open(b, name, ext);
        sb_printf(b,
                  "        <action application=\"set\" data=\"al_level=%s\"/>\n"
                  "        <action application=\"ivr\" data=\"audioleaf-%s-level-%s\"/>\n"
                  "        <action application=\"playback\" "
                  "data=\"audioleaf/%s-goodbye.wav\"/>\n"
                  "        <action application=\"hangup\"/>\n",
                  l, name, l, name);
        fs_ext_close(b);
    }
    if (q)
        snprintf(target, sizeof target, "u%zu", q);
    else
        snprintf(target, sizeof target, "noquestions");
    fs_goto(b, name, "questions", target);
    /* Before the first unit (welcome, "from the start"): 6 goes to the first unit. */
    fs_goto(b, name, "ns0", "u1");
    fs_goto(b, name, "ni0", "u1");
    fs_goto(b, name, "ps0", "firsts");
    fs_goto(b, name, "pi0", "firsti");
    fs_goto(b, name, "w0", "w1");
    for (size_t k = 0; k < n; k++) {
        struct nav_targets nv;
        nav_of(sc, k, &nv);
        const char *targets[4] = {nv.next_s, nv.prev_s, nv.next_i, nv.prev_i};
        const char *kinds[4] = {"ns", "ps", "ni", "pi"};
        for (int t = 0; t < 4; t++) {
            snprintf(ext, sizeof ext, "%s%zu", kinds[t], k + 1);
            fs_goto(b, name, ext, targets[t]);
        }
        snprintf(ext, sizeof ext, "w%zu", k + 1);
        fs_goto(b, name, ext, ext);
    }
    sb_printf(b, "  </context>\n</include>\n");
}

/* --------------------------------------------------------------- export ---- */

static const char *codec_ext(enum export_phone_codec c)
{
    return c == EXPORT_PHONE_ULAW ? "ulaw" : c == EXPORT_PHONE_ALAW ? "alaw" : "sln";
}

static const char *codec_name(enum export_phone_codec c)
{
    return c == EXPORT_PHONE_ULAW ? "ulaw" : c == EXPORT_PHONE_ALAW ? "alaw" : "slin";
}

static void sha256_hex(const void *data, size_t len, char out[65])
{
    struct sha256_ctx ctx;
    uint8_t md[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof md, md);
    for (unsigned int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* The longest path of the folder being written (the staging folder's new/), so that the
 * paths below it fit the buffers of struct job and export_one(). */
#define STAGE_ROOT_MAX 1000

/* Everything one export works with. */
struct job {
    const struct export_phone_options *o;
    char name[64];
    char language[16];
    char region[16];
    char voice[64];
    char ast_dir[1200];     /* DIR/asterisk/LANG/audioleaf */
    char fs_sounds[200];    /* LANG/REGION/VOICE (under FreeSWITCH's sounds_dir) */
    char fs_dir[1400];      /* DIR/freeswitch/LANG/REGION/VOICE/audioleaf/8000 */
    char *err;
    size_t errlen;
    /* Where the export is written (see "staging" below). */
    char target[PATH_MAX];  /* DIR, links resolved: PARENT/BASE */
    char parent[PATH_MAX];
    char base[NAME_MAX + 1];
    char stage[STAGE_ROOT_MAX]; /* the staging folder, "" before it is made */
    char root[STAGE_ROOT_MAX];  /* the folder being written: STAGE/new (DIR in the paths above) */
    int existed;            /* DIR was there: it is swapped, its mode kept */
    mode_t mode;
    int marker;             /* the staging marker, locked while the export runs; or -1 */
    long kill_at, steps;    /* the test hook AUDIOLEAF_TEST_KILL_AT */
};

static int fail_io(struct job *j, const char *what)
{
    /* A file being written is named by where it was to be in DIR. */
    size_t n = strlen(j->root);
    if (n && !strncmp(what, j->root, n) && (what[n] == '/' || what[n] == '\0'))
        snprintf(j->err, j->errlen, "audioleaf export: %s%s: %s", j->o->dir, what + n,
                 strerror(errno));
    else
        snprintf(j->err, j->errlen, "audioleaf export: %s: %s", what, strerror(errno));
    return EXPORT_PHONE_EIO;
}

static void step(struct job *j);

/* Write a new file of the export into the staging folder.  No temporary name and no
 * fsync of its own: nobody sees the folder before it is complete, and stage_commit()
 * makes all of it durable with one syncfs() before swapping it in. */
static int write_file(struct job *j, const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail_io(j, path);
    /* 0644 whatever the umask: the phone server's user reads the files. */
    int ok = fchmod(fd, 0644) == 0 && fileio_write_all(fd, data, len) == 0;
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (!ok) {
        unlink(path);
        errno = e;
        return fail_io(j, path);
    }
    step(j);
    return EXPORT_PHONE_OK;
}

static int write_text(struct job *j, const char *path, struct sbuf *b)
{
    if (b->failed) {
        snprintf(j->err, j->errlen, "audioleaf export: out of memory");
        return EXPORT_PHONE_ENOMEM;
    }
    return write_file(j, path, b->s, b->n);
}

/* Render, process and write one prompt; add it to the manifest. */
static int export_one(struct job *j, struct cache *cache, const struct voice_profile *vp,
                      const struct prompt *p, cJSON *files, size_t index, size_t count,
                      double *seconds)
{
    struct cache_entry ce;
    int rc = cache_fetch(cache, vp, p->text, &ce);
    if (rc) {
        snprintf(j->err, j->errlen, "audioleaf export: %s-%s: %s%s%s", j->name, p->id,
                 cache_strerror(rc), rc == CACHE_EIO ? ": " : "",
                 rc == CACHE_EIO ? strerror(errno) : "");
        return EXPORT_PHONE_ECACHE;
    }
    struct wav_data w;
    rc = wav_read(ce.path, &w);
    if (rc) {
        snprintf(j->err, j->errlen, "audioleaf export: %s: %s", ce.path, wav_strerror(rc));
        cache_entry_clear(&ce);
        return EXPORT_PHONE_ECACHE;
    }
    struct export_phone_audio a;
    rc = export_phone_process(w.samples, w.n_frames, w.rate, j->o->codec, &a);
    wav_data_free(&w);
    if (rc) {
        snprintf(j->err, j->errlen, "audioleaf export: %s-%s: %s", j->name, p->id,
                 export_phone_strerror(rc));
        cache_entry_clear(&ce);
        return rc;
    }
    size_t clen = 0, wlen = 0;
    unsigned char *coded = export_phone_encode(a.samples, a.n, j->o->codec, &clen);
    unsigned char *wav = export_phone_wav(a.samples, a.n, &wlen);
    char ast_codec[1400], ast_wav[1400], fs_wav[1600], hash[65] = "";
    snprintf(ast_codec, sizeof ast_codec, "%s/%s-%s.%s", j->ast_dir, j->name, p->id,
             codec_ext(j->o->codec));
    snprintf(ast_wav, sizeof ast_wav, "%s/%s-%s.wav", j->ast_dir, j->name, p->id);
    snprintf(fs_wav, sizeof fs_wav, "%s/%s-%s.wav", j->fs_dir, j->name, p->id);
    if (!coded || !wav) {
        snprintf(j->err, j->errlen, "audioleaf export: out of memory");
        rc = EXPORT_PHONE_ENOMEM;
    }
    if (!rc)
        sha256_hex(coded, clen, hash);
    if (!rc)
        rc = write_file(j, ast_codec, coded, clen);
    if (!rc)
        rc = write_file(j, ast_wav, wav, wlen);
    if (!rc)
        rc = write_file(j, fs_wav, wav, wlen);
    free(coded);
    free(wav);
    if (!rc) {
        char fid[128];
        snprintf(fid, sizeof fid, "%s-%s", j->name, p->id);
        cJSON *f = cJSON_CreateObject();
        cJSON *paths = cJSON_CreateArray();
        size_t skip = strlen(j->root) + 1;
        if (!f || !paths || !cJSON_AddItemToArray(files, f) ||
            !cJSON_AddItemToObject(f, "paths", paths)) {
            cJSON_Delete(f);
            cJSON_Delete(paths);
            rc = EXPORT_PHONE_ENOMEM;
        } else {
            cJSON_AddStringToObject(f, "id", fid);
            cJSON_AddStringToObject(f, "kind", p->unit >= 0 ? "unit" : "prompt");
            cJSON_AddStringToObject(f, "text", p->text);
            cJSON_AddStringToObject(f, "sha256", hash);
            cJSON_AddStringToObject(f, "cache_key", ce.key);
            cJSON_AddNumberToObject(f, "duration", round(a.seconds * 1000) / 1000);
            cJSON_AddNumberToObject(f, "level_dbov", round(a.level_dbov * 100) / 100);
            cJSON_AddNumberToObject(f, "peak_dbfs", round(a.peak_dbfs * 100) / 100);
            cJSON_AddItemToArray(paths, cJSON_CreateString(ast_codec + skip));
            cJSON_AddItemToArray(paths, cJSON_CreateString(ast_wav + skip));
            cJSON_AddItemToArray(paths, cJSON_CreateString(fs_wav + skip));
        }
        if (rc)
            snprintf(j->err, j->errlen, "audioleaf export: out of memory");
        *seconds = a.seconds;
        if (!rc && j->o->progress)
            fprintf(j->o->progress, "%3zu/%zu %-40s %6.2f s %6.2f dBov peak %6.2f dBFS\n",
                    index + 1, count, fid, a.seconds, a.level_dbov, a.peak_dbfs);
    }
    export_phone_audio_free(&a);
    cache_entry_clear(&ce);
    return rc;
}

/* The leaflet, its language, voice, lexicon and script. */
static int load_inputs(struct job *j, struct spoken *sp)
{
    const struct export_phone_options *o = j->o;
    int rc = spoken_open(o->leaflet, o->voice, o->language, sp, j->err, j->errlen);
    if (rc)
        return rc == SPOKEN_ENOMEM ? EXPORT_PHONE_ENOMEM : EXPORT_PHONE_EINPUT;
    /* With no voice asked for (here or in the leaflet), a phone line gets the language's
     * clear voice, "LANG-clear", when there is one. */
    if (!o->voice && !sp->lf->voice) {
        char clear[32];
        snprintf(clear, sizeof clear, "%s-clear", sp->language);
        struct voice_profile probe;
        memset(&probe, 0, sizeof probe);
        char verr[256];
        if (voice_load(clear, sp->language, &probe, verr, sizeof verr) == 0) {
            voice_clear(&probe);
            spoken_close(sp);
            memset(sp, 0, sizeof *sp);
            rc = spoken_open(o->leaflet, clear, o->language, sp, j->err, j->errlen);
            if (rc)
                return rc == SPOKEN_ENOMEM ? EXPORT_PHONE_ENOMEM : EXPORT_PHONE_EINPUT;
        }
    }
    snprintf(j->language, sizeof j->language, "%s", sp->language);
    return EXPORT_PHONE_OK;
}

static int write_manifest(struct job *j, const struct leaflet *lf, cJSON *files)
{
    cJSON *m = cJSON_CreateObject();
    if (!m) {
        cJSON_Delete(files);
        snprintf(j->err, j->errlen, "audioleaf export: out of memory");
        return EXPORT_PHONE_ENOMEM;
    }
    char buf[1600];
    cJSON_AddStringToObject(m, "generator", "audioleaf " AUDIOLEAF_VERSION);
    cJSON_AddStringToObject(m, "leaflet", j->name);
    cJSON_AddStringToObject(m, "title", lf->title ? lf->title : "");
    cJSON_AddStringToObject(m, "language", j->language);
    cJSON_AddStringToObject(m, "voice", j->voice);
    cJSON_AddStringToObject(m, "codec", codec_name(j->o->codec));
    cJSON_AddNumberToObject(m, "rate", EXPORT_PHONE_RATE);
    cJSON_AddNumberToObject(m, "target_level_dbov", EXPORT_PHONE_LEVEL_DBOV);
    cJSON_AddNumberToObject(m, "peak_limit_dbfs", EXPORT_PHONE_PEAK_DBFS);
    cJSON *ast = cJSON_AddObjectToObject(m, "asterisk");
    cJSON *fs = cJSON_AddObjectToObject(m, "freeswitch");
    if (ast) {
        snprintf(buf, sizeof buf, "asterisk/%s/audioleaf", j->language);
        cJSON_AddStringToObject(ast, "sounds", buf);
        cJSON_AddStringToObject(ast, "dialplan", "asterisk/extensions_audioleaf.conf");
        snprintf(buf, sizeof buf, "audioleaf-%s", j->name);
        cJSON_AddStringToObject(ast, "context", buf);
    }
    if (fs) {
        snprintf(buf, sizeof buf, "freeswitch/%s/audioleaf/8000", j->fs_sounds);
        cJSON_AddStringToObject(fs, "sounds", buf);
        cJSON_AddStringToObject(fs, "sound_prefix", j->fs_sounds);
        cJSON_AddStringToObject(fs, "ivr_menus", "freeswitch/ivr_audioleaf.xml");
        cJSON_AddStringToObject(fs, "dialplan", "freeswitch/dialplan_audioleaf.xml");
        snprintf(buf, sizeof buf, "audioleaf-%s", j->name);
        cJSON_AddStringToObject(fs, "context", buf);
        cJSON_AddStringToObject(fs, "extension", buf);
    }
    cJSON_AddItemToObject(m, "files", files);
    char *text = cJSON_Print(m);
    cJSON_Delete(m);
    if (!text) {
        snprintf(j->err, j->errlen, "audioleaf export: out of memory");
        return EXPORT_PHONE_ENOMEM;
    }
    snprintf(buf, sizeof buf, "%s/manifest.json", j->root);
    size_t len = strlen(text);
    text[len] = '\n'; /* cJSON leaves no newline: replace the NUL for the write */
    int rc = write_file(j, buf, text, len + 1);
    cJSON_free(text);
    return rc;
}

/* -------------------------------------------------------------- staging ---- */

/* An export is built in a staging folder beside DIR and swapped in whole, so DIR always
 * holds one complete export, the old or the new, and nothing of the old is left over:
 *   PARENT/.BASE.audioleaf-staging-XXXXXX/          made with mkdtemp()
 *       audioleaf-staging                           marker, flock()ed while in use
 *       new/                                        the export being written
 * When it is complete and on the disk (one syncfs()), new/ and DIR trade places
 * (renameat2 RENAME_EXCHANGE; where the file system cannot, DIR is renamed to old/ and
 * new/ to DIR), and the staging folder, which then holds the old export, is removed:
 * first new/ or old/, then the marker, then the folder.  A run that was killed leaves a staging folder; the next export into DIR
 * removes it when its name has this pattern, it belongs to us, and its marker exists and
 * is not locked (or it is empty).  Nothing else is ever removed. */

#define STAGE_TAG ".audioleaf-staging-"
#define STAGE_MARKER "audioleaf-staging"
#define STAGE_BASE_MAX 160 /* bytes of DIR's name kept in the staging folder's name */

/* Remove NAME (in the folder DFD) and, for a folder, all it holds, without following
 * symbolic links or leaving the file system.  0, or -1 with errno. */
static int remove_tree_at(int dfd, const char *name, int depth)
{
    if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
        return 0;
    if ((errno != EISDIR && errno != EPERM) || depth > 64)
        return -1;
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (remove_tree_at(fd, e->d_name, depth + 1) != 0)
            rc = -1;
    }
    int e_saved = errno;
    closedir(d);
    if (rc != 0) {
        errno = e_saved;
        return -1;
    }
    return unlinkat(dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT ? 0 : -1;
}

/* A test hook: with AUDIOLEAF_TEST_KILL_AT=N in the environment, the export kills itself
 * (SIGKILL) at its Nth step (a file written, a folder made, swapped or removed), so a
 * test can stop it at every point of its work. */
static void step(struct job *j)
{
    if (j->kill_at > 0 && ++j->steps == j->kill_at)
        raise(SIGKILL);
}

/* Remove the staging folder STAGE (a path): its export folders, its marker, itself. */
static int stage_remove(const char *stage)
{
    int dfd = open(stage, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0)
        return errno == ENOENT ? 0 : -1;
    int rc = 0;
    if (remove_tree_at(dfd, "new", 0) != 0 || remove_tree_at(dfd, "old", 0) != 0 ||
        (unlinkat(dfd, STAGE_MARKER, 0) != 0 && errno != ENOENT))
        rc = -1;
    int e = errno;
    close(dfd);
    if (rc == 0 && rmdir(stage) != 0 && errno != ENOENT)
        return -1;
    errno = e;
    return rc;
}

/* The start of the staging folders' names for DIR's name BASE: ".BASE.audioleaf-staging-". */
static void stage_prefix(const char *base, char *out, size_t cap)
{
    snprintf(out, cap, ".%.*s" STAGE_TAG, STAGE_BASE_MAX, base);
}

/* Remove the staging folders that killed exports into TARGET left in PARENT: named
 * PREFIX + 6 characters, a folder of ours, with an unlocked marker (or empty).  When
 * TARGET is missing because a run was killed between the two renames of the fallback
 * swap, its old export is put back first. */
static void stage_clean(struct job *j)
{
    char prefix[256];
    stage_prefix(j->base, prefix, sizeof prefix);
    size_t plen = strlen(prefix);
    DIR *d = opendir(j->parent);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, plen) || strlen(e->d_name) != plen + 6)
            continue;
        char stage[PATH_MAX], marker[PATH_MAX + 32], old[PATH_MAX + 32];
        struct stat st;
        if (snprintf(stage, sizeof stage, "%s/%s", j->parent, e->d_name) >= (int)sizeof stage ||
            lstat(stage, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
            continue;
        snprintf(marker, sizeof marker, "%s/" STAGE_MARKER, stage);
        int fd = open(marker, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
            rmdir(stage); /* killed before its marker was made: removed only when empty */
            continue;
        }
        int ours = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid();
        if (ours && flock(fd, LOCK_EX | LOCK_NB) == 0) {
            snprintf(old, sizeof old, "%s/old", stage);
            if (access(j->target, F_OK) != 0 && errno == ENOENT)
                rename(old, j->target);
            stage_remove(stage);
        }
        close(fd);
    }
    closedir(d);
}

/* Whether the folder TARGET may be replaced: empty, or a previous audioleaf export (its
 * manifest.json is audioleaf's) of this leaflet.  0, or an error with the message. */
static int stage_check_target(struct job *j)
{
    DIR *d = opendir(j->target);
    if (!d)
        return fail_io(j, j->o->dir);
    int empty = 1;
    struct dirent *e;
    while (empty && (e = readdir(d)) != NULL)
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    if (empty)
        return EXPORT_PHONE_OK;
    char path[PATH_MAX + 32], buf[4096];
    snprintf(path, sizeof path, "%s/manifest.json", j->target);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
    struct stat st;
    ssize_t n = -1;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        n = read(fd, buf, sizeof buf - 1);
    if (fd >= 0)
        close(fd);
    buf[n > 0 ? n : 0] = '\0';
    /* The generator is the manifest's first member: {"generator": "audioleaf 1.2", ... */
    const char *g = strstr(buf, "\"generator\":");
    if (g)
        g += strspn(g + 12, " \t\r\n") + 12;
    if (!g || strncmp(g, "\"audioleaf ", 11)) {
        snprintf(j->err, j->errlen,
                 "audioleaf export: %s is not empty and holds no audioleaf export (no "
                 "audioleaf manifest.json): not replacing it; give a new or empty folder",
                 j->o->dir);
        return EXPORT_PHONE_EINPUT;
    }
    /* One leaflet per folder (the dialplan and menu files have fixed names). */
    const char *key = strstr(buf, "\"leaflet\":");
    char other[64] = "";
    if (key) {
        const char *q = strchr(key + 10, '"');
        const char *end = q ? strchr(q + 1, '"') : NULL;
        if (end && end - q - 1 < (long)sizeof other)
            snprintf(other, sizeof other, "%.*s", (int)(end - q - 1), q + 1);
    }
    if (!other[0] || !strcmp(other, j->name))
        return EXPORT_PHONE_OK;
    snprintf(j->err, j->errlen,
             "audioleaf export: %s holds the export of '%s', not '%s': use one folder per "
             "leaflet", j->o->dir, other, j->name);
    return EXPORT_PHONE_EINPUT;
}

/* Settle where DIR really is (PARENT/BASE, links and "." resolved; missing parents
 * made), check it may be replaced, clean what killed runs left, and make the staging
 * folder with its locked marker; J->root is then the folder to write.  0 or an error
 * with the message. */
static int stage_begin(struct job *j)
{
    const char *dir = j->o->dir;
    char want[PATH_MAX];
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    if (len >= sizeof want) {
        errno = ENAMETOOLONG;
        return fail_io(j, dir);
    }
    memcpy(want, dir, len);
    want[len] = '\0';
    struct stat st;
    char real[PATH_MAX];
    if (stat(want, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            return fail_io(j, dir);
        }
        if (!realpath(want, real))
            return fail_io(j, dir);
        if (!strcmp(real, "/")) {
            errno = EBUSY;
            return fail_io(j, dir);
        }
    } else {
        if (errno != ENOENT)
            return fail_io(j, dir);
        /* A new folder: its parents are made, as mkdir -p would. */
        char *slash = strrchr(want, '/');
        const char *base = slash ? slash + 1 : want;
        char parent[PATH_MAX] = ".";
        if (slash == want)
            snprintf(parent, sizeof parent, "/");
        else if (slash)
            snprintf(parent, sizeof parent, "%.*s", (int)(slash - want), want);
        if (fileio_make_dirs(parent) || !realpath(parent, real))
            return fail_io(j, dir);
        size_t rl = strlen(real);
        if (rl + 1 + strlen(base) >= sizeof real) {
            errno = ENAMETOOLONG;
            return fail_io(j, dir);
        }
        snprintf(real + rl, sizeof real - rl, "%s%s", rl > 1 ? "/" : "", base);
    }
    snprintf(j->target, sizeof j->target, "%s", real);
    char *slash = strrchr(real, '/');
    snprintf(j->base, sizeof j->base, "%s", slash + 1);
    snprintf(j->parent, sizeof j->parent, "%.*s", slash == real ? 1 : (int)(slash - real),
             real);
    stage_clean(j);
    /* Looked at again: the clean-up may have put back an export a killed run had moved. */
    if (!j->existed && stat(j->target, &st) == 0) {
        j->existed = 1;
        j->mode = st.st_mode & 07777;
    }
    if (j->existed) {
        int rc = stage_check_target(j);
        if (rc)
            return rc;
    }
    step(j);
    char prefix[256];
    stage_prefix(j->base, prefix, sizeof prefix);
    int n = snprintf(j->stage, sizeof j->stage, "%s/%sXXXXXX", j->parent, prefix);
    if (n < 0 || n + 5 >= (int)sizeof j->stage) {
        errno = ENAMETOOLONG;
        return fail_io(j, dir);
    }
    if (!mkdtemp(j->stage)) {
        j->stage[0] = '\0';
        return fail_io(j, j->parent);
    }
    step(j);
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/" STAGE_MARKER, j->stage);
    static const char note[] = "audioleaf export: staging folder of an export; the next "
                               "export into the same folder removes it if it was left\n";
    j->marker = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (j->marker < 0 || flock(j->marker, LOCK_EX) != 0 ||
        write(j->marker, note, sizeof note - 1) != (ssize_t)(sizeof note - 1))
        return fail_io(j, path);
    step(j);
    if (snprintf(j->root, sizeof j->root, "%s/new", j->stage) >= (int)sizeof j->root ||
        mkdir(j->root, 0755) != 0)
        return fail_io(j, j->root);
    step(j);
    return EXPORT_PHONE_OK;
}

/* Put the complete export in J->root in DIR's place and remove the old one. */
static int stage_commit(struct job *j)
{
    if (j->existed && chmod(j->root, j->mode) != 0)
        return fail_io(j, j->root);
    /* Every file on the disk before the swap, so a power cut after it cannot leave
     * empty files in DIR. */
    if (syncfs(j->marker) != 0)
        return fail_io(j, j->root);
    step(j);
    int rc;
    if (j->existed) {
        rc = renameat2(AT_FDCWD, j->root, AT_FDCWD, j->target, RENAME_EXCHANGE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP)) {
            /* A file system without the exchange: two renames, undone on failure. */
            char old[PATH_MAX + 32];
            snprintf(old, sizeof old, "%s/old", j->stage);
            rc = rename(j->target, old);
            step(j);
            if (rc == 0 && (rc = rename(j->root, j->target)) != 0) {
                int e = errno;
                rename(old, j->target);
                errno = e;
            }
        }
    } else {
        rc = renameat2(AT_FDCWD, j->root, AT_FDCWD, j->target, RENAME_NOREPLACE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP))
            rc = rename(j->root, j->target);
    }
    if (rc != 0)
        return fail_io(j, j->o->dir);
    int pfd = open(j->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (pfd >= 0) {
        fsync(pfd); /* the swap itself on the disk */
        close(pfd);
    }
    step(j);
    /* The new export is in place: what is left is the old one, to remove. */
    int dfd = open(j->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        remove_tree_at(dfd, "new", 0);
        remove_tree_at(dfd, "old", 0);
        close(dfd);
    }
    step(j);
    return EXPORT_PHONE_OK;
}

/* End the staging: remove the staging folder (after a failure, with the unfinished
 * export in it) and release the marker's lock. */
static void stage_end(struct job *j)
{
    if (j->stage[0]) {
        int e = errno;
        stage_remove(j->stage);
        errno = e;
    }
    if (j->marker >= 0)
        close(j->marker);
}

int export_phone(const struct export_phone_options *o, char *err, size_t errlen)
{
    struct job j;
    memset(&j, 0, sizeof j);
    j.o = o;
    j.err = err;
    j.errlen = errlen;
    j.marker = -1;
    const char *kill_at = getenv("AUDIOLEAF_TEST_KILL_AT");
    j.kill_at = kill_at ? atol(kill_at) : 0;
    err[0] = '\0';
    export_phone_name(o->leaflet, j.name, sizeof j.name);

    struct spoken sp;
    memset(&sp, 0, sizeof sp);
    /* Short names for what sp holds, set once it is loaded. */
    const struct leaflet *lf = NULL;
    const struct voice_profile *vp = NULL;
    const struct speech_script *sc = NULL;
    const struct speech_lexicon *lex = NULL;
    struct plan pl = {0};
    struct cache *cache = NULL;
    double *unit_seconds = NULL;
    cJSON *files = NULL;
    struct sbuf b = {0};
    int rc = load_inputs(&j, &sp);
    if (!rc)
        rc = stage_begin(&j);
    if (rc)
        goto done;
    lf = sp.lf;
    vp = &sp.voice;
    sc = sp.script;
    lex = sp.lex;
    export_phone_name(vp->name, j.voice, sizeof j.voice);
    /* FreeSWITCH keeps sounds as LANG/REGION/VOICE (en/us/callie); the region is the
     * eSpeak NG voice's ("en-gb" -> gb), else the language again. */
    const char *dash = strchr(vp->espeak_voice, '-');
    export_phone_name(dash ? dash + 1 : j.language, j.region, sizeof j.region);
    char lang[16];
    export_phone_name(j.language, lang, sizeof lang);
    snprintf(j.language, sizeof j.language, "%s", lang);
    snprintf(j.fs_sounds, sizeof j.fs_sounds, "%s/%s/%s", j.language, j.region, j.voice);
    snprintf(j.ast_dir, sizeof j.ast_dir, "%s/asterisk/%s/audioleaf", j.root, j.language);
    snprintf(j.fs_dir, sizeof j.fs_dir, "%s/freeswitch/%s/audioleaf/8000", j.root,
             j.fs_sounds);
    if (fileio_make_dirs(j.ast_dir) || fileio_make_dirs(j.fs_dir)) {
        rc = fail_io(&j, j.root);
        goto done;
    }
    step(&j);
    rc = make_plan(lf, sc, j.language, lex, &pl);
    if (rc) {
        snprintf(err, errlen, "audioleaf export: out of memory");
        goto done;
    }
    char cerr[1100];
    rc = cache_open_err(o->cache_dir, &cache, cerr, sizeof cerr);
    if (rc) {
        snprintf(err, errlen, "audioleaf export: cache: %s", cerr);
        rc = EXPORT_PHONE_ECACHE;
        goto done;
    }
    files = cJSON_CreateArray();
    if (!files) {
        rc = EXPORT_PHONE_ENOMEM;
        snprintf(err, errlen, "audioleaf export: out of memory");
        goto done;
    }
    /* Units first: the "where am I" prompts tell the time left, from their lengths. */
    unit_seconds = calloc(sc->n_units, sizeof *unit_seconds);
    if (!unit_seconds)
        rc = EXPORT_PHONE_ENOMEM;
    for (size_t i = 0; i < pl.n && !rc; i++) {
        struct prompt *p = &pl.p[i];
        if (p->where >= 0 && !p->text) {
            double left = 0;
            for (size_t k = (size_t)p->where; k < sc->n_units; k++)
                left += unit_seconds[k];
            p->text = where_text(lf, sc, (size_t)p->where, left, j.language, lex);
            if (!p->text) {
                rc = EXPORT_PHONE_ENOMEM;
                break;
            }
        }
        double seconds = 0;
        rc = export_one(&j, cache, vp, p, files, i, pl.n, &seconds);
        if (!rc && p->unit >= 0)
            unit_seconds[p->unit] = seconds;
    }
    if (rc == EXPORT_PHONE_ENOMEM && !err[0])
        snprintf(err, errlen, "audioleaf export: out of memory");
    if (rc)
        goto done;

    char path[1600];
    asterisk_dialplan(&b, j.name, j.language, lf, sc);
    snprintf(path, sizeof path, "%s/asterisk/extensions_audioleaf.conf", j.root);
    rc = write_text(&j, path, &b);
    b.n = 0;
    if (!rc) {
        freeswitch_menus(&b, j.name, sc);
        snprintf(path, sizeof path, "%s/freeswitch/ivr_audioleaf.xml", j.root);
        rc = write_text(&j, path, &b);
        b.n = 0;
    }
    if (!rc) {
        freeswitch_dialplan(&b, j.name, j.fs_sounds, lf, sc);
        snprintf(path, sizeof path, "%s/freeswitch/dialplan_audioleaf.xml", j.root);
        rc = write_text(&j, path, &b);
    }
    if (!rc) {
        rc = write_manifest(&j, lf, files);
        files = NULL;
    }
    if (!rc)
        rc = stage_commit(&j);
done:
    stage_end(&j);
    free(unit_seconds);
    cJSON_Delete(files);
    free(b.s);
    cache_close(cache);
    plan_free(&pl);
    spoken_close(&sp);
    if (rc && !err[0])
        snprintf(err, errlen, "audioleaf export: %s", export_phone_strerror(rc));
    return rc;
}

const char *export_phone_strerror(int status)
{
    switch (status) {
    case EXPORT_PHONE_OK:
        return "success";
    case EXPORT_PHONE_ENOMEM:
        return "out of memory";
    case EXPORT_PHONE_EIO:
        return "cannot write the export";
    case EXPORT_PHONE_ERESAMPLE:
        return "resampling failed";
    case EXPORT_PHONE_EINPUT:
        return "unusable leaflet, voice or lexicon";
    case EXPORT_PHONE_ECACHE:
        return "cannot render or read a unit";
    case EXPORT_PHONE_ESILENT:
        return "the render holds no speech";
    default:
        return "unknown export error";
    }
}
