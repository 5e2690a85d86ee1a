/* test_langdetect: leaflets that declare no language are detected as en, es or sw from
 * their text (tests/data/undeclared-*.txt, written for these tests); a declared language
 * wins; short or foreign text falls back to en with its reason; the guess is repeatable,
 * keeps to the candidates given and does not depend on the leaflet's size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "langdetect.h"
#include "leaflet.h"
#include "spoken.h"

static const char *const voice_langs[] = {"en", "es", "sw"};

static struct leaflet *load(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/%s", getenv("AUDIOLEAF_SRC"), name);
    struct leaflet *lf = NULL;
    struct leaflet_error err;
    int rc = leaflet_load(path, &lf, &err);
    CHECKF(rc == 0, "%s: %s", path, err.message);
    return lf;
}

/* Detect NAME among the voice languages; check the code and where it came from. */
static void expect(const char *name, const char *code, enum leaflet_language_source src,
                   const char *note_part)
{
    struct leaflet *lf = load(name);
    if (!lf)
        return;
    CHECK(langdetect_leaflet(lf, voice_langs, 3) == LANGDETECT_OK);
    CHECKF(!strcmp(lf->language, code), "%s: got %s, want %s (%s)", name, lf->language, code,
           lf->language_note);
    CHECKF(lf->language_source == src, "%s: source %d, want %d", name, (int)lf->language_source,
           (int)src);
    CHECKF(strstr(lf->language_note, note_part) != NULL, "%s: note '%s' lacks '%s'", name,
           lf->language_note, note_part);
    leaflet_free(lf);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(void)
{
    if (!getenv("AUDIOLEAF_SRC")) {
        fprintf(stderr, "skip: AUDIOLEAF_SRC is not set\n");
        return 77;
    }
    char fp[1200];
    struct stat st;
    snprintf(fp, sizeof fp, "%s/en.lm", langdetect_dir());
    if (stat(fp, &st) != 0) {
        fprintf(stderr, "skip: no libexttextcat fingerprints (%s)\n", fp);
        return 77;
    }

    /* Undeclared leaflets, several paragraphs, numbers everywhere. */
    expect("undeclared-en.txt", "en", LEAFLET_LANGUAGE_DETECTED, "detected from the text");
    expect("undeclared-es.txt", "es", LEAFLET_LANGUAGE_DETECTED, "detected from the text");
    expect("undeclared-sw.txt", "sw", LEAFLET_LANGUAGE_DETECTED, "detected from the text");

    /* A declared language wins, even over text in another language. */
    struct leaflet *lf = load("declared-en-spanish-text.txt");
    if (lf) {
        CHECK(lf->language_source == LEAFLET_LANGUAGE_DECLARED);
        CHECK(langdetect_leaflet(lf, voice_langs, 3) == LANGDETECT_OK);
        CHECK(!strcmp(lf->language, "en") && lf->language_source == LEAFLET_LANGUAGE_DECLARED);
        CHECK(lf->language_note[0] == '\0');
        leaflet_free(lf);
    }
    /* ... and through spoken_settle_language(), which outline and spoken_open() use. */
    lf = load("declared-en-spanish-text.txt");
    if (lf) {
        CHECK(spoken_settle_language(lf) == SPOKEN_OK && !strcmp(lf->language, "en"));
        leaflet_free(lf);
    }
    lf = load("undeclared-es.txt");
    if (lf) {
        CHECK(lf->language_source == LEAFLET_LANGUAGE_DEFAULT && !strcmp(lf->language, "en"));
        CHECK(spoken_settle_language(lf) == SPOKEN_OK);
        CHECKF(!strcmp(lf->language, "es") && lf->language_source == LEAFLET_LANGUAGE_DETECTED,
               "voices/ languages: got %s", lf->language);
        leaflet_free(lf);
    }

    /* Too short: the default, and why. */
    expect("short-undeclared.txt", "en", LEAFLET_LANGUAGE_DEFAULT, "too little text");
    /* French: no voice, near to several; the default rather than a wrong voice. */
    expect("undeclared-fr.txt", "en", LEAFLET_LANGUAGE_DEFAULT, "about as near");

    /* Raw text: repeatable; a region code is kept; only the candidates given are chosen. */
    lf = load("undeclared-es.txt");
    if (lf) {
        const char *text = lf->sections[1].paragraphs[0];
        char sample[4096];
        snprintf(sample, sizeof sample, "%s %s %s", lf->sections[0].paragraphs[0], text,
                 lf->sections[2].paragraphs[0]);
        struct langdetect_result a, b;
        CHECK(langdetect_text(sample, strlen(sample), voice_langs, 3, &a) == 0);
        CHECK(langdetect_text(sample, strlen(sample), voice_langs, 3, &b) == 0);
        CHECK(a.detected && !strcmp(a.language, "es") && !memcmp(&a, &b, sizeof a));
        const char *regions[] = {"en-gb", "es-419", "sw"};
        CHECK(langdetect_text(sample, strlen(sample), regions, 3, &a) == 0);
        CHECKF(a.detected && !strcmp(a.language, "es-419"), "got %s", a.language);
        const char *only_en_sw[] = {"en", "sw"};
        CHECK(langdetect_text(sample, strlen(sample), only_en_sw, 2, &a) == 0);
        CHECKF(!strcmp(a.language, "en") || !strcmp(a.language, "sw"), "got %s", a.language);
        CHECK(langdetect_text(sample, strlen(sample), NULL, 0, &a) == 0);
        CHECK(!a.detected && !strcmp(a.language, "en") && strstr(a.reason, "no voice"));

        /* A leaflet of 1 MB: only the first LANGDETECT_SAMPLE_BYTES are read, so it is as
         * quick as a small one. */
        size_t big = 1u << 20, n = 0, tl = strlen(sample);
        char *buf = malloc(big + 1);
        CHECK(buf != NULL);
        while (buf && n + tl + 1 <= big) {
            memcpy(buf + n, sample, tl);
            n += tl;
            buf[n++] = '\n';
        }
        if (buf) {
            double t0 = now();
            CHECK(langdetect_text(buf, n, voice_langs, 3, &a) == 0);
            double t1 = now();
            CHECK(a.detected && !strcmp(a.language, "es"));
            fprintf(stderr, "1 MB of text: %.2f ms\n", (t1 - t0) * 1e3);
        }
        free(buf);

        /* No fingerprints: the default, naming what is missing. */
        setenv("AUDIOLEAF_TEXTCAT_DIR", "/nonexistent-textcat", 1);
        CHECK(langdetect_text(sample, strlen(sample), voice_langs, 3, &a) == 0);
        CHECKF(!a.detected && !strcmp(a.language, "en") &&
                   strstr(a.reason, "/nonexistent-textcat/en.lm"),
               "reason: %s", a.reason);
        unsetenv("AUDIOLEAF_TEXTCAT_DIR");
        leaflet_free(lf);
    }
    return failures ? 1 : 0;
}
