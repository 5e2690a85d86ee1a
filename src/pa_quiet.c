/* pa_quiet: keeps ALSA's and PortAudio's device-probe messages off stderr. */
#include <fcntl.h>
#include <stdio.h>
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
