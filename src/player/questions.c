/* player/questions.c: the marked questions of the leaflet being played: loaded with it,
 * shown to nav (doc.marked, each question's number), changed on NAV_FX_MARK and kept at
 * once (src/marks.c), unless --no-resume. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "marks.h"

/* The questions list's items as MARKS numbers them, from the per-unit marks of S. */
static unsigned char *items_of(const struct session *s, size_t *n)
{
    long q = s->doc.questions_section;
    *n = q >= 0 ? s->sp.lf->sections[q].n_items : 0;
    unsigned char *items = calloc(*n ? *n : 1, 1);
    if (!items)
        return NULL;
    for (size_t u = 0; u < s->sp.script->n_units; u++) {
        const struct speech_unit *su = &s->sp.script->units[u];
        if (s->units[u].question > 0 && su->item < *n)
            items[su->item] = s->marked[u];
    }
    return items;
}

int questions_open(struct session *s)
{
    size_t n_units = s->sp.script->n_units;
    s->marked = calloc(n_units, 1);
    if (!s->marked)
        return PLAYER_ENOMEM;
    long q = s->doc.questions_section;
    size_t n_items = q >= 0 ? s->sp.lf->sections[q].n_items : 0;
    /* Number the questions as outline does (7.1, 7.2: the item's place in the list). */
    for (size_t u = 0; u < n_units; u++) {
        const struct speech_unit *su = &s->sp.script->units[u];
        s->units[u].question = su->kind == SPEECH_UNIT_ITEM && q >= 0 &&
                                       su->section == (size_t)q && su->item < n_items
                                   ? su->item + 1
                                   : 0;
    }
    s->doc.n_questions = n_items;
    s->doc.marked = s->marked;
    if (n_items == 0 || s->p->opt.no_resume)
        return PLAYER_OK;
    unsigned char *items = calloc(n_items, 1);
    if (!items)
        return PLAYER_ENOMEM;
    if (marks_load(s->path, s->sp.lf, items, n_items) > 0) {
        for (size_t u = 0; u < n_units; u++) {
            const struct speech_unit *su = &s->sp.script->units[u];
            if (s->units[u].question > 0)
                s->marked[u] = items[su->item];
        }
    }
    free(items);
    return PLAYER_OK;
}

void questions_mark(struct session *s, size_t unit, int on)
{
    if (!s->marked || unit >= s->sp.script->n_units || s->units[unit].question == 0)
        return;
    s->marked[unit] = (unsigned char)(on != 0);
    if (s->p->opt.no_resume)
        return;
    size_t n;
    unsigned char *items = items_of(s, &n);
    if (!items || marks_save(s->path, s->sp.lf, items, n) != MARKS_OK) {
        char file[4200];
        if (marks_file(s->path, file, sizeof file) != MARKS_OK)
            snprintf(file, sizeof file, "the state folder");
        fprintf(stderr, "audioleaf play: cannot keep the marked questions in %s: %s\n", file,
                strerror(items ? errno : ENOMEM));
    }
    free(items);
}
