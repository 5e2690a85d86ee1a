/* input_evdev: keys from USB numeric keypads through evdev (libevdev), found by
 * themselves or named, surviving unplug and replug; FIFOs and files of raw records as
 * the test and replay path (see input_evdev.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The kernel's record is also called struct input_event, like ours in input.h: inside
 * this file the kernel's is struct kernel_input_event. */
#define input_event kernel_input_event
#include <libevdev/libevdev.h>
#undef input_event

#include "input.h"
#include "input_evdev.h"

#define MAX_DEVS 8

/* Signal handlers can reach nothing else: the "stop" flag is this module's one piece of
 * process-wide state (one key source a process, as with the terminal's). */
static volatile sig_atomic_t stop_requested;

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};

struct dev {
    int fd;
    struct libevdev *ev; /* NULL: raw records (FIFO, file) */
    int regular;         /* a regular file */
    dev_t st_dev;
    ino_t st_ino;
    unsigned char buf[sizeof(struct kernel_input_event)]; /* raw: a record being read */
    size_t fill;
};

struct evdev {
    char path[PATH_MAX]; /* "" : scan /dev/input */
    struct dev d[MAX_DEVS];
    size_t n;
    double next_try; /* when to look for keypads again (none open) */
    int done_valid;  /* a regular file read to its end: not again */
    dev_t done_dev;
    ino_t done_ino;
    int told; /* the "waiting for a keypad" line was printed */
    char denied[64]; /* scan: a device we may not read (not in the 'input' group) */
    struct sigaction old[3];
};

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The keymap key name of kernel key CODE, or NULL for a key we ignore. */
static const char *key_name(unsigned code)
{
    static const unsigned kp[10] = {KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4,
                                    KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9};
    static const unsigned row[10] = {KEY_0, KEY_1, KEY_2, KEY_3, KEY_4,
                                     KEY_5, KEY_6, KEY_7, KEY_8, KEY_9};
    static const char *const digits[10] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    for (int i = 0; i < 10; i++) {
        if (code == kp[i] || code == row[i] || code == (unsigned)(KEY_NUMERIC_0 + i))
            return digits[i];
    }
    switch (code) {
    case KEY_KPASTERISK:
    case KEY_NUMERIC_STAR:
        return "*";
    case KEY_KPSLASH:
    case KEY_NUMERIC_POUND:
        return "#";
    case KEY_KPPLUS:
        return "+";
    case KEY_KPMINUS:
        return "-";
    case KEY_KPENTER:
    case KEY_ENTER:
        return "enter";
    case KEY_KPDOT:
        return ".";
    case KEY_LEFT:
        return "left";
    case KEY_RIGHT:
        return "right";
    case KEY_UP:
        return "up";
    case KEY_DOWN:
        return "down";
    case KEY_HOME:
        return "home";
    case KEY_END:
        return "end";
    case KEY_PAGEUP:
        return "pageup";
    case KEY_PAGEDOWN:
        return "pagedown";
    case KEY_INSERT:
        return "insert";
    case KEY_DELETE:
        return "delete";
    case KEY_SPACE:
        return "space";
    case KEY_BACKSPACE:
        return "backspace";
    default:
        return NULL;
    }
}

/* 1 when the kernel event is a press of a key we know; fills EV. */
static int take(const struct kernel_input_event *k, struct input_event *ev)
{
    if (k->type != EV_KEY || k->value != 1)
        return 0;
    const char *name = key_name(k->code);
    if (!name)
        return 0;
    ev->kind = INPUT_KEY;
    snprintf(ev->key, sizeof ev->key, "%s", name);
    return 1;
}

/* 1 when K can be a kernel record: a time of day (microseconds below a million), a known
 * event type and code, a key value of release, press or repeat.  Garbage written into a
 * FIFO of records fails this at nearly every offset, which is how the framing is found
 * again. */
static int plausible(const struct kernel_input_event *k)
{
    if (k->input_event_sec < 0 || k->input_event_usec < 0 || k->input_event_usec >= 1000000)
        return 0;
    if (k->type > EV_MAX || k->code > KEY_MAX)
        return 0;
    if (k->type == EV_KEY && (k->value < 0 || k->value > 2))
        return 0;
    return k->type != EV_SYN || k->code <= SYN_MAX;
}

static void dev_close(struct dev *d)
{
    if (d->ev)
        libevdev_free(d->ev);
    if (d->fd >= 0)
        close(d->fd);
    d->ev = NULL;
    d->fd = -1;
}

static int has_keypad(const struct libevdev *ev)
{
    static const unsigned kp[10] = {KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4,
                                    KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9};
    for (int i = 0; i < 10; i++) {
        if (!libevdev_has_event_code(ev, EV_KEY, kp[i]))
            return 0;
    }
    return 1;
}

/* Open PATH into D.  SCANNING: only evdev devices with the keypad digits.  Returns 0,
 * 1 when it is not there (or not a keypad; try again later), or INPUT_EOPEN with a
 * message in ERR for a path that can never work. */
