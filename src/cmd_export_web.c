/* cmd_export_web: 'audioleaf export FILE|DIR --web DIR': leaflets as static, offline,
 * accessible web pages with read-along text and the keypad player (export/web.h). */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "export/web.h"
#include "voice.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: audioleaf export FILE|DIR --web DIR [--lang CODE] [--voice NAME]\n"
            "                        [--cache DIR] [--quiet]\n\n"
            "Write the leaflet (or every *.txt leaflet of a folder) as web pages a clinic can\n"
            "copy to any web server or USB stick, or open from disk: no server code, no\n"
            "network, nothing fetched from elsewhere.  Each page holds the leaflet's full\n"
            "text, highlights the sentence being read (tap a sentence to hear it), and plays\n"
            "with the player's keys: 4/6 previous/next, 5 repeat, 2/8 sections, items,\n"
            "sentences, 0 pause, 1 start, 3 questions, 7/9 slower/faster, * help, # or /\n"
            "where am I; arrows, space, +/- and ? too; or with its buttons.  The place and\n"
            "speed are remembered in the browser.  Under DIR:\n"
            "  index.html                the leaflets, each in its own language\n"
            "  NAME.html                 one page per leaflet\n"
            "  NAME/data.js              its sentence times and announcements\n"
            "  NAME/*.mp3                its audio and spoken announcements\n"
            "  player.js, player.css     the player\n"
            "  --web DIR      output folder: built beside it and swapped in whole, so it holds\n"
            "                 the old or the new export, never a mix; a folder that holds\n"
            "                 anything but an earlier web export is refused\n"
            "  --lang CODE    language to speak, instead of each leaflet's own\n"
            "  --voice NAME   voice (default: the leaflet's, else its language's)\n"
            "  --cache DIR    render cache (default $XDG_CACHE_HOME/audioleaf)\n"
            "  --quiet        no line per file written\n");
}

static int txt_filter(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 4 && !strcmp(d->d_name + n - 4, ".txt");
}

int cmd_export_web(int argc, char **argv)
{
    static const struct option opts[] = {
        {"web", required_argument, NULL, 'w'},   {"lang", required_argument, NULL, 'l'},
        {"voice", required_argument, NULL, 'v'}, {"cache", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},       {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct export_web_options o;
    memset(&o, 0, sizeof o);
    o.progress = stdout;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "w:l:v:C:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'w':
            o.dir = optarg;
            break;
        case 'l':
            if (!voice_language_code_ok(optarg)) {
                fprintf(stderr, "audioleaf export: --lang wants a language code such as "
                                "'en'\n");
                return CLI_EXIT_USAGE;
            }
            o.language = optarg;
            break;
        case 'v':
            if (!voice_exists(optarg)) {
                fprintf(stderr, "audioleaf export: --voice: no voice profile '%s' in %s\n",
                        optarg, voice_dir());
                return CLI_EXIT_USAGE;
            }
            o.voice = optarg;
            break;
        case 'C':
            o.cache_dir = optarg;
            break;
        case 'q':
            o.progress = NULL;
            break;
        case 'h':
            usage(stdout);
            return CLI_EXIT_OK;
        default:
            cli_option_error("export", argv, "w:l:v:C:qh", opts);
            usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "audioleaf export: %s\n",
                optind >= argc ? "no FILE or DIR given" : "only one FILE or DIR at a time");
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (!o.dir || !o.dir[0]) {
        fprintf(stderr, "audioleaf export: --web wants a folder\n");
        return CLI_EXIT_USAGE;
    }
    const char *in = argv[optind];
    struct stat st;
    struct dirent **names = NULL;
    int n_names = 0;
    char **paths = NULL;
    const char *one[1] = {in};
    if (stat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
        n_names = scandir(in, &names, txt_filter, alphasort);
        if (n_names < 0) {
            perror(in);
            return CLI_EXIT_FAIL;
        }
        if (n_names == 0) {
            fprintf(stderr, "%s: no *.txt leaflet in this folder\n", in);
            free(names);
            return CLI_EXIT_FAIL;
        }
        paths = calloc((size_t)n_names, sizeof *paths);
        for (int i = 0; paths && i < n_names; i++) {
            size_t len = strlen(in) + strlen(names[i]->d_name) + 2;
            paths[i] = malloc(len);
            if (paths[i])
                snprintf(paths[i], len, "%s/%s", in, names[i]->d_name);
        }
        o.leaflets = (const char *const *)paths;
        o.n_leaflets = (size_t)n_names;
    } else {
        o.leaflets = one;
        o.n_leaflets = 1;
    }
    int rc = 0;
    for (size_t i = 0; i < o.n_leaflets; i++) {
        if (!o.leaflets[i]) {
            fprintf(stderr, "audioleaf export: out of memory\n");
            rc = CLI_EXIT_FAIL;
        }
    }
    char err[2048];
    if (!rc && export_web(&o, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        rc = CLI_EXIT_FAIL;
    }
    if (!rc && o.progress) {
        printf("audioleaf export: wrote %s (index.html, %zu page%s)\n", o.dir, o.n_leaflets,
               o.n_leaflets == 1 ? "" : "s");
        if (fflush(stdout) != 0) {
            perror("audioleaf export: stdout");
            rc = CLI_EXIT_FAIL;
        }
    }
    for (int i = 0; i < n_names; i++) {
        free(names[i]);
        if (paths)
            free(paths[i]);
    }
    free(names);
    free(paths);
    return rc;
}
