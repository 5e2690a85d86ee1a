/* player/session.c: one leaflet played: the session set up, the loop (keys, renders,
 * frames, the place saved) and its end. */
#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "internal.h"
#include "resume.h"
#include "voice.h"

/* ---- session set-up and the loop --------------------------------------------------- */

static void session_free(struct session *s)
{
    if (s->rd)
        renderer_drain(s->rd);
    clips_clear(s);
    if (s->meta) {
        for (size_t u = 0; u < s->sp.script->n_units; u++)
            units_free_meta(&s->meta[u]);
    }
    free(s->meta);
    free(s->units);
    for (size_t i = 0; i < SAY_CACHE; i++) {
        free(s->says[i].text);
        free(s->says[i].samples);
    }
    free(s->tone[0]);
    free(s->tone[1]);
    free(s->marked);
    spoken_close(&s->sp);
}

static int session_open(struct session *s, char *err, size_t errlen)
{
    const struct player_options *o = &s->p->opt;
    int rc = spoken_open(s->path, o->voice, o->lang, &s->sp, err, errlen);
    if (rc)
        return rc == SPOKEN_ENOMEM     ? PLAYER_ENOMEM
               : rc == SPOKEN_ELEAFLET ? PLAYER_ELEAFLET
                                       : PLAYER_EVOICE;
    if (s->sp.script->n_units == 0) {
        snprintf(err, errlen, "audioleaf play: %s: nothing to speak", s->path);
        return PLAYER_ELEAFLET;
    }
    size_t n = s->sp.script->n_units;
    s->meta = calloc(n, sizeof *s->meta);
    s->units = calloc(n, sizeof *s->units);
    if (!s->meta || !s->units)
        return PLAYER_ENOMEM;
    clips_make_tones(s);
    return PLAYER_OK;
}

/* Save the place ("end" once the end was reached) when it is due, on the saver's
 * thread; FORCE: now, on this one, as the leaflet is left.  A failure is reported once a
 * leaflet; when leaving, it makes the session fail. */
static void save_place(struct session *s, int force)
{
    struct player *p = s->p;
    if (p->opt.no_resume)
        return;
    size_t unit = s->st.ended ? s->sp.script->n_units : s->st.unit;
    size_t sentence = s->st.ended ? 0 : nav_sentence_at(&s->doc, &s->st);
    double now = player_now();
    char err[PATH_MAX + 200];
    if (force)
        place_saver_flush(&p->saver); /* no older place may land after this one */
    int rc = place_saver_error(&p->saver, &s->saved, now, err, sizeof err);
    if (force) {
        if (rc && !s->saved.reported)
            fprintf(stderr, "%s\n", err);
        rc = place_save(&s->saved, s->path, s->sp.lf, s->sp.script, unit, sentence, s->wpm, now,
                        err, sizeof err);
        if (rc)
            p->place_failed = 1;
        if (rc && s->saved.reported)
            return; /* said once already */
    } else if (!rc && place_due(&s->saved, unit, sentence, s->wpm, now)) {
        place_saver_post(&p->saver, &s->saved, s->path, s->sp.lf, s->sp.script, unit, sentence,
                         s->wpm, now);
        return;
    }
    if (rc && !s->saved.reported) {
        fprintf(stderr, "%s\n", err);
        s->saved.reported = 1;
    }
}

/* Handle one event from the key source; returns 1 when the session must end. */
static int handle_event(struct session *s, const struct input_event *ev)
{
    struct player *p = s->p;
    switch (ev->kind) {
    case INPUT_KEY: {
        const char *name = input_dispatch(&p->km, ev);
        enum nav_cmd cmd = nav_cmd_from_name(name);
        orient_key_used(s);
        if (cmd == NAV_CMD_NONE) {
            /* A key bound to nothing: said, so that a listener knows it was heard. */
            clips_update_frame(s);
            if (ev->key[0] && s->n_deferred == 0)
                effects_dispatch(s, NAV_CMD_UNBOUND);
            return 0;
        }
        clips_update_frame(s);
        s->st.before = !s->base_valid; /* the unit is not sounding yet */
        latency_key(s, cmd);
        if (!library_key(s, cmd) && !deferred_key(s, cmd))
            effects_dispatch(s, cmd);
        return 0;
    }
    case INPUT_WAIT: {
        size_t frames = (size_t)llround(ev->seconds * RATE_HZ);
        s->wait_target = atomic_load(&p->sh->handed) + frames;
        /* Frames already in the ring count as time too. */
        s->waiting = 1;
        return 0;
    }
    case INPUT_END:
        if (p->opt.keys) {
            p->script_done = 1;
            return 0;
        }
        s->quitting = 1; /* the terminal went away */
        return 0;
    case INPUT_INTERRUPT:
        s->quitting = 1;
        return 0;
    default:
        return 0;
    }
}

