/* ring: the frames the play loop hands to the output thread (one writer, one reader,
 * lock-free), the recording ring the output fills for --record, and the output's pull,
 * which waits for a clip being written instead of putting silence into it. */
#ifndef AUDIOLEAF_RING_H
#define AUDIOLEAF_RING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "out.h"

#define RING_FRAMES 16384          /* power of two */
#define RING_REC_FRAMES (1u << 18) /* recording ring: 11.9 s at 22050 Hz */

/* Shared by the loop (writes frames, reads positions) and the output thread (pulls).
 * The fields are the interface: atomics, read and written as commented. */
struct ring {
    int16_t frames[RING_FRAMES];
    atomic_size_t wpos;      /* frames written by the loop (monotonic) */
    atomic_size_t rpos;      /* frames taken by the output (monotonic) */
    atomic_size_t skip_to;   /* flush: the output jumps its read position here */
    atomic_size_t handed;    /* ring frames handed to the output (output time) */
    atomic_size_t callbacks; /* pull calls so far */
    int16_t rec[RING_REC_FRAMES];
    atomic_size_t rec_w, rec_r, rec_dropped;
    atomic_int rec_on;
    atomic_size_t lat_mark;     /* ring position + 1 whose hand-over is timed, 0: none */
    _Atomic double lat_time;    /* when it was handed */
    _Atomic double first_sound; /* when the first ring frame was handed, 0: not yet */
    atomic_int closing;         /* 1: never wait for frames, the stream is stopping */
    atomic_int pending;         /* 1: the loop is in the middle of writing a clip */
    int rate; /* frames per second of the stream: the pace of ring_pull()'s clock */
    /* Output thread only. */
    double origin;     /* when the first pull came */
    size_t frames_out; /* frames given to the device so far */
};

/* Make R empty, for a stream of RATE frames per second. */
void ring_init(struct ring *r, int rate);

/* The output's pull (an out_pull_fn; CTX is the ring): frames from the ring, silence when
 * it is empty; every frame given to the device also goes into the recording ring (when
 * rec_on).  A device faster than real time waits for frames rather than play silence
 * while it is ahead of the clock (always while a clip is pending, as long as it has some
 * in hand), so that clips stay whole and silence runs at the pace of the clock. */
void ring_pull(void *ctx, int16_t *dst, size_t n);

/* Loop side: where the output will read next (after a flush, the flush point). */
size_t ring_readpos(struct ring *r);

/* Loop side: frames written and not yet taken. */
size_t ring_queued(struct ring *r);

/* Loop side: append N frames of SRC (NULL: silence).  The caller keeps N within the room
 * left (RING_FRAMES minus ring_queued()). */
void ring_write(struct ring *r, const int16_t *src, size_t n);

/* Loop side: drop everything queued and tell the output no clip is pending (stop now). */
void ring_stop(struct ring *r);

/* Loop side: write what the output put in the recording ring into F (NULL: drop it).
 * Returns 0, or OUT_EIO when F could not be written (the frames are dropped). */
int ring_drain_rec(struct ring *r, struct out_file *f);

#endif
