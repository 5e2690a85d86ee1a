/* out_file: the --record WAV writer (libsndfile, streaming, a mkstemps file beside the
 * target renamed into place at the end, its header kept current) and the null output back
 * end that pulls frames without a sound card. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sndfile.h>

#include "out.h"

struct out_file {
    SNDFILE *sf;
    size_t frames; /* frames written */
    int err;       /* errno of the first failed write, 0: none */
    char path[PATH_MAX];
    char tmp[PATH_MAX + 32];
};

/* Why PATH cannot be the recording (NULL: it can): it must be absent or a regular file
 * (or a symbolic link to one, which the recording then replaces, never writing through
 * it), in a folder that exists. */
static const char *target_problem(const char *path, int *e)
{
    struct stat st;
    *e = 0;
    if (!*path)
        return "an empty name";
    if (lstat(path, &st) == 0) {
        if (S_ISLNK(st.st_mode) && stat(path, &st) != 0)
            return errno == ENOENT ? NULL : (*e = errno, "");
        if (S_ISDIR(st.st_mode))
            return "it is a folder";
        if (!S_ISREG(st.st_mode))
            return "it is a device or special file, not a regular file";
        return NULL;
    }
    if (errno != ENOENT) {
        *e = errno;
        return "";
    }
    return NULL;
}

int out_file_open(const char *path, int rate, struct out_file **out, char *err, size_t errlen)
{
    int e = 0;
    const char *why = target_problem(path, &e);
    if (why) {
        if (err && errlen)
            snprintf(err, errlen, "audioleaf play: cannot record into %s: %s", path,
                     e ? strerror(e) : why);
        return OUT_EIO;
    }
    struct out_file *f = calloc(1, sizeof *f);
    if (!f)
        return OUT_ENOMEM;
    int n = snprintf(f->path, sizeof f->path, "%s", path);
    /* The temporary file: "NAME.XXXXXX.part" in the target's folder, made by mkstemps
     * (a fresh name, O_EXCL: never a planted file or link). */
    const char *slash = strrchr(path, '/');
    int dlen = slash ? (int)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    int m = snprintf(f->tmp, sizeof f->tmp, "%.*s%s.XXXXXX.part", dlen, path, base);
    int fd = -1;
    if (n >= 0 && (size_t)n < sizeof f->path && m >= 0 && (size_t)m < sizeof f->tmp)
        fd = mkstemps(f->tmp, 5);
    else
        errno = ENAMETOOLONG;
    if (fd < 0) {
        if (err && errlen)
            snprintf(err, errlen, "audioleaf play: cannot record into %s: %s", path,
                     strerror(errno));
        free(f);
        return OUT_EIO;
    }
    /* The mode a new file would get (mkstemps makes it 0600). */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    SF_INFO info = {.samplerate = rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    f->sf = sf_open_fd(fd, SFM_WRITE, &info, SF_TRUE);
    if (!f->sf) {
        if (err && errlen)
            snprintf(err, errlen, "audioleaf play: cannot write %s: %s", f->tmp,
                     sf_strerror(NULL));
        unlink(f->tmp); /* sf_open_fd closed FD */
        free(f);
        return OUT_EIO;
    }
    /* The header follows every write: a killed session leaves a playable file. */
    sf_command(f->sf, SFC_SET_UPDATE_HEADER_AUTO, NULL, SF_TRUE);
    *out = f;
    return OUT_OK;
}

int out_file_write(struct out_file *f, const int16_t *samples, size_t n)
{
    if (n == 0)
        return OUT_OK;
    if (f->err)
        return OUT_EIO;
    errno = 0;
    sf_count_t w = sf_write_short(f->sf, samples, (sf_count_t)n);
    if (w > 0)
        f->frames += (size_t)w;
    if (w == (sf_count_t)n)
        return OUT_OK;
    f->err = errno ? errno : EIO;
    return OUT_EIO;
}

int out_file_error(const struct out_file *f)
{
    return f ? f->err : 0;
}

size_t out_file_frames(const struct out_file *f)
{
    return f ? f->frames : 0;
}

const char *out_file_part(const struct out_file *f)
{
    return f ? f->tmp : "";
}

int out_file_close(struct out_file *f, int keep)
{
    if (!f)
        return OUT_OK;
    int rc = OUT_OK;
    if (sf_close(f->sf) != 0)
        rc = OUT_EIO;
    int e = 0;
    if (keep && rc == OUT_OK && target_problem(f->path, &e)) {
        free(f); /* PATH became something else meanwhile: the part file stays */
        return OUT_ETARGET;
    }
    if (keep && rc == OUT_OK && rename(f->tmp, f->path) != 0)
        rc = OUT_EIO;
    if (!keep || rc != OUT_OK)
        unlink(f->tmp);
    free(f);
    return rc;
}

/* The null output: a thread pulling buffers until closed. */
struct null_out {
    pthread_t thread;
    atomic_int stop;
    out_pull_fn pull;
    void *ctx;
    size_t fpb;
    int16_t *buf;
    int realtime; /* 1: pull at the pace of a sound card */
    int rate;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *null_run(void *arg)
{
    struct null_out *o = arg;
    double t0 = now_s(), played = 0;
    while (!atomic_load(&o->stop)) {
        o->pull(o->ctx, o->buf, o->fpb);
        if (!o->realtime)
            continue;
        /* Like a sound card: a buffer every fpb / rate seconds. */
        played += (double)o->fpb / o->rate;
        double ahead = t0 + played - now_s();
        if (ahead > 0) {
            struct timespec ts = {(time_t)ahead, (long)((ahead - (double)(time_t)ahead) * 1e9)};
            nanosleep(&ts, NULL);
        }
    }
    return NULL;
}

static int null_open(const char *device, int rate, size_t frames_per_buffer, out_pull_fn pull,
                     void *ctx, void **out, char *err, size_t errlen)
{
    struct null_out *o = calloc(1, sizeof *o);
    if (!o)
        return OUT_ENOMEM;
    if (device && strcmp(device, "realtime")) {
        if (err && errlen)
            snprintf(err, errlen,
                     "audioleaf play: unknown null device '%s' (use null or "
                     "null:realtime)",
                     device);
        free(o);
        return OUT_ENODEV;
    }
    o->realtime = device != NULL;
    o->rate = rate > 0 ? rate : 22050;
    o->fpb = frames_per_buffer ? frames_per_buffer : 256;
    o->buf = calloc(o->fpb, sizeof *o->buf);
    o->pull = pull;
    o->ctx = ctx;
    atomic_init(&o->stop, 0);
    if (!o->buf || pthread_create(&o->thread, NULL, null_run, o) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "audioleaf play: cannot start the null output");
        free(o->buf);
        free(o);
        return OUT_EOPEN;
    }
    *out = o;
    return OUT_OK;
}

static void null_close(void *h)
{
    struct null_out *o = h;
    if (!o)
        return;
    atomic_store(&o->stop, 1);
    pthread_join(o->thread, NULL);
    free(o->buf);
    free(o);
}

const struct out_backend out_null = {
    .name = "null",
    .open = null_open,
    .close = null_close,
};

const char *out_strerror(int status)
{
    switch (status) {
    case OUT_OK:
        return "success";
    case OUT_ENODEV:
        return "no audio output device";
    case OUT_EOPEN:
        return "cannot open the audio output";
    case OUT_ENOMEM:
        return "out of memory";
    case OUT_EIO:
        return "cannot write the recording";
    case OUT_ETARGET:
        return "the recording's name is no longer a regular file";
    default:
        return "unknown output error";
    }
}
