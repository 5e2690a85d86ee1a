/* player: the play loop tying keys, navigation, the render thread (src/renderer.c), the
 * frame ring (src/ring.c) and the output together (see player.h for the shape). */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "announce.h"
#include "cache.h"
#include "display.h"
#include "input.h"
#include "keymap.h"
#include "leaflet.h"
#include "nav.h"
#include "out.h"
#include "player.h"
#include "renderer.h"
#include "ring.h"
#include "place.h"
#include "resume.h"
#include "speech.h"
#include "spoken.h"
#include "stats.h"
#include "voice.h"
#include "wav.h"

#define RATE_HZ 22050         /* eSpeak NG's output rate: the stream's rate */
#define AHEAD_FRAMES 4096     /* how far the loop writes ahead of the device (186 ms) */
#define FRAMES_PER_BUFFER 256 /* 11.6 ms */
#define MAX_CLIPS 32
#define SAY_CACHE 24
#define RATE_STEP 20
#define MAX_LAT 512
#define MAX_DEFERRED 8

/* ---- stopping on a signal ---------------------------------------------------------- */

/* SIGINT / SIGTERM / SIGHUP in any key source: the loop sees the flag, saves the place and ends;
 * player_close() then finishes the recording.  A signal handler can only reach a global:
 * this flag is the player's one piece of process-wide state (one player a process).  A
 * key source may put handlers of its own on top (the terminal does, and reports
 * INPUT_INTERRUPT instead). */
static volatile sig_atomic_t stop_signal;
#define N_STOP_SIGNALS 3
static const int stop_signals[N_STOP_SIGNALS] = {SIGINT, SIGTERM, SIGHUP};

static void on_stop_signal(int sig)
{
    /* Repeats are not escalated: wrappers such as timeout(1) send the same signal twice
     * (to the process and to its group). */
    stop_signal = sig;
}

static void catch_stop_signals(struct sigaction old[N_STOP_SIGNALS])
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop_signal;
    stop_signal = 0;
    for (int i = 0; i < N_STOP_SIGNALS; i++)
        sigaction(stop_signals[i], &sa, &old[i]);
}

static void release_stop_signals(const struct sigaction old[N_STOP_SIGNALS])
{
    for (int i = 0; i < N_STOP_SIGNALS; i++)
        sigaction(stop_signals[i], &old[i], NULL);
}

double player_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- per-unit knowledge, the document nav sees ------------------------------------ */

enum meta_state { META_NONE = 0, META_QUEUED, META_READY, META_FAILED };

struct meta {
    enum meta_state state;
    char *path; /* META_READY: the cache entry (owned); small, for leaflets of 100 000 units */
    size_t n_frames;
    size_t *sentences; /* sentence start frames */
    size_t n_sentences;
    size_t *items; /* first sentence of each item-level element */
    size_t n_items;
    size_t live_marks; /* META_QUEUED: marks taken from the render in progress */
};

/* A piece of sound waiting to be played, in order. */
enum clip_kind { CLIP_UNIT, CLIP_SAY, CLIP_TONE };

struct clip {
    enum clip_kind kind;
    size_t unit, sentence; /* CLIP_UNIT */
    char *text;            /* CLIP_SAY (owned) */
    char *shown;           /* CLIP_SAY: the line printed, in the leaflet's own words (owned),
                              NULL: TEXT */
    enum nav_tone tone;    /* CLIP_TONE */
};

struct say_audio {
    char *text;
    int wpm;
    int16_t *samples;
    size_t n;
    long used;
};

struct player {
    struct player_options opt;
    struct keymap km;
    enum announce_pad pad; /* the keys help names: a numpad's '/' or a phone's '#' */
    const struct input_source *in;
    void *in_h;
    struct cache *cache;
    struct renderer rd;
    const struct out_backend *out;
    void *out_h;
    struct out_file *rec;
    int rec_failed;
    struct ring *sh;
    double lat[MAX_LAT];
    const char *lat_cmd[MAX_LAT];
    size_t n_lat;
    int script_done;
    int leaflet_level;                         /* library: 1 while 4 / 6 move between leaflets */
    struct sigaction old_stop[N_STOP_SIGNALS]; /* as they were before player_open() */
    int place_failed;         /* the place could not be saved when a leaflet was left */
    struct place_saver saver; /* saves the place while the listener listens */
};

