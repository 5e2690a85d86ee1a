/* player/clips.c: the clip queue (units, announcements, tones) and feeding the frame ring
 * from it, including a unit still being rendered. */
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "leaflet.h"
#include "speech.h"
#include "stats.h"
#include "wav.h"

/* ---- the frame ring (loop side) ---------------------------------------------------- */

/* How many frames may be written now. */
static size_t ring_room(struct session *s)
{
    struct ring *sh = s->p->sh;
    size_t r = ring_readpos(sh);
    size_t handed = atomic_load_explicit(&sh->handed, memory_order_acquire);
    size_t w = atomic_load_explicit(&sh->wpos, memory_order_relaxed);
    size_t in_ring = w - r;
    /* A script's keys come only between waits, when the ring is empty: it may run a
     * whole ring ahead; keys from a person need the ring short (AHEAD_FRAMES). */
    size_t ahead = s->p->opt.keys ? RING_FRAMES - 1 : AHEAD_FRAMES;
    size_t room = in_ring < ahead ? ahead - in_ring : 0;
    if (s->p->opt.keys && !s->waiting && !s->p->script_done && !s->bye)
        return 0; /* a script's time passes only in its waits */
    if (s->waiting) {
        /* A script wait: write no further than its end in output time. */
        size_t until = handed + in_ring;
        size_t left = s->wait_target > until ? s->wait_target - until : 0;
        if (left < room)
            room = left;
    }
    return room;
}

/* ---- effects ------------------------------------------------------------------------ */

/* Let go of the clip being written: its samples (unless borrowed) or its live unit. */
static void drop_cur(struct session *s)
{
    if (!s->cur_borrowed)
        free(s->cur);
    s->cur = NULL;
    renderer_live_put(s->rd, s->live);
    s->live = NULL;
    s->writing = 0;
}

void clips_clear(struct session *s)
{
    for (size_t i = 0; i < s->nq; i++) {
        free(s->q[i].text);
        free(s->q[i].shown);
    }
    s->nq = 0;
    drop_cur(s);
}

void clips_push(struct session *s, struct clip c)
{
    if (s->nq >= MAX_CLIPS) {
        free(c.text);
        free(c.shown);
        return;
    }
    s->q[s->nq++] = c;
}

/* ---- producing frames -------------------------------------------------------------- */

void clips_make_tones(struct session *s)
{
    /* Boundary: 880 Hz, 80 ms.  End: 880 Hz then 660 Hz, 80 ms each.  5 ms ramps. */
    const double freq[2][2] = {{880, 0}, {880, 660}};
    for (int t = 0; t < 2; t++) {
        size_t part = RATE_HZ * 80 / 1000, n = t ? 2 * part : part;
        s->tone[t] = calloc(n, sizeof *s->tone[t]);
        if (!s->tone[t])
            continue;
        s->tone_n[t] = n;
        size_t ramp = RATE_HZ * 5 / 1000;
        for (size_t i = 0; i < n; i++) {
            size_t k = i % part;
            double f = freq[t][i / part];
            double g = k < ramp          ? (double)k / (double)ramp
                       : part - k < ramp ? (double)(part - k) / (double)ramp
                                         : 1.0;
            s->tone[t][i] = (int16_t)lrint(8000.0 * g * sin(2 * M_PI * f * (double)k / RATE_HZ));
        }
    }
}

/* The line printed for unit U ("ID: TEXT" with --verbose): the section's heading, the
 * item, the paragraph written after a list or the "last updated" line as the leaflet
 * writes them (the speech text may hold [[phonemes]] from the lexicon). */
static void print_unit(struct session *s, size_t u, size_t sentence)
{
    const struct speech_unit *su = &s->sp.script->units[u];
    const struct leaflet *lf = s->sp.lf;
    const struct leaflet_section *sec =
        su->section < lf->n_sections ? &lf->sections[su->section] : NULL;
    const char *src = "";
    if (su->kind == SPEECH_UNIT_SECTION && sec)
        src = sec->heading && sec->heading[0] ? sec->heading
              : sec->n_paragraphs             ? sec->paragraphs[0]
                                              : "";
    else if (su->kind == SPEECH_UNIT_ITEM && sec && su->item < sec->n_items)
        src = sec->items[su->item].text;
    else if (su->kind == SPEECH_UNIT_PARAGRAPH && sec && su->paragraph < sec->n_paragraphs)
        src = sec->paragraphs[su->paragraph];
    else if (su->kind == SPEECH_UNIT_UPDATED && lf->updated_line)
        src = lf->updated_line;
    char id[64];
    if (sentence > 0)
        snprintf(id, sizeof id, "%s, sentence %zu", su->id, sentence + 1);
    else
        snprintf(id, sizeof id, "%s", su->id);
    /* The leaflet's own words; its internal id only when asked (--verbose). */
    says_line(s, s->p->opt.verbose ? id : NULL, src);
}

