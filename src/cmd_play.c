/* cmd_play: the 'audioleaf play' subcommand: options, the leaflet or library to play,
 * then the player. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "display.h"
#include "folder.h"
#include "leafdir.h"
#include "input.h"
#include "input_dtmf.h"
#include "input_evdev.h"
#include "leaflet.h"
#include "module.h"
#include "player.h"
#include "regfile.h"
#include "voice.h"

static const char usage_text[] =
    "usage: audioleaf play [FILE|DIR] [--voice NAME] [--lang CODE] [--rate WPM]\n"
    "                      [--keys SCRIPT] [--record OUT.wav] [--device NAME]\n"
    "                      [--no-resume] [--cache DIR] [--quiet] [--stats] [--dtmf]\n"
    "                      [--log] [--idle-reset SECONDS] [--verbose]\n"
    "                      [--input /dev/input/eventN|auto]\n"
    "\n"
    "Speaks a leaflet and lets you move through it with the numeric keypad.\n"
    "With a folder, or no argument (the bundled leaflets), starts at the leaflet level:\n"
    "a welcome, the number of leaflets and each title; 4 / 6 choose a leaflet, 8 (or 5)\n"
    "opens it, 2 at its section level goes back up; its end offers the next one.\n"
    "\n"
    "keys:  4 / 6  previous / next (section, item or sentence)   5  repeat\n"
    "       2 / 8  coarser / finer level    0  pause / resume    1  start\n"
    "       3  questions to ask (during a question: mark it; at the list's start:\n"
    "          the marked ones)    7 / 9  slower / faster    *  help\n"
    "       / (numpad) or # (phone)  where am I    q, Esc  quit\n"
    "       arrows = 4 6 2 8, space = 0, + - = 9 7, ? = *\n"
    "       change them in $XDG_CONFIG_HOME/audioleaf/keys.conf (\"KEY = command\")\n"
    "\n"
    "options:\n"
    "  --voice NAME     voice profile (see 'audioleaf voices')\n"
    "  --lang CODE      language to speak (default: the leaflet's)\n"
    "  --rate WPM       words per minute, 80-450 (default: last chosen, or the voice's)\n"
    "  --keys SCRIPT    keys from a script instead of the keyboard, e.g.\n"
    "                   \"wait=1 6 wait=1.5 q\" (wait=SECONDS counts output time)\n"
    "  --record OUT.wav also write everything played into OUT.wav; with no sound\n"
    "                   card, play into the file alone\n"
    "  --device NAME    PortAudio output device (default: the system default);\n"
    "                   'null' plays into nothing (with --record: the file only),\n"
    "                   'null:realtime' does so at the pace of a sound card\n"
    "  --dtmf           keys from DTMF tones heard on the default audio input\n"
    "                   (a phone line) instead of the keyboard\n"
    "  --input PATH     keys from a USB numeric keypad (evdev), no terminal needed;\n"
    "                   'auto' finds keypads by itself; waits for one to be plugged\n"
    "                   in; a FIFO or file of input_event records replays keys\n"
    "  --no-resume      start at the top; remember nothing (the place, the marked\n"
    "                   questions, that a key was used)\n"
    "  --log            keep the listening log (what was heard, finished or skipped;\n"
    "                   no personal data) in $XDG_STATE_HOME/audioleaf/listening.jsonl;\n"
    "                   also AUDIOLEAF_LOG=1.  'audioleaf stats' summarises it\n"
    "  --idle-reset SECONDS  a library: after this long with no key and nothing\n"
    "                   playing, start again from the welcome, each leaflet at its top\n"
    "                   (a shared device; default 0: never)\n"
    "  --cache DIR      WAV cache (default $XDG_CACHE_HOME/audioleaf)\n"
    "  --quiet          print nothing; no goodbye, no first-time \"press star\"\n"
    "  --verbose        print each unit's id (s7.q2) before its words\n"
    "  --stats          print timings and peak memory on stderr at the end\n"
    "                   (also AUDIOLEAF_STATS=1; AUDIOLEAF_STATS=2: every key)\n";

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The bundled content folder: $AUDIOLEAF_CONTENT; for the program in its build tree the
 * source tree's; for an installed copy its own (PREFIX/bin/../share/audioleaf/content, also
 * when moved), even when the source tree it was built from is still there. */
