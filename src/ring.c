/* ring: the frame ring between the play loop and the output thread, the recording ring,
 * and the output's pull (see ring.h). */
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "out.h"
#include "ring.h"

#define STARVE_SLACK 0.3   /* seconds a fast device may run ahead before silence */
#define PENDING_SLACK 0.02 /* ... and before silence inside a clip */
#define CLOCK_LEAK 1.001   /* our clock's pace against the device's (see ring_pull()) */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void ring_init(struct ring *r, int rate)
{
    memset(r, 0, sizeof *r);
    r->rate = rate;
}

void ring_pull(void *ctx, int16_t *dst, size_t n)
{
    struct ring *s = ctx;
    double now = now_s();
    if (s->origin == 0)
        s->origin = now;
    size_t filled = 0, first_r = 0, got = 0;
    while (filled < n) {
        size_t r = atomic_load_explicit(&s->rpos, memory_order_relaxed);
        size_t skip = atomic_load_explicit(&s->skip_to, memory_order_acquire);
        if (skip > r) {
            r = skip; /* flushed: what was queued is dropped */
            atomic_store_explicit(&s->rpos, r, memory_order_release);
        }
        size_t w = atomic_load_explicit(&s->wpos, memory_order_acquire);
        size_t k = w - r < n - filled ? w - r : n - filled;
        if (k > 0) {
            for (size_t i = 0; i < k; i++)
                dst[filled + i] = s->frames[(r + i) & (RING_FRAMES - 1)];
            if (got == 0)
                first_r = r;
            got += k;
            filled += k;
            atomic_fetch_add_explicit(&s->handed, k, memory_order_release);
            atomic_store_explicit(&s->rpos, r + k, memory_order_release);
            continue;
        }
        /* The clock runs 0.1 % fast here so that a sound card whose clock is a little
         * faster than ours never looks "ahead" after hours of playing. */
        double ahead = (double)(s->frames_out + filled) / s->rate - (now - s->origin) * CLOCK_LEAK;
        /* With a clip half written, frames are coming: wait for them rather than put
         * silence into the middle of it, as long as the device has some in hand. */
        int pending = atomic_load_explicit(&s->pending, memory_order_acquire);
        if (ahead <= STARVE_SLACK && !(pending && ahead > PENDING_SLACK))
            break;
        struct timespec ts = {0, 500000};
        nanosleep(&ts, NULL);
        now = now_s();
        if (atomic_load(&s->closing))
            break; /* stopping: silence, at most one buffer per half millisecond */
    }
    memset(dst + filled, 0, (n - filled) * sizeof *dst);
    s->frames_out += n;
    if (got > 0) {
        size_t mark = atomic_load(&s->lat_mark);
        if (mark && mark - 1 < first_r + got) {
            atomic_store(&s->lat_time, now);
            atomic_store(&s->lat_mark, 0);
        }
        if (atomic_load(&s->first_sound) == 0)
            atomic_store(&s->first_sound, now);
    }
    atomic_fetch_add(&s->callbacks, 1);
    if (atomic_load(&s->rec_on)) {
        size_t rw = atomic_load_explicit(&s->rec_w, memory_order_relaxed);
        size_t rr = atomic_load_explicit(&s->rec_r, memory_order_acquire);
        size_t room = RING_REC_FRAMES - (rw - rr);
        size_t m = n < room ? n : room;
        for (size_t i = 0; i < m; i++)
            s->rec[(rw + i) & (RING_REC_FRAMES - 1)] = dst[i];
        atomic_store_explicit(&s->rec_w, rw + m, memory_order_release);
        if (m < n)
            atomic_fetch_add(&s->rec_dropped, n - m);
    }
}

size_t ring_readpos(struct ring *r)
{
    size_t p = atomic_load_explicit(&r->rpos, memory_order_acquire);
    size_t k = atomic_load_explicit(&r->skip_to, memory_order_acquire);
    return p > k ? p : k;
}

size_t ring_queued(struct ring *r)
{
    return atomic_load_explicit(&r->wpos, memory_order_relaxed) - ring_readpos(r);
}

void ring_write(struct ring *r, const int16_t *src, size_t n)
{
    size_t w = atomic_load_explicit(&r->wpos, memory_order_relaxed);
    for (size_t i = 0; i < n; i++)
        r->frames[(w + i) & (RING_FRAMES - 1)] = src ? src[i] : 0;
    atomic_store_explicit(&r->wpos, w + n, memory_order_release);
}

void ring_stop(struct ring *r)
{
    atomic_store(&r->pending, 0);
    atomic_store_explicit(&r->skip_to, atomic_load(&r->wpos), memory_order_release);
}

int ring_drain_rec(struct ring *r, struct out_file *f)
{
    int rc = OUT_OK;
    size_t p = atomic_load_explicit(&r->rec_r, memory_order_relaxed);
    size_t w = atomic_load_explicit(&r->rec_w, memory_order_acquire);
    while (p < w) {
        size_t at = p & (RING_REC_FRAMES - 1);
        size_t n = w - p;
        if (n > RING_REC_FRAMES - at)
            n = RING_REC_FRAMES - at;
        if (f && rc == OUT_OK && out_file_write(f, r->rec + at, n) != OUT_OK)
            rc = OUT_EIO;
        p += n;
    }
    atomic_store_explicit(&r->rec_r, p, memory_order_release);
    return rc;
}
