/* player/effects.c: nav's effects carried out: stop, queue a unit, an announcement or a
 * tone, a new speed, quit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "internal.h"
#include "speech.h"
#include "stats.h"

void effects_dispatch(struct session *s, enum nav_cmd cmd)
{
    struct nav_effects fx;
    if (nav_step(&s->doc, &s->st, cmd, &fx) == NAV_OK)
        effects_apply(s, &fx);
}

void effects_apply(struct session *s, const struct nav_effects *fx)
{
    for (size_t i = 0; i < fx->n; i++) {
        const struct nav_effect *e = &fx->fx[i];
        struct clip c = {0};
        switch (e->kind) {
        case NAV_FX_STOP:
            ring_stop(s->p->sh);
            clips_clear(s);
            s->base_valid = 0;
            break;
        case NAV_FX_PLAY:
            if (s->parked)
                break; /* library: at the leaflet level, the leaflet waits */
            c.kind = CLIP_UNIT;
            c.unit = e->unit;
            c.sentence = e->sentence;
            stats_track_play(
                &s->stats, s->sp.script->units[e->unit].id, says_unit_heading(s, e->unit),
                nav_sentence_frame(&s->doc, e->unit, e->sentence),
                s->key_pending && (s->key_cmd == NAV_CMD_REPEAT || s->key_cmd == NAV_CMD_START));
            clips_push(s, c);
            s->base_valid = 0;
            s->fix_pending = 0;
            units_plan(s, (long)e->unit);
            break;
        case NAV_FX_SAY: {
            if (e->say == NAV_SAY_GOODBYE && s->p->opt.quiet)
                break; /* --quiet: no goodbye */
            s->bye = s->bye || e->say == NAV_SAY_GOODBYE;
            /* Spoken with the speech text's words, printed with the leaflet's own. */
            char text[1024] = "", shown[1024] = "";
            size_t used = 0;
            char *head = NULL;
            if (e->say == NAV_SAY_WHERE) {
                head = speech_text(says_section_heading(s, e->arg[0]), s->sp.language, s->sp.lex);
                if (s->place && announce_library_text(
                                    s->sp.language, ANNOUNCE_LEAFLET_N, (long)s->place->index + 1,
                                    (long)s->place->count, text, sizeof text - 1) == ANNOUNCE_OK) {
                    used = strlen(text);
                    text[used++] = ' ';
                    memcpy(shown, text, used);
                }
            }
            says_words(s, e, head, 0, text + used, sizeof text - used);
            free(head);
            if (e->say == NAV_SAY_WHERE)
                says_words(s, e, says_section_heading(s, e->arg[0]), 1, shown + used,
                           sizeof shown - used);
            says_push_shown(s, text, e->say == NAV_SAY_WHERE ? shown : NULL);
            break;
        }
        case NAV_FX_TONE:
            c.kind = CLIP_TONE;
            c.tone = e->tone;
            clips_push(s, c);
            break;
        case NAV_FX_RATE: {
            size_t sentence = nav_sentence_at(&s->doc, &s->st);
            s->wpm = (int)e->arg[0];
            library_rate(s, s->wpm);
            renderer_drop_units(s->rd);
            for (size_t u = 0; u < s->sp.script->n_units; u++)
                units_free_meta(&s->meta[u]);
            units_build_doc(s);
            s->fix_pending = 1;
            s->fix_sentence = sentence;
            units_plan(s, (long)s->st.unit);
            break;
        }
        case NAV_FX_QUIT:
            s->quitting = 1;
            break;
        case NAV_FX_MARK:
            questions_mark(s, e->unit, (int)e->arg[0]);
            break;
        }
    }
}
