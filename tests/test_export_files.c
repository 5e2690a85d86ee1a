/* test_export_files: a real export (eSpeak NG renders through the cache) of small
 * English and Spanish leaflets written here, measured from the files themselves:
 * G.711 decoded with spandsp, P.56 level -26 +- 0.5 dBov, peaks under -3 dBFS, the
 * WAV headers, the Asterisk and FreeSWITCH layout, and the manifest's claims. */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <nettle/sha2.h>
#include <spandsp.h>

#include "export/phone.h"
#include "p56.h"
#include "tts.h"
#include "check.h"
#include "engine_env.h"


/* Our own small leaflets (not the seed's words). */
static const char LEAFLET_EN[] =
    "# Kidney stones\n\n"
    "What are kidney stones?\n"
    "Kidney stones are small hard lumps that form from salts in the urine. Many of them\n"
    "pass on their own within a few weeks.\n\n"
    "How are they treated?\n"
    "Drinking plenty of water helps. You may need pain relief. A few stones need a small\n"
    "procedure to break them up.\n\n"
    "Questions to ask\n\n"
    "- How big is my stone?\n"
    "- Will it pass on its own?\n"
    "- When should I come back?\n\n"
    "Disclaimer\n\n"
    "This leaflet does not replace the advice of your own care team.\n\n"
    "Last updated March 2025\n";

static const char LEAFLET_ES[] =
    "---\nlanguage: es\n---\n"
    "# Piedras en el riñón\n\n"
    "¿Qué son?\n"
    "Son pequeños bultos duros que se forman con las sales de la orina.\n\n"
    "Preguntas para su médico\n\n"
    "- ¿Qué tamaño tiene mi piedra?\n"
    "- ¿Cuándo debo volver?\n";

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(n > 0 ? (size_t)n : 1);
    if (b && n > 0 && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = n > 0 ? (size_t)n : 0;
    return b;
}

