/* input: the list of key sources and the one dispatcher (key -> command name). */
#include <stddef.h>

#include "input.h"
#include "input_dtmf.h"
#include "input_evdev.h"

const struct input_source *const input_sources[] = {
    &input_term,
    &input_script,
    &input_dtmf,
    &input_evdev,
    NULL,
};

const char *input_dispatch(const struct keymap *km, const struct input_event *ev)
{
    if (!ev || ev->kind != INPUT_KEY)
        return NULL;
    return keymap_lookup(km, ev->key);
}

const char *input_strerror(int status)
{
    switch (status) {
    case INPUT_OK:
        return "success";
    case INPUT_ENOMEM:
        return "out of memory";
    case INPUT_EOPEN:
        return "cannot open the key source";
    case INPUT_EPARSE:
        return "bad key script";
    case INPUT_EIO:
        return "cannot read keys";
    default:
        return "unknown input error";
    }
}
