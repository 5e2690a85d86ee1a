/* stage: where an export is built before it is put in place (see stage.h). */
#define _GNU_SOURCE /* renameat2 */
#include "export/stage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

#define STAGE_TAG ".audioleaf-staging-"
#define STAGE_MARKER ".audioleaf-staging"

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return (flag == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

/* Remove PATH and all below it, never following links or leaving its file system. */
int export_remove_tree(const char *path)
{
    return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* Split PATH into a resolved parent folder (made when missing) and a base name. */
int export_stage_where(struct export_stage *s, const char *path, char *err, size_t errlen)
{
    char want[PATH_MAX];
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    if (len == 0 || len >= sizeof want) {
        snprintf(err, errlen, "audioleaf export: %s: %s", path, strerror(ENAMETOOLONG));
        return EXPORT_STAGE_EINPUT;
    }
    memcpy(want, path, len);
    want[len] = '\0';
    char *slash = strrchr(want, '/');
    const char *base = slash ? slash + 1 : want;
    char parent[PATH_MAX] = ".";
    if (slash == want)
        snprintf(parent, sizeof parent, "/");
    else if (slash)
        snprintf(parent, sizeof parent, "%.*s", (int)(slash - want), want);
    if (!strcmp(base, ".") || !strcmp(base, "..") || !base[0]) {
        snprintf(err, errlen, "audioleaf export: %s: give the book a name of its own", path);
        return EXPORT_STAGE_EINPUT;
    }
    if (fileio_make_dirs(parent) || !realpath(parent, s->parent)) {
        snprintf(err, errlen, "audioleaf export: %s: %s", parent, strerror(errno));
        return EXPORT_STAGE_EIO;
    }
    if (strlen(base) >= sizeof s->base) {
        snprintf(err, errlen, "audioleaf export: %s: %s", path, strerror(ENAMETOOLONG));
        return EXPORT_STAGE_EINPUT;
    }
    memcpy(s->base, base, strlen(base) + 1);
    if (snprintf(s->target, sizeof s->target, "%s/%s", s->parent, base) >=
        (int)sizeof s->target) {
        snprintf(err, errlen, "audioleaf export: %s: %s", path, strerror(ENAMETOOLONG));
        return EXPORT_STAGE_EINPUT;
    }
    return EXPORT_STAGE_OK;
}

/* Remove the staging folders of TARGET that killed runs left (marker not locked). */
static void stage_clean(const struct export_stage *s)
{
    char prefix[NAME_MAX + 64];
    snprintf(prefix, sizeof prefix, ".%.160s" STAGE_TAG, s->base);
    size_t plen = strlen(prefix);
    DIR *d = opendir(s->parent);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, plen) || strlen(e->d_name) != plen + 6)
            continue;
        char dir[PATH_MAX], marker[PATH_MAX + 32];
        struct stat st;
        if (snprintf(dir, sizeof dir, "%s/%s", s->parent, e->d_name) >= (int)sizeof dir ||
            lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
            continue;
        snprintf(marker, sizeof marker, "%s/" STAGE_MARKER, dir);
        int fd = open(marker, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
            rmdir(dir); /* killed before its marker was made: removed only when empty */
            continue;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            export_remove_tree(dir);
        close(fd);
    }
    if (d)
        closedir(d);
}

int export_stage_begin(struct export_stage *s, char *err, size_t errlen)
{
    stage_clean(s);
    char prefix[NAME_MAX + 64];
    snprintf(prefix, sizeof prefix, ".%.160s" STAGE_TAG, s->base);
    if (snprintf(s->dir, sizeof s->dir, "%s/%sXXXXXX", s->parent, prefix) >=
            (int)sizeof s->dir ||
        !mkdtemp(s->dir)) {
        snprintf(err, errlen, "audioleaf export: %s: %s", s->parent, strerror(errno));
        s->dir[0] = '\0';
        return EXPORT_STAGE_EIO;
    }
    char marker[PATH_MAX + 32];
    snprintf(marker, sizeof marker, "%s/" STAGE_MARKER, s->dir);
    s->marker = open(marker, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (s->marker < 0 || flock(s->marker, LOCK_EX) != 0) {
        snprintf(err, errlen, "audioleaf export: %s: %s", marker, strerror(errno));
        return EXPORT_STAGE_EIO;
    }
    return EXPORT_STAGE_OK;
}

/* Remove the staging folder (whatever is left in it) and release its lock. */
void export_stage_end(struct export_stage *s)
{
    int e = errno;
    if (s->dir[0])
        export_remove_tree(s->dir);
    s->dir[0] = '\0';
    if (s->marker >= 0)
        close(s->marker);
    s->marker = -1;
    errno = e;
}

int export_stage_target_ok(const struct export_stage *s, const char *file,
                           int (*ours)(const char *head), int *exists)
{
    struct stat st;
    *exists = 0;
    if (lstat(s->target, &st) != 0)
        return errno == ENOENT ? EXPORT_STAGE_OK : EXPORT_STAGE_EIO;
    if (!S_ISDIR(st.st_mode))
        return EXPORT_STAGE_ENOTDIR;
    *exists = 1;
    DIR *d = opendir(s->target);
    if (!d)
        return EXPORT_STAGE_EIO;
    int empty = 1;
    struct dirent *e;
    while (empty && (e = readdir(d)) != NULL)
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    if (empty)
        return EXPORT_STAGE_OK;
    char path[PATH_MAX + NAME_MAX + 2], buf[8192];
    snprintf(path, sizeof path, "%s/%s", s->target, file);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    ssize_t n = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)
                    ? read(fd, buf, sizeof buf - 1)
                    : -1;
    if (fd >= 0)
        close(fd);
    buf[n > 0 ? n : 0] = '\0';
    return ours(buf) ? EXPORT_STAGE_OK : EXPORT_STAGE_EFOREIGN;
}

int export_stage_commit(struct export_stage *s, const char *book, int exists,
                        const char *shown, char *err, size_t errlen)
{
    int rc;
    if (exists) {
        rc = renameat2(AT_FDCWD, book, AT_FDCWD, s->target, RENAME_EXCHANGE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP)) {
            char old[PATH_MAX + 8];
            snprintf(old, sizeof old, "%s/old", s->dir);
            rc = rename(s->target, old);
            if (rc == 0 && (rc = rename(book, s->target)) != 0) {
                int e = errno;
                rename(old, s->target);
                errno = e;
            }
        }
    } else {
        rc = renameat2(AT_FDCWD, book, AT_FDCWD, s->target, RENAME_NOREPLACE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP))
            rc = rename(book, s->target);
    }
    if (rc != 0) {
        snprintf(err, errlen, "audioleaf export: %s: %s", shown, strerror(errno));
        return EXPORT_STAGE_EIO;
    }
    int pfd = open(s->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (pfd >= 0) {
        fsync(pfd);
        close(pfd);
    }
    return EXPORT_STAGE_OK;
}

