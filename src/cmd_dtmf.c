/* cmd_dtmf: the 'audioleaf dtmf' subcommand: print the DTMF keys found in a recording. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "dtmf.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: audioleaf dtmf FILE.wav [--times]\n\n"
               "Prints the DTMF keys (0-9 * # A-D) found in a recording of any sample rate,\n"
               "on one line separated by spaces (an empty line when there are none).\n"
               "--times  one key a line instead: the tone's start in seconds, a tab, the key.\n");
}

int cmd_dtmf(int argc, char **argv)
{
    const char *path = NULL;
    int times = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return CLI_EXIT_OK;
        } else if (!strcmp(argv[i], "--times")) {
            times = 1;
        } else if (!strcmp(argv[i], "--quiet")) {
            /* nothing else is printed anyway */
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "audioleaf dtmf: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return CLI_EXIT_USAGE;
        } else if (path) {
            fprintf(stderr, "audioleaf dtmf: one recording at a time ('%s')\n", argv[i]);
            return CLI_EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        fprintf(stderr, "audioleaf dtmf: no recording given\n");
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    struct dtmf_keys keys = {0};
    char err[1200];
    int rc = dtmf_find_in_file(path, NULL, &keys, err, sizeof err);
    if (rc) {
        fprintf(stderr, "audioleaf dtmf: %s\n", err);
        return CLI_EXIT_FAIL;
    }
    for (size_t i = 0; i < keys.n; i++) {
        if (times)
            printf("%.3f\t%c\n", keys.keys[i].time, keys.keys[i].key);
        else
            printf(i ? " %c" : "%c", keys.keys[i].key);
    }
    if (!times)
        putchar('\n');
    dtmf_keys_clear(&keys);
    if (fflush(stdout) != 0) {
        perror("audioleaf dtmf: stdout");
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}
