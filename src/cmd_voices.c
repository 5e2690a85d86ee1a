/* cmd_voices: the 'audioleaf voices' subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_voices(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        printf("usage: audioleaf voices ...\n(not built yet)\n");
        return CLI_EXIT_OK;
    }
    fprintf(stderr, "audioleaf voices: not built yet\n");
    return CLI_EXIT_NOTYET;
}