static int dev_open(struct evdev *e, const char *path, int scanning, struct dev *d, char *err,
                    size_t errlen)
{
    memset(d, 0, sizeof *d);
    d->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (d->fd < 0) {
        int errnum = errno;
        if (scanning && errnum == EACCES)
            snprintf(e->denied, sizeof e->denied, "%s", path);
        if (!scanning && errnum != ENOENT && errnum != ENODEV && errnum != ENXIO) {
            snprintf(err, errlen, "audioleaf play: --input %s: %s%s", path, strerror(errnum),
                     errnum == EACCES ? " (add the user to the 'input' group)" : "");
            return INPUT_EOPEN;
        }
        return 1;
    }
    struct stat st;
    if (fstat(d->fd, &st) != 0) {
        dev_close(d);
        return 1;
    }
    d->st_dev = st.st_dev;
    d->st_ino = st.st_ino;
    if (S_ISCHR(st.st_mode)) {
        int rc = libevdev_new_from_fd(d->fd, &d->ev);
        if (rc < 0) {
            d->ev = NULL;
            dev_close(d);
            if (scanning)
                return 1;
            snprintf(err, errlen, "audioleaf play: --input %s: not an evdev input device (%s)",
                     path, strerror(-rc));
            return INPUT_EOPEN;
        }
        if (scanning && !has_keypad(d->ev)) {
            dev_close(d);
            return 1;
        }
        /* Not grabbed: a desktop keyboard with a keypad found by the scan must keep
         * working for everything else (on a kiosk the keys reach nothing else). */
        return 0;
    }
    if (scanning || !(S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode))) {
        dev_close(d);
        if (scanning)
            return 1;
        snprintf(err, errlen,
                 "audioleaf play: --input %s: not an input device, FIFO or file of "
                 "input_event records",
                 path);
        return INPUT_EOPEN;
    }
    d->regular = S_ISREG(st.st_mode);
    if (d->regular && e->done_valid && e->done_dev == st.st_dev && e->done_ino == st.st_ino) {
        dev_close(d); /* read to its end already: wait for another file */
        return 1;
    }
    return 0;
}

static int is_open(const struct evdev *e, dev_t rdev_dev, ino_t ino)
{
    for (size_t i = 0; i < e->n; i++) {
        if (e->d[i].st_dev == rdev_dev && e->d[i].st_ino == ino)
            return 1;
    }
    return 0;
}

/* Look for keypads (scan) or open the path.  Returns 0 (perhaps none found) or
 * INPUT_EOPEN with a message in ERR. */
static int connect_all(struct evdev *e, char *err, size_t errlen)
{
    if (e->path[0]) {
        if (e->n > 0)
            return INPUT_OK;
        int rc = dev_open(e, e->path, 0, &e->d[0], err, errlen);
        if (rc == INPUT_EOPEN)
            return rc;
        if (rc == 0)
            e->n = 1;
        return INPUT_OK;
    }
    DIR *dir = opendir("/dev/input");
    if (!dir)
        return INPUT_OK;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL && e->n < MAX_DEVS) {
        if (strncmp(de->d_name, "event", 5) != 0)
            continue;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "/dev/input/%s", de->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || is_open(e, st.st_dev, st.st_ino))
            continue;
        if (dev_open(e, path, 1, &e->d[e->n], err, errlen) == 0) {
            fprintf(stderr, "audioleaf play: keypad '%s' on %s\n",
                    libevdev_get_name(e->d[e->n].ev), path);
            e->n++;
        }
    }
    closedir(dir);
    return INPUT_OK;
}

static void tell_waiting(struct evdev *e)
{
    if (e->n > 0 || e->told)
        return;
    e->told = 1;
    fprintf(stderr, "audioleaf play: no keypad %s%s yet; looking again every second\n",
            e->path[0] ? "at " : "found", e->path);
    if (e->denied[0])
        fprintf(stderr,
                "audioleaf play: %s: permission denied (add the user to the 'input' "
                "group)\n",
                e->denied);
}

static int evdev_open(const char *arg, void **out, char *err, size_t errlen)
{
    struct evdev *e = calloc(1, sizeof *e);
    if (!e)
        return INPUT_ENOMEM;
    if (arg && *arg && strcmp(arg, "auto") != 0) {
        if (strlen(arg) >= sizeof e->path) {
            snprintf(err, errlen, "audioleaf play: --input: path too long");
            free(e);
            return INPUT_EOPEN;
        }
        snprintf(e->path, sizeof e->path, "%s", arg);
    }
    for (size_t i = 0; i < MAX_DEVS; i++)
        e->d[i].fd = -1;
    int rc = connect_all(e, err, errlen);
    if (rc != INPUT_OK) {
        free(e);
        return rc;
    }
    e->next_try = now_s() + INPUT_EVDEV_RETRY;
    tell_waiting(e);
    stop_requested = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop;
    for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
        sigaction(stop_signals[i], &sa, &e->old[i]);
    *out = e;
    return INPUT_OK;
}

