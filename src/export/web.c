/* web: the web export: a leaflet ready to export (export/model.h) written as a static,
 * offline, accessible page with read-along text and the keypad player of player.js. */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "announce.h"
#include "cache.h"
#include "export/book.h"
#include "export/mp3.h"
#include "export/web.h"
#include "export/stage.h"
#include "fileio.h"
#include "nav.h"
#include "speech.h"
#include "spoken.h"
#include "strbuf.h"
#include "voice.h"
#include "wav.h"

/* The speed step of 7 and 9, in words per minute, as the player's (player.c RATE_STEP). */
#define WEB_RATE_STEP 20

/* ------------------------------------------------------------- words ---- */

/* The page's own words (not announcements: those are announce.c's) per language. */
struct web_words {
    const char *lang;
    const char *skip;      /* the skip link to the player */
    const char *player;    /* the player's heading and the application's name */
    const char *hint;      /* how to use the player */
    const char *play, *pause;
    const char *keys;      /* the help dialog's heading */
    const char *close;
    const char *all;       /* the link back to the index */
    const char *section;   /* "Section" in the place line */
    const char *moving;    /* "Moving by" in the place line */
    const char *index;     /* the index page's heading */
    const char *index_intro;
    const char *made;      /* the footer */
    const char *name;      /* the language's name in itself */
};

static const struct web_words web_words_table[] = {
    {
        .lang = "en",
        .skip = "Skip to the player",
        .player = "Listen",
        .hint = "Click here or press Tab to reach the player, then use the number keys "
                "(4 and 6 previous and next, 0 play and pause, star for help), the arrow "
                "keys or the buttons. Tap a sentence to hear it.",
        .play = "Play",
        .pause = "Pause",
        .keys = "Keys",
        .close = "Close",
        .all = "All leaflets",
        .section = "Section",
        .moving = "Moving by",
        .index = "Leaflets to read and listen to",
        .index_intro = "Each leaflet can be read and listened to, with the keyboard, a "
                       "touch screen or a screen reader.",
        .made = "Read aloud by audioleaf with eSpeak NG. Works without a network.",
        .name = "English",
    },
    {
        .lang = "es",
        .skip = "Saltar al reproductor",
        .player = "Escuchar",
        .hint = "Haga clic aqu\xc3\xad o pulse Tab para llegar al reproductor y use las "
                "teclas num\xc3\xa9ricas (4 y 6 anterior y siguiente, 0 reproducir y "
                "pausa, asterisco para la ayuda), las flechas o los botones. Toque una "
                "frase para o\xc3\xadrla.",
        .play = "Reproducir",
        .pause = "Pausa",
        .keys = "Teclas",
        .close = "Cerrar",
        .all = "Todos los folletos",
        .section = "Secci\xc3\xb3n",
        .moving = "Moverse por",
        .index = "Folletos para leer y escuchar",
        .index_intro = "Cada folleto se puede leer y escuchar con el teclado, una pantalla "
                       "t\xc3\xa1" "ctil o un lector de pantalla.",
        .made = "Le\xc3\xad" "do en voz alta por audioleaf con eSpeak NG. Funciona sin red.",
        .name = "Espa\xc3\xb1ol",
    },
    {
        .lang = "sw",
        .skip = "Ruka hadi kicheza sauti",
        .player = "Sikiliza",
        .hint = "Bofya hapa au bonyeza Tab kufikia kicheza sauti, kisha tumia vitufe vya "
                "nambari (4 na 6 iliyotangulia na inayofuata, 0 cheza na simamisha, nyota "
                "kwa msaada), vitufe vya mishale au vitufe vilivyo hapa. Gusa sentensi "
                "kuisikia.",
        .play = "Cheza",
        .pause = "Simamisha",
        .keys = "Vitufe",
        .close = "Funga",
        .all = "Vipeperushi vyote",
        .section = "Sehemu",
        .moving = "Kusogea kwa",
        .index = "Vipeperushi vya kusoma na kusikiliza",
        .index_intro = "Kila kipeperushi kinaweza kusomwa na kusikilizwa kwa kibodi, skrini "
                       "ya kugusa au kisoma skrini.",
        .made = "Kimesomwa kwa sauti na audioleaf kwa eSpeak NG. Kinafanya kazi bila mtandao.",
        .name = "Kiswahili",
    },
};

static const struct web_words *web_words(const char *lang)
{
    const char *code = announce_language(lang);
    for (size_t i = 0; i < sizeof web_words_table / sizeof web_words_table[0]; i++) {
        if (!strcmp(web_words_table[i].lang, code))
            return &web_words_table[i];
    }
    return &web_words_table[0];
}

/* The keypad as the page lays it out (a phone's: 1 2 3 on top) and the keys' commands. */
static const struct {
    const char *key;
    enum nav_cmd cmd;
} keypad[] = {
    {"1", NAV_CMD_START},  {"2", NAV_CMD_COARSER}, {"3", NAV_CMD_QUESTIONS},
    {"4", NAV_CMD_PREV},   {"5", NAV_CMD_REPEAT},  {"6", NAV_CMD_NEXT},
    {"7", NAV_CMD_SLOWER}, {"8", NAV_CMD_FINER},   {"9", NAV_CMD_FASTER},
    {"*", NAV_CMD_HELP},   {"0", NAV_CMD_PAUSE},   {"#", NAV_CMD_WHERE},
};
#define N_KEYPAD (sizeof keypad / sizeof keypad[0])

