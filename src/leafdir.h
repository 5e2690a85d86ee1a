/* leafdir: the leaflets of a folder as every command that takes a folder sees them (play,
 * render, export): its *.txt entries whose names do not start with '.', in byte order of
 * their names. */
#ifndef AUDIOLEAF_LEAFDIR_H
#define AUDIOLEAF_LEAFDIR_H

#include <stddef.h>

/* Set *PATHS to a new array of *N paths "DIR/NAME.txt" (each malloc'd), sorted by name.
 * Entries are chosen by name alone: a folder or FIFO named *.txt is listed too, for the
 * caller to refuse with its own words.  A folder with no leaflet gives *N = 0 and
 * *PATHS = NULL.  Returns 0, or -1 with errno set (opendir's error, or ENOMEM) and nothing
 * to free. */
int leafdir_list(const char *dir, char ***paths, size_t *n);

/* Free what leafdir_list() gave (PATHS may be NULL). */
void leafdir_free(char **paths, size_t n);

#endif
