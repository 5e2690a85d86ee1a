/* nav: the navigation state machine of the player: nav_step(doc, state, command)
 * gives the new state and the list of effects (play, speak, tone, stop) to carry out.
 * Pure: libc only, no audio, no cache; the player describes the document to it. */
#ifndef AUDIOLEAF_NAV_H
#define AUDIOLEAF_NAV_H

#include <stddef.h>

/* Errors returned by nav_* functions (0 is success). */
enum nav_status {
    NAV_OK = 0,
    NAV_EINVAL = -1, /* bad argument: no document, unknown command, position out of range */
    NAV_EFULL = -2,  /* more effects than struct nav_effects can hold (a bug) */
};

/* How far 4/6 move; 0 is the coarsest. */
enum nav_level {
    NAV_LEVEL_SECTION = 0, /* whole sections */
    NAV_LEVEL_ITEM,        /* paragraphs of a section and list items */
    NAV_LEVEL_SENTENCE,    /* sentences */
    NAV_LEVEL_COUNT
};

/* Commands (what keys are bound to) and player events; 0 is "nothing". */
enum nav_cmd {
    NAV_CMD_NONE = 0,  /* does nothing, no effects */
    NAV_CMD_PREV,      /* 4: previous element at the level */
    NAV_CMD_NEXT,      /* 6: next element at the level */
    NAV_CMD_REPEAT,    /* 5: current element from its start */
    NAV_CMD_COARSER,   /* 2: sections <- items <- sentences */
    NAV_CMD_FINER,     /* 8: sections -> items -> sentences */
    NAV_CMD_PAUSE,     /* 0: pause / resume (resume backs up to the sentence start) */
    NAV_CMD_START,     /* 1: start of the leaflet */
    NAV_CMD_QUESTIONS, /* 3: the questions-to-ask list at the question level; while a
                          question plays, mark or unmark it; at the list's start (its
                          heading), "my questions": the marked ones in order */
    NAV_CMD_SLOWER,    /* 7: slower speech */
    NAV_CMD_FASTER,    /* 9: faster speech */
    NAV_CMD_HELP,      /* *: what each key does */
    NAV_CMD_WHERE,     /* #: section N of M, heading, item, time left */
    NAV_CMD_QUIT,      /* q, Esc: leave the player */
    NAV_CMD_UNIT_END,  /* event from the player: the unit being played reached its end */
    NAV_CMD_UNBOUND,   /* event from the player: a key bound to nothing was pressed */
    NAV_CMD_COUNT
};

/* What a unit of the document is; 0 is a section's own unit (heading + paragraphs).
 * Units come in written order: a section's unit, then its items, each followed by the
 * paragraphs written after it; every ITEM and PARAGRAPH unit is one item-level element. */
enum nav_unit_kind {
    NAV_UNIT_SECTION = 0, /* heading and the paragraphs before the list of a section */
    NAV_UNIT_ITEM,        /* one list item */
    NAV_UNIT_UPDATED,     /* the "last updated" line at the end */
    NAV_UNIT_PARAGRAPH,   /* one paragraph written after a list item of the section */
};

/* One unit as navigation sees it.  Arrays are owned by whoever built the document. */
struct nav_unit {
    enum nav_unit_kind kind;
    size_t section;                /* section it belongs to (UPDATED: the last one) */
    size_t n_frames;               /* length at the current speed (an estimate is fine) */
    const size_t *sentence_frames; /* start frame of each sentence, ascending, first 0;
                                      NULL when not known yet (then one sentence) */
    size_t n_sentences;            /* entries in sentence_frames (0 when NULL) */
    const size_t *item_sentences;  /* SECTION units: first sentence of each item-level
                                      element (heading + 1st paragraph, then one per
                                      further paragraph); NULL: one element */
    size_t n_items;                /* entries in item_sentences (0 when NULL) */
    size_t question;               /* ITEM units of the questions list: its number there,
                                      1-based, as `outline` numbers it; 0 otherwise */
};

/* The document: units in playing order. */
struct nav_doc {
    const struct nav_unit *units;
    size_t n_units; /* at least 1 */
    size_t n_sections;
    long questions_section; /* section of the questions list, -1 when none */
    int sample_rate;        /* frames per second, for time left */
    size_t n_questions;     /* items of the questions list (0 when none) */
    const unsigned char *marked; /* per unit: 1 when the listener marked that question;
                                    NULL: none marked.  The player changes it on NAV_FX_MARK */
};

/* Where the listener is.  The player keeps `frame` up to date with what has been
 * handed to the output while the unit plays. */
struct nav_state {
    size_t unit;  /* unit being played (or paused in) */
    size_t frame; /* position in that unit */
    enum nav_level level;
    int paused; /* 1 while paused */
    int ended;  /* 1 after the end of the leaflet was reached */
    int quit;   /* 1 after NAV_CMD_QUIT */
    int mine;   /* 1 while "my questions" plays: only marked questions, in order */
    int before; /* 1 while the unit has not started sounding (announcements are said before
                   it, or it waits for its render): 3 then goes to the list, not marking */
    int rate;   /* speech rate in words per minute */
    int rate_min, rate_max, rate_step;
};

