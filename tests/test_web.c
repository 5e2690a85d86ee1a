/* test_web: the web export's writers over a model built by hand (no rendering): the page's
 * HTML (structure, escaping, one span per sentence in order), its data script (units,
 * item-level elements, questions section), the announcements a page offers (speeds both
 * ways, where am I per section and item, time left up to the slowest speed), the index,
 * and the built-in player files (the repository's own). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "announce.h"
#include "export/web.h"
#include "check.h"

static struct export_sentence S(const char *text, size_t part, double b, double e)
{
    struct export_sentence s = {(char *)text, part, b, e};
    return s;
}

/* A leaflet: the title section (heading + one paragraph of two sentences), a section of
 * a heading and two paragraphs, the questions section with two questions and a paragraph
 * after them, the disclaimer, the updated line. */
static struct export_sentence u0[4], u1[4], u2[1], u3[1], u4[1], u5[1], u6[2], u7[1];
static struct export_unit units[8];
static struct export_model model;

static void unit(size_t i, const char *id, enum export_unit_kind k, const char *heading,
                 size_t parts, int has_heading, struct export_sentence *s, size_t n)
{
    struct export_unit *u = &units[i];
    memset(u, 0, sizeof *u);
    snprintf(u->id, sizeof u->id, "%s", id);
    u->kind = k;
    u->heading = (char *)heading;
    u->n_parts = parts;
    u->has_heading = has_heading;
    u->sentences = s;
    u->n_sentences = n;
    u->rate = 22050;
    u->seconds = s[n - 1].end;
    u->n_frames = (size_t)(u->seconds * 22050);
}

static void build(void)
{
    u0[0] = S("What is <b>this</b> & that?", 0, 0, 1.5);
    u0[1] = S("It is a test.", 1, 1.5, 3);
    u0[2] = S("It says \"hello\".", 1, 3, 4.5);
    unit(0, "s1", EXPORT_UNIT_TITLE, "What is <b>this</b> & that?", 2, 1, u0, 3);
    u1[0] = S("How is it done?", 0, 0, 1);
    u1[1] = S("First paragraph here.", 1, 1, 2);
    u1[2] = S("Second paragraph, first sentence.", 2, 2, 3);
    u1[3] = S("Second paragraph, second one.", 2, 3, 4);
    unit(1, "s2", EXPORT_UNIT_SECTION, "How is it done?", 3, 1, u1, 4);
    u2[0] = S("What should I ask?", 0, 0, 1);
    unit(2, "s3", EXPORT_UNIT_SECTION, "What should I ask?", 1, 1, u2, 1);
    u3[0] = S("Is it safe?", 0, 0, 1);
    unit(3, "s3-q1", EXPORT_UNIT_QUESTION, NULL, 1, 0, u3, 1);
    u4[0] = S("How long does it take?", 0, 0, 1.25);
    unit(4, "s3-q2", EXPORT_UNIT_QUESTION, NULL, 1, 0, u4, 1);
    u5[0] = S("Write your questions down.", 0, 0, 1);
    unit(5, "s3-p1", EXPORT_UNIT_PARAGRAPH, NULL, 1, 0, u5, 1);
    u6[0] = S("Disclaimer", 0, 0, 1);
    u6[1] = S("This is not advice.", 1, 1, 2);
    unit(6, "s4", EXPORT_UNIT_DISCLAIMER, "Disclaimer", 2, 1, u6, 2);
    u7[0] = S("Last updated March 2025", 0, 0, 2);
    unit(7, "updated", EXPORT_UNIT_UPDATED, NULL, 1, 0, u7, 1);
    memset(&model, 0, sizeof model);
    model.title = "What is <b>this</b> & that?";
    snprintf(model.language, sizeof model.language, "en");
    snprintf(model.name, sizeof model.name, "test-leaflet");
    snprintf(model.voice, sizeof model.voice, "en-Clear");
    model.units = units;
    model.n_units = 8;
    model.seconds = 300; /* as if: five minutes at the voice's speed */
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static const struct web_say *find(const struct web_says *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!strcmp(s->say[i].key, key))
            return &s->say[i];
    }
    return NULL;
}