/* Take what the render in progress L of unit U has found so far: its sentences and items
 * become known to nav one by one while the unit plays. */
void clips_refresh_live(struct session *s, size_t u, struct renderer_live *l)
{
    struct meta *m = &s->meta[u];
    struct tts_mark *marks = NULL;
    size_t n = 0, frames = 0;
    if (m->state != META_QUEUED || renderer_live_marks(s->rd, l, &marks, &n, &frames))
        return;
    if (n != m->live_marks || m->n_sentences == 0) {
        if (units_set_marks(s, u, marks, n, frames) == PLAYER_OK) {
            m->live_marks = n;
            units_build_unit(s, u);
        }
    }
    m->n_frames = frames;
    free(marks);
}

/* Start the unit clip C from the unit's audio as it renders: 1 when the sentence to start
 * at has been rendered, else 0 (wait for it: it comes at the engine's pace). */
static int load_live(struct session *s, const struct clip *c)
{
    struct renderer_live *l = renderer_live_get(s->rd, c->unit, s->wpm);
    if (!l)
        return 0;
    clips_refresh_live(s, c->unit, l);
    const struct meta *m = &s->meta[c->unit];
    size_t start = c->sentence < m->n_sentences ? m->sentences[c->sentence] : SIZE_MAX;
    if (m->state != META_QUEUED || start >= m->n_frames) {
        renderer_live_put(s->rd, l);
        return 0;
    }
    s->live = l;
    s->cur = NULL;
    s->cur_borrowed = 1;
    s->cur_n = m->n_frames;
    s->cur_pos = start;
    s->cur_start = start;
    print_unit(s, c->unit, start > 0 ? c->sentence : 0);
    return 1;
}

/* Get the head clip ready to write; 1 when ready, 0 when it must wait for a render,
 * -1 when it was dropped. */
static int load_head(struct session *s)
{
    struct clip *c = &s->q[0];
    if (c->kind == CLIP_TONE) {
        int t = c->tone == NAV_TONE_END ? 1 : 0;
        s->cur = s->tone[t];
        s->cur_n = s->tone_n[t];
        s->cur_pos = 0;
        s->cur_borrowed = 1;
        return 1;
    }
    if (c->kind == CLIP_SAY) {
        struct say_audio *a = says_find(s, c->text);
        if (!a)
            return 0;
        a->used = ++s->say_clock;
        s->cur = a->samples;
        s->cur_n = a->n;
        s->cur_pos = 0;
        s->cur_borrowed = 1;
        says_line(s, NULL, c->shown ? c->shown : c->text);
        return 1;
    }
    struct meta *m = &s->meta[c->unit];
    if (m->state == META_FAILED)
        return -1;
    if (m->state != META_READY) {
        units_plan(s, (long)c->unit);
        return load_live(s, c);
    }
    struct wav_data w;
    int rc = wav_read(m->path, &w);
    if (rc != WAV_OK || w.rate != RATE_HZ) {
        if (!s->p->opt.quiet)
            fprintf(stderr, "audioleaf play: %s: %s\n", m->path,
                    rc != WAV_OK ? wav_strerror(rc) : "unexpected sample rate");
        wav_data_free(&w);
        return -1;
    }
    size_t start = nav_sentence_frame(&s->doc, c->unit, c->sentence);
    if (start > w.n_frames)
        start = w.n_frames;
    s->cur = w.samples;
    s->cur_n = w.n_frames;
    w.samples = NULL;
    wav_data_free(&w);
    s->cur_pos = start;
    s->cur_start = start;
    s->cur_borrowed = 0;
    print_unit(s, c->unit, start > 0 ? c->sentence : 0);
    return 1;
}

