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

    /* Default keys: the fixed help of each language, word for word. */
    keymap_defaults(&km);
    const char *langs[] = {"en", "es", "sw"};
    for (size_t i = 0; i < 3; i++) {
        CHECK(announce_help_text(langs[i], &km, got, sizeof got) == ANNOUNCE_OK);
        CHECK(announce_text(langs[i], &help, NULL, fixed, sizeof fixed) == ANNOUNCE_OK);
        expect(langs[i], got, fixed);
    }
    /* Terminal keys do not change the keypad's help. */
    CHECK(keymap_bind(&km, "left", "where") == KEYMAP_OK);
    CHECK(announce_help_text("en", &km, got, sizeof got) == ANNOUNCE_OK);
    expect("terminal key remapped", got,
           "Keys. 4 and 6: previous and next. 5: repeat. 2 and 8: sections, items, sentences. "
           "0: pause and resume. 1: start of the leaflet. 3: questions to ask. 7 and 9: slower "
           "and faster. Star: help. Hash: where am I.");

    /* 7 = next, 6 = slower: the help says 7 for next and 6 for slower. */
    keymap_defaults(&km);
    CHECK(keymap_bind(&km, "7", "next") == KEYMAP_OK);
    CHECK(keymap_bind(&km, "6", "slower") == KEYMAP_OK);
    CHECK(announce_help_text("en", &km, got, sizeof got) == ANNOUNCE_OK);
    expect("7 next, 6 slower", got,
           "Keys. 4 and 7: previous and next. 5: repeat. 2 and 8: sections, items, sentences. "
           "0: pause and resume. 1: start of the leaflet. 3: questions to ask. 6 and 9: slower "
           "and faster. Star: help. Hash: where am I.");
    CHECK(announce_help_text("es", &km, got, sizeof got) == ANNOUNCE_OK);
    CHECK(strstr(got, "Teclas. 4 y 7: anterior y siguiente.") == got);
    CHECK(strstr(got, " 6 y 9: m\xc3\xa1s lento y m\xc3\xa1s r\xc3\xa1pido.") != NULL);

    /* # unbound, 3 = where am I, 1 = previous too: the questions key and the start key are
     * gone, previous has two keys. */
    keymap_defaults(&km);
    CHECK(keymap_bind(&km, "#", "none") == KEYMAP_OK);
    CHECK(keymap_bind(&km, "3", "where") == KEYMAP_OK);
    CHECK(keymap_bind(&km, "1", "prev") == KEYMAP_OK);
    CHECK(announce_help_text("en", &km, got, sizeof got) == ANNOUNCE_OK);
    expect("# none, 3 where, 1 prev", got,
           "Keys. 1 or 4 and 6: previous and next. 5: repeat. 2 and 8: sections, items, "
           "sentences. 0: pause and resume. 7 and 9: slower and faster. Star: help. 3: where "
           "am I.");

    /* Only one of a pair on the keypad; a keypad key to quit. */
    keymap_defaults(&km);
    CHECK(keymap_bind(&km, "9", "none") == KEYMAP_OK);
    CHECK(keymap_bind(&km, "0", "quit") == KEYMAP_OK);
    CHECK(announce_help_text("en", &km, got, sizeof got) == ANNOUNCE_OK);
    expect("9 none, 0 quit", got,
           "Keys. 4 and 6: previous and next. 5: repeat. 2 and 8: sections, items, sentences. "
           "1: start of the leaflet. 3: questions to ask. 7: slower. Star: help. Hash: where am "
           "I. 0: quit.");

    /* A buffer too small: cut, still ended. */
    CHECK(announce_help_text("en", &km, got, 20) == ANNOUNCE_ETRUNC && strlen(got) == 19);
}

static void test_brief(void)
{
    char b[200];
    CHECK(announce_brief("Will I need another scan? Ask the nurse.", b, sizeof b) == 0);
    expect("question", b, "Will I need another scan?");
    CHECK(announce_brief("  Most spots cause no harm at all", b, sizeof b) == 0);
    expect("no full stop", b, "Most spots cause no harm at all.");
    CHECK(announce_brief("The scan may show small bright spots in the liver, which doctors call "
                         "calcifications, and they are common.",
                         b, sizeof b) == 0);
    expect(
        "cut at the last comma", b,
        "The scan may show small bright spots in the liver, which doctors call calcifications.");
    CHECK(announce_brief("Many parents decide to have further tests to learn more about their "
                         "baby and what may have caused the spots",
                         b, sizeof b) == 0);
    expect("fifteen words", b,
           "Many parents decide to have further tests to learn more about their baby and what.");
    CHECK(announce_brief("Yes, if the doctor thinks it may help you and your family to know more "
                         "about it.",
                         b, sizeof b) == 0);
    expect("no comma after the fifth word", b,
           "Yes, if the doctor thinks it may help you and your family to know more.");
    /* Cut by a small buffer: never half a UTF-8 character. */
    CHECK(announce_brief("\xc2\xbf"
                         "Cu\xc3\xa1ntas hay?",
                         b, 5) == ANNOUNCE_ETRUNC);
    expect("utf-8", b,
           "\xc2\xbf"
           "Cu");
}

static void test_where(void)
{
    char got[1024];
    struct nav_effect fx = {.kind = NAV_FX_SAY, .say = NAV_SAY_WHERE, .arg = {6, 9, 2, 5, 40, 12}};
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
    /* Not a where effect. */
    fx.say = NAV_SAY_HELP;
    CHECK(announce_where_text("en", &fx, NULL, NULL, got, sizeof got) == ANNOUNCE_EINVAL);
}

int main(void)
{
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
