/* test_nav_library: the library level of the navigation state machine, step by step on a
 * library of three leaflets: the welcome and the titles one after another, choosing and
 * opening, going up from a leaflet, the end of a leaflet offering the next one, the end of
 * the library waiting, the leaflet opened last remembered.  The expected effects were
 * written from the behaviour the README describes, not from the code. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "nav_library.h"

/* The effects as words: "stop", "say:welcome@0=3", "title@1", "tone", "open@2". */
static const char *text(const struct nav_library_effects *fx)
{
    static char buf[512];
    static const char *says[] = {"welcome", "leaflets", "first", "last", "choose", "end"};
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < fx->n; i++) {
        const struct nav_library_effect *e = &fx->fx[i];
        char one[64];
        switch (e->kind) {
        case NAV_LIBRARY_FX_STOP:
            snprintf(one, sizeof one, "stop");
            break;
        case NAV_LIBRARY_FX_SAY:
            snprintf(one, sizeof one, "say:%s@%zu=%ld", says[e->say], e->leaflet, e->arg);
            break;
        case NAV_LIBRARY_FX_TITLE:
            snprintf(one, sizeof one, "title@%zu", e->leaflet);
            break;
        case NAV_LIBRARY_FX_TONE:
            snprintf(one, sizeof one, "tone");
            break;
        case NAV_LIBRARY_FX_OPEN:
            snprintf(one, sizeof one, "open@%zu", e->leaflet);
            break;
        }
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? " " : "", one);
    }
    return buf;
}

#define EXPECT(fx, want)                                                                          \
    do {                                                                                          \
        const char *got_ = text(&(fx));                                                           \
        CHECKF(!strcmp(got_, want), "got '%s', want '%s'", got_, want);                           \
    } while (0)

static struct nav_library_effects key(struct nav_library *lib, enum nav_cmd cmd,
                                      enum nav_level level, int want_handled)
{
    struct nav_library_effects fx;
    int handled = nav_library_key(lib, cmd, level, &fx);
    CHECKF(handled == want_handled, "%s: handled %d, want %d", nav_cmd_name(cmd), handled,
           want_handled);
    return fx;
}

int main(void)
{
    struct nav_library lib;
    struct nav_library_effects fx;

    /* The start: welcome with the count, then each title as the one before is said, then
     * back to the leaflet opened last (here 1) with how to listen to it. */
    nav_library_init(&lib, 3, 1);
    nav_library_start(&lib, &fx);
    EXPECT(fx, "stop say:welcome@0=3 title@0");
    CHECK(lib.level == NAV_LIBRARY_LEAFLETS && lib.listing && lib.current == 0);
    nav_library_said(&lib, &fx);
    EXPECT(fx, "title@1");
    nav_library_said(&lib, &fx);
    EXPECT(fx, "title@2");
    nav_library_said(&lib, &fx);
    EXPECT(fx, "say:choose@1=2");
    CHECK(lib.current == 1 && !lib.listing);
    /* A title said outside the listing leads nowhere. */
    nav_library_said(&lib, &fx);
    EXPECT(fx, "");

    /* Choosing: 6 and 4 move and say the title; tones and words at both ends. */
    fx = key(&lib, NAV_CMD_NEXT, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop title@2");
    fx = key(&lib, NAV_CMD_NEXT, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop tone say:last@2=0");
    CHECK(lib.current == 2);
    fx = key(&lib, NAV_CMD_START, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop title@0");
    fx = key(&lib, NAV_CMD_PREV, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop tone say:first@0=0");
    fx = key(&lib, NAV_CMD_COARSER, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop tone say:leaflets@0=0");
    fx = key(&lib, NAV_CMD_WHERE, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop title@0");
    /* Nothing to pause or find here; help, speed and quit go to nav as in a leaflet. */
    fx = key(&lib, NAV_CMD_PAUSE, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "");
    fx = key(&lib, NAV_CMD_QUESTIONS, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "");
    key(&lib, NAV_CMD_HELP, NAV_LEVEL_SECTION, 0);
    key(&lib, NAV_CMD_FASTER, NAV_LEVEL_SECTION, 0);
    key(&lib, NAV_CMD_QUIT, NAV_LEVEL_SECTION, 0);

    /* A key during the listing stops it: 8 opens the leaflet whose title was said last. */
    nav_library_start(&lib, &fx);
    nav_library_said(&lib, &fx);
    EXPECT(fx, "title@1");
    fx = key(&lib, NAV_CMD_FINER, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop open@1");
    CHECK(lib.level == NAV_LIBRARY_INSIDE && lib.last == 1 && !lib.listing);
    nav_library_said(&lib, &fx);
    EXPECT(fx, "");

    /* Inside a leaflet, keys are nav's; 2 at the section level goes up and says where. */
    key(&lib, NAV_CMD_NEXT, NAV_LEVEL_SECTION, 0);
    key(&lib, NAV_CMD_COARSER, NAV_LEVEL_ITEM, 0);
    fx = key(&lib, NAV_CMD_COARSER, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop say:leaflets@1=0 title@1");
    CHECK(lib.level == NAV_LIBRARY_LEAFLETS && lib.current == 1);
    /* 5 opens too. */
    fx = key(&lib, NAV_CMD_REPEAT, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop open@1");

    /* The end of a leaflet offers the next one; the end of the last says so and waits. */
    nav_library_leaflet_end(&lib, &fx);
    EXPECT(fx, "title@2 say:choose@2=3");
    CHECK(lib.level == NAV_LIBRARY_LEAFLETS && lib.current == 2 && !lib.ended);
    fx = key(&lib, NAV_CMD_FINER, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop open@2");
    nav_library_leaflet_end(&lib, &fx);
    EXPECT(fx, "say:end@2=0");
    CHECK(lib.level == NAV_LIBRARY_LEAFLETS && lib.ended && lib.current == 2 && lib.last == 2);
    /* At the leaflet level an end of a leaflet cannot come. */
    nav_library_leaflet_end(&lib, &fx);
    EXPECT(fx, "");
    fx = key(&lib, NAV_CMD_PREV, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop title@1");
    CHECK(!lib.ended);

    /* Starting again (an idle time) keeps the leaflet opened last. */
    nav_library_start(&lib, &fx);
    nav_library_said(&lib, &fx);
    nav_library_said(&lib, &fx);
    nav_library_said(&lib, &fx);
    EXPECT(fx, "say:choose@2=3");

    /* One leaflet: it is first and last; a remembered leaflet out of range is the first. */
    nav_library_init(&lib, 1, 7);
    CHECK(lib.last == 0);
    nav_library_start(&lib, &fx);
    EXPECT(fx, "stop say:welcome@0=1 title@0");
    nav_library_said(&lib, &fx);
    EXPECT(fx, "say:choose@0=1");
    fx = key(&lib, NAV_CMD_NEXT, NAV_LEVEL_SECTION, 1);
    EXPECT(fx, "stop tone say:last@0=0");
    fx = key(&lib, NAV_CMD_FINER, NAV_LEVEL_SECTION, 1);
    nav_library_leaflet_end(&lib, &fx);
    EXPECT(fx, "say:end@0=0");
    nav_library_init(&lib, 0, 0);
    CHECK(lib.n == 1);

    if (failures)
        fprintf(stderr, "test_nav_library: %d failures\n", failures);
    return failures ? 1 : 0;
}
