/* cmd_script: the 'audioleaf script' subcommand: prints every spoken unit as
 * "ID<TAB>TEXT", TEXT being exactly what is handed to eSpeak NG. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "spoken.h"
#include "voice.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: audioleaf script FILE [--voice NAME] [--lang CODE] [--explain]\n\n"
               "Print what will be spoken, one unit a line: ID, a tab, the text handed\n"
               "to eSpeak NG (template alternatives resolved, symbols in words, lexicon\n"
               "phonemes in [[...]]).\n"
               "  --voice NAME  voice profile whose lexicon is applied (default: the\n"
               "                leaflet's voice, else the language's default profile)\n"
               "  --lang CODE   language of the text, instead of the leaflet's own\n"
               "  --explain     after the units, show what each speech rule changed:\n"
               "                UNIT, RULE, 'written' -> 'said' (and why it may be wrong)\n"
               "  --help        this text\n");
}

int cmd_script(int argc, char **argv)
{
    static const struct option opts[] = {
        {"voice", required_argument, NULL, 'v'},
        {"lang", required_argument, NULL, 'l'},
        {"explain", no_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},
        {"quiet", no_argument, NULL, 'q'},      /* common option; nothing to hush */
        {"cache", required_argument, NULL, 'C'}, /* common option; script uses none */
        {NULL, 0, NULL, 0},
    };
    const char *voice = NULL, *lang = NULL;
    int c, explain = 0;
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
        case 'x':
            explain = 1;
            break;
        case 'q':
        case 'C':
            break;
        case 'h':
            usage(stdout);
            return CLI_EXIT_OK;
        default:
            cli_option_error("script", argv, "v:l:hqC:", opts);
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
    if (lang && !voice_language_code_ok(lang)) {
        fprintf(stderr, "audioleaf script: --lang wants a language code such as 'en'\n");
        return CLI_EXIT_USAGE;
    }
    if (voice && !voice_exists(voice)) {
        fprintf(stderr, "audioleaf script: --voice: no voice profile '%s' in %s\n", voice,
                voice_dir());
        return CLI_EXIT_USAGE;
    }
    struct spoken sp;
    char err[1200];
    if (spoken_open(argv[optind], voice, lang, &sp, err, sizeof err) != SPOKEN_OK) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_FAIL;
    }
    const struct speech_script *s = sp.script;
    for (size_t i = 0; i < s->n_units; i++)
        printf("%s\t%s\n", s->units[i].id, s->units[i].text);
    int rc = explain ? script_explain(&sp, stdout) : 0;
    spoken_close(&sp);
    if (rc < 0) {
        fprintf(stderr, "audioleaf script: out of memory\n");
        return CLI_EXIT_FAIL;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "audioleaf script: cannot write the output\n");
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}
