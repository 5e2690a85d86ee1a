/* player/player.c: the session-wide part of the player: opening the keymap, key source,
 * cache, output and recorder, catching stop signals, and closing it all. */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cache.h"
#include "internal.h"
#include "keymap.h"
#include "out.h"
#include "ring.h"

/* ---- stopping on a signal ---------------------------------------------------------- */

/* SIGINT / SIGTERM / SIGHUP in any key source: the loop sees the flag, saves the place and ends;
 * player_close() then finishes the recording.  A signal handler can only reach a global:
 * this flag is the player's one piece of process-wide state (one player a process).  A
 * key source may put handlers of its own on top (the terminal does, and reports
 * INPUT_INTERRUPT instead). */
static volatile sig_atomic_t stop_signal;
static const int stop_signals[N_STOP_SIGNALS] = {SIGINT, SIGTERM, SIGHUP};

static void on_stop_signal(int sig)
{
    /* Repeats are not escalated: wrappers such as timeout(1) send the same signal twice
     * (to the process and to its group). */
    stop_signal = sig;
}

static void catch_stop_signals(struct sigaction old[N_STOP_SIGNALS])
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop_signal;
    stop_signal = 0;
    for (int i = 0; i < N_STOP_SIGNALS; i++)
        sigaction(stop_signals[i], &sa, &old[i]);
}

int player_stop_signal(void)
{
    return stop_signal;
}

static void release_stop_signals(const struct sigaction old[N_STOP_SIGNALS])
{
    for (int i = 0; i < N_STOP_SIGNALS; i++)
        sigaction(stop_signals[i], &old[i], NULL);
}

double player_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Write the recording ring into the --record file. */
void player_drain_rec(struct player *p)
{
    if (ring_drain_rec(p->sh, p->rec_failed ? NULL : p->rec) == OUT_OK || p->rec_failed)
        return;
    /* A full disk or a size limit: what was written is kept (its header is current),
     * the rest of the session plays on without recording.  Said now, not at the end. */
    p->rec_failed = 1;
    fprintf(stderr,
            "audioleaf play: %s: recording stopped: %s; the %.1f s recorded so far are "
            "kept, playing goes on\n",
            p->opt.record, strerror(out_file_error(p->rec)),
            (double)out_file_frames(p->rec) / RATE_HZ);
}

void player_nap(double seconds)
{
    struct timespec ts = {0, (long)(seconds * 1e9)};
    nanosleep(&ts, NULL);
}

/* ---- the session-wide part --------------------------------------------------------- */

static int config_keys(struct keymap *km, char *err, size_t errlen)
{
    char path[PATH_MAX];
    const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    keymap_defaults(km);
    if (x && x[0] == '/')
        snprintf(path, sizeof path, "%s/audioleaf/keys.conf", x);
    else if (home && *home)
        snprintf(path, sizeof path, "%s/.config/audioleaf/keys.conf", home);
    else
        return PLAYER_OK;
    int rc = keymap_load(km, path, err, errlen);
    if (rc == KEYMAP_OK || rc == KEYMAP_ENOENT)
        return PLAYER_OK;
    return PLAYER_EKEYMAP;
}

int player_open(const struct player_options *opt, struct player **out, char *err, size_t errlen)
{
    struct player *p = calloc(1, sizeof *p);
    if (!p || !(p->sh = calloc(1, sizeof *p->sh))) {
        free(p);
        snprintf(err, errlen, "audioleaf play: out of memory");
        return PLAYER_ENOMEM;
    }
    ring_init(p->sh, RATE_HZ);
    p->opt = *opt;
    /* Unit audio comes and goes in blocks of a megabyte or so: keep such blocks mapped
     * only while used (a fixed threshold stops glibc from moving them into the heap). */
    mallopt(M_MMAP_THRESHOLD, 64 * 1024);
    /* Before the key source, so that a source with handlers of its own goes on top. */
    catch_stop_signals(p->old_stop);
    place_saver_start(&p->saver); /* without it, places are saved on this thread */
    int rc = config_keys(&p->km, err, errlen);
    if (rc)
        goto fail;
    p->in = opt->input ? opt->input : opt->keys ? &input_script : &input_term;
    /* Tones on a phone line come from a phone keypad: it has '#', not '/'. */
    p->pad = !strcmp(p->in->name, "dtmf") ? ANNOUNCE_PAD_PHONE : ANNOUNCE_PAD_NUMPAD;
    const char *in_arg = opt->input ? opt->input_arg : opt->keys;
    if (p->in->open(in_arg, &p->in_h, err, errlen) != INPUT_OK) {
        p->in = NULL;
        rc = PLAYER_EINPUT;
        goto fail;
    }
    char cerr[1100];
    int crc = cache_open_err(opt->cache_dir, &p->cache, cerr, sizeof cerr);
    if (crc != CACHE_OK) {
        snprintf(err, errlen, "audioleaf play: cannot use the cache folder: %s", cerr);
        rc = PLAYER_ECACHE;
        goto fail;
    }
    if (opt->record && out_file_open(opt->record, RATE_HZ, &p->rec, err, errlen) != OUT_OK) {
        rc = PLAYER_ERECORD;
        goto fail;
    }
    atomic_store(&p->sh->rec_on, p->rec != NULL);
    p->out = opt->out ? opt->out : &out_portaudio;
    const char *device = opt->device;
    if (device && !opt->out && !strncmp(device, "null", 4) &&
        (device[4] == '\0' || device[4] == ':')) {
        p->out = &out_null; /* "null" or "null:realtime": no sound card wanted */
        device = device[4] ? device + 5 : NULL;
    }
    int orc =
        p->out->open(device, RATE_HZ, FRAMES_PER_BUFFER, ring_pull, p->sh, &p->out_h, err, errlen);
    if (orc != OUT_OK && opt->record && !opt->out && !opt->device) {
        if (!opt->quiet)
            fprintf(stderr,
                    "audioleaf play: no audio output device; recording into %s "
                    "only\n",
                    opt->record);
        p->out = &out_null;
        orc = p->out->open(NULL, RATE_HZ, FRAMES_PER_BUFFER, ring_pull, p->sh, &p->out_h, err,
                           errlen);
    }
    if (orc != OUT_OK) {
        p->out = NULL;
        rc = PLAYER_ENODEV;
        goto fail;
    }
    /* Started after the output, so no other thread writes while PortAudio's probing
     * noise is kept off stderr. */
    if (renderer_start(&p->rd, p->cache, opt->test_chunk_delay) != RENDERER_OK) {
        snprintf(err, errlen, "audioleaf play: cannot start the render thread");
        p->out->close(p->out_h);
        p->out = NULL;
        rc = PLAYER_ENOMEM;
        goto fail;
    }
    *out = p;
    return PLAYER_OK;
fail:
    if (p->in)
        p->in->close(p->in_h);
    cache_close(p->cache);
    out_file_close(p->rec, 0);
    place_saver_stop(&p->saver);
    release_stop_signals(p->old_stop);
    free(p->sh);
    free(p);
    return rc;
}

