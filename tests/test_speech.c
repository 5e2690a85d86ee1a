/* test_speech: speech text rules (template alternatives, symbols per language, markup kept,
 * lexicon) and the spoken units of a leaflet, checked as text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet.h"
#include "speech.h"
#include "check.h"

/* speech_text(IN, LANG, LEX) must give exactly WANT. */
static void expect(const char *in, const char *lang, const struct speech_lexicon *lex,
                   const char *want, int line)
{
    char *got = speech_text(in, lang, lex);
    if (!got || strcmp(got, want)) {
        fprintf(stderr, "test_speech.c:%d: speech_text(\"%s\", %s)\n", line, in,
                lang ? lang : "NULL");
        fprintf(stderr, "  got  \"%s\"\n  want \"%s\"\n", got ? got : "(null)", want);
        failures++;
    }
    free(got);
}

#define EXPECT(in, lang, want) expect(in, lang, NULL, want, __LINE__)

static void test_alternatives(void)
{
    EXPECT("The content of [this leaflet/ our website] is general.", "en",
           "The content of this leaflet is general.");
    EXPECT("[our leaflets/ website] and [one/two/three]", "en", "our leaflets and one");
    EXPECT("[ spaced / other ]", "en", "spaced");
    EXPECT("[este folleto/ nuestra web]", "es", "este folleto");
    EXPECT("[este folleto/ nuestra web]", "fr", "este folleto");
    /* Brackets without a choice, or never closed, stay as written. */
    EXPECT("see note [1] here", "en", "see note [1] here");
    EXPECT("an open [this/ that", "en", "an open [this/ that");
}

static void test_ranges(void)
{
    EXPECT("every 2-4 weeks", "en", "every 2 to 4 weeks");
    EXPECT("every 2\xE2\x80\x93" "4 weeks", "en", "every 2 to 4 weeks");
    EXPECT("every 2 - 4 weeks", "en", "every 2 to 4 weeks");
    EXPECT("0.2-1.8% of scans", "en", "0.2 to 1.8 percent of scans");
    EXPECT("cada 3-4 semanas", "es", "cada 3 a 4 semanas");
    EXPECT("del 0,2-1,8 %", "es", "del 0,2 a 1,8 por ciento");
    EXPECT("from 2020-2024.", "en", "from 2020 to 2024.");
    /* Not ranges: dates, names, phone numbers, a count down, unknown language. */
    EXPECT("on 2024-12-01 only", "en", "on the 1st of December 2024 only");
    EXPECT("COVID-19 vaccine", "en", "COVID-19 vaccine");
    EXPECT("call 0800 123-456", "en", "call oh eight oh oh, one two three, four five six");
    EXPECT("call 0800-123", "en", "call oh eight oh oh, one two three");
    EXPECT("score 10-5", "en", "score 10-5");
    EXPECT("every 2-4 weeks", "fr", "every 2-4 weeks");
    /* eSpeak NG reads "1 in 1750" right by itself (checked with espeak-ng -x). */
    EXPECT("about 1 in 1750 babies", "en", "about 1 in 1750 babies");
}

