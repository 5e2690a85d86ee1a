/* cmd_render: the 'audioleaf render' subcommand: speaks every unit of one or more
 * leaflets into the WAV cache with worker processes, optionally printing a manifest. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "announce.h"
#include "cache.h"
#include "cli.h"
#include "leafdir.h"
#include "regfile.h"
#include "render.h"
#include "speech.h"
#include "spoken.h"
#include "voice.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: audioleaf render FILE... [--voice NAME] [--lang CODE] [--rate WPM]\n"
               "                       [--jobs N] [--manifest] [--verify] [--cache DIR]\n"
               "                       [--quiet]\n\n"
               "Speak every unit of each leaflet into the WAV cache (units already there\n"
               "are checked and reused).  A FILE that is a folder means every *.txt in it.\n"
               "The player's announcements in each leaflet's language and voice are\n"
               "rendered too, so that 'audioleaf play DIR' never waits for them.\n"
               "  --voice NAME  voice profile (default: the leaflet's voice, else the\n"
               "                profile of its language, else en); see 'audioleaf voices'\n"
               "  --lang CODE   language of the text, instead of the leaflet's own\n"
               "  --rate WPM    speaking rate in words per minute (80-450), instead of\n"
               "                the profile's\n"
               "  --jobs N      worker processes (default: one per core)\n"
               "  --manifest    print one JSON object per unit: id, path, frames, rate,\n"
               "                cached\n"
               "  --verify      read every cached entry and check its audio in full (by\n"
               "                default an entry unchanged on disk since its last full\n"
               "                check is not read again; playing always checks in full)\n"
               "  --cache DIR   cache folder (default $XDG_CACHE_HOME/audioleaf)\n"
               "  --quiet       no summary on stderr\n"
               "  --help        this text\n");
}

/* One leaflet being rendered. */
struct doc {
    char *path;
    struct spoken sp; /* the leaflet, its language, voice and script */
    size_t first;     /* index of its first unit in the job list */
    char *title;      /* the title as spoken (owned) */
};

/* Announcement texts to render, each with its voice. */
struct says {
    char **text; /* owned */
    const struct voice_profile **voice;
    size_t n, cap;
};

/* Add TEXT for V unless it is there already.  Returns 0 or -1 (out of memory). */
static int add_say(struct says *a, const char *text, const struct voice_profile *v)
{
    if (!*text)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->voice[i]->rate == v->rate && !strcmp(a->voice[i]->name, v->name) &&
            !strcmp(a->text[i], text))
            return 0;
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 64;
        char **t = realloc(a->text, cap * sizeof *t);
        if (t)
            a->text = t;
        const struct voice_profile **vv = realloc(a->voice, cap * sizeof *vv);
        if (vv)
            a->voice = vv;
        if (!t || !vv)
            return -1;
        a->cap = cap;
    }
    if (!(a->text[a->n] = strdup(text)))
        return -1;
    a->voice[a->n++] = v;
    return 0;
}

/* The announcements 'play' may need at once for leaflet K of N_DOCS, as src/player/ words
 * them: level names, ends, pause, help, no questions, the leaflet level, "Leaflet K of N"
 * alone and followed by the title, how to open it, the end of the library, (the first
 * leaflet's voice says it) the library's welcome, the first seconds' "Press star for help",
 * "from the beginning", the title alone and "Continuing at section N of M, HEADING" for each
 * section.  Not "where am I" and new speeds: their words hold live figures.  Returns 0 or -1
 * (out of memory). */
