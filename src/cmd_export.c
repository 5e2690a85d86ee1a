/* cmd_export: the 'audioleaf export' subcommand: phone-line prompts, a dialplan and IVR
 * menus for Asterisk and FreeSWITCH (see export/phone.h for the layout), DAISY 2.02
 * talking books and EPUB 3 e-books with Media Overlays (export/book.h), and static web
 * pages with the keypad player (export/web.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "export/book.h"
#include "export/phone.h"
#include "export/web.h"
#include "leafdir.h"
#include "voice.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: audioleaf export FILE --phone DIR [--codec ulaw|alaw|slin] [--lang CODE]\n"
            "                        [--voice NAME] [--cache DIR] [--quiet]\n"
            "       audioleaf export FILE|FOLDER [--daisy DIR] [--epub OUT.epub] [--lang CODE]\n"
            "                        [--voice NAME] [--cache DIR] [--quiet]\n"
            "       audioleaf export FILE|DIR --web DIR   (web pages: add --help to see more)\n\n"
            "Write the leaflet as phone-line prompts: 8 kHz, high-passed at 200 Hz, active\n"
            "speech level -26 dBov (ITU-T P.56), peaks under -3 dBFS, 200 ms of silence\n"
            "before and 500 ms after each prompt.  Under DIR:\n"
            "  asterisk/LANG/audioleaf/NAME-ID.ulaw|.alaw|.sln and NAME-ID.wav\n"
            "  asterisk/extensions_audioleaf.conf      dialplan context [audioleaf-NAME]\n"
            "  freeswitch/LANG/REGION/VOICE/audioleaf/8000/NAME-ID.wav\n"
            "  freeswitch/ivr_audioleaf.xml            IVR menus (conf/ivr_menus/)\n"
            "  freeswitch/dialplan_audioleaf.xml       context audioleaf-NAME (conf/dialplan/)\n"
            "  manifest.json                           every file: id, text, hash, duration,\n"
            "                                          level (dBov) and peak (dBFS)\n"
            "Callers use the keypad: 6 next, 4 previous, 5 repeat, 1 start, 3 questions,\n"
            "2/8 by section/by question, 0 pause, * help, # where am I.\n"
            "  --phone DIR    output folder, one leaflet per folder: built beside it and\n"
            "                 swapped in whole, so it holds the old or the new export, never\n"
            "                 a mix; a folder that holds other files is refused\n"
            "  --codec C      ulaw (default), alaw or slin, for the Asterisk files\n"
            "  --lang CODE    language to speak, instead of the leaflet's own\n"
            "  --voice NAME   voice (default: the leaflet's, else LANG-clear, else LANG)\n"
            "  --cache DIR    render cache (default $XDG_CACHE_HOME/audioleaf)\n"
            "  --quiet        no line per file written\n\n"
            "Talking books and e-books, from the same MP3 files (48 kbit/s, one per unit):\n"
            "  --daisy DIR    a DAISY 2.02 book (ncc.html, content.html, one SMIL file per\n"
            "                 heading, UNIT.mp3): the title, each section a heading, each\n"
            "                 question to ask a heading one level below, every sentence\n"
            "                 tied to its text; built beside DIR and renamed into place\n"
            "  --epub OUT     an EPUB 3 with Media Overlays: one document per section,\n"
            "                 each sentence highlighted as it is read, accessibility\n"
            "                 metadata; written under a temporary name and renamed\n"
            "With a FOLDER, one book per leaflet (*.txt): --daisy DIR gets DIR/NAME/ and\n"
            "--epub OUT gets OUT/NAME.epub.  Missing renders are made first.\n");
}

/* What --web --help prints. */
static void web_usage(FILE *f)
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

