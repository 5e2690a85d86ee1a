/* marks: the questions a listener marked in a leaflet's questions-to-ask list, kept per
 * leaflet beside its saved place (under the state folder), written atomically. */
#ifndef AUDIOLEAF_MARKS_H
#define AUDIOLEAF_MARKS_H

#include <stddef.h>

#include "leaflet.h"

/* Errors returned by marks_* functions (0 is success). */
enum marks_status {
    MARKS_OK = 0,
    MARKS_ENOENT = -1, /* nothing saved for this leaflet */
    MARKS_EIO = -2,    /* the state folder or file cannot be read or written (errno says why) */
    MARKS_EPARSE = -3, /* the file is damaged: it is ignored, as if nothing were marked */
};

/* The file holds "audioleaf marks 1" and then one "q TEXT" line per marked question, TEXT
 * as the leaflet writes it; a question is found again by its text, so that a leaflet
 * edited since keeps the marks of the questions it still asks. */

/* Set MARKED[i] (N entries: the items of LF's questions list, 0-based) to 1 for each
 * question named in the LEN bytes of BUF, 0 for the others.  Returns the number marked
 * (>= 0), or MARKS_EPARSE when BUF is not a marks file (MARKED all 0 then). */
int marks_parse(const char *buf, size_t len, const struct leaflet *lf, unsigned char *marked,
                size_t n);

/* The marks file of the leaflet at LEAFLET_PATH (the saved place's file, ".marks" for
 * ".state").  Returns 0, or MARKS_EIO when no state folder can be named. */
int marks_file(const char *leaflet_path, char *out, size_t len);

/* Read the marks of the leaflet at LEAFLET_PATH into MARKED (as marks_parse()).  Returns
 * the number marked, MARKS_ENOENT (none saved), MARKS_EIO (unreadable, or a state folder
 * another user can write) or MARKS_EPARSE; MARKED is all 0 on any failure. */
int marks_load(const char *leaflet_path, const struct leaflet *lf, unsigned char *marked,
               size_t n);

/* Save the questions set in MARKED (N entries, as marks_parse()) for LEAFLET_PATH: a
 * temporary file, fsync, rename; the folder is made, private.  Returns 0, or MARKS_EIO
 * with errno set; the old file is then unchanged. */
int marks_save(const char *leaflet_path, const struct leaflet *lf, const unsigned char *marked,
               size_t n);

const char *marks_strerror(int status);

#endif