static const char *content_dir(void)
{
    const char *env = getenv("AUDIOLEAF_CONTENT");
    if (env && *env)
        return env;
    if (module_in_build_tree() && is_dir(AUDIOLEAF_SOURCEDIR "/content"))
        return AUDIOLEAF_SOURCEDIR "/content";
    static char beside[PATH_MAX];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
    if (slash) {
        *slash = '\0';
        int w = snprintf(beside, sizeof beside, "%s/../share/audioleaf/content", exe);
        if (w > 0 && (size_t)w < sizeof beside && is_dir(beside))
            return beside;
    }
    return AUDIOLEAF_DATADIR "/content";
}

/* 1 when the library entry PATH is a leaflet that can be played; else 0 after one warning
 * naming it (without control characters: a file name can hold any byte) and why (a
 * folder or special file, unreadable, or not a leaflet). */
static int playable(const char *path)
{
    char shown[1024];
    display_clean(path, 0, shown, sizeof shown);
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "audioleaf play: skipping %s: %s\n", shown, strerror(errno));
        return 0;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "audioleaf play: skipping %s: %s\n", shown,
                S_ISDIR(st.st_mode) ? "a folder" : "not a regular file");
        return 0;
    }
    struct leaflet *lf = NULL;
    struct leaflet_error le;
    if (leaflet_load(path, &lf, &le) != LEAFLET_OK) {
        if (le.line > 0)
            fprintf(stderr, "audioleaf play: skipping %s:%d:%d: %s\n", shown, le.line, le.column,
                    le.message);
        else
            fprintf(stderr, "audioleaf play: skipping %s: %s\n", shown, le.message);
        return 0;
    }
    leaflet_free(lf);
    return 1;
}

static int need_arg(int argc, char **argv, int i)
{
    if (i + 1 >= argc) {
        fprintf(stderr, "audioleaf play: %s needs a value\n", argv[i]);
        return 0;
    }
    return 1;
}