static void test_symbols(void)
{
    EXPECT("a cyst > 5 mm", "en", "a cyst more than 5 millimetres");
    EXPECT("a cyst >5 mm", "en", "a cyst more than 5 millimetres");
    EXPECT("less (<10 mm)", "en", "less (less than 10 millimetres)");
    EXPECT(">= 37 weeks", "en", "at least 37 weeks");
    EXPECT("\xE2\x89\xA5 37 weeks and \xE2\x89\xA4 3 kg", "en",
           "at least 37 weeks and at most 3 kilograms");
    EXPECT("un quiste > 5 mm", "es", "un quiste más de 5 milímetros");
    EXPECT("< 10 mm", "es", "menos de 10 milímetros");
    EXPECT("10% of babies", "en", "10 percent of babies");
    EXPECT("el 10 % de los bebés", "es", "el 10 por ciento de los bebés");
    EXPECT("mother & baby", "en", "mother and baby");
    EXPECT("Q&A", "en", "Q-and-A");
    EXPECT("madre & bebé", "es", "madre y bebé");
    EXPECT("tests, e.g. a blood test", "en", "tests, for example a blood test");
    EXPECT("E.g. this, i.e. that", "en", "For example this, that is that");
    EXPECT("pruebas, p. ej. un análisis, etc.", "es",
           "pruebas, por ejemplo un análisis, etcétera");
    EXPECT("aprox. 3", "es", "aproximadamente 3");
    /* eSpeak NG 1.51 says "and slash or" and "3 ex 4 cm". */
    EXPECT("you and/or your partner", "en", "you and or your partner");
    EXPECT("usted y/o su pareja", "es", "usted y o su pareja");
    EXPECT("a 3 x 4 cm cyst", "en", "a 3 by 4 centimetres cyst");
    EXPECT("3x4x5 mm", "en", "3 by 4 by 5 millimetres");
    EXPECT("2 \xC3\x97 3 cm", "es", "2 por 3 centímetros");
    EXPECT("box 3 x 4cm, 0x1F, x 4, 3 x", "en", "box 3 x 4cm, 0x1F, x 4, 3 x");
    /* Language codes with a region use the language's table. */
    EXPECT("2-4 weeks", "en-GB", "2 to 4 weeks");
    EXPECT("2-4 semanas", "es-419", "2 a 4 semanas");
    /* Swahili (checked with espeak-ng -x -v sw: "2-4" is read "mbili nne" and "&" as
     * English "and"; "5%" is read "tano asilimia", but Swahili says "asilimia tano"). */
    EXPECT("kila wiki 2-4", "sw", "kila wiki 2 hadi 4");
    EXPECT("uvimbe > 5 mm", "sw", "uvimbe zaidi ya milimita 5");
    EXPECT("(<10 mm)", "sw", "(chini ya milimita 10)");
    EXPECT("umri \xE2\x89\xA5 37", "sw", "umri angalau 37");
    EXPECT("<= 3 kg", "sw", "si zaidi ya kilo 3");
    EXPECT("mama & mtoto", "sw", "mama na mtoto");
    EXPECT("10%", "sw", "asilimia 10");
    EXPECT("watoto 5 % tu", "sw", "watoto asilimia 5 tu");
    EXPECT("(0,5%).", "sw", "(asilimia 0,5).");
    EXPECT("1.5% na 20%", "sw", "asilimia 1.5 na asilimia 20");
    EXPECT("a%", "sw", "a asilimia");
    EXPECT("10%", "es", "10 por ciento");
    EXPECT("3 x 4 cm", "sw", "sentimita 3 kwa 4");
    EXPECT("vipimo, k.m. damu, n.k.", "sw", "vipimo, kwa mfano damu, na kadhalika");
    /* Unknown language: symbols are left as they are. */
    EXPECT("10% & > 5", "de", "10% & > 5");
}

static void test_markup_is_text(void)
{
    /* Tags are skipped as a careful reader skips them (never obeyed as SSML); signs that
     * only look like markup are read. */
    EXPECT("say <b>this</b> now", "en", "say this now");
    EXPECT("wait <break time=\"3s\"/> here", "en", "wait here");
    EXPECT("x <3 y", "en", "x less than 3 y");
    EXPECT("a <- b", "en", "a <- b");
    EXPECT("a > b", "en", "a > b");
    EXPECT("fish &amp; chips", "en", "fish and chips");
    /* "[[" would open eSpeak NG phoneme input: it is split. */
    EXPECT("odd [[text]] here", "en", "odd [ [text] ] here");
    EXPECT("tab\there\nnewline", "en", "tab here newline");
    EXPECT("  spaces   inside  ", "en", "spaces inside");
    EXPECT("", "en", "");
}