static int add_announcements(const struct doc *d, size_t k, size_t n_docs, struct says *a)
{
    char text[1024];
    struct nav_effect e = {.kind = NAV_FX_SAY};
    for (int say = 0; say < NAV_SAY_COUNT; say++) {
        if (say == NAV_SAY_WHERE || say == NAV_SAY_RATE)
            continue;
        e.say = (enum nav_say)say;
        for (int v = 0; v < (say == NAV_SAY_LEVEL ? NAV_LEVEL_COUNT : 1); v++) {
            e.arg[0] = v;
            if (announce_text(d->sp.language, &e, NULL, text, sizeof text) == ANNOUNCE_OK &&
                add_say(a, text, &d->sp.voice))
                return -1;
        }
    }
    static const enum announce_orient orient[] = {ANNOUNCE_HELP_HINT, ANNOUNCE_AGAIN};
    for (size_t i = 0; i < sizeof orient / sizeof orient[0]; i++) {
        if (announce_orient_text(d->sp.language, orient[i], 0, 0, NULL, text, sizeof text) ==
                ANNOUNCE_OK &&
            add_say(a, text, &d->sp.voice))
            return -1;
    }
    const struct leaflet *lf = d->sp.lf;
    for (size_t i = 0; i < lf->n_sections; i++) {
        /* As src/player/orient.c says it: the heading as spoken. */
        const char *h = lf->sections[i].heading ? lf->sections[i].heading : "";
        char *spoken = speech_text(h, d->sp.language, d->sp.lex);
        int rc = announce_orient_text(d->sp.language, ANNOUNCE_CONTINUING, (long)i + 1,
                                      (long)lf->n_sections, spoken ? spoken : h, text,
                                      sizeof text) == ANNOUNCE_OK
                     ? add_say(a, text, &d->sp.voice)
                     : 0;
        free(spoken);
        if (rc)
            return -1;
    }
    size_t tl = d->title ? strlen(d->title) : 0;
    if (tl > 0) {
        /* As the player's title alone (src/player/orient.c), ended like a sentence. */
        snprintf(text, sizeof text, "%s%s", d->title,
                 strchr(".?!:", d->title[tl - 1]) ? "" : ".");
        if (add_say(a, text, &d->sp.voice))
            return -1;
    }
    for (int w = ANNOUNCE_LEAFLETS; w < ANNOUNCE_LIBRARY_COUNT; w++) {
        if (w == ANNOUNCE_WELCOME && k != 0)
            continue;
        long arg = w == ANNOUNCE_WELCOME ? (long)n_docs : (long)k + 1;
        if (announce_library_text(d->sp.language, (enum announce_library)w, arg, (long)n_docs,
                                  text, sizeof text) != ANNOUNCE_OK)
            continue;
        if (add_say(a, text, &d->sp.voice))
            return -1;
        /* As the player's append_title(): " TITLE", ended like a sentence. */
        size_t n = strlen(text), t = d->title ? strlen(d->title) : 0;
        if (w == ANNOUNCE_LEAFLET_N && t > 0) {
            snprintf(text + n, sizeof text - n, " %s%s", d->title,
                     strchr(".?!:", d->title[t - 1]) ? "" : ".");
            if (add_say(a, text, &d->sp.voice))
                return -1;
        }
    }
    return 0;
}

/* Append PATH, or every *.txt in it when it is a folder, to *LIST.  Returns 0 or -1. */
static int add_paths(const char *path, char ***list, size_t *n, size_t *cap)
{
    struct stat st;
    char **found = NULL;
    size_t nf = 0;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        char **all = NULL;
        size_t n_all = 0;
        if (leafdir_list(path, &all, &n_all) != 0) {
            fprintf(stderr, "%s: %s\n", path, strerror(errno));
            return -1;
        }
        found = all;
        for (size_t i = 0; i < n_all; i++) {
            /* A FIFO, device or folder named *.txt is not a leaflet: reading it could
             * block for ever. */
            struct stat est;
            if (stat(all[i], &est) == 0 && !S_ISREG(est.st_mode)) {
                fprintf(stderr, "audioleaf render: %s: %s; skipped\n", all[i],
                        regfile_strerror(S_ISDIR(est.st_mode) ? EISDIR : REGFILE_ENOTREG));
                free(all[i]);
                continue;
            }
            found[nf++] = all[i];
        }
        if (nf == 0) {
            fprintf(stderr, "%s: no *.txt leaflets in this folder\n", path);
            free(found);
            return -1;
        }
    } else {
        found = malloc(sizeof *found);
        if (!found || !(found[0] = strdup(path))) {
            free(found);
            return -1;
        }
        nf = 1;
    }
    for (size_t i = 0; i < nf; i++) {
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            char **nl = realloc(*list, *cap * sizeof *nl);
            if (!nl) {
                for (size_t j = i; j < nf; j++)
                    free(found[j]);
                free(found);
                return -1;
            }
            *list = nl;
        }
        (*list)[(*n)++] = found[i];
    }
    free(found);
    return 0;
}

/* Parse PATH, pick its voice (RATE, when not 0, instead of the profile's), build its
 * script.  Prints FILE:LINE:COL errors. */
