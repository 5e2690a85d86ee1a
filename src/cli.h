/* cli: the subcommands of the command line; each lives in src/cmd_NAME.c and is
 * called by main.c with argv[0] set to the subcommand name. */
#ifndef AUDIOLEAF_CLI_H
#define AUDIOLEAF_CLI_H

#include <stdio.h>

/* Exit statuses shared by every subcommand. */
enum cli_exit {
    CLI_EXIT_OK = 0,        /* success */
    CLI_EXIT_FAIL = 1,      /* the input or the work failed (message printed) */
    CLI_EXIT_USAGE = 2,     /* bad command line */
};

struct option;

/* After getopt_long(ARGV, SHORTOPTS, LONGOPTS) returned '?' (with opterr 0): print one
 * line "audioleaf CMD: ..." naming the refused option (unknown, ambiguous, missing its
 * value or given one it does not take; a letter inside a cluster such as -rf.txt is
 * named alone) and return CLI_EXIT_USAGE. */
int cli_option_error(const char *cmd, char **argv, const char *shortopts,
                     const struct option *longopts);

/* The options of a command that reads one leaflet aloud (script, check). */
struct cli_spoken_args {
    const char *file;  /* the leaflet */
    const char *voice; /* --voice, or NULL */
    const char *lang;  /* --lang, or NULL */
    int quiet;         /* --quiet */
    int explain;       /* --explain (only when asked for) */
};

/* Read CMD's command line: FILE, --voice (a profile that exists), --lang (a valid code),
 * the common --quiet and --cache, and --explain when WITH_EXPLAIN.  Returns -1 with *OUT
 * filled when the command should go on; otherwise the exit status to return at once:
 * CLI_EXIT_OK after --help (USAGE printed to stdout), CLI_EXIT_USAGE after a one-line
 * message naming what is wrong (and USAGE on stderr for a bad option or FILE count). */
int cli_spoken_args(const char *cmd, int argc, char **argv, int with_explain,
                    void (*usage)(FILE *), struct cli_spoken_args *out);

int cmd_outline(int argc, char **argv);
int cmd_script(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_play(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_dtmf(int argc, char **argv);
int cmd_voices(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_questions(int argc, char **argv);

struct spoken;
/* `script --explain`: print, for every piece of SP's leaflet, what each speech rule
 * changed ("UNIT<TAB>RULE<TAB>'written' -> 'said'", then "<TAB>doubt: why" when the
 * reading may be wrong) to OUT.  Returns the count of lines, or -1 when out of memory. */
int script_explain(const struct spoken *sp, FILE *out);

#endif