static void test_html(void)
{
    char *h = web_page_html(&model, 1);
    CHECK(h != NULL);
    if (!h)
        return;
    CHECK(strstr(h, "<html lang=\"en\">") != NULL);
    CHECK(strstr(h, "<title>What is &lt;b&gt;this&lt;/b&gt; &amp; that?</title>") != NULL);
    CHECK(strstr(h, "<b>") == NULL); /* markup is shown, never obeyed */
    CHECK(strstr(h, "It says &quot;hello&quot;.") != NULL);
    /* The title is the one h1 and holds the title unit's heading sentence. */
    CHECK(count(h, "<h1") == 1);
    CHECK(strstr(h, "<h1 id=\"title\"><span class=\"s\" id=\"u0s0\">What is") != NULL);
    /* Every sentence once, in the model's order. */
    const char *at = h;
    for (size_t u = 0; u < model.n_units; u++) {
        for (size_t s = 0; s < units[u].n_sentences; s++) {
            char id[64];
            snprintf(id, sizeof id, "id=\"u%zus%zu\"", u, s);
            CHECKF(count(h, id) == 1, "%s appears %zu times", id, count(h, id));
            const char *p = strstr(h, id);
            CHECKF(p && p > at, "%s out of order", id);
            if (p)
                at = p;
        }
    }
    /* Sections, the questions list, the paragraph after it, the disclaimer. */
    CHECK(count(h, "<section") == count(h, "</section>"));
    CHECK(strstr(h, "<h2 id=\"h1\"><span class=\"s\" id=\"u1s0\">How is it done?") &&
          strstr(h, "<h2 id=\"h2\">") && strstr(h, "<h2 id=\"h6\">") &&
          count(h, "<h2") == 5); /* the three, the player's and the help's */
    CHECK(count(h, "<ol class=\"questions\">") == 1 && count(h, "</ol>") == 1);
    CHECK(count(h, "<li>") == 2);
    const char *ol_end = strstr(h, "</ol>"), *after = strstr(h, "id=\"u5s0\"");
    CHECK(ol_end && after && after > ol_end);
    CHECK(strstr(h, "class=\"disclaimer\"") != NULL);
    CHECK(strstr(h, "<p class=\"updated\">") != NULL);
    /* The player: an application region with focus, a skip link to it, a live region,
     * twelve labelled keys, the help dialog, the link back to the index. */
    CHECK(strstr(h, "<a class=\"skip\" href=\"#player\">") != NULL);
    CHECK(strstr(h, "id=\"player\" role=\"application\" tabindex=\"0\"") != NULL);
    CHECK(strstr(h, "role=\"status\" aria-live=\"polite\"") != NULL);
    CHECK(count(h, "<button type=\"button\" data-cmd=") == 12);
    CHECK(strstr(h, "data-cmd=\"prev\"><span class=\"key\">4</span> <span class=\"label\">"
                    "previous</span>") != NULL);
    CHECK(strstr(h, "<dialog id=\"help\"") != NULL);
    CHECK(strstr(h, "<a href=\"index.html\">") != NULL);
    CHECK(strstr(h, "<script src=\"test-leaflet/data.js\"></script>") != NULL);
    CHECK(strstr(h, "<script src=\"player.js\"></script>") != NULL);
    /* Nothing outside the folder: no absolute address anywhere. */
    CHECK(strstr(h, "http:") == NULL && strstr(h, "https:") == NULL && strstr(h, "//") == NULL);
    free(h);
    char *h2 = web_page_html(&model, 0);
    CHECK(h2 && !strstr(h2, "index.html"));
    free(h2);
}

