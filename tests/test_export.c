/* test_export: the phone export's signal path and files, on signals made here:
 * level -26 dBov by P.56, peaks under -3 dBFS, high-pass, lead and trail silence,
 * every input rate, G.711 bytes, the plain WAV header, atomic writes, names. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/phone.h"
#include "p56.h"
#include "wav.h"
#include "check.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif


/* Speech-like test signal at RATE: 0.1 s of silence, then "syllables" of a 140 Hz
 * harmonic complex (vowels) with a slow amplitude contour and pauses between words,
 * SECONDS long, peak about AMP; plus a HUM_AMP sine at 50 Hz throughout; plus a
 * click of CLICK_AMP every second. */
static int16_t *speechlike(int rate, double seconds, double amp, double hum_amp,
                           double click_amp, size_t *n)
{
    size_t lead = (size_t)(0.1 * rate), m = lead + (size_t)(seconds * rate) + rate / 10;
    double *x = calloc(m, sizeof *x);
    int16_t *s = malloc(m * sizeof *s);
    if (!x || !s)
        exit(99);
    for (size_t i = 0; i < (size_t)(seconds * rate); i++) {
        double t = (double)i / rate;
        double syll = fmod(t, 0.25) / 0.25;               /* 4 syllables a second */
        double word = fmod(t, 1.5) < 1.2 ? 1.0 : 0.0;     /* 300 ms pause every 1.5 s */
        double env = sin(M_PI * syll) * word * (0.6 + 0.4 * sin(2 * M_PI * 0.3 * t));
        double v = 0;
        for (int h = 1; h <= 25 && 140.0 * h < rate / 2.0; h++)
            v += sin(2 * M_PI * 140.0 * h * t + h * 0.7) / h;
        x[lead + i] = amp * env * v / 2.0;
    }
    for (size_t i = 0; i < m; i++) {
        x[i] += hum_amp * sin(2 * M_PI * 50.0 * (double)i / rate);
        if (click_amp > 0 && i > lead && (i - lead) % (size_t)rate == (size_t)rate / 3)
            x[i] += click_amp;
        double v = x[i] * 32767.0;
        s[i] = (int16_t)lrint(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
    }
    free(x);
    *n = m;
    return s;
}

/* Goertzel power of frequency F in S (N samples at RATE). */
static double tone_power(const int16_t *s, size_t n, int rate, double f)
{
    double w = 2 * M_PI * f / rate, c = 2 * cos(w), s1 = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        double s0 = s[i] / 32768.0 + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    return (s1 * s1 + s2 * s2 - c * s1 * s2) / ((double)n * (double)n);
}

/* The ready prompt measured independently of what process() reports. */
static void check_prompt(const struct export_phone_audio *a, const char *what, int codec_zero)
{
    struct p56_result r;
    p56_measure_s16(a->samples, a->n, 8000, &r);
    CHECKF(fabs(r.level_dbov + 26.0) <= 0.2, "%s: level %.2f dBov, want -26 +- 0.2", what,
          r.level_dbov);
    CHECKF(r.peak_dbfs < -3.0, "%s: peak %.2f dBFS, want < -3", what, r.peak_dbfs);
    CHECKF(fabs(r.level_dbov - a->level_dbov) < 1e-9 && fabs(r.peak_dbfs - a->peak_dbfs) < 1e-9,
          "%s: reported level/peak %.3f/%.3f differ from measured %.3f/%.3f", what,
          a->level_dbov, a->peak_dbfs, r.level_dbov, r.peak_dbfs);
    /* 200 ms of silence first, 500 ms last (G.711 silence decodes to at most 8). */
    int quiet = 1;
    for (size_t i = 0; i < 1600 && i < a->n; i++)
        quiet &= abs(a->samples[i]) <= codec_zero;
    for (size_t i = a->n > 4000 ? a->n - 4000 : 0; i < a->n; i++)
        quiet &= abs(a->samples[i]) <= codec_zero;
    CHECKF(quiet, "%s: the first 200 ms and last 500 ms are silent", what);
    int onset = 0;
    for (size_t i = 1600; i < 1600 + 80 && i < a->n; i++)
        onset |= abs(a->samples[i]) > 300;
    CHECKF(onset, "%s: sound starts within 10 ms after the 200 ms lead", what);
    printf("%s - %s: %.2f dBov, peak %.2f dBFS, %.2f s\n",
           fabs(r.level_dbov + 26.0) <= 0.2 && r.peak_dbfs < -3.0 ? "ok" : "FAIL", what,
           r.level_dbov, r.peak_dbfs, a->seconds);
}

static void test_levels_and_rates(void)
{
    static const int rates[] = {8000, 16000, 22050, 44100, 48000};
    double seconds0 = 0;
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        size_t n;
        int16_t *s = speechlike(rates[i], 6.0, 0.3, 0.0, 0.0, &n);
        struct export_phone_audio a;
        int rc = export_phone_process(s, n, rates[i], EXPORT_PHONE_ULAW, &a);
        CHECKF(rc == 0, "process at %d Hz: %s", rates[i], export_phone_strerror(rc));
        if (!rc) {
            char what[64];
            snprintf(what, sizeof what, "speech-like at %d Hz, mu-law", rates[i]);
            check_prompt(&a, what, 0);
            /* The same length from every rate. */
            if (i == 0)
                seconds0 = a.seconds;
            CHECKF(fabs(a.seconds - seconds0) < 0.02, "%s: %.3f s, at 8 kHz %.3f s", what,
                  a.seconds, seconds0);
            export_phone_audio_free(&a);
        }
        free(s);
    }
    /* The words end at 5.7 s (the last 0.3 s is a pause, trimmed like a render's own
     * silence): 5.7 s of sound + 0.2 s lead + 0.5 s trail. */
    CHECKF(fabs(seconds0 - 6.4) < 0.02, "5.7 s of sound gives %.3f s, want 6.4", seconds0);
}

