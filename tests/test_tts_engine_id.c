/* test_tts_engine_id: the engine id fingerprints eSpeak NG's data, so a changed phoneme
 * table or dictionary gives new cache keys.  Each id is computed in a fresh child process
 * (the engine's data folder is fixed once per process) on a small copy of the data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tts.h"
#include "check.h"
#include "espeak_copy.h"
#include "engine_env.h"

/* The engine id seen by a new process whose ESPEAK_DATA_PATH is DATA (NULL: unset). */
static void id_for(const char *data, char *out, size_t len)
{
    int loaded;
    engine_id_in_child(data, NULL, out, len, &loaded);
}

int main(void)
{
    char probe[512];
    snprintf(probe, sizeof probe, "%s/phondata", ESPEAK_SYSTEM_DATA);
    if (access(probe, R_OK) != 0) {
        fprintf(stderr, "test_tts_engine_id: %s not found, skipping\n", probe);
        return 77;
    }
    /* Only child processes open the engine: a fork inherits the parent's id. */
    char sysid[200];
    unsetenv("ESPEAK_DATA_PATH");
    id_for(NULL, sysid, sizeof sysid);
    if (!sysid[0]) {
        const char *missing = engine_env_missing();
        fprintf(stderr, "test_tts_engine_id: the engine does not open: %s\n",
                missing ? missing : "the product fails (eSpeak NG is installed)");
        return missing ? 77 : 1;
    }
    /* ESPEAK_DATA_PATH names the folder holding espeak-ng-data/. */
    char top[] = "/tmp/audioleaf-test-engine-XXXXXX", to[600];
    if (!mkdtemp(top)) {
        perror("mkdtemp");
        return 1;
    }
    CHECK(espeak_copy_make(top) == 0);

    char a[200], b[200], c[200], d[200];
    id_for(top, a, sizeof a);
    id_for(top, b, sizeof b);
    CHECK(strstr(a, "espeak-ng ") == a && strlen(a) > 30);
    CHECK(!strcmp(a, b));         /* stable */
    CHECK(strcmp(a, sysid) != 0); /* the copy is really used: not all files are there */

    /* One byte of the phoneme data changes (same size, same mtime). */
    CHECK(espeak_copy_flip(top, "phondata", 1000) == 0);
    id_for(top, c, sizeof c);
    CHECK(c[0] && strcmp(a, c) != 0);

    /* A dictionary is replaced (new size and mtime). */
    snprintf(to, sizeof to, "%s/espeak-ng-data/en_dict", top);
    FILE *f = fopen(to, "ab");
    if (f) {
        fputc(0, f);
        fclose(f);
    }
    id_for(top, d, sizeof d);
    CHECK(d[0] && strcmp(c, d) != 0 && strcmp(a, d) != 0);

    espeak_copy_remove(top);
    if (failures)
        fprintf(stderr, "test_tts_engine_id: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
