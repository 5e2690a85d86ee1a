/* cmd_script: the 'audioleaf script' subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_script(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        printf("usage: audioleaf script ...\n(not built yet)\n");
        return CLI_EXIT_OK;
    }
    fprintf(stderr, "audioleaf script: not built yet\n");
    return CLI_EXIT_NOTYET;
}
