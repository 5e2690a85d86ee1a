/* test_leaflet: the leaflet parser's rules (SPEC §2), one check per rule, on text in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet.h"

static int failures;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__,       \
                    current, #cond);                                                   \
            failures++;                                                                \
        }                                                                              \
    } while (0)

#define CHECK_STR(a, b)                                                                \
    do {                                                                               \
        const char *a_ = (a), *b_ = (b);                                               \
        if (!a_ || !b_ || strcmp(a_, b_)) {                                            \
            fprintf(stderr, "%s:%d: %s: \"%s\" != \"%s\"\n", __FILE__, __LINE__,       \
                    current, a_ ? a_ : "(null)", b_ ? b_ : "(null)");                  \
            failures++;                                                                \
        }                                                                              \
    } while (0)

static const char *current = "";

/* Parse a NUL-terminated text that must succeed. */
static struct leaflet *parse_ok(const char *name, const char *text)
{
    current = name;
    struct leaflet *lf = NULL;
    struct leaflet_error err;
    int rc = leaflet_parse(text, strlen(text), &lf, &err);
    if (rc) {
        fprintf(stderr, "%s: parse failed: %d:%d: %s\n", name, err.line, err.column,
                err.message);
        failures++;
        return NULL;
    }
    return lf;
}

/* Parse LEN bytes that must fail with STATUS at LINE:COL. */
static void parse_bad(const char *name, const char *text, size_t len, int status, int line,
                      int col)
{
    current = name;
    struct leaflet *lf = (struct leaflet *)1;
    struct leaflet_error err;
    int rc = leaflet_parse(text, len, &lf, &err);
    CHECK(rc == status);
    CHECK(lf == NULL);
    if (rc != status || err.line != line || err.column != col)
        fprintf(stderr, "%s: got %d at %d:%d (%s), want %d at %d:%d\n", name, rc, err.line,
                err.column, err.message, status, line, col);
    CHECK(err.line == line);
    CHECK(err.column == col);
    CHECK(err.message[0] != '\0');
    CHECK(strchr(err.message, '\n') == NULL);
    if (rc == 0)
        leaflet_free(lf);
}

static void test_basic_structure(void)
{
    struct leaflet *lf = parse_ok("basic",
        "What is it?\n\nIt is a finding.\nIt is often harmless.\n\n"
        "What should I ask?\n\n- Is it large?\n- Where is it?\n\n"
        "Disclaimer:\n\nGeneral information only.\n\nLast updated December 2024\n");
    if (!lf)
        return;
    CHECK_STR(lf->title, "What is it?");
    CHECK_STR(lf->language, "en");
    CHECK(lf->voice == NULL);
    CHECK_STR(lf->updated, "December 2024");
    CHECK_STR(lf->updated_line, "Last updated December 2024");
    CHECK(lf->n_sections == 3);
    if (lf->n_sections == 3) {
        CHECK_STR(lf->sections[0].id, "s1");
        CHECK(lf->sections[0].kind == LEAFLET_KIND_QUESTION);
        CHECK(lf->sections[0].n_paragraphs == 1);
        CHECK_STR(lf->sections[0].paragraphs[0], "It is a finding. It is often harmless.");
        CHECK(lf->sections[0].line == 1);
        CHECK(lf->sections[1].n_items == 2);
        CHECK(lf->sections[1].questions == 1);
        CHECK_STR(lf->sections[1].items[0].id, "s2.q1");
        CHECK_STR(lf->sections[1].items[1].id, "s2.q2");
        CHECK_STR(lf->sections[1].items[1].text, "Where is it?");
        CHECK(lf->sections[1].items[1].line == 9);
        CHECK(lf->sections[2].kind == LEAFLET_KIND_DISCLAIMER);
        CHECK_STR(lf->sections[2].heading, "Disclaimer:");
        CHECK(lf->sections[2].n_paragraphs == 1);
    }
    CHECK(leaflet_questions_section(lf) == 1);
    leaflet_free(lf);
}