static void test_lexicon(void)
{
    const char lexdata[] = "# comment\n\nliver l'Iv3\r\nToxoplasmosis t,0ks@plazm'oUsIs  \n"
                           "ecog\xC3\xA9nico ekox'eniko\n";
    struct speech_lexicon *lex = NULL;
    int line = -1;
    CHECK(speech_lexicon_parse(lexdata, sizeof lexdata - 1, &lex, &line) == 0);
    CHECK(lex != NULL);
    expect("Liver, LIVER and livers; toxoplasmosis.", "en", lex,
           "[[l'Iv3]], [[l'Iv3]] and livers; [[t,0ks@plazm'oUsIs]].", __LINE__);
    expect("intestino Ecog\xC3\xA9nico", "es", lex, "intestino [[ekox'eniko]]", __LINE__);
    expect("deliver the liver-cell", "en", lex, "deliver the [[l'Iv3]]-cell", __LINE__);
    /* The lexicon also applies inside a template alternative. */
    expect("[liver/ kidney]", "en", lex, "[[l'Iv3]]", __LINE__);
    speech_lexicon_free(lex);

    const char *bad[] = {
        "liver l'Iv3\n# ok\nonlyaword\n",         /* no phonemes: line 3 */
        "liver l'Iv3\nbad]] x\n",                /* not a word: line 2 */
        "a b\nc d\n\nliver [[l'Iv3]]\n",          /* brackets in phonemes: line 4 */
        "  \n- x\n",                              /* line 2 */
    };
    int want[] = {3, 2, 4, 2};
    for (size_t i = 0; i < 4; i++) {
        lex = (struct speech_lexicon *)1;
        line = 0;
        int rc = speech_lexicon_parse(bad[i], strlen(bad[i]), &lex, &line);
        CHECK(rc == SPEECH_ELEXICON);
        CHECK(lex == NULL);
        if (line != want[i]) {
            fprintf(stderr, "lexicon bad %zu: line %d, want %d\n", i, line, want[i]);
            failures++;
        }
    }
    lex = NULL;
    CHECK(speech_lexicon_parse("", 0, &lex, &line) == 0);
    expect("liver", "en", lex, "liver", __LINE__);
    speech_lexicon_free(lex);
    CHECK(strstr(speech_strerror(SPEECH_ELEXICON), "lexicon") != NULL);
}

/* A word listed twice (in any case) is an error at the first line that repeats one. */
static void test_lexicon_duplicates(void)
{
    const struct {
        const char *text;
        int rc, line;
    } cases[] = {
        {"liver l'Iv3\nkidney k'Idni\nLIVER l'Iv@\n", SPEECH_ELEXDUP, 3},
        {"b x\na y\n# a z\nA z\nB w\n", SPEECH_ELEXDUP, 4}, /* two words repeated */
        {"x a\ny b\n\nx c\nx d\n", SPEECH_ELEXDUP, 4},        /* three copies */
        {"liver a\r\nlivers b\r\nlive c\r\nLiv d\r\n", 0, 0}, /* prefixes differ */
        {"ecog\xC3\xA9nico a\nECOG\xC3\x89NICO b\n", 0, 0},   /* only ASCII case folds */
        {"a x\na y\nnophonemes\n", SPEECH_ELEXICON, 3},      /* malformed is said first */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct speech_lexicon *lex = (struct speech_lexicon *)1;
        int line = -1;
        int rc = speech_lexicon_parse(cases[i].text, strlen(cases[i].text), &lex, &line);
        CHECKF(rc == cases[i].rc && line == cases[i].line, "duplicates case %zu: rc %d line %d",
               i, rc, line);
        CHECK((lex == NULL) == (cases[i].rc != 0));
        speech_lexicon_free(rc == 0 ? lex : NULL);
    }
    /* LINE may be NULL; the message says what is wrong. */
    struct speech_lexicon *lex = NULL;
    CHECK(speech_lexicon_parse("a x\nA x\n", 8, &lex, NULL) == SPEECH_ELEXDUP && !lex);
    CHECK(strstr(speech_strerror(SPEECH_ELEXDUP), "earlier line") != NULL);
}

