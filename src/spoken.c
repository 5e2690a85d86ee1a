/* spoken: a leaflet read, its language and voice chosen and its script made. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "langdetect.h"
#include "rules_file.h"
#include "spoken.h"

/* Voice profiles looked at for their languages. */
#define SPOKEN_MAX_VOICES 64

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int spoken_settle_language(struct leaflet *lf)
{
    if (lf->language_source != LEAFLET_LANGUAGE_DEFAULT)
        return SPOKEN_OK;
    /* The profile names, sorted so that the candidates' order never depends on the
     * directory's. */
    char *names[SPOKEN_MAX_VOICES];
    size_t n = 0;
    DIR *d = opendir(voice_dir());
    struct dirent *e;
    while (d && n < SPOKEN_MAX_VOICES && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || e->d_name[0] == '.' || strcmp(e->d_name + len - 4, ".ini"))
            continue;
        if (!(names[n] = strndup(e->d_name, len - 4)))
            break;
        n++;
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    char langs[SPOKEN_MAX_VOICES][16];
    const char *ptrs[SPOKEN_MAX_VOICES];
    size_t n_langs = 0;
    for (size_t i = 0; i < n; i++) {
        struct voice_profile v;
        char verr[600];
        if (voice_load(names[i], NULL, &v, verr, sizeof verr) == VOICE_OK) {
            snprintf(langs[n_langs], sizeof langs[n_langs], "%s", v.language);
            ptrs[n_langs] = langs[n_langs];
            n_langs++;
        }
        voice_clear(&v);
        free(names[i]);
    }
    return langdetect_leaflet(lf, ptrs, n_langs) ? SPOKEN_ENOMEM : SPOKEN_OK;
}

int spoken_open(const char *path, const char *voice, const char *lang, struct spoken *out,
                char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct leaflet_error le;
    memset(&le, 0, sizeof le);
    int rc = leaflet_load(path, &out->lf, &le);
    if (rc) {
        leaflet_error_format(path, rc, &le, err, errlen);
        return rc == LEAFLET_ENOMEM ? SPOKEN_ENOMEM : SPOKEN_ELEAFLET;
    }
    if (!lang && spoken_settle_language(out->lf)) {
        snprintf(err, errlen, "%s: out of memory", path);
        spoken_close(out);
        return SPOKEN_ENOMEM;
    }
    const char *language = lang ? lang : out->lf->language;
    snprintf(out->language, sizeof out->language, "%s", language ? language : "en");
    char verr[600] = "";
    rc = voice_load(voice ? voice : out->lf->voice, out->language, &out->voice, verr,
                    sizeof verr);
    if (rc && !voice && out->lf->voice) /* the leaflet's own choice is only a wish */
        rc = voice_load(NULL, out->language, &out->voice, verr, sizeof verr);
    if (rc) {
        snprintf(err, errlen, "%s", verr[0] ? verr : voice_strerror(rc));
        spoken_close(out);
        return SPOKEN_EVOICE;
    }
    if (out->voice.lexicon_text) {
        int line = 0;
        rc = speech_lexicon_parse(out->voice.lexicon_text, out->voice.lexicon_len, &out->lex,
                                  &line);
        if (rc) {
            int bad = rc == SPEECH_ELEXICON || rc == SPEECH_ELEXDUP;
            if (bad)
                snprintf(err, errlen, "%s:%d:1: %s", out->voice.lexicon_path, line,
                         speech_strerror(rc));
            else
                snprintf(err, errlen, "%s", speech_strerror(rc));
            spoken_close(out);
            return bad ? SPOKEN_ELEXICON : SPOKEN_ENOMEM;
        }
    }
    /* the language's speech rules: voices/rules/LANG.ini, else the built-in copy */
    struct speech_rules *rules = NULL;
    if (rules_file_load(NULL, out->language, &rules, NULL, 0, err, errlen)) {
        spoken_close(out);
        return SPOKEN_ELEXICON;
    }
    if (rules && !out->lex && speech_lexicon_parse("", 0, &out->lex, NULL)) {
        speech_rules_free(rules);
        snprintf(err, errlen, "%s", speech_strerror(SPEECH_ENOMEM));
        spoken_close(out);
        return SPOKEN_ENOMEM;
    }
    if (rules)
        speech_lexicon_set_rules(out->lex, rules);
    rc = speech_script_make(out->lf, out->language, out->lex, &out->script);
    if (rc) {
        snprintf(err, errlen, "%s: %s", path, speech_strerror(rc));
        spoken_close(out);
        return SPOKEN_ENOMEM;
    }
    return SPOKEN_OK;
}

void spoken_close(struct spoken *s)
{
    speech_script_free(s->script);
    speech_lexicon_free(s->lex);
    voice_clear(&s->voice);
    leaflet_free(s->lf);
    memset(s, 0, sizeof *s);
}