static void test_line_ends_and_bom(void)
{
    const char *texts[] = {
        "\xEF\xBB\xBFTitle?\r\n\r\nOne\r\ntwo.\r\n",
        "Title?\r\rOne\rtwo.\r",
        "Title?\n\nOne\ntwo.",
        "Title?  \n \t \n\n\n\n   One   \n\ttwo.\t\n\n\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "line ends %zu", i);
        struct leaflet *lf = parse_ok(name, texts[i]);
        if (!lf)
            continue;
        CHECK_STR(lf->title, "Title?");
        CHECK(lf->n_sections == 1);
        if (lf->n_sections == 1 && lf->sections[0].n_paragraphs == 1)
            CHECK_STR(lf->sections[0].paragraphs[0], "One two.");
        else
            CHECK(0);
        leaflet_free(lf);
    }
}

static void test_paragraph_spaces(void)
{
    struct leaflet *lf = parse_ok("spaces", "Heading:\n\nA\tb   c\n   d  \n\nSecond one.\n");
    if (!lf)
        return;
    CHECK(lf->sections[0].n_paragraphs == 2);
    CHECK_STR(lf->sections[0].paragraphs[0], "A b c d");
    CHECK_STR(lf->sections[0].paragraphs[1], "Second one.");
    leaflet_free(lf);
}

static void test_markdown_headings(void)
{
    struct leaflet *lf = parse_ok("markdown",
        "# A long title that ends with a full stop.\n\nText.\n\n"
        "## Second ##\nText under it.\n#hashtag style\n");
    if (!lf)
        return;
    CHECK(lf->n_sections == 3);
    CHECK_STR(lf->title, "A long title that ends with a full stop.");
    if (lf->n_sections == 3) {
        CHECK_STR(lf->sections[1].heading, "Second");
        CHECK_STR(lf->sections[1].paragraphs[0], "Text under it.");
        CHECK_STR(lf->sections[2].heading, "hashtag style");
        CHECK(lf->sections[2].kind == LEAFLET_KIND_HEADING);
    }
    leaflet_free(lf);
}

static void test_list_markers(void)
{
    struct leaflet *lf = parse_ok("markers",
        "Things:\n\n- dash\n* star\n\xE2\x80\xA2 bullet\n\xE2\x80\x93 en dash\n"
        "1. one\n2) two\n10. ten\n\n"
        "-5 degrees is not an item.\n\n1.5 mm is not an item either.\n\n*bold* is text.\n");
    if (!lf)
        return;
    const struct leaflet_section *s = &lf->sections[0];
    CHECK(s->n_items == 7);
    const char *want[] = {"dash", "star", "bullet", "en dash", "one", "two", "ten"};
    for (size_t i = 0; i < 7 && i < s->n_items; i++)
        CHECK_STR(s->items[i].text, want[i]);
    CHECK(s->questions == 0);
    CHECK(s->n_paragraphs == 3);
    if (s->n_paragraphs == 3) {
        CHECK_STR(s->paragraphs[0], "-5 degrees is not an item.");
        CHECK_STR(s->paragraphs[1], "1.5 mm is not an item either.");
        CHECK_STR(s->paragraphs[2], "*bold* is text.");
    }
    CHECK(leaflet_questions_section(lf) == -1);
    leaflet_free(lf);
}

static void test_questions_flag(void)
{
    struct leaflet *lf = parse_ok("questions",
        "Questions to ask:\n- Is it big?\n- Is it small?\n\n"
        "Mixed list:\n- Is it big?\n- Bring your notes.\n");
    if (!lf)
        return;
    CHECK(lf->n_sections == 2);
    if (lf->n_sections == 2) {
        CHECK(lf->sections[0].n_items == 2);
        CHECK(lf->sections[0].questions == 1);
        CHECK(lf->sections[1].questions == 0);
        CHECK(lf->sections[0].kind == LEAFLET_KIND_HEADING);
        CHECK_STR(lf->sections[1].items[1].id, "s2.q2");
    }
    leaflet_free(lf);
}

