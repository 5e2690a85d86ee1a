/* cache: maps unit text + voice profile to a WAV file in the cache folder, rendering it
 * with the engine on a miss, writing atomically (temp file, fsync, rename) and checking
 * every entry on read. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "cache.h"
#include "folder.h"
#include "regfile.h"
#include "stamp.h"
#include "wav.h"

/* Bump when the way audio is rendered or stored changes, so old entries are not reused
 * (2: each entry records its own key). */
#define CACHE_RENDER_VERSION "audioleaf-render 2"

/* Temp files older than this were left by a killed process and are removed. */
#define CACHE_STALE_SECONDS (3600)

/* DIR/checked: the entries read and checked in full, with their stat then. */
#define CHECKED_MAGIC "audioleaf checked 1"

/* An entry file as it was when it was read and checked in full. */
struct checked {
    char key[65];
    struct stamp stamp;
    size_t n_frames;
    int rate;
};

struct cache {
    char dir[1024];
    int shared; /* the folder is shared with its group (folder.h): files made group-readable */
    struct tts *tts; /* open handle (cheap); the engine starts at the first render */
    pthread_mutex_t lock;   /* guards what follows */
    struct checked *checked; /* [0, n_sorted) sorted by key (read from DIR/checked), then
                              * entries checked since, in no order */
    size_t n_checked, n_sorted, cap_checked;
    int checked_read;    /* DIR/checked has been read */
    int checked_changed; /* something new to save */
};

/* Remove temp files left behind by killed renders. */
static void sweep_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, ".tmp-", 5) != 0)
            continue;
        char path[1400];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
            now - st.st_mtime > CACHE_STALE_SECONDS)
            unlink(path);
    }
    closedir(d);
}

int cache_open(const char *dir, struct cache **out)
{
    return cache_open_err(dir, out, NULL, 0);
}

int cache_open_err(const char *dir, struct cache **out, char *err, size_t errlen)
{
    *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    struct cache *c = calloc(1, sizeof *c);
    if (!c) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", dir ? dir : "cache", cache_strerror(CACHE_ENOMEM));
        return CACHE_ENOMEM;
    }
    /* The folders an entry path is made from leave room for "/KEY.wav" and temp names. */
    size_t room = sizeof c->dir - 100;
    int kind;
    if (dir && *dir) {
        if (strlen(dir) >= room) {
            free(c);
            if (err && errlen)
                snprintf(err, errlen, "%.200s...: path too long", dir);
            errno = ENAMETOOLONG;
            return CACHE_EIO;
        }
        snprintf(c->dir, sizeof c->dir, "%s", dir);
        kind = folder_make(c->dir, err, errlen);
    } else if (folder_cache_default(c->dir, room) == 0) {
        kind = folder_make(c->dir, err, errlen);
    } else {
        /* No home and no runtime folder: a new private folder, never a name another user
         * could have made first. */
        kind = folder_make_temp(c->dir, room);
        if (kind != 0 && err && errlen)
            snprintf(err, errlen, "%s: cannot create: %s", c->dir, strerror(errno));
    }
    if (kind < 0) {
        int saved = errno;
        free(c);
        errno = saved;
        return saved == EPERM ? CACHE_EUNSAFE : CACHE_EIO;
    }
    c->shared = kind == FOLDER_SHARED;
    /* The engine id is remembered beside the entries: a run that finds every unit
     * cached then never loads the engine. */
    char memo[1100];
    snprintf(memo, sizeof memo, "%s/engine.memo", c->dir);
    int trc = tts_open_memo(memo, &c->tts);
    if (trc != 0) {
        int rc = trc == TTS_EMODULE ? CACHE_EMODULE : trc == TTS_ENOMEM ? CACHE_ENOMEM : CACHE_ETTS;
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", c->dir,
                     rc == CACHE_ETTS ? tts_strerror(trc) : cache_strerror(rc));
        free(c);
        return rc;
    }
    pthread_mutex_init(&c->lock, NULL);
    sweep_stale(c->dir);
    *out = c;
    return CACHE_OK;
}

int cache_engine_started(const struct cache *c)
{
    return tts_started(c->tts);
}

int cache_engine_load(struct cache *c)
{
    return tts_load(c->tts) == TTS_OK ? CACHE_OK : CACHE_EMODULE;
}

const char *cache_dir(const struct cache *c)
{
    return c->dir;
}

/* One length-prefixed field: name, NUL, 8-byte length, bytes. */
static void put_field(struct sha256_ctx *md, const char *name, const void *data, size_t len)
{
    unsigned char n[8];
    uint64_t l = len;
    for (int i = 0; i < 8; i++)
        n[i] = (unsigned char)(l >> (8 * i));
    sha256_update(md, strlen(name) + 1, (const uint8_t *)name);
    sha256_update(md, sizeof n, n);
    if (len)
        sha256_update(md, len, data);
}

