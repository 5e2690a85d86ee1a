/* normalize: a language's speech rules (voices/rules/LANG.ini: the words for numbers,
 * units, times, dates, phone numbers, abbreviations) and the pass that applies them to
 * leaflet text before it reaches the speech engine.  Pure: libc only. */
#ifndef AUDIOLEAF_NORMALIZE_H
#define AUDIOLEAF_NORMALIZE_H

#include <stddef.h>

/* Errors of speech_rules_parse(); 0 is success. */
enum speech_rules_status {
    SPEECH_RULES_OK = 0,
    SPEECH_RULES_ENOMEM = -1, /* out of memory */
    SPEECH_RULES_ESYNTAX = -2, /* a line that is neither [section], key = value nor comment */
    SPEECH_RULES_ESECTION = -3, /* a section audioleaf does not know */
    SPEECH_RULES_EVALUE = -4,  /* a value that is not valid for its key */
};

/* Parsed rules of one language; owns its strings. */
struct speech_rules;

/* Parse rules from LEN bytes of BUF (need not be NUL-terminated) for LANGUAGE (its
 * code is kept, e.g. "en").  Returns 0 and new rules in *OUT, or a negative
 * speech_rules_status with *OUT NULL and *LINE set to the line at fault (1-based). */
int speech_rules_parse(const char *buf, size_t len, const char *language,
                       struct speech_rules **out, int *line);
void speech_rules_free(struct speech_rules *r);
const char *speech_rules_strerror(int status);

/* The language code the rules were parsed for. */
const char *speech_rules_language(const struct speech_rules *r);

/* The rules built into the program for LANGUAGE (a copy of voices/rules/CODE.ini made at
 * build time; "es-419" finds "es"), or NULL with *LEN 0 when there are none. */
const char *speech_rules_builtin(const char *language, size_t *len);

/* What one rule did to the written text: for `audioleaf check` and `script --explain`. */
struct speech_note {
    const char *rule;  /* static name: "phone", "time", "date", "unit", "acronym", ... */
    size_t offset;     /* where the written text starts in the text given, in bytes */
    size_t len;        /* its length in bytes */
    char *said;        /* what is said instead (owned) */
    const char *doubt; /* NULL when sure; else why the reading may be wrong (static) */
};

struct speech_notes {
    struct speech_note *v;
    size_t n, cap;
};

struct speech_lexicon;

/* Apply rules R (NULL: only template alternatives, tags and "[[" splitting) and the
 * lexicon LEX (may be NULL) to TEXT; record what changed in NOTES (may be NULL).
 * Returns a new string, or NULL when out of memory.  Used by speech_text(). */
char *speech_normalize(const char *text, const struct speech_rules *r,
                       const struct speech_lexicon *lex, struct speech_notes *notes);

/* Free the notes' contents and empty the list (the struct itself is the caller's). */
void speech_notes_clear(struct speech_notes *notes);

#endif