static void test_heading_in_block(void)
{
    struct leaflet *lf = parse_ok("heading in block",
        "What is it?\nA finding on the scan.\n\n"
        "Causes:\nSeveral things can cause it.\n\n"
        "Looking after yourself\nRest and drink water.\n\n"
        "A wrapped paragraph starts here and goes on\nacross the next line.\n\n"
        "The scan was checked by the doctor and\nI was told it looked fine.\n");
    if (!lf)
        return;
    CHECK(lf->n_sections == 3);
    if (lf->n_sections == 3) {
        CHECK_STR(lf->sections[0].paragraphs[0], "A finding on the scan.");
        CHECK_STR(lf->sections[1].heading, "Causes:");
        CHECK(lf->sections[1].kind == LEAFLET_KIND_HEADING);
        CHECK_STR(lf->sections[2].heading, "Looking after yourself");
        CHECK(lf->sections[2].n_paragraphs == 3);
        CHECK_STR(lf->sections[2].paragraphs[1],
                  "A wrapped paragraph starts here and goes on across the next line.");
        /* A line ending in a joining word is not a heading, even before "I". */
        CHECK_STR(lf->sections[2].paragraphs[2],
                  "The scan was checked by the doctor and I was told it looked fine.");
    }
    leaflet_free(lf);
}

static void test_short_line_headings(void)
{
    struct leaflet *lf = parse_ok("short lines",
        "Echogenic bowel\n\nSome text.\n\nVitamin A\n\nText.\n\n"
        "An unpunctuated line at the very end\n");
    if (!lf)
        return;
    CHECK_STR(lf->title, "Echogenic bowel");
    CHECK(lf->n_sections == 2);
    if (lf->n_sections == 2) {
        CHECK_STR(lf->sections[1].heading, "Vitamin A");
        CHECK(lf->sections[1].n_paragraphs == 2);
        if (lf->sections[1].n_paragraphs == 2)
            CHECK_STR(lf->sections[1].paragraphs[1], "An unpunctuated line at the very end");
    }
    leaflet_free(lf);

    /* Sentences, long lines and lower-case starts are not headings. */
    char longq[400];
    memset(longq, 'a', sizeof longq);
    memcpy(longq, "Why", 3);
    memcpy(longq + 250, "?\n\nTitle:\n\nText.\n", 18);
    lf = parse_ok("long line", longq);
    if (!lf)
        return;
    CHECK(lf->n_sections == 2);
    CHECK(lf->sections[0].heading[0] == '\0');
    CHECK(lf->sections[0].n_paragraphs == 1);
    CHECK_STR(lf->title, "Title:");
    leaflet_free(lf);

    lf = parse_ok("sentence", "Title?\n\nIt is fine. See below\n\nmore text here\n\nEnd.\n");
    if (!lf)
        return;
    CHECK(lf->n_sections == 1);
    CHECK(lf->sections[0].n_paragraphs == 3);
    leaflet_free(lf);
}

static void test_items_under_heading(void)
{
    struct leaflet *lf = parse_ok("items under heading",
        "What should I ask?\n- Is it large?\n- Do you recommend that I see a\n"
        "  specialist?\n- Should the baby have tests after\nbirth?\nBring a friend.\n");
    if (!lf)
        return;
    CHECK(lf->n_sections == 1);
    const struct leaflet_section *s = &lf->sections[0];
    CHECK(s->n_items == 3);
    if (s->n_items == 3) {
        CHECK_STR(s->items[1].text, "Do you recommend that I see a specialist?");
        CHECK_STR(s->items[2].text, "Should the baby have tests after birth?");
    }
    CHECK(s->questions == 1);
    CHECK(s->n_paragraphs == 1);
    if (s->n_paragraphs == 1)
        CHECK_STR(s->paragraphs[0], "Bring a friend.");
    leaflet_free(lf);
}

static void test_disclaimer(void)
{
    const char *texts[] = {"Disclaimer\n\nText.\n", "DISCLAIMER:\n\nText.\n",
                           "# disclaimer\nText.\n", "Aviso legal:\n\nTexto.\n",
                           "Kanusho:\n\nMaandishi.\n"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct leaflet *lf = parse_ok("disclaimer", texts[i]);
        if (!lf)
            continue;
        CHECK(lf->sections[0].kind == LEAFLET_KIND_DISCLAIMER);
        leaflet_free(lf);
    }
    struct leaflet *lf = parse_ok("not a disclaimer", "Disclaimers and notes:\n\nText.\n");
    if (lf) {
        CHECK(lf->sections[0].kind == LEAFLET_KIND_HEADING);
        leaflet_free(lf);
    }
}