static int prepare(struct doc *d, const char *voice, const char *lang, int rate)
{
    char err[1200];
    if (spoken_open(d->path, voice, lang, &d->sp, err, sizeof err) != SPOKEN_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    if (rate)
        d->sp.voice.rate = rate;
    const char *title = d->sp.lf->title;
    d->title = title ? speech_text(title, d->sp.language, d->sp.lex) : NULL;
    return 0;
}

static int print_manifest(const struct doc *docs, size_t n_docs, const struct render_result *res)
{
    for (size_t k = 0; k < n_docs; k++) {
        const struct doc *d = &docs[k];
        for (size_t i = 0; i < d->sp.script->n_units; i++) {
            const struct render_result *r = &res[d->first + i];
            cJSON *o = cJSON_CreateObject();
            if (!o)
                return -1;
            if (n_docs > 1)
                cJSON_AddStringToObject(o, "leaflet", d->path);
            cJSON_AddStringToObject(o, "id", d->sp.script->units[i].id);
            cJSON_AddStringToObject(o, "path", r->path);
            cJSON_AddNumberToObject(o, "frames", (double)r->n_frames);
            cJSON_AddNumberToObject(o, "rate", r->rate);
            cJSON_AddBoolToObject(o, "cached", r->cached);
            char *line = cJSON_PrintUnformatted(o);
            cJSON_Delete(o);
            if (!line)
                return -1;
            puts(line);
            cJSON_free(line);
        }
    }
    return 0;
}

int cmd_render(int argc, char **argv)
{
    static const struct option opts[] = {
        {"voice", required_argument, NULL, 'v'},
        {"lang", required_argument, NULL, 'l'},
        {"rate", required_argument, NULL, 'r'},
        {"jobs", required_argument, NULL, 'j'},
        {"manifest", no_argument, NULL, 'm'},
        {"verify", no_argument, NULL, 'V'},
        {"cache", required_argument, NULL, 'c'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *voice = NULL, *lang = NULL, *cache_path = NULL;
    int rate = 0, jobs = 0, manifest = 0, quiet = 0, verify = 0, c;
    char *end;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "v:l:r:j:mc:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'v':
            voice = optarg;
            break;
        case 'l':
            lang = optarg;
            break;
        case 'r': {
            long x = strtol(optarg, &end, 10);
            if (end == optarg || *end || x < VOICE_RATE_MIN || x > VOICE_RATE_MAX) {
                fprintf(stderr, "audioleaf render: --rate wants words per minute, 80-450\n");
                return CLI_EXIT_USAGE;
            }
            rate = (int)x;
            break;
        }
        case 'j': {
            long x = strtol(optarg, &end, 10);
            if (end == optarg || *end || x < 1 || x > 64) {
                fprintf(stderr, "audioleaf render: --jobs wants a number, 1-64\n");
                return CLI_EXIT_USAGE;
            }
            jobs = (int)x;
            break;
        }
        case 'm':
            manifest = 1;
            break;
        case 'V':
            verify = 1;
            break;
        case 'c':
            cache_path = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return CLI_EXIT_OK;
        default:
            cli_option_error("render", argv, "v:l:r:j:mc:qh", opts);
            usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "audioleaf render: no FILE given\n");
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (lang && !voice_language_code_ok(lang)) {
        fprintf(stderr, "audioleaf render: --lang wants a language code such as 'en'\n");
        return CLI_EXIT_USAGE;
    }
    if (voice && !voice_exists(voice)) {
        fprintf(stderr, "audioleaf render: --voice: no voice profile '%s' in %s (see "
                "'audioleaf voices')\n", voice, voice_dir());
        return CLI_EXIT_USAGE;
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* Past a file size limit, let write() fail with EFBIG (a clear error, the temp file
     * removed) rather than the process die from SIGXFSZ. */
    signal(SIGXFSZ, SIG_IGN);
    int status = CLI_EXIT_FAIL;
    char **paths = NULL;
    size_t n_paths = 0, cap = 0, n_docs = 0, n_units = 0;
    struct doc *docs = NULL;
    struct render_job *todo = NULL;
    struct render_result *res = NULL;
    struct says says = {0};
    struct cache *cache = NULL;
    for (int i = optind; i < argc; i++)
        if (add_paths(argv[i], &paths, &n_paths, &cap) != 0)
            goto out;
    docs = calloc(n_paths, sizeof *docs);
    if (!docs)
        goto out;
    for (size_t i = 0; i < n_paths; i++) {
        docs[i].path = paths[i];
        n_docs++;
        if (prepare(&docs[i], voice, lang, rate) != 0)
            goto out;
        docs[i].first = n_units;
        n_units += docs[i].sp.script->n_units;
    }
    for (size_t k = 0; k < n_docs; k++)
        if (add_announcements(&docs[k], k, n_docs, &says) != 0) {
            fprintf(stderr, "audioleaf render: out of memory\n");
            goto out;
        }
    /* The units, then the announcements (after the units in the results too). */
    todo = calloc(n_units + says.n + 1, sizeof *todo);
    res = calloc(n_units + says.n + 1, sizeof *res);
    if (!todo || !res) {
        fprintf(stderr, "audioleaf render: out of memory\n");
        goto out;
    }
    for (size_t k = 0; k < n_docs; k++)
        for (size_t i = 0; i < docs[k].sp.script->n_units; i++)
            todo[docs[k].first + i] =
                (struct render_job){&docs[k].sp.voice, docs[k].sp.script->units[i].text};
    for (size_t i = 0; i < says.n; i++)
        todo[n_units + i] = (struct render_job){says.voice[i], says.text[i]};
    char cerr[1200];
    int rc = cache_open_err(cache_path, &cache, cerr, sizeof cerr);
    if (rc) {
        fprintf(stderr, "audioleaf render: cache %s\n", cerr[0] ? cerr : cache_strerror(rc));
        goto out;
    }
    rc = render_jobs(cache, todo, n_units + says.n, jobs, verify ? RENDER_VERIFY : 0, res);
    if (rc == RENDER_ECACHE) {
        /* The first failure in full, then how many more (usually the same cause). */
        size_t failed = 0;
        for (size_t k = 0; k < n_docs; k++)
            for (size_t i = 0; i < docs[k].sp.script->n_units; i++) {
                const struct render_result *r = &res[docs[k].first + i];
                if (r->status == CACHE_OK || failed++)
                    continue;
                fprintf(stderr, "audioleaf render: %s: unit %s: %s%s%s%s%s\n", docs[k].path,
                        docs[k].sp.script->units[i].id, cache_strerror(r->status),
                        r->status == CACHE_EIO ? ": " : "",
                        r->status == CACHE_EIO    ? strerror(r->err)
                        : r->status == CACHE_ETTS ? " (is espeak-ng-data installed?)"
                                                  : "",
                        r->status == CACHE_EVOICE ? ": espeak_voice = " : "",
                        r->status == CACHE_EVOICE ? docs[k].sp.voice.espeak_voice : "");
            }
        for (size_t i = 0; i < says.n; i++)
            if (res[n_units + i].status != CACHE_OK && !failed++)
                fprintf(stderr, "audioleaf render: announcement '%s': %s\n", says.text[i],
                        cache_strerror(res[n_units + i].status));
        if (failed > 1)
            fprintf(stderr, "audioleaf render: %zu more units failed\n", failed - 1);
        goto out;
    }
    if (rc) {
        fprintf(stderr, "audioleaf render: %s\n", render_strerror(rc));
        goto out;
    }
    if (manifest && print_manifest(docs, n_docs, res) != 0) {
        fprintf(stderr, "audioleaf render: out of memory\n");
        goto out;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "audioleaf render: cannot write the output\n");
        goto out;
    }
    if (!quiet) {
        size_t fresh = 0;
        double seconds = 0;
        for (size_t i = 0; i < n_units; i++) {
            fresh += !res[i].cached;
            if (res[i].rate > 0)
                seconds += (double)res[i].n_frames / res[i].rate;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        size_t says_fresh = 0;
        for (size_t i = 0; i < says.n; i++)
            says_fresh += !res[n_units + i].cached;
        fprintf(stderr,
                "audioleaf render: %zu leaflet%s, %zu units (%zu rendered, %zu from "
                "the cache), %.0f s of speech, in %.2f s; cache %s\n"
                "audioleaf render: %zu announcements for the player (%zu rendered)\n",
                n_docs, n_docs == 1 ? "" : "s", n_units, fresh, n_units - fresh, seconds, took,
                cache_dir(cache), says.n, says_fresh);
    }
    status = CLI_EXIT_OK;
out:
    cache_close(cache);
    free(todo);
    free(res);
    for (size_t i = 0; i < says.n; i++)
        free(says.text[i]);
    free(says.text);
    free(says.voice);
    for (size_t k = 0; k < n_docs; k++) {
        free(docs[k].title);
        spoken_close(&docs[k].sp);
    }
    free(docs);
    for (size_t i = 0; i < n_paths; i++)
        free(paths[i]);
    free(paths);
    return status;
}
