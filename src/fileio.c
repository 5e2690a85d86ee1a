/* fileio: small POSIX file helpers shared by the writers (exports, the listening log). */
#include <errno.h>
#include <unistd.h>

#include "fileio.h"

int fileio_write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}
