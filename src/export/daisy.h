/* daisy: a leaflet as a DAISY 2.02 talking book with full text and audio: ncc.html (the
 * navigation centre: the title, each section at level 1, each question at level 2),
 * content.html (the leaflet's own words, one span per sentence), one SMIL file per
 * heading tying each sentence to its clip of the unit MP3 files. */
#ifndef AUDIOLEAF_EXPORT_DAISY_H
#define AUDIOLEAF_EXPORT_DAISY_H

#include <stddef.h>

#include "export/model.h"

/* Write ncc.html, content.html and the SMIL files of M into DIR, which already holds
 * UNIT-ID.mp3 for every unit (export/book.h does that, then moves DIR into place).
 * Returns 0, or BOOK_ENOMEM / BOOK_EIO (see export/book.h) with a message in ERR. */
int export_daisy_write(const struct export_model *m, const char *dir, char *err,
                       size_t errlen);

#endif