static void put_int(struct sha256_ctx *md, const char *name, int value)
{
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%d", value);
    put_field(md, name, buf, (size_t)len);
}

int cache_key(const char *engine_id, const struct voice_profile *v, const char *text, char key[65])
{
    struct sha256_ctx ctx, *md = &ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(md);
    put_field(md, "renderer", CACHE_RENDER_VERSION, strlen(CACHE_RENDER_VERSION));
    put_field(md, "engine", engine_id, strlen(engine_id));
    put_field(md, "espeak_voice", v->espeak_voice, strlen(v->espeak_voice));
    put_field(md, "variant", v->variant, strlen(v->variant));
    put_field(md, "language", v->language, strlen(v->language));
    put_int(md, "rate", v->rate);
    put_int(md, "pitch", v->pitch);
    put_int(md, "range", v->range);
    put_int(md, "word_gap", v->word_gap);
    put_int(md, "volume", v->volume);
    put_field(md, "lexicon", v->lexicon_text ? v->lexicon_text : "",
              v->lexicon_text ? v->lexicon_len : 0);
    put_field(md, "text", text, strlen(text));
    sha256_digest(md, sizeof digest, digest);
    for (unsigned int i = 0; i < 32; i++)
        snprintf(key + 2 * i, 3, "%02x", digest[i]);
    return CACHE_OK;
}

/* Fill E from a verified WAV read. */
static int take(struct cache_entry *e, struct wav_data *w, int cached)
{
    e->n_frames = w->n_frames;
    e->rate = w->rate;
    e->cached = cached;
    e->marks = w->marks;
    e->n_marks = w->n_marks;
    w->marks = NULL;
    w->n_marks = 0;
    return CACHE_OK;
}

/* Render TEXT and store it under E->path atomically.  Returns 0 or a cache_status. */
static int render(struct cache *c, const struct voice_profile *v, const char *text,
                  tts_progress_fn progress, void *ctx, struct cache_entry *e)
{
    struct tts_audio a;
    int rc = tts_synth_stream(c->tts, v, text, progress, ctx, &a);
    if (rc == TTS_ENOMEM)
        return CACHE_ENOMEM;
    if (rc == TTS_EMODULE)
        return CACHE_EMODULE;
    if (rc == TTS_EVOICE)
        return CACHE_EVOICE;
    if (rc)
        return CACHE_ETTS;
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s/.tmp-%.16s-XXXXXX", c->dir, e->key);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int saved = errno;
        tts_audio_free(&a);
        errno = saved;
        return CACHE_EIO;
    }
    /* mkstemp makes 0600: entries are private like the folder, or readable by the group
     * that shares the folder. */
    int wrc = c->shared && fchmod(fd, 0640) != 0
                  ? WAV_EIO
                  : wav_write_fd(fd, a.samples, a.n_frames, a.rate, a.marks, a.n_marks, e->key);
    int saved = errno;
    if (wrc == WAV_OK && fsync(fd) != 0) {
        wrc = WAV_EIO;
        saved = errno;
    }
    if (close(fd) != 0 && wrc == WAV_OK) {
        wrc = WAV_EIO;
        saved = errno;
    }
    if (wrc == WAV_OK && rename(tmp, e->path) != 0) {
        wrc = WAV_EIO;
        saved = errno;
    }
    if (wrc != WAV_OK) {
        unlink(tmp);
        tts_audio_free(&a);
        if (saved == 0)
            saved = EIO;
        errno = saved;
        return wrc == WAV_ENOMEM ? CACHE_ENOMEM : CACHE_EIO;
    }
    /* Make the rename itself durable. */
    int dfd = open(c->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    e->n_frames = a.n_frames;
    e->rate = a.rate;
    e->cached = 0;
    e->marks = a.marks;
    e->n_marks = a.n_marks;
    a.marks = NULL;
    tts_audio_free(&a);
    return CACHE_OK;
}

/* 1 when an entry of N_FRAMES at RATE, checked in full, can be used for TEXT with C's
 * engine: its rate is the engine's (when known: the engine id tells it), and it has audio
 * unless TEXT is empty.  Another entry is whole but unusable: a miss, rendered again. */
static int usable(struct cache *c, const char *text, size_t n_frames, int rate)
{
    int want = tts_engine_rate(c->tts);
    return (want == 0 || rate == want) && (n_frames > 0 || !text[0]);
}

/* Read and check the entry at OUT->path; fill OUT from it.  A file that is not a regular
 * file (a FIFO is never opened to wait), a symbolic link, damaged, unusable (usable()),
 * or that records another key than its name (copied, moved or linked from another key)
 * is a miss. */
