/* player/latency.c: measuring the time from a key to the first frame of what it plays
 * (--stats). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

void latency_collect(struct session *s)
{
    struct player *p = s->p;
    if (!s->lat_mark_set)
        return;
    double t = atomic_load(&p->sh->lat_time);
    if (t == 0)
        return;
    if (p->n_lat < MAX_LAT) {
        p->lat_cmd[p->n_lat] = nav_cmd_name(s->key_cmd);
        p->lat[p->n_lat++] = t - s->key_time;
        if (p->opt.stats > 1)
            fprintf(stderr, "audioleaf stats: key %s: %.1f ms\n", nav_cmd_name(s->key_cmd),
                    (t - s->key_time) * 1000);
    }
    s->lat_mark_set = 0;
}

/* A key CMD was pressed now: its time is measured to the first frame of the next clip. */
void latency_key(struct session *s, enum nav_cmd cmd)
{
    s->key_time = player_now();
    s->key_cmd = cmd;
    s->key_pending = 1;
    s->lat_mark_set = 0;
    atomic_store(&s->p->sh->lat_mark, 0);
}

/* A clip starts at ring position W: the output notes when it hands that frame on. */
void latency_clip_start(struct session *s, size_t w)
{
    struct ring *sh = s->p->sh;
    if (s->key_pending) {
        s->lat_mark_set = w + 1;
        atomic_store(&sh->lat_time, 0.0);
        atomic_store(&sh->lat_mark, w + 1);
        s->key_pending = 0;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void latency_report(struct player *p)
{
    if (p->n_lat) {
        qsort(p->lat, p->n_lat, sizeof p->lat[0], cmp_double);
        fprintf(stderr,
                "audioleaf stats: key to first frame handed to the output: "
                "n=%zu median %.1f ms, max %.1f ms\n",
                p->n_lat, p->lat[p->n_lat / 2] * 1000, p->lat[p->n_lat - 1] * 1000);
    }
}
