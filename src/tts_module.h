/* tts_module: the table the speech engine module (audioleaf-espeak.so, built from
 * src/tts_espeak.c) hands to src/tts.c, which loads it only when speech is needed. */
#ifndef AUDIOLEAF_TTS_MODULE_H
#define AUDIOLEAF_TTS_MODULE_H

#include <stddef.h>

#include "module.h"
#include "tts.h"

#define TTS_MODULE_ABI 1

/* Told each file or folder an engine id was made from, and each place whose appearing
 * would change it (it may be missing). */
typedef void (*tts_watch_fn)(void *ctx, const char *path);

struct tts_module {
    struct module_header h; /* {TTS_MODULE_ABI, "espeak"} */
    /* Environment variables the engine reads when it looks for its data, NULL-ended. */
    const char *const *env;
    /* Find the engine's data (without starting the engine) and write its id (version,
     * " rate N " with the sample rate it will speak at (0: unknown), and a fingerprint of
     * its data, at most IDLEN bytes with the NUL) into ID, telling
     * WATCH(CTX, path) every file and folder the id depends on.  Returns 0 or
     * TTS_EINIT (no engine data). */
    int (*identify)(char *id, size_t idlen, tts_watch_fn watch, void *ctx);
    /* As tts_synth_stream() (tts.h); starts the engine on the first call. */
    int (*synth_stream)(const struct voice_profile *v, const char *text,
                        tts_progress_fn progress, void *ctx, struct tts_audio *out);
    /* The engine's sample rate (starts the engine); 0 when it cannot start. */
    int (*rate)(void);
    /* 1 once the engine has been started in this process. */
    int (*started)(void);
};

#endif
