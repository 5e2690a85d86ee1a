/* input_script: keys from a --keys script ("wait=1 6 wait=1.5 q"), for tests and demos. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

struct script {
    char *text; /* owned copy of the script */
    char *pos;  /* next token */
};

/* Read one token from *P into EV; returns 1 when a token was read, 0 at the end, or
 * INPUT_EPARSE (with *BAD pointing at the token). */
static int token(char **p, struct input_event *ev, char **bad, size_t *badlen)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (!*s) {
        *p = s;
        return 0;
    }
    char *e = s;
    while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
        e++;
    size_t len = (size_t)(e - s);
    *bad = s;
    *badlen = len;
    memset(ev, 0, sizeof *ev);
    /* The keys of a phone keypad and of a computer's numpad (/ . + -), and q. */
    if (len == 1 && strchr("0123456789*#/.+-q", *s)) {
        ev->kind = INPUT_KEY;
        ev->key[0] = *s;
    } else if (len > 5 && !strncmp(s, "wait=", 5)) {
        char num[32];
        if (len - 5 >= sizeof num)
            return INPUT_EPARSE;
        memcpy(num, s + 5, len - 5);
        num[len - 5] = '\0';
        char *end;
        double v = strtod(num, &end);
        if (*end || !isfinite(v) || v < 0 || v > 86400)
            return INPUT_EPARSE;
        ev->kind = INPUT_WAIT;
        ev->seconds = v;
    } else {
        return INPUT_EPARSE;
    }
    *p = e;
    return 1;
}

int input_script_check(const char *script, char *err, size_t errlen)
{
    char *copy = strdup(script ? script : "");
    if (!copy)
        return INPUT_ENOMEM;
    char *p = copy, *bad = NULL;
    size_t badlen = 0;
    struct input_event ev;
    int n = 0, rc;
    while ((rc = token(&p, &ev, &bad, &badlen)) == 1)
        n++;
    if (rc < 0 && err && errlen)
        snprintf(err, errlen,
                 "audioleaf play: --keys: token %d '%.*s': expected 0-9, *, #, /, ., +, "
                 "-, q or wait=SECONDS",
                 n + 1, (int)(badlen > 40 ? 40 : badlen), bad);
    free(copy);
    return rc < 0 ? rc : INPUT_OK;
}

static int script_open(const char *arg, void **out, char *err, size_t errlen)
{
    int rc = input_script_check(arg, err, errlen);
    if (rc)
        return rc;
    struct script *s = calloc(1, sizeof *s);
    if (!s || !(s->text = strdup(arg ? arg : ""))) {
        free(s);
        if (err && errlen)
            snprintf(err, errlen, "audioleaf play: out of memory");
        return INPUT_ENOMEM;
    }
    s->pos = s->text;
    *out = s;
    return INPUT_OK;
}

static int script_next(void *h, int timeout_ms, struct input_event *ev)
{
    struct script *s = h;
    char *bad;
    size_t badlen;
    (void)timeout_ms;
    int rc = token(&s->pos, ev, &bad, &badlen);
    if (rc == 0) {
        memset(ev, 0, sizeof *ev);
        ev->kind = INPUT_END;
    }
    return rc < 0 ? rc : INPUT_OK;
}

static void script_close(void *h)
{
    struct script *s = h;
    if (!s)
        return;
    free(s->text);
    free(s);
}

const struct input_source input_script = {
    .name = "script",
    .open = script_open,
    .next = script_next,
    .close = script_close,
};
