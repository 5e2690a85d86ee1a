/* dtmf_module: the table the tone receiver module (audioleaf-spandsp.so, built from
 * src/dtmf_spandsp.c) hands to src/dtmf.c, which loads it when a detector is made. */
#ifndef AUDIOLEAF_DTMF_MODULE_H
#define AUDIOLEAF_DTMF_MODULE_H

#include <stdint.h>

#include "dtmf.h"
#include "module.h"

#define DTMF_MODULE_ABI 1

/* spandsp's real-time report: CODE is the key now confirmed ('0'-'9', '*', '#', 'A'-'D'),
 * or 0 when it ends; LEVEL its level; DURATION the 8 kHz samples since the last report. */
typedef void (*dtmf_tone_fn)(void *user, int code, int level, int duration);

struct dtmf_module {
    struct module_header h; /* {DTMF_MODULE_ABI, "spandsp"} */
    /* A new ITU-T Q.23/Q.24 receiver for 8 kHz audio with the limits in P, reporting to
     * ON_TONE(USER, ...); NULL when out of memory. */
    void *(*rx_new)(const struct dtmf_params *p, dtmf_tone_fn on_tone, void *user);
    /* Hand N samples at 8 kHz to the receiver. */
    void (*rx)(void *rx, const int16_t *samples, int n);
    void (*rx_free)(void *rx);
};

#endif
