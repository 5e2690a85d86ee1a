/* player/units.c: the render queue and what is known of each unit (its cache entry,
 * sentences and items), told to nav as its document. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "internal.h"
#include "leaflet.h"
#include "nav.h"
#include "speech.h"
#include "wav.h"

/* ---- render queue ------------------------------------------------------------------ */

static int unit_prio(const struct session *s, size_t u)
{
    size_t cur = s->st.unit;
    if (u == cur)
        return 1; /* what nav stands in: before anything but an urgent unit */
    if (u == cur + 1)
        return 3; /* what 6 or the end of this unit needs: before the announcements */
    if (u >= cur)
        return 10 + (int)(u - cur);
    return 10 + (int)s->sp.script->n_units + (int)(cur - u);
}

int units_submit(struct session *s, enum renderer_kind kind, size_t unit, const char *text,
                 int prio)
{
    const char *unit_text = kind == RENDERER_UNIT ? s->sp.script->units[unit].text : NULL;
    return renderer_submit(s->rd, kind, unit, s->wpm, unit_text, text, &s->sp.voice, prio);
}

static int rank_unit(void *ctx, size_t u)
{
    struct session *s = ctx;
    return s->urgent >= 0 && u == (size_t)s->urgent ? 0 : unit_prio(s, u);
}

/* Queue every unit not known at the current speed; re-rank what is queued around the
 * current unit (URGENT: this one first of all). */
void units_plan(struct session *s, long urgent)
{
    for (size_t u = 0; u < s->sp.script->n_units; u++) {
        if (s->meta[u].state == META_NONE) {
            if (units_submit(s, RENDERER_UNIT, u, NULL, unit_prio(s, u)) == RENDERER_OK)
                s->meta[u].state = META_QUEUED;
        }
    }
    s->urgent = urgent;
    renderer_rerank(s->rd, rank_unit, s);
}

void units_free_meta(struct meta *m)
{
    free(m->path);
    free(m->sentences);
    free(m->items);
    memset(m, 0, sizeof *m);
}

/* Tell nav what is known of unit U. */
void units_build_unit(struct session *s, size_t u)
{
    const struct speech_script *sc = s->sp.script;
    {
        const struct speech_unit *su = &sc->units[u];
        struct nav_unit *nu = &s->units[u];
        const struct meta *m = &s->meta[u];
        nu->kind = su->kind == SPEECH_UNIT_ITEM        ? NAV_UNIT_ITEM
                   : su->kind == SPEECH_UNIT_PARAGRAPH ? NAV_UNIT_PARAGRAPH
                   : su->kind == SPEECH_UNIT_UPDATED   ? NAV_UNIT_UPDATED
                                                       : NAV_UNIT_SECTION;
        nu->section = su->kind == SPEECH_UNIT_UPDATED && s->sp.lf->n_sections
                          ? s->sp.lf->n_sections - 1
                          : su->section;
        /* About 6 bytes a word until the unit is rendered. */
        size_t words = strlen(su->text) / 6 + 1;
        size_t guess = words * 60 * RATE_HZ / (size_t)(s->wpm > 0 ? s->wpm : 175);
        if (m->state == META_READY || (m->state == META_QUEUED && m->n_sentences > 0)) {
            /* Rendered, or rendering: the sentences known so far. */
            nu->n_frames = m->state == META_READY || m->n_frames > guess ? m->n_frames : guess;
            nu->sentence_frames = m->sentences;
            nu->n_sentences = m->n_sentences;
            nu->item_sentences = m->items;
            nu->n_items = m->n_items;
        } else {
            nu->n_frames = guess;
            nu->sentence_frames = NULL;
            nu->n_sentences = 0;
            nu->item_sentences = NULL;
            nu->n_items = 0;
        }
    }
}

/* Build the nav document from what is known (once, and again at a new speed; a unit's
 * news is units_build_unit()'s, so that a large leaflet costs no pass over it per change). */
void units_build_doc(struct session *s)
{
    const struct speech_script *sc = s->sp.script;
    for (size_t u = 0; u < sc->n_units; u++)
        units_build_unit(s, u);
    s->doc.units = s->units;
    s->doc.n_units = sc->n_units;
    s->doc.n_sections = s->sp.lf->n_sections;
    s->doc.questions_section = leaflet_questions_section(s->sp.lf);
    s->doc.sample_rate = RATE_HZ;
}

