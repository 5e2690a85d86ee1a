/* tts: the speech engine of tts.h for the rest of the program.  The engine module
 * (audioleaf-espeak.so, tts_module.h) is loaded only when speech is made or its id must
 * be computed; the id is remembered in a memo file beside the cache, checked against the
 * files and settings it came from, so a run that finds everything cached never loads it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "folder.h"
#include "module.h"
#include "regfile.h"
#include "stamp.h"
#include "tts_module.h"

#define MEMO_MAGIC "audioleaf engine memo 2" /* 2: the id holds the rate */

/* Settings outside the engine that decide which engine library and module are loaded. */
static const char *const loader_env[] = {"LD_LIBRARY_PATH", "LD_PRELOAD", "AUDIOLEAF_MODULES",
                                         NULL};

struct tts {
    char id[160];
};

/* The id computed by the module, once per process (eSpeak NG fixes its data folder once,
 * and reports it differently after the engine starts), with what it depends on. */
struct watch_list {
    char **path;
    size_t n, cap;
    int failed;
};

static struct {
    pthread_mutex_t lock;
    int rc;          /* identify()'s result, once done */
    int done;
    char id[160];
    struct watch_list w;
} fresh = {.lock = PTHREAD_MUTEX_INITIALIZER};

static const struct tts_module *engine(void)
{
    char err[512];
    return module_get("espeak", TTS_MODULE_ABI, err, sizeof err);
}

static void watch_add(void *ctx, const char *path)
{
    struct watch_list *w = ctx;
    if (w->failed)
        return;
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 64;
        char **p = realloc(w->path, cap * sizeof *p);
        if (!p) {
            w->failed = 1;
            return;
        }
        w->path = p;
        w->cap = cap;
    }
    if (!(w->path[w->n] = strdup(path)))
        w->failed = 1;
    else
        w->n++;
}

/* One memo line for PATH: its stat, or "none" when it does not exist.  Returns the line
 * length, 0 when PATH cannot be kept (a newline in it, too fresh, or another error). */
static int stamp_line(const char *path, time_t now, char *line, size_t cap)
{
    if (strchr(path, '\n'))
        return 0;
    struct stat st;
    int n;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT && errno != ENOTDIR)
            return 0;
        n = snprintf(line, cap, "none %s\n", path);
    } else {
        struct stamp sp = stamp_of(&st);
        char text[128];
        if (!stamp_settled(&sp, now) || !stamp_format(&sp, text, sizeof text))
            return 0;
        n = snprintf(line, cap, "file %s %s\n", text, path);
    }
    return n > 0 && (size_t)n < cap ? n : 0;
}

static int env_line(const char *name, char *line, size_t cap)
{
    const char *v = getenv(name);
    if (v && strchr(v, '\n'))
        return 0;
    int n = v ? snprintf(line, cap, "env %s=%s\n", name, v) : snprintf(line, cap, "unset %s\n", name);
    return n > 0 && (size_t)n < cap ? n : 0;
}

/* The memo being written: its lines so far. */
struct memo_text {
    char *buf;
    size_t len, cap, lines;
    int failed; /* out of memory, or a line that cannot be kept */
};

static void memo_add(struct memo_text *t, const char *line, int n)
{
    if (t->failed)
        return;
    if (n <= 0) {
        t->failed = 1;
        return;
    }
    if (t->len + (size_t)n > t->cap) {
        size_t cap = 2 * t->cap + (size_t)n + 4096;
        char *nb = realloc(t->buf, cap);
        if (!nb) {
            t->failed = 1;
            return;
        }
        t->buf = nb;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, line, (size_t)n);
    t->len += (size_t)n;
    t->lines++;
}

/* Write the memo for ID made from the paths in W (plus the module file, the loader's
 * cache and the settings that choose them) atomically to MEMO.  Nothing is written when
 * any of it cannot be kept (see stamp_line()); the next run then computes the id again. */
