/* test_export_model: the shared export model (export/model.h) of leaflets written here,
 * rendered through eSpeak NG: the title unit, kinds and levels of every unit, display text
 * that is the leaflet's own words (templates resolved, no phoneme codes), one sentence per
 * written sentence with times that tile each unit's audio at a speaking rate, the date
 * from the "last updated" line (or the file's), and clear errors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "check.h"
#include "engine_env.h"
#include "export/model.h"
#include "tmpdir.h"
#include "tts.h"

/* Front-matter title of its own, a template alternative, a plain list, a questions list,
 * a paragraph after a list, a disclaimer and an updated line. */
static const char LEAFLET_EN[] =
    "---\ntitle: Kidney stones: a guide\n---\n"
    "What are kidney stones?\n"
    "Kidney stones are small hard lumps. They form from salts in the urine. Many of them "
    "pass on their own.\n\n"
    "What helps?\n"
    "- drinking plenty of water\n"
    "- pain relief when you need it\n\n"
    "Most stones pass within a few weeks.\n\n"
    "Questions to ask\n\n"
    "- How big is my stone?\n"
    "- When should I come back?\n\n"
    "Disclaimer:\n\n"
    "Read [this leaflet/ our website] with your own care team.\n\n"
    "Last updated March 2025\n";

/* The title is the first heading; no questions; Spanish date. */
static const char LEAFLET_ES[] =
    "---\nlanguage: es\n---\n"
    "Piedras en el riñón\n\n"
    "Son pequeños bultos duros. Se forman con las sales de la orina.\n\n"
    "Última actualización: diciembre de 2024\n";

/* One section, no updated line. */
static const char LEAFLET_ONE[] = "Clean hands\n\nWash your hands well. Dry them.\n";

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        exit(99);
}

static struct export_model *load(const char *path, const char *cache)
{
    struct export_model_options o = {.leaflet = path, .cache_dir = cache, .n_workers = 1};
    struct export_model *m = NULL;
    char err[2048];
    int rc = export_model_load(&o, &m, err, sizeof err);
    CHECKF(rc == 0 && m, "%s: %s", path, err);
    return rc ? NULL : m;
}

/* What holds for every unit of every model. */
static void check_units(const struct export_model *m)
{
    double sum = 0;
    for (size_t i = 0; i < m->n_units; i++) {
        const struct export_unit *u = &m->units[i];
        sum += u->seconds;
        CHECKF(u->n_sentences >= u->n_parts && u->n_parts >= 1, "%s: %zu sentences, %zu parts",
               u->id, u->n_sentences, u->n_parts);
        CHECKF(fabs(u->seconds - (double)u->n_frames / u->rate) < 0.001, "%s: seconds", u->id);
        size_t part = 0;
        for (size_t k = 0; k < u->n_sentences; k++) {
            const struct export_sentence *s = &u->sentences[k];
            CHECKF(k > 0 || s->begin == 0, "%s: the first sentence starts at 0", u->id);
            CHECKF(k == 0 || s->begin == u->sentences[k - 1].end, "%s: sentence %zu follows "
                   "the one before", u->id, k + 1);
            CHECKF(s->end > s->begin, "%s: sentence %zu has a length", u->id, k + 1);
            CHECKF(s->part == part || s->part == part + 1, "%s: parts in order", u->id);
            part = s->part;
            CHECKF(s->text[0] && !strstr(s->text, "[[") && !strchr(s->text, '/'),
                   "%s: display text %s", u->id, s->text);
            /* At a speaking rate: the marks and the text line up. */
            double cps = (double)strlen(s->text) / (s->end - s->begin);
            CHECKF(cps > 4 && cps < 30, "%s: '%s' %.2f-%.2f s (%.1f characters/s)", u->id,
                   s->text, s->begin, s->end, cps);
        }
        CHECKF(u->n_sentences && u->sentences[u->n_sentences - 1].end == u->seconds,
               "%s: the last sentence ends with the audio", u->id);
        CHECKF(part + 1 == u->n_parts, "%s: every part has a sentence", u->id);
        int16_t *s = NULL;
        size_t n = 0;
        char err[2048];
        CHECKF(export_model_samples(u, &s, &n, err, sizeof err) == 0 && n == u->n_frames,
               "%s: samples: %s", u->id, err);
        free(s);
    }
    CHECKF(fabs(m->seconds - sum) < 0.001 * (double)m->n_units + 0.0005, "total %.3f, sum %.3f",
           m->seconds, sum);
}

static const struct export_unit *unit(const struct export_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_units; i++)
        if (!strcmp(m->units[i].id, id))
            return &m->units[i];
    CHECKF(0, "no unit %s", id);
    return NULL;
}

