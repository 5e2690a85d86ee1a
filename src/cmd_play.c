/* cmd_play: the 'audioleaf play' subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_play(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        printf("usage: audioleaf play ...\n(not built yet)\n");
        return CLI_EXIT_OK;
    }
    fprintf(stderr, "audioleaf play: not built yet\n");
    return CLI_EXIT_NOTYET;
}
