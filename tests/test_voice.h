/* test_voice: the plain English voice profile the engine and cache tests speak with,
 * without reading voices/. */
#ifndef AUDIOLEAF_TEST_VOICE_H
#define AUDIOLEAF_TEST_VOICE_H

#include <string.h>

#include "voice.h"

/* eSpeak NG's en-gb at RATE words per minute, pitch and range 50, full volume, with the
 * lexicon text LEXICON (NULL: none; not copied). */
static inline struct voice_profile test_voice(int rate, char *lexicon)
{
    struct voice_profile v;
    memset(&v, 0, sizeof v);
    strcpy(v.name, "test");
    strcpy(v.espeak_voice, "en-gb");
    strcpy(v.language, "en");
    v.rate = rate;
    v.pitch = 50;
    v.range = 50;
    v.volume = 100;
    v.lexicon_text = lexicon;
    v.lexicon_len = lexicon ? strlen(lexicon) : 0;
    return v;
}

#endif
