/* nav: the navigation state machine (sections -> items -> sentences), pure C. */
#include <string.h>

#include "nav.h"

/* A position: a sentence of a unit. */
struct pos {
    size_t unit;
    size_t sentence;
};

static const char *const cmd_names[NAV_CMD_COUNT] = {
    [NAV_CMD_PREV] = "prev",       [NAV_CMD_NEXT] = "next",           [NAV_CMD_REPEAT] = "repeat",
    [NAV_CMD_COARSER] = "coarser", [NAV_CMD_FINER] = "finer",         [NAV_CMD_PAUSE] = "pause",
    [NAV_CMD_START] = "start",     [NAV_CMD_QUESTIONS] = "questions", [NAV_CMD_SLOWER] = "slower",
    [NAV_CMD_FASTER] = "faster",   [NAV_CMD_HELP] = "help",           [NAV_CMD_WHERE] = "where",
    [NAV_CMD_QUIT] = "quit",
};

static size_t n_sent(const struct nav_unit *u)
{
    return (u->sentence_frames && u->n_sentences > 0) ? u->n_sentences : 1;
}

static int pos_le(struct pos a, struct pos b)
{
    return a.unit < b.unit || (a.unit == b.unit && a.sentence <= b.sentence);
}

/* Does unit U start a section-level element? */
static int starts_section(const struct nav_doc *doc, size_t u)
{
    if (u == 0)
        return 1;
    if (doc->units[u].kind == NAV_UNIT_UPDATED)
        return 0;
    return doc->units[u].section != doc->units[u - 1].section;
}

/* Number of LEVEL elements that start in unit U, and the start sentence of the K-th. */
static size_t unit_elems(const struct nav_doc *doc, enum nav_level level, size_t u)
{
    const struct nav_unit *nu = &doc->units[u];
    switch (level) {
    case NAV_LEVEL_SECTION:
        return (size_t)starts_section(doc, u);
    case NAV_LEVEL_ITEM:
        if (nu->kind == NAV_UNIT_SECTION && nu->item_sentences && nu->n_items > 0)
            return nu->n_items;
        return 1;
    default:
        return n_sent(nu);
    }
}

static size_t unit_elem_sentence(const struct nav_doc *doc, enum nav_level level, size_t u,
                                 size_t k)
{
    const struct nav_unit *nu = &doc->units[u];
    size_t s = 0;
    if (level == NAV_LEVEL_ITEM && nu->kind == NAV_UNIT_SECTION && nu->item_sentences &&
        k < nu->n_items)
        s = nu->item_sentences[k];
    else if (level == NAV_LEVEL_SENTENCE)
        s = k;
    if (s >= n_sent(nu))
        s = n_sent(nu) - 1;
    return s;
}

static size_t elem_count(const struct nav_doc *doc, enum nav_level level)
{
    size_t n = 0;
    for (size_t u = 0; u < doc->n_units; u++)
        n += unit_elems(doc, level, u);
    return n;
}

/* Start of element IDX at LEVEL (IDX < elem_count). */
static struct pos elem_pos(const struct nav_doc *doc, enum nav_level level, size_t idx)
{
    struct pos p = {0, 0};
    for (size_t u = 0; u < doc->n_units; u++) {
        size_t k = unit_elems(doc, level, u);
        if (idx < k) {
            p.unit = u;
            p.sentence = unit_elem_sentence(doc, level, u, idx);
            return p;
        }
        idx -= k;
    }
    return p;
}

/* Index of the LEVEL element holding P: the last one that starts at or before P. */
static size_t elem_index(const struct nav_doc *doc, enum nav_level level, struct pos p)
{
    size_t n = 0;
    for (size_t u = 0; u < doc->n_units && u <= p.unit; u++) {
        size_t k = unit_elems(doc, level, u);
        for (size_t i = 0; i < k; i++) {
            struct pos e = {u, unit_elem_sentence(doc, level, u, i)};
            if (pos_le(e, p))
                n++;
        }
    }
    return n > 0 ? n - 1 : 0;
}

