/* test_nav: every key at every level, at both ends, paused and playing, on a small
 * hand-built document whose expected moves were worked out on paper. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nav.h"
#include "check.h"

/* Document (sample rate 10 frames/s):
 *   unit 0  s0 section  sentences at 0 10 20 (30 frames), items start at sentences 0, 2
 *   unit 1  s1 section  sentences at 0 15 (25 frames), one item element
 *   unit 2  s1 item q1  one sentence (12 frames)
 *   unit 3  s1 item q2  sentences at 0 8 (16 frames)
 *   unit 4  s2 section  one sentence (20 frames)
 *   unit 5  updated     one sentence (5 frames), belongs to s2 for navigation */
static const size_t f0[] = {0, 10, 20}, i0[] = {0, 2}, f1[] = {0, 15}, f2[] = {0};
static const size_t f3[] = {0, 8}, f4[] = {0}, f5[] = {0};
static const struct nav_unit units[] = {
    {NAV_UNIT_SECTION, 0, 30, f0, 3, i0, 2, 0},   {NAV_UNIT_SECTION, 1, 25, f1, 2, NULL, 0, 0},
    {NAV_UNIT_ITEM, 1, 12, f2, 1, NULL, 0, 1},    {NAV_UNIT_ITEM, 1, 16, f3, 2, NULL, 0, 2},
    {NAV_UNIT_SECTION, 2, 20, f4, 1, NULL, 0, 0}, {NAV_UNIT_UPDATED, 2, 5, f5, 1, NULL, 0, 0},
};
static const struct nav_doc doc = {units, 6, 3, 1, 10, 2, NULL};

static struct nav_state at(size_t unit, size_t frame, enum nav_level level)
{
    struct nav_state st;
    nav_init(&st, 175, 80, 400, 25);
    st.unit = unit;
    st.frame = frame;
    st.level = level;
    return st;
}

/* Run CMD; return the effects. */
static struct nav_effects run(struct nav_state *st, enum nav_cmd cmd)
{
    struct nav_effects fx;
    int rc = nav_step(&doc, st, cmd, &fx);
    CHECK(rc == 0);
    return fx;
}

/* The PLAY effect of FX (the last one), or NULL. */
static const struct nav_effect *play_of(const struct nav_effects *fx)
{
    const struct nav_effect *p = NULL;
    for (size_t i = 0; i < fx->n; i++) {
        if (fx->fx[i].kind == NAV_FX_PLAY)
            p = &fx->fx[i];
    }
    return p;
}

static const struct nav_effect *say_of(const struct nav_effects *fx)
{
    for (size_t i = 0; i < fx->n; i++) {
        if (fx->fx[i].kind == NAV_FX_SAY)
            return &fx->fx[i];
    }
    return NULL;
}

static int has(const struct nav_effects *fx, enum nav_effect_kind k)
{
    for (size_t i = 0; i < fx->n; i++) {
        if (fx->fx[i].kind == k)
            return 1;
    }
    return 0;
}

/* Expect a plain move: STOP then PLAY(unit, sentence), state at that place, playing. */
static void expect_move(struct nav_state st, enum nav_cmd cmd, size_t unit, size_t sentence,
                        size_t frame, int line)
{
    struct nav_effects fx = run(&st, cmd);
    const struct nav_effect *p = play_of(&fx);
    if (!(fx.n == 2 && fx.fx[0].kind == NAV_FX_STOP && p && p->unit == unit &&
          p->sentence == sentence && st.unit == unit && st.frame == frame && !st.paused &&
          !st.ended)) {
        fprintf(stderr, "line %d: cmd %s: got n=%zu play=%zu/%zu state unit=%zu frame=%zu\n", line,
                nav_cmd_name(cmd), fx.n, p ? p->unit : 99, p ? p->sentence : 99, st.unit,
                st.frame);
        failures++;
    }
}

/* Expect STOP, TONE, SAY(say) and carrying on from the sentence start. */
static void expect_boundary(struct nav_state st, enum nav_cmd cmd, enum nav_say say, size_t unit,
                            size_t sentence, int line)
{
    struct nav_effects fx = run(&st, cmd);
    const struct nav_effect *p = play_of(&fx);
    if (!(fx.n == 4 && fx.fx[0].kind == NAV_FX_STOP && fx.fx[1].kind == NAV_FX_TONE &&
          fx.fx[1].tone == NAV_TONE_BOUNDARY && fx.fx[2].kind == NAV_FX_SAY &&
          fx.fx[2].say == say && p && p->unit == unit && p->sentence == sentence)) {
        fprintf(stderr, "line %d: boundary for %s: n=%zu say=%d\n", line, nav_cmd_name(cmd), fx.n,
                fx.n > 2 ? (int)fx.fx[2].say : -1);
        failures++;
    }
}