/* ------------------------------------------------------------ strings ---- */

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        sb_add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_add(b, big, (size_t)n);
    free(big);
}

/* TEXT (NULL: nothing) escaped for HTML text and double-quoted attribute values, as the
 * books' XHTML is (book_xml()). */
static void sb_html(struct sbuf *b, const char *text)
{
    if (text)
        book_xml(b, text);
}

/* The language code for lang="" (BCP 47: "en", "es-419"): letters, digits and '-' of
 * LANG with '_' as '-'; "en" when nothing is left. */
static void html_lang(const char *lang, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = lang ? lang : ""; *p && n + 1 < cap; p++) {
        char c = *p == '_' ? '-' : *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-')
            out[n++] = c;
    }
    out[n] = '\0';
    if (!n)
        snprintf(out, cap, "en");
}

/* -------------------------------------------------------- the model ---- */

/* How navigation sees unit U of M (nav.h's nav_unit_kind). */
static const char *nav_kind(const struct export_unit *u)
{
    switch (u->kind) {
    case EXPORT_UNIT_QUESTION:
    case EXPORT_UNIT_ITEM:
        return "item";
    case EXPORT_UNIT_PARAGRAPH:
        return "paragraph";
    case EXPORT_UNIT_UPDATED:
        return "updated";
    default:
        return "section";
    }
}

static int is_section_unit(const struct export_unit *u)
{
    return !strcmp(nav_kind(u), "section");
}

/* The section (0-based) of each unit: a section, title or disclaimer unit starts one,
 * every other unit belongs to the one before it.  Returns the number of sections. */
static size_t sections_of(const struct export_model *m, size_t *section)
{
    size_t n = 0;
    for (size_t u = 0; u < m->n_units; u++) {
        if (is_section_unit(&m->units[u]) || n == 0)
            n++;
        section[u] = n - 1;
    }
    return n;
}

/* The section of the questions-to-ask list (that of its first question), or -1. */
static long questions_of(const struct export_model *m, const size_t *section)
{
    for (size_t u = 0; u < m->n_units; u++) {
        if (m->units[u].kind == EXPORT_UNIT_QUESTION)
            return (long)section[u];
    }
    return -1;
}

/* First sentence of each part of unit U (sentences are in part order). */
static size_t part_start(const struct export_unit *u, size_t part)
{
    for (size_t s = 0; s < u->n_sentences; s++) {
        if (u->sentences[s].part >= part)
            return s;
    }
    return u->n_sentences;
}

/* The item-level elements of a section unit, as nav.h's item_sentences: the heading and
 * the first paragraph, then one per further paragraph.  Fills FIRST (when not NULL) with
 * the first sentence of each and returns how many there are (at least 1). */
static size_t section_elements(const struct export_unit *u, size_t *first)
{
    size_t n = 0;
    if (first)
        first[n] = 0;
    n++;
    for (size_t p = u->has_heading ? 2 : 1; p < u->n_parts; p++) {
        size_t s = part_start(u, p);
        if (s >= u->n_sentences)
            break;
        if (first)
            first[n] = s;
        n++;
    }
    return n;
}

/* The text of part PART of U: its sentences joined by spaces (new string), NULL when out
 * of memory. */
static char *part_text(const struct export_unit *u, size_t part)
{
    struct sbuf b = {0};
    for (size_t s = 0; s < u->n_sentences; s++) {
        if (u->sentences[s].part != part)
            continue;
        if (b.len)
            sb_str(&b, " ");
        sb_str(&b, u->sentences[s].text);
    }
    return sb_take(&b);
}

/* The written text of item-level element E of unit U, for where am I (the player's
 * where_item()): a list item or paragraph unit whole; in a section unit the paragraph the
 * element is (element 0 is the heading with the first paragraph: the paragraph).  NULL
 * when there is none or out of memory. */
static char *element_text(const struct export_unit *u, size_t e)
{
    if (!is_section_unit(u))
        return part_text(u, 0);
    size_t part = u->has_heading ? e + 1 : e;
    if (part >= u->n_parts)
        return NULL;
    return part_text(u, part);
}

/* ------------------------------------------------------ announcements ---- */

static int says_add(struct web_says *s, const char *key, const char *shown,
                    const struct export_model *m, const struct speech_lexicon *lex)
{
    struct web_say *ns = realloc(s->say, (s->n + 1) * sizeof *ns);
    if (!ns)
        return EXPORT_WEB_ENOMEM;
    s->say = ns;
    struct web_say *w = &s->say[s->n];
    memset(w, 0, sizeof *w);
    snprintf(w->key, sizeof w->key, "%s", key);
    w->shown = strdup(shown);
    w->spoken = speech_text(shown, m->language, lex);
    if (!w->shown || !w->spoken) {
        free(w->shown);
        free(w->spoken);
        return EXPORT_WEB_ENOMEM;
    }
    s->n++;
    return EXPORT_WEB_OK;
}

static int say_fixed(struct web_says *s, const struct export_model *m,
                     const struct speech_lexicon *lex, const char *key, enum nav_say say,
                     long a0, long a1)
{
    struct nav_effect fx = {.kind = NAV_FX_SAY, .say = say, .arg = {a0, a1}};
    char buf[1024];
    announce_text(m->language, &fx, NULL, buf, sizeof buf);
    return says_add(s, key, buf, m, lex);
}

