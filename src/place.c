/* place: when to save the listener's place while they listen, and saving it with a
 * message that names the state file and the reason. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "place.h"
#include "resume.h"

void place_init(struct place *pl)
{
    memset(pl, 0, sizeof *pl);
}

int place_due(const struct place *pl, size_t unit, size_t sentence, int rate, double now)
{
    if (pl->failed)
        return now - pl->at >= PLACE_EVERY;
    if (!pl->saved || pl->unit != unit || pl->rate != rate)
        return 1;
    return pl->sentence != sentence && now - pl->at >= PLACE_EVERY;
}

int place_save(struct place *pl, const char *leaflet_path, const struct leaflet *lf,
               const struct speech_script *sc, size_t unit, size_t sentence, int rate, double now,
               char *err, size_t errlen)
{
    struct resume_state rs;
    resume_describe(lf, sc, unit, sentence, rate, &rs);
    pl->at = now;
    errno = 0;
    if (resume_save(leaflet_path, &rs) == RESUME_OK) {
        pl->saved = 1;
        pl->failed = 0;
        pl->unit = unit;
        pl->sentence = sentence;
        pl->rate = rate;
        return 0;
    }
    int e = errno;
    char file[PATH_MAX + 100];
    pl->failed = 1;
    if (resume_file(leaflet_path, file, sizeof file) != RESUME_OK)
        snprintf(err, errlen,
                 "audioleaf play: cannot save the place: no state folder (set "
                 "XDG_STATE_HOME or HOME)");
    else
        snprintf(err, errlen, "audioleaf play: cannot save the place in %s: %s", file,
                 strerror(e ? e : EIO));
    return -1;
}
