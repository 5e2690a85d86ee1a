/* voice: reads voice profiles (voices/NAME.ini, parsed with inih) and their lexicons. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "module.h"
#include "regfile.h"
#include "voice.h"

#define VOICE_INI_MAX (64 * 1024)    /* a profile is a few lines */
#define VOICE_LEXICON_MAX (4u << 20) /* refuse absurd lexicon files */

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *voice_dir(void)
{
    const char *env = getenv("AUDIOLEAF_VOICES");
    if (env && *env)
        return env;
    if (module_in_build_tree() && is_dir(AUDIOLEAF_SOURCEDIR "/voices"))
        return AUDIOLEAF_SOURCEDIR "/voices";
    if (is_dir(AUDIOLEAF_DATADIR "/voices"))
        return AUDIOLEAF_DATADIR "/voices";
    return AUDIOLEAF_SOURCEDIR "/voices";
}

int voice_language_code_ok(const char *code)
{
    size_t n = strlen(code);
    return n > 0 && n < 16 &&
           strspn(code, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

/* Read a whole file into a new NUL-terminated buffer.  Returns 0, or -errno. */
static int slurp(const char *path, size_t max, char **out, size_t *len)
{
    FILE *f = regfile_fopen(path);
    if (!f)
        return -errno;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    int rc = 0;
    if (!buf) {
        fclose(f);
        return -ENOMEM;
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > max) {
                rc = -EFBIG;
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                rc = -ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                rc = -EIO;
            break;
        }
    }
    fclose(f);
    if (rc == 0 && n > max)
        rc = -EFBIG;
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

/* Profile names and language codes become file names: letters, digits, '-', '_' only. */
static int valid_name(const char *s)
{
    if (!s || !*s || strlen(s) >= 64)
        return 0;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

int voice_exists(const char *name)
{
    char path[1024];
    if (!valid_name(name) ||
        (size_t)snprintf(path, sizeof path, "%s/%s.ini", voice_dir(), name) >= sizeof path)
        return 0;
    return access(path, F_OK) == 0;
}

/* What the inih callback collects; the first problem wins. */
struct parse_ctx {
    struct voice_profile *v;
    char lexicon[256];
    int seen;     /* bit per required field */
    int status;   /* VOICE_OK or the first error */
    char key[64]; /* the key of the first error, to find its column */
    int at_key;   /* the error is the key itself, not its value */
    char message[160];
};

enum {
    SEEN_VOICE = 1,
    SEEN_LANGUAGE = 2,
    SEEN_RATE = 4,
};

static int copy_field(char *dst, size_t cap, const char *value)
{
    if (strlen(value) >= cap)
        return -1;
    strcpy(dst, value);
    return 0;
}

static int parse_int(const char *value, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long x = strtol(value, &end, 10);
    if (end == value || *end != '\0' || errno)
        return VOICE_EPARSE;
    if (x < lo || x > hi)
        return VOICE_ERANGE;
    *out = (int)x;
    return 0;
}

static int fail(struct parse_ctx *c, int status, const char *key, const char *msg)
{
    if (c->status == VOICE_OK) {
        c->status = status;
        snprintf(c->key, sizeof c->key, "%s", key);
        snprintf(c->message, sizeof c->message, "%s", msg);
    }
    return 0;
}

static int on_field(void *user, const char *section, const char *key, const char *value)
{
    struct parse_ctx *c = user;
    struct voice_profile *v = c->v;
    if (c->status != VOICE_OK)
        return 0;
    if (strcmp(section, "voice") != 0) {
        c->at_key = 1;
        return fail(c, VOICE_EPARSE, key, "fields belong in the [voice] section");
    }

    static const struct {
        const char *key;
        int lo, hi;
        size_t offset;
    } ints[] = {
        {"rate", VOICE_RATE_MIN, VOICE_RATE_MAX, offsetof(struct voice_profile, rate)},
        {"pitch", 0, 100, offsetof(struct voice_profile, pitch)},
        {"range", 0, 100, offsetof(struct voice_profile, range)},
        {"word_gap", 0, 100, offsetof(struct voice_profile, word_gap)},
        {"volume", 0, 200, offsetof(struct voice_profile, volume)},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        if (strcmp(key, ints[i].key) != 0)
            continue;
        int *dst = (int *)(void *)((char *)v + ints[i].offset);
        int rc = parse_int(value, ints[i].lo, ints[i].hi, dst);
        if (rc == VOICE_EPARSE)
            return fail(c, rc, key, "expected a whole number");
        if (rc == VOICE_ERANGE) {
            char msg[120];
            snprintf(msg, sizeof msg, "%s must be between %d and %d", key, ints[i].lo, ints[i].hi);
            return fail(c, rc, key, msg);
        }
        if (!strcmp(key, "rate"))
            c->seen |= SEEN_RATE;
        return 1;
    }
    if (!strcmp(key, "description")) {
        if (copy_field(v->description, sizeof v->description, value))
            return fail(c, VOICE_ERANGE, key, "description is too long");
    } else if (!strcmp(key, "espeak_voice")) {
        /* eSpeak NG opens voices/VALUE under its data folder: a path there ("../x",
         * "/etc/x") would make it read files outside it. */
        if (!*value || copy_field(v->espeak_voice, sizeof v->espeak_voice, value) ||
            strpbrk(value, " \t+/\\") || strstr(value, ".."))
            return fail(c, VOICE_EPARSE, key,
                        "expected an eSpeak NG voice name such as en-gb (no '/' or '..')");
        c->seen |= SEEN_VOICE;
    } else if (!strcmp(key, "variant")) {
        if (copy_field(v->variant, sizeof v->variant, value) || (*value && !valid_name(value)))
            return fail(c, VOICE_EPARSE, key, "expected an eSpeak NG variant such as f2");
    } else if (!strcmp(key, "language")) {
        if (!valid_name(value) || copy_field(v->language, sizeof v->language, value))
            return fail(c, VOICE_EPARSE, key, "expected a language code such as en");
        c->seen |= SEEN_LANGUAGE;
    } else if (!strcmp(key, "lexicon")) {
        if (copy_field(c->lexicon, sizeof c->lexicon, value) || strstr(value, ".."))
            return fail(c, VOICE_EPARSE, key, "expected a file name under voices/");
    } else {
        c->at_key = 1;
        return fail(c, VOICE_EPARSE, key, "unknown field");
    }
    return 1;
}

/* Column (from 1) of KEY on line LINE of TEXT, or 1. */
static int column_of(const char *text, int line, const char *key, int at_key)
{
    const char *p = text;
    for (int l = 1; l < line && p; l++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    if (!p || !*key)
        return 1;
    const char *eol = strchr(p, '\n');
    size_t linelen = eol ? (size_t)(eol - p) : strlen(p);
    size_t klen = strlen(key);
    for (size_t i = 0; i + klen <= linelen; i++) {
        if (!strncmp(p + i, key, klen)) {
            /* Point at the value when the key is fine and the value is not. */
            const char *eq = memchr(p + i, '=', linelen - i);
            if (eq && !at_key) {
                const char *val = eq + 1;
                while (val < p + linelen && (*val == ' ' || *val == '\t'))
                    val++;
                return (int)(val - p) + 1;
            }
            return (int)i + 1;
        }
    }
    return 1;
}

/* Check the lexicon's shape ("word phonemes" lines, '#' comments); the speech module
 * does the real parsing.  Returns 0 or the failing line number. */
static int lexicon_check(const char *text, size_t len, int *col)
{
    int line = 1;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *stop = eol ? eol : end;
        const char *q = p;
        while (q < stop && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        if (q < stop && *q != '#') {
            const char *w = q;
            while (q < stop && *q != ' ' && *q != '\t')
                q++;
            const char *gap = q;
            while (q < stop && (*q == ' ' || *q == '\t' || *q == '\r'))
                q++;
            if (gap == w || q >= stop) {
                *col = (int)(gap - p) + 1;
                return line;
            }
        }
        if (memchr(p, '\0', (size_t)(stop - p))) {
            *col = 1;
            return line;
        }
        p = eol ? eol + 1 : end;
        line++;
    }
    return 0;
}

static int load_file(const char *dir, const char *name, struct voice_profile *out, char *err,
                     size_t errlen)
{
    char path[1024];
    if ((size_t)snprintf(path, sizeof path, "%s/%s.ini", dir, name) >= sizeof path) {
        snprintf(err, errlen, "audioleaf: voice folder path too long");
        return VOICE_ENOENT;
    }
    char *text;
    size_t len;
    int rc = slurp(path, VOICE_INI_MAX, &text, &len);
    if (rc) {
        snprintf(err, errlen, "%s: %s", path, regfile_strerror(-rc));
        return rc == -ENOENT ? VOICE_ENOENT : VOICE_EPARSE;
    }
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", name);
    out->rate = 175;
    out->pitch = 50;
    out->range = 50;
    out->volume = 100;
    struct parse_ctx c = {.v = out, .status = VOICE_OK};
    int line = ini_parse_string(text, on_field, &c);
    if (line != 0 || c.status != VOICE_OK) {
        int status = c.status != VOICE_OK ? c.status : VOICE_EPARSE;
        int col = c.status != VOICE_OK ? column_of(text, line, c.key, c.at_key) : 1;
        snprintf(err, errlen, "%s:%d:%d: %s", path, line > 0 ? line : 1, col,
                 c.status != VOICE_OK ? c.message : "malformed line");
        free(text);
        return status;
    }
    free(text);
    if ((c.seen & (SEEN_VOICE | SEEN_LANGUAGE | SEEN_RATE)) !=
        (SEEN_VOICE | SEEN_LANGUAGE | SEEN_RATE)) {
        snprintf(err, errlen, "%s:1:1: missing field %s", path,
                 !(c.seen & SEEN_VOICE)      ? "espeak_voice"
                 : !(c.seen & SEEN_LANGUAGE) ? "language"
                                             : "rate");
        return VOICE_EPARSE;
    }
    if (c.lexicon[0]) {
        if ((size_t)snprintf(out->lexicon_path, sizeof out->lexicon_path, "%s/%s", dir,
                             c.lexicon) >= sizeof out->lexicon_path) {
            snprintf(err, errlen, "%s: lexicon path too long", path);
            return VOICE_ELEXICON;
        }
        rc = slurp(out->lexicon_path, VOICE_LEXICON_MAX, &out->lexicon_text, &out->lexicon_len);
        if (rc) {
            snprintf(err, errlen, "%s: %s", out->lexicon_path, regfile_strerror(-rc));
            out->lexicon_path[0] = '\0';
            return VOICE_ELEXICON;
        }
        int col = 1;
        int bad = lexicon_check(out->lexicon_text, out->lexicon_len, &col);
        if (bad) {
            snprintf(err, errlen, "%s:%d:%d: expected \"word phonemes\"", out->lexicon_path, bad,
                     col);
            voice_clear(out);
            return VOICE_ELEXICON;
        }
    }
    return VOICE_OK;
}

int voice_load(const char *name, const char *language, struct voice_profile *out, char *err,
               size_t errlen)
{
    const char *dir = voice_dir();
    memset(out, 0, sizeof *out);
    if (errlen)
        err[0] = '\0';
    if (name) {
        if (!valid_name(name)) {
            snprintf(err, errlen, "audioleaf: bad voice name '%s'", name);
            return VOICE_ENOENT;
        }
        int rc = load_file(dir, name, out, err, errlen);
        if (rc == VOICE_ENOENT)
            snprintf(err, errlen, "audioleaf: no voice profile '%s' in %s", name, dir);
        return rc;
    }
    if (language && valid_name(language)) {
        /* "es-419" tries es-419.ini, then es.ini. */
        char lang[64];
        snprintf(lang, sizeof lang, "%s", language);
        for (char *p = lang; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        for (int pass = 0; pass < 2; pass++) {
            int rc = load_file(dir, lang, out, err, errlen);
            if (rc != VOICE_ENOENT)
                return rc;
            char *dash = strchr(lang, '-');
            if (!dash)
                break;
            *dash = '\0';
        }
    }
    int rc = load_file(dir, "en", out, err, errlen);
    if (rc == VOICE_ENOENT)
        snprintf(err, errlen, "audioleaf: no default voice profile en.ini in %s", dir);
    return rc;
}

void voice_clear(struct voice_profile *v)
{
    if (!v)
        return;
    free(v->lexicon_text);
    v->lexicon_text = NULL;
    v->lexicon_len = 0;
}

const char *voice_strerror(int status)
{
    switch (status) {
    case VOICE_OK:
        return "success";
    case VOICE_ENOENT:
        return "no such voice profile";
    case VOICE_EPARSE:
        return "malformed voice profile";
    case VOICE_ERANGE:
        return "voice profile value out of range";
    case VOICE_ELEXICON:
        return "lexicon cannot be read";
    }
    return "unknown voice error";
}
