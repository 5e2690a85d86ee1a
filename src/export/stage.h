/* stage: where an export is built before it is put in place (DAISY books, EPUB files, web
 * folders): a staging folder beside the final name, on the same file system, holding a
 * marker that stays locked while the export runs, so that the export appears whole or not
 * at all, and a run killed half way leaves only a staging folder that the next run of an
 * export to the same name removes. */
#ifndef AUDIOLEAF_EXPORT_STAGE_H
#define AUDIOLEAF_EXPORT_STAGE_H

#include <limits.h>
#include <stddef.h>

enum export_stage_status {
    EXPORT_STAGE_OK = 0,
    EXPORT_STAGE_EIO = -2,      /* a folder cannot be made, read or renamed (errno said) */
    EXPORT_STAGE_EINPUT = -3,   /* the final name is unusable (the message says why) */
    EXPORT_STAGE_ENOTDIR = -10, /* export_stage_target_ok(): the target is not a folder */
    EXPORT_STAGE_EFOREIGN = -11 /* export_stage_target_ok(): a folder that is not ours */
};

struct export_stage {
    char target[PATH_MAX]; /* the final name, links in its folder resolved */
    char parent[PATH_MAX]; /* its folder */
    char base[NAME_MAX + 1];
    char dir[PATH_MAX]; /* the staging folder ("" when none) */
    int marker;         /* the locked marker, or -1 */
};

/* A stage with nothing begun, for export_stage_end() to be safe on. */
#define EXPORT_STAGE_INIT {.marker = -1}

/* Settle where PATH goes: its folder made when missing and resolved, its base name kept.
 * Returns 0, EXPORT_STAGE_EINPUT (no usable name) or EXPORT_STAGE_EIO, with a message
 * "audioleaf export: PATH: ..." in ERR. */
int export_stage_where(struct export_stage *s, const char *path, char *err, size_t errlen);

/* Whether the folder S->target may be replaced: missing (*EXISTS 0), empty, or holding FILE
 * whose first 8 kB make OURS() return non-zero (*EXISTS 1).  Returns 0,
 * EXPORT_STAGE_ENOTDIR, EXPORT_STAGE_EFOREIGN, or EXPORT_STAGE_EIO with errno set; the
 * caller words the refusal. */
int export_stage_target_ok(const struct export_stage *s, const char *file,
                           int (*ours)(const char *head), int *exists);

/* Remove the staging folders of S->target that killed runs left (their marker not locked),
 * then make a new one (S->dir) with its locked marker.  Returns 0 or EXPORT_STAGE_EIO with
 * a message in ERR. */
int export_stage_begin(struct export_stage *s, char *err, size_t errlen);

/* Put the folder FROM (inside S->dir) in the place of S->target: exchanged with the old one
 * when EXISTS (the old one is then left in the stage, removed by export_stage_end()),
 * else renamed; the parent folder synced.  Returns 0 or EXPORT_STAGE_EIO with
 * "audioleaf export: SHOWN: strerror" in ERR. */
int export_stage_commit(struct export_stage *s, const char *from, int exists,
                        const char *shown, char *err, size_t errlen);

/* Remove the staging folder (whatever is left in it) and release its lock; errno kept. */
void export_stage_end(struct export_stage *s);

/* Remove PATH and all below it, never following links or leaving its file system.
 * Returns 0 or -1 with errno set. */
int export_remove_tree(const char *path);

#endif
