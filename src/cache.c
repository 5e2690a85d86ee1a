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
#include "stamp.h"
#include "wav.h"

/* Bump when the way audio is rendered changes, so old entries are not reused. */
#define CACHE_RENDER_VERSION "audioleaf-render 1"

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
    struct tts *tts; /* open handle (cheap); the engine starts at the first render */
    pthread_mutex_t lock;   /* guards what follows */
    struct checked *checked; /* [0, n_sorted) sorted by key (read from DIR/checked), then
                              * entries checked since, in no order */
    size_t n_checked, n_sorted, cap_checked;
    int checked_read;    /* DIR/checked has been read */
    int checked_changed; /* something new to save */
};

static int mkdir_p(const char *path)
{
    char buf[1024];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(buf, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

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
    *out = NULL;
    struct cache *c = calloc(1, sizeof *c);
    if (!c)
        return CACHE_ENOMEM;
    int n;
    if (dir && *dir) {
        n = snprintf(c->dir, sizeof c->dir, "%s", dir);
    } else {
        const char *xdg = getenv("XDG_CACHE_HOME");
        const char *home = getenv("HOME");
        if (xdg && xdg[0] == '/')
            n = snprintf(c->dir, sizeof c->dir, "%s/audioleaf", xdg);
        else if (home && *home)
            n = snprintf(c->dir, sizeof c->dir, "%s/.cache/audioleaf", home);
        else
            n = snprintf(c->dir, sizeof c->dir, "/tmp/audioleaf-%ld", (long)getuid());
    }
    if (n < 0 || (size_t)n >= sizeof c->dir - 100) {
        free(c);
        errno = ENAMETOOLONG;
        return CACHE_EIO;
    }
    if (mkdir_p(c->dir) != 0) {
        int saved = errno;
        free(c);
        errno = saved;
        return CACHE_EIO;
    }
    /* The engine id is remembered beside the entries: a run that finds every unit
     * cached then never loads the engine. */
    char memo[1100];
    snprintf(memo, sizeof memo, "%s/engine.memo", c->dir);
    int trc = tts_open_memo(memo, &c->tts);
    if (trc != 0) {
        free(c);
        return trc == TTS_EMODULE ? CACHE_EMODULE : trc == TTS_ENOMEM ? CACHE_ENOMEM : CACHE_ETTS;
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
    /* mkstemp makes 0600; entries are private like the folder. */
    int wrc = wav_write_fd(fd, a.samples, a.n_frames, a.rate, a.marks, a.n_marks);
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

/* Read and check the entry at OUT->path; fill OUT from it. */
static int check_entry(struct cache_entry *out)
{
    struct wav_data w;
    int rc = wav_check(out->path, &w);
    if (rc == WAV_OK && w.verified && w.n_marks > 0) {
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
    return rc ? rc : check_entry(out);
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
    FILE *f = fopen(path, "re");
    if (!f)
        return;
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
    if (stat(out->path, &st) != 0)
        return CACHE_EMISS;
    struct checked k;
    if (!full && checked_find(c, out->key, &st, &k)) {
        out->n_frames = k.n_frames;
        out->rate = k.rate;
        out->cached = 1;
        return CACHE_OK;
    }
    rc = check_entry(out);
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
    }
    return "unknown cache error";
}