static void test_updated(void)
{
    struct leaflet *lf = parse_ok("reviewed", "Title?\n\nText.\n\nLast reviewed: June 2025  \n\n");
    if (lf) {
        CHECK_STR(lf->updated, "June 2025");
        CHECK_STR(lf->updated_line, "Last reviewed: June 2025");
        CHECK(lf->sections[0].n_paragraphs == 1);
        leaflet_free(lf);
    }
    lf = parse_ok("updated in block", "Title?\n\nText.\nLast updated December 2024\n");
    if (lf) {
        CHECK_STR(lf->updated, "December 2024");
        CHECK_STR(lf->sections[0].paragraphs[0], "Text.");
        leaflet_free(lf);
    }
    lf = parse_ok("updated not last", "Title?\n\nLast updated December 2024\n\nMore text.\n");
    if (lf) {
        CHECK(lf->updated == NULL);
        CHECK(lf->sections[0].n_paragraphs == 2);
        leaflet_free(lf);
    }
    lf = parse_ok("no updated", "Title?\n\nText.\n");
    if (lf) {
        CHECK(lf->updated == NULL);
        CHECK(lf->updated_line == NULL);
        leaflet_free(lf);
    }
    lf = parse_ok("spanish updated",
                  "\xC2\xBFQu\xC3\xA9 es?\n\nTexto.\n\n"
                  "\xC3\x9Altima actualizaci\xC3\xB3n: diciembre de 2024\n");
    if (lf) {
        CHECK_STR(lf->updated, "diciembre de 2024");
        CHECK(lf->sections[0].kind == LEAFLET_KIND_QUESTION);
        leaflet_free(lf);
    }
    lf = parse_ok("swahili updated",
                  "Ni nini?\n\nMaandishi.\n\nIlisasishwa mwisho Desemba 2024\n");
    if (lf) {
        CHECK_STR(lf->updated, "Desemba 2024");
        CHECK(lf->sections[0].n_paragraphs == 1);
        leaflet_free(lf);
    }
    lf = parse_ok("swahili not updated", "Ni nini?\n\nIlisasishwa mwishoni.\n");
    if (lf) {
        CHECK(lf->updated == NULL);
        leaflet_free(lf);
    }
}

static void test_front_matter(void)
{
    struct leaflet *lf = parse_ok("front matter",
        "---\nlanguage: es\ntitle: Intestino  ecog\xC3\xA9nico\nvoice: es-clear\nauthor: x\n---\n"
        "\xC2\xBFQu\xC3\xA9 es?\n\nTexto.\n");
    if (lf) {
        CHECK_STR(lf->language, "es");
        CHECK_STR(lf->title, "Intestino ecog\xC3\xA9nico");
        CHECK_STR(lf->voice, "es-clear");
        CHECK(lf->n_sections == 1);
        CHECK(lf->sections[0].line == 7);
        leaflet_free(lf);
    }
    const char *bad = "---\nlanguage: es\n\nTitle?\n";
    parse_bad("front matter unclosed", bad, strlen(bad), LEAFLET_EFRONT, 1, 1);
    bad = "---\nlanguage: es\nnot a pair\n---\nTitle?\n";
    parse_bad("front matter no colon", bad, strlen(bad), LEAFLET_EFRONT, 3, 1);
    bad = "---\nlanguage: e s\n---\nTitle?\n";
    parse_bad("front matter bad code", bad, strlen(bad), LEAFLET_EFRONT, 2, 11);
    /* "---" later in the text is a rule, not front matter. */
    lf = parse_ok("rule", "Title?\n---\nText.\n");
    if (lf) {
        CHECK(lf->n_sections == 1);
        CHECK_STR(lf->sections[0].paragraphs[0], "Text.");
        leaflet_free(lf);
    }
}