static void memo_write(const char *memo, const char *id, const struct tts_module *m,
                       const struct watch_list *w)
{
    struct memo_text t = {0};
    char line[PATH_MAX + 128];
    time_t now = time(NULL);
    const char *module = module_file("espeak");
    if (!module || strchr(id, '\n'))
        return;
    for (size_t i = 0; i < w->n; i++)
        memo_add(&t, line, stamp_line(w->path[i], now, line, sizeof line));
    memo_add(&t, line, stamp_line(module, now, line, sizeof line));
    memo_add(&t, line, stamp_line("/etc/ld.so.cache", now, line, sizeof line));
    for (size_t i = 0; m->env[i]; i++)
        memo_add(&t, line, env_line(m->env[i], line, sizeof line));
    for (size_t i = 0; loader_env[i]; i++)
        memo_add(&t, line, env_line(loader_env[i], line, sizeof line));
    char head[256], tail[64];
    int hn = snprintf(head, sizeof head, MEMO_MAGIC "\nid %s\n", id);
    int tn = snprintf(tail, sizeof tail, "end %zu\n", t.lines);
    /* Named like the cache's temp files, so a killed writer's leftover is swept. */
    char tmp[PATH_MAX];
    const char *slash = strrchr(memo, '/');
    if (!t.failed && slash && hn > 0 && (size_t)hn < sizeof head &&
        snprintf(tmp, sizeof tmp, "%.*s/.tmp-engine-XXXXXX", (int)(slash - memo), memo) <
            (int)sizeof tmp) {
        int fd = mkstemp(tmp);
        /* Readable by the group of a shared cache folder, like its entries. */
        tmp[slash - memo] = '\0';
        int shared = folder_check(tmp, NULL, 0) == FOLDER_SHARED;
        tmp[slash - memo] = '/';
        if (fd >= 0 && shared)
            fchmod(fd, 0640);
        if (fd >= 0) {
            int wrote = write(fd, head, (size_t)hn) == hn &&
                        write(fd, t.buf, t.len) == (ssize_t)t.len &&
                        write(fd, tail, (size_t)tn) == tn;
            if (close(fd) != 0 || !wrote || rename(tmp, memo) != 0)
                unlink(tmp);
        }
    }
    free(t.buf);
}

/* Parse "file DEV INO SIZE MTIME CTIME PATH" and compare it with PATH's stat now. */
static int stamp_holds(const char *rest)
{
    struct stamp want;
    int used = stamp_parse(rest, &want);
    if (used == 0 || rest[used] != ' ' || !rest[used + 1])
        return 0;
    struct stat st;
    if (stat(rest + used + 1, &st) != 0)
        return 0;
    struct stamp now = stamp_of(&st);
    return stamp_equal(&want, &now);
}

static int env_holds(const char *rest, int set)
{
    const char *eq = set ? strchr(rest, '=') : NULL;
    if (set && !eq)
        return 0;
    char name[64];
    size_t nl = set ? (size_t)(eq - rest) : strlen(rest);
    if (nl == 0 || nl >= sizeof name)
        return 0;
    memcpy(name, rest, nl);
    name[nl] = '\0';
    const char *v = getenv(name);
    return set ? v && !strcmp(v, eq + 1) : v == NULL;
}

/* Read MEMO; when every line still holds, copy its id into ID and return 1, else 0. */
static int memo_read(const char *memo, char *id, size_t idlen)
{
    int fd = regfile_open(memo, O_NOFOLLOW);
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    char line[PATH_MAX + 256];
    size_t lines = 0;
    int ok = fgets(line, sizeof line, f) && !strcmp(line, MEMO_MAGIC "\n");
    int have_id = 0, ended = 0;
    while (ok && !ended && fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        if (n == 0 || line[n - 1] != '\n') {
            ok = 0;
            break;
        }
        line[n - 1] = '\0';
        if (!strncmp(line, "id ", 3) && !have_id && n - 4 < idlen) {
            memcpy(id, line + 3, n - 3); /* with the NUL */
            have_id = 1;
            continue;
        }
        if (!strncmp(line, "end ", 4)) {
            char *end;
            ok = strtoull(line + 4, &end, 10) == lines && *end == '\0';
            ended = 1;
            continue;
        }
        lines++;
        if (!strncmp(line, "file ", 5))
            ok = stamp_holds(line + 5);
        else if (!strncmp(line, "none ", 5))
            ok = access(line + 5, F_OK) != 0 && (errno == ENOENT || errno == ENOTDIR);
        else if (!strncmp(line, "env ", 4))
            ok = env_holds(line + 4, 1);
        else if (!strncmp(line, "unset ", 6))
            ok = env_holds(line + 6, 0);
        else
            ok = 0;
    }
    ok = ok && ended && have_id && fgetc(f) == EOF;
    fclose(f);
    return ok;
}

