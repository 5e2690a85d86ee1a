/* dtmf: finds the keys of DTMF tones in audio of any sample rate, with spandsp's
 * ITU-T Q.23/Q.24 receiver behind a soxr resampler to 8 kHz. */
#ifndef AUDIOLEAF_DTMF_H
#define AUDIOLEAF_DTMF_H

#include <stddef.h>
#include <stdint.h>

enum dtmf_status {
    DTMF_OK = 0,
    DTMF_ENOMEM = -1,    /* out of memory */
    DTMF_ERATE = -2,     /* sample rate outside 4000..384000 Hz */
    DTMF_ERESAMPLE = -3, /* the resampler failed */
    DTMF_EIO = -4,       /* the recording cannot be opened or read */
    DTMF_EFORMAT = -5,   /* the file is not audio libsndfile can read (or not a file) */
    DTMF_EFINISHED = -6, /* audio fed after dtmf_detector_finish() */
    DTMF_EMODULE = -7,   /* the tone receiver module (audioleaf-spandsp.so) cannot be loaded */
};

/* The receiver's settings.  The receiver confirms a key after two successive
 * 12.75 ms analysis blocks agree and ends it after two that do not, so tones of
 * 40 ms or more with gaps of 40 ms or more are taken (Q.24's minimum), tones of
 * 20 ms or less never are, and a break of up to about 10 ms inside a tone is
 * bridged (the same key again after a gap of two blocks or less is not reported). */
struct dtmf_params {
    int normal_twist_db;  /* largest accepted excess of the low group over the high, dB */
    int reverse_twist_db; /* largest accepted excess of the high group over the low, dB */
    int threshold_dbm0;   /* weakest accepted tone (each group), dBm0 (0 dBm0 = -3.14 dBov sine) */
    int filter_dialtone;  /* 1: notch out 350 and 440 Hz dial tone before detection */
};

/* The defaults: normal and reverse twist 8 dB, threshold -42 dBm0, no dial tone
 * filter. */
void dtmf_params_default(struct dtmf_params *p);

/* One key found. */
struct dtmf_key {
    char key;     /* '0'-'9', '*', '#', 'A'-'D' */
    double time;  /* seconds from the start of the audio to the tone's estimated start */
};

/* Called once for each key, in order, from inside dtmf_detector_feed()/_finish(). */
typedef void (*dtmf_key_fn)(void *user, const struct dtmf_key *key);

struct dtmf_detector;

/* Make a detector for mono 16-bit audio at RATE Hz (resampled to 8 kHz with soxr
 * unless RATE is 8000).  P may be NULL for the defaults.  ON_KEY(USER, key) is
 * called for each key found.  Returns 0 and a handle in *OUT (free it with
 * dtmf_detector_free()), or DTMF_ERATE, DTMF_EMODULE, DTMF_ENOMEM or DTMF_ERESAMPLE
 * and *OUT NULL. */
int dtmf_detector_new(int rate, const struct dtmf_params *p, dtmf_key_fn on_key, void *user,
                      struct dtmf_detector **out);

/* Hand N more samples to the detector; keys are reported as soon as confirmed
 * (about 25 ms after a tone starts).  Returns 0 or DTMF_ENOMEM / DTMF_ERESAMPLE. */
int dtmf_detector_feed(struct dtmf_detector *d, const int16_t *samples, size_t n);

/* As dtmf_detector_feed() for N float samples (full scale 1.0). */
int dtmf_detector_feed_float(struct dtmf_detector *d, const float *samples, size_t n);

/* End of the audio: drain the resampler so a tone at the very end is seen.
 * Returns 0 or a negative dtmf_status; feeding afterwards gives DTMF_EFINISHED. */
int dtmf_detector_finish(struct dtmf_detector *d);

/* Free a detector; NULL is allowed. */
void dtmf_detector_free(struct dtmf_detector *d);

/* A growing list of keys (owned array; free with dtmf_keys_clear()). */
struct dtmf_keys {
    struct dtmf_key *keys;
    size_t n;
    size_t cap;
    int failed;          /* 1 when a key could not be stored (out of memory) */
};

void dtmf_keys_clear(struct dtmf_keys *k);

/* A dtmf_key_fn that appends to the struct dtmf_keys given as USER. */
void dtmf_keys_append(void *user, const struct dtmf_key *key);

/* Find the keys in N mono samples at RATE Hz.  Returns 0 and fills *OUT (which
 * must start zeroed; release with dtmf_keys_clear()), or a negative dtmf_status. */
int dtmf_find_in_samples(const int16_t *samples, size_t n, int rate,
                         const struct dtmf_params *p, struct dtmf_keys *out);

/* Find the keys in a recording: any WAV libsndfile reads (PCM of 8 to 32 bits, 32- or
 * 64-bit float, WAVE_FORMAT_EXTENSIBLE, G.711; or another format it reads), any rate
 * from 4000 to 384000 Hz, any channel count (mixed down to the channels' mean, so a
 * tone on one channel of two is heard 6 dB lower).  Read in blocks (wav_stream_*), so a
 * long recording takes little memory.  Returns 0 and fills *OUT as
 * dtmf_find_in_samples(), or a negative dtmf_status (DTMF_EIO, DTMF_EFORMAT, ...) with
 * a one-line "PATH: reason" in ERR and *OUT empty. */
int dtmf_find_in_file(const char *path, const struct dtmf_params *p, struct dtmf_keys *out,
                      char *err, size_t errlen);

const char *dtmf_strerror(int status);

#endif
