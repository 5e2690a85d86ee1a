/* test_input_evdev: the USB keypad source fed recorded kernel input_event records through a
 * regular file and a FIFO (the replay path; CI has no /dev/uinput): presses become the
 * terminal's key names, releases / repeats / unknown keys are ignored, the end of a file
 * is an unplug followed by a replug, and the keys reach the one dispatcher. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The kernel's record and ours share a name (see src/input_evdev.c). */
#define input_event kernel_input_event
#include <linux/input.h>
#undef input_event

#include "input.h"
#include "input_evdev.h"
#include "keymap.h"
#include "check.h"
#include "tmpdir.h"


static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct kernel_input_event rec(unsigned short type, unsigned short code, int value)
{
    struct kernel_input_event k;
    memset(&k, 0, sizeof k);
    k.type = type;
    k.code = code;
    k.value = value;
    return k;
}

/* A press as a keyboard sends it: MSC_SCAN, the key, SYN_REPORT, then the release. */
static size_t press(struct kernel_input_event *out, unsigned short code)
{
    out[0] = rec(EV_MSC, MSC_SCAN, 0x70000 + code);
    out[1] = rec(EV_KEY, code, 1);
    out[2] = rec(EV_SYN, SYN_REPORT, 0);
    out[3] = rec(EV_KEY, code, 0);
    out[4] = rec(EV_SYN, SYN_REPORT, 0);
    return 5;
}

static int write_file(const char *path, const struct kernel_input_event *k, size_t n)
{
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(k, sizeof *k, n, f);
    if (fclose(f) != 0 || w != n)
        return -1;
    return rename(tmp, path); /* a new inode under the name: a replugged keypad */
}

/* Collect up to MAX keys within SECONDS into KEYS ("6 * left"). */
static size_t collect(void *h, double seconds, size_t max, char *keys, size_t len)
{
    size_t n = 0;
    keys[0] = '\0';
    double end = now_s() + seconds;
    while (n < max && now_s() < end) {
        struct input_event ev;
        int rc = input_evdev.next(h, 50, &ev);
        if (rc != INPUT_OK) {
            CHECKF(0, "next() returned %d", rc);
            break;
        }
        CHECKF(ev.kind == INPUT_NONE || ev.kind == INPUT_KEY, "unexpected event kind %d",
              (int)ev.kind);
        if (ev.kind == INPUT_KEY) {
            size_t used = strlen(keys);
            snprintf(keys + used, len - used, "%s%s", used ? " " : "", ev.key);
            n++;
        }
    }
    return n;
}

static void test_file_and_replug(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/keys.rec", dir);
    struct kernel_input_event k[64];
    size_t n = 0;
    n += press(k + n, KEY_KP6);
    k[n++] = rec(EV_KEY, KEY_KP6, 1);
    k[n++] = rec(EV_KEY, KEY_KP6, 2); /* held: auto-repeat must not act again */
    k[n++] = rec(EV_KEY, KEY_KP6, 2);
    k[n++] = rec(EV_KEY, KEY_KP6, 0);
    n += press(k + n, KEY_A);          /* not a key of ours */
    n += press(k + n, KEY_NUMLOCK);    /* not a key either */
    k[n++] = rec(EV_REL, REL_X, 3);    /* not a key event */
    k[n++] = rec(EV_LED, LED_NUML, 1); /* not a key event */
    n += press(k + n, KEY_KPASTERISK);
    n += press(k + n, KEY_LEFT); /* the keypad's 4 with its NumLock off */
    n += press(k + n, KEY_KPSLASH);
    n += press(k + n, KEY_KPPLUS);
    n += press(k + n, KEY_3);
    n += press(k + n, KEY_NUMERIC_POUND);
    CHECKF(write_file(path, k, n) == 0, "cannot write %s", path);

    void *h = NULL;
    char err[256] = "";
    int rc = input_evdev.open(path, &h, err, sizeof err);
    CHECKF(rc == INPUT_OK, "open(%s): %d %s", path, rc, err);
    if (rc != INPUT_OK)
        return;
    char keys[256];
    size_t got = collect(h, 1.0, 8, keys, sizeof keys);
    CHECKF(got == 8, "expected 8 keys, got %zu: '%s'", got, keys);
    CHECKF(!strcmp(keys, "6 6 * left # + 3 #"), "keys from the file: '%s'", keys);

    /* The file ended (unplugged): the same file is not read again. */
    got = collect(h, 1.3, 8, keys, sizeof keys);
    CHECKF(got == 0, "the ended file was read again: '%s'", keys);

    /* Replug: another file under the name is opened within a second or so. */
    n = press(k, KEY_KP2);
    n += press(k + n, KEY_KPMINUS);
    CHECKF(write_file(path, k, n) == 0, "cannot write %s", path);
    double t0 = now_s();
    got = collect(h, 2.5, 2, keys, sizeof keys);
    double took = now_s() - t0;
    CHECKF(got == 2 && !strcmp(keys, "2 -"), "after the replug: '%s'", keys);
    CHECKF(took < INPUT_EVDEV_RETRY + 0.5, "replug took %.2f s", took);
    input_evdev.close(h);
}

