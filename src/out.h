/* out: audio outputs behind one interface (PortAudio device, null device), each a const
 * table of functions; the output pulls frames from the player through a callback.  Also
 * the streaming WAV recorder used by --record (src/out_file.c). */
#ifndef AUDIOLEAF_OUT_H
#define AUDIOLEAF_OUT_H

#include <stddef.h>
#include <stdint.h>

/* Errors returned by out_* functions (0 is success). */
enum out_status {
    OUT_OK = 0,
    OUT_ENODEV = -1,  /* no usable output device (or no device of that name) */
    OUT_EOPEN = -2,   /* the device exists but the stream could not be opened/started */
    OUT_ENOMEM = -3,  /* out of memory */
    OUT_EIO = -4,     /* a file could not be written (recorder) */
    OUT_ETARGET = -5, /* the recording's name is not (or no longer) absent or a regular file */
};

/* Fill DST with exactly N mono frames (silence when there is nothing to play).  Called
 * from the output's own thread (PortAudio's callback): must not block for long. */
typedef void (*out_pull_fn)(void *ctx, int16_t *dst, size_t n);

/* An output back end.  Every function pointer is set. */
struct out_backend {
    const char *name; /* "portaudio", "null" */
    /* Open the output DEVICE (NULL: the default) for mono 16-bit audio at RATE and start
     * pulling with PULL(CTX, ...) in buffers of FRAMES_PER_BUFFER frames: the stream runs
     * without stopping until close().  Returns 0 and a handle in *OUT, or OUT_ENODEV /
     * OUT_EOPEN with a one-line message in ERR. */
    int (*open)(const char *device, int rate, size_t frames_per_buffer, out_pull_fn pull,
                void *ctx, void **out, char *err, size_t errlen);
    /* Stop pulling and release the device.  NULL is fine. */
    void (*close)(void *h);
};

/* PortAudio: one callback stream kept running (never stopped per clip); ALSA's own
 * messages are silenced. */
extern const struct out_backend out_portaudio;

/* No device: a thread that pulls as fast as the player gives frames (for --record
 * without a sound card and for tests); device "realtime" pulls at the pace of a sound
 * card instead (benchmarks).  --device null / null:realtime select it. */
extern const struct out_backend out_null;

/* A WAV file being written by --record: 16-bit mono, written to a fresh file
 * "PATH.XXXXXX.part" (mkstemps) in PATH's folder whose header is kept current after every
 * write (a killed session leaves a playable WAV there), renamed to PATH by
 * out_file_close(): PATH never holds a half file, and what PATH was is never written. */
struct out_file;

/* Check PATH (absent, or a regular file or a link to one; never a folder, device or
 * other special file) and create the recorder.  Returns 0 and *OUT, or OUT_EIO /
 * OUT_ENOMEM with a one-line message naming PATH and the reason in ERR (nothing made). */
int out_file_open(const char *path, int rate, struct out_file **out, char *err, size_t errlen);

/* Append N frames.  Returns 0, or OUT_EIO when they could not all be written (a full
 * disk, a file size limit): what was written stays consistent, later calls write nothing
 * and return OUT_EIO, out_file_error() tells why. */
int out_file_write(struct out_file *f, const int16_t *samples, size_t n);

/* The errno of the first failed write, 0 when none failed. */
int out_file_error(const struct out_file *f);

/* Frames written so far. */
size_t out_file_frames(const struct out_file *f);

/* The temporary file's name. */
const char *out_file_part(const struct out_file *f);

/* Finish the file and rename it to PATH (KEEP=1) or remove it (KEEP=0).  Returns 0,
 * OUT_EIO (the file is removed), or OUT_ETARGET when PATH has become a folder, device or
 * special file meanwhile (nothing renamed; the part file is kept).  NULL is fine. */
int out_file_close(struct out_file *f, int keep);

const char *out_strerror(int status);

#endif
