/* shim_asound: an LD_PRELOAD library for tests/e2e_daisy_player.sh: daisy-player 13.0
 * exits when /proc/asound/cards is missing (containers, CI machines without sound cards);
 * this shim opens /dev/null in its place, and changes nothing else. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static const char *redirect(const char *path)
{
    return path && !strcmp(path, "/proc/asound/cards") ? "/dev/null" : path;
}

FILE *fopen(const char *path, const char *mode)
{
    FILE *(*real)(const char *, const char *) =
        (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen");
    return real(redirect(path), mode);
}

FILE *fopen64(const char *path, const char *mode)
{
    FILE *(*real)(const char *, const char *) =
        (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen64");
    return real(redirect(path), mode);
}
