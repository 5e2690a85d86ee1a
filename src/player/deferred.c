/* player/deferred.c: keys that move within a unit still rendering, kept until the element
 * they move to is known. */
#include <stddef.h>

#include "internal.h"

/* 1 when CMD from ST (at FRAME) needs more of ST's unit than nav knows while the unit is
 * still rendering: it would leave the unit, or stop at a boundary (tone) that may only be
 * the end of what has been rendered so far. */
static int needs_more(const struct session *s, enum nav_cmd cmd, size_t frame)
{
    struct nav_state try = s->st;
    struct nav_effects fx;
    try.frame = frame;
    if (nav_step(&s->doc, &try, cmd, &fx) != NAV_OK)
        return 0;
    if (try.unit != s->st.unit)
        return 1;
    for (size_t i = 0; i < fx.n; i++) {
        if (fx.fx[i].kind == NAV_FX_TONE)
            return 1;
    }
    return 0;
}

/* Keep CMD for later when it moves to the next sentence or item of a unit still being
 * rendered and that element is not rendered yet (nav would leave the unit); keys after a
 * kept one wait behind it.  Returns 1 when kept. */
int deferred_key(struct session *s, enum nav_cmd cmd)
{
    if (s->n_deferred == 0) {
        if (cmd != NAV_CMD_NEXT || s->st.level == NAV_LEVEL_SECTION || s->st.ended ||
            s->meta[s->st.unit].state != META_QUEUED || !needs_more(s, cmd, s->st.frame))
            return 0;
        s->deferred_unit = s->st.unit;
        s->deferred_frame = s->st.frame;
    }
    if (s->n_deferred < MAX_DEFERRED)
        s->deferred[s->n_deferred++] = cmd;
    return 1;
}

/* Carry out the kept keys once the element they move to is known (or the unit is
 * rendered, or left), from where the listener was when the first was pressed. */
void deferred_run(struct session *s)
{
    if (s->n_deferred == 0)
        return;
    int same = s->st.unit == s->deferred_unit;
    if (same && s->meta[s->st.unit].state == META_QUEUED &&
        needs_more(s, s->deferred[0], s->deferred_frame))
        return;
    if (same && !s->st.paused)
        s->st.frame = s->deferred_frame;
    size_t n = s->n_deferred;
    s->n_deferred = 0;
    for (size_t i = 0; i < n; i++)
        effects_dispatch(s, s->deferred[i]);
}
