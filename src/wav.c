/* wav: reads and writes 16-bit mono WAV files and their sentence marks with libsndfile. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>
#include <xxhash.h>
#if defined(__x86_64__)
/* Debian's libxxhash picks SSE2, AVX2 or AVX-512 at run time through these entry points
 * (the same hash, about 1.5 times as fast here as the SSE2-only default). */
#include <xxh_x86dispatch.h>
#endif

#include "regfile.h"
#include "wav.h"

/* Tag opening the LIST/INFO comment that carries audioleaf's metadata. */
#define WAV_META_TAG "audioleaf-wav 3 " /* 2: the checksum is XXH3-64; 3: the key */

/* Same layout as libsndfile's SF_CUES_VAR(n), sized at run time. */
struct cues {
    uint32_t cue_count;
    SF_CUE_POINT cue_points[];
};

/* The samples' checksum: XXH3-64 (xxHash), which catches damaged audio (not an
 * adversary: the cache key is the SHA-256) at memory speed, so a cache hit stays cheap. */
static uint64_t checksum(const int16_t *s, size_t n)
{
    return XXH3_64bits(s, n * sizeof *s);
}

static int marks_valid(const struct tts_mark *m, size_t n, size_t frames)
{
    for (size_t i = 0; i < n; i++) {
        if (m[i].frame > frames)
            return 0;
        if (i == 0 && (m[i].frame != 0 || m[i].text_pos != 0))
            return 0;
        if (i > 0 && (m[i].frame <= m[i - 1].frame || m[i].text_pos <= m[i - 1].text_pos))
            return 0;
    }
    return 1;
}

/* A key as stored: 1 to WAV_KEY_MAX lowercase hex digits. */
static int key_valid(const char *k)
{
    size_t n = strspn(k, "0123456789abcdef");
    return n > 0 && n <= WAV_KEY_MAX && k[n] == '\0';
}

/* The metadata comment: frame count, rate, checksum, key ("-" for none), marks as
 * FRAME:BYTE pairs. */
static char *meta_format(size_t n, int rate, uint64_t sum, const char *key,
                         const struct tts_mark *marks, size_t n_marks)
{
    size_t cap = 128 + WAV_KEY_MAX + n_marks * 44;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t len = (size_t)snprintf(s, cap,
                                  WAV_META_TAG "frames=%zu rate=%d sum=%016" PRIx64
                                               " key=%s marks=",
                                  n, rate, sum, key ? key : "-");
    for (size_t i = 0; i < n_marks && len < cap; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s%zu:%zu", i ? "," : "", marks[i].frame,
                                marks[i].text_pos);
    return s;
}

/* Parse a metadata comment.  Returns 0, or -1 when it is not well formed. */
static int meta_parse(const char *s, size_t *frames, int *rate, uint64_t *sum, char *key,
                      struct tts_mark **marks, size_t *n_marks)
{
    size_t taglen = strlen(WAV_META_TAG);
    if (strncmp(s, WAV_META_TAG, taglen) != 0)
        return -1;
    const char *p = s + taglen;
    char *end;
    if (strncmp(p, "frames=", 7))
        return -1;
    errno = 0;
    *frames = (size_t)strtoull(p + 7, &end, 10);
    if (end == p + 7 || strncmp(end, " rate=", 6))
        return -1;
    p = end + 6;
    long r = strtol(p, &end, 10);
    if (end == p || r <= 0 || r > 1000000 || strncmp(end, " sum=", 5))
        return -1;
    *rate = (int)r;
    p = end + 5;
    *sum = (uint64_t)strtoull(p, &end, 16);
    if (end != p + 16 || strncmp(end, " key=", 5) || errno)
        return -1;
    p = end + 5;
    size_t klen = strcspn(p, " ");
    if (klen == 1 && *p == '-') {
        key[0] = '\0';
    } else {
        if (klen == 0 || klen > WAV_KEY_MAX)
            return -1;
        memcpy(key, p, klen);
        key[klen] = '\0';
        if (!key_valid(key))
            return -1;
    }
    p += klen;
    if (strncmp(p, " marks=", 7))
        return -1;
    p += 7;
    size_t n = 0;
    for (const char *q = p; *q; q++)
        n += *q == ':';
    struct tts_mark *m = n ? calloc(n, sizeof *m) : NULL;
    if (n && !m)
        return -1;
    for (size_t i = 0; i < n; i++) {
        m[i].frame = (size_t)strtoull(p, &end, 10);
        if (end == p || *end != ':')
            goto bad;
        p = end + 1;
        m[i].text_pos = (size_t)strtoull(p, &end, 10);
        if (end == p || (*end != ',' && *end != '\0') || (*end == '\0' && i + 1 != n))
            goto bad;
        p = *end ? end + 1 : end;
    }
    if (*p != '\0' || errno)
        goto bad;
    *marks = m;
    *n_marks = n;
    return 0;
bad:
    free(m);
    return -1;
}

