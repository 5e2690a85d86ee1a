/* stats: the opt-in listening log (JSON lines: which unit of which leaflet was heard, for
 * how long, finished or skipped, the hour it happened; nothing about the listener) and
 * its summary per leaflet and section. */
#ifndef AUDIOLEAF_STATS_H
#define AUDIOLEAF_STATS_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

/* Errors returned by stats_* functions (0 is success). */
enum stats_status {
    STATS_OK = 0,
    STATS_ENOMEM = -1, /* out of memory */
    STATS_EIO = -2,    /* the log cannot be created, written or read (errno kept) */
    STATS_EINVAL = -3, /* a missing field, or no place for the log ($XDG_STATE_HOME, $HOME) */
    STATS_ELINE = -4,  /* a log line is not a listening record (see stats_add_line) */
    STATS_ENOTREG = -5, /* the log is not a regular file (a FIFO, a device, ...) */
};

/* The longest log line read, in bytes without its '\n'; longer lines are skipped as
 * damaged.  Records written stay far below it (stats_format() clips long names). */
#define STATS_LINE_MAX 65536

/* One unit that stopped playing. */
struct stats_record {
    const char *leaflet;  /* the leaflet's file name without its folder */
    const char *title;    /* the leaflet's title */
    const char *language; /* the leaflet's language code, may be NULL */
    const char *unit;     /* unit id: "s3", "s7.q2", "updated" */
    const char *heading;  /* the heading of the unit's section, may be NULL */
    double seconds;       /* how much of it was heard, in seconds at the speed played */
    int finished;         /* 1: played to its end; 0: skipped (left before its end) */
    time_t when;          /* when it stopped; written rounded down to the hour (UTC) */
};

/* 1 when logging is switched on: FLAG (play --log) is 1, or $AUDIOLEAF_LOG is set to
 * anything but "" or "0". */
int stats_enabled(int flag);

/* The log file: $XDG_STATE_HOME/audioleaf/listening.jsonl, or, when XDG_STATE_HOME is
 * unset or not absolute, $HOME/.local/state/audioleaf/listening.jsonl.  Returns 0 with the
 * path in BUF, STATS_EINVAL (no place) or STATS_ENOMEM (BUF too small). */
int stats_log_path(char *buf, size_t len);

/* The JSON line (with its '\n') for R, in *LINE (caller frees); the leaflet name, title,
 * unit and heading are each clipped to 1024 bytes (at a character boundary), so a line
 * stays under STATS_LINE_MAX.  Returns 0, STATS_EINVAL (LEAFLET or UNIT missing) or
 * STATS_ENOMEM. */
int stats_format(const struct stats_record *r, char **line);

/* Append R as one whole line to the log at PATH (NULL: stats_log_path()), creating the
 * file (0600) and its folder (0700) when missing.  The line is written under an exclusive
 * flock() on an O_APPEND descriptor, so lines of several players never mix; a log whose
 * last line has no '\n' (cut short by a crash) gets one first, so the record is never
 * merged into it.  A write that fails part way (a full disk) is rolled back: the file is
 * truncated to its old length, so it never ends in half a record.  Returns 0, STATS_EIO
 * (errno kept; nothing written), STATS_ENOTREG (PATH is a FIFO, device, ...: nothing
 * written, never blocks), STATS_EINVAL or STATS_ENOMEM. */
int stats_append(const char *path, const struct stats_record *r);

/* ---- following a playing unit (for the player) ----------------------------------- */

/* What the player is playing, to be logged when it stops.  Zero it before use; LEAFLET,
 * TITLE and LANGUAGE must outlive it.  Functions do nothing when ON is 0. */
struct stats_tracker {
    int on;              /* 1: log (stats_enabled()) */
    const char *leaflet; /* file name (the tracker points into the path given) */
    const char *title;
    const char *language;
    int rate;   /* frames per second of the unit audio */
    int active; /* a unit is being followed */
    char unit[32];
    char heading[256];
    size_t from, upto; /* frames: where it started playing, the furthest heard */
    int failed;        /* the log could not be written (reported once) */
};

/* Follow the leaflet at PATH (TITLE, LANGUAGE; RATE frames a second).  ON: log at all. */
void stats_track_leaflet(struct stats_tracker *t, int on, const char *path, const char *title,
                         const char *language, int rate);

/* UNIT (id, section HEADING) starts playing at FRAME.  When another unit was being
 * followed, or RESTART is 1 (the same unit again from a key such as 5), that one is
 * logged as skipped first; the same unit going on (after a pause, a speed change, an
 * announcement) is not a new start.  Returns 0 or the stats_append() error. */
int stats_track_play(struct stats_tracker *t, const char *unit, const char *heading, size_t frame,
                     int restart);

/* The unit being followed has been heard up to FRAME. */
void stats_track_heard(struct stats_tracker *t, const char *unit, size_t frame);

/* The unit being followed stops: FINISHED (its end reached, END_FRAME its length) or
 * skipped (a key, quitting, another leaflet).  Logs it; nothing when none is followed or
 * when it was skipped before any of it was heard.
 * Returns 0 or the stats_append() error. */
int stats_track_stop(struct stats_tracker *t, int finished, size_t end_frame);

/* ---- summary -------------------------------------------------------------------- */

struct stats_summary;

/* An empty summary in *OUT (free with stats_summary_free()).  Returns 0 or STATS_ENOMEM. */
int stats_summary_new(struct stats_summary **out);
void stats_summary_free(struct stats_summary *s);

/* Add one log line (LEN bytes, without '\n').  Returns 0; STATS_ELINE with *COL (1-based
 * byte column) and a message in MSG when it is not a listening record (S unchanged);
 * STATS_ENOMEM. */
int stats_add_line(struct stats_summary *s, const char *line, size_t len, int *col, char *msg,
                   size_t msglen);

/* Add every line of the log at PATH.  Bad lines (not a record, cut short, or longer than
 * STATS_LINE_MAX: those are skipped without being kept in memory) are reported on WARN
 * (NULL: not at all) as "PATH:LINE:COL: message" and skipped; *BAD (may be NULL) counts
 * them.  Returns 0, STATS_EIO (errno kept; ENOENT when there is no log), STATS_ENOTREG
 * (PATH is not a regular file, e.g. /dev/zero or a FIFO: refused at once, nothing read)
 * or STATS_ENOMEM. */
int stats_add_file(struct stats_summary *s, const char *path, FILE *warn, size_t *bad);

/* Print the summary: plain text (one block per leaflet, one line per section) or, with
 * JSON, one JSON object {"records", "leaflets": [{"leaflet", "title", "started",
 * "finished", "skipped", "seconds", "sections": [{"section", "heading", ...}]}]}, leaflets
 * by file name and sections in leaflet order (S is sorted so).  Returns 0, STATS_ENOMEM
 * or STATS_EIO. */
int stats_summary_print(struct stats_summary *s, int json, FILE *out);

const char *stats_strerror(int status);

#endif