int main(void)
{
    const char *missing = engine_env_missing();
    if (missing) {
        printf("SKIP: %s\n", missing);
        return 77;
    }
    struct tts *t;
    if (tts_open(&t) != 0) {
        printf("FAIL: tts_open fails though eSpeak NG is installed\n");
        return 1;
    }
    tts_close(t);
    char top[] = "/tmp/audioleaf-test-export-model-XXXXXX";
    if (!mkdtemp(top))
        return 99;
    char cache[600], en[600], es[600], one[600];
    snprintf(cache, sizeof cache, "%s/cache", top);
    snprintf(en, sizeof en, "%s/Kidney Stones.txt", top);
    snprintf(es, sizeof es, "%s/piedras.txt", top);
    snprintf(one, sizeof one, "%s/hands.txt", top);
    write_file(en, LEAFLET_EN);
    write_file(es, LEAFLET_ES);
    write_file(one, LEAFLET_ONE);
    struct utimbuf when = {.actime = 1700000000, .modtime = 1700000000}; /* 2023-11-14 */
    utime(one, &when);

    struct export_model *m = load(en, cache);
    if (m) {
        check_units(m);
        CHECKF(!strcmp(m->title, "Kidney stones: a guide") && !strcmp(m->language, "en") &&
               !strcmp(m->date, "2025-03-01") && !strcmp(m->name, "kidney-stones") &&
               !strcmp(m->source, "Kidney Stones.txt"),
               "metadata: '%s' %s %s %s %s", m->title, m->language, m->date, m->name, m->source);
        /* In playing order, with the kinds and levels of each. */
        static const struct {
            const char *id;
            enum export_unit_kind kind;
            int level;
        } want[] = {
            {"title", EXPORT_UNIT_TITLE, 1},     {"s1", EXPORT_UNIT_SECTION, 1},
            {"s2", EXPORT_UNIT_SECTION, 1},      {"s2-q1", EXPORT_UNIT_ITEM, 0},
            {"s2-q2", EXPORT_UNIT_ITEM, 0},      {"s2-p1", EXPORT_UNIT_PARAGRAPH, 0},
            {"s3", EXPORT_UNIT_SECTION, 1},      {"s3-q1", EXPORT_UNIT_QUESTION, 2},
            {"s3-q2", EXPORT_UNIT_QUESTION, 2},  {"s4", EXPORT_UNIT_DISCLAIMER, 1},
            {"updated", EXPORT_UNIT_UPDATED, 0},
        };
        size_t nw = sizeof want / sizeof want[0];
        CHECKF(m->n_units == nw, "%zu units, %zu expected", m->n_units, nw);
        for (size_t i = 0; i < nw && i < m->n_units; i++)
            CHECKF(!strcmp(m->units[i].id, want[i].id) && m->units[i].kind == want[i].kind &&
                       m->units[i].level == want[i].level,
                   "unit %zu: %s %s level %d; expected %s %s level %d", i, m->units[i].id,
                   export_unit_kind_name(m->units[i].kind), m->units[i].level, want[i].id,
                   export_unit_kind_name(want[i].kind), want[i].level);
        /* The written sentences, one each, in the leaflet's words. */
        const struct export_unit *u = unit(m, "s1");
        if (u && u->n_sentences == 4) {
            CHECK(u->has_heading && !strcmp(u->heading, "What are kidney stones?"));
            CHECK(!strcmp(u->sentences[0].text, "What are kidney stones?"));
            CHECK(!strcmp(u->sentences[1].text, "Kidney stones are small hard lumps."));
            CHECK(!strcmp(u->sentences[2].text, "They form from salts in the urine."));
            CHECK(!strcmp(u->sentences[3].text, "Many of them pass on their own."));
            CHECK(u->sentences[0].part == 0 && u->sentences[1].part == 1);
        } else {
            CHECKF(0, "s1: %zu sentences, 4 expected", u ? u->n_sentences : 0);
        }
        u = unit(m, "s4");
        CHECKF(u && !strcmp(u->heading, "Disclaimer") && u->n_sentences == 2 &&
                   !strcmp(u->sentences[1].text, "Read this leaflet with your own care team."),
               "disclaimer: heading without ':', the template's first choice");
        u = unit(m, "s3-q2");
        CHECKF(u && u->heading && !strcmp(u->heading, "When should I come back?"),
               "a question is a heading");
        u = unit(m, "title");
        CHECKF(u && u->n_sentences == 1 && !strcmp(u->sentences[0].text, "Kidney stones: a guide"),
               "the front matter's title is spoken and shown as written");
        export_model_free(m);
    }

    m = load(es, cache);
    if (m) {
        check_units(m);
        CHECKF(!strcmp(m->language, "es") && !strcmp(m->date, "2024-12-01") &&
                   m->n_units == 2 && m->units[0].kind == EXPORT_UNIT_TITLE &&
                   !strcmp(m->units[0].id, "s1") && m->units[0].n_sentences == 3,
               "es: %s %s, %zu units, first %s", m->language, m->date, m->n_units,
               m->n_units ? m->units[0].id : "-");
        export_model_free(m);
    }

    m = load(one, cache);
    if (m) {
        check_units(m);
        CHECKF(m->n_units == 1 && m->units[0].kind == EXPORT_UNIT_TITLE &&
                   !strcmp(m->date, "2023-11-14"),
               "one section: %zu units, date %s (the file's)", m->n_units, m->date);
        export_model_free(m);
    }

    /* Errors: a missing file and a leaflet that does not parse are named. */
    char err[2048], path[700];
    snprintf(path, sizeof path, "%s/none.txt", top);
    struct export_model_options o = {.leaflet = path, .cache_dir = cache};
    m = NULL;
    CHECK(export_model_load(&o, &m, err, sizeof err) == EXPORT_MODEL_EINPUT && !m &&
          strstr(err, "none.txt"));
    snprintf(path, sizeof path, "%s/nul.txt", top);
    FILE *f = fopen(path, "w");
    fwrite("Heading\n\nText\0more.\n", 1, 20, f);
    fclose(f);
    CHECKF(export_model_load(&o, &m, err, sizeof err) == EXPORT_MODEL_EINPUT && !m &&
               strstr(err, "nul.txt:3:"),
           "a NUL byte: %s", err);
    tmpdir_remove(top);
    return failures ? 1 : 0;
}