static void test_sections(void)
{
    expect_move(at(0, 15, NAV_LEVEL_SECTION), NAV_CMD_NEXT, 1, 0, 0, __LINE__);
    expect_move(at(2, 3, NAV_LEVEL_SECTION), NAV_CMD_NEXT, 4, 0, 0, __LINE__);
    expect_move(at(3, 9, NAV_LEVEL_SECTION), NAV_CMD_PREV, 0, 0, 0, __LINE__);
    expect_move(at(3, 9, NAV_LEVEL_SECTION), NAV_CMD_REPEAT, 1, 0, 0, __LINE__);
    expect_move(at(5, 2, NAV_LEVEL_SECTION), NAV_CMD_PREV, 1, 0, 0, __LINE__);
    expect_boundary(at(4, 5, NAV_LEVEL_SECTION), NAV_CMD_NEXT, NAV_SAY_LAST_SECTION, 4, 0,
                    __LINE__);
    expect_boundary(at(5, 3, NAV_LEVEL_SECTION), NAV_CMD_NEXT, NAV_SAY_LAST_SECTION, 5, 0,
                    __LINE__);
    expect_boundary(at(0, 25, NAV_LEVEL_SECTION), NAV_CMD_PREV, NAV_SAY_FIRST_SECTION, 0, 2,
                    __LINE__);
}

static void test_items(void)
{
    expect_move(at(0, 5, NAV_LEVEL_ITEM), NAV_CMD_NEXT, 0, 2, 20, __LINE__);
    expect_move(at(0, 25, NAV_LEVEL_ITEM), NAV_CMD_NEXT, 1, 0, 0, __LINE__);
    expect_move(at(0, 25, NAV_LEVEL_ITEM), NAV_CMD_PREV, 0, 0, 0, __LINE__);
    expect_move(at(0, 25, NAV_LEVEL_ITEM), NAV_CMD_REPEAT, 0, 2, 20, __LINE__);
    expect_move(at(0, 12, NAV_LEVEL_ITEM), NAV_CMD_REPEAT, 0, 0, 0, __LINE__);
    expect_move(at(2, 4, NAV_LEVEL_ITEM), NAV_CMD_NEXT, 3, 0, 0, __LINE__);
    expect_move(at(2, 4, NAV_LEVEL_ITEM), NAV_CMD_PREV, 1, 0, 0, __LINE__);
    expect_move(at(4, 4, NAV_LEVEL_ITEM), NAV_CMD_NEXT, 5, 0, 0, __LINE__);
    expect_boundary(at(5, 1, NAV_LEVEL_ITEM), NAV_CMD_NEXT, NAV_SAY_LAST_ITEM, 5, 0, __LINE__);
    expect_boundary(at(0, 9, NAV_LEVEL_ITEM), NAV_CMD_PREV, NAV_SAY_FIRST_ITEM, 0, 0, __LINE__);
}

static void test_sentences(void)
{
    expect_move(at(1, 16, NAV_LEVEL_SENTENCE), NAV_CMD_NEXT, 2, 0, 0, __LINE__);
    expect_move(at(1, 16, NAV_LEVEL_SENTENCE), NAV_CMD_PREV, 1, 0, 0, __LINE__);
    expect_move(at(1, 16, NAV_LEVEL_SENTENCE), NAV_CMD_REPEAT, 1, 1, 15, __LINE__);
    expect_move(at(0, 10, NAV_LEVEL_SENTENCE), NAV_CMD_NEXT, 0, 2, 20, __LINE__);
    expect_move(at(2, 0, NAV_LEVEL_SENTENCE), NAV_CMD_PREV, 1, 1, 15, __LINE__);
    expect_boundary(at(0, 3, NAV_LEVEL_SENTENCE), NAV_CMD_PREV, NAV_SAY_FIRST_SENTENCE, 0, 0,
                    __LINE__);
    expect_boundary(at(5, 3, NAV_LEVEL_SENTENCE), NAV_CMD_NEXT, NAV_SAY_LAST_SENTENCE, 5, 0,
                    __LINE__);
}

