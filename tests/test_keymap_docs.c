/* test_keymap_docs: the keymap's default table is the one statement of the layout: the
 * README's keypad table gives every keypad key the action the keymap binds it to, and
 * the kiosk welcomes name the numpad's slash (never a hash key it does not have) and only
 * keys that do something. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "check.h"

/* Words the README uses for each command, as typed in from the README's table. */
static const struct {
    const char *command, *words;
} said[] = {
    {"prev", "previous"}, {"next", "next"},         {"repeat", "repeat"},
    {"coarser", "coarser"}, {"finer", "finer"},     {"pause", "pause"},
    {"start", "start of the leaflet"},              {"questions", "questions-to-ask"},
    {"slower", "slower"}, {"faster", "faster"},     {"help", "help"},
    {"where", "where am I"},
};

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* 1 when the first cell of table ROW (a "| ... |" line) names KEY. */
static int row_names(const char *row, const char *key)
{
    const char *end = strchr(row + 1, '|');
    size_t len = end ? (size_t)(end - row - 1) : strlen(row + 1);
    char cell[200];
    snprintf(cell, sizeof cell, "%.*s", (int)len, row + 1);
    /* '/' also separates pairs ("4 / 6"): the key is "/ (numpad)"; '#' is "# (phone)". */
    if (!strcmp(key, "/"))
        return strstr(cell, "/ (numpad)") != NULL;
    if (!strcmp(key, "#"))
        return strstr(cell, "# (phone)") != NULL;
    for (char *t = strtok(cell, " ,()"); t; t = strtok(NULL, " ,()")) {
        if (!strcmp(t, key))
            return 1;
    }
    return 0;
}

static const char *words_for(const char *command)
{
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
        if (!strcmp(said[i].command, command))
            return said[i].words;
    }
    return NULL;
}

static void test_readme(const char *src, const struct keymap *km)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/README.md", src);
    char *readme = slurp(path);
    CHECK(readme != NULL);
    if (!readme)
        return;
    const char *table = strstr(readme, "## The keypad");
    CHECK(table != NULL);
    static const char *const keys[] = {"0", "1", "2", "3", "4", "5", "6",
                                       "7", "8", "9", "*", "/", "#"};
    for (size_t k = 0; table && k < sizeof keys / sizeof keys[0]; k++) {
        const char *command = keymap_lookup(km, keys[k]);
        CHECK(command != NULL);
        const char *words = command ? words_for(command) : NULL;
        int rows = 0, right = 0;
        for (const char *line = table; line && *line; line = strchr(line, '\n')) {
            if (*line == '\n')
                line++;
            if (strncmp(line, "| ", 2) != 0) {
                if (rows && strncmp(line, "|", 1) != 0)
                    break; /* the end of the table */
                continue;
            }
            const char *eol = strchr(line, '\n');
            char row[600];
            snprintf(row, sizeof row, "%.*s", (int)(eol ? eol - line : (long)strlen(line)), line);
            rows++;
            if (row_names(row, keys[k])) {
                right += words && strstr(row, words) != NULL;
                if (!words || !strstr(row, words))
                    fprintf(stderr, "README: key %s is %s in the keymap, the table says: %s\n",
                            keys[k], command, row);
            }
        }
        if (right != 1)
            fprintf(stderr, "README: key %s (%s) in %d right rows\n", keys[k],
                    command ? command : "none", right);
        CHECK(right == 1);
    }
    free(readme);
}

/* A kiosk welcome: the where-am-I key is the numpad's slash (SLASH), no hash key is
 * named (HASH words), and each "Press D" names a key bound to something. */
static void test_welcome(const char *src, const char *lang, const char *slash,
                         const char *const *hash, const char *press, const struct keymap *km)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/tools/kiosk/welcome-%s.txt", src, lang);
    char *text = slurp(path);
    if (!text) {
        printf("skip part: %s not found\n", path);
        return;
    }
    CHECK(keymap_lookup(km, "/") && !strcmp(keymap_lookup(km, "/"), "where"));
    if (!strstr(text, slash))
        fprintf(stderr, "%s: does not name the slash key ('%s')\n", path, slash);
    CHECK(strstr(text, slash) != NULL);
    for (size_t i = 0; hash[i]; i++) {
        if (strstr(text, hash[i]))
            fprintf(stderr, "%s: names a key a numpad does not have ('%s')\n", path, hash[i]);
        CHECK(strstr(text, hash[i]) == NULL);
    }
    size_t pl = strlen(press);
    for (const char *p = strstr(text, press); p; p = strstr(p + 1, press)) {
        char key[2] = {p[pl], '\0'};
        if (key[0] >= '0' && key[0] <= '9')
            CHECK(keymap_lookup(km, key) != NULL);
    }
    free(text);
}

int main(void)
{
    const char *src = getenv("AUDIOLEAF_SRC");
    if (!src || !*src) {
        printf("skip: AUDIOLEAF_SRC is not set\n");
        return 77;
    }
    struct keymap km;
    keymap_defaults(&km);
    test_readme(src, &km);
    static const char *const hash_en[] = {"hash", "Hash", "pound", " # ", NULL};
    static const char *const hash_es[] = {"almohadilla", "Almohadilla", " # ", NULL};
    test_welcome(src, "en", "slash", hash_en, "Press ", &km);
    test_welcome(src, "es", "barra", hash_es, "Pulse ", &km);
    if (failures) {
        fprintf(stderr, "test_keymap_docs: %d failures\n", failures);
        return 1;
    }
    printf("test_keymap_docs: ok\n");
    return 0;
}