static int check_entry(struct cache *c, const char *text, struct cache_entry *out)
{
    struct wav_data w;
    int rc = wav_check(out->path, &w);
    if (rc == WAV_OK && w.verified && w.n_marks > 0 && !strcmp(w.key, out->key) &&
        usable(c, text, w.n_frames, w.rate)) {
        take(out, &w, 1);
        wav_data_free(&w);
        return CACHE_OK;
    }
    wav_data_free(&w);
    return rc == WAV_ENOMEM ? CACHE_ENOMEM : CACHE_EMISS;
}

/* Clear OUT and fill in the key and path of TEXT spoken with V.  Returns 0 or a
 * cache_status. */
static int locate(struct cache *c, const struct voice_profile *v, const char *text,
                  struct cache_entry *out)
{
    memset(out, 0, sizeof *out);
    int rc = cache_key(tts_engine_id(c->tts), v, text, out->key);
    if (rc == CACHE_OK)
        snprintf(out->path, sizeof out->path, "%s/%s.wav", c->dir, out->key);
    return rc;
}

int cache_lookup(struct cache *c, const struct voice_profile *v, const char *text,
                 struct cache_entry *out)
{
    int rc = locate(c, v, text, out);
    return rc ? rc : check_entry(c, text, out);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const struct checked *)a)->key, ((const struct checked *)b)->key);
}

static int checked_add(struct cache *c, const struct checked *k)
{
    if (c->n_checked == c->cap_checked) {
        size_t cap = c->cap_checked ? 2 * c->cap_checked : 256;
        struct checked *p = realloc(c->checked, cap * sizeof *p);
        if (!p)
            return -1;
        c->checked = p;
        c->cap_checked = cap;
    }
    c->checked[c->n_checked++] = *k;
    return 0;
}

/* Read DIR/checked once (under the lock).  A damaged or foreign file counts as empty. */
static void checked_read(struct cache *c)
{
    if (c->checked_read)
        return;
    c->checked_read = 1;
    char path[1100];
    snprintf(path, sizeof path, "%s/checked", c->dir);
    int fd = regfile_open(path, O_NOFOLLOW);
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return;
    }
    char line[256];
    size_t lines = 0;
    int ok = fgets(line, sizeof line, f) && !strcmp(line, CHECKED_MAGIC "\n");
    while (ok && fgets(line, sizeof line, f)) {
        struct checked k;
        size_t end_count;
        int used = 0;
        if (sscanf(line, "end %zu%n", &end_count, &used) == 1 && line[used] == '\n') {
            ok = end_count == lines && fgetc(f) == EOF;
            lines = SIZE_MAX;
            break;
        }
        /* KEY STAMP FRAMES RATE */
        int at = 0, st_len = 0;
        if (sscanf(line, "%64[0-9a-f] %n", k.key, &at) != 1 || strlen(k.key) != 64 ||
            (st_len = stamp_parse(line + at, &k.stamp)) == 0 ||
            sscanf(line + at + st_len, " %zu %d%n", &k.n_frames, &k.rate, &used) != 2 ||
            line[at + st_len + used] != '\n' || checked_add(c, &k) != 0) {
            ok = 0;
            break;
        }
        lines++;
    }
    fclose(f);
    if (!ok || lines != SIZE_MAX) {
        c->n_checked = 0; /* no complete "end" line: written partly, trust none of it */
        return;
    }
    qsort(c->checked, c->n_checked, sizeof *c->checked, by_key);
    c->n_sorted = c->n_checked;
}

static int same_file(const struct checked *k, const struct stat *st)
{
    struct stamp now = stamp_of(st);
    return stamp_equal(&k->stamp, &now);
}

/* The record of KEY, or NULL (under the lock). */
static struct checked *checked_at(struct cache *c, const char *key)
{
    struct checked probe;
    snprintf(probe.key, sizeof probe.key, "%s", key);
    struct checked *k =
        c->n_sorted ? bsearch(&probe, c->checked, c->n_sorted, sizeof probe, by_key) : NULL;
    for (size_t i = c->n_sorted; !k && i < c->n_checked; i++) {
        if (!strcmp(c->checked[i].key, key))
            k = &c->checked[i];
    }
    return k;
}

/* The remembered check of KEY that still matches ST, copied into *OUT: 1, else 0. */
static int checked_find(struct cache *c, const char *key, const struct stat *st,
                        struct checked *out)
{
    int found = 0;
    pthread_mutex_lock(&c->lock);
    checked_read(c);
    const struct checked *k = checked_at(c, key);
    if (k && same_file(k, st)) {
        *out = *k;
        found = 1;
    }
    pthread_mutex_unlock(&c->lock);
    return found;
}