/* The speeds reachable from RATES->rate, as nav.c's step_rate() moves: every step up and
 * down, clamped to the ends.  Fills OUT (ascending) and returns how many. */
static size_t reachable_rates(const struct web_rates *r, int *out, size_t cap)
{
    size_t n = 0;
    int low = r->rate;
    while (low - r->step > r->min)
        low -= r->step;
    if (low != r->min && n < cap)
        out[n++] = r->min;
    for (int v = low; v < r->max && n < cap; v += r->step)
        out[n++] = v;
    if (n < cap)
        out[n++] = r->max;
    return n;
}

int web_says_make(const struct export_model *m, const struct web_rates *rates,
                  const struct speech_lexicon *lex, struct web_says *out)
{
    static const struct {
        const char *key;
        enum nav_say say;
    } fixed[] = {
        {"first-section", NAV_SAY_FIRST_SECTION},
        {"last-section", NAV_SAY_LAST_SECTION},
        {"first-item", NAV_SAY_FIRST_ITEM},
        {"last-item", NAV_SAY_LAST_ITEM},
        {"first-sentence", NAV_SAY_FIRST_SENTENCE},
        {"last-sentence", NAV_SAY_LAST_SENTENCE},
        {"end", NAV_SAY_END},
        {"start", NAV_SAY_START},
        {"paused", NAV_SAY_PAUSED},
        {"no-questions", NAV_SAY_NO_QUESTIONS},
        {"help", NAV_SAY_HELP},
    };
    memset(out, 0, sizeof *out);
    int rc = 0;
    char key[32], buf[1024];
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] && !rc; i++)
        rc = say_fixed(out, m, lex, fixed[i].key, fixed[i].say, 0, 0);
    for (long l = 0; l < NAV_LEVEL_COUNT && !rc; l++) {
        snprintf(key, sizeof key, "level-%ld", l);
        rc = say_fixed(out, m, lex, key, NAV_SAY_LEVEL, l, 0);
    }
    /* Speeds: what 9 says on arriving at each one from below, 7 from above, and either
     * at its end. */
    int r[64];
    size_t nr = reachable_rates(rates, r, sizeof r / sizeof r[0]);
    for (size_t i = 0; i < nr && !rc; i++) {
        if (i > 0) {
            snprintf(key, sizeof key, "faster-%d", r[i]);
            rc = say_fixed(out, m, lex, key, NAV_SAY_RATE, r[i], 1);
        }
        if (i + 1 < nr && !rc) {
            snprintf(key, sizeof key, "slower-%d", r[i]);
            rc = say_fixed(out, m, lex, key, NAV_SAY_RATE, r[i], -1);
        }
    }
    if (!rc) {
        snprintf(key, sizeof key, "fastest-%d", rates->max);
        rc = say_fixed(out, m, lex, key, NAV_SAY_RATE, rates->max, 2);
    }
    if (!rc) {
        snprintf(key, sizeof key, "slowest-%d", rates->min);
        rc = say_fixed(out, m, lex, key, NAV_SAY_RATE, rates->min, -2);
    }
    /* Where am I: each section, and each item-level element of each section. */
    size_t *section = calloc(m->n_units ? m->n_units : 1, sizeof *section);
    if (!section && !rc)
        rc = EXPORT_WEB_ENOMEM;
    size_t n_sections = rc ? 0 : sections_of(m, section);
    for (size_t sec = 0; sec < n_sections && !rc; sec++) {
        const char *heading = "";
        size_t n_items = 0;
        for (size_t u = 0; u < m->n_units; u++) {
            const struct export_unit *eu = &m->units[u];
            if (section[u] != sec || eu->kind == EXPORT_UNIT_UPDATED)
                continue;
            if (is_section_unit(eu)) {
                heading = eu->heading ? eu->heading : "";
                n_items += section_elements(eu, NULL);
            } else {
                n_items++;
            }
        }
        struct nav_effect fx = {.kind = NAV_FX_SAY, .say = NAV_SAY_WHERE,
                                .arg = {(long)sec, (long)n_sections, 0, (long)n_items, -1, 0}};
        announce_where_text(m->language, &fx, heading, NULL, buf, sizeof buf);
        snprintf(key, sizeof key, "where-%zu", sec + 1);
        rc = says_add(out, key, buf, m, lex);
        size_t item = 0;
        for (size_t u = 0; u < m->n_units && !rc; u++) {
            const struct export_unit *eu = &m->units[u];
            if (section[u] != sec || eu->kind == EXPORT_UNIT_UPDATED)
                continue;
            size_t k = is_section_unit(eu) ? section_elements(eu, NULL) : 1;
            for (size_t e = 0; e < k && !rc; e++) {
                char *text = element_text(eu, e);
                fx.arg[2] = (long)++item;
                announce_where_text(m->language, &fx, heading, text, buf, sizeof buf);
                free(text);
                snprintf(key, sizeof key, "where-%zu-%zu", sec + 1, item);
                rc = says_add(out, key, buf, m, lex);
            }
        }
    }
    free(section);
    /* Time left: 10 to 50 seconds, one minute, then each minute up to the whole leaflet
     * at the slowest speed. */
    for (long s = 10; s <= 50 && !rc; s += 10) {
        announce_time_left_text(m->language, s, buf, sizeof buf);
        snprintf(key, sizeof key, "left-s%ld", s);
        rc = says_add(out, key, buf, m, lex);
    }
    double longest = m->seconds * rates->rate / (rates->min > 0 ? rates->min : 1);
    long max_min = (long)((longest + 30) / 60);
    for (long mins = 1; (mins <= 2 || mins <= max_min) && !rc; mins++) {
        announce_time_left_text(m->language, mins * 60, buf, sizeof buf);
        snprintf(key, sizeof key, "left-m%ld", mins);
        rc = says_add(out, key, buf, m, lex);
    }
    if (rc)
        web_says_free(out);
    return rc;
}