static void test_levels(void)
{
    struct nav_state st = at(0, 15, NAV_LEVEL_SECTION);
    struct nav_effects fx = run(&st, NAV_CMD_FINER);
    CHECK(st.level == NAV_LEVEL_ITEM);
    CHECK(say_of(&fx) && say_of(&fx)->say == NAV_SAY_LEVEL && say_of(&fx)->arg[0] == 1);
    CHECK(play_of(&fx) && play_of(&fx)->unit == 0 && play_of(&fx)->sentence == 1);
    fx = run(&st, NAV_CMD_FINER);
    CHECK(st.level == NAV_LEVEL_SENTENCE && say_of(&fx)->arg[0] == 2);
    expect_boundary(st, NAV_CMD_FINER, NAV_SAY_LEVEL, 0, 1, __LINE__);
    fx = run(&st, NAV_CMD_COARSER);
    CHECK(st.level == NAV_LEVEL_ITEM && say_of(&fx)->arg[0] == 1);
    fx = run(&st, NAV_CMD_COARSER);
    CHECK(st.level == NAV_LEVEL_SECTION && say_of(&fx)->arg[0] == 0);
    expect_boundary(st, NAV_CMD_COARSER, NAV_SAY_LEVEL, 0, 1, __LINE__);
}

static void test_pause(void)
{
    struct nav_state st = at(0, 15, NAV_LEVEL_ITEM);
    struct nav_effects fx = run(&st, NAV_CMD_PAUSE);
    CHECK(st.paused == 1 && st.frame == 15);
    CHECK(fx.n == 2 && fx.fx[0].kind == NAV_FX_STOP && fx.fx[1].say == NAV_SAY_PAUSED);
    /* Announcement keys keep the pause. */
    enum nav_cmd keep[] = {NAV_CMD_FINER, NAV_CMD_COARSER, NAV_CMD_HELP,
                           NAV_CMD_WHERE, NAV_CMD_FASTER,  NAV_CMD_SLOWER};
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        fx = run(&st, keep[i]);
        CHECK(st.paused == 1 && !has(&fx, NAV_FX_PLAY) && has(&fx, NAV_FX_SAY));
    }
    CHECK(st.level == NAV_LEVEL_ITEM);
    /* Resume backs up to the sentence start (sentence 1 starts at frame 10). */
    fx = run(&st, NAV_CMD_PAUSE);
    CHECK(st.paused == 0 && fx.n == 2 && fx.fx[0].kind == NAV_FX_STOP);
    CHECK(fx.fx[1].kind == NAV_FX_PLAY);
    CHECK(fx.fx[1].unit == 0 && fx.fx[1].sentence == 1 && st.frame == 10);
    /* Moving keys end the pause. */
    st = at(1, 3, NAV_LEVEL_SECTION);
    st.paused = 1;
    expect_move(st, NAV_CMD_NEXT, 4, 0, 0, __LINE__);
    expect_move(st, NAV_CMD_PREV, 0, 0, 0, __LINE__);
    expect_move(st, NAV_CMD_REPEAT, 1, 0, 0, __LINE__);
    /* At an end while paused: tone and words, still paused, nothing played. */
    st = at(0, 3, NAV_LEVEL_SECTION);
    st.paused = 1;
    fx = run(&st, NAV_CMD_PREV);
    CHECK(st.paused && fx.n == 3 && fx.fx[1].kind == NAV_FX_TONE &&
          fx.fx[2].say == NAV_SAY_FIRST_SECTION);
    /* A unit end while paused does nothing. */
    fx = run(&st, NAV_CMD_UNIT_END);
    CHECK(fx.n == 0 && st.unit == 0);
}

