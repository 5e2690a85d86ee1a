/* cli: what the subcommands share on the command line: the message for an option that
 * getopt_long() refused. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

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
