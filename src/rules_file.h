/* rules_file: finds and reads a language's speech rules file (VOICES/rules/LANG.ini), the
 * copy built into the program standing in when there is none. */
#ifndef AUDIOLEAF_RULES_FILE_H
#define AUDIOLEAF_RULES_FILE_H

#include <stddef.h>

#include "normalize.h"

/* The largest rules file read (a rules file is a few hundred lines). */
#define RULES_FILE_MAX (1u << 20)

/* Load the rules of LANGUAGE ("es-419" reads es.ini): the file in DIR/rules when it
 * exists (DIR NULL: voice_dir()), else the built-in copy.  Returns 0 with new rules in
 * *OUT, or 0 with *OUT NULL when the language has none; on a file that cannot be read
 * or parsed returns -1 with "PATH:LINE:1: message" (or "PATH: strerror") in ERR.  *PATH,
 * when not NULL, is set to the file used or "(built in)". */
int rules_file_load(const char *dir, const char *language, struct speech_rules **out,
                    char *path, size_t pathlen, char *err, size_t errlen);

#endif