int wav_write_fd(int fd, const int16_t *samples, size_t n, int rate, const struct tts_mark *marks,
                 size_t n_marks, const char *key)
{
    if (rate <= 0 || !marks_valid(marks, n_marks, n) || (key && !key_valid(key)))
        return WAV_EFORMAT;
    SF_INFO info = {.samplerate = rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    char *meta = meta_format(n, rate, checksum(samples, n), key, marks, n_marks);
    if (!meta)
        return WAV_ENOMEM;
    SNDFILE *sf = sf_open_fd(fd, SFM_WRITE, &info, 0);
    if (!sf) {
        free(meta);
        return WAV_EIO;
    }
    int rc = WAV_OK;
    /* Set before the first sample, so both land in the header: a truncated file keeps
     * its expected frame count and is recognised. */
    if (sf_set_string(sf, SF_STR_COMMENT, meta) != 0 ||
        sf_set_string(sf, SF_STR_SOFTWARE, "audioleaf " AUDIOLEAF_VERSION) != 0)
        rc = WAV_EIO;
    if (rc == WAV_OK && n_marks > 0 && n_marks < 10000) {
        struct cues *c = calloc(1, sizeof *c + n_marks * sizeof c->cue_points[0]);
        if (!c) {
            rc = WAV_ENOMEM;
        } else {
            c->cue_count = (uint32_t)n_marks;
            for (size_t i = 0; i < n_marks; i++) {
                SF_CUE_POINT *cp = &c->cue_points[i];
                cp->indx = (int32_t)(i + 1);
                cp->position = (uint32_t)marks[i].frame;
                memcpy(&cp->fcc_chunk, "data", 4);
                cp->sample_offset = (uint32_t)marks[i].frame;
            }
            if (sf_command(sf, SFC_SET_CUE, c,
                           (int)(sizeof *c + n_marks * sizeof c->cue_points[0])) != SF_TRUE)
                rc = WAV_EIO;
            free(c);
        }
    }
    size_t done = 0;
    while (rc == WAV_OK && done < n) {
        size_t chunk = n - done > 65536 ? 65536 : n - done;
        if (sf_write_short(sf, samples + done, (sf_count_t)chunk) != (sf_count_t)chunk)
            rc = WAV_EIO;
        done += chunk;
    }
    int saved = errno;
    if (sf_close(sf) != 0 && rc == WAV_OK)
        rc = WAV_EIO;
    free(meta);
    errno = saved;
    return rc;
}

int wav_write(const char *path, const int16_t *samples, size_t n, int rate,
              const struct tts_mark *marks, size_t n_marks)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return WAV_EIO;
    int rc = wav_write_fd(fd, samples, n, rate, marks, n_marks, NULL);
    if (close(fd) != 0 && rc == WAV_OK)
        rc = WAV_EIO;
    return rc;
}

/* Reading through libsndfile's virtual I/O with a buffer of our own: libsndfile reads a
 * header a few bytes at a time (about 70 system calls a file); this serves the header from
 * one read and hands large reads straight to the caller's memory. */
struct vio_file {
    int fd;
    sf_count_t size; /* file length */
    sf_count_t pos;  /* libsndfile's position */
    sf_count_t at;   /* file offset of buf[0] */
    size_t len;      /* valid bytes in buf */
    int err;         /* errno of a failed read, or 0 */
    unsigned char buf[65536];
};

static sf_count_t vio_length(void *user)
{
    return ((struct vio_file *)user)->size;
}

