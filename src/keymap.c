/* keymap: key name -> command name, built-in defaults plus a config file parsed in memory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "regfile.h"

static const char *const named_keys[] = {
    "esc",       "left", "right", "up",     "down",     "space",  "enter",  "tab",
    "backspace", "home", "end",   "pageup", "pagedown", "insert", "delete", "begin",
};

static const char *const commands[] = {
    "prev",      "next",   "repeat", "coarser", "finer", "pause", "start",
    "questions", "slower", "faster", "help",    "where", "quit",  "none",
};

static const struct keymap_binding defaults[] = {
    {"0", "pause"},
    {"1", "start"},
    {"2", "coarser"},
    {"3", "questions"}, /* the list, at the question level; while a question plays it
                           marks or unmarks it; at the list's start, "my questions" */
    {"4", "prev"},
    {"5", "repeat"},
    {"6", "next"},
    {"7", "slower"},
    {"8", "finer"},
    {"9", "faster"},
    {"*", "help"},
    {"#", "where"}, /* a phone's keypad */
    {"/", "where"}, /* a computer's numpad has no '#' */
    {"q", "quit"},
    {"esc", "quit"},
    {"left", "prev"},
    {"right", "next"},
    {"up", "coarser"},
    {"down", "finer"},
    {"space", "pause"},
    {"+", "faster"},
    {"-", "slower"},
    {"?", "help"},
    /* The keypad with NumLock off sends these for 7 9 1 3 0 5 (4 6 2 8 arrive as arrows). */
    {"home", "slower"},
    {"pageup", "faster"},
    {"end", "start"},
    {"pagedown", "questions"},
    {"insert", "pause"},
    {"begin", "repeat"},
};

int keymap_is_key(const char *name)
{
    if (!name || !*name)
        return 0;
    if (!name[1])
        return name[0] > ' ' && name[0] < 127;
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++) {
        if (!strcmp(named_keys[i], name))
            return 1;
    }
    return 0;
}

int keymap_is_command(const char *name)
{
    if (!name)
        return 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (!strcmp(commands[i], name))
            return 1;
    }
    return 0;
}

void keymap_defaults(struct keymap *km)
{
    memset(km, 0, sizeof *km);
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
        km->b[km->n++] = defaults[i];
}

const char *keymap_lookup(const struct keymap *km, const char *key)
{
    if (!km || !key)
        return NULL;
    for (size_t i = 0; i < km->n; i++) {
        if (!strcmp(km->b[i].key, key))
            return km->b[i].command;
    }
    return NULL;
}

