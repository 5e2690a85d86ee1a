/* test_nav_written_order: the item level reaches the paragraphs written after a list, in
 * written order, and the section level steps over them; first on a hand-built document,
 * then on the document of a parsed leaflet's script (units mapped as the player maps them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "leaflet.h"
#include "nav.h"
#include "speech.h"

/* Document (sample rate 10 frames/s), worked out on paper:
 *   unit 0  s0 section    one sentence (20 frames)
 *   unit 1  s1 section    heading + lead-in, one sentence (10 frames)
 *   unit 2  s1 item q1    (8 frames)
 *   unit 3  s1 item q2    (8 frames)
 *   unit 4  s1 paragraph  after q2: sentences at 0 6 (12 frames)
 *   unit 5  s1 item q3    a second list (8 frames)
 *   unit 6  s1 paragraph  after q3 (10 frames)
 *   unit 7  s2 section    (10 frames) */
static const size_t one[] = {0}, two[] = {0, 6};
static const struct nav_unit units[] = {
    {NAV_UNIT_SECTION, 0, 20, one, 1, NULL, 0, 0},   {NAV_UNIT_SECTION, 1, 10, one, 1, NULL, 0, 0},
    {NAV_UNIT_ITEM, 1, 8, one, 1, NULL, 0, 0},       {NAV_UNIT_ITEM, 1, 8, one, 1, NULL, 0, 0},
    {NAV_UNIT_PARAGRAPH, 1, 12, two, 2, NULL, 0, 0}, {NAV_UNIT_ITEM, 1, 8, one, 1, NULL, 0, 0},
    {NAV_UNIT_PARAGRAPH, 1, 10, one, 1, NULL, 0, 0}, {NAV_UNIT_SECTION, 2, 10, one, 1, NULL, 0, 0},
};
static const struct nav_doc doc = {units, 8, 3, -1, 10, 0, NULL};

/* Run CMD from UNIT/FRAME at LEVEL; the unit and sentence played, or 99 when none. */
static void move(size_t unit, size_t frame, enum nav_level level, enum nav_cmd cmd,
                 size_t want_unit, size_t want_sentence, int line)
{
    struct nav_state st;
    nav_init(&st, 175, 80, 400, 25);
    st.unit = unit;
    st.frame = frame;
    st.level = level;
    struct nav_effects fx;
    int rc = nav_step(&doc, &st, cmd, &fx);
    size_t u = 99, s = 99;
    for (size_t i = 0; i < fx.n; i++) {
        if (fx.fx[i].kind == NAV_FX_PLAY) {
            u = fx.fx[i].unit;
            s = fx.fx[i].sentence;
        }
    }
    CHECKF(rc == 0 && u == want_unit && s == want_sentence,
           "line %d: %s from unit %zu: played %zu/%zu, want %zu/%zu", line, nav_cmd_name(cmd),
           unit, u, s, want_unit, want_sentence);
}