/* Remember that the entry KEY, as ST says, was read and checked in full. */
static void checked_note(struct cache *c, const char *key, const struct stat *st,
                         size_t n_frames, int rate)
{
    struct checked k = {.stamp = stamp_of(st), .n_frames = n_frames, .rate = rate};
    if (!stamp_settled(&k.stamp, time(NULL)))
        return;
    snprintf(k.key, sizeof k.key, "%s", key);
    pthread_mutex_lock(&c->lock);
    checked_read(c);
    /* A stale record of the same key (the file was replaced) is overwritten. */
    struct checked *old = checked_at(c, key);
    if (old) {
        if (!same_file(old, st)) {
            *old = k;
            c->checked_changed = 1;
        }
    } else if (checked_add(c, &k) == 0) {
        c->checked_changed = 1;
    }
    pthread_mutex_unlock(&c->lock);
}

int cache_check(struct cache *c, const struct voice_profile *v, const char *text, int full,
                struct cache_entry *out)
{
    int rc = locate(c, v, text, out);
    if (rc)
        return rc;
    struct stat st;
    if (lstat(out->path, &st) != 0 || !S_ISREG(st.st_mode))
        return CACHE_EMISS;
    struct checked k;
    if (!full && checked_find(c, out->key, &st, &k) && usable(c, text, k.n_frames, k.rate)) {
        out->n_frames = k.n_frames;
        out->rate = k.rate;
        out->cached = 1;
        return CACHE_OK;
    }
    rc = check_entry(c, text, out);
    if (rc == CACHE_OK)
        checked_note(c, out->key, &st, out->n_frames, out->rate);
    return rc;
}

int cache_save_checked(struct cache *c)
{
    pthread_mutex_lock(&c->lock);
    int rc = CACHE_OK;
    if (!c->checked_changed)
        goto out;
    char path[1100], tmp[1200];
    snprintf(path, sizeof path, "%s/checked", c->dir);
    snprintf(tmp, sizeof tmp, "%s/.tmp-checked-XXXXXX", c->dir);
    int fd = mkstemp(tmp);
    if (fd >= 0 && c->shared)
        fchmod(fd, 0640);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        rc = CACHE_EIO;
        goto out;
    }
    fprintf(f, CHECKED_MAGIC "\n");
    for (size_t i = 0; i < c->n_checked; i++) {
        const struct checked *k = &c->checked[i];
        char st[128];
        if (stamp_format(&k->stamp, st, sizeof st))
            fprintf(f, "%s %s %zu %d\n", k->key, st, k->n_frames, k->rate);
    }
    fprintf(f, "end %zu\n", c->n_checked);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        unlink(tmp);
        rc = CACHE_EIO;
        goto out;
    }
    c->checked_changed = 0;
out:
    pthread_mutex_unlock(&c->lock);
    return rc;
}

int cache_fetch(struct cache *c, const struct voice_profile *v, const char *text,
                struct cache_entry *out)
{
    return cache_fetch_stream(c, v, text, NULL, NULL, out);
}

int cache_fetch_stream(struct cache *c, const struct voice_profile *v, const char *text,
                       tts_progress_fn progress, void *ctx, struct cache_entry *out)
{
    int rc = cache_lookup(c, v, text, out);
    if (rc != CACHE_EMISS)
        return rc;
    /* Missing, damaged, truncated or foreign: render (again). */
    rc = render(c, v, text, progress, ctx, out);
    if (rc) {
        int saved = errno;
        cache_entry_clear(out);
        errno = saved;
    }
    return rc;
}

void cache_entry_clear(struct cache_entry *e)
{
    if (!e)
        return;
    free(e->marks);
    e->marks = NULL;
    e->n_marks = 0;
}

void cache_close(struct cache *c)
{
    if (!c)
        return;
    tts_close(c->tts);
    pthread_mutex_destroy(&c->lock);
    free(c->checked);
    free(c);
}

const char *cache_strerror(int status)
{
    switch (status) {
    case CACHE_OK:
        return "success";
    case CACHE_ENOMEM:
        return "out of memory";
    case CACHE_EIO:
        return "cannot write to the cache folder";
    case CACHE_EMODULE:
        return tts_strerror(TTS_EMODULE);
    case CACHE_ETTS:
        return "the speech engine failed";
    case CACHE_EMISS:
        return "not in the cache";
    case CACHE_EUNSAFE:
        return "the cache folder is not safe: another user owns it or can write in it";
    case CACHE_EVOICE:
        return tts_strerror(TTS_EVOICE);
    }
    return "unknown cache error";
}
