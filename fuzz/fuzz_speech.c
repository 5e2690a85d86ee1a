/* fuzz_speech: libFuzzer target for the speech rules: arbitrary bytes as leaflet text
 * through every language's rules (with a small lexicon), and as a rules file that then
 * reads a fixed number-heavy text.  Checks the output's shape and the notes' offsets. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "speech.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The text must be one line for the engine, and every note must point into the input. */
static void check_output(const char *in, const char *out, const struct speech_notes *notes)
{
    if (!out || strchr(out, '\n') || strchr(out, '\t'))
        __builtin_trap();
    size_t n = strlen(in);
    for (size_t i = 0; i < notes->n; i++)
        if (notes->v[i].offset > n || notes->v[i].len > n - notes->v[i].offset ||
            !notes->v[i].rule || !notes->v[i].said)
            __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {"en", "es", "sw"};
    static struct speech_lexicon *lex[3];
    static const char lexicon[] = "liver l'Iv3\ncytomegalovirus s,aItoUm'Eg@loUv,aIr@s\n";
    if (!lex[0]) {
        for (int i = 0; i < 3; i++) {
            size_t len;
            const char *text = speech_rules_builtin(langs[i], &len);
            struct speech_rules *r = NULL;
            int line;
            if (!text || speech_rules_parse(text, len, langs[i], &r, &line) != 0 ||
                speech_lexicon_parse(lexicon, sizeof lexicon - 1, &lex[i], &line) != 0)
                __builtin_trap();
            speech_lexicon_set_rules(lex[i], r);
        }
    }
    if (size > 4096)
        return 0;
    char *in = malloc(size + 1);
    if (!in)
        return 0;
    memcpy(in, data, size);
    in[size] = '\0'; /* text stops at a NUL, as leaflet text has none */
    for (int i = 0; i < 3; i++) {
        struct speech_notes notes = {0};
        char *out = speech_text_notes(in, langs[i], lex[i], &notes);
        check_output(in, out, &notes);
        free(out);
        speech_notes_clear(&notes);
    }
    /* The same bytes as a rules file: parsed or refused, never a crash; when parsed, they
     * read a text that reaches every rule. */
    struct speech_rules *r = NULL;
    int line = 0;
    if (speech_rules_parse((const char *)data, size, "xx", &r, &line) == 0) {
        static const char sample[] =
            "Call 0113 496 0123 or 999, ext. 57; take 2 x 500 mg (1½) at 8:30am-4pm Mon-Fri "
            "on 04/11/2025, 24+2 weeks, 1:500, ~40%, 10^9, £5.50, www.nhs.uk, <b>NIPT</b>.";
        struct speech_lexicon *l = NULL;
        if (speech_lexicon_parse("", 0, &l, &line) != 0)
            __builtin_trap();
        speech_lexicon_set_rules(l, r);
        struct speech_notes notes = {0};
        char *out = speech_text_notes(sample, "xx", l, &notes);
        check_output(sample, out, &notes);
        free(out);
        speech_notes_clear(&notes);
        speech_lexicon_free(l);
    } else if (r != NULL || line < 1) {
        __builtin_trap();
    }
    free(in);
    return 0;
}
