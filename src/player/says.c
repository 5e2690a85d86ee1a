/* player/says.c: the player's announcements: their words (help, where am I, titles), the
 * printed line, and the cache of their audio at the current speed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "display.h"
#include "internal.h"
#include "leaflet.h"
#include "speech.h"

/* Print "LABEL: TEXT" (LABEL NULL: TEXT alone) as one clean line (src/display.h). */
void says_line(struct session *s, const char *label, const char *text)
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

struct say_audio *says_find(struct session *s, const char *text)
{
    for (size_t i = 0; i < SAY_CACHE; i++) {
        if (s->says[i].text && s->says[i].wpm == s->wpm && !strcmp(s->says[i].text, text))
            return &s->says[i];
    }
    return NULL;
}

void says_store(struct session *s, const char *text, int16_t *samples, size_t n)
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

const char *says_section_heading(const struct session *s, long section)
{
    if (section < 0 || (size_t)section >= s->sp.lf->n_sections)
        return "";
    return s->sp.lf->sections[section].heading;
}

/* Append " TITLE" (as spoken, or as written when SHOWN, ended like a sentence) to the
 * announcement in BUF. */
void says_append_title(struct session *s, char *buf, size_t len, int shown)
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
const char *says_unit_heading(const struct session *s, size_t u)
{
    const struct speech_unit *su = &s->sp.script->units[u];
    return su->kind == SPEECH_UNIT_UPDATED ? NULL : says_section_heading(s, (long)su->section);
}

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
int says_words(struct session *s, const struct nav_effect *e, const char *head, int shown,
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
void says_push_shown(struct session *s, const char *text, const char *shown)
{
    struct clip c = {.kind = CLIP_SAY, .text = strdup(text)};
    if (!c.text)
        return;
    if (shown && strcmp(shown, text))
        c.shown = strdup(shown);
    if (!says_find(s, text))
        units_submit(s, RENDERER_SAY, 0, text, -1); /* before any unit: it is said first */
    clips_push(s, c);
}

void says_push(struct session *s, const char *text)
{
    says_push_shown(s, text, NULL);
}

/* Queue the announcements a key may need, so that they are rendered (or read from
 * the cache) before they are asked for: every one without arguments and the level names.
 * (Where am I has live figures; a new speed is rendered with everything else at it.) */
void says_preload(struct session *s)
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
            if (says_words(s, &e, NULL, 0, text, sizeof text) == ANNOUNCE_OK)
                units_submit(s, RENDERER_SAY, 0, text, say == NAV_SAY_HELP ? 8 : 5);
        }
    }
}
