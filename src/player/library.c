/* player/library.c: a library of leaflets played: the effects of its level
 * (src/nav_library.h) carried out, one leaflet's session at a time, each announcement in
 * the voice of the leaflet it names; the idle reset; the leaflet opened last and the
 * listener's speed kept between runs. */
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "internal.h"
#include "resume.h"

/* The library's state file is DIR's (resume.h), its unit this marker. */
#define LIBRARY_UNIT "library"

static void save_state(struct player *p);

static void lib_stop(struct session *s)
{
    struct nav_effects fx = {.n = 1};
    fx.fx[0].kind = NAV_FX_STOP;
    effects_apply(s, &fx);
}

/* Play the leaflet from where nav stands in it (its top when it was heard to its end). */
static void lib_open(struct session *s)
{
    s->parked = 0;
    if (s->st.ended) {
        s->st.ended = 0;
        s->st.paused = 0;
        s->st.unit = 0;
        s->st.frame = 0;
        s->st.level = NAV_LEVEL_SECTION;
    }
    s->st.paused = 0;
    if (!s->opened) {
        /* The library said the title: where it continues, or that it starts again. */
        struct orient_start os = {.unit = s->st.unit,
                                  .sentence = s->start_sentence,
                                  .again = s->again,
                                  .library_said = 1};
        orient_start(s, &os);
    }
    struct nav_effects fx = {.n = 1};
    fx.fx[0].kind = NAV_FX_PLAY;
    fx.fx[0].unit = s->st.unit;
    /* The first time, the saved sentence (its frame is not known before it is rendered). */
    fx.fx[0].sentence = s->opened ? nav_sentence_at(&s->doc, &s->st) : s->start_sentence;
    s->opened = 1;
    s->st.frame = nav_sentence_frame(&s->doc, s->st.unit, fx.fx[0].sentence);
    effects_apply(s, &fx);
}

/* The first opening after an idle reset: the top, at the listener's speed (the usual one
 * unless chosen since), whatever the one before left in this session. */
static void lib_fresh_start(struct session *s)
{
    struct player *p = s->p;
    s->st.unit = 0;
    s->st.frame = 0;
    s->st.level = NAV_LEVEL_SECTION;
    s->st.ended = 0;
    s->start_sentence = 0;
    s->opened = 0;
    if (p->opt.rate > 0)
        return;
    int want = s->sp.voice.rate + (p->has_offset ? p->rate_offset : 0);
    want = want < s->st.rate_min ? s->st.rate_min : want > s->st.rate_max ? s->st.rate_max : want;
    if (want == s->wpm)
        return;
    s->st.rate = want;
    struct nav_effects fx = {.n = 1};
    fx.fx[0].kind = NAV_FX_RATE;
    fx.fx[0].arg[0] = want;
    effects_apply(s, &fx);
}

static enum announce_library announcement(enum nav_library_say say)
{
    switch (say) {
    case NAV_LIBRARY_SAY_WELCOME:
        return ANNOUNCE_WELCOME;
    case NAV_LIBRARY_SAY_LEAFLETS:
        return ANNOUNCE_LEAFLETS;
    case NAV_LIBRARY_SAY_FIRST:
        return ANNOUNCE_FIRST_LEAFLET;
    case NAV_LIBRARY_SAY_LAST:
        return ANNOUNCE_LAST_LEAFLET;
    case NAV_LIBRARY_SAY_CHOOSE:
        return ANNOUNCE_CHOOSE;
    case NAV_LIBRARY_SAY_END:
    default:
        return ANNOUNCE_END_OF_LIBRARY;
    }
}

/* "Leaflet K of N. TITLE." in this leaflet's voice, printed with the title as written. */
static void say_title(struct session *s)
{
    struct player *p = s->p;
    char text[1024], shown[1024];
    if (announce_library_text(s->sp.language, ANNOUNCE_LEAFLET_N, (long)s->place->index + 1,
                              (long)p->lib.n, text, sizeof text) != ANNOUNCE_OK)
        return;
    memcpy(shown, text, sizeof shown);
    says_append_title(s, text, sizeof text, 0);
    says_append_title(s, shown, sizeof shown, 1);
    size_t before = s->nq;
    says_push_shown(s, text, shown);
    if (s->nq > before)
        s->q[s->nq - 1].lib_title = 1;
    else
        library_said(s); /* not queued (out of memory): the listing goes on */
}

void library_apply(struct session *s, const struct nav_library_effects *fx, size_t at)
{
    struct player *p = s->p;
    for (size_t i = at; i < fx->n; i++) {
        const struct nav_library_effect *e = &fx->fx[i];
        if (e->kind != NAV_LIBRARY_FX_STOP && e->kind != NAV_LIBRARY_FX_TONE &&
            e->leaflet != s->place->index) {
            /* Another leaflet's voice: its session carries on from here. */
            p->lib_pending = *fx;
            p->lib_pending_at = i;
            p->lib_next = e->leaflet;
            s->leaving = 1;
            return;
        }
        switch (e->kind) {
        case NAV_LIBRARY_FX_STOP:
            lib_stop(s);
            s->parked = 1;
            s->leaving = 0; /* a key: whatever was to come next is not */
            break;
        case NAV_LIBRARY_FX_SAY: {
            char text[512];
            if (announce_library_text(s->sp.language, announcement(e->say), e->arg, 0, text,
                                      sizeof text) == ANNOUNCE_OK)
                says_push(s, text);
            break;
        }
        case NAV_LIBRARY_FX_TITLE:
            say_title(s);
            break;
        case NAV_LIBRARY_FX_TONE: {
            struct clip c = {.kind = CLIP_TONE, .tone = NAV_TONE_BOUNDARY};
            clips_push(s, c);
            break;
        }
        case NAV_LIBRARY_FX_OPEN:
            if (p->lib_fresh && p->lib_fresh[e->leaflet])
                lib_fresh_start(s);
            if (p->lib_fresh)
                p->lib_fresh[e->leaflet] = 0;
            save_state(p); /* the leaflet opened last, kept at once */
            lib_open(s);
            break;
        }
    }
}

