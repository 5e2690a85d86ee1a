/* audio_module: the table the sound device module (audioleaf-portaudio.so: PortAudio
 * output and capture, src/out_portaudio.c and src/capture_portaudio.c) hands to the
 * program, which loads it only when a device is opened (src/out_module.c,
 * src/input_dtmf.c). */
#ifndef AUDIOLEAF_AUDIO_MODULE_H
#define AUDIOLEAF_AUDIO_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include "module.h"
#include "out.h"

#define AUDIO_MODULE_ABI 1

struct audio_module {
    struct module_header h; /* {AUDIO_MODULE_ABI, "portaudio"} */
    /* The PortAudio output (out.h). */
    const struct out_backend *out;
    /* Open the capture device called DEVICE (or containing it; NULL: the default) for
     * mono 16-bit audio at RATE when the device takes it, else at its own rate, and start
     * it.  Stores the handle in *OUT and the rate used in *GOT_RATE and returns 0; or
     * returns -1 with a one-line reason in ERR. */
    int (*capture_open)(const char *device, int rate, void **out, int *got_rate, char *err,
                        size_t errlen);
    /* Frames captured and not yet read, or a negative value on error. */
    long (*capture_available)(void *h);
    /* Read N frames into BUF, waiting for them as needed.  Returns 0 (an overflow that
     * lost older frames included) or -1. */
    int (*capture_read)(void *h, int16_t *buf, unsigned long n);
    /* Stop and release the device.  NULL is fine. */
    void (*capture_close)(void *h);
};

#endif
