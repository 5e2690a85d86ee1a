/* cmd_dtmf: the 'audioleaf dtmf' subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_dtmf(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        printf("usage: audioleaf dtmf ...\n(not built yet)\n");
        return CLI_EXIT_OK;
    }
    fprintf(stderr, "audioleaf dtmf: not built yet\n");
    return CLI_EXIT_NOTYET;
}
