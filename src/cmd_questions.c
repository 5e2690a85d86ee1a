/* cmd_questions: the 'audioleaf questions' subcommand: the questions the listener marked
 * in a leaflet (3 while a question plays), as plain text for large print or a braille
 * embosser, and with --record as a short WAV file to play at the appointment. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "cache.h"
#include "cli.h"
#include "marks.h"
#include "out.h"
#include "resume.h"
#include "spoken.h"
#include "voice.h"
#include "wav.h"

#define GAP_MS 600 /* silence between two questions in the recording */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: audioleaf questions FILE [--record OUT.wav] [--voice NAME] [--lang CODE]\n\n"
            "Print the questions the listener marked in FILE's questions-to-ask list (3\n"
            "while a question plays marks or unmarks it), numbered, as plain text for\n"
            "large print or a braille embosser: the leaflet's title, the list's heading,\n"
            "then one question a line.\n"
            "  --record OUT.wav  also speak them into OUT.wav (\"Your marked questions\",\n"
            "                    then each question), at the listener's saved speed\n"
            "  --voice NAME      voice profile for --record (default: as play chooses)\n"
            "  --lang CODE       language of the text, instead of the leaflet's own\n"
            "  --cache DIR       the WAV cache (default $XDG_CACHE_HOME/audioleaf)\n"
            "  --quiet           print nothing on stdout\n"
            "  --help            this text\n"
            "Exit status: 0, also when none is marked; 1 when the leaflet cannot be read,\n"
            "has no questions list, or --record has nothing to record or cannot write;\n"
            "2 for a bad command line.\n");
}

/* Speak TEXT with V into the recording REC, then GAP_MS of silence.  0 or -1 (said). */
static int record_text(struct cache *c, const struct voice_profile *v, const char *text,
                       struct out_file *rec, const char *path)
{
    struct cache_entry e;
    memset(&e, 0, sizeof e);
    int rc = cache_fetch(c, v, text, &e);
    if (rc != CACHE_OK) {
        fprintf(stderr, "audioleaf questions: cannot speak '%s': %s\n", text,
                cache_strerror(rc));
        return -1;
    }
    struct wav_data w;
    memset(&w, 0, sizeof w);
    int wrc = wav_read(e.path, &w);
    if (wrc != WAV_OK)
        fprintf(stderr, "audioleaf questions: %s: %s\n", e.path, wav_strerror(wrc));
    cache_entry_clear(&e);
    if (wrc != WAV_OK)
        return -1;
    size_t gap = (size_t)w.rate * GAP_MS / 1000;
    int16_t *silence = calloc(gap ? gap : 1, sizeof *silence);
    int orc = silence ? out_file_write(rec, w.samples, w.n_frames) : OUT_ENOMEM;
    if (orc == OUT_OK)
        orc = out_file_write(rec, silence, gap);
    free(silence);
    wav_data_free(&w);
    if (orc != OUT_OK) {
        fprintf(stderr, "audioleaf questions: cannot write %s: %s\n", path,
                strerror(out_file_error(rec) ? out_file_error(rec) : ENOMEM));
        return -1;
    }
    return 0;
}

/* Record the marked questions (MARKED, N items of section Q) of SP, read from FILE, into
 * PATH, at the speed the listener last chose for FILE.  0, or -1 (said on stderr). */
static int record(const struct spoken *sp, const char *file, long q, const unsigned char *marked,
                  size_t n, const char *path, const char *cache_dir)
{
    struct cache *c = NULL;
    char err[1200];
    if (cache_open_err(cache_dir, &c, err, sizeof err) != CACHE_OK) {
        fprintf(stderr, "audioleaf questions: cannot use the cache folder: %s\n", err);
        return -1;
    }
    struct voice_profile v = sp->voice;
    struct resume_state rs;
    if (resume_load(file, &rs) == RESUME_OK && rs.rate > 0)
        v.rate = rs.rate;
    struct out_file *rec = NULL;
    int rc = -1;
    /* The first text tells the engine's rate: the file's. */
    struct nav_effect mine = {.kind = NAV_FX_SAY, .say = NAV_SAY_MINE};
    char intro[256];
    announce_text(sp->language, &mine, NULL, intro, sizeof intro);
    struct cache_entry e;
    memset(&e, 0, sizeof e);
    int frc = cache_fetch(c, &v, intro, &e);
    if (frc != CACHE_OK) {
        fprintf(stderr, "audioleaf questions: cannot speak: %s\n", cache_strerror(frc));
        goto done;
    }
    int rate = e.rate;
    cache_entry_clear(&e);
    if (out_file_open(path, rate, &rec, err, sizeof err) != OUT_OK) {
        fprintf(stderr, "audioleaf questions: %s\n", err);
        goto done;
    }
    if (record_text(c, &v, intro, rec, path))
        goto done;
    const struct speech_script *sc = sp->script;
    for (size_t u = 0; u < sc->n_units; u++) {
        const struct speech_unit *su = &sc->units[u];
        if (su->kind == SPEECH_UNIT_ITEM && su->section == (size_t)q && su->item < n &&
            marked[su->item] && record_text(c, &v, su->text, rec, path))
            goto done;
    }
    rc = 0;
done:
    if (rec && out_file_close(rec, rc == 0) != OUT_OK && rc == 0) {
        fprintf(stderr, "audioleaf questions: cannot write %s\n", path);
        rc = -1;
    }
    cache_close(c);
    return rc;
}