int player_close(struct player *p)
{
    if (!p)
        return PLAYER_OK;
    struct ring *sh = p->sh;
    int rc = PLAYER_OK;
    if (p->out) {
        /* Let the output take everything, then a few buffers of silence so the device
         * has the last frames before the stream stops. */
        double t0 = player_now();
        while (atomic_load(&sh->rpos) < atomic_load(&sh->wpos) && player_now() < t0 + 2.0) {
            player_drain_rec(p);
            player_nap(0.002);
        }
        atomic_store(&sh->closing, 1);
        size_t c0 = atomic_load(&sh->callbacks);
        t0 = player_now();
        while (atomic_load(&sh->callbacks) < c0 + 8 && player_now() < t0 + 1.0) {
            player_drain_rec(p);
            player_nap(0.002);
        }
        atomic_store(&sh->rec_on, 0);
        p->out->close(p->out_h);
    }
    player_drain_rec(p);
    if (p->rec) {
        size_t dropped = atomic_load(&sh->rec_dropped);
        if (dropped) {
            fprintf(stderr,
                    "audioleaf play: %s: recording fell behind; %zu frames were lost (the "
                    "rest is kept)\n",
                    p->opt.record, dropped);
            rc = PLAYER_ERECORD;
        }
        if (p->rec_failed)
            rc = PLAYER_ERECORD; /* said when it happened; what was written is kept */
        char part[PATH_MAX + 32];
        snprintf(part, sizeof part, "%s", out_file_part(p->rec));
        int orc = out_file_close(p->rec, 1);
        if (orc == OUT_ETARGET)
            fprintf(stderr,
                    "audioleaf play: %s is no longer a regular file; the recording is kept "
                    "in %s\n",
                    p->opt.record, part);
        else if (orc != OUT_OK)
            fprintf(stderr, "audioleaf play: cannot write %s: %s\n", p->opt.record,
                    strerror(errno));
        if (orc != OUT_OK)
            rc = PLAYER_ERECORD;
    }
    if (p->opt.stats) {
        double first = atomic_load(&sh->first_sound);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr, "audioleaf stats: output %s\n", p->out ? p->out->name : "none");
        if (first > 0)
            fprintf(stderr, "audioleaf stats: first sound %.1f ms after start\n",
                    (first - p->opt.t0) * 1000);
        latency_report(p);
        fprintf(stderr, "audioleaf stats: peak RSS %ld KB\n", ru.ru_maxrss);
    }
    if (p->place_failed && rc == PLAYER_OK)
        rc = PLAYER_ESTATE;
    if (p->in)
        p->in->close(p->in_h);
    renderer_stop(&p->rd);
    place_saver_stop(&p->saver);
    release_stop_signals(p->old_stop);
    cache_close(p->cache);
    free(p->sh);
    free(p);
    return rc;
}

const char *player_strerror(int status)
{
    switch (status) {
    case PLAYER_OK:
        return "success";
    case PLAYER_ENOMEM:
        return "out of memory";
    case PLAYER_ENODEV:
        return "no audio output device";
    case PLAYER_ELEAFLET:
        return "cannot read the leaflet";
    case PLAYER_EVOICE:
        return "cannot load the voice";
    case PLAYER_ECACHE:
        return "cannot use the cache";
    case PLAYER_EINPUT:
        return "cannot read keys";
    case PLAYER_ERECORD:
        return "cannot write the recording";
    case PLAYER_EKEYMAP:
        return "malformed keymap";
    case PLAYER_ESTATE:
        return "cannot save the place";
    default:
        return "unknown player error";
    }
}
