/* test_place: when the place is saved while the listener listens (a new unit or speed at
 * once, a new sentence every PLACE_EVERY seconds, a retry after a failure no sooner), what
 * is saved reads back, and a failed save names the state file and the reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leaflet.h"
#include "place.h"
#include "resume.h"
#include "speech.h"
#include "check.h"
#include "tmpdir.h"

static const char text[] = "# First part\n\nOne. Two. Three.\n\n# Second part\n\nFour.\n";

int main(void)
{
    struct place pl;
    place_init(&pl);
    /* Nothing saved yet: due at once. */
    CHECK(place_due(&pl, 0, 0, 160, 100.0));
    pl.saved = 1;
    pl.unit = 0;
    pl.sentence = 0;
    pl.rate = 160;
    pl.at = 100.0;
    CHECK(!place_due(&pl, 0, 0, 160, 200.0));                     /* unchanged: never */
    CHECK(place_due(&pl, 1, 0, 160, 100.1));                      /* another unit: at once */
    CHECK(place_due(&pl, 0, 0, 180, 100.1));                      /* another speed: at once */
    CHECK(!place_due(&pl, 0, 2, 160, 100.0 + PLACE_EVERY - 0.1)); /* a sentence: later */
    CHECK(place_due(&pl, 0, 2, 160, 100.0 + PLACE_EVERY));
    pl.failed = 1; /* after a failure, not again at once even for a new unit */
    CHECK(!place_due(&pl, 1, 0, 160, 100.5));
    CHECK(place_due(&pl, 1, 0, 160, 100.0 + PLACE_EVERY));

    struct leaflet *lf = NULL;
    struct leaflet_error le;
    struct speech_script *sc = NULL;
    CHECK(leaflet_parse(text, sizeof text - 1, &lf, &le) == LEAFLET_OK);
    CHECK(lf && speech_script_make(lf, NULL, NULL, &sc) == 0);
    char dir[] = "/tmp/audioleaf-test-place-XXXXXX";
    if (!lf || !sc || !mkdtemp(dir))
        return 1;
    char state[600], leaflet[600], err[1200] = "";
    snprintf(state, sizeof state, "%s/state", dir);
    snprintf(leaflet, sizeof leaflet, "%s/leaflet.txt", dir);
    setenv("XDG_STATE_HOME", state, 1);

    place_init(&pl);
    CHECK(place_save(&pl, leaflet, lf, sc, 1, 0, 170, 5.0, err, sizeof err) == 0);
    CHECK(pl.saved && pl.unit == 1 && pl.rate == 170 && pl.at == 5.0 && !pl.failed);
    struct resume_state rs;
    CHECK(resume_load(leaflet, &rs) == RESUME_OK);
    CHECKF(!strcmp(rs.unit, sc->units[1].id) && rs.rate == 170, "read back %s at %d", rs.unit,
           rs.rate);

    /* The saver thread: the latest place handed wins, and is on disk after a flush. */
    struct place_saver ps;
    CHECK(place_saver_start(&ps) == 0);
    place_saver_post(&ps, &pl, leaflet, lf, sc, 0, 1, 150, 6.0);
    place_saver_post(&ps, &pl, leaflet, lf, sc, 1, 0, 190, 7.0);
    CHECK(pl.saved && pl.unit == 1 && pl.rate == 190 && pl.at == 7.0);
    place_saver_flush(&ps);
    CHECK(place_saver_error(&ps, &pl, 7.5, err, sizeof err) == 0);
    CHECK(resume_load(leaflet, &rs) == RESUME_OK);
    CHECKF(!strcmp(rs.unit, sc->units[1].id) && rs.rate == 190, "saver wrote %s at %d", rs.unit,
           rs.rate);

    /* A state folder that is a file: the message names the state file and ENOTDIR. */
    char file[700];
    snprintf(file, sizeof file, "%s/afile", dir);
    FILE *f = fopen(file, "w");
    if (f)
        fclose(f);
    setenv("XDG_STATE_HOME", file, 1);
    char where[1000];
    CHECK(resume_file(leaflet, where, sizeof where) == RESUME_OK);
    CHECK(place_save(&pl, leaflet, lf, sc, 0, 0, 170, 9.0, err, sizeof err) == -1);
    CHECK(pl.failed && pl.at == 9.0 && pl.unit == 1); /* what was saved is still known */
    CHECKF(strstr(err, where) && strstr(err, "Not a directory"), "message: %s", err);
    /* The same, found by the saver: reported once by place_saver_error(). */
    place_saver_post(&ps, &pl, leaflet, lf, sc, 0, 0, 170, 10.0);
    place_saver_flush(&ps);
    err[0] = '\0';
    CHECK(place_saver_error(&ps, &pl, 10.5, err, sizeof err) == -1);
    CHECKF(strstr(err, where) && strstr(err, "Not a directory"), "saver's message: %s", err);
    CHECK(pl.failed && pl.at == 10.5);
    CHECK(place_saver_error(&ps, &pl, 11.0, err, sizeof err) == 0);
    place_saver_stop(&ps);
    /* No state folder at all. */
    unsetenv("XDG_STATE_HOME");
    char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    unsetenv("HOME");
    CHECK(place_save(&pl, leaflet, lf, sc, 0, 0, 170, 9.0, err, sizeof err) == -1);
    CHECKF(strstr(err, "no state folder") != NULL, "message: %s", err);
    if (home)
        setenv("HOME", home, 1);
    free(home);
    speech_script_free(sc);
    leaflet_free(lf);
    tmpdir_remove(dir);
    if (failures)
        return 1;
    printf("test_place: ok\n");
    return 0;
}
