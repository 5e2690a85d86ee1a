/* pa_quiet: keeps ALSA's and PortAudio's device-probe messages off stderr, and asks ALSA
 * whether PortAudio can safely probe it. */
#define _GNU_SOURCE /* fopencookie */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <alsa/asoundlib.h>

#include "pa_quiet.h"

static void alsa_silent(const char *file, int line, const char *function, int err,
                        const char *fmt, ...)
{
    (void)file;
    (void)line;
    (void)function;
    (void)err;
    (void)fmt;
}

void pa_quiet_alsa(void)
{
    snd_lib_error_set_handler(alsa_silent);
}

int pa_alsa_usable(void)
{
    int card = -1;
    if (snd_card_next(&card) == 0 && card >= 0)
        return 1;
    snd_config_t *node;
    return snd_config_update() >= 0 && snd_config_search(snd_config, "pcm.default", &node) == 0;
}

int pa_quiet_begin(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    if (saved < 0)
        return -1;
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (devnull < 0) {
        close(saved);
        return -1;
    }
    dup2(devnull, STDERR_FILENO);
    close(devnull);
    return saved;
}

void pa_quiet_end(int saved)
{
    if (saved < 0)
        return;
    dup2(saved, STDERR_FILENO);
    close(saved);
}

/* The filter: stderr (the FILE, which PortAudio prints through) becomes a stream whose
 * writes pass on to fd 2 every line but PortAudio's own.  Writes to fd 2 itself (ours
 * through stderr end there too; a sanitizer's report) are not touched, so nothing is held
 * back if the process dies. */
struct pa_filter {
    FILE *real;     /* stderr before the filter */
    FILE *stream;   /* the filtering stream */
    char line[512]; /* a line not finished yet */
    size_t fill;
};

/* PortAudio's PA_ENSURE lines ("Expression 'res' failed in 'src/hostapi/alsa/...', line:
 * 3502") and its other warnings name its own source files. */
static int portaudio_line(const char *line, size_t n)
{
    static const char *const marks[] = {"' failed in 'src/", "src/hostapi/", "src/common/pa_"};
    for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
        size_t k = strlen(marks[m]);
        for (size_t i = 0; i + k <= n; i++) {
            if (!memcmp(line + i, marks[m], k))
                return 1;
        }
    }
    return 0;
}

static void write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void pass_line(struct pa_filter *f)
{
    if (f->fill > 0 && !portaudio_line(f->line, f->fill))
        write_all(f->line, f->fill);
    f->fill = 0;
}

static ssize_t filter_write(void *cookie, const char *buf, size_t size)
{
    struct pa_filter *f = cookie;
    for (size_t i = 0; i < size; i++) {
        if (f->fill == sizeof f->line)
            pass_line(f); /* a line longer than the buffer goes out in pieces */
        f->line[f->fill++] = buf[i];
        if (buf[i] == '\n')
            pass_line(f);
    }
    return (ssize_t)size;
}

/* One filter a process, kept for its life (stderr may be in use by another thread when
 * the filter stops: the stream is never closed under it). */
static struct pa_filter the_filter;

struct pa_filter *pa_quiet_filter_start(void)
{
    struct pa_filter *f = &the_filter;
    if (f->real)
        return NULL; /* already on */
    if (!f->stream) {
        cookie_io_functions_t io = {.write = filter_write};
        f->stream = fopencookie(f, "w", io);
        if (!f->stream)
            return NULL;
        setvbuf(f->stream, NULL, _IOLBF, 0);
    }
    fflush(stderr);
    f->real = stderr;
    stderr = f->stream;
    return f;
}

void pa_quiet_filter_stop(struct pa_filter *f)
{
    if (!f)
        return;
    fflush(f->stream);
    stderr = f->real;
    f->real = NULL;
    pass_line(f); /* what was left without a newline */
}
