/* test_renderer_stop: stopping the player's render thread always ends: a thread that
 * stops as told lets renderer_stop() return at once, and one stuck inside a render (a test
 * hook sleeps 600 s in the middle of the audio, as a hung engine or read would) ends the
 * process within seconds with status 1 and a line saying why, instead of hanging. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "renderer.h"
#include "check.h"
#include "test_voice.h"
#include "tmpdir.h"

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

/* In a child: start a renderer slowed by DELAY seconds per piece of audio, render TEXT,
 * wait until its first audio is there, then stop it.  Exits 0 when renderer_stop()
 * returned, 3 when the setup failed. */
static void child(const char *cache_dir, double delay, const char *text)
{
    struct cache *c = NULL;
    if (cache_open(cache_dir, &c) != CACHE_OK)
        _exit(3);
    struct voice_profile v = test_voice(175, NULL);
    struct renderer r;
    if (renderer_start(&r, c, delay) != RENDERER_OK ||
        renderer_submit(&r, RENDERER_UNIT, 0, 175, text, NULL, &v, 0) != RENDERER_OK)
        _exit(3);
    double t0 = now();
    for (;;) {
        struct renderer_live *l = renderer_live_get(&r, 0, 175);
        size_t frames = 0;
        int complete = 0;
        if (l) {
            int16_t s;
            renderer_live_read(&r, l, 0, &s, 1, &frames, &complete);
            renderer_live_put(&r, l);
        }
        if (frames > 0 || complete)
            break;
        struct renderer_done *d = renderer_take_done(&r);
        if (d) {
            renderer_done_free(d);
            break; /* finished already (a fast engine with no delay) */
        }
        if (now() - t0 > 60)
            _exit(3);
        nap(0.005);
    }
    renderer_stop(&r);
    cache_close(c);
    _exit(0);
}

/* Run child() and wait at most LIMIT seconds.  Returns its wait status, or -1 when it was
 * still running (then killed); *SECONDS gets how long it ran. */
static int run(const char *cache_dir, double delay, double limit, double *seconds)
{
    fflush(NULL);
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0)
        child(cache_dir, delay,
              "The liver is a large organ under the ribs on the right side of the body. "
              "It cleans the blood and stores energy for the day.");
    int status = -1;
    while (pid > 0) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (now() - t0 > limit) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            status = -1;
            break;
        }
        nap(0.05);
    }
    *seconds = now() - t0;
    return status;
}

int main(void)
{
    char dir[] = "/tmp/test_renderer_stop_XXXXXX", cache[200];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(cache, sizeof cache, "%s/cache", dir);
    double took;
    int st = run(cache, 0, 120, &took);
    CHECKF(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
           "a renderer that stops as told: status %d after %.1f s", st, took);
    /* Stuck for 600 s in the middle of a unit: the process must end within seconds. */
    st = run(cache, 600, 60, &took);
    CHECKF(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 1,
           "a stuck render thread ends the process with status 1: status %d after %.1f s "
           "(-1: still running after 60 s)",
           st, took);
    CHECKF(took < 30, "it ended after %.1f s", took);
    tmpdir_remove(dir);
    return failures ? 1 : 0;
}