static void test_says_and_data(void)
{
    struct web_rates rates = {160, 80, 450, 20};
    struct web_says says;
    CHECK(web_says_make(&model, &rates, NULL, &says) == 0);
    const struct web_say *w;
    CHECK((w = find(&says, "paused")) && !strcmp(w->shown, "Paused."));
    CHECK((w = find(&says, "level-1")) && !strcmp(w->shown, "Items."));
    CHECK((w = find(&says, "help")) && !strncmp(w->shown, "Keys. 4 and 6", 13));
    /* Speeds: 9 reaches 180 from 160, 7 reaches 160 from 180 and 140 from 160; the ends. */
    CHECK((w = find(&says, "faster-180")) && !strcmp(w->shown, "Faster, 180 words per minute."));
    CHECK((w = find(&says, "slower-160")) && !strcmp(w->shown, "Slower, 160 words per minute."));
    CHECK((w = find(&says, "slower-140")) != NULL);
    CHECK((w = find(&says, "faster-450")) != NULL); /* 440 + 20 clamped */
    CHECK((w = find(&says, "slower-80")) != NULL);  /* 100 - 20 */
    CHECK((w = find(&says, "fastest-450")) && !strcmp(w->shown, "Fastest speed, 450 words "
                                                                "per minute."));
    CHECK((w = find(&says, "slowest-80")) != NULL);
    CHECK(!find(&says, "faster-80") && !find(&says, "slower-450") && !find(&says, "faster-170"));
    /* Where am I: 4 sections; section 2 has two item-level elements (the heading with the
     * first paragraph, then the second paragraph); section 3 its own unit, two questions
     * and the paragraph after them. */
    CHECK((w = find(&says, "where-1")) &&
          !strcmp(w->shown, "Section 1 of 4: What is <b>this</b> & that?"));
    CHECK((w = find(&says, "where-2-1")) &&
          !strcmp(w->shown, "Section 2 of 4: How is it done? Item 1 of 2: First paragraph "
                            "here."));
    CHECK((w = find(&says, "where-2-2")) &&
          !strcmp(w->shown, "Section 2 of 4: How is it done? Item 2 of 2: Second paragraph, "
                            "first sentence."));
    CHECK(!find(&says, "where-2-3"));
    CHECK((w = find(&says, "where-3-3")) && strstr(w->shown, "Item 3 of 4: How long does it "
                                                             "take?"));
    CHECK(find(&says, "where-3-4") && !find(&says, "where-3-5") && find(&says, "where-4"));
    /* The spoken words go through the speech rules (tags skipped, '&' said). */
    CHECK((w = find(&says, "where-1")) && !strstr(w->spoken, "<b>") &&
          strstr(w->spoken, "and"));
    /* Time left: 10..50 s, a minute, then minutes up to 300 s at 80 of 160 wpm = 10. */
    CHECK((w = find(&says, "left-s10")) && !strcmp(w->shown, "10 seconds left."));
    CHECK((w = find(&says, "left-m1")) && !strcmp(w->shown, "About one minute left."));
    CHECK((w = find(&says, "left-m2")) && !strcmp(w->shown, "About 2 minutes left."));
    CHECK(find(&says, "left-m10") && !find(&says, "left-m11") && !find(&says, "left-s60"));

    char *js = web_page_data(&model, &says, &rates);
    CHECK(js && strstr(js, "window.AUDIOLEAF = {"));
    cJSON *d = js ? cJSON_Parse(strstr(js, "{")) : NULL;
    CHECK(d != NULL);
    if (d) {
        CHECK(cJSON_GetObjectItem(d, "rate")->valueint == 160);
        CHECK(cJSON_GetObjectItem(d, "questions")->valueint == 2);
        cJSON *us = cJSON_GetObjectItem(d, "units");
        CHECK(cJSON_GetArraySize(us) == 8);
        cJSON *u1j = cJSON_GetArrayItem(us, 1);
        cJSON *items = cJSON_GetObjectItem(u1j, "items");
        CHECK(cJSON_GetArraySize(items) == 2 && cJSON_GetArrayItem(items, 0)->valueint == 0 &&
              cJSON_GetArrayItem(items, 1)->valueint == 2);
        CHECK(!strcmp(cJSON_GetObjectItem(u1j, "audio")->valuestring, "test-leaflet/s2.mp3"));
        CHECK(!strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(us, 3), "kind")->valuestring,
                      "item"));
        CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(us, 5), "section")->valueint == 2);
        CHECK(!strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(us, 7), "kind")->valuestring,
                      "updated"));
        cJSON *sen = cJSON_GetArrayItem(cJSON_GetObjectItem(u1j, "sentences"), 2);
        CHECK(!strcmp(cJSON_GetObjectItem(sen, "id")->valuestring, "u1s2") &&
              cJSON_GetObjectItem(sen, "begin")->valuedouble == 2.0);
        CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(d, "sections")) == 4);
        cJSON *say = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "say"), "paused");
        CHECK(say && !strcmp(cJSON_GetObjectItem(say, "audio")->valuestring,
                             "say/en-clear/paused.mp3"));
        say = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "say"), "where-2-1");
        CHECK(say && !strcmp(cJSON_GetObjectItem(say, "audio")->valuestring,
                             "test-leaflet/say-where-2-1.mp3"));
        CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(d, "say")) == (int)says.n);
        cJSON_Delete(d);
    }
    free(js);
    web_says_free(&says);
}

