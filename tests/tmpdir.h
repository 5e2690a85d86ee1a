/* tmpdir: removing a test's private folder and all it holds at the end of a run. */
#ifndef AUDIOLEAF_TEST_TMPDIR_H
#define AUDIOLEAF_TEST_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>

/* Remove DIR and everything below it; a failure is only reported (the test's verdict
 * does not depend on it). */
static inline void tmpdir_remove(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "warning: could not remove %s\n", dir);
}

#endif
