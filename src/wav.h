/* wav: 16-bit mono WAV files with their sentence marks, read and written with
 * libsndfile (the only module that includes it). */
#ifndef AUDIOLEAF_WAV_H
#define AUDIOLEAF_WAV_H

#include <stddef.h>
#include <stdint.h>

#include "tts.h"

enum wav_status {
    WAV_OK = 0,
    WAV_ENOMEM = -1,   /* out of memory */
    WAV_EIO = -2,      /* the file cannot be opened, written or read (errno kept) */
    WAV_EFORMAT = -3,  /* not a WAV file libsndfile can read, or not mono */
    WAV_ECORRUPT = -4, /* audioleaf's stored frame count, checksum or marks disagree
                        * with the audio: truncated or damaged */
};

/* The longest key a WAV file's metadata may record (hex digits; a cache key is 64). */
#define WAV_KEY_MAX 64

/* A whole WAV file in memory. */
struct wav_data {
    int16_t *samples; /* n_frames mono samples (owned) */
    size_t n_frames;
    int rate;               /* samples per second */
    struct tts_mark *marks; /* sentence starts (owned), NULL/0 when the file has none */
    size_t n_marks;
    int verified; /* 1 when the file carried audioleaf's metadata (frame
                   * count, checksum, marks) and all of it matched */
    char key[WAV_KEY_MAX + 1]; /* the key the metadata records ("" when none): the cache
                                * compares it with the name it found the file under */
};

/* Write N mono 16-bit samples at RATE with MARKS into the open file descriptor FD
 * (positioned at 0; not closed, not synced).  The WAV gets a LIST/INFO comment holding
 * the frame count, rate, a checksum of the samples, KEY (1 to WAV_KEY_MAX lowercase hex
 * digits naming what the file is, or NULL) and the marks, and a cue chunk with the mark
 * positions for other tools.  Returns 0 or a negative wav_status (WAV_EFORMAT for bad
 * marks or a bad KEY); on failure the file content is undefined (the caller removes it). */
int wav_write_fd(int fd, const int16_t *samples, size_t n, int rate, const struct tts_mark *marks,
                 size_t n_marks, const char *key);

/* As wav_write_fd() without a key into a new file PATH (created or truncated, mode 0666 &
 * ~umask).  Not atomic: the cache does its own temp-file-and-rename. */
int wav_write(const char *path, const int16_t *samples, size_t n, int rate,
              const struct tts_mark *marks, size_t n_marks);

/* Read the whole WAV file PATH into *OUT (release with wav_data_free()): samples
 * converted to 16-bit, rate, marks and key.  Any mono WAV of PCM, float or G.711 data
 * ("fmt " right after the RIFF header) is accepted; MPEG and other coded data are not;
 * when the file carries audioleaf's metadata it is checked and a mismatch gives
 * WAV_ECORRUPT.  PATH must be a regular file (a FIFO or device is refused at once with
 * WAV_EIO, errno REGFILE_ENOTREG, never waited on).  On failure *OUT is empty and a
 * negative wav_status is returned. */
int wav_read(const char *path, struct wav_data *out);

/* Check an audioleaf WAV file without keeping its samples: as wav_read(), but
 * OUT->samples stays NULL (n_frames, rate, marks, key filled), a file without audioleaf's
 * metadata gives WAV_ECORRUPT, and PATH must not be a symbolic link (WAV_EIO, errno
 * ELOOP): made for cache entries.  Reads through a small buffer: cheap for cache hits. */
int wav_check(const char *path, struct wav_data *out);

/* Any audio file libsndfile reads (WAV PCM of 8-32 bits, float or double, WAVE_FORMAT_
 * EXTENSIBLE, G.711, ...; any channel count), read in blocks as mono floats (full scale
 * 1.0; several channels are mixed down to their mean), so a long recording never has to
 * fit in memory.  Not for cache entries: no audioleaf metadata is checked. */
struct wav_stream;

/* Open PATH (a regular file: a FIFO or device is refused at once, never read).  Returns
 * 0 with the handle in *OUT (close with wav_stream_close()), its RATE and CHANNELS; or
 * WAV_EIO (errno kept), WAV_EFORMAT (not audio libsndfile reads, or not a regular file)
 * or WAV_ENOMEM with *OUT NULL. */
int wav_stream_open(const char *path, struct wav_stream **out, int *rate, int *channels);

/* Read up to N frames into OUT (N mono floats).  Returns the frames read, 0 at the end
 * of the file, or WAV_EIO. */
long wav_stream_read(struct wav_stream *s, float *out, size_t n);

/* Close S; NULL is allowed. */
void wav_stream_close(struct wav_stream *s);

void wav_data_free(struct wav_data *d);
const char *wav_strerror(int status);

#endif
