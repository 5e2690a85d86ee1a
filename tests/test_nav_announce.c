/* test_nav_announce: the words of help and where am I as the player says them: help names
 * the keys actually bound (keys.conf remapping), the default layout keeps the fixed help;
 * where am I says the item's text briefly after its number, then the time left. */
#include <stdio.h>
#include <string.h>

#include "announce.h"
#include "keymap.h"
#include "nav.h"
#include "check.h"

static void expect(const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s:\n  got  '%s'\n  want '%s'\n", what, got, want);
        failures++;
    }
}

static void test_help(void)
{
    char got[1024], fixed[1024];
    struct keymap km;
    struct nav_effect help = {.kind = NAV_FX_SAY, .say = NAV_SAY_HELP};

    /* Default keys: the keymap table said key by key, the questions key with its three
     * uses; "slash" on a numpad, "hash" on a phone; announce_text()'s help is the numpad's. */
    keymap_defaults(&km);
    const char *langs[] = {"en", "es", "sw"};
    const char *slash[] = {" Slash: where am I.", " Barra: d\xc3\xb3nde estoy.",
                           " Mkwaju: niko wapi."};
    const char *hash[] = {" Hash: where am I.", " Almohadilla: d\xc3\xb3nde estoy.",
                          " Alama ya reli: niko wapi."};
    for (size_t i = 0; i < 3; i++) {
        CHECK(announce_help_text(langs[i], &km, ANNOUNCE_PAD_NUMPAD, got, sizeof got) ==
              ANNOUNCE_OK);
        CHECK(announce_text(langs[i], &help, NULL, fixed, sizeof fixed) == ANNOUNCE_OK);
        expect(langs[i], got, fixed);
        CHECK(strstr(got, slash[i]) && !strstr(got, hash[i]));
        CHECK(announce_help_text(langs[i], &km, ANNOUNCE_PAD_PHONE, got, sizeof got) ==
              ANNOUNCE_OK);
        CHECK(strstr(got, hash[i]) && !strstr(got, slash[i]));
    }
    CHECK(announce_help_text("en", &km, ANNOUNCE_PAD_NUMPAD, got, sizeof got) == ANNOUNCE_OK);
    expect("en numpad", got,
           "Keys. 4 and 6: previous and next. 5: repeat. 2 and 8: sections, items, sentences. "
           "0: pause and resume. 1: start of the leaflet. 3: questions to ask; during a "
           "question, mark it; at the start of the list, your marked questions. 7 and 9: "
           "slower and faster. Star: help. Slash: where am I.");
    CHECK(announce_help_text("en", NULL, ANNOUNCE_PAD_NUMPAD, got, sizeof got) ==
          ANNOUNCE_EINVAL);
    /* Terminal keys do not change the keypad's help. */
    CHECK(keymap_bind(&km, "left", "where") == KEYMAP_OK);
    CHECK(announce_help_text("en", &km, ANNOUNCE_PAD_PHONE, got, sizeof got) == ANNOUNCE_OK);
    expect("terminal key remapped", got,
           "Keys. 4 and 6: previous and next. 5: repeat. 2 and 8: sections, items, sentences. "
           "0: pause and resume. 1: start of the leaflet. 3: questions to ask; during a "
           "question, mark it; at the start of the list, your marked questions. 7 and 9: "
           "slower and faster. Star: help. Hash: where am I.");

    /* 7 = next, 6 = slower: the help says 7 for next and 6 for slower. */
    keymap_defaults(&km);
    CHECK(keymap_bind(&km, "7", "next") == KEYMAP_OK);
    CHECK(keymap_bind(&km, "6", "slower") == KEYMAP_OK);
    CHECK(announce_help_text("en", &km, ANNOUNCE_PAD_PHONE, got, sizeof got) == ANNOUNCE_OK);
    expect("7 next, 6 slower", got,
           "Keys. 4 and 7: previous and next. 5: repeat. 2 and 8: sections, items, sentences. "
           "0: pause and resume. 1: start of the leaflet. 3: questions to ask; during a "
           "question, mark it; at the start of the list, your marked questions. 6 and 9: "
           "slower and faster. Star: help. Hash: where am I.");
    CHECK(announce_help_text("es", &km, ANNOUNCE_PAD_PHONE, got, sizeof got) == ANNOUNCE_OK);
    CHECK(strstr(got, "Teclas. 4 y 7: anterior y siguiente.") == got);
    CHECK(strstr(got, " 6 y 9: m\xc3\xa1s lento y m\xc3\xa1s r\xc3\xa1pido.") != NULL);

    /* # unbound, 3 = where am I, 1 = previous too: the questions key and the start key are
     * gone, previous has two keys. */
    keymap_defaults(&km);
    CHECK(keymap_bind(&km, "#", "none") == KEYMAP_OK);
    CHECK(keymap_bind(&km, "3", "where") == KEYMAP_OK);
    CHECK(keymap_bind(&km, "1", "prev") == KEYMAP_OK);
    CHECK(announce_help_text("en", &km, ANNOUNCE_PAD_PHONE, got, sizeof got) == ANNOUNCE_OK);
    expect("# none, 3 where, 1 prev", got,
           "Keys. 1 or 4 and 6: previous and next. 5: repeat. 2 and 8: sections, items, "
           "sentences. 0: pause and resume. 7 and 9: slower and faster. Star: help. 3: where "
           "am I.");

    /* Only one of a pair on the keypad; a keypad key to quit. */
    keymap_defaults(&km);
    CHECK(keymap_bind(&km, "9", "none") == KEYMAP_OK);
    CHECK(keymap_bind(&km, "0", "quit") == KEYMAP_OK);
    CHECK(announce_help_text("en", &km, ANNOUNCE_PAD_PHONE, got, sizeof got) == ANNOUNCE_OK);
    expect("9 none, 0 quit", got,
           "Keys. 4 and 6: previous and next. 5: repeat. 2 and 8: sections, items, sentences. "
           "1: start of the leaflet. 3: questions to ask; during a question, mark it; at the "
           "start of the list, your marked questions. 7: slower. Star: help. Hash: where am I. "
           "0: quit.");

    /* A buffer too small: cut, still ended. */
    CHECK(announce_help_text("en", &km, ANNOUNCE_PAD_PHONE, got, 20) == ANNOUNCE_ETRUNC &&
          strlen(got) == 19);
}