size_t nav_sentence_frame(const struct nav_doc *doc, size_t unit, size_t sentence)
{
    if (!doc || unit >= doc->n_units)
        return 0;
    const struct nav_unit *u = &doc->units[unit];
    if (!u->sentence_frames || sentence >= u->n_sentences)
        return 0;
    return u->sentence_frames[sentence];
}

size_t nav_sentence_at(const struct nav_doc *doc, const struct nav_state *st)
{
    if (!doc || st->unit >= doc->n_units)
        return 0;
    const struct nav_unit *u = &doc->units[st->unit];
    size_t s = 0;
    if (!u->sentence_frames)
        return 0;
    for (size_t i = 0; i < u->n_sentences; i++) {
        if (u->sentence_frames[i] <= st->frame)
            s = i;
    }
    return s;
}

long nav_seconds_left(const struct nav_doc *doc, const struct nav_state *st)
{
    if (!doc || doc->sample_rate <= 0 || st->unit >= doc->n_units || st->ended)
        return 0;
    size_t frames = 0;
    const struct nav_unit *cur = &doc->units[st->unit];
    if (cur->n_frames > st->frame)
        frames += cur->n_frames - st->frame;
    for (size_t u = st->unit + 1; u < doc->n_units; u++)
        frames += doc->units[u].n_frames;
    return (long)((frames + (size_t)doc->sample_rate / 2) / (size_t)doc->sample_rate);
}

static struct pos cur_pos(const struct nav_doc *doc, const struct nav_state *st)
{
    struct pos p = {st->unit, nav_sentence_at(doc, st)};
    return p;
}

static int add(struct nav_effects *out, struct nav_effect fx)
{
    if (out->n >= NAV_MAX_EFFECTS)
        return NAV_EFULL;
    out->fx[out->n++] = fx;
    return NAV_OK;
}

static int fx_stop(struct nav_effects *out)
{
    struct nav_effect fx = {.kind = NAV_FX_STOP};
    return add(out, fx);
}

static int fx_tone(struct nav_effects *out, enum nav_tone tone)
{
    struct nav_effect fx = {.kind = NAV_FX_TONE, .tone = tone};
    return add(out, fx);
}

static int fx_say(struct nav_effects *out, enum nav_say say, long a0, long a1)
{
    struct nav_effect fx = {.kind = NAV_FX_SAY, .say = say, .arg = {a0, a1}};
    return add(out, fx);
}

/* Move to P and play from there (leaves pause and the end). */
static int go(const struct nav_doc *doc, struct nav_state *st, struct pos p,
              struct nav_effects *out)
{
    struct nav_effect fx = {.kind = NAV_FX_PLAY, .unit = p.unit, .sentence = p.sentence};
    st->unit = p.unit;
    st->frame = nav_sentence_frame(doc, p.unit, p.sentence);
    st->paused = 0;
    st->ended = 0;
    return add(out, fx);
}

/* Carry on playing from the start of the current sentence, unless paused or ended. */
static int carry_on(const struct nav_doc *doc, struct nav_state *st, struct nav_effects *out)
{
    if (st->paused || st->ended)
        return NAV_OK;
    return go(doc, st, cur_pos(doc, st), out);
}

static const enum nav_say first_say[NAV_LEVEL_COUNT] = {NAV_SAY_FIRST_SECTION, NAV_SAY_FIRST_ITEM,
                                                        NAV_SAY_FIRST_SENTENCE};
static const enum nav_say last_say[NAV_LEVEL_COUNT] = {NAV_SAY_LAST_SECTION, NAV_SAY_LAST_ITEM,
                                                       NAV_SAY_LAST_SENTENCE};

/* A tone and an announcement at an end, then carry on where we were. */
static int boundary(const struct nav_doc *doc, struct nav_state *st, enum nav_say say, long a0,
                    long a1, struct nav_effects *out)
{
    int rc = fx_stop(out);
    if (!rc)
        rc = fx_tone(out, NAV_TONE_BOUNDARY);
    if (!rc)
        rc = fx_say(out, say, a0, a1);
    if (!rc)
        rc = carry_on(doc, st, out);
    return rc;
}

