/* test_input: the --keys script source (tokens, waits, errors), the dispatcher through
 * the keymap, and the list of key sources. */
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "keymap.h"
#include "check.h"

static void test_script(void)
{
    void *h = NULL;
    char err[256] = "";
    CHECK(input_script.open("  wait=1 6\twait=1.5 # * q\n", &h, err, sizeof err) == 0);
    struct input_event ev;
    CHECK(input_script.next(h, 0, &ev) == 0 && ev.kind == INPUT_WAIT && ev.seconds == 1.0);
    CHECK(input_script.next(h, 0, &ev) == 0 && ev.kind == INPUT_KEY && !strcmp(ev.key, "6"));
    CHECK(input_script.next(h, 0, &ev) == 0 && ev.kind == INPUT_WAIT && ev.seconds == 1.5);
    CHECK(input_script.next(h, 0, &ev) == 0 && ev.kind == INPUT_KEY && !strcmp(ev.key, "#"));
    CHECK(input_script.next(h, 0, &ev) == 0 && ev.kind == INPUT_KEY && !strcmp(ev.key, "*"));
    CHECK(input_script.next(h, 0, &ev) == 0 && ev.kind == INPUT_KEY && !strcmp(ev.key, "q"));
    CHECK(input_script.next(h, 0, &ev) == 0 && ev.kind == INPUT_END);
    CHECK(input_script.next(h, 0, &ev) == 0 && ev.kind == INPUT_END);
    input_script.close(h);

    h = NULL;
    CHECK(input_script.open("", &h, err, sizeof err) == 0);
    CHECK(input_script.next(h, 0, &ev) == 0 && ev.kind == INPUT_END);
    input_script.close(h);
}

static void expect_bad(const char *script, const char *msg)
{
    char err[256] = "";
    void *h = NULL;
    int rc = input_script_check(script, err, sizeof err);
    if (rc != INPUT_EPARSE || !strstr(err, msg)) {
        fprintf(stderr, "script '%s': rc %d, message '%s', want '%s'\n", script, rc, err, msg);
        failures++;
    }
    CHECK(input_script.open(script, &h, err, sizeof err) == INPUT_EPARSE && h == NULL);
}

static void test_bad_scripts(void)
{
    expect_bad("6 66", "token 2 '66'");
    expect_bad("wait=", "token 1 'wait='");
    expect_bad("wait=abc", "token 1");
    expect_bad("wait=-1", "token 1");
    expect_bad("wait=nan", "token 1");
    expect_bad("1 2 x", "token 3 'x'");
    expect_bad("WAIT=1", "token 1");
    char err[128];
    CHECK(input_script_check("wait=0 wait=0.25 0 1 2 3 4 5 6 7 8 9 * # q", err, sizeof err) == 0);
}

static void test_dispatch(void)
{
    struct keymap km;
    keymap_defaults(&km);
    struct input_event ev = {.kind = INPUT_KEY};
    strcpy(ev.key, "6");
    CHECK(input_dispatch(&km, &ev) && !strcmp(input_dispatch(&km, &ev), "next"));
    strcpy(ev.key, "left");
    CHECK(input_dispatch(&km, &ev) && !strcmp(input_dispatch(&km, &ev), "prev"));
    strcpy(ev.key, "z");
    CHECK(input_dispatch(&km, &ev) == NULL);
    ev.kind = INPUT_WAIT;
    strcpy(ev.key, "6");
    CHECK(input_dispatch(&km, &ev) == NULL);
    CHECK(input_dispatch(&km, NULL) == NULL);
}

static void test_sources(void)
{
    int term = 0, script = 0;
    for (size_t i = 0; input_sources[i]; i++) {
        const struct input_source *s = input_sources[i];
        CHECK(s->name && s->open && s->next && s->close);
        term += s == &input_term;
        script += s == &input_script;
    }
    CHECK(term == 1 && script == 1);
    CHECK(strcmp(input_strerror(INPUT_EPARSE), input_strerror(INPUT_OK)) != 0);
}

int main(void)
{
    test_script();
    test_bad_scripts();
    test_dispatch();
    test_sources();
    if (failures) {
        fprintf(stderr, "test_input: %d failures\n", failures);
        return 1;
    }
    printf("test_input: ok\n");
    return 0;
}