void web_says_free(struct web_says *s)
{
    for (size_t i = 0; s && i < s->n; i++) {
        free(s->say[i].shown);
        free(s->say[i].spoken);
    }
    if (s) {
        free(s->say);
        memset(s, 0, sizeof *s);
    }
}

/* -------------------------------------------------------------- pages ---- */

/* The sentences of part PART of unit U as spans the player highlights. */
static void sb_sentences(struct sbuf *b, size_t ui, const struct export_unit *u, size_t part)
{
    int first = 1;
    for (size_t s = 0; s < u->n_sentences; s++) {
        if (u->sentences[s].part != part)
            continue;
        if (!first)
            sb_str(b, " ");
        first = 0;
        sb_printf(b, "<span class=\"s\" id=\"u%zus%zu\">", ui, s);
        sb_html(b, u->sentences[s].text);
        sb_str(b, "</span>");
    }
}

static void sb_head(struct sbuf *b, const char *lang, const char *title)
{
    char code[32];
    html_lang(lang, code, sizeof code);
    sb_printf(b,
              "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<meta name=\"generator\" content=\"audioleaf %s web export\">\n<title>",
              code, AUDIOLEAF_VERSION);
    sb_html(b, title);
    sb_str(b, "</title>\n<link rel=\"stylesheet\" href=\"player.css\">\n</head>\n");
}

char *web_page_html(const struct export_model *m, int index)
{
    const struct web_words *w = web_words(m->language);
    struct sbuf b = {0};
    sb_head(&b, m->language, m->title);
    sb_str(&b, "<body>\n<a class=\"skip\" href=\"#player\">");
    sb_html(&b, w->skip);
    sb_str(&b, "</a>\n");
    if (index) {
        sb_str(&b, "<header><a href=\"index.html\">");
        sb_html(&b, w->all);
        sb_str(&b, "</a></header>\n");
    }
    sb_str(&b, "<main>\n");
    /* The title: the title unit's heading when the leaflet starts with it, else the
     * model's title as a heading of its own. */
    const struct export_unit *t = m->n_units ? &m->units[0] : NULL;
    int title_unit = t && t->kind == EXPORT_UNIT_TITLE && t->has_heading;
    if (title_unit) {
        sb_str(&b, "<h1 id=\"title\">");
        sb_sentences(&b, 0, t, 0);
        sb_str(&b, "</h1>\n");
    } else {
        sb_str(&b, "<h1 id=\"title\">");
        sb_html(&b, m->title);
        sb_str(&b, "</h1>\n");
    }
    sb_str(&b, "<div class=\"layout\">\n<section id=\"player\" role=\"application\" "
               "tabindex=\"0\" aria-labelledby=\"player-title\" aria-describedby=\"hint\">\n"
               "<h2 id=\"player-title\">");
    sb_html(&b, w->player);
    sb_str(&b, "</h2>\n<p class=\"hint\" id=\"hint\">");
    sb_html(&b, w->hint);
    sb_str(&b, "</p>\n<p id=\"place\"></p>\n"
               "<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n"
               "<div class=\"keypad\">\n");
    for (size_t i = 0; i < N_KEYPAD; i++) {
        const char *words = announce_action_words(m->language, keypad[i].cmd);
        sb_printf(&b, "<button type=\"button\" data-cmd=\"%s\"", nav_cmd_name(keypad[i].cmd));
        if (keypad[i].cmd == NAV_CMD_PAUSE) {
            sb_str(&b, " data-play=\"");
            sb_html(&b, w->play);
            sb_str(&b, "\" data-pause=\"");
            sb_html(&b, w->pause);
            sb_str(&b, "\"");
            words = w->play;
        }
        sb_printf(&b, "><span class=\"key\">%s</span> <span class=\"label\">", keypad[i].key);
        sb_html(&b, words ? words : "");
        sb_str(&b, "</span></button>\n");
    }
    sb_str(&b, "</div>\n</section>\n");
    sb_str(&b, "<article id=\"text\" aria-labelledby=\"title\">\n");
    const char *list = NULL; /* the list element open, if any */
    int in_section = 0;
    for (size_t ui = 0; ui < m->n_units; ui++) {
        const struct export_unit *u = &m->units[ui];
        int item = u->kind == EXPORT_UNIT_QUESTION || u->kind == EXPORT_UNIT_ITEM;
        if (list && !item) {
            sb_printf(&b, "</%s>\n", list);
            list = NULL;
        }
        if (is_section_unit(u)) {
            if (in_section)
                sb_str(&b, "</section>\n");
            in_section = 1;
            size_t p = 0;
            if (ui == 0 && title_unit) {
                sb_str(&b, "<section>\n");
                p = 1;
            } else if (u->has_heading) {
                sb_printf(&b, "<section aria-labelledby=\"h%zu\"%s>\n<h2 id=\"h%zu\">", ui,
                          u->kind == EXPORT_UNIT_DISCLAIMER ? " class=\"disclaimer\"" : "",
                          ui);
                sb_sentences(&b, ui, u, 0);
                sb_str(&b, "</h2>\n");
                p = 1;
            } else {
                sb_str(&b, "<section>\n");
            }
            for (; p < u->n_parts; p++) {
                sb_str(&b, "<p>");
                sb_sentences(&b, ui, u, p);
                sb_str(&b, "</p>\n");
            }
        } else if (item) {
            const char *want = u->kind == EXPORT_UNIT_QUESTION ? "ol" : "ul";
            if (list && strcmp(list, want)) {
                sb_printf(&b, "</%s>\n", list);
                list = NULL;
            }
            if (!list) {
                sb_printf(&b, "<%s%s>\n", want,
                          u->kind == EXPORT_UNIT_QUESTION ? " class=\"questions\"" : "");
                list = want;
            }
            sb_str(&b, "<li>");
            sb_sentences(&b, ui, u, 0);
            sb_str(&b, "</li>\n");
        } else {
            sb_printf(&b, "<p%s>", u->kind == EXPORT_UNIT_UPDATED ? " class=\"updated\"" : "");
            for (size_t p = 0; p < u->n_parts; p++) {
                if (p)
                    sb_str(&b, " ");
                sb_sentences(&b, ui, u, p);
            }
            sb_str(&b, "</p>\n");
        }
    }
    if (list)
        sb_printf(&b, "</%s>\n", list);
    if (in_section)
        sb_str(&b, "</section>\n");
    sb_str(&b, "</article>\n</div>\n</main>\n");
    /* Help: the keys and what they do, in a dialog that 'star' opens while it is said. */
    sb_str(&b, "<dialog id=\"help\" aria-labelledby=\"help-title\">\n<h2 id=\"help-title\">");
    sb_html(&b, w->keys);
    sb_str(&b, "</h2>\n<dl>\n");
    static const struct {
        const char *keys;
        enum nav_cmd cmd;
    } help[] = {
        {"4, \xe2\x86\x90", NAV_CMD_PREV},   {"6, \xe2\x86\x92", NAV_CMD_NEXT},
        {"5", NAV_CMD_REPEAT},                 {"2, \xe2\x86\x91", NAV_CMD_COARSER},
        {"8, \xe2\x86\x93", NAV_CMD_FINER},  {"0, Space", NAV_CMD_PAUSE},
        {"1", NAV_CMD_START},                  {"3", NAV_CMD_QUESTIONS},
        {"7, -", NAV_CMD_SLOWER},              {"9, +", NAV_CMD_FASTER},
        {"*, ?", NAV_CMD_HELP},                {"#, /", NAV_CMD_WHERE},
    };
    for (size_t i = 0; i < sizeof help / sizeof help[0]; i++) {
        const char *words = announce_action_words(m->language, help[i].cmd);
        sb_str(&b, "<dt>");
        sb_html(&b, help[i].keys);
        sb_str(&b, "</dt><dd>");
        sb_html(&b, words ? words : "");
        sb_str(&b, "</dd>\n");
    }
    sb_str(&b, "</dl>\n<form method=\"dialog\"><button>");
    sb_html(&b, w->close);
    sb_str(&b, "</button></form>\n</dialog>\n<footer><p>");
    sb_html(&b, w->made);
    sb_str(&b, "</p></footer>\n<audio id=\"leaf-audio\" preload=\"none\"></audio>\n"
               "<audio id=\"say-audio\" preload=\"none\"></audio>\n");
    sb_printf(&b, "<script src=\"%s/data.js\"></script>\n", m->name);
    sb_str(&b, "<script src=\"player.js\"></script>\n</body>\n</html>\n");
    return sb_take(&b);
}