/* Sentence starts and item-level elements of unit U from its rendered marks. */
static int set_meta(struct session *s, size_t u, const struct cache_entry *e)
{
    int rc = units_set_marks(s, u, e->marks, e->n_marks, e->n_frames);
    char *path = rc == PLAYER_OK ? strdup(e->path) : NULL;
    if (rc == PLAYER_OK && !path) {
        units_free_meta(&s->meta[u]);
        s->meta[u].state = META_FAILED;
        rc = PLAYER_ENOMEM;
    }
    if (rc == PLAYER_OK) {
        free(s->meta[u].path);
        s->meta[u].path = path;
        s->meta[u].state = META_READY;
    }
    return rc;
}

/* Sentence starts and item-level elements of unit U from MARKS (N) of its N_FRAMES
 * rendered frames: all of them, or those rendered so far (the state is left as it is).
 * Returns 0, or PLAYER_ENOMEM (the unit is then META_FAILED). */
int units_set_marks(struct session *s, size_t u, const struct tts_mark *marks, size_t n_marks,
                    size_t n_frames)
{
    struct meta *m = &s->meta[u];
    const struct speech_unit *su = &s->sp.script->units[u];
    free(m->sentences);
    free(m->items);
    m->n_frames = n_frames;
    size_t n = n_marks > 0 ? n_marks : 1;
    m->sentences = calloc(n, sizeof *m->sentences);
    m->items = calloc(su->n_parts > 1 ? su->n_parts : 1, sizeof *m->items);
    if (!m->sentences || !m->items) {
        units_free_meta(m);
        m->state = META_FAILED;
        return PLAYER_ENOMEM;
    }
    m->n_sentences = 1;
    m->sentences[0] = 0;
    for (size_t i = 1; i < n_marks; i++) {
        if (marks[i].frame > m->sentences[m->n_sentences - 1] && marks[i].frame < n_frames)
            m->sentences[m->n_sentences++] = marks[i].frame;
    }
    /* Heading + first paragraph are one element; each further paragraph starts one. */
    m->items[0] = 0;
    m->n_items = 1;
    if (su->kind == SPEECH_UNIT_SECTION) {
        for (size_t p = 2; p < su->n_parts; p++) {
            size_t off = su->part_offsets[p], frame = SIZE_MAX;
            for (size_t i = 0; i < n_marks; i++) {
                if (marks[i].text_pos >= off) {
                    frame = marks[i].frame;
                    break;
                }
            }
            size_t sent = 0;
            for (size_t i = 0; i < m->n_sentences; i++) {
                if (m->sentences[i] <= frame)
                    sent = i;
            }
            if (frame != SIZE_MAX && sent > m->items[m->n_items - 1])
                m->items[m->n_items++] = sent;
        }
    }
    return PLAYER_OK;
}

/* Take what the render thread finished. */
void units_take_results(struct session *s)
{
    struct renderer_done *d = renderer_take_done(s->rd);
    int changed = 0;
    for (struct renderer_done *x = d; x; x = x->next) {
        /* Another speed's, or a render stopped on purpose (a speed changed and changed
         * back): the unit's job at this speed is queued again and plays on. */
        if (x->wpm != s->wpm || x->aborted)
            continue;
        if (x->kind == RENDERER_UNIT) {
            if (x->rc != CACHE_OK) {
                if (!s->p->opt.quiet)
                    fprintf(stderr, "audioleaf play: %s: cannot render %s: %s\n", s->path,
                            s->sp.script->units[x->unit].id, cache_strerror(x->rc));
                s->meta[x->unit].state = META_FAILED;
            } else {
                set_meta(s, x->unit, &x->e);
            }
            units_build_unit(s, x->unit);
            changed = 1;
        } else if (!says_find(s, x->text)) {
            /* A failed announcement is stored silent so that playing goes on. */
            struct wav_data w;
            memset(&w, 0, sizeof w);
            if (x->rc == CACHE_OK && wav_read(x->e.path, &w) == WAV_OK && w.rate == RATE_HZ) {
                says_store(s, x->text, w.samples, w.n_frames);
                w.samples = NULL;
            } else {
                says_store(s, x->text, NULL, 0);
            }
            wav_data_free(&w);
        }
    }
    renderer_done_free(d);
    if (changed) {
        if (s->fix_pending && s->meta[s->st.unit].state == META_READY) {
            s->st.frame = nav_sentence_frame(&s->doc, s->st.unit, s->fix_sentence);
            s->fix_pending = 0;
        }
    }
}
