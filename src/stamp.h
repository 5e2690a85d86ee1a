/* stamp: what a file's stat says of its identity and last change (device, inode, size,
 * mtime and ctime to the nanosecond), kept as text, so that a file checked once can be
 * known unchanged later without reading it (as ccache's inode cache and git's index do).
 * Any write to a file moves its ctime, which no program can set back. */
#ifndef AUDIOLEAF_STAMP_H
#define AUDIOLEAF_STAMP_H

#include <stddef.h>
#include <sys/stat.h>
#include <time.h>

/* A stamp is trusted only for files last changed at least this long before it was
 * taken: a change within the same timestamp tick would not show. */
#define STAMP_MIN_AGE_SECONDS 2

struct stamp {
    unsigned long long dev, ino;
    long long size;
    long long mtime_s, ctime_s;
    long mtime_ns, ctime_ns;
};

/* The stamp of ST. */
struct stamp stamp_of(const struct stat *st);

/* 1 when A and B are the same file, unchanged. */
int stamp_equal(const struct stamp *a, const struct stamp *b);

/* 1 when the file stamped S was last changed at least STAMP_MIN_AGE_SECONDS before
 * NOW, so that S may be kept. */
int stamp_settled(const struct stamp *s, time_t now);

/* Write S as "DEV INO SIZE MTIME CTIME" (times as SECONDS.NANOSECONDS) into BUF of CAP
 * bytes.  Returns the length, or 0 when it does not fit. */
int stamp_format(const struct stamp *s, char *buf, size_t cap);

/* Read a stamp written by stamp_format() at the start of TEXT into *S.  Returns the
 * number of characters it took, or 0 when TEXT does not start with one. */
int stamp_parse(const char *text, struct stamp *s);

#endif
