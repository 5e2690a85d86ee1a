/* fuzz_wav: libFuzzer target: reads arbitrary bytes as a WAV file, as the cache reads its
 * entries (wav_read(), and wav_check() as for a cache hit), and checks what a success
 * promises: a positive rate, marks inside the audio and increasing, a recorded key of hex
 * digits, and the two readers agreeing on an entry that carries audioleaf's metadata. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wav.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One file, rewritten for every input (the readers work on a path, as the cache does). */
static char path[256];
static int fd = -1;

static void remove_file(void)
{
    unlink(path);
}

static void check_result(const struct wav_data *w)
{
    if (w->rate <= 0 || (w->n_frames > 0 && w->samples == NULL && w->verified == 0))
        __builtin_trap();
    for (size_t i = 0; i < w->n_marks; i++) {
        if (w->marks[i].frame > w->n_frames)
            __builtin_trap();
        if (i > 0 && (w->marks[i].frame <= w->marks[i - 1].frame ||
                      w->marks[i].text_pos <= w->marks[i - 1].text_pos))
            __builtin_trap();
    }
    size_t k = strlen(w->key);
    if (k > WAV_KEY_MAX || strspn(w->key, "0123456789abcdef") != k)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fd < 0) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/fuzz_wav-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        fd = mkstemp(path);
        if (fd < 0)
            __builtin_trap();
        atexit(remove_file);
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        __builtin_trap();

    struct wav_data r, c;
    int rr = wav_read(path, &r);
    int rc = wav_check(path, &c);
    if (rr == WAV_OK) {
        check_result(&r);
        if (r.n_frames > 0 && !r.samples)
            __builtin_trap();
    } else if (r.samples || r.marks || r.n_frames) {
        __builtin_trap(); /* a failure leaves *OUT empty */
    }
    if (rc == WAV_OK) {
        check_result(&c);
        if (!c.verified || c.samples)
            __builtin_trap();
    }
    /* What the cache takes (a checked entry) is what the player then reads. */
    if (rc == WAV_OK && (rr != WAV_OK || !r.verified || r.n_frames != c.n_frames ||
                         r.rate != c.rate || r.n_marks != c.n_marks || strcmp(r.key, c.key)))
        __builtin_trap();
    wav_data_free(&r);
    wav_data_free(&c);
    return 0;
}
