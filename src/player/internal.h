/* player/internal.h: what the rooms of the player share: the session-wide player, the
 * leaflet session being played, and the functions one room calls in another. */
#ifndef AUDIOLEAF_PLAYER_INTERNAL_H
#define AUDIOLEAF_PLAYER_INTERNAL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "announce.h"
#include "input.h"
#include "keymap.h"
#include "nav.h"
#include "nav_library.h"
#include "out.h"
#include "place.h"
#include "player.h"
#include "renderer.h"
#include "ring.h"
#include "spoken.h"
#include "stats.h"

#define RATE_HZ 22050         /* eSpeak NG's output rate: the stream's rate */
#define AHEAD_FRAMES 4096     /* how far the loop writes ahead of the device (186 ms) */
#define FRAMES_PER_BUFFER 256 /* 11.6 ms */
#define MAX_CLIPS 32
#define SAY_CACHE 24
#define RATE_STEP 20
#define MAX_LAT 512
#define MAX_DEFERRED 8
#define N_STOP_SIGNALS 3

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
    int lib_title;         /* CLIP_SAY: a library title; nav_library_said() once written */
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
    /* The library (player_library()); the rest of this block is unused outside one. */
    int in_library;
    const char *lib_dir;    /* the library's folder: its state file (resume.h) */
    char *const *lib_paths; /* its leaflets, lib.n of them */
    struct nav_library lib;
    struct nav_library_effects lib_pending; /* effects for another leaflet's session, */
    size_t lib_pending_at;                  /* from this one on */
    size_t lib_next;                        /* the leaflet they are for */
    unsigned char *lib_fresh;               /* per leaflet, 1: open it at its top (the
                                               first time after an idle reset) */
    int rate_offset, has_offset;            /* the listener's speed: wpm above the voice's own */
    int lib_state_reported;                 /* 1: a failure to save the library's state was said */
    int idle_armed;                         /* 1: a key was pressed since the last (re)start */
    double idle_since;                      /* clock (idle_clock()) when it last was busy */
    /* A --keys script's wait in progress when a session ends goes on in the next. */
    int carry_waiting;
    size_t carry_wait_target;
    struct sigaction old_stop[N_STOP_SIGNALS]; /* as they were before player_open() */
    int place_failed;         /* the place could not be saved when a leaflet was left */
    int keys_used;            /* 1 once a key has been used on this device (orient.c) */
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
    int leaving; /* library: going to another leaflet (p->lib_next) once what is queued
                    has been played */
    int parked;  /* library: at the leaflet level; nav's PLAY effects are not carried out */
    int opened;  /* 1 once the leaflet has played: its saved place has been used */
    size_t start_sentence;            /* the saved place's sentence (of st.unit) */
    const struct player_place *place; /* NULL: not in a library */
    struct stats_tracker stats;       /* the opt-in listening log */
    struct place saved;               /* what was saved of the place, and when */
    unsigned char *marked;            /* per unit: 1 for a marked question (questions.c) */
    int bye;                          /* the goodbye is queued: let it play, then quit */
    int again;                        /* heard to its end last time: from the top, saying so */
};

/* ---- player.c: the session-wide part ------------------------------------------------ */

/* The stop signal caught (SIGINT, SIGTERM, SIGHUP), or 0. */
int player_stop_signal(void);
/* Write the recording ring into the --record file; a failed write is said once and the
 * recording stops there (what was written is kept). */
void player_drain_rec(struct player *p);
/* Sleep SECONDS (under one second). */
void player_nap(double seconds);

/* ---- units.c: the render queue and what is known of each unit ----------------------- */

/* Queue a unit (RENDERER_UNIT: UNIT) or an announcement (RENDERER_SAY: TEXT) for the render
 * thread at the session's speed with priority PRIO.  Returns renderer_submit()'s status. */
int units_submit(struct session *s, enum renderer_kind kind, size_t unit, const char *text,
                 int prio);
/* Queue every unit not known at the current speed; re-rank what is queued around the
 * current unit (URGENT: this one first of all, -1: none). */
void units_plan(struct session *s, long urgent);
/* Forget what is known of unit M. */
void units_free_meta(struct meta *m);
/* Tell nav what is known of unit U. */
void units_build_unit(struct session *s, size_t u);
/* Build the nav document from what is known. */
void units_build_doc(struct session *s);
/* Sentence starts and item-level elements of unit U from MARKS (N_MARKS) of N_FRAMES
 * rendered frames.  Returns 0, or PLAYER_ENOMEM (the unit is then META_FAILED). */
int units_set_marks(struct session *s, size_t u, const struct tts_mark *marks, size_t n_marks,
                    size_t n_frames);
/* Take what the render thread finished: units become known, announcements are stored. */
void units_take_results(struct session *s);

/* ---- says.c: the announcements and their cache -------------------------------------- */