static void test_quiet_loud_clicks(void)
{
    size_t n;
    struct export_phone_audio a;
    /* Very quiet input (peak ~ -50 dBFS) is raised to -26 dBov. */
    int16_t *s = speechlike(22050, 4.0, 0.003, 0.0, 0.0, &n);
    CHECKF(export_phone_process(s, n, 22050, EXPORT_PHONE_ALAW, &a) == 0, "quiet input");
    if (a.samples)
        check_prompt(&a, "quiet input (-50 dBFS), A-law", 8);
    export_phone_audio_free(&a);
    free(s);
    /* Clicks 10 times the speech's peak: the limiter holds them under -3 dBFS and the
     * level is still -26 dBov. */
    s = speechlike(16000, 5.0, 0.08, 0.0, 0.9, &n);
    CHECKF(export_phone_process(s, n, 16000, EXPORT_PHONE_SLIN, &a) == 0, "clicks");
    if (a.samples)
        check_prompt(&a, "speech with full-scale clicks, linear", 0);
    export_phone_audio_free(&a);
    free(s);
    /* Full-scale clipped input. */
    s = speechlike(44100, 3.0, 3.0, 0.0, 0.0, &n);
    CHECKF(export_phone_process(s, n, 44100, EXPORT_PHONE_ULAW, &a) == 0, "clipped");
    if (a.samples)
        check_prompt(&a, "clipped full-scale input, mu-law", 0);
    export_phone_audio_free(&a);
    free(s);
}

static void test_highpass(void)
{
    /* 50 Hz hum as loud as the speech: a 2nd-order Butterworth at 200 Hz takes 24 dB
     * off at 50 Hz (40 log10(200/50)), 12 dB at 100 Hz; 1 kHz passes. */
    size_t n;
    int16_t *s = speechlike(16000, 5.0, 0.2, 0.2, 0.0, &n);
    double in_hum = tone_power(s, n, 16000, 50.0), in_1k = tone_power(s, n, 16000, 980.0);
    struct export_phone_audio a;
    CHECKF(export_phone_process(s, n, 16000, EXPORT_PHONE_SLIN, &a) == 0, "hum");
    if (a.samples) {
        double out_hum = tone_power(a.samples, a.n, 8000, 50.0);
        double out_1k = tone_power(a.samples, a.n, 8000, 980.0);
        double drop = 10 * log10((in_hum / in_1k) / (out_hum / out_1k));
        CHECKF(drop > 20.0, "50 Hz hum falls %.1f dB against 980 Hz, want > 20", drop);
        printf("ok - high-pass: 50 Hz hum falls %.1f dB relative to 980 Hz\n", drop);
    }
    export_phone_audio_free(&a);
    free(s);
}

static void test_silence(void)
{
    int16_t z[8000] = {0};
    struct export_phone_audio a;
    CHECKF(export_phone_process(z, 8000, 8000, EXPORT_PHONE_ULAW, &a) == EXPORT_PHONE_ESILENT,
          "a silent render is refused");
    CHECKF(a.samples == NULL, "nothing returned for silence");
}

