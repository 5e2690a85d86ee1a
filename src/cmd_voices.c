/* cmd_voices: the 'audioleaf voices' subcommand: lists the voice profiles (name,
 * language, rate, description) found in the voices folder. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "voice.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_voices(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: audioleaf voices\n\n"
                   "List the voice profiles: name, language, rate (words per minute) and\n"
                   "description.  Profiles are voices/NAME.ini files (folder: "
                   "$AUDIOLEAF_VOICES,\nelse the installed one); pick one with --voice NAME.\n");
            return CLI_EXIT_OK;
        }
        if (!strcmp(argv[i], "--cache") && i + 1 < argc) {
            i++; /* common option; voices uses no cache */
            continue;
        }
        if (strcmp(argv[i], "--quiet") != 0) {
            fprintf(stderr, "audioleaf voices: unexpected argument '%s'\n", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    const char *dir = voice_dir();
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "audioleaf voices: %s: %s\n", dir, strerror(errno));
        return CLI_EXIT_FAIL;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int status = CLI_EXIT_OK;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || len >= 68 || strcmp(e->d_name + len - 4, ".ini"))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                status = CLI_EXIT_FAIL;
                break;
            }
            names = nn;
        }
        names[n] = strndup(e->d_name, len - 4);
        if (!names[n]) {
            status = CLI_EXIT_FAIL;
            break;
        }
        n++;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, by_name);
    if (status == CLI_EXIT_OK)
        printf("%-12s %-8s %-5s %s\n", "NAME", "LANGUAGE", "RATE", "DESCRIPTION");
    int broken = 0;
    for (size_t i = 0; i < n && status == CLI_EXIT_OK; i++) {
        struct voice_profile v;
        char err[600];
        int rc = voice_load(names[i], NULL, &v, err, sizeof err);
        if (rc) {
            /* Show the broken profile's error but keep listing the good ones. */
            fprintf(stderr, "%s\n", err[0] ? err : voice_strerror(rc));
            broken = 1;
            continue;
        }
        printf("%-12s %-8s %-5d %s\n", v.name, v.language, v.rate, v.description);
        voice_clear(&v);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (broken)
        status = CLI_EXIT_FAIL;
    if (status == CLI_EXIT_OK && n == 0) {
        fprintf(stderr, "audioleaf voices: no profiles in %s\n", dir);
        status = CLI_EXIT_FAIL;
    }
    if (fflush(stdout) != 0 || ferror(stdout))
        status = CLI_EXIT_FAIL;
    return status;
}