static int step_move(const struct nav_doc *doc, struct nav_state *st, enum nav_cmd cmd,
                     struct nav_effects *out)
{
    size_t n = elem_count(doc, st->level);
    size_t idx = st->ended ? n : elem_index(doc, st->level, cur_pos(doc, st));
    size_t target;
    if (cmd == NAV_CMD_PREV) {
        if (idx == 0)
            return boundary(doc, st, first_say[st->level], 0, 0, out);
        target = idx - 1;
    } else if (cmd == NAV_CMD_NEXT) {
        if (st->ended) {
            int rc = fx_stop(out);
            if (!rc)
                rc = fx_tone(out, NAV_TONE_END);
            return rc ? rc : fx_say(out, NAV_SAY_END, 0, 0);
        }
        if (idx + 1 >= n)
            return boundary(doc, st, last_say[st->level], 0, 0, out);
        target = idx + 1;
    } else {
        target = idx < n ? idx : n - 1;
    }
    int rc = fx_stop(out);
    return rc ? rc : go(doc, st, elem_pos(doc, st->level, target), out);
}

static int step_level(const struct nav_doc *doc, struct nav_state *st, enum nav_cmd cmd,
                      struct nav_effects *out)
{
    int at_end =
        cmd == NAV_CMD_COARSER ? st->level == NAV_LEVEL_SECTION : st->level == NAV_LEVEL_SENTENCE;
    if (at_end)
        return boundary(doc, st, NAV_SAY_LEVEL, (long)st->level, 0, out);
    if (cmd == NAV_CMD_COARSER)
        st->level = (enum nav_level)((int)st->level - 1);
    else
        st->level = (enum nav_level)((int)st->level + 1);
    int rc = fx_stop(out);
    if (!rc)
        rc = fx_say(out, NAV_SAY_LEVEL, (long)st->level, 0);
    return rc ? rc : carry_on(doc, st, out);
}

static int step_rate(const struct nav_doc *doc, struct nav_state *st, enum nav_cmd cmd,
                     struct nav_effects *out)
{
    int dir = cmd == NAV_CMD_FASTER ? 1 : -1;
    int r = st->rate + dir * st->rate_step;
    if (r > st->rate_max)
        r = st->rate_max;
    if (r < st->rate_min)
        r = st->rate_min;
    if (r == st->rate)
        return boundary(doc, st, NAV_SAY_RATE, (long)r, 2L * dir, out);
    st->rate = r;
    struct nav_effect fx = {.kind = NAV_FX_RATE, .arg = {r}};
    int rc = fx_stop(out);
    if (!rc)
        rc = add(out, fx);
    if (!rc)
        rc = fx_say(out, NAV_SAY_RATE, (long)r, (long)dir);
    return rc ? rc : carry_on(doc, st, out);
}

static int step_where(const struct nav_doc *doc, struct nav_state *st, struct nav_effects *out)
{
    struct pos p = cur_pos(doc, st);
    size_t section = doc->units[st->unit].section;
    /* Items of this section: item-level elements whose unit belongs to it. */
    size_t item = 0, n_items = 0;
    /* One pass over the units (element I is the I-th item-level element of the leaflet). */
    size_t idx = elem_index(doc, NAV_LEVEL_ITEM, p), i = 0;
    for (size_t u = 0; u < doc->n_units; u++) {
        size_t k = unit_elems(doc, NAV_LEVEL_ITEM, u);
        int here = doc->units[u].section == section && doc->units[u].kind != NAV_UNIT_UPDATED;
        for (size_t e = 0; e < k; e++, i++) {
            if (!here)
                continue;
            n_items++;
            if (i <= idx)
                item = n_items;
        }
    }
    long question = 0;
    if (st->level != NAV_LEVEL_SECTION && doc->questions_section >= 0 &&
        section == (size_t)doc->questions_section) {
        /* The questions list counts its questions only, as outline and the phone do. */
        item = doc->units[st->unit].question;
        n_items = doc->n_questions;
        question = item > 0;
    }
    struct nav_effect fx = {.kind = NAV_FX_SAY,
                            .say = NAV_SAY_WHERE,
                            .arg = {(long)section, (long)doc->n_sections,
                                    st->level == NAV_LEVEL_SECTION ? 0 : (long)item, (long)n_items,
                                    nav_seconds_left(doc, st), (long)st->unit, question}};
    int rc = fx_stop(out);
    if (!rc)
        rc = add(out, fx);
    return rc ? rc : carry_on(doc, st, out);
}