static sf_count_t vio_seek(sf_count_t offset, int whence, void *user)
{
    struct vio_file *f = user;
    sf_count_t to = offset + (whence == SEEK_CUR ? f->pos : whence == SEEK_END ? f->size : 0);
    if (to < 0)
        return -1;
    f->pos = to;
    return to;
}

static sf_count_t vio_tell(void *user)
{
    return ((struct vio_file *)user)->pos;
}

static sf_count_t vio_read(void *ptr, sf_count_t count, void *user)
{
    struct vio_file *f = user;
    unsigned char *dst = ptr;
    sf_count_t done = 0;
    while (done < count && f->pos < f->size) {
        if (f->pos >= f->at && f->pos < f->at + (sf_count_t)f->len) {
            size_t off = (size_t)(f->pos - f->at);
            size_t n = f->len - off;
            if ((sf_count_t)n > count - done)
                n = (size_t)(count - done);
            memcpy(dst + done, f->buf + off, n);
            done += (sf_count_t)n;
            f->pos += (sf_count_t)n;
            continue;
        }
        /* Large reads go straight into the caller's memory; small ones refill the buffer. */
        int direct = count - done >= (sf_count_t)sizeof f->buf;
        unsigned char *into = direct ? dst + done : f->buf;
        size_t want = direct ? (size_t)(count - done) : sizeof f->buf;
        ssize_t n = pread(f->fd, into, want, (off_t)f->pos);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n < 0)
                f->err = errno;
            break;
        }
        if (direct) {
            done += n;
            f->pos += n;
        } else {
            f->at = f->pos;
            f->len = (size_t)n;
        }
    }
    return done;
}

static sf_count_t vio_write(const void *ptr, sf_count_t count, void *user)
{
    (void)ptr;
    (void)count;
    (void)user;
    return 0; /* read only */
}