/* ------------------------------------------------------------ data.js ---- */

void web_say_path(const struct export_model *m, const struct web_say *s, char *out,
                  size_t cap)
{
    if (!strncmp(s->key, "where-", 6)) {
        snprintf(out, cap, "%s/say-%s.mp3", m->name, s->key);
        return;
    }
    /* The voice's name as a folder name: [a-z0-9-], "voice" when nothing is left. */
    char voice[64];
    size_t n = 0;
    for (const char *p = m->voice; *p && n + 1 < sizeof voice; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        voice[n++] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '-';
    }
    voice[n] = '\0';
    snprintf(out, cap, "say/%s/%s.mp3", n ? voice : "voice", s->key);
}

static cJSON *say_levels(const struct export_model *m)
{
    cJSON *a = cJSON_CreateArray();
    for (long l = 0; a && l < NAV_LEVEL_COUNT; l++) {
        struct nav_effect fx = {.kind = NAV_FX_SAY, .say = NAV_SAY_LEVEL, .arg = {l}};
        char buf[128];
        announce_text(m->language, &fx, NULL, buf, sizeof buf);
        size_t n = strlen(buf);
        if (n && buf[n - 1] == '.')
            buf[n - 1] = '\0';
        cJSON_AddItemToArray(a, cJSON_CreateString(buf));
    }
    return a;
}

