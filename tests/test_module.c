/* test_module: the back-end modules load on first use from the build tree (or
 * $AUDIOLEAF_MODULES), once per process and from several threads at once; a missing
 * module, a wrong interface version or an unknown name give NULL and a clear message. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audio_module.h"
#include "dtmf_module.h"
#include "module.h"
#include "tts_module.h"
#include "check.h"

static void *get_spandsp(void *arg)
{
    (void)arg;
    char err[512];
    return (void *)module_get("spandsp", DTMF_MODULE_ABI, err, sizeof err);
}

int main(void)
{
    char err[512];
    CHECK(module_in_build_tree() == 1);
    CHECK(!module_loaded("espeak") && !module_loaded("portaudio") && !module_loaded("spandsp"));

    /* Where the modules are. */
    const char *names[] = {"espeak", "portaudio", "spandsp"};
    for (size_t i = 0; i < 3; i++) {
        const char *f = module_file(names[i]);
        char want[64];
        snprintf(want, sizeof want, "/modules/audioleaf-%s.so", names[i]);
        CHECK(f && strlen(f) > strlen(want) && !strcmp(f + strlen(f) - strlen(want), want));
        CHECK(f && access(f, R_OK) == 0);
    }
    CHECK(module_file("nosuch") == NULL);

    /* A folder without modules: NULL, a message naming the way out, nothing loaded. */
    char empty[] = "/tmp/audioleaf-test-module-XXXXXX";
    CHECK(mkdtemp(empty) != NULL);
    setenv("AUDIOLEAF_MODULES", empty, 1);
    err[0] = '\0';
    CHECK(module_get("spandsp", DTMF_MODULE_ABI, err, sizeof err) == NULL);
    CHECK(strstr(err, "cannot load the spandsp module") && strstr(err, "AUDIOLEAF_MODULES"));
    CHECK(!module_loaded("spandsp"));
    CHECK(module_file("spandsp") == NULL);
    unsetenv("AUDIOLEAF_MODULES");
    rmdir(empty);

    /* An unknown name. */
    err[0] = '\0';
    CHECK(module_get("nosuch", 1, err, sizeof err) == NULL && strstr(err, "nosuch"));

    /* The wrong interface version is refused, and not kept. */
    err[0] = '\0';
    CHECK(module_get("portaudio", AUDIO_MODULE_ABI + 1, err, sizeof err) == NULL);
    CHECK(strstr(err, "not an audioleaf portaudio module of this version") != NULL);
    CHECK(!module_loaded("portaudio"));

    /* Four threads load a module at once: one load, the same table for all. */
    pthread_t th[4];
    void *got[4] = {0};
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&th[i], NULL, get_spandsp, NULL) == 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], &got[i]);
        CHECK(got[i] != NULL && got[i] == got[0]);
    }

    /* Each module's table is whole. */
    const struct tts_module *t = module_get("espeak", TTS_MODULE_ABI, err, sizeof err);
    CHECK(t && !strcmp(t->h.name, "espeak") && t->env && t->env[0] && t->identify &&
          t->synth_stream && t->rate && t->started);
    const struct audio_module *a = module_get("portaudio", AUDIO_MODULE_ABI, err, sizeof err);
    CHECK(a && !strcmp(a->h.name, "portaudio") && a->out && a->out->open && a->out->close &&
          a->capture_open && a->capture_available && a->capture_read && a->capture_close);
    const struct dtmf_module *d = module_get("spandsp", DTMF_MODULE_ABI, err, sizeof err);
    CHECK(d == got[0]);
    CHECK(d && !strcmp(d->h.name, "spandsp") && d->rx_new && d->rx && d->rx_free);
    CHECK(module_loaded("espeak") && module_loaded("portaudio") && module_loaded("spandsp"));
    /* Loading the engine's module does not start the engine. */
    CHECK(t && t->started() == 0);

    /* Once per process: the same table every time. */
    CHECK(module_get("espeak", TTS_MODULE_ABI, err, sizeof err) == (const void *)t);

    if (failures)
        fprintf(stderr, "test_module: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