static int step_pause(const struct nav_doc *doc, struct nav_state *st, struct nav_effects *out)
{
    int rc;
    if (st->ended) {
        rc = fx_stop(out);
        if (!rc)
            rc = fx_tone(out, NAV_TONE_END);
        return rc ? rc : fx_say(out, NAV_SAY_END, 0, 0);
    }
    if (st->paused) {
        st->paused = 0;
        rc = fx_stop(out); /* cut a "paused" still being spoken */
        return rc ? rc : carry_on(doc, st, out);
    }
    st->paused = 1;
    rc = fx_stop(out);
    return rc ? rc : fx_say(out, NAV_SAY_PAUSED, 0, 0);
}

static int is_marked(const struct nav_doc *doc, size_t u)
{
    return doc->marked && u < doc->n_units && doc->marked[u] && doc->units[u].question > 0;
}

size_t nav_marked_count(const struct nav_doc *doc)
{
    size_t n = 0;
    for (size_t u = 0; doc && u < doc->n_units; u++)
        n += (size_t)is_marked(doc, u);
    return n;
}

/* The next (DIR +1) or previous (-1) marked question from unit FROM (not FROM itself);
 * -1 when there is none. */
static long marked_from(const struct nav_doc *doc, size_t from, int dir)
{
    if (dir > 0) {
        for (size_t u = from + 1; u < doc->n_units; u++) {
            if (is_marked(doc, u))
                return (long)u;
        }
        return -1;
    }
    for (size_t u = from; u-- > 0;) {
        if (is_marked(doc, u))
            return (long)u;
    }
    return -1;
}

/* The first unit of the questions list's section, -1 when there is none. */
static long questions_unit(const struct nav_doc *doc)
{
    if (doc->questions_section < 0)
        return -1;
    for (size_t u = 0; u < doc->n_units; u++) {
        if (doc->units[u].section == (size_t)doc->questions_section &&
            doc->units[u].kind != NAV_UNIT_UPDATED)
            return (long)u;
    }
    return -1;
}

/* Mark or unmark the question being played, say so, and carry on. */
static int step_mark(const struct nav_doc *doc, struct nav_state *st, struct nav_effects *out)
{
    int on = !is_marked(doc, st->unit);
    size_t n = nav_marked_count(doc);
    n = on ? n + 1 : n - 1;
    struct nav_effect mark = {.kind = NAV_FX_MARK, .unit = st->unit, .arg = {on}};
    int rc = fx_stop(out);
    if (!rc)
        rc = add(out, mark);
    if (!rc)
        rc = fx_say(out, NAV_SAY_MARKED, on, (long)n);
    return rc ? rc : carry_on(doc, st, out);
}

/* "My questions": the marked questions in order, from the first. */
static int step_mine(const struct nav_doc *doc, struct nav_state *st, struct nav_effects *out)
{
    long first = marked_from(doc, 0, 1);
    if (is_marked(doc, 0))
        first = 0;
    if (first < 0)
        return boundary(doc, st, NAV_SAY_NO_MARKED, 0, 0, out);
    st->mine = 1;
    st->level = NAV_LEVEL_ITEM;
    struct pos p = {(size_t)first, 0};
    int rc = fx_stop(out);
    if (!rc)
        rc = fx_say(out, NAV_SAY_MINE, (long)nav_marked_count(doc), 0);
    return rc ? rc : go(doc, st, p, out);
}

