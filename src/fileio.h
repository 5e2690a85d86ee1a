/* fileio: small POSIX file helpers shared by the writers (exports, the listening log). */
#ifndef AUDIOLEAF_FILEIO_H
#define AUDIOLEAF_FILEIO_H

#include <stddef.h>

/* Write all LEN bytes of DATA to FD, retrying after EINTR and short writes.  Returns 0, or
 * -1 with errno set (ENOSPC when write() returned 0); what was written stays written. */
int fileio_write_all(int fd, const void *data, size_t len);

#endif
