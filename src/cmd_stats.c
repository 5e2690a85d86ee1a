/* cmd_stats: the 'audioleaf stats' subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_stats(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        printf("usage: audioleaf stats ...\n(not built yet)\n");
        return CLI_EXIT_OK;
    }
    fprintf(stderr, "audioleaf stats: not built yet\n");
    return CLI_EXIT_NOTYET;
}
