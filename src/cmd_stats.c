/* cmd_stats: the 'audioleaf stats' subcommand: a summary of the opt-in listening log per
 * leaflet and section. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "stats.h"

static const char usage_text[] =
    "usage: audioleaf stats [--log FILE] [--json]\n"
    "\n"
    "Summarises the listening log per leaflet and section: how often each was started,\n"
    "finished and skipped (left before its end by a key), and the time listened.\n"
    "The log is off by default: 'audioleaf play --log' or AUDIOLEAF_LOG=1 switches it on\n"
    "(AUDIOLEAF_LOG=0 off).  It holds no personal data: leaflet, unit, seconds heard,\n"
    "finished or skipped, and the hour (UTC).\n"
    "\n"
    "options:\n"
    "  --log FILE  the log to read (default $XDG_STATE_HOME/audioleaf/listening.jsonl)\n"
    "  --json      one JSON object instead of plain lines\n"
    "\n"
    "A damaged line (or one longer than 64 KiB) is reported as FILE:LINE:COL and skipped.\n";

int cmd_stats(int argc, char **argv)
{
    const char *log = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage_text, stdout);
            return CLI_EXIT_OK;
        } else if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--quiet")) {
            /* common option: the summary is all stats prints */
        } else if (!strcmp(argv[i], "--cache") && i + 1 < argc) {
            i++; /* common option: stats uses no cache */
        } else if (!strcmp(argv[i], "--log")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "audioleaf stats: --log needs a FILE\n");
                return CLI_EXIT_USAGE;
            }
            log = argv[++i];
        } else {
            fprintf(stderr, "audioleaf stats: unknown argument '%s' (see --help)\n", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    char path[4096];
    if (!log) {
        int rc = stats_log_path(path, sizeof path);
        if (rc) {
            fprintf(stderr, "audioleaf stats: %s\n", stats_strerror(rc));
            return CLI_EXIT_FAIL;
        }
        log = path;
    }
    struct stats_summary *s = NULL;
    if (stats_summary_new(&s) != STATS_OK) {
        fprintf(stderr, "audioleaf stats: out of memory\n");
        return CLI_EXIT_FAIL;
    }
    size_t bad = 0;
    int rc = stats_add_file(s, log, stderr, &bad);
    if (rc == STATS_ENOTREG) {
        fprintf(stderr, "audioleaf stats: %s: not a regular file (a log is a plain file)\n",
                log);
        stats_summary_free(s);
        return CLI_EXIT_FAIL;
    }
    if (rc == STATS_EIO) {
        if (errno == ENOENT)
            fprintf(stderr,
                    "audioleaf stats: no listening log at %s (logging is off by default: "
                    "'audioleaf play --log' or AUDIOLEAF_LOG=1)\n",
                    log);
        else
            fprintf(stderr, "audioleaf stats: %s: %s\n", log, strerror(errno));
        stats_summary_free(s);
        return CLI_EXIT_FAIL;
    }
    if (rc == STATS_OK)
        rc = stats_summary_print(s, json, stdout);
    stats_summary_free(s);
    if (rc == STATS_OK && fflush(stdout) != 0)
        rc = STATS_EIO;
    if (rc) {
        fprintf(stderr, "audioleaf stats: %s\n", stats_strerror(rc));
        return CLI_EXIT_FAIL;
    }
    if (bad)
        fprintf(stderr, "audioleaf stats: %zu damaged line%s skipped\n", bad, bad == 1 ? "" : "s");
    return CLI_EXIT_OK;
}
