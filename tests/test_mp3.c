/* test_mp3: MP3 files written through libsndfile (export/mp3.h) decode back to the same
 * length and the same sound, at about 48 kbit/s, and are written atomically. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "export/mp3.h"
#include "tmpdir.h"

/* A speech-like test signal: 300 ms bursts of a 220 Hz tone with harmonics, 200 ms gaps. */
static int16_t *signal_of(size_t n, int rate)
{
    int16_t *s = malloc(n * sizeof *s);
    if (!s)
        exit(99);
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / rate;
        int on = fmod(t, 0.5) < 0.3;
        double v = sin(2 * M_PI * 220 * t) + 0.5 * sin(2 * M_PI * 440 * t) +
                   0.25 * sin(2 * M_PI * 1320 * t);
        s[i] = (int16_t)(on ? 8000 * v : 0);
    }
    return s;
}

/* RMS of 20 ms windows. */
static double *envelope(const float *x, size_t n, int rate, size_t *m)
{
    size_t w = (size_t)rate / 50;
    *m = n / w;
    double *e = calloc(*m + 1, sizeof *e);
    for (size_t k = 0; k < *m; k++) {
        double sum = 0;
        for (size_t i = 0; i < w; i++)
            sum += (double)x[k * w + i] * x[k * w + i];
        e[k] = sqrt(sum / (double)w);
    }
    return e;
}

static size_t count_files(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

int main(void)
{
    char dir[] = "/tmp/audioleaf-test-mp3-XXXXXX";
    if (!mkdtemp(dir))
        return 99;
    const int rate = 22050;
    const size_t n = (size_t)rate * 5;
    int16_t *s = signal_of(n, rate);
    char path[256];
    snprintf(path, sizeof path, "%s/a.mp3", dir);
    int rc = mp3_write(path, s, n, rate, MP3_LEVEL);
    CHECKF(rc == 0, "write: %s", mp3_strerror(rc));

    /* Length: the frames written and at most the encoder's padding more (libsndfile's
     * decoder keeps the encoder delay and padding: under 0.1 s here). */
    size_t frames = 0;
    int r = 0;
    rc = mp3_info(path, &frames, &r);
    CHECKF(rc == 0 && r == rate, "info: %s, rate %d", mp3_strerror(rc), r);
    CHECKF(frames >= n && frames < n + (size_t)rate / 10, "length %zu frames, written %zu",
           frames, n);

    /* Size: constant bit rate near 48 kbit/s (the level the exports use). */
    struct stat st;
    CHECK(stat(path, &st) == 0);
    double kbps = (double)st.st_size * 8 / 1000 / ((double)n / rate);
    CHECKF(kbps > 36 && kbps < 60, "%.1f kbit/s", kbps);
    CHECKF((st.st_mode & 0777) == 0644, "mode %o", (unsigned)(st.st_mode & 0777));

    /* Sound: the 20 ms loudness envelope matches the input's (correlation > 0.95). */
    float *dec = NULL;
    size_t dn = 0;
    rc = mp3_read(path, &dec, &dn, &r);
    CHECKF(rc == 0 && dn >= n && dn < n + (size_t)rate / 10, "read: %s, %zu frames",
           mp3_strerror(rc), dn);
    if (rc == 0) {
        float *in = malloc(n * sizeof *in);
        for (size_t i = 0; i < n; i++)
            in[i] = s[i] / 32768.0f;
        /* The decoder's delay (the encoder's, under 0.1 s) is found as the best lag, in
         * steps of 1 ms. */
        size_t m1, m2;
        double *e1 = envelope(in, n, rate, &m1);
        double best = -1;
        size_t best_lag = 0;
        for (size_t lag = 0; lag <= 100; lag++) {
            size_t shift = lag * (size_t)rate / 1000;
            double *e2 = envelope(dec + shift, dn - shift, rate, &m2);
            size_t m = m1 < m2 ? m1 : m2;
            double a = 0, b = 0, ab = 0, ma = 0, mb = 0;
            for (size_t k = 0; k < m; k++) {
                ma += e1[k] / (double)m;
                mb += e2[k] / (double)m;
            }
            for (size_t k = 0; k < m; k++) {
                ab += (e1[k] - ma) * (e2[k] - mb);
                a += (e1[k] - ma) * (e1[k] - ma);
                b += (e2[k] - mb) * (e2[k] - mb);
            }
            double corr = ab / sqrt(a * b);
            if (corr > best) {
                best = corr;
                best_lag = lag;
            }
            free(e2);
        }
        CHECKF(best > 0.98, "envelope correlation %.3f at a lag of %zu ms", best, best_lag);
        printf("envelope correlation %.3f at a lag of %zu ms; %zu frames for %zu\n", best,
               best_lag, dn, n);
        free(e1);
        free(in);
        free(dec);
    }

    /* A smaller level gives a larger file (the level reaches the encoder). */
    char hi[256];
    snprintf(hi, sizeof hi, "%s/hi.mp3", dir);
    CHECK(mp3_write(hi, s, n, rate, 0.3) == 0);
    struct stat st2;
    CHECKF(stat(hi, &st2) == 0 && st2.st_size > st.st_size * 3 / 2, "level 0.3: %lld bytes, "
           "0.75: %lld", (long long)st2.st_size, (long long)st.st_size);

    /* Atomic: a failed write leaves neither a temporary file nor a changed PATH. */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/missing/b.mp3", dir);
    errno = 0;
    CHECKF(mp3_write(bad, s, n, rate, MP3_LEVEL) == MP3_EIO && errno == ENOENT,
           "into a missing folder: errno %d", errno);
    CHECKF(mp3_write(path, s, 0, 0, MP3_LEVEL) != 0, "a rate of 0 is refused");
    struct stat st3;
    CHECKF(stat(path, &st3) == 0 && st3.st_size == st.st_size, "the old file is kept");
    CHECKF(count_files(dir) == 2, "%zu files left in the folder (a.mp3, hi.mp3 expected)",
           count_files(dir));

    /* Reading: a WAV or text file is not taken for MP3, a folder is refused. */
    char txt[256];
    snprintf(txt, sizeof txt, "%s/t.mp3", dir);
    FILE *f = fopen(txt, "w");
    fputs("not audio\n", f);
    fclose(f);
    CHECK(mp3_info(txt, &frames, &r) == MP3_EREAD);
    CHECK(mp3_info(dir, &frames, &r) == MP3_EIO);
    free(s);
    tmpdir_remove(dir);
    return failures ? 1 : 0;
}
