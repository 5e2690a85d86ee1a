/* main: the audioleaf command line; finds the subcommand and hands it argv. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"outline", cmd_outline, "print the sections and items of a leaflet (--json)"},
    {"script", cmd_script, "print what will be spoken, one unit a line"},
    {"check", cmd_check, "list what the speech text could not read confidently"},
    {"render", cmd_render, "render every unit into the WAV cache"},
    {"play", cmd_play, "play a leaflet or a library with keypad navigation"},
    {"export", cmd_export, "write phone-line prompts, DAISY talking books, EPUB e-books"},
    {"dtmf", cmd_dtmf, "print the DTMF keys found in a recording"},
    {"voices", cmd_voices, "list the voice profiles"},
    {"stats", cmd_stats, "summarise the opt-in listening log"},
    {"questions", cmd_questions, "print (or --record) the questions the listener marked"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: audioleaf COMMAND [OPTIONS] [FILE...]\n\n"
               "Speaks patient leaflets and lets the listener move through them with a\n"
               "numeric keypad.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\ncommon options: --cache DIR, --quiet, --help, --version\n"
               "'audioleaf COMMAND --help' describes one command; see also audioleaf(1).\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        /* No command: play the bundled library, the main job. */
        char *play_argv[] = {"play", NULL};
        return cmd_play(1, play_argv);
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("audioleaf %s\n", AUDIOLEAF_VERSION);
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name))
            continue;
        /* --version is common to every command. */
        for (int a = 2; a < argc && strcmp(argv[a], "--"); a++) {
            if (!strcmp(argv[a], "--version")) {
                printf("audioleaf %s\n", AUDIOLEAF_VERSION);
                return CLI_EXIT_OK;
            }
        }
        return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "audioleaf: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_EXIT_USAGE;
}