int tts_open(struct tts **out)
{
    return tts_open_memo(NULL, out);
}

int tts_open_memo(const char *memo, struct tts **out)
{
    *out = NULL;
    struct tts *t = calloc(1, sizeof *t);
    if (!t)
        return TTS_ENOMEM;
    if (memo && memo_read(memo, t->id, sizeof t->id)) {
        *out = t;
        return TTS_OK;
    }
    const struct tts_module *m = engine();
    if (!m) {
        free(t);
        return TTS_EMODULE;
    }
    pthread_mutex_lock(&fresh.lock);
    if (!fresh.done) {
        fresh.rc = m->identify(fresh.id, sizeof fresh.id, watch_add, &fresh.w);
        fresh.done = 1;
    }
    int rc = fresh.rc;
    if (!rc) {
        snprintf(t->id, sizeof t->id, "%s", fresh.id);
        if (memo && !fresh.w.failed)
            memo_write(memo, t->id, m, &fresh.w);
    }
    pthread_mutex_unlock(&fresh.lock);
    if (rc) {
        free(t);
        return rc;
    }
    *out = t;
    return TTS_OK;
}

const char *tts_engine_id(struct tts *t)
{
    return t->id;
}

int tts_engine_rate(struct tts *t)
{
    const char *r = strstr(t->id, " rate ");
    if (!r)
        return 0;
    char *end;
    long x = strtol(r + 6, &end, 10);
    return *end == ' ' && x > 0 && x <= 1000000 ? (int)x : 0;
}

int tts_started(const struct tts *t)
{
    (void)t;
    if (!module_loaded("espeak"))
        return 0;
    const struct tts_module *m = engine();
    return m && m->started();
}

int tts_load(struct tts *t)
{
    (void)t;
    return engine() ? TTS_OK : TTS_EMODULE;
}

int tts_rate(struct tts *t)
{
    (void)t;
    const struct tts_module *m = engine();
    return m ? m->rate() : 0;
}

int tts_synth(struct tts *t, const struct voice_profile *v, const char *text,
              struct tts_audio *out)
{
    return tts_synth_stream(t, v, text, NULL, NULL, out);
}

int tts_synth_stream(struct tts *t, const struct voice_profile *v, const char *text,
                     tts_progress_fn progress, void *ctx, struct tts_audio *out)
{
    (void)t;
    memset(out, 0, sizeof *out);
    const struct tts_module *m = engine();
    if (!m)
        return TTS_EMODULE;
    return m->synth_stream(v, text, progress, ctx, out);
}

void tts_audio_free(struct tts_audio *a)
{
    if (!a)
        return;
    free(a->samples);
    free(a->marks);
    memset(a, 0, sizeof *a);
}

void tts_close(struct tts *t)
{
    free(t);
}

const char *tts_strerror(int status)
{
    switch (status) {
    case TTS_OK:
        return "success";
    case TTS_ENOMEM:
        return "out of memory";
    case TTS_EINIT:
        return "the eSpeak NG engine could not start (is espeak-ng-data installed?)";
    case TTS_EVOICE:
        return "eSpeak NG has no such voice";
    case TTS_ESYNTH:
        return "speech synthesis failed";
    case TTS_EABORT:
        return "speech synthesis stopped";
    case TTS_EMODULE:
        return "the speech engine module audioleaf-espeak.so cannot be loaded (is audioleaf "
               "installed whole? AUDIOLEAF_MODULES names its folder)";
    }
    return "unknown speech engine error";
}