int cmd_play(int argc, char **argv)
{
    struct player_options opt;
    memset(&opt, 0, sizeof opt);
    opt.t0 = player_now();
    const char *target = NULL;
    const char *stats = getenv("AUDIOLEAF_STATS");
    opt.stats = stats && *stats && strcmp(stats, "0") ? (strcmp(stats, "2") ? 1 : 2) : 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            return CLI_EXIT_OK;
        } else if (!strcmp(a, "--voice") || !strcmp(a, "--lang") || !strcmp(a, "--rate") ||
                   !strcmp(a, "--keys") || !strcmp(a, "--record") || !strcmp(a, "--device") ||
                   !strcmp(a, "--cache") || !strcmp(a, "--input") ||
                   !strcmp(a, "--idle-reset")) {
            if (!need_arg(argc, argv, i))
                return CLI_EXIT_USAGE;
            const char *v = argv[++i];
            if (!strcmp(a, "--voice") && !voice_exists(v)) {
                fprintf(stderr, "audioleaf play: --voice: no voice profile '%s' in %s\n", v,
                        voice_dir());
                return CLI_EXIT_USAGE;
            } else if (!strcmp(a, "--voice"))
                opt.voice = v;
            else if (!strcmp(a, "--lang"))
                opt.lang = v;
            else if (!strcmp(a, "--keys"))
                opt.keys = v;
            else if (!strcmp(a, "--record"))
                opt.record = v;
            else if (!strcmp(a, "--device"))
                opt.device = v;
            else if (!strcmp(a, "--cache"))
                opt.cache_dir = v;
            else if (!strcmp(a, "--input")) {
                opt.input = &input_evdev;
                opt.input_arg = v;
            } else if (!strcmp(a, "--idle-reset")) {
                char *end;
                double t = strtod(v, &end);
                if (end == v || *end || !(t >= 0 && t <= 86400)) {
                    fprintf(stderr,
                            "audioleaf play: --idle-reset must be 0 to 86400 seconds, not "
                            "'%s'\n",
                            v);
                    return CLI_EXIT_USAGE;
                }
                opt.idle_reset = t;
            } else {
                char *end;
                long r = strtol(v, &end, 10);
                if (*end || r < VOICE_RATE_MIN || r > VOICE_RATE_MAX) {
                    fprintf(stderr,
                            "audioleaf play: --rate must be 80 to 450 words per "
                            "minute, not '%s'\n",
                            v);
                    return CLI_EXIT_USAGE;
                }
                opt.rate = (int)r;
            }
        } else if (!strcmp(a, "--dtmf")) {
            opt.input = &input_dtmf;
            opt.input_arg = NULL;
        } else if (!strcmp(a, "--log")) {
            setenv("AUDIOLEAF_LOG", "1", 1); /* read by the player: see stats.h */
        } else if (!strcmp(a, "--no-resume")) {
            opt.no_resume = 1;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            opt.quiet = 1;
        } else if (!strcmp(a, "--verbose")) {
            opt.verbose = 1;
        } else if (!strcmp(a, "--stats")) {
            opt.stats = opt.stats ? opt.stats : 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "audioleaf play: unknown option '%s' (see --help)\n", a);
            return CLI_EXIT_USAGE;
        } else if (target) {
            fprintf(stderr, "audioleaf play: one FILE or DIR only (got '%s' and '%s')\n", target,
                    a);
            return CLI_EXIT_USAGE;
        } else {
            target = a;
        }
    }
    char err[1200] = "";
    if (opt.keys && opt.input) {
        fprintf(stderr,
                "audioleaf play: --keys, --dtmf and --input cannot be used together\n");
        return CLI_EXIT_USAGE;
    }
    if (opt.keys && input_script_check(opt.keys, err, sizeof err) != INPUT_OK) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_USAGE;
    }
    if (!target)
        target = content_dir();
    /* The saved places and the log: refused when another user could write them.  A
     * folder that cannot be made or written is no reason not to listen: saving the place
     * then says why, once. */
    char state[4096];
    if (folder_state(state, sizeof state) == 0 && folder_check(state, err, sizeof err) < 0 &&
        errno == EPERM) {
        fprintf(stderr, "audioleaf play: %s\n", err);
        return CLI_EXIT_FAIL;
    }

    /* The leaflets to play. */
    char **files = NULL;
    size_t n_files = 0;
    if (is_dir(target)) {
        char **found = NULL;
        size_t n_found = 0;
        if (leafdir_list(target, &found, &n_found) != 0 || n_found == 0) {
            fprintf(stderr, "audioleaf play: %s: no leaflets (*.txt) in this folder\n", target);
            return CLI_EXIT_FAIL;
        }
        opt.library = 1;
        /* Only leaflets that can be played count ("Leaflet 2 of 3"); the others are
         * skipped with a warning each. */
        files = calloc(n_found, sizeof *files);
        for (size_t i = 0; files && i < n_found; i++) {
            if (!playable(found[i]))
                continue;
            files[n_files++] = found[i];
            found[i] = NULL;
        }
        leafdir_free(found, n_found);
        if (files && n_files == 0) {
            fprintf(stderr, "audioleaf play: %s: no playable leaflets in this folder\n", target);
            free(files);
            return CLI_EXIT_FAIL;
        }
    } else {
        FILE *f = regfile_fopen(target);
        if (!f) {
            fprintf(stderr, "audioleaf play: cannot open %s: %s\n", target,
                    regfile_strerror(errno));
            return CLI_EXIT_FAIL;
        }
        fclose(f);
        files = calloc(1, sizeof *files);
        if (files && (files[0] = strdup(target)))
            n_files = 1;
    }
    int status = CLI_EXIT_OK;
    if (!files || n_files == 0) {
        fprintf(stderr, "audioleaf play: out of memory\n");
        status = CLI_EXIT_FAIL;
    }

    struct player *p = NULL;
    if (status == CLI_EXIT_OK && player_open(&opt, &p, err, sizeof err) != PLAYER_OK) {
        fprintf(stderr, "%s\n", err);
        status = CLI_EXIT_FAIL;
    }
    for (size_t k = 0; p && k < n_files; k++) {
        if (!files[k]) {
            fprintf(stderr, "audioleaf play: out of memory\n");
            status = CLI_EXIT_FAIL;
            player_close(p);
            p = NULL;
        }
    }
    struct player_result res = {0};
    /* A library starts at its leaflet level; each leaflet goes on from its own place. */
    int prc = !p            ? PLAYER_OK
              : opt.library ? player_library(p, target, files, n_files, err, sizeof err)
                            : player_play(p, files[0], NULL, &res, err, sizeof err);
    if (prc != PLAYER_OK) {
        fprintf(stderr, "%s\n", err);
        status = CLI_EXIT_FAIL;
    }
    if (p && player_close(p) != PLAYER_OK)
        status = CLI_EXIT_FAIL;
    for (size_t k = 0; files && k < n_files; k++)
        free(files[k]);
    free(files);
    return status;
}
