/* out_portaudio: the PortAudio output: one callback stream that runs for the whole
 * session and pulls frames from the player; ALSA's and PortAudio's messages are kept off
 * the terminal; a stream that fails (the device was unplugged) is reopened every second
 * by a watchdog thread, and playing goes on where it stopped. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <portaudio.h>

#include "out.h"
#include "pa_quiet.h"

/* Seconds between two attempts to reopen a failed device; seconds without a callback
 * after which a stream that claims to run counts as failed. */
#define PA_RETRY 1.0
#define PA_STALL 3.0

struct pa_out {
    PaStream *stream; /* NULL while the device is gone (watchdog only, after open) */
    out_pull_fn pull;
    void *ctx;
    int channels;
    int16_t *mono; /* stereo devices: pulled mono frames, then duplicated */
    size_t mono_len;
    /* The watchdog that reopens a failed stream. */
    char *device; /* the name asked for, NULL: the default */
    int rate;
    size_t frames_per_buffer;
    pthread_t watchdog;
    int watching;
    atomic_int stop;
    atomic_size_t calls;      /* callbacks so far */
    struct pa_filter *filter; /* PortAudio's failure lines kept off stderr, or NULL */
};

static int callback(const void *input, void *output, unsigned long frames,
                    const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags, void *user)
{
    struct pa_out *o = user;
    (void)input;
    (void)time;
    (void)flags;
    atomic_fetch_add_explicit(&o->calls, 1, memory_order_relaxed);
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

/* Open and start the stream on DEVICE (NULL: the default) with PortAudio initialised.
 * Returns paNoError, or an error with *INFO_NAME set to the device's name when there is
 * one (NULL: no such device). */
static PaError open_stream(struct pa_out *o, const char *device, const char **info_name)
{
    *info_name = NULL;
    PaDeviceIndex dev = device ? find_device(device) : Pa_GetDefaultOutputDevice();
    const PaDeviceInfo *info = dev != paNoDevice ? Pa_GetDeviceInfo(dev) : NULL;
    if (!info || info->maxOutputChannels < 1)
        return paDeviceUnavailable;
    *info_name = info->name;
    PaError pe = paInvalidChannelCount;
    o->stream = NULL;
    for (int ch = 1; ch <= 2 && pe != paNoError; ch++) {
        if (ch > info->maxOutputChannels)
            break;
        PaStreamParameters p = {.device = dev,
                                .channelCount = ch,
                                .sampleFormat = paInt16,
                                .suggestedLatency = info->defaultLowOutputLatency};
        o->channels = ch;
        pe = Pa_OpenStream(&o->stream, NULL, &p, o->rate, (unsigned long)o->frames_per_buffer,
                           paClipOff, callback, o);
    }
    if (pe == paNoError && o->channels > 1 && !o->mono) {
        o->mono_len = o->frames_per_buffer ? o->frames_per_buffer : 256;
        o->mono = calloc(o->mono_len, sizeof *o->mono);
        if (!o->mono)
            pe = paInsufficientMemory;
    }
    if (pe == paNoError)
        pe = Pa_StartStream(o->stream);
    if (pe != paNoError && o->stream) {
        Pa_CloseStream(o->stream);
        o->stream = NULL;
    }
    return pe;
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The watchdog: while the stream runs, check every 100 ms that it still does (PortAudio
 * stops a stream whose device fails; a stream with no callback for PA_STALL seconds has
 * failed too).  Then close it and PortAudio (so the next Pa_Initialize sees the devices
 * as they are now) and try to open the same device again every PA_RETRY seconds.  The
 * player's ring keeps its place meanwhile: nothing is pulled, so nothing is lost. */
static void *watch(void *arg)
{
    struct pa_out *o = arg;
    size_t last_calls = atomic_load(&o->calls);
    size_t opened_calls = 0; /* callbacks when the stream was opened again */
    double last_change = mono_now(), next_try = 0;
    int down = 0; /* the outage was reported; the device has not played much since */
    while (!atomic_load(&o->stop)) {
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
        double now = mono_now();
        if (o->stream) {
            size_t calls = atomic_load(&o->calls);
            if (calls != last_calls) {
                last_calls = calls;
                last_change = now;
            }
            if (Pa_IsStreamActive(o->stream) == 1 && now - last_change < PA_STALL) {
                /* Back: it has taken half a second of audio or more since. */
                size_t fpb = o->frames_per_buffer ? o->frames_per_buffer : 256;
                if (down && (calls - opened_calls) * fpb >= (size_t)o->rate / 2) {
                    down = 0;
                    fprintf(stderr, "audioleaf play: the audio output is back\n");
                }
                continue;
            }
            if (!down)
                fprintf(stderr, "audioleaf play: the audio output stopped; trying to open "
                                "it again every second\n");
            down = 1;
            int saved = pa_quiet_begin();
            Pa_AbortStream(o->stream);
            Pa_CloseStream(o->stream);
            o->stream = NULL;
            Pa_Terminate();
            pa_quiet_end(saved);
            next_try = now + PA_RETRY;
            continue;
        }
        if (now < next_try)
            continue;
        next_try = now + PA_RETRY;
        if (!pa_alsa_usable())
            continue; /* PortAudio would abort: try again later */
        int saved = pa_quiet_begin();
        const char *name = NULL;
        PaError pe = Pa_Initialize();
        if (pe == paNoError) {
            pe = open_stream(o, o->device, &name);
            if (pe != paNoError)
                Pa_Terminate();
        }
        pa_quiet_end(saved);
        if (pe == paNoError) {
            last_calls = opened_calls = atomic_load(&o->calls);
            last_change = mono_now();
        }
    }
    return NULL;
}

static int pa_open(const char *device, int rate, size_t frames_per_buffer, out_pull_fn pull,
                   void *ctx, void **out, char *err, size_t errlen)
{
    struct pa_out *o = calloc(1, sizeof *o);
    if (!o)
        return OUT_ENOMEM;
    o->pull = pull;
    o->ctx = ctx;
    o->rate = rate;
    o->frames_per_buffer = frames_per_buffer;
    if (device && !(o->device = strdup(device))) {
        free(o);
        return OUT_ENOMEM;
    }
    pa_quiet_alsa();
    if (!pa_alsa_usable()) {
        snprintf(err, errlen,
                 "audioleaf play: no audio output device (ALSA has no sound card and no "
                 "default device); use --record FILE.wav to play without a sound card");
        free(o->device);
        free(o);
        return OUT_ENODEV;
    }
    int saved = pa_quiet_begin();
    PaError pe = Pa_Initialize();
    if (pe != paNoError) {
        pa_quiet_end(saved);
        snprintf(err, errlen,
                 "audioleaf play: no audio output device (%s); use --record "
                 "FILE.wav to play without a sound card",
                 Pa_GetErrorText(pe));
        free(o->device);
        free(o);
        return OUT_ENODEV;
    }
    const char *name = NULL;
    pe = open_stream(o, device, &name);
    pa_quiet_end(saved);
    if (pe != paNoError) {
        if (!name && device)
            snprintf(err, errlen,
                     "audioleaf play: no audio output device named '%s' "
                     "(use --record FILE.wav to play without a sound card)",
                     device);
        else if (!name)
            snprintf(err, errlen,
                     "audioleaf play: no audio output device (use --record "
                     "FILE.wav to play without a sound card)");
        else
            snprintf(err, errlen,
                     "audioleaf play: cannot open the audio output '%s': %s (use "
                     "--record FILE.wav to play without a sound card)",
                     name, Pa_GetErrorText(pe));
        Pa_Terminate();
        free(o->mono);
        free(o->device);
        free(o);
        return OUT_ENODEV;
    }
    atomic_init(&o->stop, 0);
    o->filter = pa_quiet_filter_start();
    o->watching = pthread_create(&o->watchdog, NULL, watch, o) == 0;
    *out = o;
    return OUT_OK;
}

static void pa_close(void *h)
{
    struct pa_out *o = h;
    if (!o)
        return;
    atomic_store(&o->stop, 1);
    if (o->watching)
        pthread_join(o->watchdog, NULL);
    if (o->stream) {
        int saved = pa_quiet_begin();
        Pa_StopStream(o->stream);
        Pa_CloseStream(o->stream);
        Pa_Terminate();
        pa_quiet_end(saved);
    }
    pa_quiet_filter_stop(o->filter);
    free(o->mono);
    free(o->device);
    free(o);
}

/* Handed out through the module's table (capture_portaudio.c); src/out_module.c makes
 * it the program's out_portaudio. */
const struct out_backend pa_output = {
    .name = "portaudio",
    .open = pa_open,
    .close = pa_close,
};