static void test_index(void)
{
    struct export_model es = model;
    snprintf(es.language, sizeof es.language, "es");
    snprintf(es.name, sizeof es.name, "folleto");
    es.title = "Qu\xc3\xa9 es";
    struct export_model fr = model;
    snprintf(fr.language, sizeof fr.language, "fr");
    snprintf(fr.name, sizeof fr.name, "feuillet");
    const struct export_model *ms[] = {&model, &es, &fr};
    char *h = web_index_html(ms, 3, "en");
    CHECK(h != NULL);
    if (!h)
        return;
    CHECK(strstr(h, "<li lang=\"es\"><a href=\"folleto.html\" hreflang=\"es\">Qu\xc3\xa9 es</a> "
                    "<span class=\"lang\">(Espa\xc3\xb1ol)</span>") != NULL);
    CHECK(strstr(h, "<a href=\"test-leaflet.html\" hreflang=\"en\">What is &lt;b&gt;") != NULL);
    CHECK(strstr(h, "(fr)") != NULL); /* a language without words here: its code */
    CHECK(strstr(h, "content=\"audioleaf ") && strstr(h, " web export\">"));
    free(h);
}

static void test_assets(void)
{
    const char *src = getenv("AUDIOLEAF_SRC");
    size_t n = 0;
    for (size_t i = 0; web_asset_name(i); i++, n++) {
        size_t len = 0;
        const char *data = web_asset(i, &len);
        char path[4096];
        snprintf(path, sizeof path, "%s/src/export/web/%s", src ? src : ".", web_asset_name(i));
        FILE *f = fopen(path, "rb");
        CHECKF(f != NULL, "%s", path);
        if (!f)
            continue;
        char *buf = malloc(len + 1);
        size_t got = buf ? fread(buf, 1, len + 1, f) : 0;
        fclose(f);
        CHECKF(got == len && !memcmp(buf, data, len), "%s differs from the built-in copy", path);
        free(buf);
    }
    CHECK(n == 2);
    CHECK(web_asset(n, &(size_t){0}) == NULL);
}

static void test_announce_parts(void)
{
    char buf[128];
    CHECK(announce_time_left_text("en", 42, buf, sizeof buf) == 0 &&
          !strcmp(buf, "42 seconds left."));
    CHECK(announce_time_left_text("es", 200, buf, sizeof buf) == 0 &&
          !strcmp(buf, "Quedan unos 3 minutos."));
    CHECK(!strcmp(announce_action_words("en", NAV_CMD_WHERE), "where am I"));
    CHECK(!strcmp(announce_action_words("es", NAV_CMD_PREV), "anterior"));
    /* Swahili names up and down a level only as the pair. */
    CHECK(!strcmp(announce_action_words("sw", NAV_CMD_FINER), "sehemu, vipengele, sentensi"));
    CHECK(announce_action_words("en", NAV_CMD_NONE) == NULL);
    /* A where am I with its time left negative is said without it. */
    struct nav_effect fx = {.kind = NAV_FX_SAY, .say = NAV_SAY_WHERE, .arg = {0, 3, 0, 0, -1}};
    CHECK(announce_where_text("en", &fx, "Heading", NULL, buf, sizeof buf) == 0 &&
          !strcmp(buf, "Section 1 of 3: Heading."));
    fx.arg[4] = 30;
    CHECK(announce_where_text("en", &fx, "Heading", NULL, buf, sizeof buf) == 0 &&
          !strcmp(buf, "Section 1 of 3: Heading. 30 seconds left."));
}

int main(void)
{
    build();
    test_html();
    test_says_and_data();
    test_index();
    test_assets();
    test_announce_parts();
    if (failures)
        fprintf(stderr, "test_web: %d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