int library_key(struct session *s, enum nav_cmd cmd)
{
    struct player *p = s->p;
    if (!p->in_library)
        return 0;
    p->idle_armed = 1;
    struct nav_library_effects fx;
    if (!nav_library_key(&p->lib, cmd, s->st.level, &fx))
        return 0;
    library_apply(s, &fx, 0);
    return 1;
}

void library_said(struct session *s)
{
    struct nav_library_effects fx;
    nav_library_said(&s->p->lib, &fx);
    library_apply(s, &fx, 0);
}

void library_rate(struct session *s, int wpm)
{
    struct player *p = s->p;
    if (!p->in_library)
        return;
    p->rate_offset = wpm - s->sp.voice.rate;
    p->has_offset = 1;
}

/* Seconds of output time for a --keys script (its waits), else of the clock. */
static double idle_clock(const struct session *s)
{
    if (s->p->opt.keys)
        return (double)atomic_load(&s->p->sh->handed) / RATE_HZ;
    return player_now();
}

void library_tick(struct session *s)
{
    struct player *p = s->p;
    if (!p->in_library)
        return;
    struct nav_library_effects fx;
    if (s->st.ended && p->lib.level == NAV_LIBRARY_INSIDE) {
        nav_library_leaflet_end(&p->lib, &fx);
        library_apply(s, &fx, 0);
    }
    if (p->opt.idle_reset <= 0)
        return;
    if (s->nq > 0 || s->writing) {
        /* Something to say: idle time counts from its end (for a script, the output time
         * written so far: the ring also holds its waits' silence, which is no sound). */
        p->idle_since = p->opt.keys ? (double)atomic_load(&p->sh->wpos) / RATE_HZ : player_now();
        return;
    }
    if (!p->idle_armed || s->leaving || idle_clock(s) - p->idle_since < p->opt.idle_reset)
        return;
    /* The next listener starts at the welcome, each leaflet at its top, at the usual speed. */
    p->idle_armed = 0;
    if (p->lib_fresh)
        memset(p->lib_fresh, 1, p->lib.n);
    p->has_offset = 0;
    p->rate_offset = 0;
    nav_library_start(&p->lib, &fx);
    library_apply(s, &fx, 0);
}

/* The leaflet opened last (its file name) and the listener's speed, from DIR's state. */
static void load_state(struct player *p, const char *dir, char *const *paths, size_t n,
                       size_t *last)
{
    struct resume_state rs;
    *last = 0;
    if (p->opt.no_resume || resume_load(dir, &rs) != RESUME_OK || strcmp(rs.unit, LIBRARY_UNIT))
        return;
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(paths[i], '/');
        if (!strcmp(base ? base + 1 : paths[i], rs.heading))
            *last = i;
    }
    p->has_offset = rs.has_offset;
    p->rate_offset = rs.offset;
}

static void save_state(struct player *p)
{
    const char *dir = p->lib_dir;
    char *const *paths = p->lib_paths;
    if (p->opt.no_resume)
        return;
    struct resume_state rs;
    memset(&rs, 0, sizeof rs);
    snprintf(rs.unit, sizeof rs.unit, "%s", LIBRARY_UNIT);
    const char *path = paths[p->lib.last], *base = strrchr(path, '/');
    snprintf(rs.heading, sizeof rs.heading, "%s", base ? base + 1 : path);
    rs.has_offset = p->has_offset;
    rs.offset = p->rate_offset;
    if (resume_save(dir, &rs) != RESUME_OK && !p->lib_state_reported) {
        int e = errno;
        char file[PATH_MAX + 100] = "";
        resume_file(dir, file, sizeof file);
        fprintf(stderr, "audioleaf play: cannot save the library's state in %s: %s\n", file,
                strerror(e));
        p->lib_state_reported = 1; /* said once; listening goes on */
    }
}

int player_library(struct player *p, const char *dir, char *const *paths, size_t n, char *err,
                   size_t errlen)
{
    size_t last;
    if (n == 0) {
        snprintf(err, errlen, "audioleaf play: %s: no leaflets", dir);
        return PLAYER_ELEAFLET;
    }
    p->lib_fresh = calloc(n, 1);
    if (!p->lib_fresh) {
        snprintf(err, errlen, "audioleaf play: out of memory");
        return PLAYER_ENOMEM;
    }
    load_state(p, dir, paths, n, &last);
    p->lib_dir = dir;
    p->lib_paths = paths;
    p->in_library = 1;
    nav_library_init(&p->lib, n, last);
    nav_library_start(&p->lib, &p->lib_pending);
    p->lib_pending_at = 0;
    p->lib_next = 0;
    p->idle_since = p->opt.keys ? 0 : player_now();
    int rc = PLAYER_OK;
    for (;;) {
        size_t i = p->lib_next;
        struct player_place place = {i, n, p->lib_fresh[i]};
        struct player_result res = {0};
        rc = player_play(p, paths[i], &place, &res, err, errlen);
        if (rc != PLAYER_OK || res.quit || !res.leave)
            break;
    }
    save_state(p);
    p->in_library = 0;
    free(p->lib_fresh);
    p->lib_fresh = NULL;
    return rc;
}
