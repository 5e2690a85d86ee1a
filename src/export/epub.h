/* epub: a leaflet as an EPUB 3 e-book with Media Overlays: one XHTML document per
 * section (questions as headings one level below), every sentence an id tied by the
 * section's overlay to its clip of the unit MP3s, a navigation document, the durations
 * and EPUB Accessibility 1.1 metadata; zipped with libzip, mimetype first and stored. */
#ifndef AUDIOLEAF_EXPORT_EPUB_H
#define AUDIOLEAF_EXPORT_EPUB_H

#include <stddef.h>

#include "export/model.h"

/* Write the EPUB of M to the file OUT, taking UNIT-ID.mp3 from AUDIO_DIR.  libzip writes
 * the archive under a temporary name beside OUT and renames it over OUT when complete, so
 * OUT is the old file or the new one (export/book.h writes OUT in a staging folder and
 * renames it into place itself).  Returns 0, or BOOK_ENOMEM / BOOK_EIO (see
 * export/book.h) with a message in ERR. */
int export_epub_write(const struct export_model *m, const char *audio_dir, const char *out,
                      char *err, size_t errlen);

#endif
