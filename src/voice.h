/* voice: voice profiles (voices/NAME.ini, read with inih): which eSpeak NG voice,
 * language, rate, pitch, range, word gap, volume and lexicon a leaflet is spoken with. */
#ifndef AUDIOLEAF_VOICE_H
#define AUDIOLEAF_VOICE_H

#include <stddef.h>

enum voice_status {
    VOICE_OK = 0,
    VOICE_ENOENT = -1,   /* no such profile */
    VOICE_EPARSE = -2,   /* the profile file is malformed (message says where) */
    VOICE_ERANGE = -3,   /* a value is out of range */
    VOICE_ELEXICON = -4, /* the lexicon file cannot be read or parsed */
};

/* The speaking rates a profile, --rate and the player's 7 / 9 keys may choose. */
enum {
    VOICE_RATE_MIN = 80,  /* words per minute */
    VOICE_RATE_MAX = 450,
};

/* 1 when CODE looks like a language code ("en", "es-419", "sw"): 1-15 letters, digits,
 * '-' or '_'.  It is not checked against a list. */
int voice_language_code_ok(const char *code);

struct voice_profile {
    char name[64];          /* profile name: the file name without ".ini" */
    char description[160];  /* one line for `audioleaf voices` */
    char espeak_voice[64];  /* eSpeak NG voice name, e.g. "en-gb", "es" */
    char variant[32];       /* eSpeak NG variant, e.g. "f2"; "" for none */
    char language[16];      /* language code the profile speaks, e.g. "en" */
    int rate;               /* words per minute (VOICE_RATE_MIN..VOICE_RATE_MAX) */
    int pitch;              /* 0..100 */
    int range;              /* 0..100 */
    int word_gap;           /* extra pause between words, units of 10 ms */
    int volume;             /* 0..200 */
    char lexicon_path[1024];/* resolved lexicon file, "" for none */
    char *lexicon_text;     /* lexicon file contents (owned), NULL for none */
    size_t lexicon_len;
};

/* Folder holding the profiles: $AUDIOLEAF_VOICES, else the source tree's voices/
 * when run from a build tree, else the installed share/audioleaf/voices. */
const char *voice_dir(void);

/* 1 when NAME names a profile: a valid name (letters, digits, '-', '_') whose NAME.ini
 * exists in voice_dir(), so that a --voice naming none is a bad command line; whether the
 * file is well formed is for voice_load() to say.  Else 0. */
int voice_exists(const char *name);

/* Load profile NAME (or, when NAME is NULL, the default profile for LANGUAGE, or
 * "en" when LANGUAGE is NULL too).  Returns 0 and fills *OUT, which must later be
 * given to voice_clear(); on failure returns a negative voice_status and writes a
 * "FILE:LINE:COL: message" text into ERR. */
int voice_load(const char *name, const char *language, struct voice_profile *out,
               char *err, size_t errlen);

/* Release what voice_load() allocated in V. */
void voice_clear(struct voice_profile *v);

const char *voice_strerror(int status);

#endif