/* Print "LABEL: TEXT" (LABEL NULL: TEXT alone) as one clean line, unless --quiet. */
void says_line(struct session *s, const char *label, const char *text);
/* The stored audio of announcement TEXT at the current speed, or NULL. */
struct say_audio *says_find(struct session *s, const char *text);
/* Store N SAMPLES (owned from now on; NULL: silent) for TEXT, dropping the least used. */
void says_store(struct session *s, const char *text, int16_t *samples, size_t n);
/* The heading of SECTION ("" when there is none). */
const char *says_section_heading(const struct session *s, long section);
/* Append " TITLE" (as spoken, or as written when SHOWN) to the announcement in BUF. */
void says_append_title(struct session *s, char *buf, size_t len, int shown);
/* The heading of the section unit U belongs to (NULL for the "last updated" line). */
const char *says_unit_heading(const struct session *s, size_t u);
/* The words of the SAY effect E (HEAD: the section heading for where am I, spoken or as
 * written when SHOWN) into BUF.  Returns as announce_text(). */
int says_words(struct session *s, const struct nav_effect *e, const char *head, int shown,
               char *buf, size_t len);
/* Queue TEXT to be spoken (rendered first when not at hand), printed as SHOWN (NULL: TEXT).
 * Out of memory: nothing is queued. */
void says_push_shown(struct session *s, const char *text, const char *shown);
void says_push(struct session *s, const char *text);
/* Queue the announcements a key may need, so that they are ready before they are asked. */
void says_preload(struct session *s);

/* ---- clips.c: the clip queue and the frame ring ------------------------------------- */

/* Drop every queued clip and the one being written. */
void clips_clear(struct session *s);
/* Queue clip C (its strings are owned from now on; dropped when the queue is full). */
void clips_push(struct session *s, struct clip c);
/* Make the boundary and end tones (left silent when out of memory). */
void clips_make_tones(struct session *s);
/* Take what the render in progress L of unit U has found so far. */
void clips_refresh_live(struct session *s, size_t u, struct renderer_live *l);
/* Write what can be written now into the ring. */
void clips_produce(struct session *s);
/* Keep nav's frame at what the output has taken of the current unit. */
void clips_update_frame(struct session *s);

/* ---- effects.c: nav's effects carried out ------------------------------------------- */

/* Step nav with CMD and carry out its effects. */
void effects_dispatch(struct session *s, enum nav_cmd cmd);
/* Carry out the effects FX: stop, queue units, announcements and tones, a new speed. */
void effects_apply(struct session *s, const struct nav_effects *fx);

/* ---- deferred.c: keys that wait for a unit still rendering -------------------------- */

/* Keep CMD when it moves to an element of the current unit not rendered yet (keys after a
 * kept one wait behind it).  Returns 1 when kept. */
int deferred_key(struct session *s, enum nav_cmd cmd);
/* Carry out the kept keys once the element they move to is known. */
void deferred_run(struct session *s);

/* ---- latency.c: key to first frame ------------------------------------------------- */

/* A key CMD was pressed now: measure the time to its first frame. */
void latency_key(struct session *s, enum nav_cmd cmd);
/* A clip starts at ring position W: mark it when a key is waiting for its first frame. */
void latency_clip_start(struct session *s, size_t w);
/* Take the measured time once the output has handed the marked frame on. */
void latency_collect(struct session *s);
/* Print the median and maximum latency on stderr (--stats), when any was measured. */
void latency_report(struct player *p);

/* ---- questions.c: the marked questions -------------------------------------------- */

/* Number the questions for nav, show it the marks (doc.marked) and load those kept for
 * the leaflet (not with --no-resume).  After units_build_doc().  Returns 0 or
 * PLAYER_ENOMEM. */
int questions_open(struct session *s);
/* Mark (ON 1) or unmark question UNIT and keep the marks now (not with --no-resume); a
 * failure to keep them is said on stderr, the mark holds for the session. */
void questions_mark(struct session *s, size_t unit, int on);

/* ---- orient.c: the first seconds, resume and goodbye -------------------------------- */

/* How a leaflet starts. */
struct orient_start {
    size_t unit, sentence; /* where it starts */
    int again;             /* 1: it was heard to its end last time: from the top, say so */
    int library_said;      /* 1: the library said "Leaflet N of M" and the title */
};
/* Queue what is said before the leaflet plays: its title (unless it opens the leaflet or
 * the library said it), "Press star for help" until a key has been used on this device
 * (not with --quiet), "from the beginning" after a leaflet heard to its end, or
 * "Continuing at section N of M, HEADING" where a resumed leaflet goes on. */
void orient_start(struct session *s, const struct orient_start *o);
/* A key was used: "Press star for help" is not said again on this device (a flag file in
 * the state folder; with --no-resume or when it cannot be written, not again in this
 * session). */
void orient_key_used(struct session *s);

/* ---- library.c: the leaflet level of a library ------------------------------------- */

/* A key CMD for the library level (src/nav_library.h), carried out.  Returns 1 when the
 * library handled it, 0 when nav is to (and always outside a library). */
int library_key(struct session *s, enum nav_cmd cmd);
/* Carry out the library effects FX from the AT-th on; an effect for another leaflet leaves
 * the session (what is queued is played first) with the rest kept for that leaflet's. */
void library_apply(struct session *s, const struct nav_library_effects *fx, size_t at);
/* The library title clip just written has been said. */
void library_said(struct session *s);
/* Once per loop: the leaflet's end offers the next one; after the idle time (--idle-reset)
 * the library starts again from its welcome. */
void library_tick(struct session *s);
/* The speed changed to WPM in this leaflet: the listener's offset for the others. */
void library_rate(struct session *s, int wpm);

#endif
