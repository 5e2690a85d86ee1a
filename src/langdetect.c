/* langdetect: guesses a leaflet's language with libexttextcat, among the voice languages. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fingerprint.h>
#include <textcat.h>

#include "langdetect.h"

#ifndef AUDIOLEAF_TEXTCAT_DIR
#define AUDIOLEAF_TEXTCAT_DIR "/usr/share/libexttextcat"
#endif

/* Largest number of n-grams in a fingerprint (libexttextcat's MAXNGRAMS). */
#define NGRAMS 400
/* Candidates looked at; further languages are ignored. */
#define MAX_CANDIDATES 16

const char *langdetect_dir(void)
{
    const char *env = getenv("AUDIOLEAF_TEXTCAT_DIR");
    return env && *env ? env : AUDIOLEAF_TEXTCAT_DIR;
}

static void set_default(struct langdetect_result *res, const char *why)
{
    snprintf(res->language, sizeof res->language, "%s", LANGDETECT_DEFAULT);
    res->detected = 0;
    snprintf(res->reason, sizeof res->reason, "%s", why);
}

/* The language part of CODE ("en-gb" -> "en") into BUF. */
static void base_code(const char *code, char *buf, size_t len)
{
    size_t n = strcspn(code, "-_");
    snprintf(buf, len, "%.*s", (int)n, code);
}

/* Letters in S[0..N): ASCII letters and every non-ASCII character. */
static size_t count_letters(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0)
            k++;
    }
    return k;
}

/* LEN cut back so it does not end inside a UTF-8 sequence of S. */
static size_t utf8_cut(const char *s, size_t len)
{
    size_t n = len;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

int langdetect_text(const char *text, size_t len, const char *const *langs, size_t n_langs,
                    struct langdetect_result *res)
{
    memset(res, 0, sizeof *res);
    set_default(res, "");
    if (len > LANGDETECT_SAMPLE_BYTES)
        len = utf8_cut(text, LANGDETECT_SAMPLE_BYTES);
    /* The candidates: one fingerprint per language, in the order given. */
    char codes[MAX_CANDIDATES][16], bases[MAX_CANDIDATES][16];
    size_t n = 0;
    for (size_t i = 0; i < n_langs && n < MAX_CANDIDATES; i++) {
        char b[16];
        base_code(langs[i], b, sizeof b);
        int seen = b[0] == '\0';
        for (size_t k = 0; k < n && !seen; k++)
            seen = !strcmp(bases[k], b);
        if (seen)
            continue;
        snprintf(codes[n], sizeof codes[n], "%s", langs[i]);
        snprintf(bases[n], sizeof bases[n], "%s", b);
        n++;
    }
    char why[200];
    if (n == 0) {
        set_default(res, "no voice languages to choose from");
        return LANGDETECT_OK;
    }
    size_t letters = count_letters(text, len);
    if (letters < LANGDETECT_MIN_LETTERS) {
        snprintf(why, sizeof why,
                 "too little text to tell its language (%zu letters, %d needed)", letters,
                 LANGDETECT_MIN_LETTERS);
        set_default(res, why);
        return LANGDETECT_OK;
    }
    void *unknown = fp_Init(NULL);
    if (!unknown)
        return LANGDETECT_ENOMEM;
    fp_SetProperty(unknown, TCPROP_UTF8AWARE, TC_TRUE);
    if (fp_Create(unknown, text, (uint4)len, NGRAMS) == 0) {
        fp_Done(unknown);
        set_default(res, "too little text to tell its language");
        return LANGDETECT_OK;
    }
    long best = -1, second = -1;
    size_t best_k = 0, second_k = 0;
    for (size_t k = 0; k < n; k++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s.lm", langdetect_dir(), bases[k]);
        void *fp = fp_Init(bases[k]);
        if (!fp) {
            fp_Done(unknown);
            return LANGDETECT_ENOMEM;
        }
        fp_SetProperty(fp, TCPROP_UTF8AWARE, TC_TRUE);
        /* (Checked first: the library says so on stderr too.) */
        if (access(path, R_OK) != 0 || fp_Read(fp, path, NGRAMS) == 0) {
            fp_Done(fp);
            fp_Done(unknown);
            snprintf(why, sizeof why, "no language fingerprint %.150s (libexttextcat-data)", path);
            set_default(res, why);
            return LANGDETECT_OK;
        }
        long d = (long)fp_Compare(fp, unknown, INT32_MAX);
        fp_Done(fp);
        if (best < 0 || d < best) {
            second = best;
            second_k = best_k;
            best = d;
            best_k = k;
        } else if (second < 0 || d < second) {
            second = d;
            second_k = k;
        }
    }
    fp_Done(unknown);
    if (second >= 0 && (double)second < (double)best * LANGDETECT_MIN_MARGIN) {
        snprintf(why, sizeof why,
                 "the text is about as near to %s as to %s: it may be in a language "
                 "without a voice",
                 codes[best_k], codes[second_k]);
        set_default(res, why);
        return LANGDETECT_OK;
    }
    snprintf(res->language, sizeof res->language, "%s", codes[best_k]);
    res->detected = 1;
    if (second >= 0)
        snprintf(res->reason, sizeof res->reason,
                 "detected from the text (the next nearest voice language is %s)",
                 codes[second_k]);
    else
        snprintf(res->reason, sizeof res->reason,
                 "detected from the text: %s, the only voice language", codes[best_k]);
    return LANGDETECT_OK;
}

/* A growing sample of a leaflet's text, up to LANGDETECT_SAMPLE_BYTES. */
struct sample {
    char buf[LANGDETECT_SAMPLE_BYTES + 1];
    size_t len;
};

static void sample_add(struct sample *s, const char *text)
{
    size_t room = LANGDETECT_SAMPLE_BYTES - s->len;
    if (!text || !text[0] || room < 2)
        return;
    if (s->len > 0)
        s->buf[s->len++] = '\n';
    size_t n = strlen(text);
    if (n > room - 1)
        n = utf8_cut(text, room - 1);
    memcpy(s->buf + s->len, text, n);
    s->len += n;
    s->buf[s->len] = '\0';
}

int langdetect_leaflet(struct leaflet *lf, const char *const *langs, size_t n_langs)
{
    if (lf->language_source != LEAFLET_LANGUAGE_DEFAULT)
        return LANGDETECT_OK;
    struct sample *s = calloc(1, sizeof *s);
    if (!s)
        return LANGDETECT_ENOMEM;
    for (size_t i = 0; i < lf->n_sections; i++) {
        const struct leaflet_section *sec = &lf->sections[i];
        sample_add(s, sec->heading);
        for (size_t k = 0; k < sec->n_paragraphs; k++)
            sample_add(s, sec->paragraphs[k]);
        for (size_t k = 0; k < sec->n_items; k++)
            sample_add(s, sec->items[k].text);
    }
    struct langdetect_result res;
    int rc = langdetect_text(s->buf, s->len, langs, n_langs, &res);
    free(s);
    if (rc)
        return rc;
    char *code = strdup(res.language);
    if (!code)
        return LANGDETECT_ENOMEM;
    free(lf->language);
    lf->language = code;
    lf->language_source = res.detected ? LEAFLET_LANGUAGE_DETECTED : LEAFLET_LANGUAGE_DEFAULT;
    snprintf(lf->language_note, sizeof lf->language_note, "%s", res.reason);
    return LANGDETECT_OK;
}

const char *langdetect_strerror(int status)
{
    switch (status) {
    case LANGDETECT_OK: return "success";
    case LANGDETECT_ENOMEM: return "out of memory";
    default: return "unknown language detection error";
    }
}