/* Read what device D has without blocking: 1 a key (in EV), 0 nothing more for now,
 * -1 the device is gone (unplugged, end of the file). */
static int dev_read(struct evdev *e, struct dev *d, struct input_event *ev)
{
    if (d->ev) {
        for (;;) {
            struct kernel_input_event k;
            int rc = libevdev_next_event(d->ev, LIBEVDEV_READ_FLAG_NORMAL, &k);
            if (rc == LIBEVDEV_READ_STATUS_SYNC) {
                /* Events were dropped: catch up with the device state, press nothing. */
                while (rc == LIBEVDEV_READ_STATUS_SYNC)
                    rc = libevdev_next_event(d->ev, LIBEVDEV_READ_FLAG_SYNC, &k);
                continue;
            }
            if (rc == -EAGAIN)
                return 0;
            if (rc < 0)
                return -1;
            if (take(&k, ev))
                return 1;
        }
    }
    if (!d->regular) {
        /* A FIFO reads 0 both before its writer comes and after it leaves: only the
         * latter is an unplug, and only then does poll() report POLLHUP. */
        struct pollfd pfd = {.fd = d->fd, .events = POLLIN};
        if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & (POLLIN | POLLHUP | POLLERR)))
            return 0;
    }
    for (;;) {
        ssize_t got = read(d->fd, d->buf + d->fill, sizeof d->buf - d->fill);
        if (got < 0)
            return errno == EAGAIN || errno == EINTR ? 0 : -1;
        if (got == 0) {
            if (d->regular) {
                e->done_valid = 1;
                e->done_dev = d->st_dev;
                e->done_ino = d->st_ino;
            }
            return -1;
        }
        d->fill += (size_t)got;
        if (d->fill < sizeof d->buf)
            continue;
        struct kernel_input_event k;
        memcpy(&k, d->buf, sizeof k);
        if (!plausible(&k)) {
            /* Out of step (garbage came in): slide one byte until records line up. */
            memmove(d->buf, d->buf + 1, sizeof d->buf - 1);
            d->fill = sizeof d->buf - 1;
            continue;
        }
        d->fill = 0;
        if (take(&k, ev))
            return 1;
    }
}

static void drop(struct evdev *e, size_t i)
{
    dev_close(&e->d[i]);
    e->d[i] = e->d[e->n - 1];
    e->d[e->n - 1].fd = -1;
    e->d[e->n - 1].ev = NULL;
    e->n--;
    if (e->n == 0)
        e->next_try = now_s() + INPUT_EVDEV_RETRY;
}

static int evdev_next(void *h, int timeout_ms, struct input_event *ev)
{
    struct evdev *e = h;
    memset(ev, 0, sizeof *ev);
    double deadline = now_s() + (timeout_ms > 0 ? timeout_ms / 1000.0 : 0);
    for (;;) {
        if (stop_requested) {
            ev->kind = INPUT_INTERRUPT;
            return INPUT_OK;
        }
        double t = now_s();
        if (e->n == 0 && t >= e->next_try) {
            char err[256];
            connect_all(e, err, sizeof err);
            e->next_try = t + INPUT_EVDEV_RETRY;
            if (e->n > 0)
                e->told = 0;
        }
        for (size_t i = 0; i < e->n;) {
            int rc = dev_read(e, &e->d[i], ev);
            if (rc > 0)
                return INPUT_OK;
            if (rc < 0) {
                drop(e, i);
                tell_waiting(e);
                continue;
            }
            i++;
        }
        t = now_s();
        if (timeout_ms == 0 || (timeout_ms > 0 && t >= deadline))
            return INPUT_OK;
        double until = timeout_ms > 0 ? deadline : t + 3600;
        if (e->n == 0 && e->next_try < until)
            until = e->next_try;
        int ms = (int)((until - t) * 1000) + 1;
        struct pollfd pfd[MAX_DEVS];
        for (size_t i = 0; i < e->n; i++) {
            pfd[i].fd = e->d[i].fd;
            pfd[i].events = POLLIN;
            pfd[i].revents = 0;
        }
        /* A regular file is always readable: it was read to the end above. */
        int any_regular = 0;
        for (size_t i = 0; i < e->n; i++)
            any_regular |= e->d[i].regular;
        if (any_regular)
            ms = ms < 10 ? ms : 10;
        if (poll(pfd, (nfds_t)e->n, ms) < 0 && errno != EINTR)
            return INPUT_EIO;
    }
}

static void evdev_close(void *h)
{
    struct evdev *e = h;
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++)
        dev_close(&e->d[i]);
    for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
        sigaction(stop_signals[i], &e->old[i], NULL);
    free(e);
}

const struct input_source input_evdev = {
    .name = "evdev",
    .open = evdev_open,
    .next = evdev_next,
    .close = evdev_close,
};
