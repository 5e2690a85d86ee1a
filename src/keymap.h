/* keymap: which key runs which command, from a built-in table (SPEC §4) and an
 * optional config file of "KEY = command" lines.  Pure: libc only. */
#ifndef AUDIOLEAF_KEYMAP_H
#define AUDIOLEAF_KEYMAP_H

#include <stddef.h>

/* Errors returned by keymap_* functions (0 is success). */
enum keymap_status {
    KEYMAP_OK = 0,
    KEYMAP_EPARSE = -1, /* a malformed config line (message says FILE:LINE:COL) */
    KEYMAP_EKEY = -2,   /* unknown key name */
    KEYMAP_ECMD = -3,   /* unknown command name */
    KEYMAP_EFULL = -4,  /* more bindings than KEYMAP_MAX */
    KEYMAP_EIO = -5,    /* the config file exists but cannot be read */
    KEYMAP_ENOENT = -6, /* the config file does not exist */
};

#define KEYMAP_MAX 64

/* One binding: a key name ("4", "#", "left", "esc") and a command name ("next"). */
struct keymap_binding {
    char key[16];
    char command[16];
};

/* A keymap: a value type, no allocation; copy freely. */
struct keymap {
    struct keymap_binding b[KEYMAP_MAX];
    size_t n;
};

/* Fill KM with the default bindings of SPEC §4 (keypad, arrows, space, + - ?, q, esc),
 * plus the keys a numeric keypad sends with NumLock off (home end pageup...).  This table
 * is the one statement of the layout: the spoken help (announce_help_text()), the README's
 * keypad table and the kiosk welcome follow it (tests hold them to it); '/' and '#' are
 * both where am I, for a computer's numpad and a phone. */
void keymap_defaults(struct keymap *km);

/* The command bound to KEY, or NULL when the key is not bound. */
const char *keymap_lookup(const struct keymap *km, const char *key);

/* Bind KEY to COMMAND (replacing an older binding); COMMAND "none" unbinds KEY.
 * Returns 0, KEYMAP_EKEY, KEYMAP_ECMD or KEYMAP_EFULL (KM unchanged on failure). */
int keymap_bind(struct keymap *km, const char *key, const char *command);

/* 1 when NAME is a key name keymap knows: one printable ASCII character other than
 * space, or one of esc left right up down space enter tab backspace home end pageup
 * pagedown insert delete begin. */
int keymap_is_key(const char *name);

/* 1 when NAME is a command name: prev next repeat coarser finer pause start questions
 * slower faster help where quit (and "none" for unbinding). */
int keymap_is_command(const char *name);

/* Apply LEN bytes of config text BUF to KM.  Lines: "KEY = command"; blank lines and
 * comments (first non-blank ';', or '#' not followed by '=') are skipped.  NAME is used in
 * messages.  On error returns a negative keymap_status, writes "NAME:LINE:COL: message"
 * into ERR and leaves KM as it was before the call. */
int keymap_parse(struct keymap *km, const char *buf, size_t len, const char *name, char *err,
                 size_t errlen);

/* Read PATH and keymap_parse() it.  KEYMAP_ENOENT (KM untouched, no message) when the
 * file does not exist; KEYMAP_EIO with a message when it cannot be read. */
int keymap_load(struct keymap *km, const char *path, char *err, size_t errlen);

const char *keymap_strerror(int status);

#endif
