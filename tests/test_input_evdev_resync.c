/* test_input_evdev_resync: garbage written into the USB keypad's replay path (a FIFO or
 * file of 24-byte kernel input_event records) costs the keys it overlaps and no more:
 * the source finds the framing again, where it used to stay out of step for good. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define input_event kernel_input_event
#include <linux/input.h>
#undef input_event

#include "input.h"
#include "input_evdev.h"
#include "check.h"
#include "tmpdir.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Append to BUF at *N a key press as a keyboard sends it (scan, press, sync, release,
 * sync), with a real time of day. */
static void press(unsigned char *buf, size_t *n, unsigned short code)
{
    const unsigned short type[5] = {EV_MSC, EV_KEY, EV_SYN, EV_KEY, EV_SYN};
    const unsigned short cd[5] = {MSC_SCAN, code, SYN_REPORT, code, SYN_REPORT};
    const int value[5] = {0x70000 + code, 1, 0, 0, 0};
    for (int i = 0; i < 5; i++) {
        struct kernel_input_event k;
        memset(&k, 0, sizeof k);
        k.input_event_sec = 1700000000 + i;
        k.input_event_usec = 250000;
        k.type = type[i];
        k.code = cd[i];
        k.value = value[i];
        memcpy(buf + *n, &k, sizeof k);
        *n += sizeof k;
    }
}

static void junk(unsigned char *buf, size_t *n, const char *bytes, size_t len)
{
    memcpy(buf + *n, bytes, len);
    *n += len;
}

/* The stream: 6, 7 bytes of text, 4, 13 bytes of 0xFF, 8, 101 bytes of noise, 2. */
static size_t stream(unsigned char *buf)
{
    size_t n = 0;
    press(buf, &n, KEY_KP6);
    junk(buf, &n, "garbage", 7);
    press(buf, &n, KEY_KP4);
    junk(buf, &n, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 13);
    press(buf, &n, KEY_KP8);
    unsigned seed = 12345;
    for (int i = 0; i < 101; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[n++] = (unsigned char)(seed >> 16);
    }
    press(buf, &n, KEY_KP2);
    return n;
}

/* Keys read from H within SECONDS (at most 4), as "6 4 8 2". */
static void collect(void *h, double seconds, char *keys, size_t len)
{
    size_t got = 0;
    keys[0] = '\0';
    for (double end = now_s() + seconds; got < 4 && now_s() < end;) {
        struct input_event ev;
        if (input_evdev.next(h, 50, &ev) != INPUT_OK)
            break;
        if (ev.kind == INPUT_KEY) {
            size_t used = strlen(keys);
            snprintf(keys + used, len - used, "%s%s", used ? " " : "", ev.key);
            got++;
        }
    }
}

int main(void)
{
    char dir[] = "/tmp/audioleaf-test-resync-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    static unsigned char buf[4096];
    size_t n = stream(buf);
    char path[600], err[512], keys[64];
    void *h = NULL;

    /* A file of records. */
    snprintf(path, sizeof path, "%s/keys.rec", dir);
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(buf, 1, n, f) == n);
    if (f)
        fclose(f);
    CHECKF(input_evdev.open(path, &h, err, sizeof err) == INPUT_OK, "%s", err);
    if (h) {
        collect(h, 3.0, keys, sizeof keys);
        CHECKF(!strcmp(keys, "6 4 8 2"), "file: keys '%s', not '6 4 8 2'", keys);
        input_evdev.close(h);
        h = NULL;
    }

    /* A FIFO, written in pieces that cut records in two. */
    snprintf(path, sizeof path, "%s/keys.fifo", dir);
    CHECK(mkfifo(path, 0600) == 0);
    CHECKF(input_evdev.open(path, &h, err, sizeof err) == INPUT_OK, "%s", err);
    int fd = open(path, O_WRONLY | O_NONBLOCK);
    CHECK(fd >= 0);
    if (h && fd >= 0) {
        for (size_t at = 0; at < n; at += 50) {
            size_t k = n - at < 50 ? n - at : 50;
            CHECK(write(fd, buf + at, k) == (ssize_t)k);
        }
        collect(h, 3.0, keys, sizeof keys);
        CHECKF(!strcmp(keys, "6 4 8 2"), "FIFO: keys '%s', not '6 4 8 2'", keys);
    }
    if (fd >= 0)
        close(fd);
    if (h)
        input_evdev.close(h);
    tmpdir_remove(dir);
    if (failures)
        return 1;
    printf("test_input_evdev_resync: ok\n");
    return 0;
}
