/* test_player_resume: the saved place (resume) across runs and changed leaflets, and the
 * announcement texts the player speaks (English, Spanish). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "announce.h"
#include "leaflet.h"
#include "resume.h"
#include "speech.h"
#include "check.h"
#include "tmpdir.h"

static const char v1[] = "# Living with a thing\n\n"
                         "This leaflet explains the thing. It is short.\n\n"
                         "What is it?\n\nIt is a thing. Many people have one.\n\n"
                         "How is it found?\n\nA scan finds it.\n\n"
                         "Questions to ask\n\n- Is it serious?\n- Will it go away?\n";
/* v2: "What is it?" renamed, "How is it found?" gone. */
static const char v2[] = "# Living with a thing\n\n"
                         "This leaflet explains the thing. It is short.\n\n"
                         "What exactly is it?\n\nIt is a thing.\n\n"
                         "Questions to ask\n\n- Is it serious?\n- Will it go away?\n";

struct doc {
    struct leaflet *lf;
    struct speech_script *sc;
};

static int load(const char *text, struct doc *d)
{
    struct leaflet_error e;
    if (leaflet_parse(text, strlen(text), &d->lf, &e) != 0) {
        fprintf(stderr, "parse: %d:%d: %s\n", e.line, e.column, e.message);
        return -1;
    }
    return speech_script_make(d->lf, NULL, NULL, &d->sc);
}

static void unload(struct doc *d)
{
    speech_script_free(d->sc);
    leaflet_free(d->lf);
}

static long unit_named(const struct doc *d, const char *id)
{
    for (size_t u = 0; u < d->sc->n_units; u++) {
        if (!strcmp(d->sc->units[u].id, id))
            return (long)u;
    }
    return -1;
}

static long section_starting(const struct doc *d, const char *heading)
{
    for (size_t s = 0; s < d->lf->n_sections; s++) {
        if (!strncmp(d->lf->sections[s].heading, heading, strlen(heading)))
            for (size_t u = 0; u < d->sc->n_units; u++)
                if (d->sc->units[u].section == s && d->sc->units[u].kind == SPEECH_UNIT_SECTION)
                    return (long)u;
    }
    return -1;
}

static void test_resume(const char *dir)
{
    struct doc a, b;
    if (load(v1, &a) || load(v2, &b)) {
        fprintf(stderr, "test leaflets do not parse\n");
        failures++;
        return;
    }
    char path[512];
    snprintf(path, sizeof path, "%s/leaflet.txt", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(v1, f);
        fclose(f);
    }
    struct resume_state rs, back;
    CHECK(resume_load(path, &back) == RESUME_ENOENT);

    /* Saved in "How is it found?" at sentence 1, speed 200. */
    long found = section_starting(&a, "How is it found");
    CHECK(found >= 0);
    if (found < 0)
        goto out;
    resume_describe(a.lf, a.sc, (size_t)found, 1, 200, &rs);
    CHECK(!strcmp(rs.unit, a.sc->units[found].id) && rs.sentence == 1 && rs.rate == 200);
    CHECK(!strcmp(rs.heading, "How is it found?"));
    CHECK(rs.n_before == (size_t)found && !strcmp(rs.before[0], "What is it?"));
    CHECK(resume_save(path, &rs) == RESUME_OK);
    CHECK(resume_load(path, &back) == RESUME_OK);
    CHECK(!strcmp(back.unit, rs.unit) && back.sentence == 1 && back.rate == 200);
    CHECK(!strcmp(back.heading, rs.heading) && back.n_before == rs.n_before);

    /* No temp file left beside the state. */
    char file[1024], tmp[1100];
    CHECK(resume_file(path, file, sizeof file) == RESUME_OK);
    CHECK(!strncmp(file, dir, strlen(dir)));
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", file, (long)getpid());
    CHECK(access(file, F_OK) == 0 && access(tmp, F_OK) != 0);

    /* Same leaflet: the same unit and sentence. */
    size_t u, s;
    resume_find(&back, a.lf, a.sc, &u, &s);
    CHECK(u == (size_t)found && s == 1);
    /* Changed leaflet: "How is it found?" and "What is it?" are gone: the nearest earlier
     * section that still exists is the first one. */
    resume_find(&back, b.lf, b.sc, &u, &s);
    CHECK(u == 0 && s == 0);
    /* Saved at a question (an item, not its section's first unit), sentence 1: the same
     * leaflet resumes at that question and sentence, not at the start of its section. */
    long item = unit_named(&a, "s4.q2"), list = section_starting(&a, "Questions to ask");
    CHECK(item >= 0 && list >= 0 && item != list);
    if (item >= 0) {
        resume_describe(a.lf, a.sc, (size_t)item, 1, 0, &rs);
        CHECK(resume_save(path, &rs) == RESUME_OK && resume_load(path, &back) == RESUME_OK);
        resume_find(&back, a.lf, a.sc, &u, &s);
        CHECKF(u == (size_t)item && s == 1, "resumed at unit %zu sentence %zu, want %ld and 1", u,
               s, item);
    }
    /* A place in the questions list survives a change above it. */
    long q2 = unit_named(&a, "s4.q2");
    CHECK(q2 >= 0);
    if (q2 >= 0) {
        resume_describe(a.lf, a.sc, (size_t)q2, 0, 0, &rs);
        resume_find(&rs, b.lf, b.sc, &u, &s);
        long want = section_starting(&b, "Questions to ask");
        /* In v2 the list is s3, so "s4.q2" is not there: the section's start. */
        CHECK(want >= 0 && u == (size_t)want);
    }
    /* Nothing matches: the top. */
    memset(&rs, 0, sizeof rs);
    strcpy(rs.unit, "s9");
    strcpy(rs.heading, "Nowhere");
    resume_find(&rs, b.lf, b.sc, &u, &s);
    CHECK(u == 0 && s == 0);

    /* A damaged file is reported and ignored. */
    f = fopen(file, "w");
    if (f) {
        fputs("unit s2\nsentence lots\n", f);
        fclose(f);
    }
    CHECK(resume_load(path, &back) == RESUME_EPARSE && back.unit[0] == '\0');
out:
    unload(&a);
    unload(&b);
}

