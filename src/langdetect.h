/* langdetect: guesses the language of a leaflet that declares none, among the languages
 * audioleaf has voices for, with libexttextcat's n-gram fingerprints (LibreOffice's guesser). */
#ifndef AUDIOLEAF_LANGDETECT_H
#define AUDIOLEAF_LANGDETECT_H

#include <stddef.h>

#include "leaflet.h"

/* The language used when the guess cannot be trusted. */
#define LANGDETECT_DEFAULT "en"
/* Text with fewer letters than this is too short to tell its language. */
#define LANGDETECT_MIN_LETTERS 200
/* Only the first this many bytes of a leaflet's text are looked at (a guess needs a few
 * hundred; this keeps a 1 MB leaflet as fast as a small one). */
#define LANGDETECT_SAMPLE_BYTES 8192
/* The best candidate must be this much nearer than the next (distance ratio): a text in a
 * language without a voice lands near several candidates at once (French, German and
 * Portuguese paragraphs measured 1.03-1.07 against en/es/sw; real leaflets 1.14 and more). */
#define LANGDETECT_MIN_MARGIN 1.10

enum langdetect_status {
    LANGDETECT_OK = 0,
    LANGDETECT_ENOMEM = -1, /* out of memory */
};

/* The outcome of a guess. */
struct langdetect_result {
    char language[16]; /* the code chosen: the guess, or LANGDETECT_DEFAULT */
    int detected;      /* 1 when LANGUAGE was guessed from the text, 0 when it is the default */
    char reason[200];  /* one line: what was found, or why the default was taken */
};

/* The directory of libexttextcat's fingerprints (CODE.lm): $AUDIOLEAF_TEXTCAT_DIR, else
 * the one Debian's libexttextcat-data installs. */
const char *langdetect_dir(void);

/* Guess the language of LEN bytes of UTF-8 TEXT among the N_LANGS codes of LANGS (such as
 * "en", "es", "sw"; a region such as "en-gb" is looked up by its language).  Only the first
 * LANGDETECT_SAMPLE_BYTES bytes are used.  Fills *RES: the guess when the text has at least
 * LANGDETECT_MIN_LETTERS letters and one candidate is clearly nearest; else
 * LANGDETECT_DEFAULT with the reason (too short, too close to call, no fingerprint for a
 * candidate, no candidates).  Deterministic.  Returns 0, or LANGDETECT_ENOMEM (then *RES
 * holds the default). */
int langdetect_text(const char *text, size_t len, const char *const *langs, size_t n_langs,
                    struct langdetect_result *res);

/* Settle LF's language when its front matter declares none (LF->language_source is
 * LEAFLET_LANGUAGE_DEFAULT): guess it from the leaflet's own text (headings, paragraphs and
 * items in written order) among LANGS, and set LF->language, LF->language_source
 * (LEAFLET_LANGUAGE_DETECTED, or DEFAULT when the guess fell back) and LF->language_note.
 * A declared language is left alone.  Returns 0, or LANGDETECT_ENOMEM with LF unchanged. */
int langdetect_leaflet(struct leaflet *lf, const char *const *langs, size_t n_langs);

const char *langdetect_strerror(int status);

#endif