/* Everything about the leaflet being played. */
struct session {
    struct player *p;
    const char *path;
    struct spoken sp;    /* the leaflet, its language, voice, lexicon and script */
    struct renderer *rd; /* the player's */
    struct meta *meta;
    struct nav_unit *units;
    struct nav_doc doc;
    struct nav_state st;
    int wpm;
    long urgent; /* the unit rendered before all others, -1: none */
    struct clip q[MAX_CLIPS];
    size_t nq;
    /* The clip being written into the ring. */
    int writing;
    int16_t *cur; /* samples (owned unless cur_borrowed) */
    int cur_borrowed;
    size_t cur_n, cur_pos;
    size_t cur_start;           /* first frame of the unit written */
    struct renderer_live *live; /* a unit played while it renders (cur is NULL), or NULL */
    /* Where the unit nav is in sits in the ring. */
    int base_valid;
    size_t clip_ring_start; /* ring position of the first written frame */
    size_t base_frame;      /* the unit frame written there */
    size_t unit_frames;
    /* A paused place to move to the new speed once its marks are known. */
    int fix_pending;
    size_t fix_sentence;
    struct say_audio says[SAY_CACHE];
    long say_clock;
    int16_t *tone[2];
    size_t tone_n[2];
    /* Script waits. */
    int waiting;
    size_t wait_target;
    /* Latency measuring. */
    double key_time;
    enum nav_cmd key_cmd;
    int key_pending;
    /* Keys that move by sentences or items in a unit still rendering: carried out once
     * its sentences are known, from where the listener was when they were pressed. */
    enum nav_cmd deferred[MAX_DEFERRED];
    size_t n_deferred;
    size_t deferred_unit, deferred_frame;
    size_t lat_mark_set;
    int quitting;
    int leaving; /* library: going to another leaflet (`move`) */
    int move;
    const struct player_place *place; /* NULL: not in a library */
    struct stats_tracker stats;       /* the opt-in listening log */
    struct place saved;               /* what was saved of the place, and when */
};

/* Print "LABEL: TEXT" (LABEL NULL: TEXT alone) as one clean line (src/display.h). */
static void say_line(struct session *s, const char *label, const char *text)
{
    if (s->p->opt.quiet)
        return;
    char line[1200];
    display_clean(text, label ? 120 : 0, line, sizeof line);
    if (label)
        printf("%s: %s\n", label, line);
    else
        printf("%s\n", line);
    fflush(stdout);
}

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

