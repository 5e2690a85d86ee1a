/* test_renderer_queue: the player's render queue takes a leaflet of 100 000 units in
 * linear time (each job used to be appended by walking to the tail: about 5e9 steps,
 * many seconds), and jobs of equal priority still render in the order they came. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "renderer.h"
#include "check.h"
#include "test_voice.h"
#include "tmpdir.h"

#define JOBS 100000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

int main(void)
{
    char dir[] = "/tmp/audioleaf-test-rq-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    struct cache *c = NULL;
    if (cache_open(dir, &c) != CACHE_OK) {
        fprintf(stderr, "cannot open a cache in %s\n", dir);
        tmpdir_remove(dir);
        return 1;
    }
    struct voice_profile vp = test_voice(160, NULL);
    struct renderer r;
    /* Each piece of audio takes 0.2 s more: the first unit keeps the thread busy while
     * the queue is filled, so what is timed is the queue alone. */
    CHECK(renderer_start(&r, c, 0.2) == RENDERER_OK);
    const char *busy = "This sentence keeps the render thread busy for a while. And this one.";
    CHECK(renderer_submit(&r, RENDERER_UNIT, 0, 160, busy, NULL, &vp, 0) == RENDERER_OK);
    struct renderer_live *l = NULL;
    for (double t0 = now(); !(l = renderer_live_get(&r, 0, 160)) && now() < t0 + 60;)
        nap(0.01);
    CHECK(l != NULL);
    renderer_live_put(&r, l);

    /* Two announcements of equal priority, then a leaflet's worth of units behind them. */
    CHECK(renderer_submit(&r, RENDERER_SAY, 0, 160, NULL, "First.", &vp, -1) == RENDERER_OK);
    CHECK(renderer_submit(&r, RENDERER_SAY, 0, 160, NULL, "Second.", &vp, -1) == RENDERER_OK);
    static const char unit_text[] = "A unit.";
    double t0 = now();
    for (size_t u = 1; u <= JOBS; u++) {
        if (renderer_submit(&r, RENDERER_UNIT, u, 160, unit_text, NULL, &vp, 10 + (int)u)) {
            CHECK(!"renderer_submit failed");
            break;
        }
    }
    double took = now() - t0;
    printf("%d jobs queued in %.1f ms\n", JOBS, took * 1e3);
    CHECKF(took < 2.0, "queueing %d jobs took %.2f s", JOBS, took);

    /* Stop the busy unit: the two announcements come next, in the order they came. */
    renderer_drop_units(&r);
    char order[2][16] = {"", ""};
    size_t got = 0;
    for (double t1 = now(); got < 2 && now() < t1 + 60;) {
        struct renderer_done *d = renderer_take_done(&r);
        for (struct renderer_done *x = d; x; x = x->next) {
            if (x->kind == RENDERER_SAY && got < 2)
                snprintf(order[got++], sizeof order[0], "%s", x->text);
        }
        renderer_done_free(d);
        nap(0.01);
    }
    CHECKF(got == 2 && !strcmp(order[0], "First.") && !strcmp(order[1], "Second."),
           "announcements rendered as '%s', '%s'", order[0], order[1]);
    renderer_drain(&r);
    renderer_stop(&r);
    cache_close(c);
    tmpdir_remove(dir);
    if (failures)
        return 1;
    printf("test_renderer_queue: ok\n");
    return 0;
}
