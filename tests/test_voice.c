/* test_voice: the bundled profiles load, profiles are chosen by name or language, and
 * bad profile files give FILE:LINE:COL errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "voice.h"
#include "check.h"

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

/* Load NAME from DIR, expect STATUS and (when not NULL) an error starting with WHERE. */
static void expect_error(const char *dir, const char *name, int status, const char *where)
{
    struct voice_profile v;
    char err[512], want[512];
    int rc = voice_load(name, NULL, &v, err, sizeof err);
    if (rc != status)
        fprintf(stderr, "profile %s: got %d (%s), want %d\n", name, rc, err, status);
    CHECK(rc == status);
    if (where) {
        snprintf(want, sizeof want, "%s/%s", dir, where);
        if (strncmp(err, want, strlen(want)) != 0)
            fprintf(stderr, "profile %s: message '%s', want prefix '%s'\n", name, err, want);
        CHECK(strncmp(err, want, strlen(want)) == 0);
    }
    voice_clear(&v);
}

int main(void)
{
    const char *src = getenv("AUDIOLEAF_SRC");
    if (!src) {
        fprintf(stderr, "test_voice: AUDIOLEAF_SRC not set, skipping\n");
        return 77;
    }
    char voices[1024];
    snprintf(voices, sizeof voices, "%s/voices", src);
    setenv("AUDIOLEAF_VOICES", voices, 1);
    CHECK(strcmp(voice_dir(), voices) == 0);

    struct voice_profile v;
    char err[512];
    /* Default: English. */
    CHECK(voice_load(NULL, NULL, &v, err, sizeof err) == VOICE_OK);
    CHECK(!strcmp(v.name, "en") && !strcmp(v.language, "en"));
    CHECK(v.rate >= 80 && v.rate <= 450 && v.description[0]);
    CHECK(v.lexicon_text != NULL && v.lexicon_len > 0);
    voice_clear(&v);
    CHECK(v.lexicon_text == NULL);

    /* The clear profile is slower than the default one. */
    struct voice_profile clear;
    CHECK(voice_load("en-clear", NULL, &clear, err, sizeof err) == VOICE_OK);
    CHECK(voice_load("en", NULL, &v, err, sizeof err) == VOICE_OK);
    CHECK(clear.rate < v.rate);
    CHECK(clear.word_gap > v.word_gap);
    voice_clear(&clear);
    voice_clear(&v);

    /* By language, with region fallback, and unknown languages fall back to English. */
    CHECK(voice_load(NULL, "es", &v, err, sizeof err) == VOICE_OK);
    CHECK(!strcmp(v.name, "es") && !strcmp(v.language, "es"));
    voice_clear(&v);
    CHECK(voice_load(NULL, "ES-419", &v, err, sizeof err) == VOICE_OK);
    CHECK(!strcmp(v.name, "es"));
    voice_clear(&v);
    CHECK(voice_load(NULL, "fr", &v, err, sizeof err) == VOICE_OK);
    CHECK(!strcmp(v.name, "en"));
    voice_clear(&v);

    /* Unknown or unsafe names. */
    CHECK(voice_load("nosuch", NULL, &v, err, sizeof err) == VOICE_ENOENT);
    CHECK(strstr(err, "nosuch") != NULL);
    CHECK(voice_load("../etc/passwd", NULL, &v, err, sizeof err) == VOICE_ENOENT);

    /* Broken profiles in a temporary folder. */
    char dir[] = "/tmp/audioleaf-test-voice-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    setenv("AUDIOLEAF_VOICES", dir, 1);
    write_file(dir, "rate.ini", "[voice]\nespeak_voice = en\nlanguage = en\nrate =  9000\n");
    expect_error(dir, "rate", VOICE_ERANGE, "rate.ini:4:9: rate must be between");
    write_file(dir, "word.ini", "[voice]\nespeak_voice = en\nlanguage = en\nrate = fast\n");
    expect_error(dir, "word", VOICE_EPARSE, "word.ini:4:8: expected a whole number");
    write_file(dir, "unknown.ini", "[voice]\nespeak_voice = en\ncolour = blue\n");
    expect_error(dir, "unknown", VOICE_EPARSE, "unknown.ini:3:1: unknown field");
    write_file(dir, "noeq.ini", "[voice]\nespeak_voice = en\nthis line has no equals\n");
    expect_error(dir, "noeq", VOICE_EPARSE, "noeq.ini:3:1:");
    write_file(dir, "missing.ini", "[voice]\nespeak_voice = en\nlanguage = en\n");
    expect_error(dir, "missing", VOICE_EPARSE, "missing.ini:1:1: missing field rate");
    write_file(dir, "nolex.ini",
               "[voice]\nespeak_voice = en\nlanguage = en\nrate = 150\nlexicon = none.txt\n");
    expect_error(dir, "nolex", VOICE_ELEXICON, "none.txt:");
    write_file(dir, "badlex.txt", "# ok\nfoo f'u:\n\nlonelyword\n");
    write_file(dir, "badlex.ini",
               "[voice]\nespeak_voice = en\nlanguage = en\nrate = 150\nlexicon = badlex.txt\n");
    expect_error(dir, "badlex", VOICE_ELEXICON, "badlex.txt:4:11:");
    write_file(dir, "en.ini", "[voice]\nespeak_voice=en\nlanguage=en\nrate=200\nvariant=f2\n");
    CHECK(voice_load(NULL, "de", &v, err, sizeof err) == VOICE_OK);
    CHECK(v.rate == 200 && !strcmp(v.variant, "f2") && v.lexicon_text == NULL);
    voice_clear(&v);

    const char *names[] = {"rate", "word", "unknown", "noeq", "missing", "nolex", "badlex", "en"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.ini", dir, names[i]);
        unlink(path);
    }
    char path[512];
    snprintf(path, sizeof path, "%s/badlex.txt", dir);
    unlink(path);
    rmdir(dir);
    CHECK(strcmp(voice_strerror(VOICE_ERANGE), voice_strerror(VOICE_EPARSE)) != 0);

    /* What --lang accepts. */
    CHECK(voice_language_code_ok("en") && voice_language_code_ok("es-419") &&
          voice_language_code_ok("pt_BR") && voice_language_code_ok("abcdefghijklmno"));
    CHECK(!voice_language_code_ok("") && !voice_language_code_ok("abcdefghijklmnop") &&
          !voice_language_code_ok("en gb") && !voice_language_code_ok("en/../x") &&
          !voice_language_code_ok("é"));
    if (failures)
        fprintf(stderr, "test_voice: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