static int submit(struct session *s, enum renderer_kind kind, size_t unit, const char *text,
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
static void plan_renders(struct session *s, long urgent)
{
    for (size_t u = 0; u < s->sp.script->n_units; u++) {
        if (s->meta[u].state == META_NONE) {
            if (submit(s, RENDERER_UNIT, u, NULL, unit_prio(s, u)) == RENDERER_OK)
                s->meta[u].state = META_QUEUED;
        }
    }
    s->urgent = urgent;
    renderer_rerank(s->rd, rank_unit, s);
}

static void free_meta(struct meta *m)
{
    free(m->path);
    free(m->sentences);
    free(m->items);
    memset(m, 0, sizeof *m);
}

/* Tell nav what is known of unit U. */
static void build_unit(struct session *s, size_t u)
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
 * news is build_unit()'s, so that a large leaflet costs no pass over it per change). */
static void build_doc(struct session *s)
{
    const struct speech_script *sc = s->sp.script;
    for (size_t u = 0; u < sc->n_units; u++)
        build_unit(s, u);
    s->doc.units = s->units;
    s->doc.n_units = sc->n_units;
    s->doc.n_sections = s->sp.lf->n_sections;
    s->doc.questions_section = leaflet_questions_section(s->sp.lf);
    s->doc.sample_rate = RATE_HZ;
}

static int set_marks(struct session *s, size_t u, const struct tts_mark *marks, size_t n_marks,
                     size_t n_frames);

/* Sentence starts and item-level elements of unit U from its rendered marks. */
static int set_meta(struct session *s, size_t u, const struct cache_entry *e)
{
    int rc = set_marks(s, u, e->marks, e->n_marks, e->n_frames);
    char *path = rc == PLAYER_OK ? strdup(e->path) : NULL;
    if (rc == PLAYER_OK && !path) {
        free_meta(&s->meta[u]);
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
static int set_marks(struct session *s, size_t u, const struct tts_mark *marks, size_t n_marks,
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
        free_meta(m);
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

static struct say_audio *say_find(struct session *s, const char *text)
{
    for (size_t i = 0; i < SAY_CACHE; i++) {
        if (s->says[i].text && s->says[i].wpm == s->wpm && !strcmp(s->says[i].text, text))
            return &s->says[i];
    }
    return NULL;
}

static void say_store(struct session *s, const char *text, int16_t *samples, size_t n)
{
    struct say_audio *slot = &s->says[0];
    for (size_t i = 0; i < SAY_CACHE; i++) {
        if (!s->says[i].text) {
            slot = &s->says[i];
            break;
        }
        if (s->says[i].used < slot->used)
            slot = &s->says[i];
    }
    if (s->writing && s->cur_borrowed && slot->samples && s->cur == slot->samples) {
        free(samples); /* the slot is being played: keep it, drop the new sound */
        return;
    }
    free(slot->text);
    free(slot->samples);
    slot->text = strdup(text);
    slot->samples = samples;
    slot->n = n;
    slot->wpm = s->wpm;
    slot->used = ++s->say_clock;
    if (!slot->text) {
        free(slot->samples);
        memset(slot, 0, sizeof *slot);
    }
}

/* Take what the render thread finished. */
static void take_results(struct session *s)
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
            build_unit(s, x->unit);
            changed = 1;
        } else if (!say_find(s, x->text)) {
            /* A failed announcement is stored silent so that playing goes on. */
            struct wav_data w;
            memset(&w, 0, sizeof w);
            if (x->rc == CACHE_OK && wav_read(x->e.path, &w) == WAV_OK && w.rate == RATE_HZ) {
                say_store(s, x->text, w.samples, w.n_frames);
                w.samples = NULL;
            } else {
                say_store(s, x->text, NULL, 0);
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
    if (s->p->opt.keys && !s->waiting && !s->p->script_done)
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

static void clear_clips(struct session *s)
{
    for (size_t i = 0; i < s->nq; i++) {
        free(s->q[i].text);
        free(s->q[i].shown);
    }
    s->nq = 0;
    drop_cur(s);
}

static void push_clip(struct session *s, struct clip c)
{
    if (s->nq >= MAX_CLIPS) {
        free(c.text);
        free(c.shown);
        return;
    }
    s->q[s->nq++] = c;
}

static const char *section_heading(const struct session *s, long section)
{
    if (section < 0 || (size_t)section >= s->sp.lf->n_sections)
        return "";
    return s->sp.lf->sections[section].heading;
}

/* Append " TITLE" (as spoken, or as written when SHOWN, ended like a sentence) to the
 * announcement in BUF. */
static void append_title(struct session *s, char *buf, size_t len, int shown)
{
    const char *title = s->sp.lf->title;
    char *t = !title  ? NULL
              : shown ? strdup(title)
                      : speech_text(title, s->sp.language, s->sp.lex);
    size_t n = strlen(buf);
    if (t && *t && n < len)
        snprintf(buf + n, len - n, " %s%s", t, strchr(".?!:", t[strlen(t) - 1]) ? "" : ".");
    free(t);
}

/* The heading of the section unit U belongs to (NULL for the "last updated" line). */
static const char *unit_heading(const struct session *s, size_t u)
{
    const struct speech_unit *su = &s->sp.script->units[u];
    return su->kind == SPEECH_UNIT_UPDATED ? NULL : section_heading(s, (long)su->section);
}

static void apply(struct session *s, const struct nav_effects *fx);

/* The text of the item-level element unit U is at (for where am I): a list item's text,
 * or the paragraph of a section, as spoken or (SHOWN) as the leaflet has it; NULL when
 * there is none. */
static const char *where_item(const struct session *s, size_t u, int shown)
{
    if (u >= s->sp.script->n_units)
        return NULL;
    const struct speech_unit *su = &s->sp.script->units[u];
    const struct leaflet *lf = s->sp.lf;
    if (su->kind == SPEECH_UNIT_ITEM) {
        if (!shown)
            return su->text;
        if (su->section < lf->n_sections && su->item < lf->sections[su->section].n_items)
            return lf->sections[su->section].items[su->item].text;
        return NULL;
    }
    if (su->kind == SPEECH_UNIT_PARAGRAPH) {
        if (!shown)
            return su->text;
        if (su->section < lf->n_sections && su->paragraph < lf->sections[su->section].n_paragraphs)
            return lf->sections[su->section].paragraphs[su->paragraph];
        return NULL;
    }
    if (su->kind != SPEECH_UNIT_SECTION || su->n_parts < 2 || u != s->st.unit)
        return NULL;
    /* Element 0 is the heading and the first paragraph, element E paragraph E + 1. */
    const struct meta *m = &s->meta[u];
    size_t sentence = nav_sentence_at(&s->doc, &s->st), e = 0;
    for (size_t i = 0; i < m->n_items; i++) {
        if (m->items[i] <= sentence)
            e = i;
    }
    size_t part = e + 1 < su->n_parts ? e + 1 : su->n_parts - 1;
    if (!shown)
        return su->text + su->part_offsets[part];
    /* Parts are the heading (when it says something) and then the paragraphs. */
    const struct leaflet_section *sec =
        su->section < lf->n_sections ? &lf->sections[su->section] : NULL;
    size_t first = sec && sec->heading && sec->heading[0] ? 1 : 0;
    if (!sec || part < first || part - first >= sec->n_paragraphs)
        return NULL;
    return sec->paragraphs[part - first];
}

/* The words of the SAY effect E: help from the keys actually bound, where am I with the
 * item's text (as spoken, or as written when SHOWN).  Returns as announce_text(). */
static int say_words(struct session *s, const struct nav_effect *e, const char *head, int shown,
                     char *buf, size_t len)
{
    if (e->say == NAV_SAY_HELP)
        return announce_help_text(s->sp.language, &s->p->km, s->p->pad, buf, len);
    if (e->say == NAV_SAY_WHERE)
        return announce_where_text(s->sp.language, e, head,
                                   where_item(s, (size_t)e->arg[5], shown), buf, len);
    return announce_text(s->sp.language, e, head, buf, len);
}

/* Queue TEXT to be spoken (rendered first when it is not at hand), printed as SHOWN
 * (NULL: TEXT). */
static void push_say_shown(struct session *s, const char *text, const char *shown)
{
    struct clip c = {.kind = CLIP_SAY, .text = strdup(text)};
    if (!c.text)
        return;
    if (shown && strcmp(shown, text))
        c.shown = strdup(shown);
    if (!say_find(s, text))
        submit(s, RENDERER_SAY, 0, text, -1); /* before any unit: it is said first */
    push_clip(s, c);
}

static void push_say(struct session *s, const char *text)
{
    push_say_shown(s, text, NULL);
}

static void dispatch(struct session *s, enum nav_cmd cmd)
{
    struct nav_effects fx;
    if (nav_step(&s->doc, &s->st, cmd, &fx) == NAV_OK)
        apply(s, &fx);
}

static void apply(struct session *s, const struct nav_effects *fx)
{
    for (size_t i = 0; i < fx->n; i++) {
        const struct nav_effect *e = &fx->fx[i];
        struct clip c = {0};
        switch (e->kind) {
        case NAV_FX_STOP:
            ring_stop(s->p->sh);
            clear_clips(s);
            s->base_valid = 0;
            break;
        case NAV_FX_PLAY:
            c.kind = CLIP_UNIT;
            c.unit = e->unit;
            c.sentence = e->sentence;
            stats_track_play(&s->stats, s->sp.script->units[e->unit].id, unit_heading(s, e->unit),
                             nav_sentence_frame(&s->doc, e->unit, e->sentence),
                             s->key_pending &&
                                 (s->key_cmd == NAV_CMD_REPEAT || s->key_cmd == NAV_CMD_START));
            push_clip(s, c);
            s->base_valid = 0;
            s->fix_pending = 0;
            plan_renders(s, (long)e->unit);
            break;
        case NAV_FX_SAY: {
            /* Spoken with the speech text's words, printed with the leaflet's own. */
            char text[1024] = "", shown[1024] = "";
            size_t used = 0;
            char *head = NULL;
            if (e->say == NAV_SAY_WHERE) {
                head = speech_text(section_heading(s, e->arg[0]), s->sp.language, s->sp.lex);
                if (s->place && announce_library_text(
                                    s->sp.language, ANNOUNCE_LEAFLET_N, (long)s->place->index + 1,
                                    (long)s->place->count, text, sizeof text - 1) == ANNOUNCE_OK) {
                    used = strlen(text);
                    text[used++] = ' ';
                    memcpy(shown, text, used);
                }
            }
            say_words(s, e, head, 0, text + used, sizeof text - used);
            free(head);
            if (e->say == NAV_SAY_WHERE)
                say_words(s, e, section_heading(s, e->arg[0]), 1, shown + used,
                          sizeof shown - used);
            push_say_shown(s, text, e->say == NAV_SAY_WHERE ? shown : NULL);
            break;
        }
        case NAV_FX_TONE:
            c.kind = CLIP_TONE;
            c.tone = e->tone;
            push_clip(s, c);
            break;
        case NAV_FX_RATE: {
            size_t sentence = nav_sentence_at(&s->doc, &s->st);
            s->wpm = (int)e->arg[0];
            renderer_drop_units(s->rd);
            for (size_t u = 0; u < s->sp.script->n_units; u++)
                free_meta(&s->meta[u]);
            build_doc(s);
            s->fix_pending = 1;
            s->fix_sentence = sentence;
            plan_renders(s, (long)s->st.unit);
            break;
        }
        case NAV_FX_QUIT:
            s->quitting = 1;
            break;
        case NAV_FX_MARK:
            break;
        }
    }
}

/* ---- producing frames -------------------------------------------------------------- */

static void make_tones(struct session *s)
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

/* "ID: TEXT" for unit U: the section's heading, the item, the paragraph written after a
 * list or the "last updated" line as the leaflet writes them (the speech text may hold [[phonemes]] from the lexicon). */
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
    say_line(s, id, src);
}

/* Take what the render in progress L of unit U has found so far: its sentences and items
 * become known to nav one by one while the unit plays. */
static void refresh_live(struct session *s, size_t u, struct renderer_live *l)
{
    struct meta *m = &s->meta[u];
    struct tts_mark *marks = NULL;
    size_t n = 0, frames = 0;
    if (m->state != META_QUEUED || renderer_live_marks(s->rd, l, &marks, &n, &frames))
        return;
    if (n != m->live_marks || m->n_sentences == 0) {
        if (set_marks(s, u, marks, n, frames) == PLAYER_OK) {
            m->live_marks = n;
            build_unit(s, u);
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
    refresh_live(s, c->unit, l);
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
        struct say_audio *a = say_find(s, c->text);
        if (!a)
            return 0;
        a->used = ++s->say_clock;
        s->cur = a->samples;
        s->cur_n = a->n;
        s->cur_pos = 0;
        s->cur_borrowed = 1;
        say_line(s, NULL, c->shown ? c->shown : c->text);
        return 1;
    }
    struct meta *m = &s->meta[c->unit];
    if (m->state == META_FAILED)
        return -1;
    if (m->state != META_READY) {
        plan_renders(s, (long)c->unit);
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
    if (c.kind == CLIP_UNIT && c.unit == s->st.unit) {
        stats_track_stop(&s->stats, 1, s->cur_n);
        dispatch(s, NAV_CMD_UNIT_END);
    }
}

static void produce_some(struct session *s);

/* Write what can be written now, and tell the output whether more of a clip is coming
 * right away (so that it waits for it instead of playing silence). */
static void produce(struct session *s)
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
            if (s->key_pending) {
                s->lat_mark_set = w + 1;
                atomic_store(&sh->lat_time, 0.0);
                atomic_store(&sh->lat_mark, w + 1);
                s->key_pending = 0;
            }
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
static void update_frame(struct session *s)
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

static void collect_latency(struct session *s)
{
    struct player *p = s->p;
    if (!s->lat_mark_set)
        return;
    double t = atomic_load(&p->sh->lat_time);
    if (t == 0)
        return;
    if (p->n_lat < MAX_LAT) {
        p->lat_cmd[p->n_lat] = nav_cmd_name(s->key_cmd);
        p->lat[p->n_lat++] = t - s->key_time;
        if (p->opt.stats > 1)
            fprintf(stderr, "audioleaf stats: key %s: %.1f ms\n", nav_cmd_name(s->key_cmd),
                    (t - s->key_time) * 1000);
    }
    s->lat_mark_set = 0;
}

/* Write the recording ring into the --record file. */
static void drain_rec(struct player *p)
{
    if (ring_drain_rec(p->sh, p->rec_failed ? NULL : p->rec) == OUT_OK || p->rec_failed)
        return;
    /* A full disk or a size limit: what was written is kept (its header is current),
     * the rest of the session plays on without recording.  Said now, not at the end. */
    p->rec_failed = 1;
    fprintf(stderr,
            "audioleaf play: %s: recording stopped: %s; the %.1f s recorded so far are "
            "kept, playing goes on\n",
            p->opt.record, strerror(out_file_error(p->rec)),
            (double)out_file_frames(p->rec) / RATE_HZ);
}

static void nap(double seconds)
{
    struct timespec ts = {0, (long)(seconds * 1e9)};
    nanosleep(&ts, NULL);
}

/* ---- session set-up and the loop --------------------------------------------------- */

static void session_free(struct session *s)
{
    if (s->rd)
        renderer_drain(s->rd);
    clear_clips(s);
    if (s->meta) {
        for (size_t u = 0; u < s->sp.script->n_units; u++)
            free_meta(&s->meta[u]);
    }
    free(s->meta);
    free(s->units);
    for (size_t i = 0; i < SAY_CACHE; i++) {
        free(s->says[i].text);
        free(s->says[i].samples);
    }
    free(s->tone[0]);
    free(s->tone[1]);
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
    make_tones(s);
    return PLAYER_OK;
}

/* Save the place (the top once the end was reached) when it is due, on the saver's
 * thread; FORCE: now, on this one, as the leaflet is left.  A failure is reported once a
 * leaflet; when leaving, it makes the session fail. */
static void save_place(struct session *s, int force)
{
    struct player *p = s->p;
    if (p->opt.no_resume)
        return;
    size_t unit = s->st.ended ? 0 : s->st.unit;
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

/* Queue the announcements a key may need, so that they are rendered (or read from
 * the cache) before they are asked for: every one without arguments and the level names.
 * (Where am I has live figures; a new speed is rendered with everything else at it.) */
static void preload_says(struct session *s)
{
    struct nav_effect e = {.kind = NAV_FX_SAY};
    char text[1024];
    for (int say = 0; say < NAV_SAY_COUNT; say++) {
        if (say == NAV_SAY_WHERE || say == NAV_SAY_RATE)
            continue;
        e.say = (enum nav_say)say;
        int variants = say == NAV_SAY_LEVEL ? NAV_LEVEL_COUNT : 1;
        for (int v = 0; v < variants; v++) {
            e.arg[0] = v;
            if (say_words(s, &e, NULL, 0, text, sizeof text) == ANNOUNCE_OK)
                submit(s, RENDERER_SAY, 0, text, say == NAV_SAY_HELP ? 8 : 5);
        }
    }
}

/* Stop what plays; go on from the start of the current sentence unless paused. */
static void lib_stop(struct session *s)
{
    struct nav_effects fx = {.n = 1};
    fx.fx[0].kind = NAV_FX_STOP;
    apply(s, &fx);
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
    apply(s, &fx);
}

static void lib_say(struct session *s, enum announce_library what, int tone)
{
    char text[256];
    if (tone) {
        struct clip c = {.kind = CLIP_TONE, .tone = NAV_TONE_BOUNDARY};
        push_clip(s, c);
    }
    if (announce_library_text(s->sp.language, what, 0, 0, text, sizeof text) == ANNOUNCE_OK)
        push_say(s, text);
}

/* The leaflet level of a library, above sections.  Returns 1 when CMD was handled. */
static int library_key(struct session *s, enum nav_cmd cmd)
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
        apply(s, &fx);
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
        dispatch(s, NAV_CMD_START);
        return 1;
    default:
        return 0;
    }
}

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
static int defer_key(struct session *s, enum nav_cmd cmd)
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
static void run_deferred(struct session *s)
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
        dispatch(s, s->deferred[i]);
}

/* Handle one event from the key source; returns 1 when the session must end. */
static int handle_event(struct session *s, const struct input_event *ev)
{
    struct player *p = s->p;
    switch (ev->kind) {
    case INPUT_KEY: {
        const char *name = input_dispatch(&p->km, ev);
        enum nav_cmd cmd = nav_cmd_from_name(name);
        if (cmd == NAV_CMD_NONE)
            return 0;
        update_frame(s);
        s->key_time = player_now();
        s->key_cmd = cmd;
        s->key_pending = 1;
        s->lat_mark_set = 0;
        atomic_store(&p->sh->lat_mark, 0);
        if (!library_key(s, cmd) && !defer_key(s, cmd))
            dispatch(s, cmd);
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
    if (have_rs && rs.unit[0])
        resume_find(&rs, s.sp.lf, s.sp.script, &start_unit, &start_sentence);
    int wpm = p->opt.rate > 0 ? p->opt.rate : (have_rs && rs.rate > 0 ? rs.rate : s.sp.voice.rate);
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
    build_doc(&s);
    stats_track_leaflet(&s.stats, stats_enabled(0), path, s.sp.lf->title, s.sp.language, RATE_HZ);

    s.rd = &p->rd;
    if (place) {
        char text[1024], shown[1024];
        if (announce_library_text(s.sp.language, ANNOUNCE_LEAFLET_N, (long)place->index + 1,
                                  (long)place->count, text, sizeof text) == ANNOUNCE_OK) {
            memcpy(shown, text, sizeof shown);
            /* The title too, in the leaflet's voice, unless it is what comes first. */
            if (start_unit != 0 || start_sentence != 0 ||
                strcmp(s.sp.lf->title ? s.sp.lf->title : "", section_heading(&s, 0))) {
                append_title(&s, text, sizeof text, 0);
                append_title(&s, shown, sizeof shown, 1);
            }
            push_say_shown(&s, text, shown);
        }
    }
    struct nav_effects fx = {.n = 1};
    fx.fx[0].kind = NAV_FX_PLAY;
    fx.fx[0].unit = start_unit;
    fx.fx[0].sentence = start_sentence;
    apply(&s, &fx);
    /* The words most often needed, rendered early (after the first unit). */
    preload_says(&s);

    struct ring *sh = p->sh;
    for (;;) {
        drain_rec(p);
        take_results(&s);
        if (s.live)
            refresh_live(&s, s.q[0].unit, s.live);
        run_deferred(&s);
        update_frame(&s);
        if (!s.quitting && !s.leaving)
            produce(&s);
        collect_latency(&s);
        if (!s.quitting && !s.leaving)
            save_place(&s, 0); /* as the listener moves: a kill loses seconds, no more */
        if (stop_signal)
            s.quitting = 1;
        if (s.quitting || s.leaving)
            break;
        if (s.waiting && atomic_load(&sh->handed) >= s.wait_target)
            s.waiting = 0;
        int idle = s.nq == 0 && !s.writing && atomic_load(&sh->rpos) >= atomic_load(&sh->wpos);
        if (s.st.ended && idle && (p->opt.library || (p->opt.keys && p->script_done)))
            break;
        struct input_event ev = {0};
        if (p->opt.keys) {
            if (s.waiting || p->script_done || s.n_deferred) {
                nap(0.001);
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
    res->move = s.leaving ? s.move : 0;
    update_frame(&s);
    stats_track_stop(&s.stats, 0, 0);
    save_place(&s, 1);
    /* Stop sound now: the next leaflet (or the end) starts from an empty ring. */
    ring_stop(sh);
    session_free(&s);
    return PLAYER_OK;
}

/* ---- the session-wide part --------------------------------------------------------- */

static int config_keys(struct keymap *km, char *err, size_t errlen)
{
    char path[PATH_MAX];
    const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    keymap_defaults(km);
    if (x && x[0] == '/')
        snprintf(path, sizeof path, "%s/audioleaf/keys.conf", x);
    else if (home && *home)
        snprintf(path, sizeof path, "%s/.config/audioleaf/keys.conf", home);
    else
        return PLAYER_OK;
    int rc = keymap_load(km, path, err, errlen);
    if (rc == KEYMAP_OK || rc == KEYMAP_ENOENT)
        return PLAYER_OK;
    return PLAYER_EKEYMAP;
}

int player_open(const struct player_options *opt, struct player **out, char *err, size_t errlen)
{
    struct player *p = calloc(1, sizeof *p);
    if (!p || !(p->sh = calloc(1, sizeof *p->sh))) {
        free(p);
        snprintf(err, errlen, "audioleaf play: out of memory");
        return PLAYER_ENOMEM;
    }
    ring_init(p->sh, RATE_HZ);
    p->opt = *opt;
    /* Unit audio comes and goes in blocks of a megabyte or so: keep such blocks mapped
     * only while used (a fixed threshold stops glibc from moving them into the heap). */
    mallopt(M_MMAP_THRESHOLD, 64 * 1024);
    /* Before the key source, so that a source with handlers of its own goes on top. */
    catch_stop_signals(p->old_stop);
    place_saver_start(&p->saver); /* without it, places are saved on this thread */
    int rc = config_keys(&p->km, err, errlen);
    if (rc)
        goto fail;
    p->in = opt->input ? opt->input : opt->keys ? &input_script : &input_term;
    /* Tones on a phone line come from a phone keypad: it has '#', not '/'. */
    p->pad = !strcmp(p->in->name, "dtmf") ? ANNOUNCE_PAD_PHONE : ANNOUNCE_PAD_NUMPAD;
    const char *in_arg = opt->input ? opt->input_arg : opt->keys;
    if (p->in->open(in_arg, &p->in_h, err, errlen) != INPUT_OK) {
        p->in = NULL;
        rc = PLAYER_EINPUT;
        goto fail;
    }
    char cerr[1100];
    int crc = cache_open_err(opt->cache_dir, &p->cache, cerr, sizeof cerr);
    if (crc != CACHE_OK) {
        snprintf(err, errlen, "audioleaf play: cannot use the cache folder: %s", cerr);
        rc = PLAYER_ECACHE;
        goto fail;
    }
    if (opt->record && out_file_open(opt->record, RATE_HZ, &p->rec, err, errlen) != OUT_OK) {
        rc = PLAYER_ERECORD;
        goto fail;
    }
    atomic_store(&p->sh->rec_on, p->rec != NULL);
    p->out = opt->out ? opt->out : &out_portaudio;
    const char *device = opt->device;
    if (device && !opt->out && !strncmp(device, "null", 4) &&
        (device[4] == '\0' || device[4] == ':')) {
        p->out = &out_null; /* "null" or "null:realtime": no sound card wanted */
        device = device[4] ? device + 5 : NULL;
    }
    int orc =
        p->out->open(device, RATE_HZ, FRAMES_PER_BUFFER, ring_pull, p->sh, &p->out_h, err, errlen);
    if (orc != OUT_OK && opt->record && !opt->out && !opt->device) {
        if (!opt->quiet)
            fprintf(stderr,
                    "audioleaf play: no audio output device; recording into %s "
                    "only\n",
                    opt->record);
        p->out = &out_null;
        orc = p->out->open(NULL, RATE_HZ, FRAMES_PER_BUFFER, ring_pull, p->sh, &p->out_h, err,
                           errlen);
    }
    if (orc != OUT_OK) {
        p->out = NULL;
        rc = PLAYER_ENODEV;
        goto fail;
    }
    /* Started after the output, so no other thread writes while PortAudio's probing
     * noise is kept off stderr. */
    if (renderer_start(&p->rd, p->cache, opt->test_chunk_delay) != RENDERER_OK) {
        snprintf(err, errlen, "audioleaf play: cannot start the render thread");
        p->out->close(p->out_h);
        p->out = NULL;
        rc = PLAYER_ENOMEM;
        goto fail;
    }
    *out = p;
    return PLAYER_OK;
fail:
    if (p->in)
        p->in->close(p->in_h);
    cache_close(p->cache);
    out_file_close(p->rec, 0);
    place_saver_stop(&p->saver);
    release_stop_signals(p->old_stop);
    free(p->sh);
    free(p);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int player_close(struct player *p)
{
    if (!p)
        return PLAYER_OK;
    struct ring *sh = p->sh;
    int rc = PLAYER_OK;
    if (p->out) {
        /* Let the output take everything, then a few buffers of silence so the device
         * has the last frames before the stream stops. */
        double t0 = player_now();
        while (atomic_load(&sh->rpos) < atomic_load(&sh->wpos) && player_now() < t0 + 2.0) {
            drain_rec(p);
            nap(0.002);
        }
        atomic_store(&sh->closing, 1);
        size_t c0 = atomic_load(&sh->callbacks);
        t0 = player_now();
        while (atomic_load(&sh->callbacks) < c0 + 8 && player_now() < t0 + 1.0) {
            drain_rec(p);
            nap(0.002);
        }
        atomic_store(&sh->rec_on, 0);
        p->out->close(p->out_h);
    }
    drain_rec(p);
    if (p->rec) {
        size_t dropped = atomic_load(&sh->rec_dropped);
        if (dropped) {
            fprintf(stderr,
                    "audioleaf play: %s: recording fell behind; %zu frames were lost (the "
                    "rest is kept)\n",
                    p->opt.record, dropped);
            rc = PLAYER_ERECORD;
        }
        if (p->rec_failed)
            rc = PLAYER_ERECORD; /* said when it happened; what was written is kept */
        char part[PATH_MAX + 32];
        snprintf(part, sizeof part, "%s", out_file_part(p->rec));
        int orc = out_file_close(p->rec, 1);
        if (orc == OUT_ETARGET)
            fprintf(stderr,
                    "audioleaf play: %s is no longer a regular file; the recording is kept "
                    "in %s\n",
                    p->opt.record, part);
        else if (orc != OUT_OK)
            fprintf(stderr, "audioleaf play: cannot write %s: %s\n", p->opt.record,
                    strerror(errno));
        if (orc != OUT_OK)
            rc = PLAYER_ERECORD;
    }
    if (p->opt.stats) {
        double first = atomic_load(&sh->first_sound);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr, "audioleaf stats: output %s\n", p->out ? p->out->name : "none");
        if (first > 0)
            fprintf(stderr, "audioleaf stats: first sound %.1f ms after start\n",
                    (first - p->opt.t0) * 1000);
        if (p->n_lat) {
            qsort(p->lat, p->n_lat, sizeof p->lat[0], cmp_double);
            fprintf(stderr,
                    "audioleaf stats: key to first frame handed to the output: "
                    "n=%zu median %.1f ms, max %.1f ms\n",
                    p->n_lat, p->lat[p->n_lat / 2] * 1000, p->lat[p->n_lat - 1] * 1000);
        }
        fprintf(stderr, "audioleaf stats: peak RSS %ld KB\n", ru.ru_maxrss);
    }
    if (p->place_failed && rc == PLAYER_OK)
        rc = PLAYER_ESTATE;
    if (p->in)
        p->in->close(p->in_h);
    renderer_stop(&p->rd);
    place_saver_stop(&p->saver);
    release_stop_signals(p->old_stop);
    cache_close(p->cache);
    free(p->sh);
    free(p);
    return rc;
}

const char *player_strerror(int status)
{
    switch (status) {
    case PLAYER_OK:
        return "success";
    case PLAYER_ENOMEM:
        return "out of memory";
    case PLAYER_ENODEV:
        return "no audio output device";
    case PLAYER_ELEAFLET:
        return "cannot read the leaflet";
    case PLAYER_EVOICE:
        return "cannot load the voice";
    case PLAYER_ECACHE:
        return "cannot use the cache";
    case PLAYER_EINPUT:
        return "cannot read keys";
    case PLAYER_ERECORD:
        return "cannot write the recording";
    case PLAYER_EKEYMAP:
        return "malformed keymap";
    case PLAYER_ESTATE:
        return "cannot save the place";
    default:
        return "unknown player error";
    }
}
