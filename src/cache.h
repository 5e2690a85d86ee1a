/* cache: unit text + voice profile -> rendered WAV file (with its sentence marks),
 * rendered on a miss, written atomically, checked on read. */
#ifndef AUDIOLEAF_CACHE_H
#define AUDIOLEAF_CACHE_H

#include <stddef.h>

#include "tts.h"
#include "voice.h"

enum cache_status {
    CACHE_OK = 0,
    CACHE_ENOMEM = -1,  /* out of memory */
    CACHE_EIO = -2,     /* cannot create, write or rename in the cache folder (errno kept) */
    CACHE_ETTS = -3,    /* the engine failed */
    CACHE_EMISS = -4,   /* no sound entry for this unit (cache_lookup() only) */
    CACHE_EMODULE = -5, /* the engine module (audioleaf-espeak.so) cannot be loaded */
    CACHE_EUNSAFE = -6, /* the cache folder is owned by another user or writable by others
                         * (folder.h; errno EPERM) */
    CACHE_EVOICE = -7,  /* the engine has no voice the profile's espeak_voice names */
};

/* One cached unit. */
struct cache_entry {
    char path[1100];          /* the WAV file */
    char key[65];             /* hex SHA-256 key */
    size_t n_frames;
    int rate;
    int cached;               /* 1 when it was already in the cache */
    struct tts_mark *marks;   /* sentence starts (owned) */
    size_t n_marks;
};

struct cache;

/* Open the cache in DIR (NULL: folder_cache_default(), else a new private folder made by
 * folder_make_temp(); never a predictable name in /tmp), creating it private to the user.
 * A folder another user owns or can write in is refused (folder_check(); a setgid
 * group-writable folder is shared on purpose and allowed).  The engine is started only
 * when a render is needed, and its module loaded only then or when DIR/engine.memo no
 * longer holds (tts.h).  Returns 0, or CACHE_EUNSAFE, CACHE_EIO (errno kept), CACHE_ETTS
 * (no engine data), CACHE_EMODULE, CACHE_ENOMEM. */
int cache_open(const char *dir, struct cache **out);

/* As cache_open(), writing on failure one line "DIR: what is wrong" into ERR (ERRLEN
 * bytes), e.g. "DIR: insecure folder: owned by another user (uid 65534; you are uid
 * 1000)". */
int cache_open_err(const char *dir, struct cache **out, char *err, size_t errlen);

/* The path of the entry for TEXT spoken with V; render it first when missing or
 * broken (damaged, truncated, not a regular file, a symbolic link, recording another key
 * than its own, at another rate than the engine's, or empty for a non-empty TEXT).
 * Fills *OUT (release with cache_entry_clear()).  Returns 0, or CACHE_EIO (errno kept; no entry is left under the key), CACHE_ETTS, CACHE_EVOICE
 * (the engine has no voice V->espeak_voice), CACHE_EMODULE, CACHE_ENOMEM.
 * Safe against other processes fetching the same key at the same time. */
int cache_fetch(struct cache *c, const struct voice_profile *v, const char *text,
                struct cache_entry *out);

/* As cache_fetch(), telling PROGRESS(CTX, ...) (see tts.h; NULL: nobody) the audio as it
 * is rendered on a miss, so that it can be played before the render ends.  The entry is
 * still written only once the render is complete (temp file, rename).  A hit tells
 * nothing.  Returns as cache_fetch(), or CACHE_ETTS when PROGRESS stopped the render (no
 * entry written). */
int cache_fetch_stream(struct cache *c, const struct voice_profile *v, const char *text,
                       tts_progress_fn progress, void *ctx, struct cache_entry *out);

/* As cache_fetch(), but never renders (the engine is not started): returns 0 with *OUT
 * filled when a checked entry exists, CACHE_EMISS when it is missing or broken (OUT->path
 * and OUT->key still name where it belongs), or CACHE_ENOMEM. */
int cache_lookup(struct cache *c, const struct voice_profile *v, const char *text,
                 struct cache_entry *out);

/* As cache_lookup(), for a render that goes over many entries: unless FULL, an entry
 * whose file has not changed since a cache_check() read it and checked it in full (same
 * device, inode, size, mtime and ctime, remembered in DIR/checked once saved) is taken
 * without reading it again, with OUT->marks NULL; this is how ccache's inode cache and
 * git's index trust unchanged files.  Any write to a file changes its ctime, so a file
 * damaged or replaced since is read and checked in full.  Damage a stat cannot show
 * (bits rotting under the file system) is still found when the entry is read to be played
 * or exported (cache_fetch()), and rendered again then.  Files changed less than 2 s
 * before they were checked are not remembered (a change within one timestamp tick would
 * not show).  Safe to call from several threads at once. */
int cache_check(struct cache *c, const struct voice_profile *v, const char *text, int full,
                struct cache_entry *out);

/* Save what cache_check() learned to DIR/checked (temp file and rename; another process
 * saving at the same time may win, which only costs a full check next time).  Returns 0
 * or CACHE_EIO. */
int cache_save_checked(struct cache *c);

/* Release what cache_fetch() put in E (the marks); E's other fields stay readable. */
void cache_entry_clear(struct cache_entry *e);

/* 1 when this process's speech engine has been started (a render happened), else 0. */
int cache_engine_started(const struct cache *c);

/* Load the speech engine module without starting the engine (before forking workers
 * that will render).  Returns 0 or CACHE_EMODULE. */
int cache_engine_load(struct cache *c);

/* The folder the cache lives in (valid while C is open). */
const char *cache_dir(const struct cache *c);

/* The key of TEXT spoken with V by the engine ENGINE_ID: hex SHA-256 over length-prefixed
 * fields (renderer version, engine id, every voice parameter, lexicon contents, text).
 * Entries live in cache_dir()/KEY.wav.  Returns 0 or CACHE_ENOMEM. */
int cache_key(const char *engine_id, const struct voice_profile *v, const char *text,
              char key[65]);
void cache_close(struct cache *c);
const char *cache_strerror(int status);

#endif
