/* engine_env: whether this machine has what the real speech engine needs (eSpeak NG's
 * library and its data with English), found without the product's code, so that a test
 * skips only when the machine lacks it and fails when the product cannot open the engine
 * anyway. */
#ifndef AUDIOLEAF_TEST_ENGINE_ENV_H
#define AUDIOLEAF_TEST_ENGINE_ENV_H

#include <dlfcn.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* DIR holds eSpeak NG data that can speak English. */
static inline int engine_env_data_in(const char *dir)
{
    char a[4200], b[4200];
    snprintf(a, sizeof a, "%s/phontab", dir);
    snprintf(b, sizeof b, "%s/en_dict", dir);
    return access(a, R_OK) == 0 && access(b, R_OK) == 0;
}

/* What the machine lacks for the engine, as a phrase ("no eSpeak NG data ..."), or NULL
 * when it has eSpeak NG's library and data (where eSpeak NG 1.51 looks: under
 * $ESPEAK_DATA_PATH, $HOME, or the distribution's folder). */
static inline const char *engine_env_missing(void)
{
    void *lib = dlopen("libespeak-ng.so.1", RTLD_LAZY | RTLD_LOCAL);
    if (!lib)
        return "no eSpeak NG library (libespeak-ng.so.1)";
    dlclose(lib);
    char d[4200];
    const char *env = getenv("ESPEAK_DATA_PATH"), *home = getenv("HOME");
    if (env && *env) {
        snprintf(d, sizeof d, "%s/espeak-ng-data", env);
        if (engine_env_data_in(d) || engine_env_data_in(env))
            return NULL;
    }
    if (home && *home) {
        snprintf(d, sizeof d, "%s/espeak-ng-data", home);
        if (engine_env_data_in(d))
            return NULL;
    }
    const char *system[] = {"/usr/lib/*/espeak-ng-data", "/usr/lib/espeak-ng-data",
                            "/usr/share/espeak-ng-data", "/usr/local/share/espeak-ng-data"};
    for (size_t i = 0; i < sizeof system / sizeof system[0]; i++) {
        glob_t g;
        int found = 0;
        if (glob(system[i], 0, NULL, &g) == 0)
            for (size_t k = 0; k < g.gl_pathc && !found; k++)
                found = engine_env_data_in(g.gl_pathv[k]);
        globfree(&g);
        if (found)
            return NULL;
    }
    return "no eSpeak NG data with English (phontab, en_dict)";
}

#endif
