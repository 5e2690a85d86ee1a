/* cmd_check: the 'audioleaf check' subcommand, a linter for leaflet writers: it lists,
 * with FILE:LINE:COL, what the speech text could not read confidently and what it will
 * say instead; and script_explain(), which shows what every rule changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "spoken.h"

/* One piece of written text of the leaflet: a heading, paragraph, item or the updated
 * line, with the unit that speaks it and the source line to start looking from. */
struct piece {
    const char *text;
    const char *unit;
    int line;
};

typedef void (*piece_fn)(const struct piece *p, void *arg);

static void for_each_piece(const struct leaflet *lf, piece_fn fn, void *arg)
{
    for (size_t i = 0; i < lf->n_sections; i++) {
        const struct leaflet_section *sec = &lf->sections[i];
        struct piece p = {sec->heading, sec->id, sec->line};
        if (sec->heading && sec->heading[0])
            fn(&p, arg);
        for (size_t k = 0; k < sec->n_paragraphs; k++) {
            p.text = sec->paragraphs[k];
            p.line = sec->paragraph_lines ? sec->paragraph_lines[k] : sec->line;
            fn(&p, arg);
        }
        for (size_t k = 0; k < sec->n_items; k++) {
            struct piece q = {sec->items[k].text, sec->items[k].id, sec->items[k].line};
            fn(&q, arg);
        }
    }
    if (lf->updated_line) {
        struct piece p = {lf->updated_line, "updated", 1};
        fn(&p, arg);
    }
}

/* Where WHAT (N bytes) first occurs in the source at or after line FROM: line and column
 * (bytes, from 1).  Not found (text joined across lines): line FROM, column 1. */
static void locate(const char *src, int from, const char *what, size_t n, int *line, int *col)
{
    *line = from > 0 ? from : 1;
    *col = 1;
    const char *p = src;
    int l = 1;
    while (*p && l < from) {
        if (*p++ == '\n')
            l++;
    }
    for (const char *q = p; n && *q; q++) {
        if (*q == '\n')
            l++;
        if (!strncmp(q, what, n)) {
            const char *bol = q;
            while (bol > src && bol[-1] != '\n')
                bol--;
            *line = l;
            *col = (int)(q - bol) + 1;
            return;
        }
    }
}

struct check_ctx {
    const struct spoken *sp;
    const char *path;
    const char *src; /* the leaflet's text, for positions */
    int explain;     /* 1: every change; 0: only the doubtful ones */
    FILE *out;
    int found;
    int failed;
};

static void check_piece(const struct piece *p, void *arg)
{
    struct check_ctx *c = arg;
    struct speech_notes notes = {0};
    char *said = speech_text_notes(p->text, c->sp->language, c->sp->lex, &notes);
    if (!said) {
        c->failed = 1;
        return;
    }
    for (size_t i = 0; i < notes.n; i++) {
        const struct speech_note *n = &notes.v[i];
        if (!c->explain && !n->doubt)
            continue;
        int line, col;
        locate(c->src ? c->src : "", p->line, p->text + n->offset, n->len, &line, &col);
        if (c->explain)
            fprintf(c->out, "%s\t%s\t'%.*s' -> '%s'%s%s\n", p->unit, n->rule, (int)n->len,
                    p->text + n->offset, n->said, n->doubt ? "\tdoubt: " : "",
                    n->doubt ? n->doubt : "");
        else
            fprintf(c->out, "%s:%d:%d: %s: '%.*s' is said as '%s': %s\n", c->path, line, col,
                    n->rule, (int)n->len, p->text + n->offset, n->said, n->doubt);
        c->found++;
    }
    speech_notes_clear(&notes);
    free(said);
}

/* The leaflet's text, for finding positions (NULL when it cannot be read: then every
 * position is the start of the piece's line). */
static char *read_source(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 0, n = 0, got;
    char *buf = NULL;
    do {
        if (n + 4096 > cap) {
            if (cap > LEAFLET_MAX_BYTES)
                break;
            cap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, cap + 1);
            if (!nb)
                break;
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

int script_explain(const struct spoken *sp, FILE *out)
{
    struct check_ctx c = {sp, "", NULL, 1, out, 0, 0};
    for_each_piece(sp->lf, check_piece, &c);
    return c.failed ? -1 : c.found;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: audioleaf check FILE [--voice NAME] [--lang CODE]\n\n"
               "List what the speech text could not read confidently, for the people who\n"
               "write leaflets: one line each, FILE:LINE:COL: RULE: 'written' is said as\n"
               "'spoken': why it may be wrong (an unknown acronym spelt out, a date that\n"
               "could be either way round, an unknown unit, a number that may be a phone\n"
               "number).  Fix the text or add a lexicon or rules line, then check again.\n"
               "Exit status: 0 nothing doubtful, 1 something to look at (or an error),\n"
               "2 a bad command line.  'audioleaf script --explain' shows every change.\n"
               "  --voice NAME  voice profile whose lexicon is applied\n"
               "  --lang CODE   language of the text, instead of the leaflet's own\n"
               "  --help        this text\n");
}

int cmd_check(int argc, char **argv)
{
    struct cli_spoken_args o;
    int st = cli_spoken_args("check", argc, argv, 0, usage, &o);
    if (st >= 0)
        return st;
    struct spoken sp;
    char err[1200];
    const char *path = o.file;
    if (spoken_open(path, o.voice, o.lang, &sp, err, sizeof err) != SPOKEN_OK) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_FAIL;
    }
    char *src = read_source(path);
    struct check_ctx cc = {&sp, path, src, 0, stdout, 0, 0};
    for_each_piece(sp.lf, check_piece, &cc);
    free(src);
    spoken_close(&sp);
    if (cc.failed) {
        fprintf(stderr, "audioleaf check: out of memory\n");
        return CLI_EXIT_FAIL;
    }
    if (!o.quiet)
        fprintf(stderr, "%s: %d thing%s to look at\n", path, cc.found, cc.found == 1 ? "" : "s");
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "audioleaf check: cannot write the output\n");
        return CLI_EXIT_FAIL;
    }
    return cc.found ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