static void expect_say(const char *lang, struct nav_effect fx, const char *heading,
                       const char *want)
{
    char buf[512];
    fx.kind = NAV_FX_SAY;
    int rc = announce_text(lang, &fx, heading, buf, sizeof buf);
    if (rc != 0 || strcmp(buf, want)) {
        fprintf(stderr, "announce %s %d: got '%s' (rc %d), want '%s'\n", lang, (int)fx.say, buf,
                rc, want);
        failures++;
    }
}

static void test_announce(void)
{
    struct nav_effect fx = {.say = NAV_SAY_LEVEL, .arg = {NAV_LEVEL_SENTENCE}};
    expect_say("en", fx, NULL, "Sentences.");
    expect_say("es", fx, NULL, "Frases.");
    expect_say("es-419", fx, NULL, "Frases.");
    expect_say("fr", fx, NULL, "Sentences.");
    fx.say = NAV_SAY_LAST_SECTION;
    expect_say("en", fx, NULL, "Last section.");
    expect_say("es", fx, NULL, "\xc3\x9altima secci\xc3\xb3n.");
    fx.say = NAV_SAY_END;
    expect_say("en", fx, NULL, "End of leaflet.");
    expect_say("es", fx, NULL, "Fin del folleto.");
    fx.say = NAV_SAY_RATE;
    fx.arg[0] = 200;
    fx.arg[1] = 1;
    expect_say("en", fx, NULL, "Faster, 200 words per minute.");
    fx.arg[1] = -2;
    expect_say("es", fx, NULL, "Velocidad m\xc3\xadnima, 200 palabras por minuto.");
    struct nav_effect w = {.say = NAV_SAY_WHERE, .arg = {1, 8, 2, 5, 200, 3}};
    expect_say("en", w, "What is it?",
               "Section 2 of 8: What is it? Item 2 of 5. About 3 minutes left.");
    w.arg[2] = 0;
    w.arg[4] = 45;
    expect_say("en", w, "Symptoms", "Section 2 of 8: Symptoms. 45 seconds left.");
    w.arg[2] = 1;
    w.arg[3] = 1;
    w.arg[4] = 70;
    expect_say("es", w, "Qu\xc3\xa9 es",
               "Secci\xc3\xb3n 2 de 8: Qu\xc3\xa9 es. Queda un minuto, aproximadamente.");
    /* Every announcement has words in both languages. */
    for (int say = 0; say < NAV_SAY_COUNT; say++) {
        struct nav_effect e = {.kind = NAV_FX_SAY, .say = (enum nav_say)say, .arg = {0, 1, 1, 1}};
        char en[512], es[512];
        CHECK(announce_text("en", &e, "H", en, sizeof en) == 0 && en[0]);
        CHECK(announce_text("es", &e, "H", es, sizeof es) == 0 && es[0]);
        CHECK(strcmp(en, es) != 0);
    }
    char small[8];
    w.kind = NAV_FX_SAY;
    CHECK(announce_text("en", &w, "A long heading", small, sizeof small) == ANNOUNCE_ETRUNC);
    CHECK(strlen(small) == sizeof small - 1);
    struct nav_effect notsay = {.kind = NAV_FX_PLAY};
    CHECK(announce_text("en", &notsay, NULL, small, sizeof small) == ANNOUNCE_EINVAL);
}

int main(void)
{
    char dir[] = "/tmp/test_player_resume_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    setenv("XDG_STATE_HOME", dir, 1);
    test_resume(dir);
    test_announce();
    tmpdir_remove(dir);
    if (failures) {
        fprintf(stderr, "test_player_resume: %d failures\n", failures);
        return 1;
    }
    printf("test_player_resume: ok\n");
    return 0;
}
