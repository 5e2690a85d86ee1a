/* cmd_script: the 'audioleaf script' subcommand: prints every spoken unit as
 * "ID<TAB>TEXT", TEXT being exactly what is handed to eSpeak NG. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "spoken.h"

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
    struct cli_spoken_args o;
    int st = cli_spoken_args("script", argc, argv, 1, usage, &o);
    if (st >= 0)
        return st;
    struct spoken sp;
    char err[1200];
    if (spoken_open(o.file, o.voice, o.lang, &sp, err, sizeof err) != SPOKEN_OK) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_FAIL;
    }
    const struct speech_script *s = sp.script;
    for (size_t i = 0; i < s->n_units; i++)
        printf("%s\t%s\n", s->units[i].id, s->units[i].text);
    int rc = o.explain ? script_explain(&sp, stdout) : 0;
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