char *web_page_data(const struct export_model *m, const struct web_says *says,
                    const struct web_rates *rates)
{
    const struct web_words *w = web_words(m->language);
    size_t *section = calloc(m->n_units ? m->n_units : 1, sizeof *section);
    size_t *first = NULL;
    cJSON *d = cJSON_CreateObject();
    if (!section || !d) {
        free(section);
        cJSON_Delete(d);
        return NULL;
    }
    size_t n_sections = sections_of(m, section);
    cJSON_AddStringToObject(d, "id", m->name);
    cJSON_AddStringToObject(d, "lang", m->language);
    cJSON_AddNumberToObject(d, "rate", rates->rate);
    cJSON_AddNumberToObject(d, "rateMin", rates->min);
    cJSON_AddNumberToObject(d, "rateMax", rates->max);
    cJSON_AddNumberToObject(d, "rateStep", rates->step);
    cJSON_AddNumberToObject(d, "questions", (double)questions_of(m, section));
    cJSON *words = cJSON_AddObjectToObject(d, "ui");
    if (words) {
        cJSON_AddStringToObject(words, "section", w->section);
        cJSON_AddStringToObject(words, "level", w->moving);
    }
    cJSON_AddItemToObject(d, "levels", say_levels(m));
    cJSON *secs = cJSON_AddArrayToObject(d, "sections");
    for (size_t s = 0; secs && s < n_sections; s++) {
        const char *h = "";
        for (size_t u = 0; u < m->n_units; u++) {
            if (section[u] == s && m->units[u].heading) {
                h = m->units[u].heading;
                break;
            }
        }
        cJSON_AddItemToArray(secs, cJSON_CreateString(h));
    }
    cJSON *units = cJSON_AddArrayToObject(d, "units");
    for (size_t ui = 0; units && ui < m->n_units; ui++) {
        const struct export_unit *u = &m->units[ui];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(units, o)) {
            cJSON_Delete(o);
            break;
        }
        char path[128];
        snprintf(path, sizeof path, "%s/%s.mp3", m->name, u->id);
        cJSON_AddStringToObject(o, "id", u->id);
        cJSON_AddStringToObject(o, "kind", nav_kind(u));
        cJSON_AddNumberToObject(o, "section", (double)section[ui]);
        cJSON_AddStringToObject(o, "audio", path);
        cJSON_AddNumberToObject(o, "duration", u->seconds);
        cJSON *ss = cJSON_AddArrayToObject(o, "sentences");
        for (size_t s = 0; ss && s < u->n_sentences; s++) {
            cJSON *so = cJSON_CreateObject();
            char id[48];
            snprintf(id, sizeof id, "u%zus%zu", ui, s);
            if (!so || !cJSON_AddItemToArray(ss, so)) {
                cJSON_Delete(so);
                break;
            }
            cJSON_AddStringToObject(so, "id", id);
            cJSON_AddNumberToObject(so, "begin", u->sentences[s].begin);
            cJSON_AddNumberToObject(so, "end", u->sentences[s].end);
        }
        if (is_section_unit(u)) {
            free(first);
            first = calloc(u->n_parts + 1, sizeof *first);
            size_t k = first ? section_elements(u, first) : 0;
            cJSON *items = cJSON_AddArrayToObject(o, "items");
            for (size_t i = 0; items && i < k; i++)
                cJSON_AddItemToArray(items, cJSON_CreateNumber((double)first[i]));
        }
    }
    free(first);
    free(section);
    cJSON *say = cJSON_AddObjectToObject(d, "say");
    for (size_t i = 0; say && i < says->n; i++) {
        cJSON *o = cJSON_AddObjectToObject(say, says->say[i].key);
        char path[128];
        web_say_path(m, &says->say[i], path, sizeof path);
        if (o) {
            cJSON_AddStringToObject(o, "text", says->say[i].shown);
            cJSON_AddStringToObject(o, "audio", path);
        }
    }
    char *json = cJSON_PrintUnformatted(d);
    cJSON_Delete(d);
    if (!json)
        return NULL;
    struct sbuf b = {0};
    sb_str(&b, "/* Written by audioleaf export --web: the data of ");
    sb_str(&b, m->name);
    sb_str(&b, ".html for player.js. */\nwindow.AUDIOLEAF = ");
    sb_str(&b, json);
    sb_str(&b, ";\n");
    cJSON_free(json);
    return sb_take(&b);
}

/* -------------------------------------------------------------- index ---- */

char *web_index_html(const struct export_model *const *models, size_t n, const char *lang)
{
    const struct web_words *w = web_words(lang);
    struct sbuf b = {0};
    sb_head(&b, lang, w->index);
    sb_str(&b, "<body>\n<main>\n<h1>");
    sb_html(&b, w->index);
    sb_str(&b, "</h1>\n<p>");
    sb_html(&b, w->index_intro);
    sb_str(&b, "</p>\n<ul class=\"leaflets\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct export_model *m = models[i];
        char code[32];
        html_lang(m->language, code, sizeof code);
        sb_printf(&b, "<li lang=\"%s\"><a href=\"%s.html\" hreflang=\"%s\">", code, m->name,
                  code);
        sb_html(&b, m->title);
        sb_str(&b, "</a>");
        /* The language named in itself; a language without words here by its code. */
        const struct web_words *lw = web_words(m->language);
        size_t cl = strcspn(m->language, "-_");
        int known = strlen(lw->lang) == cl && !strncmp(lw->lang, m->language, cl);
        sb_str(&b, " <span class=\"lang\">(");
        sb_html(&b, known ? lw->name : code);
        sb_str(&b, ")</span></li>\n");
    }
    sb_str(&b, "</ul>\n</main>\n<footer><p>");
    sb_html(&b, w->made);
    sb_str(&b, "</p></footer>\n</body>\n</html>\n");
    return sb_take(&b);
}

/* ------------------------------------------------------------- export ---- */

