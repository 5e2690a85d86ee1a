/* cmd_script: the 'audioleaf script' subcommand: prints every spoken unit as
 * "ID<TAB>TEXT", TEXT being exactly what is handed to eSpeak NG. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "leaflet.h"
#include "speech.h"
#include "voice.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: audioleaf script FILE [--voice NAME] [--lang CODE]\n\n"
               "Print what will be spoken, one unit a line: ID, a tab, the text handed\n"
               "to eSpeak NG (template alternatives resolved, symbols in words, lexicon\n"
               "phonemes in [[...]]).\n"
               "  --voice NAME  voice profile whose lexicon is applied (default: the\n"
               "                leaflet's voice, else the language's default profile)\n"
               "  --lang CODE   language of the text, instead of the leaflet's own\n"
               "  --help        this text\n");
}

int cmd_script(int argc, char **argv)
{
    static const struct option opts[] = {
        {"voice", required_argument, NULL, 'v'},
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {"quiet", no_argument, NULL, 'q'},      /* common option; nothing to hush */
        {"cache", required_argument, NULL, 'C'}, /* common option; script uses none */
        {NULL, 0, NULL, 0},
    };
    const char *voice = NULL, *lang = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "v:l:hqC:", opts, NULL)) != -1) {
        switch (c) {
        case 'v':
            voice = optarg;
            break;
        case 'l':
            lang = optarg;
            break;
        case 'q':
        case 'C':
            break;
        case 'h':
            usage(stdout);
            return CLI_EXIT_OK;
        default:
            fprintf(stderr, "audioleaf script: unknown option or missing value: '%s'\n",
                    argv[optind - 1]);
            usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "audioleaf script: %s\n",
                optind >= argc ? "no FILE given" : "only one FILE at a time");
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (lang && (!lang[0] || strlen(lang) >= 16 || strspn(lang,
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != strlen(lang))) {
        fprintf(stderr, "audioleaf script: --lang wants a language code such as 'en'\n");
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
    const char *language = lang ? lang : lf->language;
    struct voice_profile vp;
    char verr[512];
    memset(&vp, 0, sizeof vp);
    const char *name = voice ? voice : lf->voice;
    rc = voice_load(name, language, &vp, verr, sizeof verr);
    if (rc == VOICE_ENOENT && !name) {
        /* No profile for this language: speak without a lexicon. */
        rc = 0;
    } else if (rc) {
        fprintf(stderr, "%s\n", verr[0] ? verr : voice_strerror(rc));
        leaflet_free(lf);
        return CLI_EXIT_FAIL;
    }
    struct speech_lexicon *lex = NULL;
    if (vp.lexicon_text) {
        int line = 0;
        rc = speech_lexicon_parse(vp.lexicon_text, vp.lexicon_len, &lex, &line);
        if (rc) {
            if (rc == SPEECH_ELEXICON)
                fprintf(stderr, "%s:%d:1: %s\n", vp.lexicon_path, line, speech_strerror(rc));
            else
                fprintf(stderr, "audioleaf script: %s\n", speech_strerror(rc));
            voice_clear(&vp);
            leaflet_free(lf);
            return CLI_EXIT_FAIL;
        }
    }
    voice_clear(&vp);
    struct speech_script *s = NULL;
    rc = speech_script_make(lf, language, lex, &s);
    speech_lexicon_free(lex);
    leaflet_free(lf);
    if (rc) {
        fprintf(stderr, "audioleaf script: %s\n", speech_strerror(rc));
        return CLI_EXIT_FAIL;
    }
    for (size_t i = 0; i < s->n_units; i++)
        printf("%s\t%s\n", s->units[i].id, s->units[i].text);
    speech_script_free(s);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "audioleaf script: cannot write the output\n");
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}
