/* cmd_outline: the 'audioleaf outline' subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_outline(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        printf("usage: audioleaf outline ...\n(not built yet)\n");
        return CLI_EXIT_OK;
    }
    fprintf(stderr, "audioleaf outline: not built yet\n");
    return CLI_EXIT_NOTYET;
}
