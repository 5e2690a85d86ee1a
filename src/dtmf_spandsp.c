/* dtmf_spandsp: spandsp's DTMF receiver as the tone receiver module (audioleaf-spandsp.so,
 * dtmf_module.h); the only file that includes spandsp. */
#include <spandsp.h>

#include "dtmf_module.h"

static void *rx_new(const struct dtmf_params *p, dtmf_tone_fn on_tone, void *user)
{
    dtmf_rx_state_t *rx = dtmf_rx_init(NULL, NULL, NULL);
    if (!rx)
        return NULL;
    dtmf_rx_parms(rx, p->filter_dialtone ? 1 : 0, p->normal_twist_db, p->reverse_twist_db,
                  p->threshold_dbm0);
    dtmf_rx_set_realtime_callback(rx, on_tone, user);
    return rx;
}

static void rx(void *h, const int16_t *samples, int n)
{
    dtmf_rx(h, samples, n);
}

static void rx_free(void *h)
{
    dtmf_rx_free(h);
}

__attribute__((visibility("default"))) const struct dtmf_module audioleaf_module_spandsp = {
    .h = {DTMF_MODULE_ABI, "spandsp"},
    .rx_new = rx_new,
    .rx = rx,
    .rx_free = rx_free,
};
