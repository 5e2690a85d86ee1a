/* stamp: a file's stat as a text stamp, and comparing it with the file now. */
#include <stdio.h>

#include "stamp.h"

struct stamp stamp_of(const struct stat *st)
{
    return (struct stamp){
        .dev = (unsigned long long)st->st_dev,
        .ino = (unsigned long long)st->st_ino,
        .size = (long long)st->st_size,
        .mtime_s = (long long)st->st_mtim.tv_sec,
        .mtime_ns = st->st_mtim.tv_nsec,
        .ctime_s = (long long)st->st_ctim.tv_sec,
        .ctime_ns = st->st_ctim.tv_nsec,
    };
}

int stamp_equal(const struct stamp *a, const struct stamp *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns &&
           a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns;
}

int stamp_settled(const struct stamp *s, time_t now)
{
    return s->mtime_s <= (long long)now - STAMP_MIN_AGE_SECONDS &&
           s->ctime_s <= (long long)now - STAMP_MIN_AGE_SECONDS;
}

int stamp_format(const struct stamp *s, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%llu %llu %lld %lld.%09ld %lld.%09ld", s->dev, s->ino, s->size,
                     s->mtime_s, s->mtime_ns, s->ctime_s, s->ctime_ns);
    return n > 0 && (size_t)n < cap ? n : 0;
}

int stamp_parse(const char *text, struct stamp *s)
{
    int used = 0;
    if (sscanf(text, "%llu %llu %lld %lld.%ld %lld.%ld%n", &s->dev, &s->ino, &s->size,
               &s->mtime_s, &s->mtime_ns, &s->ctime_s, &s->ctime_ns, &used) != 7)
        return 0;
    return used;
}
