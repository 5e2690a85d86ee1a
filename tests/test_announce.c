/* test_announce: every announcement of every language has its own words (no English left
 * in a translated table) and renders to audible speech through the real cache and eSpeak
 * NG with that language's default voice profile. */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "announce.h"
#include "cache.h"
#include "voice.h"
#include "wav.h"
#include "check.h"
#include "engine_env.h"

/* The languages with a table of their own. */
static const char *const langs[] = {"en", "es", "sw"};
#define N_LANGS (sizeof langs / sizeof langs[0])

/* English words of the English table: none may appear, as a whole word, in another. */
static const char *const english[] = {
    "section",   "sections", "leaflet", "leaflets", "item",      "items",   "sentence",
    "sentences", "first",    "last",    "paused",   "keys",      "words",   "minute",
    "minutes",   "seconds",  "left",    "faster",   "slower",    "speed",   "start",
    "end",       "of",       "help",    "where",    "questions", "and",     "per",
    "about",     "repeat",   "star",    "hash",     "fastest",   "slowest", "this",
    "welcome",   "press",    "listen",  "choose",   "another",
};

/* Every announcement as (what, its text); N is how many were written. */
#define MAX_TEXTS 64
struct texts {
    char what[MAX_TEXTS][48];
    char text[MAX_TEXTS][1024];
    size_t n;
};

static void add(struct texts *t, const char *what, int rc)
{
    CHECK(rc == ANNOUNCE_OK);
    if (rc != ANNOUNCE_OK)
        fprintf(stderr, "  %s: %s\n", what, announce_strerror(rc));
    snprintf(t->what[t->n], sizeof t->what[0], "%s", what);
    t->n++;
}

static void all_texts(const char *lang, struct texts *t)
{
    t->n = 0;
    struct nav_effect e = {.kind = NAV_FX_SAY};
    char what[48];
    for (int say = 0; say < NAV_SAY_COUNT; say++) {
        e.say = (enum nav_say)say;
        int variants = say == NAV_SAY_LEVEL   ? NAV_LEVEL_COUNT
                       : say == NAV_SAY_RATE  ? 4
                       : say == NAV_SAY_WHERE ? 3
                                              : 1;
        for (int v = 0; v < variants; v++) {
            memset(e.arg, 0, sizeof e.arg);
            if (say == NAV_SAY_LEVEL) {
                e.arg[0] = v;
            } else if (say == NAV_SAY_RATE) {
                static const long dir[4] = {-2, -1, 1, 2};
                e.arg[0] = 200;
                e.arg[1] = dir[v];
            } else if (say == NAV_SAY_WHERE) {
                static const long left[3] = {30, 75, 300}; /* seconds, one minute, minutes */
                e.arg[0] = 2;
                e.arg[1] = 8;
                e.arg[2] = 3;
                e.arg[3] = 9;
                e.arg[4] = left[v];
            }
            snprintf(what, sizeof what, "say %d variant %d", say, v);
            add(t, what, announce_text(lang, &e, "Heading", t->text[t->n], sizeof t->text[0]));
        }
    }
    for (int w = ANNOUNCE_LEAFLETS; w < ANNOUNCE_LIBRARY_COUNT; w++) {
        snprintf(what, sizeof what, "library %d", w);
        add(t, what,
            announce_library_text(lang, (enum announce_library)w, 2, 3, t->text[t->n],
                                  sizeof t->text[0]));
    }
}

/* 1 when WORD occurs in TEXT as a whole word, ASCII case ignored. */
static int has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; *p; p++) {
        if (p != text && isalpha((unsigned char)p[-1]))
            continue;
        if (strncasecmp(p, word, n) == 0 && !isalpha((unsigned char)p[n]))
            return 1;
    }
    return 0;
}

static void test_languages(void)
{
    for (size_t i = 0; i < N_LANGS; i++)
        CHECK(!strcmp(announce_language(langs[i]), langs[i]));
    CHECK(!strcmp(announce_language("sw-KE"), "sw"));
    CHECK(!strcmp(announce_language("es_419"), "es"));
    CHECK(!strcmp(announce_language("swa"), "en"));
    CHECK(!strcmp(announce_language("de"), "en"));
    CHECK(!strcmp(announce_language(NULL), "en"));
}

/* The library's welcome counts the leaflets (one: its own words), "choose" names the
 * leaflet's number; out of range is refused. */
