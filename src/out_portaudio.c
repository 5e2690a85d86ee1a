/* out_portaudio: the PortAudio output: one callback stream that runs for the whole
 * session and pulls frames from the player; ALSA's and PortAudio's messages are kept off
 * the terminal. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <alsa/asoundlib.h>
#include <portaudio.h>

#include "out.h"

struct pa_out {
    PaStream *stream;
    out_pull_fn pull;
    void *ctx;
    int channels;
    int16_t *mono; /* stereo devices: pulled mono frames, then duplicated */
    size_t mono_len;
};

/* ALSA reports every probe it makes ("Unknown PCM cards.pcm.rear"...) on stderr. */
static void alsa_quiet(const char *file, int line, const char *function, int err, const char *fmt,
                       ...)
{
    (void)file;
    (void)line;
    (void)function;
    (void)err;
    (void)fmt;
}

/* Point fd 2 at /dev/null while PortAudio probes devices; returns the saved fd or -1. */
static int mute_stderr(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int devnull = open("/dev/null", O_WRONLY);
    if (saved >= 0 && devnull >= 0)
        dup2(devnull, STDERR_FILENO);
    if (devnull >= 0)
        close(devnull);
    return saved;
}

static void unmute_stderr(int saved)
{
    if (saved < 0)
        return;
    dup2(saved, STDERR_FILENO);
    close(saved);
}

static int callback(const void *input, void *output, unsigned long frames,
                    const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags, void *user)
{
    struct pa_out *o = user;
    (void)input;
    (void)time;
    (void)flags;
    if (o->channels == 1) {
        o->pull(o->ctx, output, (size_t)frames);
        return paContinue;
    }
    int16_t *out = output;
    size_t done = 0;
    while (done < frames) {
        size_t n = frames - done < o->mono_len ? frames - done : o->mono_len;
        o->pull(o->ctx, o->mono, n);
        for (size_t i = 0; i < n; i++) {
            for (int c = 0; c < o->channels; c++)
                out[(done + i) * (size_t)o->channels + (size_t)c] = o->mono[i];
        }
        done += n;
    }
    return paContinue;
}

static PaDeviceIndex find_device(const char *name)
{
    PaDeviceIndex n = Pa_GetDeviceCount();
    for (PaDeviceIndex i = 0; i < n; i++) {
        const PaDeviceInfo *info = Pa_GetDeviceInfo(i);
        if (info && info->maxOutputChannels > 0 && !strcmp(info->name, name))
            return i;
    }
    for (PaDeviceIndex i = 0; i < n; i++) {
        const PaDeviceInfo *info = Pa_GetDeviceInfo(i);
        if (info && info->maxOutputChannels > 0 && strstr(info->name, name))
            return i;
    }
    return paNoDevice;
}

static int pa_open(const char *device, int rate, size_t frames_per_buffer, out_pull_fn pull,
                   void *ctx, void **out, char *err, size_t errlen)
{
    struct pa_out *o = calloc(1, sizeof *o);
    if (!o)
        return OUT_ENOMEM;
    o->pull = pull;
    o->ctx = ctx;
    snd_lib_error_set_handler(alsa_quiet);
    int saved = mute_stderr();
    PaError pe = Pa_Initialize();
    if (pe != paNoError) {
        unmute_stderr(saved);
        snprintf(err, errlen,
                 "audioleaf play: no audio output device (%s); use --record "
                 "FILE.wav to play without a sound card",
                 Pa_GetErrorText(pe));
        free(o);
        return OUT_ENODEV;
    }
    PaDeviceIndex dev = device ? find_device(device) : Pa_GetDefaultOutputDevice();
    const PaDeviceInfo *info = dev != paNoDevice ? Pa_GetDeviceInfo(dev) : NULL;
    if (!info || info->maxOutputChannels < 1) {
        unmute_stderr(saved);
        Pa_Terminate();
        if (device)
            snprintf(err, errlen,
                     "audioleaf play: no audio output device named '%s' "
                     "(use --record FILE.wav to play without a sound card)",
                     device);
        else
            snprintf(err, errlen,
                     "audioleaf play: no audio output device (use --record "
                     "FILE.wav to play without a sound card)");
        free(o);
        return OUT_ENODEV;
    }
    pe = paInvalidChannelCount;
    for (int ch = 1; ch <= 2 && pe != paNoError; ch++) {
        if (ch > info->maxOutputChannels)
            break;
        PaStreamParameters p = {.device = dev,
                                .channelCount = ch,
                                .sampleFormat = paInt16,
                                .suggestedLatency = info->defaultLowOutputLatency};
        o->channels = ch;
        pe = Pa_OpenStream(&o->stream, NULL, &p, rate, (unsigned long)frames_per_buffer, paClipOff,
                           callback, o);
    }
    if (pe == paNoError && o->channels > 1) {
        o->mono_len = frames_per_buffer ? frames_per_buffer : 256;
        o->mono = calloc(o->mono_len, sizeof *o->mono);
        if (!o->mono)
            pe = paInsufficientMemory;
    }
    if (pe == paNoError)
        pe = Pa_StartStream(o->stream);
    unmute_stderr(saved);
    if (pe != paNoError) {
        snprintf(err, errlen,
                 "audioleaf play: cannot open the audio output '%s': %s (use "
                 "--record FILE.wav to play without a sound card)",
                 info->name, Pa_GetErrorText(pe));
        if (o->stream)
            Pa_CloseStream(o->stream);
        Pa_Terminate();
        free(o->mono);
        free(o);
        return OUT_ENODEV;
    }
    *out = o;
    return OUT_OK;
}

static void pa_close(void *h)
{
    struct pa_out *o = h;
    if (!o)
        return;
    int saved = mute_stderr();
    Pa_StopStream(o->stream);
    Pa_CloseStream(o->stream);
    Pa_Terminate();
    unmute_stderr(saved);
    free(o->mono);
    free(o);
}

const struct out_backend out_portaudio = {
    .name = "portaudio",
    .open = pa_open,
    .close = pa_close,
};