/* The web pages of INPUT (a leaflet, or every leaflet of a folder) into O->dir. */
static int export_web_cmd(struct export_web_options *o, const char *input)
{
    struct stat st;
    char **found = NULL;
    size_t n_found = 0;
    const char *one[1] = {input};
    if (stat(input, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (leafdir_list(input, &found, &n_found) != 0) {
            fprintf(stderr, "%s: %s\n", input, strerror(errno));
            return CLI_EXIT_FAIL;
        }
        if (n_found == 0) {
            fprintf(stderr, "%s: no *.txt leaflet in this folder\n", input);
            return CLI_EXIT_FAIL;
        }
        o->leaflets = (const char *const *)found;
        o->n_leaflets = n_found;
    } else {
        o->leaflets = one;
        o->n_leaflets = 1;
    }
    int rc = CLI_EXIT_OK;
    char err[2048];
    if (export_web(o, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        rc = CLI_EXIT_FAIL;
    }
    if (!rc && o->progress) {
        printf("audioleaf export: wrote %s (index.html, %zu page%s)\n", o->dir, o->n_leaflets,
               o->n_leaflets == 1 ? "" : "s");
        if (fflush(stdout) != 0) {
            perror("audioleaf export: stdout");
            rc = CLI_EXIT_FAIL;
        }
    }
    leafdir_free(found, n_found);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"phone", required_argument, NULL, 'p'}, {"codec", required_argument, NULL, 'c'},
        {"lang", required_argument, NULL, 'l'},  {"voice", required_argument, NULL, 'v'},
        {"cache", required_argument, NULL, 'C'}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},        {"daisy", required_argument, NULL, 'D'},
        {"epub", required_argument, NULL, 'E'},  {"web", required_argument, NULL, 'w'},
        {NULL, 0, NULL, 0},
    };
    const char *daisy = NULL, *epub = NULL, *web = NULL;
    int codec_given = 0, help = 0;
    struct export_phone_options o;
    memset(&o, 0, sizeof o);
    o.progress = stdout;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "p:c:l:v:C:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            o.dir = optarg;
            break;
        case 'c':
            codec_given = 1;
            if (!strcmp(optarg, "ulaw")) {
                o.codec = EXPORT_PHONE_ULAW;
            } else if (!strcmp(optarg, "alaw")) {
                o.codec = EXPORT_PHONE_ALAW;
            } else if (!strcmp(optarg, "slin")) {
                o.codec = EXPORT_PHONE_SLIN;
            } else {
                fprintf(stderr, "audioleaf export: --codec wants ulaw, alaw or slin, "
                                "not '%s'\n", optarg);
                return CLI_EXIT_USAGE;
            }
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
        case 'D':
            daisy = optarg;
            break;
        case 'E':
            epub = optarg;
            break;
        case 'w':
            web = optarg;
            break;
        case 'q':
            o.progress = NULL;
            break;
        case 'h':
            help = 1;
            break;
        default:
            cli_option_error("export", argv, "p:c:l:v:C:qh", opts);
            usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (help) {
        (web ? web_usage : usage)(stdout);
        return CLI_EXIT_OK;
    }
    if (optind != argc - 1) {
        fprintf(stderr, "audioleaf export: %s\n",
                optind >= argc ? "no FILE given" : "only one FILE at a time");
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (web) {
        if (o.dir || daisy || epub || codec_given) {
            fprintf(stderr, "audioleaf export: --web is made on its own, not with --phone, "
                            "--codec, --daisy or --epub\n");
            return CLI_EXIT_USAGE;
        }
        if (!web[0]) {
            fprintf(stderr, "audioleaf export: --web wants a folder\n");
            return CLI_EXIT_USAGE;
        }
        struct export_web_options wo = {.dir = web, .language = o.language, .voice = o.voice,
                                        .cache_dir = o.cache_dir, .progress = o.progress};
        return export_web_cmd(&wo, argv[optind]);
    }
    if ((daisy && !daisy[0]) || (epub && !epub[0])) {
        fprintf(stderr, "audioleaf export: --%s wants a name, not an empty string\n",
                daisy && !daisy[0] ? "daisy" : "epub");
        return CLI_EXIT_USAGE;
    }
    if (daisy || epub) {
        if (o.dir) {
            fprintf(stderr, "audioleaf export: --phone is made on its own, not with --daisy "
                            "or --epub\n");
            return CLI_EXIT_USAGE;
        }
        struct book_options bo = {.input = argv[optind], .daisy = daisy, .epub = epub,
                                  .language = o.language, .voice = o.voice,
                                  .cache_dir = o.cache_dir, .progress = o.progress};
        char berr[2048];
        int brc = book_export(&bo, berr, sizeof berr);
        if (o.progress && fflush(stdout) != 0) {
            perror("audioleaf export: stdout");
            return CLI_EXIT_FAIL;
        }
        if (brc) {
            fprintf(stderr, "%s\n", berr[0] ? berr : book_strerror(brc));
            return CLI_EXIT_FAIL;
        }
        return CLI_EXIT_OK;
    }
    if (!o.dir || !o.dir[0]) {
        fprintf(stderr, "audioleaf export: --phone DIR, --daisy DIR or --epub OUT.epub is "
                        "needed\n");
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    o.leaflet = argv[optind];
    char err[2048];
    int rc = export_phone(&o, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_FAIL;
    }
    if (o.progress) {
        printf("audioleaf export: wrote %s (manifest.json, asterisk/, freeswitch/)\n", o.dir);
        if (fflush(stdout) != 0) {
            perror("audioleaf export: stdout");
            return CLI_EXIT_FAIL;
        }
    }
    return CLI_EXIT_OK;
}
