/* pa_quiet: keeps ALSA's and PortAudio's device-probe messages off stderr, and asks ALSA
 * whether PortAudio can safely probe it. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The filter: fd 2 is a pipe whose reader passes every line on to the real stderr but
 * PortAudio's own. */
struct pa_filter {
    int real;   /* the real stderr */
    int pipe_r; /* the reading end (the thread's) */
    pthread_t thread;
};

/* PortAudio's PA_ENSURE lines ("Expression 'res' failed in 'src/hostapi/alsa/...', line:
 * 3502") and its stream warnings name its own source files. */
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

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void *filter_run(void *arg)
{
    struct pa_filter *f = arg;
    char buf[4096];
    size_t have = 0;
    for (;;) {
        ssize_t r = read(f->pipe_r, buf + have, sizeof buf - have);
        if (r <= 0)
            break;
        have += (size_t)r;
        size_t start = 0;
        for (size_t i = 0; i < have; i++) {
            if (buf[i] != '\n')
                continue;
            if (!portaudio_line(buf + start, i + 1 - start))
                write_all(f->real, buf + start, i + 1 - start);
            start = i + 1;
        }
        if (start == 0 && have == sizeof buf) {
            write_all(f->real, buf, have); /* a line longer than the buffer */
            start = have;
        }
        memmove(buf, buf + start, have - start);
        have -= start;
    }
    if (have > 0 && !portaudio_line(buf, have))
        write_all(f->real, buf, have);
    return NULL;
}

struct pa_filter *pa_quiet_filter_start(void)
{
    struct pa_filter *f = calloc(1, sizeof *f);
    int p[2];
    if (!f)
        return NULL;
    fflush(stderr);
    if (pipe(p) != 0) {
        free(f);
        return NULL;
    }
    f->real = dup(STDERR_FILENO);
    f->pipe_r = p[0];
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    if (f->real < 0 || pthread_create(&f->thread, NULL, filter_run, f) != 0) {
        if (f->real >= 0)
            close(f->real);
        close(p[0]);
        close(p[1]);
        free(f);
        return NULL;
    }
    fcntl(f->real, F_SETFD, FD_CLOEXEC);
    dup2(p[1], STDERR_FILENO);
    close(p[1]);
    return f;
}

void pa_quiet_filter_stop(struct pa_filter *f)
{
    if (!f)
        return;
    fflush(stderr);
    dup2(f->real, STDERR_FILENO); /* the pipe's last writer goes: the thread ends */
    pthread_join(f->thread, NULL);
    close(f->real);
    close(f->pipe_r);
    free(f);
}