struct job {
    const struct export_web_options *o;
    char *err;
    size_t errlen;
    char stage[PATH_MAX + 8]; /* where the pages are made: the staging folder's web/ */
    struct cache *cache;
};

static int fail_io(struct job *j, const char *path, const char *what)
{
    snprintf(j->err, j->errlen, "audioleaf export: %s: %s: %s", path, what, strerror(errno));
    return EXPORT_WEB_EIO;
}

/* Write LEN bytes of DATA as the new file PATH (in the staging folder). */
static int write_file(struct job *j, const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail_io(j, path, "cannot create");
    if (fileio_write_all(fd, data, len) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return fail_io(j, path, "cannot write");
    }
    if (close(fd) != 0)
        return fail_io(j, path, "cannot write");
    if (j->o->progress)
        fprintf(j->o->progress, "%s\n", path + strlen(j->stage) + 1);
    return EXPORT_WEB_OK;
}

static int write_text(struct job *j, const char *path, char *text)
{
    if (!text) {
        snprintf(j->err, j->errlen, "audioleaf export: out of memory");
        return EXPORT_WEB_ENOMEM;
    }
    int rc = write_file(j, path, text, strlen(text));
    free(text);
    return rc;
}

static int write_mp3(struct job *j, const char *path, const int16_t *s, size_t n, int rate)
{
    int rc = mp3_write(path, s, n, rate, MP3_LEVEL);
    if (rc) {
        int e = errno;
        snprintf(j->err, j->errlen, "audioleaf export: %s: %s%s%s", path, mp3_strerror(rc),
                 rc == MP3_EIO ? ": " : "", rc == MP3_EIO ? strerror(e) : "");
        return rc == MP3_EIO ? EXPORT_WEB_EIO : EXPORT_WEB_ECACHE;
    }
    if (j->o->progress)
        fprintf(j->o->progress, "%s\n", path + strlen(j->stage) + 1);
    return EXPORT_WEB_OK;
}

/* The announcement S rendered with the voice V (from the cache, rendered on a miss) as
 * the MP3 file PATH. */
static int write_say(struct job *j, const struct voice_profile *v, const struct web_say *s,
                     const char *path)
{
    struct cache_entry ce;
    int rc = cache_fetch(j->cache, v, s->spoken, &ce);
    if (rc) {
        snprintf(j->err, j->errlen, "audioleaf export: announcement '%s': %s", s->key,
                 cache_strerror(rc));
        return EXPORT_WEB_ECACHE;
    }
    struct wav_data w;
    rc = wav_read(ce.path, &w);
    if (rc) {
        snprintf(j->err, j->errlen, "audioleaf export: %s: %s", ce.path, wav_strerror(rc));
        cache_entry_clear(&ce);
        return EXPORT_WEB_ECACHE;
    }
    rc = write_mp3(j, path, w.samples, w.n_frames, w.rate);
    wav_data_free(&w);
    cache_entry_clear(&ce);
    return rc;
}


/* One leaflet's page, data and audio into the staging folder. */
static int export_one(struct job *j, const struct export_model *m, const char *leaflet,
                      int index)
{
    struct spoken sp;
    memset(&sp, 0, sizeof sp);
    /* The voice and lexicon the model was made with, for the announcements. */
    int rc = spoken_open(leaflet, m->voice, m->language, &sp, j->err, j->errlen);
    if (rc)
        return rc == SPOKEN_ENOMEM ? EXPORT_WEB_ENOMEM : EXPORT_WEB_EINPUT;
    struct web_rates rates = {sp.voice.rate, VOICE_RATE_MIN, VOICE_RATE_MAX, WEB_RATE_STEP};
    struct web_says says;
    char path[4400];
    rc = web_says_make(m, &rates, sp.lex, &says);
    if (rc)
        snprintf(j->err, j->errlen, "audioleaf export: out of memory");
    snprintf(path, sizeof path, "%s/%s", j->stage, m->name);
    if (!rc && mkdir(path, 0755) != 0)
        rc = fail_io(j, path, "cannot make the folder");
    for (size_t u = 0; u < m->n_units && !rc; u++) {
        int16_t *samples = NULL;
        size_t n = 0;
        rc = export_model_samples(&m->units[u], &samples, &n, j->err, j->errlen);
        if (rc) {
            rc = rc == EXPORT_MODEL_ENOMEM ? EXPORT_WEB_ENOMEM : EXPORT_WEB_ECACHE;
            break;
        }
        snprintf(path, sizeof path, "%s/%s/%s.mp3", j->stage, m->name, m->units[u].id);
        rc = write_mp3(j, path, samples, n, m->units[u].rate);
        free(samples);
    }
    for (size_t i = 0; i < says.n && !rc; i++) {
        char rel[160];
        web_say_path(m, &says.say[i], rel, sizeof rel);
        snprintf(path, sizeof path, "%s/%s", j->stage, rel);
        /* A clip shared by the leaflets of one voice is written once. */
        if (access(path, F_OK) == 0)
            continue;
        if (strncmp(rel, m->name, strlen(m->name))) {
            char *slash = strrchr(path, '/');
            *slash = '\0';
            int made = fileio_make_dirs(path) == 0;
            *slash = '/';
            if (!made) {
                rc = fail_io(j, path, "cannot make the folder");
                break;
            }
        }
        rc = write_say(j, &sp.voice, &says.say[i], path);
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/%s/data.js", j->stage, m->name);
        rc = write_text(j, path, web_page_data(m, &says, &rates));
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/%s.html", j->stage, m->name);
        rc = write_text(j, path, web_page_html(m, index));
    }
    web_says_free(&says);
    spoken_close(&sp);
    return rc;
}