static void test_script(void)
{
    const char *text = "Looking after yourself\n\nRest well and\nsleep\n\nDrink water.\n\n"
                       "Why [this leaflet/ our website]?\n\nIt helps.\n\n"
                       "Questions to ask:\n- Is it 2-4 cm?\n- Is it > 5 mm?\n\n"
                       "Disclaimer:\n\nGeneral information.\n\nLast updated December 2024\n";
    struct leaflet *lf = NULL;
    struct leaflet_error err;
    if (leaflet_parse(text, strlen(text), &lf, &err)) {
        fprintf(stderr, "test_script: parse failed: %s\n", err.message);
        failures++;
        return;
    }
    struct speech_script *s = NULL;
    CHECK(speech_script_make(lf, NULL, NULL, &s) == 0);
    if (!s) {
        leaflet_free(lf);
        return;
    }
    const char *ids[] = {"s1", "s2", "s3", "s3.q1", "s3.q2", "s4", "updated"};
    const char *texts[] = {
        /* A heading without punctuation gets a full stop: eSpeak NG 1.51 pauses
         * about 316 ms after '.', 240 ms after ':' and 50 ms after nothing. */
        "Looking after yourself. Rest well and sleep. Drink water.",
        "Why this leaflet? It helps.",
        "Questions to ask.",
        "Is it 2 to 4 centimetres?",
        "Is it more than 5 millimetres?",
        "Disclaimer. General information.",
        "Last updated December 2024",
    };
    CHECK(s->n_units == 7);
    for (size_t i = 0; i < 7 && i < s->n_units; i++) {
        if (strcmp(s->units[i].id, ids[i]) || strcmp(s->units[i].text, texts[i])) {
            fprintf(stderr, "unit %zu: %s \"%s\", want %s \"%s\"\n", i, s->units[i].id,
                    s->units[i].text, ids[i], texts[i]);
            failures++;
        }
    }
    if (s->n_units == 7) {
        const struct speech_unit *u = &s->units[0];
        CHECK(u->kind == SPEECH_UNIT_SECTION && u->section == 0);
        CHECK(u->n_parts == 3);
        CHECK(u->part_offsets[0] == 0);
        CHECK(!strncmp(u->text + u->part_offsets[1], "Rest well and sleep.", 20));
        CHECK(!strcmp(u->text + u->part_offsets[2], "Drink water."));
        CHECK(s->units[4].kind == SPEECH_UNIT_ITEM);
        CHECK(s->units[4].section == 2 && s->units[4].item == 1);
        CHECK(s->units[4].n_parts == 1 && s->units[4].part_offsets[0] == 0);
        CHECK(s->units[6].kind == SPEECH_UNIT_UPDATED);
    }
    CHECK(!strcmp(s->language, "en"));
    speech_script_free(s);

    /* --lang: the language given wins over the leaflet's. */
    CHECK(speech_script_make(lf, "es", NULL, &s) == 0);
    if (s) {
        CHECK(!strcmp(s->language, "es"));
        CHECK(s->n_units == 7 && !strcmp(s->units[3].text, "Is it 2 a 4 centímetros?"));
        speech_script_free(s);
    }
    leaflet_free(lf);

    /* Text before the first heading is spoken first, in a unit of its own. */
    text = "This leaflet is for parents.\n\nWhat is it?\n\nA finding.\n";
    if (leaflet_parse(text, strlen(text), &lf, &err) == 0) {
        CHECK(speech_script_make(lf, NULL, NULL, &s) == 0);
        if (s) {
            CHECK(s->n_units == 2);
            CHECK(!strcmp(s->units[0].text, "This leaflet is for parents."));
            CHECK(s->units[0].n_parts == 1);
            CHECK(!strcmp(s->units[1].text, "What is it? A finding."));
            speech_script_free(s);
        }
        leaflet_free(lf);
    } else {
        failures++;
    }
}


/* Text is spoken in the order it is written: a lead-in stays in its section's unit, the
 * list items follow, and a paragraph written after an item is its own unit right there. */