static void test_start_questions_quit(void)
{
    struct nav_state st = at(3, 9, NAV_LEVEL_SENTENCE);
    struct nav_effects fx = run(&st, NAV_CMD_START);
    CHECK(fx.n == 3 && fx.fx[1].say == NAV_SAY_START && fx.fx[2].unit == 0 && st.unit == 0);
    CHECK(st.level == NAV_LEVEL_SENTENCE);
    /* 3: the list's heading at the question level, so that 6 goes question by question. */
    st = at(4, 9, NAV_LEVEL_SECTION);
    fx = run(&st, NAV_CMD_QUESTIONS);
    CHECK(play_of(&fx) && play_of(&fx)->unit == 1 && st.unit == 1);
    CHECK(st.level == NAV_LEVEL_ITEM && say_of(&fx)->say == NAV_SAY_QUESTIONS);
    CHECK(say_of(&fx)->arg[0] == 0);
    st.frame = 3;
    fx = run(&st, NAV_CMD_NEXT);
    CHECK(play_of(&fx)->unit == 2);
    fx = run(&st, NAV_CMD_NEXT);
    CHECK(play_of(&fx)->unit == 3);
    struct nav_doc noq = doc;
    noq.questions_section = -1;
    st = at(4, 9, NAV_LEVEL_SECTION);
    CHECK(nav_step(&noq, &st, NAV_CMD_QUESTIONS, &fx) == 0);
    CHECK(fx.n == 4 && fx.fx[2].say == NAV_SAY_NO_QUESTIONS && fx.fx[3].unit == 4);
    st = at(2, 1, NAV_LEVEL_ITEM);
    fx = run(&st, NAV_CMD_QUIT);
    CHECK(st.quit == 1 && fx.n == 3 && fx.fx[1].say == NAV_SAY_GOODBYE);
    CHECK(fx.fx[2].kind == NAV_FX_QUIT);
    /* A key bound to nothing: said, then on from the sentence's start. */
    st = at(3, 9, NAV_LEVEL_ITEM);
    fx = run(&st, NAV_CMD_UNBOUND);
    CHECK(fx.n == 3 && fx.fx[1].say == NAV_SAY_UNBOUND && play_of(&fx)->unit == 3);
    CHECK(play_of(&fx)->sentence == 1 && st.level == NAV_LEVEL_ITEM);
}

/* The effect of kind KIND in FX, or NULL. */
static const struct nav_effect *kind_of(const struct nav_effects *fx, enum nav_effect_kind kind)
{
    for (size_t i = 0; i < fx->n; i++) {
        if (fx->fx[i].kind == kind)
            return &fx->fx[i];
    }
    return NULL;
}

/* Marking questions with 3 while they play, and "my questions" (3 at the list's heading):
 * MARKED is the player's copy of the marks, changed on NAV_FX_MARK as the player does. */