/* ------------------------------------------------------------ staging ---- */

_Static_assert(EXPORT_WEB_EIO == (int)EXPORT_STAGE_EIO &&
                   EXPORT_WEB_EINPUT == (int)EXPORT_STAGE_EINPUT,
               "the stage's failures are the web export's");

/* An earlier web export: its index.html names this export as its generator. */
static int web_ours(const char *index)
{
    return strstr(index, "<meta name=\"generator\" content=\"audioleaf ") &&
           strstr(index, " web export\">");
}

int export_web(const struct export_web_options *o, char *err, size_t errlen)
{
    struct job j = {.o = o, .err = err, .errlen = errlen};
    if (!o || !o->dir || !o->dir[0] || o->n_leaflets == 0) {
        snprintf(err, errlen, "audioleaf export: no leaflet or no folder to export into");
        return EXPORT_WEB_EINPUT;
    }
    /* DIR must be ours to replace, settled before any work. */
    struct export_stage stage = EXPORT_STAGE_INIT;
    int exists = 0;
    int src = export_stage_where(&stage, o->dir, err, errlen);
    if (src)
        return src;
    switch (export_stage_target_ok(&stage, "index.html", web_ours, &exists)) {
    case EXPORT_STAGE_OK:
        break;
    case EXPORT_STAGE_ENOTDIR:
        snprintf(err, errlen, "audioleaf export: %s: not a folder", o->dir);
        return EXPORT_WEB_EINPUT;
    case EXPORT_STAGE_EFOREIGN:
        snprintf(err, errlen,
                 "audioleaf export: %s: not empty and not a web export of audioleaf: "
                 "left as it is",
                 o->dir);
        return EXPORT_WEB_EINPUT;
    default:
        return fail_io(&j, o->dir, "cannot use");
    }
    struct export_model **models = calloc(o->n_leaflets, sizeof *models);
    if (!models) {
        snprintf(err, errlen, "audioleaf export: out of memory");
        return EXPORT_WEB_ENOMEM;
    }
    int rc = EXPORT_WEB_OK;
    for (size_t i = 0; i < o->n_leaflets && !rc; i++) {
        struct export_model_options mo = {.leaflet = o->leaflets[i],
                                          .language = o->language,
                                          .voice = o->voice,
                                          .cache_dir = o->cache_dir};
        int mrc = export_model_load(&mo, &models[i], err, errlen);
        if (mrc)
            rc = mrc == EXPORT_MODEL_ENOMEM   ? EXPORT_WEB_ENOMEM
                 : mrc == EXPORT_MODEL_ECACHE ? EXPORT_WEB_ECACHE
                                              : EXPORT_WEB_EINPUT;
        for (size_t k = 0; k < i && !rc; k++) {
            if (!strcmp(models[k]->name, models[i]->name)) {
                snprintf(err, errlen, "audioleaf export: %s and %s have the same name '%s'",
                         o->leaflets[k], o->leaflets[i], models[i]->name);
                rc = EXPORT_WEB_EINPUT;
            }
        }
    }
    /* The pages are made in a staging folder beside DIR (export/stage.h), so the last
     * step is a rename on one file system. */
    if (!rc)
        rc = export_stage_begin(&stage, err, errlen);
    if (!rc) {
        snprintf(j.stage, sizeof j.stage, "%s/web", stage.dir);
        if (mkdir(j.stage, 0755) != 0)
            rc = fail_io(&j, j.stage, "cannot make the staging folder");
    }
    if (!rc) {
        char cerr[512];
        int crc = cache_open_err(o->cache_dir, &j.cache, cerr, sizeof cerr);
        if (crc) {
            snprintf(err, errlen, "audioleaf export: %s", cerr);
            rc = EXPORT_WEB_ECACHE;
        }
    }
    int index = 1;
    char path[4400];
    for (size_t i = 0; i < o->n_leaflets && !rc; i++)
        rc = export_one(&j, models[i], o->leaflets[i], index);
    for (size_t i = 0; !rc && web_asset_name(i); i++) {
        size_t len = 0;
        const char *data = web_asset(i, &len);
        snprintf(path, sizeof path, "%s/%s", j.stage, web_asset_name(i));
        rc = write_file(&j, path, data, len);
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/index.html", j.stage);
        rc = write_text(&j, path,
                        web_index_html((const struct export_model *const *)models,
                                       o->n_leaflets, models[0]->language));
    }
    if (!rc)
        rc = export_stage_commit(&stage, j.stage, exists, o->dir, err, errlen);
    export_stage_end(&stage);
    if (j.cache)
        cache_close(j.cache);
    for (size_t i = 0; i < o->n_leaflets; i++)
        export_model_free(models[i]);
    free(models);
    return rc;
}

const char *export_web_strerror(int status)
{
    switch (status) {
    case EXPORT_WEB_OK:
        return "success";
    case EXPORT_WEB_ENOMEM:
        return "out of memory";
    case EXPORT_WEB_EIO:
        return "cannot write the export";
    case EXPORT_WEB_EINPUT:
        return "unusable input";
    case EXPORT_WEB_ECACHE:
        return "a render could not be made or encoded";
    default:
        return "unknown web export error";
    }
}
