/* tts: the speech engine behind one interface (src/tts.c); the engine itself is the
 * module audioleaf-espeak.so (src/tts_espeak.c, the only file that includes eSpeak NG),
 * loaded when it is first needed.  The engine keeps global state: one per process. */
#ifndef AUDIOLEAF_TTS_H
#define AUDIOLEAF_TTS_H

#include <stddef.h>
#include <stdint.h>

#include "voice.h"

enum tts_status {
    TTS_OK = 0,
    TTS_ENOMEM = -1,  /* out of memory */
    TTS_EINIT = -2,   /* the engine could not start (data missing) */
    TTS_EVOICE = -3,  /* the engine has no such voice */
    TTS_ESYNTH = -4,  /* synthesis failed */
    TTS_EABORT = -5,  /* the progress callback asked to stop (tts_synth_stream() only) */
    TTS_EMODULE = -6, /* the engine module (audioleaf-espeak.so) cannot be loaded */
};

/* Where a sentence starts in a rendered unit. */
struct tts_mark {
    size_t frame;     /* sample offset of the sentence start */
    size_t text_pos;  /* byte offset in the unit text */
};

/* Rendered audio: 16-bit mono. */
struct tts_audio {
    int16_t *samples;
    size_t n_frames;
    int rate;                 /* samples per second */
    struct tts_mark *marks;   /* sentence starts, in order; the first is at frame 0 */
    size_t n_marks;
};

struct tts;

/* Open the engine.  Cheap: it finds the engine's data and computes tts_engine_id(),
 * loading the engine module for that; the engine itself starts at the first tts_synth()
 * or tts_rate() (once per process, never stopped: eSpeak NG 1.51 cannot be restarted).
 * Several handles may be open; they share the one engine and must not be used from two
 * threads at once.  eSpeak NG starts a thread of its own, so fork worker processes before
 * the engine starts, not after.  Returns 0 and a handle in *OUT, or TTS_EINIT (no engine
 * data) / TTS_EMODULE / TTS_ENOMEM. */
int tts_open(struct tts **out);

/* As tts_open(), remembering the engine id in the file MEMO (NULL: none).  When MEMO
 * holds an id and every file, folder and setting it was made from (the engine's data and
 * library, the module, the loader's cache, the environment variables that choose them) is
 * unchanged, that id is used and the module is not loaded.  Otherwise the id is computed
 * and MEMO rewritten atomically, but only when all those files are at least 2 seconds old
 * (a change within one timestamp tick could not be seen).  A missing, damaged or stale
 * MEMO only costs the computation. */
int tts_open_memo(const char *memo, struct tts **out);

/* Load the engine module now without starting the engine (before forking workers that
 * will speak, so each does not load it again).  Returns 0 or TTS_EMODULE. */
int tts_load(struct tts *t);

/* Speak TEXT (UTF-8, as made by speech_text()) with voice V into *OUT, which the
 * caller frees with tts_audio_free().  Returns 0 or a negative tts_status. */
int tts_synth(struct tts *t, const struct voice_profile *v, const char *text,
              struct tts_audio *out);

/* Told by tts_synth_stream(), on the synthesising thread, each time the engine hands over
 * audio: SO_FAR holds every sample so far and the sentence marks found so far (in their
 * final form: frame, byte offset; a mark past the last sample may still be dropped at
 * the end).  SO_FAR's buffers may move between calls: copy what is kept.  Return 0 to go
 * on, non-zero to stop the synthesis (tts_synth_stream() then returns TTS_EABORT). */
typedef int (*tts_progress_fn)(void *ctx, const struct tts_audio *so_far);

/* As tts_synth(), telling PROGRESS(CTX, ...) (NULL: nobody) as the audio is made, so that
 * a caller can start playing before the whole text is spoken.  *OUT is the complete audio,
 * as tts_synth() makes it.  Returns 0, TTS_EABORT (nothing in *OUT) or another negative
 * tts_status. */
int tts_synth_stream(struct tts *t, const struct voice_profile *v, const char *text,
                     tts_progress_fn progress, void *ctx, struct tts_audio *out);

void tts_audio_free(struct tts_audio *a);

/* A string naming the engine version and a fingerprint of its data (for cache keys);
 * valid while T is open.  Does not start the engine. */
const char *tts_engine_id(struct tts *t);

/* The sample rate the engine speaks at, as its id tells it (without starting the engine),
 * or 0 when the id does not say. */
int tts_engine_rate(struct tts *t);

/* 1 when this process has started the engine (a synthesis ran), else 0. */
int tts_started(const struct tts *t);

/* The engine's sample rate (starts the engine); 0 when it cannot start. */
int tts_rate(struct tts *t);

void tts_close(struct tts *t);
const char *tts_strerror(int status);

#endif
