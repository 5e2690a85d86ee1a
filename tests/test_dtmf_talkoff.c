/* test_dtmf_talkoff: speech rendered by eSpeak NG (several voices, English and
 * Spanish, at its own rate and resampled) gives no DTMF keys, and keys pressed in the
 * pauses of that speech are all found.  Skips when espeak-ng is not installed. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtmf.h"
#include "wav.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static int failures;

/* Our own words (not the seed leaflet's), long enough to hold many vowels, sibilants
 * and whistled sounds, which are what falsely triggers DTMF receivers. */
static const char TEXT_EN[] =
    "Your liver sits under the ribs on the right side. Small hard spots of calcium can "
    "form in it after an old infection, an injury, or a growth that has healed. Most "
    "people with these spots feel nothing at all, and the spots are often found by chance "
    "on a scan done for another reason. Ask your doctor: what caused the spots? Do I need "
    "another scan, and when? Should I change what I eat or drink? Call the hotline on "
    "zero eight hundred, four five six, seven eight nine, if you feel sharp pain, see "
    "yellow skin, or have a fever above thirty eight degrees. Sixty six, seventy seven, "
    "whistle, see, she sells sea shells, peace, cheese, eeeee.";

static const char TEXT_ES[] =
    "El hígado está debajo de las costillas, en el lado derecho. Pueden formarse pequeñas "
    "manchas de calcio después de una infección antigua o de una lesión ya curada. Casi "
    "siempre no causan ningún síntoma y se descubren por casualidad en una ecografía. "
    "Pregunte a su médico: ¿qué causó las manchas? ¿Necesito otra prueba? Llame si tiene "
    "fiebre, dolor fuerte o la piel amarilla. Seis, siete, ocho, nueve, sí, sííí.";

/* The seed leaflet's text when ../shared/seeds is there (NULL otherwise; free it). */
static char *seed_text(void)
{
    const char *src = getenv("AUDIOLEAF_SRC");
    char path[1024];
    snprintf(path, sizeof path, "%s/../shared/seeds/hepatic-calcification-leaflet.txt",
             src ? src : ".");
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 16);
    if (buf && fread(buf, 1, (1 << 16) - 1, f) == 0) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

/* Render TEXT with espeak-ng VOICE into a WAV file and read it; 0 on success. */
static int render(const char *voice, const char *text, int speed, struct wav_data *w)
{
    char tmpl[] = "/tmp/audioleaf-talkoff-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return -1;
    close(fd);
    char txt[sizeof tmpl + 4];
    snprintf(txt, sizeof txt, "%s.txt", tmpl);
    FILE *f = fopen(txt, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        return -1;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "espeak-ng -v %s -s %d -w %s -f %s", voice, speed, tmpl, txt);
    int rc = system(cmd);
    if (rc == 0)
        rc = wav_read(tmpl, w);
    unlink(txt);
    unlink(tmpl);
    return rc;
}

/* Scale to peak PEAK_DBFS (talk-off is worst when speech is loud). */
static void normalise(int16_t *s, size_t n, double peak_dbfs)
{
    int m = 1;
    for (size_t i = 0; i < n; i++)
        m = abs(s[i]) > m ? abs(s[i]) : m;
    double g = 32767.0 * pow(10.0, peak_dbfs / 20.0) / m;
    for (size_t i = 0; i < n; i++)
        s[i] = (int16_t)lrint(s[i] * g);
}

/* Linear-interpolation resampling, a crude "other" path (the detector uses soxr). */
static int16_t *decimate(const int16_t *s, size_t n, int from, int to, size_t *n_out)
{
    size_t m = (size_t)((double)n * to / from);
    int16_t *o = malloc(m * sizeof *o + 1);
    if (!o)
        exit(99);
    for (size_t i = 0; i < m; i++) {
        double pos = (double)i * from / to;
        size_t k = (size_t)pos;
        double fr = pos - (double)k;
        double v = s[k] * (1 - fr) + (k + 1 < n ? s[k + 1] : 0) * fr;
        o[i] = (int16_t)lrint(v);
    }
    *n_out = m;
    return o;
}

