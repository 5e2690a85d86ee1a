/* mp3: the MP3 files of the talking-book and e-book exports (MPEG-1/2 Layer III written
 * by libsndfile, which uses LAME), one per unit, written atomically. */
#ifndef AUDIOLEAF_EXPORT_MP3_H
#define AUDIOLEAF_EXPORT_MP3_H

#include <stddef.h>
#include <stdint.h>

enum mp3_status {
    MP3_OK = 0,
    MP3_ENOMEM = -1,   /* out of memory */
    MP3_EIO = -2,      /* the file cannot be created, written, synced or renamed (errno kept) */
    MP3_EENCODE = -3,  /* libsndfile refused the format or failed to encode (no MP3 support) */
    MP3_EREAD = -4,    /* not an MP3 file libsndfile can read */
};

/* The default quality: libsndfile's compression level 0.75, constant bit rate, about
 * 48 kbit/s for 22 050 Hz mono speech. */
#define MP3_LEVEL 0.75

/* Write the N mono 16-bit samples S at RATE as a constant-bit-rate MP3 file PATH, with
 * compression LEVEL (0 best .. 1 smallest).  The file is written under a temporary name
 * in PATH's folder, flushed to disk and renamed over PATH, so PATH holds the old file or
 * the complete new one.  Returns 0, or a negative mp3_status (errno kept for MP3_EIO);
 * on failure the temporary file is removed and PATH is untouched. */
int mp3_write(const char *path, const int16_t *s, size_t n, int rate, double level);

/* Open the MP3 file PATH and tell its length in decoded frames (*FRAMES) and its *RATE
 * (libsndfile's mpg123 decoder, which honours the encoder's gapless header).  Returns 0,
 * MP3_EIO (errno kept) or MP3_EREAD. */
int mp3_info(const char *path, size_t *frames, int *rate);

/* Decode the MP3 file PATH into mono floats (*OUT, free(); channels mixed), *N frames at
 * *RATE.  Returns 0, MP3_EIO, MP3_EREAD or MP3_ENOMEM. */
int mp3_read(const char *path, float **out, size_t *n, int *rate);

const char *mp3_strerror(int status);

#endif
