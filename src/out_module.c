/* out_module: the program's PortAudio output (out_portaudio in out.h), which loads the
 * sound device module (audioleaf-portaudio.so) when it is first opened. */
#include <stdio.h>

#include "audio_module.h"
#include "out.h"

static const struct audio_module *audio(char *err, size_t errlen)
{
    return module_get("portaudio", AUDIO_MODULE_ABI, err, errlen);
}

static int lazy_open(const char *device, int rate, size_t frames_per_buffer, out_pull_fn pull,
                     void *ctx, void **out, char *err, size_t errlen)
{
    char why[512];
    const struct audio_module *m = audio(why, sizeof why);
    if (!m) {
        snprintf(err, errlen, "audioleaf play: %s", why);
        return OUT_EOPEN;
    }
    return m->out->open(device, rate, frames_per_buffer, pull, ctx, out, err, errlen);
}

static void lazy_close(void *h)
{
    char why[512];
    const struct audio_module *m = h ? audio(why, sizeof why) : NULL;
    if (m)
        m->out->close(h);
}

const struct out_backend out_portaudio = {
    .name = "portaudio",
    .open = lazy_open,
    .close = lazy_close,
};
