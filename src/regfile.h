/* regfile: opening a file to read only when it is a regular file, so that a FIFO, a
 * device or a socket put where a leaflet, profile, keymap or cache entry belongs is
 * refused at once instead of blocking the read forever. */
#ifndef AUDIOLEAF_REGFILE_H
#define AUDIOLEAF_REGFILE_H

#include <errno.h>
#include <stdio.h>

/* The errno regfile_open() sets for a FIFO, device or socket (a folder gives EISDIR);
 * regfile_strerror() words it "not a regular file". */
#define REGFILE_ENOTREG ENXIO

/* Open PATH for reading (FLAGS: 0, or O_NOFOLLOW to refuse a symbolic link) without
 * blocking (O_NONBLOCK, so opening a FIFO never waits for a writer), check with fstat()
 * that it is a regular file, then clear O_NONBLOCK.  The descriptor is close-on-exec.
 * Returns it, or -1 with errno set: open()'s own error (ELOOP for a link under
 * O_NOFOLLOW), EISDIR for a folder, REGFILE_ENOTREG for anything else that is not a
 * regular file. */
int regfile_open(const char *path, int flags);

/* As regfile_open(PATH, 0), as a stdio stream opened "rb".  NULL with errno set. */
FILE *regfile_fopen(const char *path);

/* strerror(ERR), but "not a regular file (a FIFO, device or socket)" for
 * REGFILE_ENOTREG. */
const char *regfile_strerror(int err);

#endif
