/* cmd_outline: the 'audioleaf outline' subcommand: prints a leaflet's sections and
 * items, as plain numbered lines for people and screen readers or as JSON (cJSON). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "leaflet.h"
#include "spoken.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: audioleaf outline FILE [--json]\n\n"
               "Print the title, sections, paragraphs and list items of a leaflet.\n"
               "The language is the front matter's, else detected from the text, else en.\n"
               "  --json   one JSON object: title, language, language_source, updated,\n"
               "           sections\n"
               "  --help   this text\n");
}

static const char *kind_name(enum leaflet_kind k)
{
    switch (k) {
    case LEAFLET_KIND_QUESTION: return "question";
    case LEAFLET_KIND_DISCLAIMER: return "disclaimer";
    case LEAFLET_KIND_HEADING: break;
    }
    return "heading";
}

/* "declared", "detected" or "default". */
static const char *source_name(enum leaflet_language_source src)
{
    switch (src) {
    case LEAFLET_LANGUAGE_DECLARED: return "declared";
    case LEAFLET_LANGUAGE_DETECTED: return "detected";
    case LEAFLET_LANGUAGE_DEFAULT: break;
    }
    return "default";
}

/* How many of S's items are written before its paragraph K. */
static size_t para_after(const struct leaflet_section *s, size_t k)
{
    return s->paragraph_after ? s->paragraph_after[k] : 0;
}

/* Is paragraph K of S a list's lead-in: ending in ':' with a list item written next? */
static int lead_in(const struct leaflet_section *s, size_t k)
{
    size_t n = strlen(s->paragraphs[k]);
    return n > 0 && s->paragraphs[k][n - 1] == ':' && para_after(s, k) < s->n_items &&
           (k + 1 == s->n_paragraphs || para_after(s, k + 1) > para_after(s, k));
}

/* The section's paragraphs and items in written order: {"type": "paragraph", "index",
 * "line", "lead_in"} and {"type": "item", "id", "line"}.  0, or -1 when out of memory. */
static int add_blocks(cJSON *sec, const struct leaflet_section *s)
{
    cJSON *blocks = cJSON_AddArrayToObject(sec, "blocks");
    if (!blocks)
        return -1;
    size_t p = 0;
    for (size_t k = 0; k <= s->n_items; k++) {
        for (; p < s->n_paragraphs && para_after(s, p) <= k; p++) {
            cJSON *b = cJSON_CreateObject();
            if (!b || !cJSON_AddItemToArray(blocks, b)) {
                cJSON_Delete(b);
                return -1;
            }
            if (!cJSON_AddStringToObject(b, "type", "paragraph") ||
                !cJSON_AddNumberToObject(b, "index", (double)p) ||
                !cJSON_AddNumberToObject(b, "line",
                                         s->paragraph_lines ? s->paragraph_lines[p] : 0) ||
                !cJSON_AddBoolToObject(b, "lead_in", lead_in(s, p)))
                return -1;
        }
        if (k == s->n_items)
            break;
        cJSON *b = cJSON_CreateObject();
        if (!b || !cJSON_AddItemToArray(blocks, b)) {
            cJSON_Delete(b);
            return -1;
        }
        if (!cJSON_AddStringToObject(b, "type", "item") ||
            !cJSON_AddStringToObject(b, "id", s->items[k].id) ||
            !cJSON_AddNumberToObject(b, "line", s->items[k].line))
            return -1;
    }
    return 0;
}

