/* place: when to save the listener's place while they listen, saving it with a message
 * that names the state file and the reason, and the thread that saves it meanwhile. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "place.h"
#include "resume.h"

static void failure(const char *leaflet_path, int e, char *err, size_t errlen);

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
    pl->failed = 1;
    failure(leaflet_path, e, err, errlen);
    return -1;
}

/* The message of a failed resume_save() of LEAFLET_PATH with errno E into ERR. */
static void failure(const char *leaflet_path, int e, char *err, size_t errlen)
{
    char file[PATH_MAX + 100];
    if (resume_file(leaflet_path, file, sizeof file) != RESUME_OK)
        snprintf(err, errlen,
                 "audioleaf play: cannot save the place: no state folder (set "
                 "XDG_STATE_HOME or HOME)");
    else
        snprintf(err, errlen, "audioleaf play: cannot save the place in %s: %s", file,
                 strerror(e ? e : EIO));
}

static void *saver_run(void *arg)
{
    struct place_saver *ps = arg;
    pthread_mutex_lock(&ps->mu);
    for (;;) {
        while (!ps->pending && !ps->stop)
            pthread_cond_wait(&ps->cv, &ps->mu);
        if (!ps->pending)
            break; /* stop, nothing left */
        char path[PATH_MAX];
        struct resume_state rs = ps->rs;
        memcpy(path, ps->path, sizeof path);
        ps->pending = 0;
        ps->busy = 1;
        pthread_mutex_unlock(&ps->mu);
        errno = 0;
        int rc = resume_save(path, &rs);
        int e = errno;
        char msg[sizeof ps->err] = "";
        if (rc != RESUME_OK)
            failure(path, e, msg, sizeof msg);
        pthread_mutex_lock(&ps->mu);
        if (rc != RESUME_OK)
            memcpy(ps->err, msg, sizeof msg);
        ps->busy = 0;
        pthread_cond_broadcast(&ps->cv);
    }
    pthread_mutex_unlock(&ps->mu);
    return NULL;
}

int place_saver_start(struct place_saver *ps)
{
    memset(ps, 0, sizeof *ps);
    pthread_mutex_init(&ps->mu, NULL);
    pthread_cond_init(&ps->cv, NULL);
    if (pthread_create(&ps->thread, NULL, saver_run, ps) != 0) {
        pthread_mutex_destroy(&ps->mu);
        pthread_cond_destroy(&ps->cv);
        return -1;
    }
    ps->started = 1;
    return 0;
}

void place_saver_post(struct place_saver *ps, struct place *pl, const char *leaflet_path,
                      const struct leaflet *lf, const struct speech_script *sc, size_t unit,
                      size_t sentence, int rate, double now)
{
    if (!ps->started) {
        char err[sizeof ps->err];
        if (place_save(pl, leaflet_path, lf, sc, unit, sentence, rate, now, err, sizeof err))
            snprintf(ps->err, sizeof ps->err, "%s", err);
        return;
    }
    pthread_mutex_lock(&ps->mu);
    resume_describe(lf, sc, unit, sentence, rate, &ps->rs);
    snprintf(ps->path, sizeof ps->path, "%s", leaflet_path);
    ps->pending = 1;
    pthread_cond_broadcast(&ps->cv);
    pthread_mutex_unlock(&ps->mu);
    pl->saved = 1;
    pl->failed = 0;
    pl->unit = unit;
    pl->sentence = sentence;
    pl->rate = rate;
    pl->at = now;
}

int place_saver_error(struct place_saver *ps, struct place *pl, double now, char *err,
                      size_t errlen)
{
    if (ps->started)
        pthread_mutex_lock(&ps->mu);
    int failed = ps->err[0] != '\0';
    if (failed) {
        snprintf(err, errlen, "%s", ps->err);
        ps->err[0] = '\0';
        pl->failed = 1;
        pl->at = now;
    }
    if (ps->started)
        pthread_mutex_unlock(&ps->mu);
    return failed ? -1 : 0;
}

void place_saver_flush(struct place_saver *ps)
{
    if (!ps->started)
        return;
    pthread_mutex_lock(&ps->mu);
    while (ps->pending || ps->busy)
        pthread_cond_wait(&ps->cv, &ps->mu);
    pthread_mutex_unlock(&ps->mu);
}

void place_saver_stop(struct place_saver *ps)
{
    if (!ps->started)
        return;
    pthread_mutex_lock(&ps->mu);
    ps->stop = 1;
    pthread_cond_broadcast(&ps->cv);
    pthread_mutex_unlock(&ps->mu);
    pthread_join(ps->thread, NULL);
    pthread_mutex_destroy(&ps->mu);
    pthread_cond_destroy(&ps->cv);
    ps->started = 0;
}
