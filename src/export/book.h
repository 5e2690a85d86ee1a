/* book: the talking-book and e-book exports (DAISY 2.02, EPUB 3 with Media Overlays) of
 * one leaflet or a folder of them: the model is built, its audio encoded once as MP3, and
 * each format's writer (export/daisy.h, export/epub.h) run over the same files; plus the
 * small helpers the writers share. */
#ifndef AUDIOLEAF_EXPORT_BOOK_H
#define AUDIOLEAF_EXPORT_BOOK_H

#include <stddef.h>
#include <stdio.h>

#include "export/model.h"
#include "strbuf.h"

enum book_status {
    BOOK_OK = 0,
    BOOK_ENOMEM = -1, /* out of memory */
    BOOK_EIO = -2,    /* a folder or file cannot be made, written or renamed (errno said) */
    BOOK_EINPUT = -3, /* a leaflet, voice or lexicon is unusable, or the output is refused */
    BOOK_ECACHE = -4, /* a unit could not be rendered or read from the cache */
    BOOK_EAUDIO = -5, /* the MP3 encoder failed */
};

/* What to export. */
struct book_options {
    const char *input;     /* a leaflet file, or a folder of them (*.txt, one book each) */
    const char *daisy;     /* DAISY 2.02 book folder (a folder of books for a folder), or NULL */
    const char *epub;      /* EPUB file (a folder of .epub files for a folder), or NULL */
    const char *language;  /* NULL: each leaflet's own */
    const char *voice;     /* NULL: each leaflet's voice, else the language's default */
    const char *cache_dir; /* NULL: the default cache */
    FILE *progress;        /* one line per file written, NULL for quiet */
};

/* Export every book asked for.  For each leaflet the model is loaded (missing renders
 * made first), each unit encoded once as UNIT-ID.mp3, and the DAISY book and the EPUB
 * written from the same files.  A DAISY book is written in a staging folder beside its
 * final name and renamed into place when complete (an existing book folder is swapped out
 * whole; a folder that is neither empty nor an audioleaf DAISY book is refused); an EPUB
 * is zipped in a staging folder beside it, synced and renamed.  So a final name holds the
 * old book or the new one, never a part.  Returns 0, or a negative book_status with a
 * one-line message in ERR; books finished before a failure stay. */
int book_export(const struct book_options *o, char *err, size_t errlen);

const char *book_strerror(int status);

/* ---- shared by the writers ---- */

/* Append TEXT to B with &, <, >, " escaped for XML. */
void book_xml(struct sbuf *b, const char *text);

/* Append SECONDS as a clock value "h:mm:ss.fff" (SMIL 3 / EPUB media:duration), or with
 * DECIMALS 0 as "h:mm:ss" rounded (DAISY ncc:totalTime). */
void book_clock(struct sbuf *b, double seconds, int decimals);

/* The heading groups of M: unit I starts a group when it has a level (or is the first
 * unit); the group runs to the next such unit.  Returns the index after the group that
 * starts at I. */
size_t book_group_end(const struct export_model *m, size_t i);

/* Append the XHTML of units FROM..TO-1 of M: each heading part as <h1> (the title with
 * class "title") or <h2> (a question), each paragraph as <p>, consecutive list items as
 * one <ul>, and every sentence as <span id="UNIT-ID_K"> (K from 1 in its unit), the id
 * the SMIL files point at. */
void book_units_html(struct sbuf *b, const struct export_model *m, size_t from, size_t to);

/* Write LEN bytes of DATA to the new file DIR/NAME (mode 0644), flushed to disk.
 * Returns 0, or BOOK_EIO with "audioleaf export: PATH: strerror" in ERR. */
int book_write_file(const char *dir, const char *name, const void *data, size_t len,
                    char *err, size_t errlen);

/* The version string written as the generator of every book: "audioleaf VERSION". */
#define BOOK_GENERATOR "audioleaf " AUDIOLEAF_VERSION

#endif
