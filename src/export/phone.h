/* export_phone: a leaflet's cached renders turned into phone-line prompts (8 kHz,
 * high-passed, -26 dBov by P.56, peaks under -3 dBFS, G.711 or linear) laid out for
 * Asterisk and FreeSWITCH, with a manifest, an Asterisk dialplan context and a
 * FreeSWITCH IVR menu set that give callers the keypad of SPEC section 4.
 *
 * Layout under DIR (NAME = the leaflet's file name, lowercase [a-z0-9_-]):
 *   manifest.json
 *   asterisk/extensions_audioleaf.conf               context [audioleaf-NAME]
 *   asterisk/LANG/audioleaf/ID.ulaw|.alaw|.sln       raw, headerless (per --codec)
 *   asterisk/LANG/audioleaf/ID.wav                   8 kHz 16-bit PCM, plain 44-byte header
 *   freeswitch/ivr_audioleaf.xml                     menus audioleaf-NAME-*
 *   freeswitch/dialplan_audioleaf.xml                context audioleaf-NAME
 *   freeswitch/LANG/REGION/VOICE/audioleaf/8000/ID.wav
 * IDs: NAME-s03, NAME-s07-q02, NAME-updated, NAME-where-s03, NAME-welcome, ...
 * (see tools/phone/README.md for all of them and for installing an export). */
#ifndef AUDIOLEAF_EXPORT_PHONE_H
#define AUDIOLEAF_EXPORT_PHONE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum export_phone_status {
    EXPORT_PHONE_OK = 0,
    EXPORT_PHONE_ENOMEM = -1,    /* out of memory */
    EXPORT_PHONE_EIO = -2,       /* a folder or file cannot be made or written (errno kept) */
    EXPORT_PHONE_ERESAMPLE = -3, /* the resampler failed */
    EXPORT_PHONE_EINPUT = -4,    /* the leaflet, voice or lexicon is unusable (message says) */
    EXPORT_PHONE_ECACHE = -5,    /* a unit could not be rendered or read from the cache */
    EXPORT_PHONE_ESILENT = -6,   /* a render holds no speech, so no level can be set */
};

/* The audio format of the Asterisk prompt files; 0 is the default. */
enum export_phone_codec {
    EXPORT_PHONE_ULAW = 0, /* G.711 mu-law, NAME.ulaw */
    EXPORT_PHONE_ALAW,     /* G.711 A-law, NAME.alaw */
    EXPORT_PHONE_SLIN,     /* 16-bit signed linear little-endian, NAME.sln */
};

#define EXPORT_PHONE_RATE 8000
#define EXPORT_PHONE_LEVEL_DBOV (-26.0)   /* target active speech level (P.56) */
#define EXPORT_PHONE_PEAK_DBFS (-3.0)     /* peaks stay under this */
#define EXPORT_PHONE_HIGHPASS_HZ 200.0    /* 2nd-order Butterworth high-pass corner */
#define EXPORT_PHONE_LEAD_S 0.2           /* silence before each prompt */
#define EXPORT_PHONE_TRAIL_S 0.5          /* silence after each prompt */
#define EXPORT_PHONE_FS_TRANSFERS 1000  /* FreeSWITCH max_session_transfers: keys a call may press */

/* One prompt made ready for the phone: 8 kHz samples as they are stored in the files
 * (after G.711 encoding and decoding for ulaw/alaw) and what they measure. */
struct export_phone_audio {
    int16_t *samples;    /* owned */
    size_t n;
    double level_dbov;   /* P.56 active level of `samples` */
    double peak_dbfs;    /* largest |sample| */
    double seconds;
};

/* Make IN (N mono samples at RATE) ready for CODEC: resample to 8 kHz (soxr, very
 * high quality), high-pass, trim the render's own silence at both ends, set the P.56
 * level to -26 dBov, limit peaks under -3 dBFS (look-ahead limiter, the level set
 * again after it), add the lead and trail silence, round to 16 bits and, for G.711,
 * pass through the codec so OUT is what the files hold.  Returns 0 and fills *OUT
 * (free with export_phone_audio_free()), or EXPORT_PHONE_ESILENT, _ENOMEM, _ERESAMPLE. */
int export_phone_process(const int16_t *in, size_t n, int rate, enum export_phone_codec codec,
                         struct export_phone_audio *out);

void export_phone_audio_free(struct export_phone_audio *a);

/* The bytes of a headerless file in CODEC for the 16-bit samples S (N of them):
 * one byte a sample for G.711, two (little-endian) for linear.  Returns a malloc'd
 * buffer and its size in *LEN, or NULL when out of memory. */
unsigned char *export_phone_encode(const int16_t *s, size_t n, enum export_phone_codec codec,
                                   size_t *len);

/* A complete 8 kHz mono 16-bit PCM WAV file (RIFF, "fmt ", "data" only: Asterisk's
 * format_wav refuses other chunks before the data).  NULL when out of memory. */
unsigned char *export_phone_wav(const int16_t *s, size_t n, size_t *len);

/* Write LEN bytes to PATH atomically: a temporary file in the same folder, flushed,
 * then renamed over PATH.  On failure returns EXPORT_PHONE_EIO with errno kept, the
 * temporary file is removed and PATH is untouched. */
int export_phone_write_atomic(const char *path, const void *data, size_t len);

/* The name used in ids, context names and menus: the file name of PATH without
 * folders and extension, lowercased, other characters as '-', runs of '-' joined,
 * at most 48 characters; "leaflet" when nothing is left. */
void export_phone_name(const char *path, char *out, size_t cap);

/* What to export. */
struct export_phone_options {
    const char *leaflet;           /* the leaflet file */
    const char *dir;               /* output folder (replaced whole; see export_phone()) */
    enum export_phone_codec codec;
    const char *language;          /* NULL: the leaflet's own */
    const char *voice;             /* NULL: the leaflet's voice, else the language's default */
    const char *cache_dir;         /* NULL: the default cache */
    FILE *progress;                /* one line per file written, NULL for quiet */
};

/* Export the leaflet into DIR as a whole: the export is written in a staging folder
 * beside DIR (PARENT/.DIR.audioleaf-staging-XXXXXX, holding a locked marker file) and
 * swapped in when complete, so DIR holds the old complete export or the new one, never a
 * mix, and nothing of the old is left (files of units gone, stray files).  DIR may be
 * missing (made, with its parents), empty, or a previous audioleaf export of the same
 * leaflet (its manifest.json says so); anything else is refused with EXPORT_PHONE_EINPUT
 * and left untouched.  Staging folders that killed runs left beside DIR are removed
 * first (only folders of that name pattern that are ours, with an unlocked marker, or
 * empty).  A symbolic link DIR is followed: the folder it names is replaced.  Returns 0,
 * or a negative export_phone_status with a one-line message in ERR ("FILE:LINE:COL: ..."
 * for leaflet errors); on failure DIR is as it was and the staging folder is removed.
 * Test hook: AUDIOLEAF_TEST_KILL_AT=N in the environment makes the export kill itself
 * (SIGKILL) at its Nth step (a folder made, a file written, the swap, a removal). */
int export_phone(const struct export_phone_options *o, char *err, size_t errlen);

const char *export_phone_strerror(int status);

#endif
