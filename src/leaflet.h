/* leaflet: the leaflet model (title, sections, paragraphs, list items, metadata)
 * and the parser that builds it from UTF-8 text held in memory. */
#ifndef AUDIOLEAF_LEAFLET_H
#define AUDIOLEAF_LEAFLET_H

#include <stddef.h>

/* The largest text leaflet_parse() and leaflet_load() accept (64 MiB). */
#define LEAFLET_MAX_BYTES (64u << 20)

/* Errors returned by leaflet_* functions (0 is success). */
enum leaflet_status {
    LEAFLET_OK = 0,
    LEAFLET_ENOMEM = -1,   /* out of memory */
    LEAFLET_EIO = -2,      /* the file could not be opened or read */
    LEAFLET_EEMPTY = -3,   /* empty or whitespace-only text */
    LEAFLET_EUTF8 = -4,    /* invalid UTF-8 */
    LEAFLET_ENUL = -5,     /* a NUL byte in the text */
    LEAFLET_ENOHEAD = -6,  /* no heading anywhere */
    LEAFLET_EFRONT = -7,   /* malformed front matter */
    LEAFLET_EBINARY = -8,  /* a control byte: binary data, not text */
    LEAFLET_ETOOBIG = -9,  /* more than LEAFLET_MAX_BYTES: not a leaflet */
};

/* Where and why parsing failed; line and column count from 1 (column in bytes). */
struct leaflet_error {
    int line;        /* 0 when the error is about the whole file (e.g. cannot open) */
    int column;
    char message[200];
};

/* What a section is; 0 is a plain heading. */
enum leaflet_kind {
    LEAFLET_KIND_HEADING = 0, /* a heading that is not a question */
    LEAFLET_KIND_QUESTION,    /* heading ends in '?' */
    LEAFLET_KIND_DISCLAIMER,  /* heading is "Disclaimer" (any case, optional ':') */
};

/* One list item: navigable on its own. */
struct leaflet_item {
    char id[32];    /* "s7.q1" */
    char *text;     /* text without the bullet or number, template alternatives kept as written */
    int line;       /* source line */
};

struct leaflet_section {
    char id[16];             /* "s1", "s2", ... */
    char *heading;           /* without a Markdown '#' prefix, trailing '?'/':' kept; ""
                              * for text that comes before the first heading */
    enum leaflet_kind kind;
    char **paragraphs;       /* lines of each paragraph joined with single spaces */
    int *paragraph_lines;    /* source line of each paragraph's first line */
    size_t *paragraph_after; /* for each paragraph, how many of the section's items are
                              * written before it: 0 before the list, n_items after it.
                              * Paragraphs and items interleave in this written order,
                              * which is the order they are spoken in (SPEC §2). */
    size_t n_paragraphs;
    struct leaflet_item *items;
    size_t n_items;
    int questions;           /* 1 when the items form a questions-to-ask list (all end in '?') */
    int line;                /* source line of the heading */
};

/* Where a leaflet's language came from; 0 is the default. */
enum leaflet_language_source {
    LEAFLET_LANGUAGE_DEFAULT = 0, /* none declared, none detected (yet): "en" */
    LEAFLET_LANGUAGE_DECLARED,    /* the front matter's 'language:' line */
    LEAFLET_LANGUAGE_DETECTED,    /* guessed from the text (src/langdetect.c) */
};

/* A parsed leaflet.  Owns every string in it; free with leaflet_free(). */
struct leaflet {
    char *title;             /* front matter title, else the first heading */
    char *language;          /* front matter language, else "en" (langdetect may change it) */
    enum leaflet_language_source language_source;
    char language_note[200]; /* why the language is what it is ("" after parsing) */
    char *voice;             /* front matter voice, or NULL */
    char *updated;           /* "December 2024" from a "Last updated ..." line, or NULL */
    char *updated_line;      /* the line as written ("Last updated December 2024"), or NULL */
    struct leaflet_section *sections;
    size_t n_sections;
};

/* Parse LEN bytes of BUF (need not be NUL-terminated).  On success stores a new
 * leaflet in *OUT and returns 0.  On failure returns a negative leaflet_status,
 * fills *ERR (when not NULL) and leaves *OUT NULL.  Any bytes are safe; time and
 * memory are linear in LEN.
 *
 * Rules beyond SPEC §2: a first line of a block is a heading when it ends in '?' or
 * ':' (under 200 characters), or is a short line (under 100 characters) that has no
 * final '.', '!', ',', ';' and no sentence break inside, does not start in lower
 * case nor end in a joining word ("and", "the", "de"...), and is followed by more
 * content (alone in its block) or by a line that does not start in lower case (a
 * wrapped sentence continues in lower case).  A first line ending in ':' that directly
 * introduces a list is instead that list's lead-in, a paragraph of the current section
 * (SPEC §2), when the section has a heading and the list, on the next line or in the next
 * block, starts in lower case (the sentence goes on in it); a '#' line, a disclaimer
 * heading and a line ending in ':' above a capitalised list ("How to listen:",
 * "Questions to ask:") stay headings.
 * A line of 3+ '-', '*', '_' or '=' separates blocks.  A line after a list item joins the item when indented or when
 * the item has no final punctuation.  Text before the
 * first heading goes into an opening section whose heading is "".  Errors: the
 * column counts bytes from 1 (a leading BOM not counted) and points at the first
 * byte of the bad UTF-8 sequence, the NUL or the control byte. */
int leaflet_parse(const char *buf, size_t len, struct leaflet **out, struct leaflet_error *err);

/* Read PATH and parse it, as leaflet_parse().  When PATH cannot be opened or read,
 * returns LEAFLET_EIO with line 0 and the message "cannot open: <strerror>". */
int leaflet_load(const char *path, struct leaflet **out, struct leaflet_error *err);

/* Write the message for a failed leaflet_parse()/leaflet_load() of PATH into BUF:
 * "PATH:LINE:COL: message" when the error has a position, else "PATH: message" (STATUS's
 * text when ERR has none).  Always NUL-terminates BUF (LEN > 0). */
void leaflet_error_format(const char *path, int status, const struct leaflet_error *err,
                          char *buf, size_t len);

/* Free a leaflet and everything in it; NULL is allowed. */
void leaflet_free(struct leaflet *lf);

/* Text for a status code. */
const char *leaflet_strerror(int status);

/* Index of the first questions-to-ask section, or -1 when there is none. */
long leaflet_questions_section(const struct leaflet *lf);

#endif
