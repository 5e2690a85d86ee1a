/* capture_portaudio: PortAudio blocking capture for the DTMF key source, and the table of
 * the sound device module (audioleaf-portaudio.so, audio_module.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portaudio.h>

#include "audio_module.h"
#include "pa_quiet.h"

extern const struct out_backend pa_output; /* src/out_portaudio.c */

struct capture {
    PaStream *stream;
    int pa_started; /* Pa_Initialize() succeeded: Pa_Terminate() is owed */
};

/* The input device called NAME (or containing it), or the default one for NULL. */
static PaDeviceIndex find_device(const char *name)
{
    if (!name)
        return Pa_GetDefaultInputDevice();
    int n = Pa_GetDeviceCount();
    for (int pass = 0; pass < 2; pass++) {
        for (PaDeviceIndex i = 0; i < n; i++) {
            const PaDeviceInfo *di = Pa_GetDeviceInfo(i);
            if (di && di->maxInputChannels > 0 && di->name &&
                (pass ? strstr(di->name, name) != NULL : !strcmp(di->name, name)))
                return i;
        }
    }
    return paNoDevice;
}

static void capture_close(void *h)
{
    struct capture *c = h;
    if (!c)
        return;
    if (c->stream) {
        Pa_StopStream(c->stream);
        Pa_CloseStream(c->stream);
    }
    if (c->pa_started)
        Pa_Terminate();
    free(c);
}

static int capture_open(const char *device, int rate, void **out, int *got_rate, char *err,
                        size_t errlen)
{
    *out = NULL;
    struct capture *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    pa_quiet_alsa();
    if (!pa_alsa_usable()) { /* PortAudio 19.6 would abort: see pa_quiet.h */
        snprintf(err, errlen, "no audio input device");
        free(c);
        return -1;
    }
    int saved = pa_quiet_begin();
    PaError pe = Pa_Initialize();
    c->pa_started = pe == paNoError;
    PaDeviceIndex dev = pe == paNoError ? find_device(device) : paNoDevice;
    PaStreamParameters in = {.device = dev, .channelCount = 1, .sampleFormat = paInt16};
    const PaDeviceInfo *di = dev != paNoDevice ? Pa_GetDeviceInfo(dev) : NULL;
    if (di) {
        in.suggestedLatency = di->defaultLowInputLatency;
        *got_rate = Pa_IsFormatSupported(&in, NULL, rate) == paFormatIsSupported
                        ? rate
                        : (int)di->defaultSampleRate;
        pe = Pa_OpenStream(&c->stream, &in, NULL, *got_rate, paFramesPerBufferUnspecified,
                           paNoFlag, NULL, NULL);
        if (pe == paNoError)
            pe = Pa_StartStream(c->stream);
        else
            c->stream = NULL;
    }
    pa_quiet_end(saved);
    if (!di || pe != paNoError) {
        snprintf(err, errlen, "%s", !di ? "no audio input device" : Pa_GetErrorText(pe));
        capture_close(c);
        return -1;
    }
    *out = c;
    return 0;
}

static long capture_available(void *h)
{
    return Pa_GetStreamReadAvailable(((struct capture *)h)->stream);
}

static int capture_read(void *h, int16_t *buf, unsigned long n)
{
    PaError pe = Pa_ReadStream(((struct capture *)h)->stream, buf, n);
    return pe == paNoError || pe == paInputOverflowed ? 0 : -1;
}

__attribute__((visibility("default"))) const struct audio_module audioleaf_module_portaudio = {
    .h = {AUDIO_MODULE_ABI, "portaudio"},
    .out = &pa_output,
    .capture_open = capture_open,
    .capture_available = capture_available,
    .capture_read = capture_read,
    .capture_close = capture_close,
};
