/* input: key sources behind one interface (terminal, --keys script, later DTMF and USB
 * keypad), each a const table of functions, and the one dispatcher that turns a key into
 * a command name through the keymap. */
#ifndef AUDIOLEAF_INPUT_H
#define AUDIOLEAF_INPUT_H

#include <stddef.h>

#include "keymap.h"

/* Errors returned by input_* functions (0 is success). */
enum input_status {
    INPUT_OK = 0,
    INPUT_ENOMEM = -1, /* out of memory */
    INPUT_EOPEN = -2,  /* the source cannot be opened (not a terminal, no device) */
    INPUT_EPARSE = -3, /* a --keys script token is not a key or wait=SECONDS */
    INPUT_EIO = -4,    /* reading the source failed */
};

/* What next() produced; 0 means nothing happened before the timeout. */
enum input_event_kind {
    INPUT_NONE = 0,  /* timeout: no key */
    INPUT_KEY,       /* a key was pressed: `key` holds its keymap name */
    INPUT_WAIT,      /* scripts only: let `seconds` of output time pass first */
    INPUT_END,       /* the source has no more keys (end of a script, terminal closed) */
    INPUT_INTERRUPT, /* a signal asked us to stop (Ctrl-C, SIGTERM) */
};

struct input_event {
    enum input_event_kind kind;
    char key[16];   /* keymap key name: "0".."9", "*", "#", "q", "left", "esc", ... */
    double seconds; /* INPUT_WAIT */
};

/* A key source.  Every function pointer is set. */
struct input_source {
    const char *name; /* "term", "script", "dtmf", "evdev" */
    /* Open the source.  ARG is source specific (the script text, a device path, NULL
     * for the terminal).  On success stores a handle in *OUT and returns 0; otherwise a
     * negative input_status with a one-line message in ERR. */
    int (*open)(const char *arg, void **out, char *err, size_t errlen);
    /* Wait at most TIMEOUT_MS milliseconds (0: poll, negative: forever) for the next
     * event and store it in *EV.  Returns 0 (EV->kind tells what happened) or a negative
     * input_status. */
    int (*next)(void *h, int timeout_ms, struct input_event *ev);
    /* Close the source and restore what open() changed (terminal mode).  NULL is fine. */
    void (*close)(void *h);
};

/* The terminal in raw mode: numpad digits, arrows, space, + - ?, q and Esc. */
extern const struct input_source input_term;

/* A --keys script: tokens separated by spaces, key tokens 0-9 * # q and wait=SECONDS. */
extern const struct input_source input_script;

/* The key sources this build knows, NULL-terminated. */
extern const struct input_source *const input_sources[];

/* The one dispatcher: the command name bound to EV's key in KM, or NULL when EV is not a
 * key or the key is unbound. */
const char *input_dispatch(const struct keymap *km, const struct input_event *ev);

/* Check a --keys script without running it: 0, or INPUT_EPARSE with "audioleaf play:
 * --keys: token N 'TOK': message" in ERR. */
int input_script_check(const char *script, char *err, size_t errlen);

const char *input_strerror(int status);

#endif