static void test_markup_is_text(void)
{
    struct leaflet *lf = parse_ok("markup",
        "Title?\n\nSay <b>this</b> & <break time=\"3s\"/> then &amp; [this leaflet/ our site].\n");
    if (!lf)
        return;
    CHECK_STR(lf->sections[0].paragraphs[0],
              "Say <b>this</b> & <break time=\"3s\"/> then &amp; [this leaflet/ our site].");
    leaflet_free(lf);
}

static void test_text_before_first_heading(void)
{
    struct leaflet *lf = parse_ok("intro",
        "This leaflet explains a scan finding. Read it with your partner.\n\n"
        "What is it?\n\nA finding.\n");
    if (!lf)
        return;
    CHECK(lf->n_sections == 2);
    CHECK_STR(lf->title, "What is it?");
    if (lf->n_sections == 2) {
        CHECK_STR(lf->sections[0].heading, "");
        CHECK(lf->sections[0].kind == LEAFLET_KIND_HEADING);
        CHECK_STR(lf->sections[0].paragraphs[0],
                  "This leaflet explains a scan finding. Read it with your partner.");
        CHECK_STR(lf->sections[1].id, "s2");
    }
    leaflet_free(lf);
}

static void test_bad_input(void)
{
    parse_bad("empty", "", 0, LEAFLET_EEMPTY, 1, 1);
    parse_bad("blank", " \n\t\r\n  \n", 7, LEAFLET_EEMPTY, 1, 1);
    parse_bad("bom only", "\xEF\xBB\xBF", 3, LEAFLET_EEMPTY, 1, 1);
    parse_bad("nul", "Title?\nab\0c\n", 12, LEAFLET_ENUL, 2, 3);
    parse_bad("binary", "Title?\n\x01\x02\x03", 10, LEAFLET_EBINARY, 2, 1);
    parse_bad("png", "\x89PNG\r\n\x1a\n", 8, LEAFLET_EUTF8, 1, 1);
    parse_bad("continuation", "Title?\nab\x80\n", 11, LEAFLET_EUTF8, 2, 3);
    parse_bad("overlong 2", "Ti\xC0\xAF", 4, LEAFLET_EUTF8, 1, 3);
    parse_bad("overlong 3", "A\r\nB\r\nxx\xE0\x80\xAF", 11, LEAFLET_EUTF8, 3, 3);
    parse_bad("overlong 4", "\xF0\x80\x80\xAF", 4, LEAFLET_EUTF8, 1, 1);
    parse_bad("surrogate", "Title?\r\xED\xA0\x80", 10, LEAFLET_EUTF8, 2, 1);
    parse_bad("above 10FFFF", "ab \xF4\x90\x80\x80", 7, LEAFLET_EUTF8, 1, 4);
    parse_bad("F5", "\xF5\x80\x80\x80", 4, LEAFLET_EUTF8, 1, 1);
    parse_bad("FF", "Title?\n\xFF", 8, LEAFLET_EUTF8, 2, 1);
    parse_bad("truncated at end", "Title?\n\xE2\x82", 9, LEAFLET_EUTF8, 2, 1);
    parse_bad("truncated mid", "Title?\nx\xE2\x82" "A", 11, LEAFLET_EUTF8, 2, 2);
    parse_bad("utf8 after bom", "\xEF\xBB\xBF\x80", 4, LEAFLET_EUTF8, 1, 1);
    parse_bad("no heading", "\n\nJust a sentence.\nAnd another.\n", 32, LEAFLET_ENOHEAD, 3,
              1);
    parse_bad("only updated", "Last updated December 2024\n", 27, LEAFLET_ENOHEAD, 1, 1);
    /* Valid multi-byte characters of every length are accepted. */
    struct leaflet *lf = parse_ok("valid utf8",
        "\xC2\xBFQu\xC3\xA9?\n\n\xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xEE\x80\x80.\n");
    if (lf)
        leaflet_free(lf);

    current = "missing file";
    struct leaflet_error err;
    lf = (struct leaflet *)1;
    int rc = leaflet_load("/nonexistent/audioleaf/x.txt", &lf, &err);
    CHECK(rc == LEAFLET_EIO);
    CHECK(lf == NULL);
    CHECK(err.line == 0);
    CHECK(strstr(err.message, "cannot open: No such file or directory") != NULL);
    CHECK(strcmp(leaflet_strerror(LEAFLET_EUTF8), "invalid UTF-8") == 0);

    /* Larger than any leaflet: refused before reading the bytes (none are touched). */
    current = "too big";
    lf = (struct leaflet *)1;
    rc = leaflet_parse("x", (size_t)LEAFLET_MAX_BYTES + 1, &lf, &err);
    CHECK(rc == LEAFLET_ETOOBIG);
    CHECK(lf == NULL);
    CHECK(err.line == 0 && strstr(err.message, "too large") != NULL);
}