static void test_brief(void)
{
    char b[200];
    CHECK(announce_brief("en", "Will I need another scan? Ask the nurse.", b, sizeof b) == 0);
    expect("question", b, "Will I need another scan?");
    CHECK(announce_brief("en", "  Most spots cause no harm at all", b, sizeof b) == 0);
    expect("no full stop", b, "Most spots cause no harm at all.");
    CHECK(announce_brief("en",
                         "The scan may show small bright spots in the liver, which doctors call "
                         "calcifications, and they are common.",
                         b, sizeof b) == 0);
    expect(
        "cut at the last comma", b,
        "The scan may show small bright spots in the liver, which doctors call calcifications.");
    /* No clause boundary after the 5th word: the first words (not ending on "to") and "and
     * so on", never a phrase cut off with a full stop. */
    CHECK(announce_brief("en",
                         "Many parents decide to have further tests to learn more about their "
                         "baby and what may have caused the spots",
                         b, sizeof b) == 0);
    expect("fifteen words", b, "Many parents decide to have further tests, and so on.");
    CHECK(announce_brief("en",
                         "Yes, if the doctor thinks it may help you and your family to know more "
                         "about it.",
                         b, sizeof b) == 0);
    expect("no comma after the fifth word", b,
           "Yes, if the doctor thinks it may help, and so on.");
    /* The issue's example: an item that ended "...within the fetal liver under." */
    CHECK(announce_brief("en",
                         "Calcifications are small bright spots seen within the fetal liver under "
                         "ultrasound during a routine pregnancy scan",
                         b, sizeof b) == 0);
    expect("fetal liver", b, "Calcifications are small bright spots seen within, and so on.");
    /* A dash standing alone ends a clause; it is not said. */
    CHECK(announce_brief("en",
                         "Ask about the follow-up scan \xe2\x80\x93 when it will be, who will do "
                         "it and what it will look for in the liver",
                         b, sizeof b) == 0);
    expect("dash", b, "Ask about the follow-up scan \xe2\x80\x93 when it will be.");
    CHECK(announce_brief("en", "One two three four five - six seven eight nine ten eleven twelve "
                               "thirteen fourteen fifteen sixteen",
                         b, sizeof b) == 0);
    expect("hyphen as a dash", b, "One two three four five.");
    /* Exactly 15 words: not cut. */
    CHECK(announce_brief("en", "a b c d e f g h i j k l m n o", b, sizeof b) == 0);
    expect("fifteen", b, "a b c d e f g h i j k l m n o.");
    /* Each language's "and so on"; an unknown language says English's. */
    const char *long_es = "Las calcificaciones son manchas brillantes que se ven dentro del "
                          "h\xc3\xadgado del beb\xc3\xa9 en la ecograf\xc3\xad" "a de rutina";
    CHECK(announce_brief("es", long_es, b, sizeof b) == 0);
    expect("es", b, "Las calcificaciones son manchas brillantes que se ven, etc\xc3\xa9tera.");
    CHECK(announce_brief("sw",
                         "Madoa haya madogo huonekana ndani ya ini la mtoto wakati wa kipimo "
                         "cha kawaida cha ujauzito hospitalini",
                         b, sizeof b) == 0);
    expect("sw", b, "Madoa haya madogo huonekana ndani ya ini, na kadhalika.");
    CHECK(announce_brief("fr", "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11 l12 m13 n14 o15 p16", b,
                         sizeof b) == 0);
    expect("fr", b, "a1 b2 c3 d4 e5 f6 g7 h8, and so on.");
    CHECK(announce_brief("en", NULL, b, sizeof b) == ANNOUNCE_EINVAL);
    /* Cut by a small buffer: never half a UTF-8 character. */
    CHECK(announce_brief("en", "\xc2\xbf"
                         "Cu\xc3\xa1ntas hay?",
                         b, 5) == ANNOUNCE_ETRUNC);
    expect("utf-8", b,
           "\xc2\xbf"
           "Cu");
}

