/* cmd_dtmf: the 'audioleaf dtmf' subcommand: print the DTMF keys found in a recording. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dtmf.h"
#include "input_dtmf.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: audioleaf dtmf FILE.wav [--times]\n"
               "       audioleaf dtmf --listen [--device NAME] [--seconds N]\n\n"
               "Prints the DTMF keys (0-9 * # A-D) found in a recording, on one line\n"
               "separated by spaces (an empty line when there are none).  Any WAV libsndfile\n"
               "reads (PCM of 8 to 32 bits, float, G.711) at any rate; several channels are\n"
               "mixed down to their mean; long files are read in blocks.  spandsp's ITU-T\n"
               "Q.24 receiver, after soxr resampling to 8 kHz.\n"
               "  --times       one key a line instead: the tone's start in seconds, a tab,\n"
               "                the key\n"
               "  --listen      hear the keys on an audio input instead (as 'play --dtmf'\n"
               "                does) and print each on its own line as it comes\n"
               "  --device NAME the input device (default: the default input)\n"
               "  --seconds N   stop after N seconds of captured sound (default: never)\n");
}

/* Print keys heard on the input DEVICE for SECONDS of captured sound (< 0: forever). */
static int listen_keys(const char *device, double seconds)
{
    void *h;
    char err[512];
    if (input_dtmf.open(device, &h, err, sizeof err) != INPUT_OK) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_FAIL;
    }
    int rc = CLI_EXIT_OK;
    double left_ms = seconds * 1000.0;
    while (seconds < 0 || left_ms > 0) {
        int step = seconds < 0 || left_ms > 100 ? 100 : (int)left_ms + 1;
        struct input_event ev;
        if (input_dtmf.next(h, step, &ev) != INPUT_OK) {
            fprintf(stderr, "audioleaf dtmf: the input failed\n");
            rc = CLI_EXIT_FAIL;
            break;
        }
        if (ev.kind == INPUT_KEY) {
            printf("%s\n", ev.key);
            fflush(stdout);
        } else {
            left_ms -= step;
        }
    }
    input_dtmf.close(h);
    return rc;
}

int cmd_dtmf(int argc, char **argv)
{
    const char *path = NULL, *device = NULL;
    int times = 0, listening = 0;
    double seconds = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return CLI_EXIT_OK;
        } else if (!strcmp(argv[i], "--times")) {
            times = 1;
        } else if (!strcmp(argv[i], "--listen")) {
            listening = 1;
        } else if (!strcmp(argv[i], "--device") && i + 1 < argc) {
            device = argv[++i];
        } else if (!strcmp(argv[i], "--seconds") && i + 1 < argc) {
            char *end;
            seconds = strtod(argv[++i], &end);
            if (*end || !(seconds > 0)) {
                fprintf(stderr, "audioleaf dtmf: --seconds wants a positive number\n");
                return CLI_EXIT_USAGE;
            }
        } else if (!strcmp(argv[i], "--quiet")) {
            /* nothing else is printed anyway */
        } else if (!strcmp(argv[i], "--cache") && i + 1 < argc) {
            i++; /* common option; dtmf uses no cache */
        } else if (!strcmp(argv[i], "--device") || !strcmp(argv[i], "--seconds") ||
                   !strcmp(argv[i], "--cache")) {
            fprintf(stderr, "audioleaf dtmf: option '%s' needs a value\n", argv[i]);
            usage(stderr);
            return CLI_EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "audioleaf dtmf: unknown option '%s' (see --help)\n", argv[i]);
            usage(stderr);
            return CLI_EXIT_USAGE;
        } else if (path) {
            fprintf(stderr, "audioleaf dtmf: one recording at a time ('%s')\n", argv[i]);
            return CLI_EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    if (listening && !path)
        return listen_keys(device, seconds);
    if (!path || listening) {
        fprintf(stderr, "audioleaf dtmf: %s\n",
                path ? "a recording or --listen, not both" : "no recording given");
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
