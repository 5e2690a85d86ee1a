/* input_term: keys from the terminal in raw mode (numpad digits, arrows, space, + - ?,
 * q, Esc); the terminal mode is restored on close, Ctrl-C, SIGTERM and crash signals. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "input.h"

/* Signal handlers can reach nothing else, so the saved terminal mode and the "stop"
 * flag are the one place this module keeps process-wide state (one terminal a process). */
static struct termios saved_mode;
static volatile sig_atomic_t mode_saved;
static volatile sig_atomic_t stop_requested;

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

struct term {
    struct sigaction old_stop[4];
    struct sigaction old_crash[5];
};

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void on_crash(int sig)
{
    if (mode_saved)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_mode);
    signal(sig, SIG_DFL);
    raise(sig);
}

static int term_open(const char *arg, void **out, char *err, size_t errlen)
{
    (void)arg;
    if (!isatty(STDIN_FILENO)) {
        if (err && errlen)
            snprintf(err, errlen,
                     "audioleaf play: standard input is not a terminal "
                     "(use --keys SCRIPT)");
        return INPUT_EOPEN;
    }
    struct term *t = calloc(1, sizeof *t);
    if (!t)
        return INPUT_ENOMEM;
    if (tcgetattr(STDIN_FILENO, &saved_mode) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "audioleaf play: cannot read the terminal mode: %s",
                     strerror(errno));
        free(t);
        return INPUT_EOPEN;
    }
    mode_saved = 1;
    stop_requested = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop;
    for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
        sigaction(stop_signals[i], &sa, &t->old_stop[i]);
    sa.sa_handler = on_crash;
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
        sigaction(crash_signals[i], &sa, &t->old_crash[i]);
    struct termios raw = saved_mode;
    raw.c_lflag &= (tcflag_t) ~(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= (tcflag_t) ~(IXON | ICRNL);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    *out = t;
    return INPUT_OK;
}

/* Read one byte, waiting at most MS milliseconds: 1 read, 0 timeout, -1 end/error. */
static int read_byte(int ms, unsigned char *c)
{
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
    int r = poll(&pfd, 1, ms);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (r == 0)
        return 0;
    ssize_t n = read(STDIN_FILENO, c, 1);
    if (n == 1)
        return 1;
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    return -1;
}

static void set_key(struct input_event *ev, const char *name)
{
    ev->kind = INPUT_KEY;
    snprintf(ev->key, sizeof ev->key, "%s", name);
}

/* After ESC: arrows (ESC [ A, ESC O A) and the application keypad (ESC O p..y). */
static void escape(struct input_event *ev)
{
    unsigned char c1, c2;
    if (read_byte(30, &c1) != 1) {
        set_key(ev, "esc");
        return;
    }
    if ((c1 != '[' && c1 != 'O') || read_byte(30, &c2) != 1) {
        set_key(ev, "esc");
        return;
    }
    switch (c2) {
    case 'A':
        set_key(ev, "up");
        return;
    case 'B':
        set_key(ev, "down");
        return;
    case 'C':
        set_key(ev, "right");
        return;
    case 'D':
        set_key(ev, "left");
        return;
    case 'H':
        set_key(ev, "home");
        return;
    case 'F':
        set_key(ev, "end");
        return;
    case 'E': /* keypad 5 without NumLock (xterm) */
    case 'G': /* (Linux console) */
        set_key(ev, "begin");
        return;
    case 'j':
        set_key(ev, "*");
        return;
    case 'k':
        set_key(ev, "+");
        return;
    case 'm':
        set_key(ev, "-");
        return;
    case 'M':
        set_key(ev, "enter");
        return;
    default:
        break;
    }
    if (c1 == 'O' && c2 >= 'p' && c2 <= 'y') {
        char d[2] = {(char)('0' + (c2 - 'p')), '\0'};
        set_key(ev, d);
        return;
    }
    /* ESC [ N ~: Home, Insert, Delete, End, Page Up, Page Down (the keypad without
     * NumLock); other sequences (function keys...) are swallowed. */
    unsigned char c;
    int num = 0, digits = 0;
    while (c2 >= '0' && c2 <= '9' && digits < 4) {
        num = num * 10 + (c2 - '0');
        digits++;
        if (read_byte(10, &c) != 1)
            break;
        c2 = c;
    }
    ev->kind = INPUT_NONE;
    if (c1 == '[' && digits > 0 && c2 == '~') {
        static const char *const tilde[] = {NULL,     "home",     "insert", "delete", "end",
                                            "pageup", "pagedown", "home",   "end"};
        if (num < (int)(sizeof tilde / sizeof tilde[0]) && tilde[num])
            set_key(ev, tilde[num]);
        return;
    }
    while (c2 != '~' && !(c2 >= 0x40 && c2 <= 0x7e) && read_byte(10, &c) == 1)
        c2 = c;
}

static int term_next(void *h, int timeout_ms, struct input_event *ev)
{
    (void)h;
    memset(ev, 0, sizeof *ev);
    if (stop_requested) {
        ev->kind = INPUT_INTERRUPT;
        return INPUT_OK;
    }
    unsigned char c;
    int r = read_byte(timeout_ms, &c);
    if (stop_requested) {
        ev->kind = INPUT_INTERRUPT;
        return INPUT_OK;
    }
    if (r < 0) {
        ev->kind = INPUT_END;
        return INPUT_OK;
    }
    if (r == 0)
        return INPUT_OK;
    if (c == 3 || c == 4) { /* Ctrl-C, Ctrl-D in raw mode */
        ev->kind = INPUT_INTERRUPT;
        return INPUT_OK;
    }
    if (c == 27) {
        escape(ev);
        return INPUT_OK;
    }
    if (c == ' ') {
        set_key(ev, "space");
    } else if (c == '\r' || c == '\n') {
        set_key(ev, "enter");
    } else if (c == '\t') {
        set_key(ev, "tab");
    } else if (c == 127 || c == 8) {
        set_key(ev, "backspace");
    } else if (c > ' ' && c < 127) {
        char k[2] = {(char)c, '\0'};
        set_key(ev, k);
    }
    return INPUT_OK;
}

static void term_close(void *h)
{
    struct term *t = h;
    if (mode_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_mode);
        mode_saved = 0;
    }
    if (!t)
        return;
    for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
        sigaction(stop_signals[i], &t->old_stop[i], NULL);
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
        sigaction(crash_signals[i], &t->old_crash[i], NULL);
    free(t);
}

const struct input_source input_term = {
    .name = "term",
    .open = term_open,
    .next = term_next,
    .close = term_close,
};