static uint32_t le32(const unsigned char *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Does every chunk of the RIFF file FD (SIZE bytes), and every chunk inside a LIST chunk,
 * end within the file?  libsndfile spins for minutes on a chunk size past the end (found
 * by fuzz_wav), so such a file never reaches it. */
static int chunks_fit(int fd, off_t size)
{
    unsigned char h[12];
    off_t pos = 12;
    for (int n = 0; pos + 8 <= size; n++) {
        if (n > 4096 || pread(fd, h, 12, pos) < 8)
            return 0;
        uint32_t len = le32(h + 4);
        if ((off_t)len > size - pos - 8)
            return 0;
        if (!memcmp(h, "LIST", 4) && len >= 4) {
            off_t end = pos + 8 + (off_t)len;
            for (off_t sub = pos + 12; sub + 8 <= end;) {
                if (pread(fd, h, 8, sub) != 8)
                    return 0;
                uint32_t sl = le32(h + 4);
                if ((off_t)sl > end - sub - 8)
                    return 0;
                sub += 8 + (off_t)sl + (sl & 1);
            }
        }
        pos += 8 + (off_t)len + (len & 1);
    }
    return 1;
}

/* Read PATH (a regular file; with OPEN_FLAGS O_NOFOLLOW not a symbolic link); keep the
 * samples in OUT only when KEEP.  Without KEEP the samples are streamed through a small
 * buffer to check them, so a cache hit costs little memory. */
static int read_file(const char *path, int open_flags, int keep, struct wav_data *out)
{
    memset(out, 0, sizeof *out);
    SF_INFO info;
    memset(&info, 0, sizeof info);
    struct vio_file *vf = malloc(sizeof *vf);
    if (!vf)
        return WAV_ENOMEM;
    struct stat st;
    vf->fd = regfile_open(path, open_flags);
    if (vf->fd < 0 || fstat(vf->fd, &st) != 0) {
        int saved = errno;
        if (vf->fd >= 0)
            close(vf->fd);
        free(vf);
        errno = saved;
        return WAV_EIO;
    }
    vf->size = st.st_size;
    vf->pos = vf->at = 0;
    vf->len = 0;
    vf->err = 0;
    /* A WAV file: RIFF, WAVE, then a "fmt " chunk of PCM, float, G.711 or extensible data.
     * Anything else is refused before libsndfile guesses a format: its MPEG decoder can
     * spin for minutes on a damaged file (found by fuzz_wav). */
    unsigned char head[22];
    unsigned tag = 0;
    if (pread(vf->fd, head, sizeof head, 0) == (ssize_t)sizeof head)
        tag = head[20] | (unsigned)head[21] << 8;
    int bad = memcmp(head, "RIFF", 4) || memcmp(head + 8, "WAVEfmt ", 8) ||
              (tag != 1 && tag != 3 && tag != 6 && tag != 7 && tag != 0xFFFE)
                  ? WAV_EFORMAT
              : !chunks_fit(vf->fd, st.st_size) ? WAV_ECORRUPT /* a WAV cut short or damaged */
                                                : 0;
    if (bad) {
        close(vf->fd);
        free(vf);
        errno = 0;
        return bad;
    }
    SF_VIRTUAL_IO vio = {vio_length, vio_seek, vio_read, vio_write, vio_tell};
    SNDFILE *sf = sf_open_virtual(&vio, SFM_READ, &info, vf);
    if (!sf) {
        int rc = vf->err ? WAV_EIO : WAV_EFORMAT;
        close(vf->fd);
        errno = vf->err;
        free(vf);
        return rc;
    }
    int rc = WAV_OK;
    if ((info.format & SF_FORMAT_TYPEMASK) != SF_FORMAT_WAV || info.channels != 1 ||
        info.frames < 0 || info.frames > (sf_count_t)(SIZE_MAX / 4) || info.samplerate <= 0) {
        rc = WAV_EFORMAT;
        goto done;
    }
    size_t frames = (size_t)info.frames;
    const char *comment = sf_get_string(sf, SF_STR_COMMENT);
    size_t meta_frames = 0;
    int meta_rate = 0;
    uint64_t meta_sum = 0;
    int has_meta = comment && !strncmp(comment, WAV_META_TAG, strlen(WAV_META_TAG));
    if (has_meta && meta_parse(comment, &meta_frames, &meta_rate, &meta_sum, out->key,
                               &out->marks, &out->n_marks) != 0) {
        rc = WAV_ECORRUPT;
        goto done;
    }
    if (has_meta && (meta_frames != frames || meta_rate != info.samplerate)) {
        rc = WAV_ECORRUPT;
        goto done;
    }
    if (!has_meta && !keep) {
        rc = WAV_ECORRUPT; /* nothing to check against */
        goto done;
    }
    enum { CHUNK = 32768 };
    size_t cap = keep ? (frames ? frames : 1) : CHUNK;
    int16_t *buf = malloc(cap * sizeof *buf);
    if (!buf) {
        rc = WAV_ENOMEM;
        goto done;
    }
    /* Checking needs no conversion: read the bytes straight when they are already
     * 16-bit samples in this host's order (about twice as fast on a cache hit). */
    const uint16_t probe = 1;
    int little = *(const unsigned char *)&probe == 1;
    int raw = !keep && little && (info.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_16 &&
              (info.format & SF_FORMAT_ENDMASK) != SF_ENDIAN_BIG;
    XXH3_state_t *sum = XXH3_createState();
    if (!sum || XXH3_64bits_reset(sum) != XXH_OK) {
        XXH3_freeState(sum);
        free(buf);
        rc = WAV_ENOMEM;
        goto done;
    }
    size_t got = 0;
    while (got < frames) {
        size_t want = keep ? frames - got : (frames - got < CHUNK ? frames - got : CHUNK);
        int16_t *dst = keep ? buf + got : buf;
        sf_count_t n;
        if (raw) {
            /* The data bytes as stored: little-endian 16-bit, this host's order. */
            n = sf_read_raw(sf, dst, (sf_count_t)(want * sizeof *dst));
            if (n > 0 && n % (sf_count_t)sizeof *dst)
                break;
            n /= (sf_count_t)sizeof *dst;
        } else {
            n = sf_read_short(sf, dst, (sf_count_t)want);
        }
        if (n <= 0)
            break;
        XXH3_64bits_update(sum, dst, (size_t)n * sizeof *dst);
        got += (size_t)n;
        if ((size_t)n != want)
            break;
    }
    uint64_t got_sum = XXH3_64bits_digest(sum);
    XXH3_freeState(sum);
    if (keep)
        out->samples = buf;
    else
        free(buf);
    if (got != frames) {
        rc = vf->err ? WAV_EIO : has_meta ? WAV_ECORRUPT : WAV_EIO;
        goto done;
    }
    out->n_frames = frames;
    out->rate = info.samplerate;
    if (has_meta) {
        if (got_sum != meta_sum || !marks_valid(out->marks, out->n_marks, frames)) {
            rc = WAV_ECORRUPT;
            goto done;
        }
        out->verified = 1;
    }
done:
    sf_close(sf);
    close(vf->fd);
    if (rc == WAV_EIO)
        errno = vf->err ? vf->err : EIO;
    free(vf);
    if (rc != WAV_OK)
        wav_data_free(out);
    return rc;
}

int wav_read(const char *path, struct wav_data *out)
{
    return read_file(path, 0, 1, out);
}

int wav_check(const char *path, struct wav_data *out)
{
    return read_file(path, O_NOFOLLOW, 0, out);
}

void wav_data_free(struct wav_data *d)
{
    if (!d)
        return;
    free(d->samples);
    free(d->marks);
    memset(d, 0, sizeof *d);
}

const char *wav_strerror(int status)
{
    switch (status) {
    case WAV_OK:
        return "success";
    case WAV_ENOMEM:
        return "out of memory";
    case WAV_EIO:
        return "cannot open, read or write the WAV file";
    case WAV_EFORMAT:
        return "not a mono WAV file";
    case WAV_ECORRUPT:
        return "WAV file damaged or truncated";
    }
    return "unknown WAV error";
}

/* ---- any audio file, read in blocks (for the DTMF reader) -------------------------- */

struct wav_stream {
    SNDFILE *sf;
    int channels;
    float *frames; /* one block of interleaved frames */
    size_t cap;    /* frames it holds */
};

int wav_stream_open(const char *path, struct wav_stream **out, int *rate, int *channels)
{
    *out = NULL;
    /* O_NONBLOCK and a regular file only: a FIFO in PATH's place must not block. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0)
        return WAV_EIO;
    int rc = fstat(fd, &st) != 0 ? WAV_EIO : !S_ISREG(st.st_mode) ? WAV_EFORMAT : WAV_OK;
    if (rc) {
        int e = errno;
        close(fd);
        errno = e;
        return rc;
    }
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = sf_open_fd(fd, SFM_READ, &info, 1); /* closes FD from here on */
    if (!sf)
        return WAV_EFORMAT;
    struct wav_stream *s = calloc(1, sizeof *s);
    if (info.channels < 1 || info.channels > 1024 || info.samplerate <= 0 || !s) {
        sf_close(sf);
        free(s);
        return s ? WAV_EFORMAT : WAV_ENOMEM;
    }
    s->sf = sf;
    s->channels = info.channels;
    s->cap = 4096;
    s->frames = malloc(s->cap * (size_t)info.channels * sizeof *s->frames);
    if (!s->frames) {
        wav_stream_close(s);
        return WAV_ENOMEM;
    }
    *rate = info.samplerate;
    *channels = info.channels;
    *out = s;
    return WAV_OK;
}

long wav_stream_read(struct wav_stream *s, float *out, size_t n)
{
    size_t done = 0;
    while (done < n) {
        size_t want = n - done < s->cap ? n - done : s->cap;
        float *dst = s->channels == 1 ? out + done : s->frames;
        sf_count_t got = sf_readf_float(s->sf, dst, (sf_count_t)want);
        if (got < 0 || (got == 0 && sf_error(s->sf) != SF_ERR_NO_ERROR)) {
            errno = EIO;
            return WAV_EIO;
        }
        if (got == 0)
            break;
        if (s->channels > 1) {
            /* The channels' mean: a tone on any channel is heard. */
            size_t c = (size_t)s->channels;
            for (size_t i = 0; i < (size_t)got; i++) {
                float sum = 0;
                for (size_t k = 0; k < c; k++)
                    sum += s->frames[i * c + k];
                out[done + i] = sum / (float)c;
            }
        }
        done += (size_t)got;
        if ((size_t)got < want)
            break;
    }
    return (long)done;
}

void wav_stream_close(struct wav_stream *s)
{
    if (!s)
        return;
    if (s->sf)
        sf_close(s->sf);
    free(s->frames);
    free(s);
}