static int step_questions(const struct nav_doc *doc, struct nav_state *st, struct nav_effects *out)
{
    long qu = questions_unit(doc);
    if (qu < 0)
        return boundary(doc, st, NAV_SAY_NO_QUESTIONS, 0, 0, out);
    if (!st->ended && !st->before && doc->units[st->unit].question > 0)
        return step_mark(doc, st, out);
    if (!st->ended && !st->mine && st->unit == (size_t)qu)
        return step_mine(doc, st, out);
    /* The list at the question level: its heading, then 6 moves question by question. */
    st->mine = 0;
    st->level = NAV_LEVEL_ITEM;
    struct pos p = {(size_t)qu, 0};
    int rc = fx_stop(out);
    if (!rc)
        rc = fx_say(out, NAV_SAY_QUESTIONS, (long)nav_marked_count(doc), 0);
    return rc ? rc : go(doc, st, p, out);
}

/* 4 / 6 while "my questions" plays: the previous / next marked question. */
static int step_mine_move(const struct nav_doc *doc, struct nav_state *st, enum nav_cmd cmd,
                          struct nav_effects *out)
{
    long u = marked_from(doc, st->unit, cmd == NAV_CMD_NEXT ? 1 : -1);
    if (u < 0)
        return boundary(doc, st, cmd == NAV_CMD_NEXT ? NAV_SAY_LAST_ITEM : NAV_SAY_FIRST_ITEM, 0,
                        0, out);
    struct pos p = {(size_t)u, 0};
    int rc = fx_stop(out);
    return rc ? rc : go(doc, st, p, out);
}

/* The end of a marked question while "my questions" plays: the next one, or after the
 * last, say so and wait (paused) at the start of the list. */
static int step_mine_end(const struct nav_doc *doc, struct nav_state *st, struct nav_effects *out)
{
    long u = marked_from(doc, st->unit, 1);
    if (u >= 0) {
        struct pos p = {(size_t)u, 0};
        return go(doc, st, p, out);
    }
    long qu = questions_unit(doc);
    st->mine = 0;
    st->unit = qu >= 0 ? (size_t)qu : st->unit;
    st->frame = 0;
    st->paused = 1;
    int rc = fx_tone(out, NAV_TONE_END);
    return rc ? rc : fx_say(out, NAV_SAY_MINE_END, 0, 0);
}

static int step_unit_end(const struct nav_doc *doc, struct nav_state *st, struct nav_effects *out)
{
    if (st->paused || st->ended)
        return NAV_OK;
    if (st->mine)
        return step_mine_end(doc, st, out);
    if (st->unit + 1 < doc->n_units) {
        struct pos p = {st->unit + 1, 0};
        return go(doc, st, p, out);
    }
    st->ended = 1;
    st->frame = doc->units[st->unit].n_frames;
    int rc = fx_tone(out, NAV_TONE_END);
    return rc ? rc : fx_say(out, NAV_SAY_END, 0, 0);
}

void nav_init(struct nav_state *st, int rate, int rate_min, int rate_max, int rate_step)
{
    memset(st, 0, sizeof *st);
    st->level = NAV_LEVEL_SECTION;
    st->rate_min = rate_min;
    st->rate_max = rate_max > rate_min ? rate_max : rate_min;
    st->rate_step = rate_step > 0 ? rate_step : 1;
    st->rate = rate < st->rate_min ? st->rate_min : rate > st->rate_max ? st->rate_max : rate;
}

