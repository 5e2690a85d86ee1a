/* test_keymap: the default keypad layout of SPEC §4, config parsing, bad config lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "nav.h"
#include "check.h"

static int is(const struct keymap *km, const char *key, const char *cmd)
{
    const char *c = keymap_lookup(km, key);
    if (!cmd)
        return c == NULL;
    return c && !strcmp(c, cmd);
}

static void test_defaults(void)
{
    struct keymap km;
    keymap_defaults(&km);
    /* SPEC §4 table, typed in from the spec. */
    CHECK(is(&km, "4", "prev") && is(&km, "6", "next") && is(&km, "5", "repeat"));
    CHECK(is(&km, "2", "coarser") && is(&km, "8", "finer") && is(&km, "0", "pause"));
    CHECK(is(&km, "1", "start") && is(&km, "3", "questions"));
    CHECK(is(&km, "7", "slower") && is(&km, "9", "faster"));
    CHECK(is(&km, "*", "help") && is(&km, "#", "where"));
    /* A computer's numpad has no '#': its '/' is where am I, in the terminal too. */
    CHECK(is(&km, "/", "where"));
    CHECK(is(&km, "q", "quit") && is(&km, "esc", "quit"));
    CHECK(is(&km, "left", "prev") && is(&km, "right", "next"));
    CHECK(is(&km, "up", "coarser") && is(&km, "down", "finer"));
    CHECK(is(&km, "space", "pause") && is(&km, "+", "faster") && is(&km, "-", "slower"));
    CHECK(is(&km, "?", "help"));
    CHECK(is(&km, "x", NULL) && is(&km, "enter", NULL));
    /* Keypad without NumLock: Home=7 PgUp=9 End=1 PgDn=3 Ins=0 Begin=5. */
    CHECK(is(&km, "home", "slower") && is(&km, "pageup", "faster"));
    CHECK(is(&km, "end", "start") && is(&km, "pagedown", "questions"));
    CHECK(is(&km, "insert", "pause") && is(&km, "begin", "repeat"));
    /* Every default command is one navigation knows. */
    for (size_t i = 0; i < km.n; i++)
        CHECK(nav_cmd_from_name(km.b[i].command) != NAV_CMD_NONE);
}

static void test_parse(void)
{
    struct keymap km;
    char err[256] = "";
    keymap_defaults(&km);
    const char *conf = "; my keys\n"
                       "# a comment line\n"
                       "\n"
                       "  4 = next\r\n"
                       "6=prev\n"
                       "# = help\n"
                       "Enter = pause\n"
                       "x\t=\tquit   \n"
                       "q = none\n";
    CHECK(keymap_parse(&km, conf, strlen(conf), "keys.conf", err, sizeof err) == 0);
    CHECK(is(&km, "4", "next") && is(&km, "6", "prev") && is(&km, "#", "help"));
    CHECK(is(&km, "enter", "pause") && is(&km, "x", "quit") && is(&km, "q", NULL));
    CHECK(is(&km, "5", "repeat")); /* untouched */
    /* Every command name keymap accepts is one nav knows (besides "none"). */
    const char *cmds[] = {"prev",      "next",   "repeat", "coarser", "finer", "pause", "start",
                          "questions", "slower", "faster", "help",    "where", "quit"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        CHECK(keymap_is_command(cmds[i]) && nav_cmd_from_name(cmds[i]) != NAV_CMD_NONE);
}

static void expect_error(const char *conf, int status, const char *where)
{
    struct keymap km, before;
    char err[256] = "";
    keymap_defaults(&km);
    before = km;
    int rc = keymap_parse(&km, conf, strlen(conf), "k.conf", err, sizeof err);
    if (rc != status || strncmp(err, where, strlen(where)) || memcmp(&km, &before, sizeof km)) {
        fprintf(stderr, "config %s: rc %d (want %d), message '%s' (want prefix '%s')\n", conf, rc,
                status, err, where);
        failures++;
    }
}

static void test_errors(void)
{
    expect_error("4 = next\nfoo = next\n", KEYMAP_EKEY, "k.conf:2:1: unknown key");
    expect_error("4 next\n", KEYMAP_EPARSE, "k.conf:1:3: expected '='");
    expect_error("4 = jump\n", KEYMAP_ECMD, "k.conf:1:5: unknown command");
    expect_error("\n\n  5 =\n", KEYMAP_EPARSE, "k.conf:3:6: expected a command");
    expect_error("5 = next now\n", KEYMAP_EPARSE, "k.conf:1:10: unexpected text");
    expect_error("\xc3\xa9 = next\n", KEYMAP_EPARSE, "k.conf:1:1: expected a key");
    expect_error("6 = next\n7 = x\n", KEYMAP_ECMD, "k.conf:2:5:");
}

static void test_load(void)
{
    struct keymap km;
    char err[256] = "";
    keymap_defaults(&km);
    CHECK(keymap_load(&km, "/nonexistent/dir/keys.conf", err, sizeof err) == KEYMAP_ENOENT);
    char path[] = "/tmp/test_keymap_XXXXXX";
    FILE *f = NULL;
    int fd = mkstemp(path);
    if (fd >= 0)
        f = fdopen(fd, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("0 = where\nleft = bogus\n", f);
    fclose(f);
    CHECK(keymap_load(&km, path, err, sizeof err) == KEYMAP_ECMD);
    char want[300];
    snprintf(want, sizeof want, "%s:2:8: unknown command", path);
    CHECK(!strcmp(err, want));
    CHECK(is(&km, "0", "pause"));
    remove(path);
}

static void test_bind(void)
{
    struct keymap km;
    keymap_defaults(&km);
    CHECK(keymap_bind(&km, "toolong", "next") == KEYMAP_EKEY);
    CHECK(keymap_bind(&km, "4", "zap") == KEYMAP_ECMD);
    char key[2] = "!";
    int rc = 0;
    for (int c = '!'; c < 127 && rc == 0; c++) {
        key[0] = (char)c;
        rc = keymap_bind(&km, key, "help");
    }
    CHECK(rc == KEYMAP_EFULL && km.n == KEYMAP_MAX);
}

int main(void)
{
    test_defaults();
    test_parse();
    test_errors();
    test_load();
    test_bind();
    if (failures) {
        fprintf(stderr, "test_keymap: %d failures\n", failures);
        return 1;
    }
    printf("test_keymap: ok\n");
    return 0;
}
