/* cli: what the subcommands share on the command line: the message for an option that
 * getopt_long() refused, and the options of the commands that read one leaflet aloud. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "voice.h"

/* The long option that the word ARG ("--name" or "--name=value") names, exactly or by a
 * unique prefix, or NULL; *AMBIGUOUS is set when several share the prefix. */
static const struct option *long_option(const char *arg, const struct option *longopts,
                                        int *ambiguous)
{
    size_t len = strcspn(arg + 2, "=");
    const struct option *hit = NULL;
    int matches = 0;
    *ambiguous = 0;
    for (const struct option *o = longopts; o && o->name; o++) {
        if (strncmp(o->name, arg + 2, len))
            continue;
        if (strlen(o->name) == len)
            return o;
        hit = o;
        matches++;
    }
    *ambiguous = matches > 1;
    return matches == 1 ? hit : NULL;
}

int cli_option_error(const char *cmd, char **argv, const char *shortopts,
                     const struct option *longopts)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    int is_long = arg[0] == '-' && arg[1] == '-' && arg[2];
    int ambiguous = 0;
    const struct option *o = is_long ? long_option(arg, longopts, &ambiguous) : NULL;
    int len = is_long ? (int)strcspn(arg, "=") : 0;
    if (optopt == 0) {
        /* An unknown or ambiguous long option: optind - 1 is that word. */
        fprintf(stderr, "audioleaf %s: %s option '%.*s' (see --help)\n", cmd,
                ambiguous ? "ambiguous" : "unknown", len ? len : (int)strlen(arg), arg);
    } else if (o && o->val == optopt && !o->flag) {
        if (arg[len] == '=' && o->has_arg == no_argument)
            fprintf(stderr, "audioleaf %s: option '--%s' takes no value\n", cmd, o->name);
        else
            fprintf(stderr, "audioleaf %s: option '--%s' needs a value\n", cmd, o->name);
    } else {
        /* A short option, alone or in a cluster such as -rf.txt (where optind - 1 may
         * still be the word before it): getopt_long() names the letter in optopt. */
        const char *known = optopt != ':' ? strchr(shortopts, optopt) : NULL;
        if (known && known[1] == ':')
            fprintf(stderr, "audioleaf %s: option '-%c' needs a value\n", cmd, optopt);
        else if (optopt > ' ' && optopt < 127)
            fprintf(stderr, "audioleaf %s: unknown option '-%c' (see --help)\n", cmd, optopt);
        else
            fprintf(stderr, "audioleaf %s: unknown option (see --help)\n", cmd);
    }
    return CLI_EXIT_USAGE;
}

int cli_spoken_args(const char *cmd, int argc, char **argv, int with_explain,
                    void (*usage)(FILE *), struct cli_spoken_args *out)
{
    static const struct option opts[] = {
        {"voice", required_argument, NULL, 'v'},
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {"quiet", no_argument, NULL, 'q'},
        {"cache", required_argument, NULL, 'C'}, /* common option; these use no cache */
        {"explain", no_argument, NULL, 'x'},     /* only where WITH_EXPLAIN */
        {NULL, 0, NULL, 0},
    };
    static const struct option plain[] = {
        {"voice", required_argument, NULL, 'v'},
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {"quiet", no_argument, NULL, 'q'},
        {"cache", required_argument, NULL, 'C'},
        {NULL, 0, NULL, 0},
    };
    const struct option *longopts = with_explain ? opts : plain;
    memset(out, 0, sizeof *out);
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "v:l:hqC:", longopts, NULL)) != -1) {
        switch (c) {
        case 'v':
            out->voice = optarg;
            break;
        case 'l':
            out->lang = optarg;
            break;
        case 'x':
            out->explain = 1;
            break;
        case 'q':
            out->quiet = 1;
            break;
        case 'C':
            break;
        case 'h':
            usage(stdout);
            return CLI_EXIT_OK;
        default:
            cli_option_error(cmd, argv, "v:l:hqC:", longopts);
            usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "audioleaf %s: %s\n", cmd,
                optind >= argc ? "no FILE given" : "only one FILE at a time");
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (out->lang && !voice_language_code_ok(out->lang)) {
        fprintf(stderr, "audioleaf %s: --lang wants a language code such as 'en'\n", cmd);
        return CLI_EXIT_USAGE;
    }
    if (out->voice && !voice_exists(out->voice)) {
        fprintf(stderr, "audioleaf %s: --voice: no voice profile '%s' in %s\n", cmd,
                out->voice, voice_dir());
        return CLI_EXIT_USAGE;
    }
    out->file = argv[optind];
    return -1;
}