/* Build SPEC §3's object; NULL when out of memory. */
static cJSON *outline_json(const struct leaflet *lf)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *sections = NULL;
    int ok = root && cJSON_AddStringToObject(root, "title", lf->title) &&
             cJSON_AddStringToObject(root, "language", lf->language) &&
             cJSON_AddStringToObject(root, "language_source", source_name(lf->language_source)) &&
             cJSON_AddStringToObject(root, "language_note", lf->language_note) &&
             (lf->updated ? cJSON_AddStringToObject(root, "updated", lf->updated) != NULL
                          : cJSON_AddNullToObject(root, "updated") != NULL) &&
             (sections = cJSON_AddArrayToObject(root, "sections"));
    for (size_t i = 0; ok && i < lf->n_sections; i++) {
        const struct leaflet_section *s = &lf->sections[i];
        cJSON *sec = cJSON_CreateObject();
        if (!sec || !cJSON_AddItemToArray(sections, sec)) {
            cJSON_Delete(sec);
            ok = 0;
            break;
        }
        cJSON *paras = NULL, *items = NULL;
        ok = cJSON_AddStringToObject(sec, "id", s->id) &&
             cJSON_AddStringToObject(sec, "heading", s->heading) &&
             cJSON_AddStringToObject(sec, "kind", kind_name(s->kind)) &&
             (paras = cJSON_AddArrayToObject(sec, "paragraphs")) &&
             (items = cJSON_AddArrayToObject(sec, "items"));
        for (size_t k = 0; ok && k < s->n_paragraphs; k++) {
            cJSON *p = cJSON_CreateString(s->paragraphs[k]);
            ok = p && cJSON_AddItemToArray(paras, p);
            if (p && !ok)
                cJSON_Delete(p);
        }
        for (size_t k = 0; ok && k < s->n_items; k++) {
            cJSON *it = cJSON_CreateObject();
            if (!it || !cJSON_AddItemToArray(items, it)) {
                cJSON_Delete(it);
                ok = 0;
                break;
            }
            ok = cJSON_AddStringToObject(it, "id", s->items[k].id) &&
                 cJSON_AddStringToObject(it, "text", s->items[k].text);
        }
        if (ok)
            ok = add_blocks(sec, s) == 0;
    }
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* The plain form: one line per thing, numbered, no decoration to skip over. */
static void outline_plain(const struct leaflet *lf, FILE *f)
{
    fprintf(f, "Title: %s\n", lf->title);
    fprintf(f, "Language: %s (%s)\n", lf->language, source_name(lf->language_source));
    if (lf->language_note[0])
        fprintf(f, "Language note: %s\n", lf->language_note);
    fprintf(f, "Sections: %zu\n", lf->n_sections);
    for (size_t i = 0; i < lf->n_sections; i++) {
        const struct leaflet_section *s = &lf->sections[i];
        fprintf(f, "\nSection %zu, %s: %s\n", i + 1, kind_name(s->kind),
                s->heading[0] ? s->heading : "(no heading)");
        /* In written order: paragraphs before the list, the list, then any paragraphs
         * written after an item (said where they come). */
        size_t p = 0;
        while (p < s->n_paragraphs && para_after(s, p) == 0)
            p++;
        if (p)
            fprintf(f, "  %zu paragraph%s\n", p, p == 1 ? "" : "s");
        if (s->n_items)
            fprintf(f, "  %zu %s:\n", s->n_items, s->questions ? "questions" : "items");
        for (size_t k = 0; k < s->n_items; k++) {
            fprintf(f, "  %zu.%zu %s\n", i + 1, k + 1, s->items[k].text);
            size_t first = p;
            while (p < s->n_paragraphs && para_after(s, p) <= k + 1)
                p++;
            if (p > first)
                fprintf(f, "  then %zu paragraph%s\n", p - first, p - first == 1 ? "" : "s");
        }
    }
    if (lf->updated)
        fprintf(f, "\nLast updated: %s\n", lf->updated);
}

int cmd_outline(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {"quiet", no_argument, NULL, 'q'},      /* common option; nothing to hush */
        {"cache", required_argument, NULL, 'C'}, /* common option; outline uses none */
        {NULL, 0, NULL, 0},
    };
    int json = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "jhqC:", opts, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = 1;
            break;
        case 'q':
        case 'C':
            break;
        case 'h':
            usage(stdout);
            return CLI_EXIT_OK;
        default:
            cli_option_error("outline", argv, "jhqC:", opts);
            usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "audioleaf outline: %s\n",
                optind >= argc ? "no FILE given" : "only one FILE at a time");
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *path = argv[optind];
    struct leaflet *lf = NULL;
    struct leaflet_error err;
    int rc = leaflet_load(path, &lf, &err);
    if (rc) {
        char msg[1200];
        leaflet_error_format(path, rc, &err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        return CLI_EXIT_FAIL;
    }
    if (spoken_settle_language(lf)) {
        fprintf(stderr, "audioleaf outline: out of memory\n");
        leaflet_free(lf);
        return CLI_EXIT_FAIL;
    }
    if (json) {
        cJSON *root = outline_json(lf);
        char *text = root ? cJSON_Print(root) : NULL;
        cJSON_Delete(root);
        if (!text) {
            fprintf(stderr, "audioleaf outline: out of memory\n");
            leaflet_free(lf);
            return CLI_EXIT_FAIL;
        }
        printf("%s\n", text);
        cJSON_free(text);
    } else {
        outline_plain(lf, stdout);
    }
    leaflet_free(lf);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "audioleaf outline: cannot write the output\n");
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}
