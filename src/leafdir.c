/* leafdir: the leaflets of a folder (see leafdir.h). */
#include "leafdir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_leaflet_name(const char *name)
{
    size_t len = strlen(name);
    return name[0] != '.' && len > 4 && !strcmp(name + len - 4, ".txt");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void leafdir_free(char **paths, size_t n)
{
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
}

int leafdir_list(const char *dir, char ***paths, size_t *n)
{
    *paths = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **list = NULL;
    size_t count = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while (!rc && (e = readdir(d)) != NULL) {
        if (!is_leaflet_name(e->d_name))
            continue;
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **grown = realloc(list, ncap * sizeof *grown);
            if (!grown) {
                rc = -1;
                break;
            }
            list = grown;
            cap = ncap;
        }
        size_t need = strlen(dir) + strlen(e->d_name) + 2;
        list[count] = malloc(need);
        if (!list[count]) {
            rc = -1;
            break;
        }
        snprintf(list[count++], need, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (rc) {
        leafdir_free(list, count);
        errno = ENOMEM;
        return -1;
    }
    if (count > 1)
        qsort(list, count, sizeof *list, by_name);
    *paths = list;
    *n = count;
    return 0;
}