/* A FIFO: a writer that sends a key split over two writes, leaves (unplug), comes back. */
static void test_fifo(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/keys.fifo", dir);
    if (mkfifo(path, 0600) != 0) {
        CHECKF(0, "mkfifo: %s", strerror(errno));
        return;
    }
    void *h = NULL;
    char err[256] = "";
    int rc = input_evdev.open(path, &h, err, sizeof err);
    CHECKF(rc == INPUT_OK, "open(fifo): %d %s", rc, err);
    if (rc != INPUT_OK)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        /* Drop the read end inherited from the source, or the FIFO never loses its reader. */
        for (int fd = 3; fd < 256; fd++)
            close(fd);
        struct kernel_input_event k[8];
        size_t n = press(k, KEY_KP4);
        int fd = open(path, O_WRONLY);
        if (fd < 0)
            _exit(2);
        const char *b = (const char *)k;
        size_t half = sizeof k[0] + sizeof k[0] / 2; /* a record cut in two */
        if (write(fd, b, half) != (ssize_t)half)
            _exit(3);
        struct timespec ts = {0, 200000000};
        nanosleep(&ts, NULL);
        if (write(fd, b + half, n * sizeof k[0] - half) != (ssize_t)(n * sizeof k[0] - half))
            _exit(4);
        close(fd); /* unplugged */
        nanosleep(&ts, NULL);
        n = press(k, KEY_KP8);
        fd = open(path, O_WRONLY); /* blocks until the source opens the FIFO again */
        if (fd < 0 || write(fd, k, n * sizeof k[0]) != (ssize_t)(n * sizeof k[0]))
            _exit(5);
        close(fd);
        _exit(0);
    }
    char keys[256];
    size_t got = collect(h, 4.0, 2, keys, sizeof keys);
    CHECKF(got == 2 && !strcmp(keys, "4 8"), "keys through the FIFO: '%s'", keys);
    int status = -1;
    if (pid > 0) {
        if (got < 2)
            kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        CHECKF(got < 2 || (WIFEXITED(status) && WEXITSTATUS(status) == 0),
              "FIFO writer status %d", status);
    }
    input_evdev.close(h);
}

static void test_open_errors(const char *dir)
{
    void *h = NULL;
    char err[256] = "";
    /* A character device that is not evdev. */
    int rc = input_evdev.open("/dev/null", &h, err, sizeof err);
    CHECKF(rc == INPUT_EOPEN, "/dev/null accepted as a keypad (%d)", rc);
    CHECKF(strstr(err, "/dev/null") != NULL, "message without the path: '%s'", err);
    /* A directory. */
    err[0] = '\0';
    rc = input_evdev.open(dir, &h, err, sizeof err);
    CHECKF(rc == INPUT_EOPEN, "a directory accepted as a keypad (%d)", rc);
    /* A keypad that is not plugged in yet: wait for it, no error. */
    char path[512];
    snprintf(path, sizeof path, "%s/not-yet", dir);
    rc = input_evdev.open(path, &h, err, sizeof err);
    CHECKF(rc == INPUT_OK, "missing keypad path refused: %s", err);
    if (rc == INPUT_OK) {
        struct input_event ev;
        CHECKF(input_evdev.next(h, 0, &ev) == INPUT_OK && ev.kind == INPUT_NONE,
              "missing keypad gave an event");
        /* SIGTERM (systemd stopping the kiosk) ends the session cleanly. */
        raise(SIGTERM);
        CHECKF(input_evdev.next(h, 100, &ev) == INPUT_OK && ev.kind == INPUT_INTERRUPT,
              "SIGTERM did not interrupt (kind %d)", (int)ev.kind);
        input_evdev.close(h);
        struct sigaction sa;
        sigaction(SIGTERM, NULL, &sa);
        CHECKF(sa.sa_handler == SIG_DFL, "SIGTERM handler not restored");
    }
}

static void test_dispatch(void)
{
    struct keymap km;
    keymap_defaults(&km);
    static const char *const pairs[][2] = {
        {"6", "next"},     {"4", "prev"},   {"*", "help"},     {"#", "where"},
        {"+", "faster"},   {"-", "slower"}, {"left", "prev"},  {"pageup", "faster"},
        {"insert", "pause"}, {"5", "repeat"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        struct input_event ev = {.kind = INPUT_KEY};
        snprintf(ev.key, sizeof ev.key, "%s", pairs[i][0]);
        const char *cmd = input_dispatch(&km, &ev);
        CHECKF(cmd && !strcmp(cmd, pairs[i][1]), "key %s -> %s, want %s", pairs[i][0],
              cmd ? cmd : "(null)", pairs[i][1]);
    }
    int listed = 0;
    for (size_t i = 0; input_sources[i]; i++)
        listed |= input_sources[i] == &input_evdev && !strcmp(input_sources[i]->name, "evdev");
    CHECKF(listed, "input_evdev is not in input_sources[]");
}

int main(void)
{
    char dir[] = "/tmp/test_input_evdev.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_dispatch();
    test_open_errors(dir);
    test_file_and_replug(dir);
    test_fifo(dir);
    tmpdir_remove(dir);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