static void test_marks(void)
{
    unsigned char marked[6] = {0};
    struct nav_doc d = doc;
    d.marked = marked;
    struct nav_effects fx;
    const struct nav_effect *m;
    /* 3 on question 1 (unit 2): marked, said with the count, and it plays on. */
    struct nav_state st = at(2, 4, NAV_LEVEL_ITEM);
    CHECK(nav_step(&d, &st, NAV_CMD_QUESTIONS, &fx) == 0);
    m = kind_of(&fx, NAV_FX_MARK);
    CHECK(m && m->unit == 2 && m->arg[0] == 1);
    CHECK(say_of(&fx)->say == NAV_SAY_MARKED && say_of(&fx)->arg[0] == 1);
    CHECK(say_of(&fx)->arg[1] == 1 && play_of(&fx)->unit == 2 && st.unit == 2);
    marked[2] = 1;
    CHECK(nav_marked_count(&d) == 1);
    /* Question 2 (unit 3, in its second sentence): 2 marked; again: unmarked, 1 left. */
    st = at(3, 9, NAV_LEVEL_ITEM);
    CHECK(nav_step(&d, &st, NAV_CMD_QUESTIONS, &fx) == 0);
    CHECK(kind_of(&fx, NAV_FX_MARK)->arg[0] == 1 && say_of(&fx)->arg[1] == 2);
    CHECK(play_of(&fx)->unit == 3 && play_of(&fx)->sentence == 1);
    marked[3] = 1;
    CHECK(nav_step(&d, &st, NAV_CMD_QUESTIONS, &fx) == 0);
    m = kind_of(&fx, NAV_FX_MARK);
    CHECK(m && m->unit == 3 && m->arg[0] == 0);
    CHECK(say_of(&fx)->arg[0] == 0 && say_of(&fx)->arg[1] == 1);
    marked[3] = 0;
    /* Before the question sounds (an announcement is said first), 3 goes to the list. */
    st = at(3, 0, NAV_LEVEL_ITEM);
    st.before = 1;
    CHECK(nav_step(&d, &st, NAV_CMD_QUESTIONS, &fx) == 0 && !kind_of(&fx, NAV_FX_MARK));
    CHECK(st.unit == 1 && say_of(&fx)->say == NAV_SAY_QUESTIONS);
    /* Marks on anything but a question are not counted. */
    marked[4] = 1;
    CHECK(nav_marked_count(&d) == 1);
    marked[4] = 0;
    /* From elsewhere, 3 goes to the list and says how many are marked. */
    st = at(0, 12, NAV_LEVEL_SENTENCE);
    CHECK(nav_step(&d, &st, NAV_CMD_QUESTIONS, &fx) == 0);
    CHECK(say_of(&fx)->say == NAV_SAY_QUESTIONS && say_of(&fx)->arg[0] == 1);
    CHECK(st.unit == 1 && st.level == NAV_LEVEL_ITEM && !kind_of(&fx, NAV_FX_MARK));
    /* 3 again at the list's heading: "my questions", the marked one. */
    CHECK(nav_step(&d, &st, NAV_CMD_QUESTIONS, &fx) == 0);
    CHECK(st.mine == 1 && say_of(&fx)->say == NAV_SAY_MINE && play_of(&fx)->unit == 2);
    /* Its end: no other marked question: a tone, "end of your questions", paused at the
     * list's start. */
    CHECK(nav_step(&d, &st, NAV_CMD_UNIT_END, &fx) == 0);
    CHECK(st.mine == 0 && st.paused == 1 && st.unit == 1 && st.frame == 0);
    CHECK(kind_of(&fx, NAV_FX_TONE) && say_of(&fx)->say == NAV_SAY_MINE_END);
    CHECK(!play_of(&fx));
    /* Both marked: the end of the first plays the second; 6 / 4 move between marked ones
     * only, with a boundary at either end. */
    marked[3] = 1;
    st = at(1, 0, NAV_LEVEL_ITEM);
    CHECK(nav_step(&d, &st, NAV_CMD_QUESTIONS, &fx) == 0 && st.mine && st.unit == 2);
    CHECK(nav_step(&d, &st, NAV_CMD_UNIT_END, &fx) == 0 && play_of(&fx)->unit == 3);
    CHECK(st.mine == 1);
    CHECK(nav_step(&d, &st, NAV_CMD_NEXT, &fx) == 0 && kind_of(&fx, NAV_FX_TONE));
    CHECK(say_of(&fx)->say == NAV_SAY_LAST_ITEM && play_of(&fx)->unit == 3);
    CHECK(nav_step(&d, &st, NAV_CMD_PREV, &fx) == 0 && play_of(&fx)->unit == 2);
    CHECK(nav_step(&d, &st, NAV_CMD_PREV, &fx) == 0 && say_of(&fx)->say == NAV_SAY_FIRST_ITEM);
    /* 3 while a marked question plays in "my questions" unmarks it and stays there. */
    CHECK(nav_step(&d, &st, NAV_CMD_QUESTIONS, &fx) == 0);
    CHECK(kind_of(&fx, NAV_FX_MARK)->arg[0] == 0 && st.mine == 1);
    /* Where am I: "Question 1 of 2". */
    CHECK(nav_step(&d, &st, NAV_CMD_WHERE, &fx) == 0);
    CHECK(say_of(&fx)->arg[2] == 1 && say_of(&fx)->arg[3] == 2 && say_of(&fx)->arg[6] == 1);
    /* 1 leaves "my questions". */
    CHECK(nav_step(&d, &st, NAV_CMD_START, &fx) == 0 && st.mine == 0 && st.unit == 0);
    /* None marked: "my questions" says so and the heading plays on. */
    memset(marked, 0, sizeof marked);
    st = at(1, 0, NAV_LEVEL_ITEM);
    CHECK(nav_step(&d, &st, NAV_CMD_QUESTIONS, &fx) == 0 && st.mine == 0);
    CHECK(say_of(&fx)->say == NAV_SAY_NO_MARKED && play_of(&fx)->unit == 1);
    /* No marks array: nothing is marked. */
    CHECK(nav_marked_count(&doc) == 0);
}