static void test_no_buffer_overread(void)
{
    /* The parser must not read past LEN: give it a buffer with no NUL at the end. */
    const char src[] = "Title?\n\nText without a final newline";
    size_t n = sizeof src - 1;
    char *buf = malloc(n);
    if (!buf)
        return;
    memcpy(buf, src, n);
    struct leaflet *lf = NULL;
    struct leaflet_error err;
    current = "no NUL";
    CHECK(leaflet_parse(buf, n, &lf, &err) == 0);
    if (lf) {
        CHECK_STR(lf->sections[0].paragraphs[0], "Text without a final newline");
        leaflet_free(lf);
    }
    free(buf);
}

static void test_many_sections_ids(void)
{
    size_t cap = 200000, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return;
    for (int i = 1; i <= 2000; i++)
        len += (size_t)snprintf(buf + len, cap - len, "Question %d?\n\nAnswer %d.\n- a?\n- b?\n\n",
                                i, i);
    struct leaflet *lf = NULL;
    struct leaflet_error err;
    current = "many sections";
    CHECK(leaflet_parse(buf, len, &lf, &err) == 0);
    if (lf) {
        CHECK(lf->n_sections == 2000);
        CHECK_STR(lf->sections[1999].id, "s2000");
        CHECK_STR(lf->sections[1999].items[1].id, "s2000.q2");
        CHECK_STR(lf->sections[1999].paragraphs[0], "Answer 2000.");
        leaflet_free(lf);
    }
    free(buf);
}


/* Check section SEC's paragraph K: its text, first line and the items written before it. */
static void expect_para(const struct leaflet_section *sec, size_t k, const char *text, int line,
                        size_t after)
{
    CHECK(k < sec->n_paragraphs);
    if (k >= sec->n_paragraphs)
        return;
    CHECK_STR(sec->paragraphs[k], text);
    if (sec->paragraph_lines[k] != line || sec->paragraph_after[k] != after) {
        fprintf(stderr, "%s: paragraph %zu: line %d after %zu, want line %d after %zu\n",
                current, k, sec->paragraph_lines[k], sec->paragraph_after[k], line, after);
        failures++;
    }
}