static void sha256_hex(const unsigned char *d, size_t n, char out[65])
{
    struct sha256_ctx ctx;
    uint8_t md[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, n, d);
    sha256_digest(&ctx, sizeof md, md);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Decode a file of CODEC into 16-bit samples with spandsp's G.711 tables. */
static int16_t *decode(const unsigned char *b, size_t len, const char *codec, size_t *n)
{
    int lin = !strcmp(codec, "sln");
    *n = lin ? len / 2 : len;
    int16_t *s = malloc(*n * sizeof *s + 1);
    if (!s)
        exit(99);
    for (size_t i = 0; i < *n; i++) {
        if (lin)
            s[i] = (int16_t)(uint16_t)(b[2 * i] | b[2 * i + 1] << 8);
        else if (!strcmp(codec, "ulaw"))
            s[i] = ulaw_to_linear(b[i]);
        else
            s[i] = alaw_to_linear(b[i]);
    }
    return s;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Export TEXT as FILE in TOP with CODEC and check every file against the manifest. */
static void run(const char *top, const char *cache, const char *file, const char *text,
                const char *codec_arg, enum export_phone_codec codec, const char *lang,
                const char *welcome_word)
{
    char leaf[512], dir[512], err[2048];
    snprintf(leaf, sizeof leaf, "%s/%s", top, file);
    snprintf(dir, sizeof dir, "%s/out-%s-%s", top, lang, codec_arg);
    FILE *f = fopen(leaf, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        printf("FAIL: cannot write %s\n", leaf);
        failures++;
        return;
    }
    struct export_phone_options o = {.leaflet = leaf, .dir = dir, .codec = codec,
                                     .cache_dir = cache};
    int rc = export_phone(&o, err, sizeof err);
    CHECKF(rc == 0, "export %s: %s", file, err);
    if (rc)
        return;
    char path[1024];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    size_t len;
    char *json = (char *)slurp(path, &len);
    cJSON *m = json ? cJSON_ParseWithLength(json, len) : NULL;
    free(json);
    CHECKF(m != NULL, "%s parses as JSON", path);
    if (!m)
        return;
    const cJSON *files = cJSON_GetObjectItem(m, "files");
    const char *ext = !strcmp(codec_arg, "slin") ? "sln" : codec_arg;
    CHECKF(!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(m, "codec")), codec_arg),
          "manifest codec");
    CHECKF(!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(m, "language")), lang),
          "manifest language");
    const char *fs_sounds =
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "freeswitch"), "sounds"));
    size_t count = 0, units = 0;
    double worst_level = -26.0, worst_peak = -100;
    int saw_welcome = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, files)
    {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(e, "id"));
        const char *hash = cJSON_GetStringValue(cJSON_GetObjectItem(e, "sha256"));
        const char *etext = cJSON_GetStringValue(cJSON_GetObjectItem(e, "text"));
        double mlevel = cJSON_GetNumberValue(cJSON_GetObjectItem(e, "level_dbov"));
        double mpeak = cJSON_GetNumberValue(cJSON_GetObjectItem(e, "peak_dbfs"));
        double mdur = cJSON_GetNumberValue(cJSON_GetObjectItem(e, "duration"));
        if (!id || !hash || !etext) {
            CHECKF(0, "manifest entry %zu lacks id, sha256 or text", count);
            continue;
        }
        count++;
        units += !strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(e, "kind")), "unit");
        CHECKF(strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_-") == strlen(id),
              "id '%s' is lowercase [a-z0-9_-]", id);
        if (strstr(id, "-welcome") && !strstr(id, "short"))
            saw_welcome = strstr(etext, welcome_word) != NULL;

        /* The Asterisk codec file: decoded here, measured here. */
        snprintf(path, sizeof path, "%s/asterisk/%s/audioleaf/%s.%s", dir, lang, id, ext);
        unsigned char *b = slurp(path, &len);
        CHECKF(b != NULL, "%s exists", path);
        if (!b)
            continue;
        char h[65];
        sha256_hex(b, len, h);
        CHECKF(!strcmp(h, hash), "%s: manifest sha256 matches the file", id);
        size_t n;
        int16_t *s = decode(b, len, ext, &n);
        free(b);
        struct p56_result r;
        p56_measure_s16(s, n, 8000, &r);
        CHECKF(fabs(r.level_dbov + 26.0) <= 0.5, "%s: %.2f dBov, want -26 +- 0.5", id,
              r.level_dbov);
        CHECKF(r.peak_dbfs < -3.0, "%s: peak %.2f dBFS, want < -3", id, r.peak_dbfs);
        CHECKF(fabs(r.level_dbov - mlevel) < 0.01 && fabs(r.peak_dbfs - mpeak) < 0.01,
              "%s: manifest level/peak %.2f/%.2f, measured %.2f/%.2f", id, mlevel, mpeak,
              r.level_dbov, r.peak_dbfs);
        CHECKF(fabs((double)n / 8000.0 - mdur) < 0.001, "%s: manifest duration %.3f, file %.3f",
              id, mdur, (double)n / 8000.0);
        CHECKF(mdur > 0.7, "%s: longer than its 0.7 s of silence", id);
        if (fabs(r.level_dbov + 26.0) > fabs(worst_level + 26.0))
            worst_level = r.level_dbov;
        if (r.peak_dbfs > worst_peak)
            worst_peak = r.peak_dbfs;

        /* The Asterisk WAV: 44-byte header, 8 kHz mono 16-bit, same samples as the
         * codec file decodes to; the FreeSWITCH WAV is the same file. */
        snprintf(path, sizeof path, "%s/asterisk/%s/audioleaf/%s.wav", dir, lang, id);
        unsigned char *w = slurp(path, &len);
        CHECKF(w && len == 44 + 2 * n && !memcmp(w, "RIFF", 4) && !memcmp(w + 8, "WAVEfmt ", 8) &&
                  le32(w + 16) == 16 && w[20] == 1 && w[22] == 1 && le32(w + 24) == 8000 &&
                  w[34] == 16 && !memcmp(w + 36, "data", 4) && le32(w + 40) == 2 * n,
              "%s: plain 8 kHz mono 16-bit WAV with the data at byte 44", path);
        if (w && len == 44 + 2 * n) {
            size_t same = 0;
            for (size_t i = 0; i < n; i++)
                same += (int16_t)(uint16_t)(w[44 + 2 * i] | w[45 + 2 * i] << 8) == s[i];
            CHECKF(same == n, "%s: the WAV holds what the %s file decodes to", id, ext);
        }
        char fsp[1024];
        snprintf(fsp, sizeof fsp, "%s/%s/%s.wav", dir, fs_sounds ? fs_sounds : "?", id);
        size_t flen;
        unsigned char *fw = slurp(fsp, &flen);
        CHECKF(fw && w && flen == len && !memcmp(fw, w, len), "%s: FreeSWITCH copy", fsp);
        free(fw);
        free(w);
        free(s);
    }
    CHECKF(units >= 5 && count >= units * 2 + 13, "%zu files, %zu units", count, units);
    CHECKF(saw_welcome, "the welcome prompt is in the leaflet's language ('%s')", welcome_word);
    printf("%s - %s %s: %zu files (%zu units); worst level %.2f dBov, highest peak %.2f dBFS\n",
           failures ? "FAIL" : "ok", lang, codec_arg, count, units, worst_level, worst_peak);
    cJSON_Delete(m);
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[2048];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        remove_tree(p);
    }
    closedir(d);
    rmdir(path);
}

int main(void)
{
    struct tts *t;
    const char *missing = engine_env_missing();
    if (missing) {
        printf("SKIP: %s\n", missing);
        return 77;
    }
    if (tts_open(&t) != 0) {
        printf("FAIL: tts_open fails though eSpeak NG is installed\n");
        return 1;
    }
    tts_close(t);
    char top[] = "/tmp/audioleaf-test-export-files-XXXXXX";
    if (!mkdtemp(top)) {
        printf("FAIL: mkdtemp\n");
        return 1;
    }
    char cache[600];
    snprintf(cache, sizeof cache, "%s/cache", top);
    run(top, cache, "Kidney Stones.txt", LEAFLET_EN, "ulaw", EXPORT_PHONE_ULAW, "en", "Welcome");
    run(top, cache, "Kidney Stones.txt", LEAFLET_EN, "alaw", EXPORT_PHONE_ALAW, "en", "Welcome");
    run(top, cache, "Kidney Stones.txt", LEAFLET_EN, "slin", EXPORT_PHONE_SLIN, "en", "Welcome");
    run(top, cache, "piedras.txt", LEAFLET_ES, "ulaw", EXPORT_PHONE_ULAW, "es", "Bienvenido");
    remove_tree(top);
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    return 0;
}