/* The head clip has been written out. */
static void finish_head(struct session *s)
{
    struct clip c = s->q[0];
    memmove(s->q, s->q + 1, (s->nq - 1) * sizeof s->q[0]);
    s->nq--;
    drop_cur(s);
    free(c.text);
    free(c.shown);
    if (c.lib_title)
        library_said(s);
    if (c.kind == CLIP_UNIT && c.unit == s->st.unit) {
        stats_track_stop(&s->stats, 1, s->cur_n);
        effects_dispatch(s, NAV_CMD_UNIT_END);
    }
}

static void produce_some(struct session *s);

/* Write what can be written now, and tell the output whether more of a clip is coming
 * right away (so that it waits for it instead of playing silence). */
void clips_produce(struct session *s)
{
    /* A --keys script keeps output time still while a key waits for its unit, so that
     * the key acts at the frame the script gave it, however fast the engine is. */
    if (s->n_deferred && s->p->opt.keys)
        return;
    produce_some(s);
    struct ring *sh = s->p->sh;
    size_t in_ring = ring_queued(sh);
    int limited = s->waiting && atomic_load(&sh->handed) + in_ring >= s->wait_target;
    int more = s->cur_pos < s->cur_n || s->live; /* a live unit: frames are coming */
    int pending = s->writing && more && !limited && !s->quitting;
    atomic_store_explicit(&sh->pending, pending, memory_order_release);
}

/* Write at most ROOM frames of the live unit being played; 0 when none could be written
 * (the engine has not made them yet). */
static int write_live(struct session *s, size_t room)
{
    int16_t buf[4096];
    size_t frames = 0, max = room < 4096 ? room : 4096;
    int complete = 0;
    const struct meta *m = &s->meta[s->q[0].unit];
    if (s->n_deferred && m->state == META_QUEUED) {
        /* A kept key waits for a mark: write no frame past the marks taken so far. */
        size_t upto = m->n_frames > s->cur_pos ? m->n_frames - s->cur_pos : 0;
        if (upto < max)
            max = upto;
        if (max == 0)
            return 0;
    }
    size_t k = renderer_live_read(s->rd, s->live, s->cur_pos, buf, max, &frames, &complete);
    ring_write(s->p->sh, buf, k);
    s->cur_pos += k;
    s->cur_n = frames;
    if (s->q[0].unit == s->st.unit && s->base_valid)
        s->unit_frames = frames;
    if (complete && s->cur_pos >= frames) {
        finish_head(s);
        return 1;
    }
    return k > 0;
}

static void produce_some(struct session *s)
{
    struct ring *sh = s->p->sh;
    for (;;) {
        size_t room = ring_room(s);
        if (room == 0)
            return;
        if (!s->writing) {
            if (s->nq == 0) {
                /* Nothing to play: a script's wait passes as silence. */
                if (s->waiting) {
                    ring_write(sh, NULL, room);
                    continue;
                }
                return;
            }
            int r = load_head(s);
            if (r == 0)
                return;
            if (r < 0) {
                s->cur = NULL;
                s->cur_borrowed = 1;
                finish_head(s);
                continue;
            }
            s->writing = 1;
            size_t w = atomic_load(&sh->wpos);
            latency_clip_start(s, w);
            if (s->q[0].kind == CLIP_UNIT && s->q[0].unit == s->st.unit) {
                s->base_valid = 1;
                s->clip_ring_start = w;
                s->base_frame = s->cur_pos;
                s->unit_frames = s->cur_n;
            }
        }
        if (s->live) {
            if (!write_live(s, room))
                return;
            continue;
        }
        size_t left = s->cur_n - s->cur_pos;
        size_t n = left < room ? left : room;
        if (n > 0 && s->cur)
            ring_write(sh, s->cur + s->cur_pos, n);
        s->cur_pos += n;
        if (s->cur_pos >= s->cur_n)
            finish_head(s);
    }
}

/* Keep nav's frame at what the output has taken of the current unit. */
void clips_update_frame(struct session *s)
{
    if (!s->base_valid || s->st.paused || s->st.ended)
        return;
    size_t r = atomic_load(&s->p->sh->rpos);
    size_t f = s->base_frame;
    if (r > s->clip_ring_start)
        f += r - s->clip_ring_start;
    if (f > s->unit_frames)
        f = s->unit_frames;
    s->st.frame = f;
    stats_track_heard(&s->stats, s->sp.script->units[s->st.unit].id, f);
}