static void test_script_written_order(void)
{
    const char *text = "Your visit\n\nWhat happens?\n\nYou will see a midwife.\n\n"
                       "At the clinic you will have:\n- a scan\n- a blood test\n\n"
                       "Please allow 2-3 hours.\n\nYou can also bring:\n- a drink\n\n"
                       "Parking is limited\n\nLast updated May 2025\n";
    struct leaflet *lf = NULL;
    struct leaflet_error err;
    if (leaflet_parse(text, strlen(text), &lf, &err)) {
        fprintf(stderr, "test_script_written_order: parse failed: %s\n", err.message);
        failures++;
        return;
    }
    struct speech_script *s = NULL;
    CHECK(speech_script_make(lf, NULL, NULL, &s) == 0);
    const char *ids[] = {"s1", "s2", "s2.q1", "s2.q2", "s2.p3", "s2.p4", "s2.q3", "s2.p5",
                         "updated"};
    const char *texts[] = {
        "Your visit.",
        "What happens? You will see a midwife. At the clinic you will have:",
        "a scan",
        "a blood test",
        "Please allow 2 to 3 hours.",
        "You can also bring:",
        "a drink",
        "Parking is limited.", /* a paragraph unit ends a sentence, as in a section's */
        "Last updated May 2025",
    };
    size_t n = sizeof ids / sizeof ids[0];
    CHECKF(s && s->n_units == n, "%zu units", s ? s->n_units : 0);
    for (size_t i = 0; s && i < n && i < s->n_units; i++) {
        CHECKF(!strcmp(s->units[i].id, ids[i]) && !strcmp(s->units[i].text, texts[i]),
               "unit %zu: %s \"%s\", want %s \"%s\"", i, s->units[i].id, s->units[i].text,
               ids[i], texts[i]);
    }
    if (s && s->n_units == n) {
        CHECK(s->units[1].kind == SPEECH_UNIT_SECTION && s->units[1].n_parts == 3);
        CHECK(!strcmp(s->units[1].text + s->units[1].part_offsets[2],
                      "At the clinic you will have:"));
        const struct speech_unit *p = &s->units[4];
        CHECK(p->kind == SPEECH_UNIT_PARAGRAPH && p->section == 1 && p->paragraph == 2);
        CHECK(p->n_parts == 1 && p->part_offsets[0] == 0);
        CHECK(s->units[7].kind == SPEECH_UNIT_PARAGRAPH && s->units[7].paragraph == 4);
        CHECK(s->units[6].kind == SPEECH_UNIT_ITEM && s->units[6].item == 2);
    }
    speech_script_free(s);
    leaflet_free(lf);
}

/* Is WORD found in S between two numbers ("0800 to 0900")? */
static int between_numbers(const char *text, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = text; (p = strstr(p, word)) != NULL; p++)
        if (p > text && p[-1] >= '0' && p[-1] <= '9' && p[wl] >= '0' && p[wl] <= '9')
            return 1;
    return 0;
}

/* A number written with a leading zero (a time, a code: "0800-0900") is not the start or
 * end of a range of numbers: the range word is never read between the two numbers ("0800
 * to 0900").  Only that property is checked, not the whole text, so that the numbers may
 * be read in other ways (as clock times, or digit by digit). */
static void test_leading_zero_not_range(void)
{
    static const struct {
        const char *lang, *in, *range_word, *last; /* LAST: the text is all there */
    } cases[] = {
        {"en", "The clinic is open 0800-0900 on weekdays.", " to ", "weekdays"},
        {"en", "The clinic is open 0800 - 0900 on weekdays.", " to ", "weekdays"},
        {"en", "The clinic is open 0800\xE2\x80\x93" "0900 on weekdays.", " to ", "weekdays"},
        {"en", "Ring 8-0900 or 0800-900 today.", " to ", "today"},
        {"es", "La consulta abre 0800-0900 los lunes.", " a ", "lunes"},
        {"es", "La consulta abre 0800\xE2\x80\x93" "0900 los lunes.", " a ", "lunes"},
        {"es", "Llame 8-0900 o 0800-900 hoy.", " a ", "hoy"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = speech_text(cases[i].in, cases[i].lang, NULL);
        CHECKF(got && strstr(got, cases[i].last) && !between_numbers(got, cases[i].range_word),
               "%s: \"%s\" read as a range: \"%s\"", cases[i].lang, cases[i].in,
               got ? got : "(null)");
        free(got);
    }
    /* The same without the zeros is a range: the check above can see one. */
    char *got = speech_text("The clinic is open 800-900 on weekdays.", "en", NULL);
    CHECKF(got && between_numbers(got, " to "), "800-900 is not read as a range: \"%s\"",
           got ? got : "(null)");
    free(got);
    got = speech_text("La consulta abre 800-900 los lunes.", "es", NULL);
    CHECKF(got && between_numbers(got, " a "), "800-900 is not read as a range (es): \"%s\"",
           got ? got : "(null)");
    free(got);
}

int main(void)
{
    test_alternatives();
    test_ranges();
    test_leading_zero_not_range();
    test_symbols();
    test_markup_is_text();
    test_script_written_order();
    test_lexicon();
    test_lexicon_duplicates();
    test_script();
    if (failures) {
        fprintf(stderr, "test_speech: %d check(s) failed\n", failures);
        return 1;
    }
    printf("test_speech: all checks passed\n");
    return 0;
}
