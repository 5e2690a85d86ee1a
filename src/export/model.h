/* export model: "a leaflet ready to export", shared by every export format: its metadata,
 * its units in playing order with their headings, display text (the leaflet's own words,
 * never the speech text), sentences with their times, and each unit's rendered audio. */
#ifndef AUDIOLEAF_EXPORT_MODEL_H
#define AUDIOLEAF_EXPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>

enum export_model_status {
    EXPORT_MODEL_OK = 0,
    EXPORT_MODEL_ENOMEM = -1, /* out of memory */
    EXPORT_MODEL_EINPUT = -2, /* the leaflet, voice or lexicon is unusable (message says) */
    EXPORT_MODEL_ECACHE = -3, /* a unit could not be rendered or read from the cache */
};

/* What a unit is; 0 is a section. */
enum export_unit_kind {
    EXPORT_UNIT_SECTION = 0, /* a section: its heading and the paragraphs before its list */
    EXPORT_UNIT_TITLE,       /* the leaflet's title (a section whose heading is the title, or
                              * the title alone when the front matter names another one) */
    EXPORT_UNIT_QUESTION,    /* one item of the questions-to-ask list: a heading of its own */
    EXPORT_UNIT_ITEM,        /* any other list item */
    EXPORT_UNIT_PARAGRAPH,   /* a paragraph written after a list item */
    EXPORT_UNIT_DISCLAIMER,  /* the disclaimer section */
    EXPORT_UNIT_UPDATED,     /* the "last updated" line */
};

/* One sentence: its display text and where it is in its unit's audio. */
struct export_sentence {
    char *text;       /* the leaflet's own words (owned) */
    size_t part;      /* which part of the unit it belongs to (see export_unit) */
    double begin;     /* seconds from the start of the unit's audio (3 decimals) */
    double end;       /* > begin, <= the unit's seconds */
};

/* One unit: one audio file in every format. */
struct export_unit {
    char id[40];      /* "title", "s3", "s7-q2", "s7-p3", "updated": a file-name-safe id */
    enum export_unit_kind kind;
    int level;        /* 1 for a heading of the top level (title, section, disclaimer), 2
                       * for a question (one below its section), 0 for a unit that goes on
                       * under the heading before it (items, paragraphs, the updated line) */
    char *heading;    /* the heading as written (trailing ':' dropped), NULL when none */
    size_t n_parts;   /* parts: the heading (when there is one) then each paragraph; an
                       * item or the updated line is one paragraph */
    int has_heading;  /* 1 when part 0 is the heading */
    struct export_sentence *sentences; /* in order; every part has at least one */
    size_t n_sentences;
    char wav[1100];   /* the cache entry (16-bit mono WAV) */
    int rate;
    size_t n_frames;
    double seconds;   /* n_frames / rate, 3 decimals */
};

/* A leaflet ready to export.  Owns everything in it; free with export_model_free(). */
struct export_model {
    char *title;          /* display title */
    char language[16];    /* the language spoken (BCP 47 as the voice has it: "en", "es") */
    char date[11];        /* "yyyy-mm-dd": the leaflet's "last updated" month (its 1st day),
                           * else the file's modification date */
    char *updated;        /* the "last updated" value as written, or NULL */
    char source[256];     /* the leaflet's file name without its folders */
    char name[64];        /* the file name as an id (export_phone_name()) */
    char voice[64];       /* the voice profile's name */
    struct export_unit *units;
    size_t n_units;
    double seconds;       /* the sum of the units' seconds */
};

struct export_model_options {
    const char *leaflet;   /* the leaflet file */
    const char *language;  /* NULL: the leaflet's own */
    const char *voice;     /* NULL: the leaflet's voice, else the language's default */
    const char *cache_dir; /* NULL: the default cache */
    int n_workers;         /* render workers for missing units (0: one per core) */
};

/* Read the leaflet, render what the cache lacks (as render does: worker processes), and
 * build the model: units in playing order, each with its cache entry and sentences whose
 * times come from the entry's sentence marks (sentence k runs from mark k to mark k+1).
 * The display text of a sentence is found by lining up the leaflet's own sentences with
 * the speech text at each mark.  Returns 0 with *OUT set, or a negative
 * export_model_status with a one-line message in ERR ("FILE:LINE:COL: ..." for leaflet
 * errors) and *OUT NULL. */
int export_model_load(const struct export_model_options *o, struct export_model **out,
                      char *err, size_t errlen);

/* Free M and all it holds; NULL is allowed. */
void export_model_free(struct export_model *m);

/* The samples of unit U (16-bit mono at U->rate), read from its cache entry into a new
 * buffer (*SAMPLES, free()) of *N frames.  Returns 0, or EXPORT_MODEL_ECACHE with a
 * message in ERR (the entry was damaged or removed since it was loaded). */
int export_model_samples(const struct export_unit *u, int16_t **samples, size_t *n,
                         char *err, size_t errlen);

/* The unit kinds as words ("section", "title", "question", ...), for files and tests. */
const char *export_unit_kind_name(enum export_unit_kind k);

const char *export_model_strerror(int status);

#endif