static void test_lead_in_and_written_order(void)
{
    /* A line ending in ':' whose list goes on in lower case is the list's lead-in: it
     * stays in the section; the paragraph after the list stays there too, after it. */
    struct leaflet *lf = parse_ok("lead-in, next block",
        "Your visit\n\nWhat happens?\n\nYou will see a midwife.\n\n"
        "At the clinic you will have:\n\n- a scan\n- a blood test\n\n"
        "Please allow 2 hours.\n\nWhat next?\n\nWe write to you.\n");
    if (lf) {
        CHECK(lf->n_sections == 3);
        if (lf->n_sections == 3) {
            const struct leaflet_section *s = &lf->sections[1];
            CHECK_STR(s->heading, "What happens?");
            CHECK(s->n_paragraphs == 3 && s->n_items == 2);
            expect_para(s, 0, "You will see a midwife.", 5, 0);
            expect_para(s, 1, "At the clinic you will have:", 7, 0);
            expect_para(s, 2, "Please allow 2 hours.", 12, 2);
            CHECK_STR(lf->sections[0].heading, "Your visit");
            CHECK(lf->sections[0].n_paragraphs == 0);
            CHECK(s->items[0].line == 9 && s->items[1].line == 10);
            CHECK_STR(lf->sections[2].heading, "What next?");
        }
        leaflet_free(lf);
    }

    /* The list on the next line of the same block; CRLF; front matter counts in lines. */
    lf = parse_ok("lead-in, same block",
        "---\r\nlanguage: en\r\n---\r\nAbout the scan\r\n\r\nSymptoms include:\r\n"
        "- a fever\r\n- a rash\r\n\r\nCall us if you have them.\r\n");
    if (lf) {
        CHECK(lf->n_sections == 1);
        const struct leaflet_section *s = &lf->sections[0];
        CHECK(s->n_items == 2);
        expect_para(s, 0, "Symptoms include:", 6, 0);
        expect_para(s, 1, "Call us if you have them.", 10, 2);
        leaflet_free(lf);
    }

    /* Headings stay headings: before a capitalised list ("How to listen:", a questions
     * list), a '#' line, a disclaimer, the first heading of the leaflet, a line in the
     * untitled opening section; and text after their list stays after it. */
    lf = parse_ok("headings before lists",
        "Things to bring:\n\n- a pen\n\n# Welcome\n\nThis box reads leaflets.\n\n"
        "How to listen:\n\n- Press 6 to go on.\n- Press 4 to go back.\n\n"
        "Questions to ask:\n- Is it large?\n\n## Before you leave:\n- ask for a copy\n\n"
        "Disclaimer:\n- general information only\n\nThe leaflets follow now.\n");
    if (lf) {
        CHECK(lf->n_sections == 6);
        if (lf->n_sections == 6) {
            CHECK_STR(lf->title, "Things to bring:");
            CHECK(lf->sections[0].n_items == 1);
            CHECK_STR(lf->sections[2].heading, "How to listen:");
            CHECK(lf->sections[2].n_items == 2 && lf->sections[2].n_paragraphs == 0);
            CHECK_STR(lf->sections[3].heading, "Questions to ask:");
            CHECK(lf->sections[3].questions == 1);
            CHECK_STR(lf->sections[4].heading, "Before you leave:");
            CHECK(lf->sections[5].kind == LEAFLET_KIND_DISCLAIMER);
            expect_para(&lf->sections[5], 0, "The leaflets follow now.", 23, 1);
        }
        leaflet_free(lf);
    }
    lf = parse_ok("untitled opening section",
        "Read this first.\n\nYou will need:\n- a pen\n\nWhat is it?\n\nA finding.\n");
    if (lf) {
        CHECK(lf->n_sections == 3);
        if (lf->n_sections == 3) {
            CHECK(lf->sections[0].heading[0] == '\0');
            CHECK_STR(lf->sections[1].heading, "You will need:");
        }
        leaflet_free(lf);
    }

    /* A paragraph between two lists, and a lead-in ending in a full-width colon before an
     * accented lower-case item. */
    lf = parse_ok("between lists",
        "Qu\xC3\xA9 traer\n\nTraiga:\n- su carn\xC3\xA9\n\nTambi\xC3\xA9n puede traer\xEF\xBC\x9A\n"
        "- \xC3\xBAltimos an\xC3\xA1lisis\n- un libro\n\nGracias.\n");
    if (lf) {
        CHECK(lf->n_sections == 1);
        const struct leaflet_section *s = &lf->sections[0];
        CHECK(s->n_items == 3);
        expect_para(s, 0, "Traiga:", 3, 0);
        expect_para(s, 1, "Tambi\xC3\xA9n puede traer\xEF\xBC\x9A", 6, 1);
        expect_para(s, 2, "Gracias.", 10, 3);
        leaflet_free(lf);
    }
}

int main(void)
{
    test_basic_structure();
    test_line_ends_and_bom();
    test_paragraph_spaces();
    test_markdown_headings();
    test_list_markers();
    test_questions_flag();
    test_heading_in_block();
    test_short_line_headings();
    test_items_under_heading();
    test_disclaimer();
    test_updated();
    test_front_matter();
    test_markup_is_text();
    test_text_before_first_heading();
    test_bad_input();
    test_no_buffer_overread();
    test_many_sections_ids();
    test_lead_in_and_written_order();
    if (failures) {
        fprintf(stderr, "test_leaflet: %d check(s) failed\n", failures);
        return 1;
    }
    printf("test_leaflet: all checks passed\n");
    return 0;
}