static void test_rate(void)
{
    struct nav_state st = at(0, 12, NAV_LEVEL_SECTION);
    struct nav_effects fx = run(&st, NAV_CMD_FASTER);
    CHECK(st.rate == 200);
    CHECK(fx.n == 4 && fx.fx[1].kind == NAV_FX_RATE && fx.fx[1].arg[0] == 200);
    CHECK(fx.fx[2].say == NAV_SAY_RATE && fx.fx[2].arg[0] == 200 && fx.fx[2].arg[1] == 1);
    CHECK(fx.fx[3].kind == NAV_FX_PLAY && fx.fx[3].sentence == 1);
    fx = run(&st, NAV_CMD_SLOWER);
    fx = run(&st, NAV_CMD_SLOWER);
    CHECK(st.rate == 150 && fx.fx[2].arg[1] == -1);
    st.rate = 400;
    fx = run(&st, NAV_CMD_FASTER);
    CHECK(st.rate == 400 && fx.fx[1].kind == NAV_FX_TONE && fx.fx[2].say == NAV_SAY_RATE);
    CHECK(fx.fx[2].arg[0] == 400 && fx.fx[2].arg[1] == 2);
    CHECK(!has(&fx, NAV_FX_RATE));
    st.rate = 90;
    fx = run(&st, NAV_CMD_SLOWER);
    CHECK(st.rate == 80 && has(&fx, NAV_FX_RATE));
    fx = run(&st, NAV_CMD_SLOWER);
    CHECK(st.rate == 80 && !has(&fx, NAV_FX_RATE) && has(&fx, NAV_FX_TONE));
    CHECK(say_of(&fx)->arg[1] == -2);
}

static void test_where_help(void)
{
    struct nav_state st = at(3, 9, NAV_LEVEL_ITEM);
    struct nav_effects fx = run(&st, NAV_CMD_WHERE);
    const struct nav_effect *s = say_of(&fx);
    /* Section 1 of 3; items of s1 are units 1, 2, 3: the third of three; time left is
     * (16 - 9) + 20 + 5 = 32 frames = 3.2 s, rounded to 3. */
    CHECK(s && s->say == NAV_SAY_WHERE && s->arg[0] == 1 && s->arg[1] == 3);
    /* s1 is the questions list: its questions are counted, not its heading: question 2 of 2. */
    CHECK(s->arg[2] == 2 && s->arg[3] == 2 && s->arg[4] == 3 && s->arg[5] == 3);
    CHECK(s->arg[6] == 1);
    /* Its heading: the section alone. */
    st = at(1, 0, NAV_LEVEL_ITEM);
    fx = run(&st, NAV_CMD_WHERE);
    CHECK(say_of(&fx)->arg[2] == 0 && say_of(&fx)->arg[6] == 0);
    st = at(3, 9, NAV_LEVEL_ITEM);
    fx = run(&st, NAV_CMD_WHERE);
    CHECK(play_of(&fx) && play_of(&fx)->unit == 3 && play_of(&fx)->sentence == 1);
    st = at(0, 25, NAV_LEVEL_SECTION);
    fx = run(&st, NAV_CMD_WHERE);
    s = say_of(&fx);
    CHECK(s->arg[0] == 0 && s->arg[2] == 0 && s->arg[3] == 2);
    CHECK(s->arg[4] == 8); /* 5 + 25 + 12 + 16 + 20 + 5 = 83 frames = 8.3 s */
    st = at(1, 0, NAV_LEVEL_SECTION);
    fx = run(&st, NAV_CMD_HELP);
    CHECK(fx.n == 3 && fx.fx[1].say == NAV_SAY_HELP && fx.fx[2].unit == 1);
}

static void test_unit_end(void)
{
    struct nav_state st = at(0, 30, NAV_LEVEL_SECTION);
    struct nav_effects fx = run(&st, NAV_CMD_UNIT_END);
    CHECK(fx.n == 1 && fx.fx[0].kind == NAV_FX_PLAY && fx.fx[0].unit == 1 && st.unit == 1);
    st = at(5, 5, NAV_LEVEL_SECTION);
    fx = run(&st, NAV_CMD_UNIT_END);
    CHECK(st.ended == 1 && fx.n == 2 && fx.fx[0].tone == NAV_TONE_END &&
          fx.fx[1].say == NAV_SAY_END);
    struct nav_state ended = st;
    fx = run(&st, NAV_CMD_NEXT);
    CHECK(st.ended && !has(&fx, NAV_FX_PLAY) && say_of(&fx)->say == NAV_SAY_END);
    fx = run(&st, NAV_CMD_PAUSE);
    CHECK(st.ended && !has(&fx, NAV_FX_PLAY) && say_of(&fx)->say == NAV_SAY_END);
    fx = run(&st, NAV_CMD_UNIT_END);
    CHECK(fx.n == 0);
    expect_move(ended, NAV_CMD_PREV, 4, 0, 0, __LINE__);
    expect_move(ended, NAV_CMD_REPEAT, 4, 0, 0, __LINE__);
    ended.level = NAV_LEVEL_SENTENCE;
    expect_move(ended, NAV_CMD_PREV, 5, 0, 0, __LINE__);
    fx = run(&ended, NAV_CMD_START);
    CHECK(!ended.ended && ended.unit == 0);
}