static void test_encode(void)
{
    /* G.711 code words for silence and the extremes, from the standard's tables:
     * mu-law 0 -> 0xFF, +max -> 0x80, -max -> 0x00; A-law 0 -> 0xD5, +max -> 0xAA,
     * -max -> 0x2A. */
    int16_t s[3] = {0, 32767, -32768};
    size_t len;
    unsigned char *u = export_phone_encode(s, 3, EXPORT_PHONE_ULAW, &len);
    CHECKF(u && len == 3 && u[0] == 0xFF && u[1] == 0x80 && u[2] == 0x00,
          "mu-law bytes %02x %02x %02x", u ? u[0] : 0, u ? u[1] : 0, u ? u[2] : 0);
    free(u);
    unsigned char *al = export_phone_encode(s, 3, EXPORT_PHONE_ALAW, &len);
    CHECKF(al && len == 3 && al[0] == 0xD5 && al[1] == 0xAA && al[2] == 0x2A,
          "A-law bytes %02x %02x %02x", al ? al[0] : 0, al ? al[1] : 0, al ? al[2] : 0);
    free(al);
    unsigned char *l = export_phone_encode(s, 3, EXPORT_PHONE_SLIN, &len);
    CHECKF(l && len == 6 && l[0] == 0 && l[1] == 0 && l[2] == 0xFF && l[3] == 0x7F &&
              l[4] == 0x00 && l[5] == 0x80,
          "linear bytes are little-endian");
    free(l);

    int16_t pcm[4] = {1, -2, 300, -32768};
    unsigned char *w = export_phone_wav(pcm, 4, &len);
    static const unsigned char head[44] = {
        'R', 'I', 'F', 'F', 44, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' ',
        16, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1F, 0, 0, 0x80, 0x3E, 0, 0,
        2, 0, 16, 0, 'd', 'a', 't', 'a', 8, 0, 0, 0};
    CHECKF(w && len == 52 && !memcmp(w, head, 44) && w[44] == 1 && w[46] == 0xFE &&
              w[47] == 0xFF,
          "the 44-byte WAV header (RIFF 44, fmt PCM mono 8000 Hz 16000 B/s, data 8)");
    char path[] = "/tmp/audioleaf-test-export-XXXXXX";
    int fd = mkstemp(path);
    if (w && fd >= 0 && write(fd, w, len) == (ssize_t)len) {
        struct wav_data d;
        int rc = wav_read(path, &d);
        CHECKF(rc == 0 && d.rate == 8000 && d.n_frames == 4 && d.samples[3] == -32768,
              "libsndfile (wav_read) reads the WAV back: %s", wav_strerror(rc));
        wav_data_free(&d);
    }
    if (fd >= 0)
        close(fd);
    unlink(path);
    free(w);
}

/* Files in DIR whose name starts with PREFIX. */
static int count_files(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += !strncmp(e->d_name, prefix, strlen(prefix));
    if (d)
        closedir(d);
    return n;
}

static void test_atomic(void)
{
    char dir[] = "/tmp/audioleaf-test-atomic-XXXXXX";
    if (!mkdtemp(dir)) {
        printf("FAIL: mkdtemp\n");
        failures++;
        return;
    }
    char path[256], bad[300];
    snprintf(path, sizeof path, "%s/prompt.ulaw", dir);
    CHECKF(export_phone_write_atomic(path, "old", 3) == 0, "write a file");
    CHECKF(export_phone_write_atomic(path, "new!", 4) == 0, "replace it");
    struct stat st;
    CHECKF(stat(path, &st) == 0 && st.st_size == 4, "the new content is in place");

    /* A folder that does not exist, and one that is a file: errors, nothing made. */
    snprintf(bad, sizeof bad, "%s/missing/x.wav", dir);
    errno = 0;
    CHECKF(export_phone_write_atomic(bad, "x", 1) == EXPORT_PHONE_EIO && errno == ENOENT,
          "missing folder: EIO with ENOENT (errno %d)", errno);
    snprintf(bad, sizeof bad, "%s/prompt.ulaw/x.wav", dir);
    CHECKF(export_phone_write_atomic(bad, "x", 1) == EXPORT_PHONE_EIO && errno == ENOTDIR,
          "folder that is a file: EIO with ENOTDIR (errno %d)", errno);

    /* A full disk, as a file size limit: the write fails, the old file is whole and no
     * temporary file is left. */
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 1000;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    if (setrlimit(RLIMIT_FSIZE, &lim) == 0) {
        static char big[5000];
        errno = 0;
        int rc = export_phone_write_atomic(path, big, sizeof big);
        int e = errno;
        setrlimit(RLIMIT_FSIZE, &old);
        CHECKF(rc == EXPORT_PHONE_EIO && e == EFBIG, "full disk: EIO with EFBIG (errno %d)", e);
        CHECKF(stat(path, &st) == 0 && st.st_size == 4, "full disk: the old file is untouched");
        CHECKF(count_files(dir, ".prompt.ulaw.") == 0, "full disk: no temporary file left");
        printf("ok - full disk (RLIMIT_FSIZE): error, old file whole, no temporary file\n");
    }
    signal(SIGXFSZ, prev);
    unlink(path);
    rmdir(dir);
}

static void test_names(void)
{
    static const char *cases[][2] = {
        {"/x/Hepatic Calcification (v2).TXT", "hepatic-calcification-v2"},
        {"content/intestino-ecogénico.txt", "intestino-ecog-nico"},
        {"a_b--c.leaf.txt", "a_b-c-leaf"},
        {"/tmp/.txt", "txt"},
        {"???.txt", "leaflet"},
        {"", "leaflet"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        export_phone_name(cases[i][0], out, sizeof out);
        CHECKF(!strcmp(out, cases[i][1]), "name of '%s': '%s', want '%s'", cases[i][0], out,
              cases[i][1]);
    }
    char out[64];
    char longname[128];
    snprintf(longname, sizeof longname, "/a/%070d.txt", 7);
    export_phone_name(longname, out, sizeof out);
    CHECKF(strlen(out) == 48, "long names are cut to 48 characters (%zu)", strlen(out));
}

int main(void)
{
    test_levels_and_rates();
    test_quiet_loud_clicks();
    test_highpass();
    test_silence();
    test_encode();
    test_atomic();
    test_names();
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    printf("all export checks passed\n");
    return 0;
}