int nav_step(const struct nav_doc *doc, struct nav_state *st, enum nav_cmd cmd,
             struct nav_effects *out)
{
    out->n = 0;
    if (!doc || !doc->units || doc->n_units == 0 || st->unit >= doc->n_units || (int)cmd < 0 ||
        cmd >= NAV_CMD_COUNT || (int)st->level < 0 || st->level >= NAV_LEVEL_COUNT)
        return NAV_EINVAL;
    struct nav_state saved = *st;
    int rc = NAV_OK;
    /* "My questions" goes on through 4 5 6, pause, speed, help, where am I and 3; any
     * other key leaves it. */
    if (st->mine && cmd != NAV_CMD_PREV && cmd != NAV_CMD_NEXT && cmd != NAV_CMD_REPEAT &&
        cmd != NAV_CMD_PAUSE && cmd != NAV_CMD_SLOWER && cmd != NAV_CMD_FASTER &&
        cmd != NAV_CMD_HELP && cmd != NAV_CMD_WHERE && cmd != NAV_CMD_QUESTIONS &&
        cmd != NAV_CMD_UNIT_END && cmd != NAV_CMD_UNBOUND && cmd != NAV_CMD_NONE)
        st->mine = 0;
    if (st->mine && (cmd == NAV_CMD_PREV || cmd == NAV_CMD_NEXT) && !st->ended) {
        rc = step_mine_move(doc, st, cmd, out);
        cmd = NAV_CMD_NONE;
    }
    switch (cmd) {
    case NAV_CMD_NONE:
        break;
    case NAV_CMD_PREV:
    case NAV_CMD_NEXT:
    case NAV_CMD_REPEAT:
        rc = step_move(doc, st, cmd, out);
        break;
    case NAV_CMD_COARSER:
    case NAV_CMD_FINER:
        rc = step_level(doc, st, cmd, out);
        break;
    case NAV_CMD_PAUSE:
        rc = step_pause(doc, st, out);
        break;
    case NAV_CMD_START: {
        struct pos p = {0, 0};
        rc = fx_stop(out);
        if (!rc)
            rc = fx_say(out, NAV_SAY_START, 0, 0);
        if (!rc)
            rc = go(doc, st, p, out);
        break;
    }
    case NAV_CMD_QUESTIONS:
        rc = step_questions(doc, st, out);
        break;
    case NAV_CMD_SLOWER:
    case NAV_CMD_FASTER:
        rc = step_rate(doc, st, cmd, out);
        break;
    case NAV_CMD_HELP:
    case NAV_CMD_UNBOUND:
        rc = fx_stop(out);
        if (!rc)
            rc = fx_say(out, cmd == NAV_CMD_HELP ? NAV_SAY_HELP : NAV_SAY_UNBOUND, 0, 0);
        if (!rc)
            rc = carry_on(doc, st, out);
        break;
    case NAV_CMD_WHERE:
        rc = step_where(doc, st, out);
        break;
    case NAV_CMD_QUIT: {
        struct nav_effect fx = {.kind = NAV_FX_QUIT};
        st->quit = 1;
        rc = fx_stop(out);
        if (!rc)
            rc = fx_say(out, NAV_SAY_GOODBYE, 0, 0);
        if (!rc)
            rc = add(out, fx);
        break;
    }
    case NAV_CMD_UNIT_END:
        rc = step_unit_end(doc, st, out);
        break;
    default:
        rc = NAV_EINVAL;
        break;
    }
    if (rc) {
        *st = saved;
        out->n = 0;
    }
    return rc;
}

enum nav_cmd nav_cmd_from_name(const char *name)
{
    if (!name)
        return NAV_CMD_NONE;
    for (int i = 0; i < NAV_CMD_COUNT; i++) {
        if (cmd_names[i] && !strcmp(cmd_names[i], name))
            return (enum nav_cmd)i;
    }
    return NAV_CMD_NONE;
}

const char *nav_cmd_name(enum nav_cmd cmd)
{
    if ((int)cmd < 0 || cmd >= NAV_CMD_COUNT)
        return NULL;
    return cmd_names[cmd];
}

const char *nav_level_name(enum nav_level level)
{
    switch (level) {
    case NAV_LEVEL_SECTION:
        return "section";
    case NAV_LEVEL_ITEM:
        return "item";
    case NAV_LEVEL_SENTENCE:
        return "sentence";
    default:
        return "?";
    }
}

const char *nav_strerror(int status)
{
    switch (status) {
    case NAV_OK:
        return "success";
    case NAV_EINVAL:
        return "invalid navigation argument";
    case NAV_EFULL:
        return "too many effects";
    default:
        return "unknown navigation error";
    }
}