static void test_library(void)
{
    char buf[256];
    CHECK(announce_library_text("en", ANNOUNCE_WELCOME, 4, 0, buf, sizeof buf) == ANNOUNCE_OK);
    CHECKF(!strcmp(buf, "Welcome. There are 4 leaflets."), "'%s'", buf);
    CHECK(announce_library_text("en", ANNOUNCE_WELCOME, 1, 0, buf, sizeof buf) == ANNOUNCE_OK);
    CHECKF(!strcmp(buf, "Welcome. There is one leaflet."), "'%s'", buf);
    CHECK(announce_library_text("sw", ANNOUNCE_WELCOME, 7, 0, buf, sizeof buf) == ANNOUNCE_OK);
    CHECKF(!strcmp(buf, "Karibu. Kuna vipeperushi 7."), "'%s'", buf);
    CHECK(announce_library_text("es", ANNOUNCE_CHOOSE, 3, 0, buf, sizeof buf) == ANNOUNCE_OK);
    CHECKF(strstr(buf, "Pulse 8") && strstr(buf, "folleto 3,"), "'%s'", buf);
    CHECK(announce_library_text("en", ANNOUNCE_LIBRARY_COUNT, 1, 1, buf, sizeof buf) ==
          ANNOUNCE_EINVAL);
}

static void test_translated(void)
{
    static struct texts en, other;
    all_texts("en", &en);
    CHECK(en.n > 20);
    for (size_t l = 1; l < N_LANGS; l++) {
        all_texts(langs[l], &other);
        CHECK(other.n == en.n);
        for (size_t i = 0; i < other.n && i < en.n; i++) {
            CHECK(other.text[i][0] != '\0');
            if (!strcmp(other.text[i], en.text[i])) {
                fprintf(stderr, "  %s %s is the English text '%s'\n", langs[l], other.what[i],
                        en.text[i]);
                failures++;
            }
            for (size_t w = 0; w < sizeof english / sizeof english[0]; w++) {
                if (has_word(other.text[i], english[w])) {
                    fprintf(stderr, "  %s %s has the English word '%s': %s\n", langs[l],
                            other.what[i], english[w], other.text[i]);
                    failures++;
                }
            }
        }
    }
    /* The checker itself: an English text is caught. */
    CHECK(has_word("Leaflet 2 of 3.", "of") && !has_word("Kipeperushi", "leaflet"));
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Peak absolute sample of the WAV at PATH, or -1. */
static int peak_of(const char *path, size_t *frames)
{
    struct wav_data w;
    if (wav_read(path, &w) != WAV_OK)
        return -1;
    int peak = 0;
    for (size_t i = 0; i < w.n_frames; i++) {
        int a = abs((int)w.samples[i]);
        if (a > peak)
            peak = a;
    }
    *frames = w.n_frames;
    wav_data_free(&w);
    return peak;
}

static int test_rendered(void)
{
    char dir[] = "/tmp/audioleaf-test-announce-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    struct cache *c = NULL;
    /* Skipped only when the machine lacks the engine; the product failing is a failure. */
    const char *missing = engine_env_missing();
    if (missing) {
        fprintf(stderr, "test_announce: the render part skipped: %s\n", missing);
        rmdir(dir);
        return 77;
    }
    int open_rc = cache_open(dir, &c);
    if (open_rc != CACHE_OK) {
        fprintf(stderr, "test_announce: cache_open failed (%d) though eSpeak NG is installed\n",
                open_rc);
        rmdir(dir);
        return 1;
    }
    static struct texts t;
    for (size_t l = 0; l < N_LANGS; l++) {
        struct voice_profile vp;
        char err[600] = "";
        int rc = voice_load(NULL, langs[l], &vp, err, sizeof err);
        CHECK(rc == VOICE_OK);
        if (rc != VOICE_OK) {
            fprintf(stderr, "  %s: %s\n", langs[l], err);
            continue;
        }
        CHECK(!strcmp(vp.language, langs[l]));
        all_texts(langs[l], &t);
        size_t total = 0;
        for (size_t i = 0; i < t.n; i++) {
            struct cache_entry e;
            rc = cache_fetch(c, &vp, t.text[i], &e);
            CHECK(rc == CACHE_OK);
            if (rc != CACHE_OK) {
                fprintf(stderr, "  %s %s: %s\n", langs[l], t.what[i], cache_strerror(rc));
                continue;
            }
            size_t frames = 0;
            int peak = peak_of(e.path, &frames);
            /* At least a fifth of a second of sound that is not near silence. */
            if (peak < 1000 || frames < (size_t)e.rate / 5) {
                fprintf(stderr, "  %s %s '%s': %zu frames, peak %d\n", langs[l], t.what[i],
                        t.text[i], frames, peak);
                failures++;
            }
            total += frames;
            cache_entry_clear(&e);
        }
        printf("%s: %zu announcements, %.1f s of speech\n", langs[l], t.n,
               (double)total / 22050.0);
        voice_clear(&vp);
    }
    cache_close(c);
    nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
    return 0;
}

int main(void)
{
    /* The voice profiles of the source tree. */
    const char *src = getenv("AUDIOLEAF_SRC");
    char voices[1024];
    if (src && *src && !getenv("AUDIOLEAF_VOICES")) {
        snprintf(voices, sizeof voices, "%s/voices", src);
        setenv("AUDIOLEAF_VOICES", voices, 1);
    }
    test_languages();
    test_translated();
    test_library();
    int rc = test_rendered();
    if (failures)
        fprintf(stderr, "test_announce: %d failure(s)\n", failures);
    return failures ? 1 : rc;
}
