/* cmd_export: the 'audioleaf export' subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_export(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        printf("usage: audioleaf export ...\n(not built yet)\n");
        return CLI_EXIT_OK;
    }
    fprintf(stderr, "audioleaf export: not built yet\n");
    return CLI_EXIT_NOTYET;
}
