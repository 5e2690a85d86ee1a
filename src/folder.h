/* folder: where audioleaf keeps its files (the cache, the state folder with the saved
 * places and the listening log) and the check that no other user can write there, as ssh
 * refuses an "insecure directory": a file planted or replaced by another user would be
 * spoken to the listener as the leaflet (cache) or move their place (state). */
#ifndef AUDIOLEAF_FOLDER_H
#define AUDIOLEAF_FOLDER_H

#include <stddef.h>

/* What folder_check() and folder_make() found (0 is a private folder). */
enum folder_kind {
    FOLDER_PRIVATE = 0, /* only its owner (the user, or root) can write in it */
    FOLDER_SHARED = 1,  /* its group can write in it too: group-writable and setgid, owned
                         * by the user or root; files made there should be group-readable */
};

/* The default cache folder in OUT (LEN bytes): $XDG_CACHE_HOME/audioleaf, else
 * $HOME/.cache/audioleaf, else $XDG_RUNTIME_DIR/audioleaf (each variable used only when it
 * is an absolute path).  Returns 0, or -1 when none is set (the caller then makes a
 * private folder with folder_make_temp(); never a predictable name in /tmp) or the path is
 * too long. */
int folder_cache_default(char *out, size_t len);

/* The state folder in OUT: $XDG_STATE_HOME/audioleaf, else $HOME/.local/state/audioleaf
 * (absolute paths only).  Returns 0, or -1 when neither is set or the path is too long. */
int folder_state(char *out, size_t len);

/* Make a new private folder (mode 0700, mkdtemp) named audioleaf-XXXXXX in $TMPDIR (when
 * absolute) or /tmp, its path in OUT.  Returns 0, or -1 with errno set. */
int folder_make_temp(char *out, size_t len);

/* Check that DIR is a folder no other user can write in: owned by the user (or root), not
 * writable by others, and writable by its group only when it is setgid (a folder shared
 * on purpose, see README).  DIR itself is checked, following a symbolic link to it; the
 * folders above it are not.  Returns a folder_kind, or -1 with errno set (EPERM: an
 * unsafe folder; ENOTDIR; stat()'s error) and one line "DIR: what is wrong" in WHY (LEN
 * bytes; NULL: not wanted). */
int folder_check(const char *dir, char *why, size_t len);

/* Create DIR and its missing parents (mode 0700) and folder_check() it.  Returns as
 * folder_check(), with mkdir()'s error in errno and WHY when a folder cannot be made. */
int folder_make(const char *dir, char *why, size_t len);

#endif
