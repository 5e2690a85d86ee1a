/* test_folder: where the cache and state folders are (absolute XDG paths, then HOME, then
 * XDG_RUNTIME_DIR for the cache, never a fixed name in /tmp), and which folders are
 * refused: another user's (as root: chown 65534), writable by others, writable by the
 * group without setgid; a setgid group-writable one is shared; the message names the
 * folder and what is wrong. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "folder.h"
#include "check.h"
#include "tmpdir.h"

int main(void)
{
    char dir[] = "/tmp/test_folder_XXXXXX", path[600], why[800], want[700];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }

    /* The default places. */
    setenv("XDG_CACHE_HOME", "/x/cache", 1);
    setenv("HOME", "/home/u", 1);
    setenv("XDG_RUNTIME_DIR", "/run/user/7", 1);
    CHECK(folder_cache_default(path, sizeof path) == 0 && !strcmp(path, "/x/cache/audioleaf"));
    setenv("XDG_CACHE_HOME", "relative", 1); /* not absolute: ignored, as XDG says */
    CHECK(folder_cache_default(path, sizeof path) == 0 &&
          !strcmp(path, "/home/u/.cache/audioleaf"));
    setenv("HOME", "", 1);
    CHECKF(folder_cache_default(path, sizeof path) == 0 &&
               !strcmp(path, "/run/user/7/audioleaf"),
           "%s", path);
    unsetenv("XDG_RUNTIME_DIR");
    CHECK(folder_cache_default(path, sizeof path) == -1);
    setenv("TMPDIR", dir, 1);
    CHECK(folder_make_temp(path, sizeof path) == 0);
    snprintf(want, sizeof want, "%s/audioleaf-", dir);
    struct stat st;
    CHECKF(!strncmp(path, want, strlen(want)) && strlen(path) == strlen(want) + 6 &&
               stat(path, &st) == 0 && (st.st_mode & 07777) == 0700 &&
               st.st_uid == geteuid(),
           "%s", path);
    char second[600];
    CHECK(folder_make_temp(second, sizeof second) == 0 && strcmp(second, path) != 0);
    CHECK(folder_state(path, sizeof path) == -1);
    setenv("HOME", "/home/u", 1);
    CHECK(folder_state(path, sizeof path) == 0 && !strcmp(path, "/home/u/.local/state/audioleaf"));
    setenv("XDG_STATE_HOME", "/x/state", 1);
    CHECK(folder_state(path, sizeof path) == 0 && !strcmp(path, "/x/state/audioleaf"));

    /* Made private, parents too; checked. */
    snprintf(path, sizeof path, "%s/a/b/c", dir);
    CHECK(folder_make(path, why, sizeof why) == FOLDER_PRIVATE);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0700);
    CHECK(folder_check(path, why, sizeof why) == FOLDER_PRIVATE);

    /* Modes that let someone else write. */
    static const struct {
        mode_t mode;
        int want;
        const char *says;
    } modes[] = {
        {0777, -1, "insecure folder: other users can write in it (mode 0777"},
        {01777, -1, "insecure folder: other users can write in it (mode 1777"},
        {0775, -1, "insecure folder: its group can write in it (mode 0775"},
        {0770, -1, "insecure folder: its group can write in it (mode 0770"},
        {02770, FOLDER_SHARED, NULL},
        {02777, -1, "insecure folder: other users can write in it (mode 2777"},
        {0755, FOLDER_PRIVATE, NULL},
        {0500, FOLDER_PRIVATE, NULL},
    };
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        CHECK(chmod(path, modes[i].mode) == 0);
        why[0] = '\0';
        errno = 0;
        int got = folder_check(path, why, sizeof why);
        CHECKF(got == modes[i].want, "mode %04o: got %d (%s)", (unsigned)modes[i].mode, got, why);
        if (modes[i].says) {
            snprintf(want, sizeof want, "%s: %s", path, modes[i].says);
            CHECKF(errno == EPERM && !strncmp(why, want, strlen(want)), "mode %04o: '%s'",
                   (unsigned)modes[i].mode, why);
        }
    }
    CHECK(chmod(path, 0700) == 0);

    /* Another user's folder, and a file where a folder should be. */
    if (geteuid() == 0) {
        CHECK(chown(path, 65534, (gid_t)-1) == 0);
        errno = 0;
        CHECK(folder_check(path, why, sizeof why) == -1 && errno == EPERM);
        snprintf(want, sizeof want, "%s: insecure folder: owned by another user (uid 65534;",
                 path);
        CHECKF(!strncmp(why, want, strlen(want)), "'%s'", why);
        CHECK(folder_make(path, why, sizeof why) == -1 && errno == EPERM);
    } else {
        printf("skip: a folder owned by another user needs root\n");
    }
    snprintf(path, sizeof path, "%s/file", dir);
    FILE *f = fopen(path, "w");
    if (f)
        fclose(f);
    CHECK(folder_check(path, why, sizeof why) == -1 && errno == ENOTDIR);
    snprintf(want, sizeof want, "%s/file/sub", dir);
    CHECK(folder_make(want, why, sizeof why) == -1 && errno == ENOTDIR && strstr(why, want));
    tmpdir_remove(dir);
    return failures ? 1 : 0;
}