int keymap_bind(struct keymap *km, const char *key, const char *command)
{
    if (!keymap_is_key(key) || strlen(key) >= sizeof km->b[0].key)
        return KEYMAP_EKEY;
    if (!keymap_is_command(command))
        return KEYMAP_ECMD;
    for (size_t i = 0; i < km->n; i++) {
        if (strcmp(km->b[i].key, key))
            continue;
        if (!strcmp(command, "none")) {
            km->b[i] = km->b[--km->n];
            memset(&km->b[km->n], 0, sizeof km->b[0]);
        } else {
            snprintf(km->b[i].command, sizeof km->b[i].command, "%s", command);
        }
        return KEYMAP_OK;
    }
    if (!strcmp(command, "none"))
        return KEYMAP_OK;
    if (km->n >= KEYMAP_MAX)
        return KEYMAP_EFULL;
    snprintf(km->b[km->n].key, sizeof km->b[0].key, "%s", key);
    snprintf(km->b[km->n].command, sizeof km->b[0].command, "%s", command);
    km->n++;
    return KEYMAP_OK;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int fail(char *err, size_t errlen, const char *name, int line, size_t col, const char *msg,
                int status)
{
    if (err && errlen)
        snprintf(err, errlen, "%s:%d:%zu: %s", name, line, col, msg);
    return status;
}

/* Parse one line [S, E) into KM. */
static int parse_line(struct keymap *km, const char *s, const char *e, const char *name, int line,
                      char *err, size_t errlen)
{
    const char *p = s;
    char key[16], cmd[16];
    while (p < e && is_blank(*p))
        p++;
    if (p == e || *p == ';' || *p == '\r')
        return KEYMAP_OK;
    if (*p == '#') {
        const char *q = p + 1;
        while (q < e && is_blank(*q))
            q++;
        if (q == e || *q != '=')
            return KEYMAP_OK; /* a comment */
    }
    const char *k = p;
    if (is_word(*p)) {
        while (p < e && is_word(*p))
            p++;
    } else if ((unsigned char)*p > ' ' && (unsigned char)*p < 127) {
        p++;
    } else {
        return fail(err, errlen, name, line, (size_t)(p - s) + 1, "expected a key name",
                    KEYMAP_EPARSE);
    }
    size_t klen = (size_t)(p - k);
    if (klen >= sizeof key)
        return fail(err, errlen, name, line, (size_t)(k - s) + 1, "key name too long",
                    KEYMAP_EKEY);
    memcpy(key, k, klen);
    key[klen] = '\0';
    for (char *c = key; *c; c++) {
        if (*c >= 'A' && *c <= 'Z' && klen > 1)
            *c = (char)(*c - 'A' + 'a');
    }
    if (!keymap_is_key(key))
        return fail(err, errlen, name, line, (size_t)(k - s) + 1, "unknown key name", KEYMAP_EKEY);
    while (p < e && is_blank(*p))
        p++;
    if (p == e || *p != '=')
        return fail(err, errlen, name, line, (size_t)(p - s) + 1, "expected '=' after the key",
                    KEYMAP_EPARSE);
    p++;
    while (p < e && is_blank(*p))
        p++;
    const char *c0 = p;
    while (p < e && is_word(*p))
        p++;
    size_t clen = (size_t)(p - c0);
    if (clen == 0)
        return fail(err, errlen, name, line, (size_t)(c0 - s) + 1, "expected a command name",
                    KEYMAP_EPARSE);
    if (clen >= sizeof cmd)
        return fail(err, errlen, name, line, (size_t)(c0 - s) + 1, "unknown command", KEYMAP_ECMD);
    memcpy(cmd, c0, clen);
    cmd[clen] = '\0';
    while (p < e && (is_blank(*p) || *p == '\r'))
        p++;
    if (p != e)
        return fail(err, errlen, name, line, (size_t)(p - s) + 1,
                    "unexpected text after the command", KEYMAP_EPARSE);
    if (!keymap_is_command(cmd))
        return fail(err, errlen, name, line, (size_t)(c0 - s) + 1, "unknown command", KEYMAP_ECMD);
    int rc = keymap_bind(km, key, cmd);
    if (rc)
        return fail(err, errlen, name, line, (size_t)(k - s) + 1, keymap_strerror(rc), rc);
    return KEYMAP_OK;
}

int keymap_parse(struct keymap *km, const char *buf, size_t len, const char *name, char *err,
                 size_t errlen)
{
    struct keymap work = *km;
    const char *p = buf, *end = buf + len;
    int line = 1;
    if (!name)
        name = "keys.conf";
    while (p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        if (memchr(p, '\0', (size_t)(e - p)))
            return fail(err, errlen, name, line, 1, "NUL byte in the line", KEYMAP_EPARSE);
        int rc = parse_line(&work, p, e, name, line, err, errlen);
        if (rc)
            return rc;
        p = e < end ? e + 1 : end;
        line++;
    }
    *km = work;
    return KEYMAP_OK;
}

int keymap_load(struct keymap *km, const char *path, char *err, size_t errlen)
{
    FILE *f = regfile_fopen(path);
    if (!f) {
        if (errno == ENOENT)
            return KEYMAP_ENOENT;
        return fail(err, errlen, path, 0, 0, regfile_strerror(errno), KEYMAP_EIO);
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            char *nb = ncap <= (1u << 20) ? realloc(buf, ncap) : NULL;
            if (!nb) {
                free(buf);
                fclose(f);
                return fail(err, errlen, path, 0, 0, "file too large or out of memory",
                            KEYMAP_EIO);
            }
            buf = nb;
            cap = ncap;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return fail(err, errlen, path, 0, 0, "read error", KEYMAP_EIO);
    }
    int rc = keymap_parse(km, buf, len, path, err, errlen);
    free(buf);
    return rc;
}

const char *keymap_strerror(int status)
{
    switch (status) {
    case KEYMAP_OK:
        return "success";
    case KEYMAP_EPARSE:
        return "malformed keymap line";
    case KEYMAP_EKEY:
        return "unknown key name";
    case KEYMAP_ECMD:
        return "unknown command";
    case KEYMAP_EFULL:
        return "too many key bindings";
    case KEYMAP_EIO:
        return "cannot read the keymap file";
    case KEYMAP_ENOENT:
        return "no keymap file";
    default:
        return "unknown keymap error";
    }
}