/* Every command at every level, at both ends, paused and playing: sane results. */
static void test_everything(void)
{
    size_t places[][2] = {{0, 0}, {5, 4}, {3, 9}};
    for (int c = NAV_CMD_NONE; c < NAV_CMD_COUNT; c++) {
        for (int l = 0; l < NAV_LEVEL_COUNT; l++) {
            for (size_t p = 0; p < 3; p++) {
                for (int paused = 0; paused < 2; paused++) {
                    struct nav_state st = at(places[p][0], places[p][1], (enum nav_level)l);
                    st.paused = paused;
                    struct nav_effects fx;
                    int rc = nav_step(&doc, &st, (enum nav_cmd)c, &fx);
                    CHECK(rc == 0);
                    CHECK(st.unit < doc.n_units);
                    const struct nav_effect *pl = play_of(&fx);
                    if (st.paused)
                        CHECK(pl == NULL);
                    if (pl)
                        CHECK(pl->unit == st.unit && pl->unit < doc.n_units);
                    if (c != NAV_CMD_NONE && c != NAV_CMD_UNIT_END)
                        CHECK(fx.n > 0 && fx.fx[0].kind == NAV_FX_STOP);
                    if (c == NAV_CMD_NONE)
                        CHECK(fx.n == 0);
                }
            }
        }
    }
    struct nav_state st = at(0, 0, NAV_LEVEL_SECTION);
    struct nav_effects fx;
    CHECK(nav_step(&doc, &st, NAV_CMD_COUNT, &fx) == NAV_EINVAL && fx.n == 0);
    st.unit = 6;
    CHECK(nav_step(&doc, &st, NAV_CMD_NEXT, &fx) == NAV_EINVAL && st.unit == 6);
    CHECK(nav_step(NULL, &st, NAV_CMD_NEXT, &fx) == NAV_EINVAL);
}

/* Units whose sentences are not known yet behave as one sentence each. */
static void test_unknown_marks(void)
{
    struct nav_unit u[3] = {{NAV_UNIT_SECTION, 0, 100, NULL, 0, NULL, 0, 0},
                            {NAV_UNIT_SECTION, 1, 100, NULL, 0, NULL, 0, 0},
                            {NAV_UNIT_ITEM, 1, 100, NULL, 0, NULL, 0, 0}};
    struct nav_doc d = {u, 3, 2, -1, 100, 0, NULL};
    struct nav_state st = at(0, 50, NAV_LEVEL_SENTENCE);
    struct nav_effects fx;
    CHECK(nav_step(&d, &st, NAV_CMD_NEXT, &fx) == 0 && play_of(&fx)->unit == 1);
    CHECK(nav_step(&d, &st, NAV_CMD_REPEAT, &fx) == 0 && play_of(&fx)->sentence == 0);
    CHECK(nav_sentence_at(&d, &st) == 0);
}

static void test_names(void)
{
    for (int c = NAV_CMD_PREV; c <= NAV_CMD_QUIT; c++)
        CHECK((int)nav_cmd_from_name(nav_cmd_name((enum nav_cmd)c)) == c);
    CHECK(nav_cmd_from_name("bogus") == NAV_CMD_NONE);
    CHECK(nav_cmd_name(NAV_CMD_UNIT_END) == NULL);
    CHECK(!strcmp(nav_level_name(NAV_LEVEL_ITEM), "item"));
}

int main(void)
{
    test_sections();
    test_items();
    test_sentences();
    test_levels();
    test_pause();
    test_start_questions_quit();
    test_marks();
    test_rate();
    test_where_help();
    test_unit_end();
    test_everything();
    test_unknown_marks();
    test_names();
    if (failures) {
        fprintf(stderr, "test_nav: %d failures\n", failures);
        return 1;
    }
    printf("test_nav: ok\n");
    return 0;
}
