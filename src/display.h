/* display: what the player prints on a terminal: the leaflet's own words made safe for
 * screen readers and braille displays (no control characters, one line, bounded). */
#ifndef AUDIOLEAF_DISPLAY_H
#define AUDIOLEAF_DISPLAY_H

#include <stddef.h>

/* Copy UTF-8 text SRC into DST (LEN bytes, LEN > 4) as one printable line: C0 controls
 * and DEL are dropped (tab, CR and LF become a space), so are C1 controls (U+0080 to
 * U+009F, which a terminal may take as escape sequences), and so is any byte that is not
 * part of valid UTF-8; text longer than MAX bytes (0: what fits) is cut at a character
 * boundary and ends in "...".  Never fails; NULL SRC gives "". */
void display_clean(const char *src, size_t max, char *dst, size_t len);

#endif