static size_t count_keys(const int16_t *s, size_t n, int rate, char *got, size_t cap)
{
    struct dtmf_keys k = {0};
    int rc = dtmf_find_in_samples(s, n, rate, NULL, &k);
    if (rc) {
        printf("FAIL dtmf_find_in_samples: %s\n", dtmf_strerror(rc));
        failures++;
    }
    size_t i = 0;
    for (; i < k.n && i + 1 < cap; i++)
        got[i] = k.keys[i].key;
    got[i] = '\0';
    size_t total = k.n;
    dtmf_keys_clear(&k);
    return total;
}

int main(void)
{
    if (system("espeak-ng --version >/dev/null 2>&1") != 0) {
        printf("SKIP: espeak-ng is not installed\n");
        return 77;
    }
    struct {
        const char *voice;
        const char *text;
        int speed;
    } cases[] = {
        {"en", TEXT_EN, 175},     {"en+f3", TEXT_EN, 175}, {"en-us+f5", TEXT_EN, 220},
        {"en+m3", TEXT_EN, 140}, {"es", TEXT_ES, 175},    {"es+f2", TEXT_ES, 160},
        {"es", TEXT_ES, 260}, /* replaced by the seed leaflet when it is there */
    };
    char *seed = seed_text();
    if (seed) {
        cases[sizeof cases / sizeof cases[0] - 1].voice = "en+f4";
        cases[sizeof cases / sizeof cases[0] - 1].text = seed;
    } else {
        printf("note: no seed leaflet in ../shared/seeds; its speech is not tried\n");
    }
    double seconds = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct wav_data w;
        if (render(cases[c].voice, cases[c].text, cases[c].speed, &w) != 0) {
            printf("FAIL: espeak-ng could not render voice %s\n", cases[c].voice);
            failures++;
            continue;
        }
        normalise(w.samples, w.n_frames, -1.0);
        seconds += (double)w.n_frames / w.rate;
        char got[64];
        size_t n = count_keys(w.samples, w.n_frames, w.rate, got, sizeof got);
        printf("%s - %s, %.1f s at %d Hz (soxr to 8 kHz): %zu keys %s\n", n ? "FAIL" : "ok",
               cases[c].voice, (double)w.n_frames / w.rate, w.rate, n, got);
        failures += n != 0;

        size_t n8;
        int16_t *s8 = decimate(w.samples, w.n_frames, w.rate, 8000, &n8);
        n = count_keys(s8, n8, 8000, got, sizeof got);
        printf("%s - %s, crudely resampled to 8 kHz: %zu keys %s\n", n ? "FAIL" : "ok",
               cases[c].voice, n, got);
        failures += n != 0;
        free(s8);

        /* Keys pressed between the words: each 60 ms tone (-16 dBFS peak per group)
         * goes where the speech has been quiet for 100 ms. */
        if (c == 0) {
            const char *keys = "46#*5";
            size_t placed = 0, quiet = 0;
            for (size_t i = 0; i < w.n_frames && keys[placed]; i++) {
                quiet = abs(w.samples[i]) < 300 ? quiet + 1 : 0;
                size_t len = (size_t)w.rate * 60 / 1000;
                if (quiet == (size_t)w.rate / 10 && i + len < w.n_frames) {
                    static const char pad[] = "123A456B789C*0#D";
                    static const double row[] = {697, 770, 852, 941};
                    static const double col[] = {1209, 1336, 1477, 1633};
                    long p = strchr(pad, keys[placed]) - pad;
                    for (size_t j = 0; j < len; j++) {
                        double t = (double)j / w.rate;
                        double v = 0.316 * (sin(2 * M_PI * row[p / 4] * t) +
                                            sin(2 * M_PI * col[p % 4] * t));
                        w.samples[i + j] = (int16_t)lrint(v * 32767 * 0.5 + w.samples[i + j]);
                    }
                    placed++;
                    quiet = 0;
                    i += len + (size_t)w.rate / 2;
                }
            }
            n = count_keys(w.samples, w.n_frames, w.rate, got, sizeof got);
            int ok = placed == strlen(keys) && !strcmp(got, keys);
            printf("%s - keys in the pauses of %s speech: placed %zu, found \"%s\"\n",
                   ok ? "ok" : "FAIL", cases[c].voice, placed, got);
            failures += !ok;
        }
        wav_data_free(&w);
    }
    free(seed);
    printf("talk-off: %.1f s of speech, %d failure(s)\n", seconds, failures);
    return failures ? 1 : 0;
}