static void test_where(void)
{
    char got[1024];
    struct nav_effect fx = {
        .kind = NAV_FX_SAY, .say = NAV_SAY_WHERE, .arg = {6, 9, 2, 5, 40, 12, 0}};
    CHECK(announce_where_text("en", &fx, "Questions to ask",
                              "Are they only in the liver, or in other organs too? Ask.", got,
                              sizeof got) == ANNOUNCE_OK);
    expect("item with its text", got,
           "Section 7 of 9: Questions to ask. Item 2 of 5: Are they only in the liver, or in "
           "other organs too? 40 seconds left.");
    CHECK(announce_where_text("es", &fx, "Preguntas",
                              "\xc2\xbf"
                              "Cu\xc3\xa1ntas hay?",
                              got, sizeof got) == ANNOUNCE_OK);
    expect("es", got,
           "Secci\xc3\xb3n 7 de 9: Preguntas. Elemento 2 de 5: \xc2\xbf"
           "Cu\xc3\xa1ntas hay? Quedan 40 segundos.");
    /* No item text: as announce_text() says it. */
    char plain[1024];
    CHECK(announce_where_text("en", &fx, "Questions to ask", NULL, got, sizeof got) == 0);
    CHECK(announce_text("en", &fx, "Questions to ask", plain, sizeof plain) == 0);
    expect("no item text", got, plain);
    /* Section level (no item): the item's text is not said. */
    fx.arg[2] = 0;
    fx.arg[4] = 200;
    CHECK(announce_where_text("en", &fx, "What is it?", "Some paragraph.", got, sizeof got) == 0);
    expect("section level", got, "Section 7 of 9: What is it? About 3 minutes left.");
    /* In the questions list: "Question 2 of 5", the numbering of outline and the phone. */
    fx.arg[2] = 2;
    fx.arg[4] = 40;
    fx.arg[6] = 1;
    const char *q = "Are they only in the liver?";
    CHECK(announce_where_text("en", &fx, "Questions to ask", q, got, sizeof got) == 0);
    expect("question", got,
           "Section 7 of 9: Questions to ask. Question 2 of 5: Are they only in the liver? 40 "
           "seconds left.");
    CHECK(announce_where_text("es", &fx, "Preguntas", "\xc2\xbfHay m\xc3\xa1s?", got,
                              sizeof got) == 0);
    CHECK(strstr(got, " Pregunta 2 de 5: \xc2\xbfHay m\xc3\xa1s? ") != NULL);
    CHECK(announce_where_text("sw", &fx, "Maswali", "Je, yapo mengine?", got, sizeof got) == 0);
    CHECK(strstr(got, " Swali 2 kati ya 5: Je, yapo mengine? ") != NULL);
    /* Not a where effect. */
    fx.say = NAV_SAY_HELP;
    CHECK(announce_where_text("en", &fx, NULL, NULL, got, sizeof got) == ANNOUNCE_EINVAL);
}

