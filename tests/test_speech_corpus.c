/* test_speech_corpus: the golden corpus of each language (tests/speech/LANG.txt: written
 * text => expected speech text, hand-written), run through speech_text() with the rules
 * built into the program and, separately, with the rules read from voices/rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_file.h"
#include "speech.h"
#include "check.h"

static const char *src_dir(void)
{
    const char *s = getenv("AUDIOLEAF_SRC");
    return s && *s ? s : ".";
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Run every case of LANG's corpus with LEX (which may carry rules); returns the count. */
static int run_corpus(const char *lang, const struct speech_lexicon *lex)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/speech/%s.txt", src_dir(), lang);
    size_t len;
    char *buf = slurp(path, &len);
    CHECKF(buf != NULL, "cannot read %s", path);
    if (!buf)
        return 0;
    int cases = 0, no = 0;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        no++;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *sep = strstr(line, " => ");
        CHECKF(sep != NULL, "%s:%d: no ' => '", path, no);
        if (!sep)
            continue;
        *sep = '\0';
        const char *want = sep + 4;
        if (!strcmp(want, "="))
            want = line;
        char *got = speech_text(line, lang, lex);
        CHECKF(got && !strcmp(got, want), "%s:%d: \"%s\"\n  got  \"%s\"\n  want \"%s\"", path,
               no, line, got ? got : "(null)", want);
        free(got);
        cases++;
    }
    free(buf);
    return cases;
}

int main(void)
{
    const char *langs[] = {"en", "es", "sw"};
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        /* the rules built in */
        int n = run_corpus(langs[i], NULL);
        CHECKF(n >= 10, "%s: only %d cases", langs[i], n);
        /* the same rules read from voices/rules, attached to a lexicon */
        char path[512];
        snprintf(path, sizeof path, "%s/voices/rules/%s.ini", src_dir(), langs[i]);
        size_t len;
        char *text = slurp(path, &len);
        CHECKF(text != NULL, "cannot read %s", path);
        struct speech_rules *r = NULL;
        int line = 0;
        CHECKF(text && speech_rules_parse(text, len, langs[i], &r, &line) == 0,
               "%s:%d: does not parse", path, line);
        struct speech_lexicon *lex = NULL;
        CHECK(speech_lexicon_parse("", 0, &lex, &line) == 0);
        if (lex && r) {
            speech_lexicon_set_rules(lex, r);
            r = NULL;
            CHECK(run_corpus(langs[i], lex) == n);
        }
        speech_rules_free(r);
        speech_lexicon_free(lex);
        free(text);
    }
    /* A region's file read over its language's: en-US.ini after en.ini. */
    char dir[512], path[600], err[800] = "";
    snprintf(dir, sizeof dir, "%s/voices", src_dir());
    struct speech_rules *r = NULL;
    CHECKF(rules_file_load(dir, "en-US", &r, path, sizeof path, err, sizeof err) == 0 && r,
           "en-US: %s", err);
    CHECKF(strstr(path, "en.ini + ") && strstr(path, "en-US.ini"), "read %s", path);
    struct speech_lexicon *lex = NULL;
    int line;
    CHECK(speech_lexicon_parse("", 0, &lex, &line) == 0);
    if (lex && r) {
        speech_lexicon_set_rules(lex, r);
        r = NULL;
        CHECK(run_corpus("en-US", lex) >= 5);
    }
    speech_rules_free(r);
    speech_lexicon_free(lex);
    printf("test_speech_corpus: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
