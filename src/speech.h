/* speech: turns a leaflet into the ordered list of spoken units handed to the
 * speech engine (template alternatives, numbers and symbols, lexicon). */
#ifndef AUDIOLEAF_SPEECH_H
#define AUDIOLEAF_SPEECH_H

#include <stddef.h>

#include "leaflet.h"

enum speech_status {
    SPEECH_OK = 0,
    SPEECH_ENOMEM = -1,    /* out of memory */
    SPEECH_ELEXICON = -2,  /* a malformed lexicon line */
};

/* What a unit is; 0 is a section. */
enum speech_unit_kind {
    SPEECH_UNIT_SECTION = 0, /* heading + the paragraphs before the list of section `section` */
    SPEECH_UNIT_ITEM,        /* list item `item` of section `section` */
    SPEECH_UNIT_UPDATED,     /* the "last updated" line, spoken at the end */
    SPEECH_UNIT_PARAGRAPH,   /* paragraph `paragraph` of section `section`, written after
                              * one of its list items */
};

/* One spoken unit: what the player navigates and the cache stores as one WAV. */
struct speech_unit {
    char id[32];                 /* "s3", "s7.q2", "s7.p3" (the section's 3rd paragraph),
                                  * "updated" */
    enum speech_unit_kind kind;
    size_t section;              /* index into leaflet->sections (0 for UPDATED) */
    size_t item;                 /* index into the section's items (SPEECH_UNIT_ITEM) */
    size_t paragraph;            /* index into its paragraphs (SPEECH_UNIT_PARAGRAPH) */
    char *text;                  /* exactly what is handed to eSpeak NG */
    size_t n_parts;              /* heading and paragraphs, or 1 */
    size_t *part_offsets;        /* byte offset in `text` where each part starts */
};

/* A lexicon: words the engine gets wrong, with their eSpeak phonemes. */
struct speech_lexicon;

/* Parse a lexicon from memory: lines "word<space>phonemes", '#' comments, blank
 * lines.  Returns 0 and a new lexicon in *OUT, or SPEECH_ELEXICON with *LINE set. */
int speech_lexicon_parse(const char *buf, size_t len, struct speech_lexicon **out, int *line);
void speech_lexicon_free(struct speech_lexicon *lex);

/* The units of a leaflet, in playing order. */
struct speech_script {
    struct speech_unit *units;
    size_t n_units;
    char language[16];       /* language the text was written for */
};

/* Build the script of LF for LANGUAGE (NULL: the leaflet's own), applying LEX
 * (may be NULL).  Returns 0 and a new script in *OUT, or a negative speech_status
 * with *OUT NULL.  Units, in written order: each section with a heading or paragraphs
 * before its list (its heading always ends in '.', '?' or '!' so eSpeak NG pauses after
 * it: ':' becomes '.'; a paragraph without final punctuation gets a '.'), then each of its
 * list items, each followed by the paragraphs written after it ("sN.pK", one unit each),
 * then "updated".  No unit text holds a newline or tab. */
int speech_script_make(const struct leaflet *lf, const char *language,
                       const struct speech_lexicon *lex, struct speech_script **out);
void speech_script_free(struct speech_script *s);

/* Turn one piece of leaflet text into speech text: "[a/ b]" -> "a"; for "en" and
 * "es" (any region) "2-4" -> "2 to 4", "> 5" -> "more than 5", "%", "&", "e.g." in
 * words (other languages keep the symbols); "[[" from the text is split so it never
 * opens eSpeak NG phoneme input; lexicon words (whole, ASCII case ignored) become
 * "[[phonemes]]"; blanks squeezed.  Returns a new string or NULL when out of memory. */
char *speech_text(const char *text, const char *language, const struct speech_lexicon *lex);

const char *speech_strerror(int status);

#endif
