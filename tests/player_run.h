/* player_run: what the in-process player tests share: a private folder with the XDG
 * state and config pointed into it, the bundled leaflet, and one whole run of the player
 * (open, play, close). */
#ifndef AUDIOLEAF_TEST_PLAYER_RUN_H
#define AUDIOLEAF_TEST_PLAYER_RUN_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "player.h"

/* Make the folder DIR (a mkdtemp template, changed in place), point XDG_STATE_HOME and
 * XDG_CONFIG_HOME at it, and name DIR/cache in CACHE and DIR/rec.wav in REC (each of
 * LEN bytes; NULL: not wanted).  Returns 0, or -1 with the reason printed. */
static inline int player_test_dir(char *dir, char *cache, char *rec, size_t len)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return -1;
    }
    setenv("XDG_STATE_HOME", dir, 1);
    setenv("XDG_CONFIG_HOME", dir, 1);
    if (cache)
        snprintf(cache, len, "%s/cache", dir);
    if (rec)
        snprintf(rec, len, "%s/rec.wav", dir);
    return 0;
}

/* The bundled content/hepatic-calcification.txt into PATH (LEN bytes).  Returns 0, or 77
 * (the test's skip status) with a line saying so when it is not there. */
static inline int player_test_leaflet(char *path, size_t len)
{
    const char *src = getenv("AUDIOLEAF_SRC");
    snprintf(path, len, "%s/content/hepatic-calcification.txt", src ? src : ".");
    if (access(path, R_OK) != 0) {
        printf("skip: %s is missing\n", path);
        return 77;
    }
    return 0;
}

/* Open a player with OPT, play PATH from its start or saved place into *RES, and close
 * it.  Returns the first failing player_status (its message printed), or 0. */
static inline int player_run(const struct player_options *opt, const char *path,
                             struct player_result *res)
{
    char err[1200] = "";
    struct player *p = NULL;
    int rc = player_open(opt, &p, err, sizeof err);
    if (rc) {
        fprintf(stderr, "player_open: %s\n", err);
        return rc;
    }
    rc = player_play(p, path, NULL, res, err, sizeof err);
    if (rc)
        fprintf(stderr, "player_play: %s\n", err);
    int rc2 = player_close(p);
    return rc ? rc : rc2;
}

#endif
