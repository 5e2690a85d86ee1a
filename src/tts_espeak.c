/* tts_espeak: the speech engine module (audioleaf-espeak.so) behind tts.h, built on the
 * eSpeak NG library; the only file that includes eSpeak NG and the one place that holds
 * its process-wide state.  src/tts.c loads it when speech is needed (tts_module.h). */
#define _GNU_SOURCE /* dladdr() */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <nettle/sha2.h>

#include "tts_module.h"

/* Files whose contents define how every voice sounds; their contents are hashed for
 * tts_engine_id() (about 650 kB, 1.5 ms). */
static const char *const core_files[] = {"phondata", "phonindex", "phontab", "intonations"};

/* eSpeak NG keeps all of its state in globals, so this wrapper does too: one engine per
 * process.  espeak_Terminate() followed by a new espeak_Initialize() deadlocks in 1.51,
 * so the engine is started at most once per process and never stopped. */
static struct {
    int started;               /* espeak_Initialize() done (lazily, at the first synthesis) */
    int start_failed;          /* espeak_Initialize() failed: do not try again in this process */
    int rate;                  /* engine sample rate once started */
    struct tts_audio *collect; /* the synthesis in progress, for the callback */
    int collect_error;         /* the callback ran out of memory */
    int collect_abort;         /* the progress callback asked to stop */
    const char *text;          /* the text being spoken (marks are converted as they come) */
    size_t text_len;
    tts_progress_fn progress;  /* told after each piece of audio, or NULL */
    void *progress_ctx;
    char last_voice[128];      /* voice name last set, to skip redundant espeak_SetVoiceByName */
} engine;

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Hash name, size and mtime of the entries of DIR, in name order: every entry of the top
 * folder (dictionaries, phoneme tables), only the folders below it (language and variant
 * files are replaced by renames on upgrade, which changes their folder's mtime).  About
 * 40 stat calls instead of 500: this runs in every process that opens the cache. */
static void hash_tree(struct sha256_ctx *md, const char *dir, int depth, tts_watch_fn watch,
                      void *ctx)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (depth > 0 && e->d_type != DT_DIR && e->d_type != DT_UNKNOWN)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0 && (depth == 0 || S_ISDIR(st.st_mode))) {
            watch(ctx, path);
            char line[4200];
            int len = snprintf(line, sizeof line, "%s %lld %lld\n", path, (long long)st.st_size,
                               (long long)st.st_mtime);
            sha256_update(md, (size_t)len, (const uint8_t *)line);
            if (S_ISDIR(st.st_mode) && depth < 4)
                hash_tree(md, path, depth + 1, watch, ctx);
        }
        free(names[i]);
    }
    free(names);
}

static void hash_file(struct sha256_ctx *md, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sha256_update(md, 7, (const uint8_t *)"missing");
        return;
    }
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sha256_update(md, n, buf);
    fclose(f);
}

static void no_watch(void *ctx, const char *path)
{
    (void)ctx;
    (void)path;
}

/* Tell WATCH the places espeak_ng_InitializePath() looks at before the built-in folder
 * (1.51: $ESPEAK_DATA_PATH/espeak-ng-data, $ESPEAK_DATA_PATH, $HOME/espeak-ng-data). */
static void watch_search_path(tts_watch_fn watch, void *ctx)
{
    char path[4096];
    const char *env = getenv("ESPEAK_DATA_PATH");
    if (env && *env) {
        snprintf(path, sizeof path, "%s/espeak-ng-data", env);
        watch(ctx, path);
        watch(ctx, env);
    }
    const char *home = getenv("HOME");
    if (home && *home) {
        snprintf(path, sizeof path, "%s/espeak-ng-data", home);
        watch(ctx, path);
    }
}

