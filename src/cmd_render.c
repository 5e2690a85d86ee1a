/* cmd_render: the 'audioleaf render' subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_render(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        printf("usage: audioleaf render ...\n(not built yet)\n");
        return CLI_EXIT_OK;
    }
    fprintf(stderr, "audioleaf render: not built yet\n");
    return CLI_EXIT_NOTYET;
}