/* The words of marking, the questions list, goodbye, an unbound key and the first seconds. */
static void test_questions_orient(void)
{
    char got[512];
    struct nav_effect fx = {.kind = NAV_FX_SAY, .say = NAV_SAY_MARKED, .arg = {1, 3}};
    CHECK(announce_text("en", &fx, NULL, got, sizeof got) == 0);
    expect("marked 3", got, "Marked. 3 questions marked.");
    fx.arg[1] = 1;
    CHECK(announce_text("en", &fx, NULL, got, sizeof got) == 0);
    expect("marked 1", got, "Marked. 1 question marked.");
    fx.arg[0] = 0;
    fx.arg[1] = 0;
    CHECK(announce_text("en", &fx, NULL, got, sizeof got) == 0);
    expect("unmarked 0", got, "Unmarked. No questions marked.");
    fx.arg[0] = 1;
    fx.arg[1] = 2;
    CHECK(announce_text("es", &fx, NULL, got, sizeof got) == 0);
    expect("es marked", got, "Marcada. 2 preguntas marcadas.");
    CHECK(announce_text("sw", &fx, NULL, got, sizeof got) == 0);
    expect("sw marked", got, "Imewekwa alama. Maswali 2 yana alama.");
    fx.say = NAV_SAY_QUESTIONS;
    fx.arg[0] = 0;
    CHECK(announce_text("en", &fx, NULL, got, sizeof got) == 0);
    expect("list", got, "Questions to ask.");
    fx.arg[0] = 2;
    CHECK(announce_text("en", &fx, NULL, got, sizeof got) == 0);
    expect("list, 2 marked", got, "Questions to ask. 2 marked; press again to hear them.");
    /* Every announcement has words in every language. */
    const char *langs[] = {"en", "es", "sw"};
    for (size_t i = 0; i < 3; i++) {
        for (int say = NAV_SAY_GOODBYE; say < NAV_SAY_COUNT; say++) {
            struct nav_effect e = {.kind = NAV_FX_SAY, .say = (enum nav_say)say};
            got[0] = '\0';
            CHECK(announce_text(langs[i], &e, NULL, got, sizeof got) == 0 && got[0]);
        }
        for (int o = 0; o < ANNOUNCE_ORIENT_COUNT; o++) {
            got[0] = '\0';
            CHECK(announce_orient_text(langs[i], (enum announce_orient)o, 8, 8, "Disclaimer", got,
                                       sizeof got) == 0 &&
                  got[0]);
        }
    }
    struct nav_effect e = {.kind = NAV_FX_SAY, .say = NAV_SAY_UNBOUND};
    CHECK(announce_text("en", &e, NULL, got, sizeof got) == 0);
    expect("unbound", got, "That key does nothing here. Press star for help.");
    e.say = NAV_SAY_GOODBYE;
    CHECK(announce_text("es", &e, NULL, got, sizeof got) == 0);
    expect("goodbye es", got, "Adi\xc3\xb3s.");
    CHECK(announce_orient_text("en", ANNOUNCE_CONTINUING, 8, 8, "Disclaimer", got, sizeof got) ==
          0);
    expect("continuing", got, "Continuing at section 8 of 8, Disclaimer.");
    CHECK(announce_orient_text("en", ANNOUNCE_CONTINUING, 2, 8, "What is it?", got, sizeof got) ==
          0);
    expect("continuing ?", got, "Continuing at section 2 of 8, What is it?");
    CHECK(announce_orient_text("sw", ANNOUNCE_HELP_HINT, 0, 0, NULL, got, sizeof got) == 0);
    expect("hint sw", got, "Bonyeza nyota kupata msaada.");
    CHECK(announce_orient_text("en", ANNOUNCE_ORIENT_COUNT, 0, 0, NULL, got, sizeof got) ==
          ANNOUNCE_EINVAL);
}

int main(void)
{
    test_questions_orient();
    test_help();
    test_brief();
    test_where();
    if (failures) {
        fprintf(stderr, "test_nav_announce: %d failures\n", failures);
        return 1;
    }
    printf("test_nav_announce: ok\n");
    return 0;
}