static int identify(char *id, size_t idlen, tts_watch_fn watch, void *ctx)
{
    if (!watch)
        watch = no_watch;
    /* Sets the data folder only (from ESPEAK_DATA_PATH or the built-in one); cheap. */
    espeak_ng_InitializePath(NULL);
    const char *data = NULL;
    const char *version = espeak_Info(&data);
    if (!data || !*data)
        return TTS_EINIT;
    struct stat st;
    if (stat(data, &st) != 0 || !S_ISDIR(st.st_mode))
        return TTS_EINIT;
    watch_search_path(watch, ctx);
    watch(ctx, data);
    struct sha256_ctx sctx, *md = &sctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(md);
    for (size_t i = 0; i < sizeof core_files / sizeof core_files[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", data, core_files[i]);
        sha256_update(md, strlen(core_files[i]) + 1, (const uint8_t *)core_files[i]);
        hash_file(md, path);
        watch(ctx, path);
    }
    hash_tree(md, data, 0, watch, ctx);
    /* The sample rate the engine will speak at: phondata starts with its format version
     * and the rate, 4 bytes each, little-endian (how espeak_Initialize() learns it).  In
     * the id, so that the cache knows it without starting the engine. */
    long rate = 0;
    char phondata[4096];
    snprintf(phondata, sizeof phondata, "%s/phondata", data);
    FILE *pf = fopen(phondata, "rb");
    unsigned char head[8];
    if (pf && fread(head, 1, sizeof head, pf) == sizeof head)
        rate = (long)head[4] | (long)head[5] << 8 | (long)head[6] << 16 | (long)head[7] << 24;
    if (pf)
        fclose(pf);
    /* The library itself: "1.51" stays the same across distribution rebuilds. */
    Dl_info lib;
    struct stat lst;
    if (dladdr((void *)espeak_Synth, &lib) && lib.dli_fname && stat(lib.dli_fname, &lst) == 0) {
        char line[4200];
        int len = snprintf(line, sizeof line, "lib %s %lld %lld\n", lib.dli_fname,
                           (long long)lst.st_size, (long long)lst.st_mtime);
        sha256_update(md, (size_t)len, (const uint8_t *)line);
        watch(ctx, lib.dli_fname);
    }
    sha256_digest(md, sizeof digest, digest);
    char hex[2 * SHA256_DIGEST_SIZE + 1];
    for (unsigned int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    snprintf(id, idlen, "espeak-ng %s rate %ld data %s", version ? version : "?", rate, hex);
    return 0;
}

/* Refuse every <audio src> and external URI: nothing is ever fetched or executed. */
static int refuse_uri(int type, const char *uri, const char *base)
{
    (void)type;
    (void)uri;
    (void)base;
    return 1;
}

/* Byte offset in UTF-8 TEXT (LEN bytes) of character number CHARS (counted from 0). */
static size_t byte_offset(const char *text, size_t len, size_t chars)
{
    size_t i = 0;
    while (i < len && chars > 0) {
        i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
        chars--;
    }
    return i;
}

/* Add a sentence event of the synthesis in progress to A as a mark: byte offset in the
 * text, backed up over opening punctuation; kept only when it moves on from the last mark
 * in both audio and text (marks stay strictly increasing).  Returns 0 or TTS_ENOMEM. */
static int add_mark(struct tts_audio *a, size_t sample, size_t char_pos)
{
    struct tts_mark m = {.frame = sample};
    const char *text = engine.text;
    /* text_position counts characters from 1. */
    m.text_pos = byte_offset(text, engine.text_len, char_pos > 0 ? char_pos - 1 : 0);
    /* eSpeak points at the first word; include opening punctuation ("¿", "(") written
     * before it.  The first mark (frame 0, offset 0) is always there. */
    const struct tts_mark *last = &a->marks[a->n_marks - 1];
    size_t floor = last->text_pos + 1;
    while (m.text_pos > floor && !strchr(" \t\r\n", text[m.text_pos - 1]))
        m.text_pos--;
    if (m.frame <= last->frame || m.text_pos <= last->text_pos)
        return 0;
    struct tts_mark *mm = realloc(a->marks, (a->n_marks + 1) * sizeof *mm);
    if (!mm)
        return TTS_ENOMEM;
    a->marks = mm;
    mm[a->n_marks++] = m;
    return 0;
}

/* Collect samples and sentence events of the synthesis in progress; tell the progress
 * callback.  Returning 1 stops the synthesis. */
static int on_synth(short *wav, int numsamples, espeak_EVENT *events)
{
    struct tts_audio *a = engine.collect;
    if (!a || engine.collect_error || engine.collect_abort)
        return 1;
    for (espeak_EVENT *ev = events; ev && ev->type != espeakEVENT_LIST_TERMINATED; ev++) {
        if (ev->type != espeakEVENT_SENTENCE)
            continue;
        if (add_mark(a, ev->sample > 0 ? (size_t)ev->sample : 0,
                     ev->text_position > 0 ? (size_t)ev->text_position : 0)) {
            engine.collect_error = 1;
            return 1;
        }
    }
    if (wav && numsamples > 0) {
        int16_t *s = realloc(a->samples, (a->n_frames + (size_t)numsamples) * sizeof *s);
        if (!s) {
            engine.collect_error = 1;
            return 1;
        }
        a->samples = s;
        memcpy(s + a->n_frames, wav, (size_t)numsamples * sizeof *s);
        a->n_frames += (size_t)numsamples;
    }
    if (engine.progress && engine.progress(engine.progress_ctx, a) != 0) {
        engine.collect_abort = 1;
        return 1;
    }
    return 0;
}

static int start_engine(void)
{
    if (engine.started)
        return 0;
    if (engine.start_failed)
        return TTS_EINIT;
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) {
        engine.start_failed = 1;
        return TTS_EINIT;
    }
    espeak_SetSynthCallback(on_synth);
    espeak_SetUriCallback(refuse_uri);
    engine.rate = rate;
    engine.started = 1;
    return 0;
}

static int engine_started(void)
{
    return engine.started;
}

static int engine_rate(void)
{
    if (start_engine())
        return 0;
    return engine.rate;
}

/* Marks are made as the audio comes; a mark at or past the end of the audio (the last
 * sentence event may point there) moves to the end, and is dropped when the mark before it
 * is there already. */
static void clamp_marks(struct tts_audio *a)
{
    size_t kept = 0;
    for (size_t i = 0; i < a->n_marks; i++) {
        struct tts_mark m = a->marks[i];
        if (m.frame > a->n_frames)
            m.frame = a->n_frames;
        if (kept > 0 && m.frame <= a->marks[kept - 1].frame)
            continue;
        a->marks[kept++] = m;
    }
    a->n_marks = kept;
}

static int set_voice(const struct voice_profile *v)
{
    char name[128];
    if (v->variant[0])
        snprintf(name, sizeof name, "%s+%s", v->espeak_voice, v->variant);
    else
        snprintf(name, sizeof name, "%s", v->espeak_voice);
    if (strcmp(name, engine.last_voice) != 0) {
        engine.last_voice[0] = '\0';
        if (espeak_SetVoiceByName(name) != EE_OK) {
            /* A language code such as "en-gb" is not a voice name in 1.51: select by
             * language, then add the variant to the voice file found. */
            espeak_VOICE want;
            memset(&want, 0, sizeof want);
            want.languages = v->espeak_voice;
            if (espeak_SetVoiceByProperties(&want) != EE_OK)
                return TTS_EVOICE;
            const espeak_VOICE *cur = espeak_GetCurrentVoice();
            if (v->variant[0]) {
                char full[192];
                if (!cur || !cur->identifier)
                    return TTS_EVOICE;
                snprintf(full, sizeof full, "%s+%s", cur->identifier, v->variant);
                if (espeak_SetVoiceByName(full) != EE_OK)
                    return TTS_EVOICE;
            }
        }
        snprintf(engine.last_voice, sizeof engine.last_voice, "%s", name);
    }
    if (espeak_SetParameter(espeakRATE, v->rate, 0) != EE_OK ||
        espeak_SetParameter(espeakPITCH, v->pitch, 0) != EE_OK ||
        espeak_SetParameter(espeakRANGE, v->range, 0) != EE_OK ||
        espeak_SetParameter(espeakWORDGAP, v->word_gap, 0) != EE_OK ||
        espeak_SetParameter(espeakVOLUME, v->volume, 0) != EE_OK)
        return TTS_EVOICE;
    return 0;
}

static void audio_free(struct tts_audio *a)
{
    free(a->samples);
    free(a->marks);
    memset(a, 0, sizeof *a);
}

static int synth_stream(const struct voice_profile *v, const char *text,
                        tts_progress_fn progress, void *ctx, struct tts_audio *out)
{
    memset(out, 0, sizeof *out);
    int rc = start_engine();
    if (rc)
        return rc;
    rc = set_voice(v);
    if (rc)
        return rc;
    out->rate = engine.rate;
    /* A mark at the very start, whatever events come. */
    out->marks = calloc(1, sizeof *out->marks);
    if (!out->marks)
        return TTS_ENOMEM;
    out->n_marks = 1;
    engine.collect = out;
    engine.collect_error = 0;
    engine.collect_abort = 0;
    engine.text = text;
    engine.text_len = strlen(text);
    engine.progress = progress;
    engine.progress_ctx = ctx;
    /* Plain text, never espeakSSML: markup-like text is spoken, not obeyed.
     * espeakPHONEMES lets the lexicon's [[phonemes]] through. */
    espeak_ERROR e = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                  espeakCHARS_UTF8 | espeakPHONEMES | espeakENDPAUSE, NULL, NULL);
    if (e == EE_OK)
        e = espeak_Synchronize();
    engine.collect = NULL;
    engine.progress = NULL;
    engine.text = NULL;
    if (e != EE_OK || engine.collect_error || engine.collect_abort) {
        rc = engine.collect_error ? TTS_ENOMEM : engine.collect_abort ? TTS_EABORT : TTS_ESYNTH;
        audio_free(out);
        return rc;
    }
    clamp_marks(out);
    return 0;
}

static const char *const engine_env[] = {"ESPEAK_DATA_PATH", "HOME", NULL};

__attribute__((visibility("default"))) const struct tts_module audioleaf_module_espeak = {
    .h = {TTS_MODULE_ABI, "espeak"},
    .env = engine_env,
    .identify = identify,
    .synth_stream = synth_stream,
    .rate = engine_rate,
    .started = engine_started,
};
