/* fileio: small POSIX file helpers shared by the writers (exports, the listening log). */
#ifndef AUDIOLEAF_FILEIO_H
#define AUDIOLEAF_FILEIO_H

#include <stddef.h>

/* Write all LEN bytes of DATA to FD, retrying after EINTR and short writes.  Returns 0, or
 * -1 with errno set (ENOSPC when write() returned 0); what was written stays written. */
int fileio_write_all(int fd, const void *data, size_t len);

/* mkdir -p: make PATH and its missing parents (mode 0755, less the umask).  Returns 0 when
 * PATH is then a folder, or -1 with errno set (ENOTDIR when PATH or a parent is something
 * else, ENAMETOOLONG, or mkdir's error). */
int fileio_make_dirs(const char *path);

#endif