static void test_hand_built(void)
{
    /* Item level: q2 -> the paragraph after it -> q3 -> the paragraph after q3 -> s2. */
    move(3, 2, NAV_LEVEL_ITEM, NAV_CMD_NEXT, 4, 0, __LINE__);
    move(4, 7, NAV_LEVEL_ITEM, NAV_CMD_NEXT, 5, 0, __LINE__);
    move(5, 0, NAV_LEVEL_ITEM, NAV_CMD_NEXT, 6, 0, __LINE__);
    move(6, 0, NAV_LEVEL_ITEM, NAV_CMD_NEXT, 7, 0, __LINE__);
    move(5, 3, NAV_LEVEL_ITEM, NAV_CMD_PREV, 4, 0, __LINE__);
    move(4, 7, NAV_LEVEL_ITEM, NAV_CMD_REPEAT, 4, 0, __LINE__);
    /* Section level: the paragraphs belong to s1; 6 leaves it, 5 goes back to its start. */
    move(4, 7, NAV_LEVEL_SECTION, NAV_CMD_NEXT, 7, 0, __LINE__);
    move(6, 3, NAV_LEVEL_SECTION, NAV_CMD_REPEAT, 1, 0, __LINE__);
    move(6, 3, NAV_LEVEL_SECTION, NAV_CMD_PREV, 0, 0, __LINE__);
    /* Sentence level runs on through the paragraph's sentences. */
    move(4, 0, NAV_LEVEL_SENTENCE, NAV_CMD_NEXT, 4, 1, __LINE__);
    move(4, 7, NAV_LEVEL_SENTENCE, NAV_CMD_NEXT, 5, 0, __LINE__);
    /* Playing on: the unit after q2 is the paragraph written after it. */
    move(3, 8, NAV_LEVEL_SECTION, NAV_CMD_UNIT_END, 4, 0, __LINE__);

    /* Where am I in the paragraph after q2: section 2 of 3, item 4 of the 6 item-level
     * elements of s1 (its own unit, q1, q2, the paragraph, q3, the paragraph). */
    struct nav_state st;
    nav_init(&st, 175, 80, 400, 25);
    st.unit = 4;
    st.level = NAV_LEVEL_ITEM;
    struct nav_effects fx;
    CHECK(nav_step(&doc, &st, NAV_CMD_WHERE, &fx) == 0);
    const struct nav_effect *w = NULL;
    for (size_t i = 0; i < fx.n; i++)
        if (fx.fx[i].kind == NAV_FX_SAY)
            w = &fx.fx[i];
    CHECK(w && w->say == NAV_SAY_WHERE);
    CHECKF(w && w->arg[0] == 1 && w->arg[1] == 3 && w->arg[2] == 4 && w->arg[3] == 6,
           "where: section %ld of %ld, item %ld of %ld", w ? w->arg[0] : -1,
           w ? w->arg[1] : -1, w ? w->arg[2] : -1, w ? w->arg[3] : -1);
}

/* The script of a real leaflet: 6 at the item level visits every unit in written order. */
static void test_parsed_leaflet(void)
{
    const char *text = "Your visit\n\nWhat happens?\n\nYou will see a midwife.\n\n"
                       "At the clinic you will have:\n- a scan\n- a blood test\n\n"
                       "Please allow 2 hours.\n\nWhat next?\n\nWe write to you.\n";
    struct leaflet *lf = NULL;
    struct leaflet_error err;
    struct speech_script *sc = NULL;
    if (leaflet_parse(text, strlen(text), &lf, &err) || speech_script_make(lf, NULL, NULL, &sc)) {
        CHECKF(0, "parse or script failed: %s", err.message);
        leaflet_free(lf);
        return;
    }
    const char *want[] = {"s1", "s2", "s2.q1", "s2.q2", "s2.p3", "s3"};
    size_t n = sizeof want / sizeof want[0];
    CHECKF(sc->n_units == n, "%zu units", sc->n_units);
    struct nav_unit *nu = calloc(sc->n_units, sizeof *nu);
    static const size_t zero[] = {0};
    for (size_t u = 0; nu && u < sc->n_units; u++) {
        const struct speech_unit *su = &sc->units[u];
        nu[u].kind = su->kind == SPEECH_UNIT_ITEM        ? NAV_UNIT_ITEM
                     : su->kind == SPEECH_UNIT_PARAGRAPH ? NAV_UNIT_PARAGRAPH
                     : su->kind == SPEECH_UNIT_UPDATED   ? NAV_UNIT_UPDATED
                                                         : NAV_UNIT_SECTION;
        nu[u].section = su->section;
        nu[u].n_frames = 10;
        nu[u].sentence_frames = zero;
        nu[u].n_sentences = 1;
    }
    struct nav_doc d = {nu, sc->n_units, lf->n_sections, -1, 10, 0, NULL};
    struct nav_state st;
    nav_init(&st, 175, 80, 400, 25);
    st.level = NAV_LEVEL_ITEM;
    for (size_t step = 1; nu && step < n && sc->n_units == n; step++) {
        struct nav_effects fx;
        CHECK(nav_step(&d, &st, NAV_CMD_NEXT, &fx) == 0);
        CHECKF(!strcmp(sc->units[st.unit].id, want[step]), "step %zu: at %s, want %s", step,
               sc->units[st.unit].id, want[step]);
    }
    free(nu);
    speech_script_free(sc);
    leaflet_free(lf);
}

int main(void)
{
    test_hand_built();
    test_parsed_leaflet();
    return failures ? 1 : 0;
}