/* What the player must do, in order. */
enum nav_effect_kind {
    NAV_FX_STOP = 0, /* stop what is playing and drop what is queued */
    NAV_FX_PLAY,     /* play `unit` from sentence `sentence`, then report NAV_CMD_UNIT_END */
    NAV_FX_SAY,      /* speak announcement `say` with `arg` */
    NAV_FX_TONE,     /* a short tone `tone` */
    NAV_FX_RATE,     /* speech rate is now arg[0] wpm: render again at that rate */
    NAV_FX_QUIT,     /* leave the player */
    NAV_FX_MARK,     /* mark (arg[0] 1) or unmark (arg[0] 0) question `unit`; keep it */
};

/* Announcements; the words per language are in src/announce.c. */
enum nav_say {
    NAV_SAY_LEVEL = 0, /* arg0 = new nav_level */
    NAV_SAY_FIRST_SECTION,
    NAV_SAY_LAST_SECTION,
    NAV_SAY_FIRST_ITEM,
    NAV_SAY_LAST_ITEM,
    NAV_SAY_FIRST_SENTENCE,
    NAV_SAY_LAST_SENTENCE,
    NAV_SAY_END,   /* end of the leaflet */
    NAV_SAY_START, /* start of the leaflet */
    NAV_SAY_PAUSED,
    NAV_SAY_NO_QUESTIONS, /* there is no questions list */
    NAV_SAY_RATE,         /* arg0 = wpm, arg1 = -1 slower, +1 faster, -2 / +2 already
                             the slowest / fastest */
    NAV_SAY_HELP,
    NAV_SAY_WHERE, /* arg0 section (0-based), arg1 sections, arg2 item (1-based,
                      0 when not at item level), arg3 items in the section,
                      arg4 seconds left, arg5 unit, arg6 1 when arg2 / arg3 number a
                      question of the questions list ("Question 4 of 9") */
    NAV_SAY_GOODBYE,   /* leaving the player */
    NAV_SAY_UNBOUND,   /* that key does nothing; star for help */
    NAV_SAY_QUESTIONS, /* the questions list; arg0 questions marked so far */
    NAV_SAY_MARKED,    /* arg0 1 marked / 0 unmarked, arg1 questions marked now */
    NAV_SAY_MINE,      /* "my questions" starts; arg0 questions marked */
    NAV_SAY_MINE_END,  /* the last marked question was played */
    NAV_SAY_NO_MARKED, /* "my questions" asked for, none marked */
    NAV_SAY_COUNT
};

/* Tones. */
enum nav_tone {
    NAV_TONE_BOUNDARY = 0, /* an end was reached: nothing further that way */
    NAV_TONE_END,          /* end of the leaflet */
};

struct nav_effect {
    enum nav_effect_kind kind;
    size_t unit;        /* PLAY, MARK */
    size_t sentence;    /* PLAY */
    enum nav_say say;   /* SAY */
    enum nav_tone tone; /* TONE */
    long arg[8];        /* SAY, RATE, MARK */
};

#define NAV_MAX_EFFECTS 8

struct nav_effects {
    struct nav_effect fx[NAV_MAX_EFFECTS];
    size_t n;
};

/* A state at the top of DOC, section level, playing, at RATE wpm (clamped to
 * [rate_min, rate_max]).  Fills *ST. */
void nav_init(struct nav_state *st, int rate, int rate_min, int rate_max, int rate_step);

/* Apply CMD to ST for DOC: updates *ST and fills *OUT with the effects, in order.
 * Returns 0, or NAV_EINVAL (unknown command, no units, position outside DOC), in
 * which case *ST is unchanged and OUT->n is 0. */
int nav_step(const struct nav_doc *doc, struct nav_state *st, enum nav_cmd cmd,
             struct nav_effects *out);

/* Questions marked in DOC (0 when DOC->marked is NULL). */
size_t nav_marked_count(const struct nav_doc *doc);

/* Sentence of ST->unit that holds ST->frame (0 when sentences are not known). */
size_t nav_sentence_at(const struct nav_doc *doc, const struct nav_state *st);

/* Start frame of SENTENCE in UNIT (0 when not known or out of range). */
size_t nav_sentence_frame(const struct nav_doc *doc, size_t unit, size_t sentence);

/* Seconds left from ST to the end of the leaflet. */
long nav_seconds_left(const struct nav_doc *doc, const struct nav_state *st);

/* The command called NAME ("next", "prev", ...), or NAV_CMD_NONE when unknown. */
enum nav_cmd nav_cmd_from_name(const char *name);

/* The name of CMD ("next"), or NULL for NAV_CMD_NONE/NAV_CMD_UNIT_END/out of range. */
const char *nav_cmd_name(enum nav_cmd cmd);

/* "section", "item", "sentence". */
const char *nav_level_name(enum nav_level level);

const char *nav_strerror(int status);

#endif