int player_play(struct player *p, const char *path, const struct player_place *place,
                struct player_result *res, char *err, size_t errlen)
{
    struct session s;
    memset(&s, 0, sizeof s);
    s.p = p;
    s.path = path;
    s.place = place;
    memset(res, 0, sizeof *res);
    int rc = session_open(&s, err, errlen);
    if (rc) {
        if (rc == PLAYER_ENOMEM)
            snprintf(err, errlen, "audioleaf play: out of memory");
        session_free(&s);
        return rc;
    }
    /* Where to start and how fast. */
    struct resume_state rs;
    size_t start_unit = 0, start_sentence = 0;
    int have_rs = !p->opt.no_resume && resume_load(path, &rs) == RESUME_OK;
    if (have_rs && place && place->from_top)
        rs.unit[0] = '\0'; /* keep the saved speed, start at the top */
    struct orient_start os = {0};
    os.again = have_rs && !strcmp(rs.unit, RESUME_END); /* heard to its end: the top */
    if (have_rs && rs.unit[0])
        resume_find(&rs, s.sp.lf, s.sp.script, &start_unit, &start_sentence);
    /* In a library the listener's speed goes from leaflet to leaflet, as an offset from
     * each voice's own (languages have different ones). */
    int wpm = p->opt.rate > 0          ? p->opt.rate
              : p->in_library          ? s.sp.voice.rate + (p->has_offset ? p->rate_offset : 0)
              : have_rs && rs.rate > 0 ? rs.rate
                                       : s.sp.voice.rate;
    nav_init(&s.st, wpm, VOICE_RATE_MIN, VOICE_RATE_MAX, RATE_STEP);
    s.wpm = s.st.rate;
    s.st.unit = start_unit;
    if (have_rs && rs.unit[0] && !(place && place->from_top)) {
        /* What is saved already: not written again until the listener moves. */
        s.saved.saved = 1;
        s.saved.unit = start_unit;
        s.saved.sentence = start_sentence;
        s.saved.rate = rs.rate;
        s.saved.at = player_now();
    }
    units_build_doc(&s);
    if (questions_open(&s) != PLAYER_OK) {
        snprintf(err, errlen, "audioleaf play: out of memory");
        session_free(&s);
        return PLAYER_ENOMEM;
    }
    stats_track_leaflet(&s.stats, stats_enabled(0), path, s.sp.lf->title, s.sp.language, RATE_HZ);

    s.rd = &p->rd;
    s.start_sentence = start_sentence;
    s.again = os.again;
    /* A script's wait that a leaflet before this one began goes on. */
    s.waiting = p->carry_waiting;
    s.wait_target = p->carry_wait_target;
    if (p->in_library) {
        /* At the leaflet level: nothing of it plays until the library opens it (the library
         * says its title; orient_start() the rest as it opens). */
        s.parked = 1;
        library_apply(&s, &p->lib_pending, p->lib_pending_at);
    } else {
        os.unit = start_unit;
        os.sentence = start_sentence;
        orient_start(&s, &os);
        struct nav_effects fx = {.n = 1};
        fx.fx[0].kind = NAV_FX_PLAY;
        fx.fx[0].unit = start_unit;
        fx.fx[0].sentence = start_sentence;
        s.opened = 1;
        effects_apply(&s, &fx);
    }
    /* The words most often needed, rendered early (after the first unit). */
    says_preload(&s);

    struct ring *sh = p->sh;
    double bye_until = 0;
    for (;;) {
        player_drain_rec(p);
        units_take_results(&s);
        if (s.live)
            clips_refresh_live(&s, s.q[0].unit, s.live);
        deferred_run(&s);
        clips_update_frame(&s);
        if ((!s.quitting || s.bye) && !(s.leaving && s.nq == 0 && !s.writing))
            clips_produce(&s); /* leaving: what is queued is said first; quitting: goodbye */
        latency_collect(&s);
        if (!s.quitting && !s.leaving)
            save_place(&s, 0); /* as the listener moves: a kill loses seconds, no more */
        if (player_stop_signal()) {
            s.quitting = 1;
            s.bye = 0; /* a signal ends at once */
        }
        if (s.quitting && s.bye && (s.nq || s.writing)) {
            /* Quit with a key: the goodbye is said first (a few seconds at most). */
            if (bye_until == 0)
                bye_until = player_now() + 5.0;
            if (player_now() < bye_until) {
                player_nap(0.001);
                continue;
            }
        }
        if (s.quitting)
            break;
        if (s.waiting && atomic_load(&sh->handed) >= s.wait_target)
            s.waiting = 0;
        int idle = s.nq == 0 && !s.writing && atomic_load(&sh->rpos) >= atomic_load(&sh->wpos);
        if (s.leaving && idle)
            break;
        library_tick(&s);
        int script_over = p->opt.keys && p->script_done && idle && !s.leaving;
        if (script_over && !p->in_library && s.st.ended)
            break;
        if (script_over && p->in_library &&
            (p->lib.level == NAV_LIBRARY_LEAFLETS || s.st.paused)) {
            s.quitting = 1; /* all said: a library would wait for keys that never come */
            break;
        }
        struct input_event ev = {0};
        if (p->opt.keys) {
            if (s.waiting || p->script_done || s.n_deferred) {
                player_nap(0.001);
                continue;
            }
            if (p->in->next(p->in_h, 0, &ev) != INPUT_OK)
                ev.kind = INPUT_END;
        } else if (p->in->next(p->in_h, 5, &ev) != INPUT_OK) {
            ev.kind = INPUT_END;
        }
        handle_event(&s, &ev);
    }
    res->quit = s.quitting;
    res->leave = s.leaving;
    p->carry_waiting = s.waiting;
    p->carry_wait_target = s.wait_target;
    clips_update_frame(&s);
    stats_track_stop(&s.stats, 0, 0);
    save_place(&s, 1);
    /* Stop sound now: the next leaflet (or the end) starts from an empty ring; a goodbye
     * is let play out (player_close() waits for the ring to empty). */
    if (!(s.quitting && s.bye))
        ring_stop(sh);
    session_free(&s);
    return PLAYER_OK;
}
