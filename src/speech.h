/* speech: turns a leaflet into the ordered list of spoken units handed to the
 * speech engine (template alternatives, numbers and symbols, lexicon). */
#ifndef AUDIOLEAF_SPEECH_H
#define AUDIOLEAF_SPEECH_H

#include <stddef.h>

#include "leaflet.h"
#include "normalize.h"

enum speech_status {
    SPEECH_OK = 0,
    SPEECH_ENOMEM = -1,    /* out of memory */
    SPEECH_ELEXICON = -2,  /* a malformed lexicon line */
    SPEECH_ELEXDUP = -3,   /* a lexicon word listed twice */
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
 * lines; each word at most once (ASCII case ignored, as words are matched).  Returns 0
 * and a new lexicon in *OUT; SPEECH_ELEXICON with *LINE (when LINE is not NULL) the
 * first malformed line; SPEECH_ELEXDUP with *LINE the first line that repeats a word of
 * an earlier line; or SPEECH_ENOMEM.  On failure *OUT is NULL. */
int speech_lexicon_parse(const char *buf, size_t len, struct speech_lexicon **out, int *line);
void speech_lexicon_free(struct speech_lexicon *lex);

/* The phonemes of WORD (LEN bytes, ASCII case ignored) in LEX, or NULL (LEX may be NULL). */
const char *speech_lexicon_lookup(const struct speech_lexicon *lex, const char *word,
                                  size_t len);

/* Give LEX the speech rules of its language (taking ownership; NULL removes them).
 * speech_text() uses them for that language instead of the built-in copy. */
void speech_lexicon_set_rules(struct speech_lexicon *lex, struct speech_rules *rules);

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

/* Turn one piece of leaflet text into speech text: "[a/ b]" -> "a"; HTML-like tags
 * skipped; then the speech rules of LANGUAGE (those attached to LEX when their language
 * matches, else the built-in copy of voices/rules/LANG.ini; none for an unknown language):
 * phone numbers digit by digit, clock times, dates, units after numbers, ranges,
 * comparisons, symbols, abbreviations, acronyms spelt out, web and e-mail addresses;
 * "[[" from the text is split so it never opens eSpeak NG phoneme input; lexicon words
 * (whole, ASCII case ignored) become " [[phonemes]]" (always after a space: eSpeak NG
 * 1.51 drops a phoneme block right after '(' or a quote); blanks squeezed.  Returns a
 * new string or NULL when out of memory. */
char *speech_text(const char *text, const char *language, const struct speech_lexicon *lex);

/* As speech_text(), also adding to NOTES (when not NULL) what each rule changed, with
 * offsets into TEXT. */
char *speech_text_notes(const char *text, const char *language,
                        const struct speech_lexicon *lex, struct speech_notes *notes);

const char *speech_strerror(int status);

#endif
