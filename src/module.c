/* module: finds, loads (dlopen) and remembers audioleaf's back-end modules. */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "module.h"

enum { MODULE_MAX = 8 };

/* The modules loaded so far; guarded by lock. */
static struct {
    pthread_mutex_t lock;
    size_t n;
    struct {
        char name[32];
        void *handle;
        const void *table;
    } m[MODULE_MAX];
} loaded = {.lock = PTHREAD_MUTEX_INITIALIZER};

int module_in_build_tree(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash)
            return 0;
        *slash = '\0';
        char probe[PATH_MAX + 32];
        snprintf(probe, sizeof probe, "%s/CMakeCache.txt", exe);
        if (access(probe, F_OK) == 0)
            return 1;
    }
    return 0;
}

/* The folder modules come from; see module_get(). */
static const char *module_dir(void)
{
    const char *env = getenv("AUDIOLEAF_MODULES");
    if (env && *env)
        return env;
    if (module_in_build_tree())
        return AUDIOLEAF_BUILD_MODULEDIR;
    /* An installed tree that was moved (cmake --install --prefix): PREFIX/bin/audioleaf
     * beside PREFIX/LIBDIR/audioleaf. */
    static __thread char rel[PATH_MAX];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            if (snprintf(rel, sizeof rel, "%s/../%s", exe, AUDIOLEAF_MODULE_RELDIR) <
                    (int)sizeof rel &&
                access(rel, F_OK) == 0)
                return rel;
        }
    }
    return AUDIOLEAF_MODULEDIR;
}

const char *module_file(const char *name)
{
    static __thread char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/audioleaf-%s.so", module_dir(), name);
    if (n < 0 || (size_t)n >= sizeof path || access(path, R_OK) != 0)
        return NULL;
    return path;
}

int module_loaded(const char *name)
{
    int found = 0;
    pthread_mutex_lock(&loaded.lock);
    for (size_t i = 0; i < loaded.n && !found; i++)
        found = !strcmp(loaded.m[i].name, name);
    pthread_mutex_unlock(&loaded.lock);
    return found;
}

const void *module_get(const char *name, unsigned abi, char *err, size_t errlen)
{
    const void *table = NULL;
    pthread_mutex_lock(&loaded.lock);
    for (size_t i = 0; i < loaded.n; i++) {
        if (!strcmp(loaded.m[i].name, name)) {
            table = loaded.m[i].table;
            break;
        }
    }
    if (table || loaded.n == MODULE_MAX || strlen(name) >= sizeof loaded.m[0].name) {
        pthread_mutex_unlock(&loaded.lock);
        if (!table)
            snprintf(err, errlen, "no module '%s'", name);
        return table;
    }
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/audioleaf-%s.so", module_dir(), name);
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(err, errlen, "cannot load the %s module: %s (set AUDIOLEAF_MODULES to its folder)",
                 name, why ? why : path);
        pthread_mutex_unlock(&loaded.lock);
        return NULL;
    }
    char sym[64];
    snprintf(sym, sizeof sym, "audioleaf_module_%s", name);
    const struct module_header *hd = dlsym(h, sym);
    if (!hd || hd->abi != abi || !hd->name || strcmp(hd->name, name) != 0) {
        snprintf(err, errlen, "%s: not an audioleaf %s module of this version (%s %u, wanted %u)",
                 path, name, hd ? "interface" : "no table", hd ? hd->abi : 0u, abi);
        /* Not dlclose()d: the libraries it brought may have run constructors that keep
         * state, and unloading those is not safe. */
        pthread_mutex_unlock(&loaded.lock);
        return NULL;
    }
    snprintf(loaded.m[loaded.n].name, sizeof loaded.m[0].name, "%s", name);
    loaded.m[loaded.n].handle = h;
    loaded.m[loaded.n].table = hd;
    loaded.n++;
    pthread_mutex_unlock(&loaded.lock);
    return hd;
}
