/* fuzz_leaflet: libFuzzer target: parses arbitrary bytes as a leaflet, checks that its
 * paragraphs keep their written order, builds its speech script (with a small lexicon)
 * and frees everything. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "leaflet.h"
#include "speech.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char lexicon[] = "# test lexicon\nliver l'Iv3\ncalcification kalsIfIk'eIS@n\n";
    struct speech_lexicon *lex = NULL;
    int line = 0;
    if (speech_lexicon_parse(lexicon, sizeof lexicon - 1, &lex, &line) != 0)
        __builtin_trap();
    /* The same bytes as a lexicon must never crash either. */
    struct speech_lexicon *lex2 = NULL;
    if (speech_lexicon_parse((const char *)data, size, &lex2, &line) == 0)
        speech_lexicon_free(lex2);

    struct leaflet *lf = NULL;
    struct leaflet_error err;
    if (leaflet_parse((const char *)data, size, &lf, &err) == 0) {
        if (!lf || !lf->title || !lf->language || lf->n_sections == 0)
            __builtin_trap();
        /* Written order: each paragraph knows its line and how many items come before
         * it, never going back. */
        for (size_t i = 0; i < lf->n_sections; i++) {
            const struct leaflet_section *sec = &lf->sections[i];
            for (size_t k = 0; k < sec->n_paragraphs; k++)
                if (sec->paragraph_lines[k] <= 0 || sec->paragraph_after[k] > sec->n_items ||
                    (k > 0 && (sec->paragraph_after[k] < sec->paragraph_after[k - 1] ||
                               sec->paragraph_lines[k] <= sec->paragraph_lines[k - 1])))
                    __builtin_trap();
        }
        struct speech_script *s = NULL;
        if (speech_script_make(lf, NULL, lex, &s) == 0) {
            for (size_t i = 0; i < s->n_units; i++)
                if (strchr(s->units[i].text, '\n') || strchr(s->units[i].text, '\t'))
                    __builtin_trap();
            speech_script_free(s);
        }
        leaflet_free(lf);
    } else if (lf != NULL || err.message[0] == '\0') {
        __builtin_trap();
    }
    speech_lexicon_free(lex);
    return 0;
}
