/* spoken: a leaflet read, its language and voice chosen and its script made: where
 * script, render, play and export all start. */
#ifndef AUDIOLEAF_SPOKEN_H
#define AUDIOLEAF_SPOKEN_H

#include <stddef.h>

#include "leaflet.h"
#include "speech.h"
#include "voice.h"

enum spoken_status {
    SPOKEN_OK = 0,
    SPOKEN_ENOMEM = -1,   /* out of memory */
    SPOKEN_ELEAFLET = -2, /* the leaflet cannot be read or parsed */
    SPOKEN_EVOICE = -3,   /* the voice profile cannot be loaded */
    SPOKEN_ELEXICON = -4, /* the profile's lexicon or the language's rules are malformed */
};

/* A leaflet ready to be spoken; every member is owned (spoken_close() frees them). */
struct spoken {
    struct leaflet *lf;
    char language[16];          /* the language spoken */
    struct voice_profile voice; /* the profile chosen (zeroed when none could be had) */
    struct speech_lexicon *lex; /* the profile's lexicon with the language's speech rules
                                 * attached, or NULL when there are neither */
    struct speech_script *script;
};

/* Read the leaflet PATH and make it ready to speak.  The language is LANG, else the
 * leaflet's declared one, else the one spoken_settle_language() detects, else "en".  The voice is VOICE (which must exist), else the leaflet's own
 * front-matter voice when that profile exists, else the profile of the language (see
 * voice_load()).  Returns 0 and fills *OUT, or a negative spoken_status with a one-line
 * message in ERR ("FILE:LINE:COL: message" when there is a position) and *OUT empty. */
int spoken_open(const char *path, const char *voice, const char *lang, struct spoken *out,
                char *err, size_t errlen);

/* Settle the language of LF when its front matter declares none: detected from its text
 * among the languages of the voice profiles (the .ini files of voices/), else "en", with the reason in
 * LF->language_note (see langdetect_leaflet()).  Returns 0, or SPOKEN_ENOMEM. */
int spoken_settle_language(struct leaflet *lf);

/* Free what spoken_open() filled; an empty (zeroed) struct is fine. */
void spoken_close(struct spoken *s);

#endif
