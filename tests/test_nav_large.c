/* test_nav_large: where am I (and moving) in a leaflet of 100 000 units takes linear time,
 * not a recount of every element per element (about 5e9 steps, seconds, before), and still
 * gives the right item of the right section. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "nav.h"
#include "check.h"

#define SECTIONS 50000 /* each a section unit and one list item: 100 000 units */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
    static const size_t one[] = {0};
    size_t n = 2 * SECTIONS;
    struct nav_unit *units = calloc(n, sizeof *units);
    CHECK(units != NULL);
    if (!units)
        return 1;
    for (size_t u = 0; u < n; u++) {
        units[u].kind = u % 2 ? NAV_UNIT_ITEM : NAV_UNIT_SECTION;
        units[u].section = u / 2;
        units[u].n_frames = 100;
        units[u].sentence_frames = one;
        units[u].n_sentences = 1;
    }
    struct nav_doc doc = {units, n, SECTIONS, -1, 10, 0, NULL};
    struct nav_state st;
    nav_init(&st, 175, 80, 400, 25);
    st.unit = 60001; /* the item of section 30000 (0-based) */
    st.level = NAV_LEVEL_ITEM;
    struct nav_effects fx;
    double t0 = now();
    CHECK(nav_step(&doc, &st, NAV_CMD_WHERE, &fx) == NAV_OK);
    double where = now() - t0;
    const struct nav_effect *say = NULL;
    for (size_t i = 0; i < fx.n; i++) {
        if (fx.fx[i].kind == NAV_FX_SAY)
            say = &fx.fx[i];
    }
    CHECK(say != NULL && say->say == NAV_SAY_WHERE);
    if (say) {
        CHECKF(say->arg[0] == 30000 && say->arg[1] == SECTIONS, "section %ld of %ld", say->arg[0],
               say->arg[1]);
        CHECKF(say->arg[2] == 2 && say->arg[3] == 2, "item %ld of %ld", say->arg[2], say->arg[3]);
    }
    /* 100 000 units once over: milliseconds; the old recount took seconds. */
    CHECKF(where < 1.0, "where am I took %.3f s", where);
    t0 = now();
    CHECK(nav_step(&doc, &st, NAV_CMD_NEXT, &fx) == NAV_OK);
    double next = now() - t0;
    CHECKF(st.unit == 60002, "next went to unit %zu", st.unit);
    CHECKF(next < 1.0, "next took %.3f s", next);
    printf("where am I %.2f ms, next %.2f ms, in %zu units\n", where * 1e3, next * 1e3, n);
    free(units);
    return failures ? 1 : 0;
}
