/* test_tts: the real eSpeak NG engine speaks, reports sentence marks, speaks markup as
 * plain text without executing anything, and honours voice parameters. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tts.h"
#include "voice.h"
#include "check.h"
#include "test_voice.h"
#include "engine_env.h"

/* Root mean square of samples [A, B). */
static double rms(const int16_t *s, size_t a, size_t b)
{
    double t = 0;
    for (size_t i = a; i < b; i++)
        t += (double)s[i] * s[i];
    return b > a ? sqrt(t / (double)(b - a)) : 0;
}

/* Seconds of audio for TEXT, or -1. */
static double seconds(struct tts *t, const struct voice_profile *v, const char *text)
{
    struct tts_audio a;
    if (tts_synth(t, v, text, &a) != TTS_OK)
        return -1;
    double s = (double)a.n_frames / a.rate;
    tts_audio_free(&a);
    return s;
}

int main(void)
{
    struct tts *t, *t2;
    /* Skipped only when the machine lacks the engine; the product failing is a failure. */
    const char *missing = engine_env_missing();
    if (missing) {
        fprintf(stderr, "test_tts: skipped: %s\n", missing);
        return 77;
    }
    int open_rc = tts_open(&t);
    if (open_rc != TTS_OK) {
        fprintf(stderr, "test_tts: tts_open failed (%d) though eSpeak NG is installed\n",
                open_rc);
        return 1;
    }
    /* A second handle shares the engine (1.51 cannot be restarted). */
    CHECK(tts_open(&t2) == TTS_OK);
    const char *id = tts_engine_id(t);
    CHECK(id && strstr(id, "espeak-ng") && strlen(id) > 20);
    CHECK(!strcmp(id, tts_engine_id(t2)));
    tts_close(t2);

    struct voice_profile v = test_voice(170, NULL);

    /* Three sentences: three marks, increasing, inside the audio, at the sentences. */
    const char *three = "The scan is quick. It does not hurt at all. You can go home after.";
    struct tts_audio a;
    CHECK(tts_synth(t, &v, three, &a) == TTS_OK);
    CHECK(a.rate == 22050);
    CHECK(a.n_frames > (size_t)a.rate * 2 && a.n_frames < (size_t)a.rate * 10);
    CHECK(a.n_marks == 3);
    if (a.n_marks == 3) {
        CHECK(a.marks[0].frame == 0 && a.marks[0].text_pos == 0);
        CHECK(a.marks[1].frame > (size_t)a.rate / 2 && a.marks[1].frame < a.marks[2].frame);
        CHECK(a.marks[2].frame < a.n_frames);
        CHECK(!strncmp(three + a.marks[1].text_pos, "It does", 7));
        CHECK(!strncmp(three + a.marks[2].text_pos, "You can", 7));
    }
    tts_audio_free(&a);
    /* Marks sit where a sentence starts: 100 ms of silence before, speech after
     * (measured: RMS 0 before, about 2600-3400 after), on later syntheses too, so the
     * event positions count from the start of each synthesis. */
    for (int round = 0; round < 2; round++) {
        CHECK(tts_synth(t, &v, three, &a) == TTS_OK);
        CHECK(a.n_marks == 3);
        for (size_t i = 1; i < a.n_marks; i++) {
            size_t f = a.marks[i].frame, w = (size_t)a.rate / 10;
            CHECK(f > w && f + w < a.n_frames);
            if (f > w && f + w < a.n_frames) {
                CHECK(rms(a.samples, f - w, f) < 50);
                CHECK(rms(a.samples, f, f + w) > 500);
            }
        }
        tts_audio_free(&a);
    }

    /* Character positions become byte offsets in UTF-8 text. */
    const char *utf = "Año pequeño. Niño grande. ¿Qué tal?";
    CHECK(tts_synth(t, &v, utf, &a) == TTS_OK);
    CHECK(a.n_marks == 3);
    if (a.n_marks == 3) {
        CHECK(!strncmp(utf + a.marks[1].text_pos, "Niño", 5));
        CHECK(!strncmp(utf + a.marks[2].text_pos, "¿Qué", 5));
    }
    tts_audio_free(&a);

    /* Markup is text: no 90 s break, no audio fetched, no program run.  A fake sox on
     * PATH would leave a file behind if eSpeak NG ever ran it. */
    char dir[] = "/tmp/audioleaf-test-tts-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char sox[300], marker[300], path[700];
    snprintf(sox, sizeof sox, "%s/sox", dir);
    snprintf(marker, sizeof marker, "%s/ran", dir);
    FILE *f = fopen(sox, "w");
    CHECK(f != NULL);
    if (f) {
        fprintf(f, "#!/bin/sh\ntouch '%s'\n", marker);
        fclose(f);
        chmod(sox, 0755);
    }
    snprintf(path, sizeof path, "%s:%s", dir, getenv("PATH") ? getenv("PATH") : "/usr/bin");
    setenv("PATH", path, 1);
    double plain = seconds(t, &v, "Wait here, then listen to this and that.");
    double brk = seconds(t, &v, "Wait <break time=\"90s\"/> here, then listen to this & that.");
    double aud = seconds(t, &v, "<audio src=\"x.wav\">Wait here</audio>, then listen.");
    double lt = seconds(t, &v, "Wait a<b here, then listen to this and that.");
    fprintf(stderr, "plain %.2f s, break %.2f s, audio %.2f s, a<b %.2f s\n", plain, brk, aud, lt);
    CHECK(plain > 1.0 && plain < 6.0);
    /* Measured: the markup is read out, so these run longer than the plain text, but
     * nowhere near a 90 s pause. */
    CHECK(brk > plain && brk < plain + 8.0);
    CHECK(aud > 1.0 && aud < 12.0);
    /* "a<b" must not swallow the rest of the sentence as a tag. */
    CHECK(lt > plain * 0.9);
    CHECK(access(marker, F_OK) != 0);
    unlink(sox);
    unlink(marker);
    rmdir(dir);

    /* Lexicon phonemes pass through [[...]]. */
    double ph = seconds(t, &v, "[[h@l'oU]]");
    CHECK(ph > 0.2 && ph < 3.0);

    /* Parameters matter. */
    struct voice_profile slow = test_voice(170, NULL), fast = test_voice(170, NULL), gap = test_voice(170, NULL);
    slow.rate = 90;
    fast.rate = 300;
    gap.word_gap = 20;
    const char *words = "one two three four five six seven eight nine ten";
    double s_slow = seconds(t, &slow, words), s_fast = seconds(t, &fast, words);
    double s_gap = seconds(t, &gap, words), s_norm = seconds(t, &v, words);
    fprintf(stderr, "slow %.2f s, fast %.2f s, gap %.2f s, normal %.2f s\n", s_slow, s_fast, s_gap,
            s_norm);
    CHECK(s_slow > 1.8 * s_fast);
    CHECK(s_gap > s_norm + 1.0);

    /* A variant is added to a language-named voice; unknown voices are refused. */
    struct voice_profile f2 = test_voice(170, NULL);
    strcpy(f2.variant, "f2");
    CHECK(seconds(t, &f2, "Hello.") > 0.2);
    struct voice_profile es = test_voice(170, NULL);
    strcpy(es.espeak_voice, "es");
    CHECK(seconds(t, &es, "Hola.") > 0.2);
    struct voice_profile bad = test_voice(170, NULL);
    strcpy(bad.espeak_voice, "xx-nowhere");
    CHECK(tts_synth(t, &bad, "Hello.", &a) == TTS_EVOICE);
    CHECK(a.samples == NULL && a.n_marks == 0);
    /* And the engine still works after a refused voice. */
    CHECK(seconds(t, &v, "Still here.") > 0.2);
    CHECK(tts_rate(t) == 22050);

    tts_close(t);
    if (failures)
        fprintf(stderr, "test_tts: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