int cmd_questions(int argc, char **argv)
{
    static const struct option opts[] = {
        {"record", required_argument, NULL, 'r'}, {"voice", required_argument, NULL, 'v'},
        {"lang", required_argument, NULL, 'l'},   {"cache", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *rec = NULL, *voice = NULL, *lang = NULL, *cache_dir = NULL;
    int quiet = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "r:v:l:C:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            rec = optarg;
            break;
        case 'v':
            voice = optarg;
            break;
        case 'l':
            lang = optarg;
            break;
        case 'C':
            cache_dir = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return CLI_EXIT_OK;
        default:
            cli_option_error("questions", argv, "r:v:l:C:qh", opts);
            usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "audioleaf questions: %s\n",
                optind >= argc ? "no FILE given" : "only one FILE at a time");
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (lang && !voice_language_code_ok(lang)) {
        fprintf(stderr, "audioleaf questions: --lang wants a language code such as 'en'\n");
        return CLI_EXIT_USAGE;
    }
    if (voice && !voice_exists(voice)) {
        fprintf(stderr, "audioleaf questions: --voice: no voice profile '%s' in %s\n", voice,
                voice_dir());
        return CLI_EXIT_USAGE;
    }
    const char *file = argv[optind];
    struct spoken sp;
    char err[1200];
    if (spoken_open(file, voice, lang, &sp, err, sizeof err) != SPOKEN_OK) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_FAIL;
    }
    long q = leaflet_questions_section(sp.lf);
    if (q < 0) {
        fprintf(stderr, "audioleaf questions: %s: the leaflet has no list of questions\n", file);
        spoken_close(&sp);
        return CLI_EXIT_FAIL;
    }
    const struct leaflet_section *sec = &sp.lf->sections[q];
    unsigned char *marked = calloc(sec->n_items ? sec->n_items : 1, 1);
    int n = marked ? marks_load(file, sp.lf, marked, sec->n_items) : MARKS_EIO;
    if (n == MARKS_ENOENT)
        n = 0;
    int st = CLI_EXIT_OK;
    if (n < 0) {
        int e = errno;
        char mf[4200];
        if (marks_file(file, mf, sizeof mf) != MARKS_OK)
            snprintf(mf, sizeof mf, "%s", file);
        if (n == MARKS_EIO)
            fprintf(stderr, "audioleaf questions: %s: %s: %s\n", mf, marks_strerror(n),
                    strerror(e ? e : EIO));
        else
            fprintf(stderr, "audioleaf questions: %s: %s\n", mf, marks_strerror(n));
        st = CLI_EXIT_FAIL;
    } else if (!quiet) {
        printf("%s\n%s\n\n", sp.lf->title ? sp.lf->title : file, sec->heading);
        for (size_t i = 0, k = 0; i < sec->n_items; i++) {
            if (marked[i])
                printf("%zu. %s\n", ++k, sec->items[i].text);
        }
        if (n == 0) {
            struct nav_effect none = {.kind = NAV_FX_SAY, .say = NAV_SAY_NO_MARKED};
            char text[256];
            announce_text(sp.language, &none, NULL, text, sizeof text);
            printf("%s\n", text);
        }
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "audioleaf questions: cannot write the output\n");
            st = CLI_EXIT_FAIL;
        }
    }
    if (st == CLI_EXIT_OK && rec) {
        if (n == 0) {
            fprintf(stderr, "audioleaf questions: %s: no questions marked: nothing to record\n",
                    file);
            st = CLI_EXIT_FAIL;
        } else if (record(&sp, file, q, marked, sec->n_items, rec, cache_dir)) {
            st = CLI_EXIT_FAIL;
        }
    }
    free(marked);
    spoken_close(&sp);
    return st;
}
