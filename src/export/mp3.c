/* mp3: MP3 files written and read through libsndfile (SF_FORMAT_MPEG, Layer III). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "export/mp3.h"

int mp3_write(const char *path, const int16_t *s, size_t n, int rate, double level)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp)
        return MP3_ENOMEM;
    /* A hidden name in the same folder, so the rename stays on one file system. */
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
    snprintf(tmp, plen + 16, "%.*s.%s.XXXXXX", (int)dl, path, path + dl);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        errno = e;
        return MP3_EIO;
    }
    int rc = MP3_OK, e = 0;
    if (fchmod(fd, 0644) != 0) {
        rc = MP3_EIO;
        e = errno;
    }
    SF_INFO info = {.samplerate = rate, .channels = 1,
                    .format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III};
    SNDFILE *sf = rc ? NULL : sf_open_fd(fd, SFM_WRITE, &info, 0);
    if (!rc && !sf)
        rc = MP3_EENCODE;
    if (sf) {
        /* Both before the first write.  Setting the bit rate mode may report "not done"
         * and still take effect: only the level's refusal counts. */
        int mode = SF_BITRATE_MODE_CONSTANT;
        sf_command(sf, SFC_SET_BITRATE_MODE, &mode, sizeof mode);
        double lv = level;
        if (sf_command(sf, SFC_SET_COMPRESSION_LEVEL, &lv, sizeof lv) != SF_TRUE)
            rc = MP3_EENCODE;
        for (size_t at = 0; !rc && at < n;) {
            size_t k = n - at > 65536 ? 65536 : n - at;
            if (sf_write_short(sf, s + at, (sf_count_t)k) != (sf_count_t)k) {
                rc = MP3_EENCODE;
                break;
            }
            at += k;
        }
        if (sf_close(sf) != 0 && !rc)
            rc = MP3_EENCODE;
    }
    if (!rc && fsync(fd) != 0) {
        rc = MP3_EIO;
        e = errno;
    }
    if (close(fd) != 0 && !rc) {
        rc = MP3_EIO;
        e = errno;
    }
    if (!rc && rename(tmp, path) != 0) {
        rc = MP3_EIO;
        e = errno;
    }
    if (rc)
        unlink(tmp);
    free(tmp);
    errno = e;
    return rc;
}

/* Open PATH for reading as MP3 only (a regular file; never a FIFO or device). */
static SNDFILE *open_mp3(const char *path, SF_INFO *info, int *rc)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = fd < 0 ? errno : EINVAL;
        if (fd >= 0)
            close(fd);
        errno = e;
        *rc = MP3_EIO;
        return NULL;
    }
    memset(info, 0, sizeof *info);
    SNDFILE *sf = sf_open_fd(fd, SFM_READ, info, 1);
    if (!sf) {
        close(fd);
        *rc = MP3_EREAD;
        return NULL;
    }
    if ((info->format & SF_FORMAT_TYPEMASK) != SF_FORMAT_MPEG || info->channels < 1 ||
        info->samplerate <= 0) {
        sf_close(sf);
        *rc = MP3_EREAD;
        return NULL;
    }
    *rc = 0;
    return sf;
}

int mp3_info(const char *path, size_t *frames, int *rate)
{
    SF_INFO info;
    int rc;
    SNDFILE *sf = open_mp3(path, &info, &rc);
    if (!sf)
        return rc;
    *frames = info.frames > 0 ? (size_t)info.frames : 0;
    *rate = info.samplerate;
    sf_close(sf);
    return 0;
}

int mp3_read(const char *path, float **out, size_t *n, int *rate)
{
    SF_INFO info;
    int rc;
    SNDFILE *sf = open_mp3(path, &info, &rc);
    if (!sf)
        return rc;
    size_t cap = info.frames > 0 ? (size_t)info.frames : 4096, len = 0;
    size_t ch = (size_t)info.channels;
    float *v = malloc(cap * sizeof *v), *buf = malloc(4096 * ch * sizeof *buf);
    rc = v && buf ? 0 : MP3_ENOMEM;
    while (!rc) {
        sf_count_t got = sf_readf_float(sf, buf, 4096);
        if (got <= 0)
            break;
        if (len + (size_t)got > cap) {
            cap = 2 * (len + (size_t)got);
            float *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                rc = MP3_ENOMEM;
                break;
            }
            v = nv;
        }
        for (sf_count_t i = 0; i < got; i++) {
            float sum = 0;
            for (size_t c = 0; c < ch; c++)
                sum += buf[(size_t)i * ch + c];
            v[len++] = sum / (float)ch;
        }
    }
    free(buf);
    sf_close(sf);
    if (rc) {
        free(v);
        return rc;
    }
    *out = v;
    *n = len;
    *rate = info.samplerate;
    return 0;
}

const char *mp3_strerror(int status)
{
    switch (status) {
    case MP3_OK:
        return "success";
    case MP3_ENOMEM:
        return "out of memory";
    case MP3_EIO:
        return "cannot write the file";
    case MP3_EENCODE:
        return "cannot encode MP3 (libsndfile 1.1 or later with LAME is needed)";
    case MP3_EREAD:
        return "not an MP3 file";
    default:
        return "unknown MP3 error";
    }
}
