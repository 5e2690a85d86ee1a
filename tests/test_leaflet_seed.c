/* test_leaflet_seed: the example leaflet this project was asked to serve
 * (../shared/seeds/hepatic-calcification-leaflet.txt) parses into the expected model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet.h"
#include "speech.h"
#include "check.h"


int main(void)
{
    const char *src = getenv("AUDIOLEAF_SRC");
    char path[4096];
    snprintf(path, sizeof path, "%s/../shared/seeds/hepatic-calcification-leaflet.txt",
             src ? src : ".");
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("SKIP: no seed leaflet at %s\n", path);
        return 77;
    }
    fclose(f);
    struct leaflet *lf = NULL;
    struct leaflet_error err;
    if (leaflet_load(path, &lf, &err)) {
        fprintf(stderr, "%s:%d:%d: %s\n", path, err.line, err.column, err.message);
        return 1;
    }
    CHECK(!strcmp(lf->title, "What is a Hepatic (Liver) Calcification?"));
    CHECK(!strcmp(lf->language, "en"));
    CHECK(lf->updated && !strcmp(lf->updated, "December 2024"));
    CHECK(lf->n_sections == 8);
    for (size_t i = 0; i < 7 && i < lf->n_sections; i++) {
        CHECK(lf->sections[i].kind == LEAFLET_KIND_QUESTION);
        CHECK(lf->sections[i].heading[strlen(lf->sections[i].heading) - 1] == '?');
    }
    if (lf->n_sections == 8) {
        const struct leaflet_section *q = &lf->sections[6];
        CHECK(!strcmp(q->heading, "What other questions should I ask?"));
        CHECK(q->n_items == 9);
        CHECK(q->questions == 1);
        for (size_t k = 0; k < q->n_items; k++) {
            char want[32];
            snprintf(want, sizeof want, "s7.q%zu", k + 1);
            CHECK(!strcmp(q->items[k].id, want));
        }
        if (q->n_items == 9)
            CHECK(!strcmp(q->items[8].text,
                          "Do you recommend that I speak with a neonatologist or a Geneticist?"));
        CHECK(lf->sections[7].kind == LEAFLET_KIND_DISCLAIMER);
        CHECK(lf->sections[7].n_paragraphs == 1);
        /* The paragraph without a final full stop is kept whole. */
        CHECK(lf->sections[1].n_paragraphs == 1);
        CHECK(strstr(lf->sections[1].paragraphs[0], "1 in 1750 babies") != NULL);
    }
    CHECK(leaflet_questions_section(lf) == 6);

    struct speech_script *s = NULL;
    CHECK(speech_script_make(lf, NULL, NULL, &s) == 0);
    if (s) {
        CHECK(s->n_units == 8 + 9 + 1);
        int this_leaflet = 0;
        for (size_t i = 0; i < s->n_units; i++) {
            CHECK(strchr(s->units[i].text, '/') == NULL);
            CHECK(strstr(s->units[i].text, "slash") == NULL);
            if (strstr(s->units[i].text, "this leaflet"))
                this_leaflet = 1;
        }
        CHECK(this_leaflet);
        CHECK(!strcmp(s->units[s->n_units - 1].id, "updated"));
        CHECK(!strcmp(s->units[s->n_units - 1].text, "Last updated December 2024"));
        speech_script_free(s);
    }
    leaflet_free(lf);
    if (failures) {
        fprintf(stderr, "test_leaflet_seed: %d check(s) failed\n", failures);
        return 1;
    }
    printf("test_leaflet_seed: all checks passed\n");
    return 0;
}
