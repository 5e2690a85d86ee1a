/* player/library.c: the leaflet level of a library, above the sections. */
#include <stdio.h>
#include <string.h>

#include "announce.h"
#include "internal.h"

/* Stop what plays; go on from the start of the current sentence unless paused. */
static void lib_stop(struct session *s)
{
    struct nav_effects fx = {.n = 1};
    fx.fx[0].kind = NAV_FX_STOP;
    effects_apply(s, &fx);
}

static void lib_carry_on(struct session *s)
{
    if (s->st.paused || s->st.ended)
        return;
    struct nav_effects fx = {.n = 1};
    fx.fx[0].kind = NAV_FX_PLAY;
    fx.fx[0].unit = s->st.unit;
    fx.fx[0].sentence = nav_sentence_at(&s->doc, &s->st);
    s->st.frame = nav_sentence_frame(&s->doc, s->st.unit, fx.fx[0].sentence);
    effects_apply(s, &fx);
}

static void lib_say(struct session *s, enum announce_library what, int tone)
{
    char text[256];
    if (tone) {
        struct clip c = {.kind = CLIP_TONE, .tone = NAV_TONE_BOUNDARY};
        clips_push(s, c);
    }
    if (announce_library_text(s->sp.language, what, 0, 0, text, sizeof text) == ANNOUNCE_OK)
        says_push(s, text);
}

/* The leaflet level of a library, above sections.  Returns 1 when CMD was handled. */
int library_key(struct session *s, enum nav_cmd cmd)
{
    struct player *p = s->p;
    if (!s->place)
        return 0;
    if (!p->leaflet_level) {
        if (cmd != NAV_CMD_COARSER || s->st.level != NAV_LEVEL_SECTION)
            return 0;
        p->leaflet_level = 1;
        lib_stop(s);
        lib_say(s, ANNOUNCE_LEAFLETS, 0);
        lib_carry_on(s);
        return 1;
    }
    switch (cmd) {
    case NAV_CMD_FINER: {
        struct nav_effect e = {
            .kind = NAV_FX_SAY, .say = NAV_SAY_LEVEL, .arg = {NAV_LEVEL_SECTION}};
        struct nav_effects fx = {.n = 1};
        fx.fx[0] = e;
        p->leaflet_level = 0;
        lib_stop(s);
        effects_apply(s, &fx);
        lib_carry_on(s);
        return 1;
    }
    case NAV_CMD_COARSER:
        lib_stop(s);
        lib_say(s, ANNOUNCE_LEAFLETS, 1);
        lib_carry_on(s);
        return 1;
    case NAV_CMD_PREV:
    case NAV_CMD_NEXT: {
        int dir = cmd == NAV_CMD_NEXT ? 1 : -1;
        if ((dir < 0 && s->place->index == 0) ||
            (dir > 0 && s->place->index + 1 >= s->place->count)) {
            lib_stop(s);
            lib_say(s, dir < 0 ? ANNOUNCE_FIRST_LEAFLET : ANNOUNCE_LAST_LEAFLET, 1);
            lib_carry_on(s);
            return 1;
        }
        lib_stop(s);
        s->move = dir;
        s->leaving = 1;
        return 1;
    }
    case NAV_CMD_REPEAT:
        effects_dispatch(s, NAV_CMD_START);
        return 1;
    default:
        return 0;
    }
}
