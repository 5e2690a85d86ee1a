/* render: hands units to forked worker processes, one at a time as each becomes free,
 * and collects their cache results through pipes. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "render.h"

#define RENDER_MAX_WORKERS 64

/* A worker's answer for one unit. */
struct wire {
    uint32_t index;
    struct render_result r;
};

struct worker {
    pid_t pid;
    int cmd;  /* parent writes unit indices here */
    int res;  /* parent reads struct wire here */
    int busy; /* a unit is out */
    uint32_t unit;
};

static void fetch_one(struct cache *c, const struct render_job *job, struct render_result *r)
{
    struct cache_entry e;
    memset(r, 0, sizeof *r);
    errno = 0;
    r->status = cache_fetch(c, job->voice, job->text, &e);
    r->err = r->status ? errno : 0;
    snprintf(r->path, sizeof r->path, "%s", e.path);
    if (r->status == CACHE_OK) {
        r->n_frames = e.n_frames;
        r->rate = e.rate;
        r->cached = e.cached;
    }
    cache_entry_clear(&e);
}

static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Read exactly LEN bytes: 1 done, 0 clean end of file, -1 error or short read. */
static int read_all(int fd, void *buf, size_t len)
{
    char *p = buf;
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            return got == 0 ? 0 : -1;
        got += (size_t)n;
    }
    return 1;
}

static void worker_main(struct cache *c, const struct render_job *jobs, size_t n, int cmd, int res)
{
    uint32_t idx;
    int rc;
    while ((rc = read_all(cmd, &idx, sizeof idx)) == 1) {
        struct wire w;
        memset(&w, 0, sizeof w);
        w.index = idx;
        if (idx < n)
            fetch_one(c, &jobs[idx], &w.r);
        else
            w.r.status = CACHE_EIO;
        if (write_all(res, &w, sizeof w) != 0)
            _exit(2);
    }
    _exit(rc == 0 ? 0 : 2);
}

static int give(struct worker *w, uint32_t unit)
{
    if (write_all(w->cmd, &unit, sizeof unit) != 0)
        return -1;
    w->busy = 1;
    w->unit = unit;
    return 0;
}

static void stop_workers(struct worker *ws, int n, int kill_them)
{
    for (int i = 0; i < n; i++) {
        if (ws[i].cmd >= 0)
            close(ws[i].cmd);
        if (ws[i].res >= 0)
            close(ws[i].res);
        ws[i].cmd = ws[i].res = -1;
        if (ws[i].pid > 0) {
            if (kill_them)
                kill(ws[i].pid, SIGKILL);
            while (waitpid(ws[i].pid, NULL, 0) < 0 && errno == EINTR)
                ;
            ws[i].pid = 0;
        }
    }
}

/* Checking the cached entries: threads take the next unchecked job until none is left.
 * cache_check() is safe from several threads (the engine id was settled by cache_open()). */
struct lookups {
    struct cache *c;
    const struct render_job *jobs;
    size_t n;
    int full;              /* read every cached entry in full (RENDER_VERIFY) */
    struct cache_entry *e; /* e[i], rc[i]: job i's lookup */
    int *rc;
    atomic_size_t next;
};

static void *lookup_thread(void *arg)
{
    struct lookups *l = arg;
    size_t i;
    while ((i = atomic_fetch_add(&l->next, 1)) < l->n)
        l->rc[i] = cache_check(l->c, l->jobs[i].voice, l->jobs[i].text, l->full, &l->e[i]);
    return NULL;
}

/* Look every job up in the cache with up to N_THREADS threads (reading and checksumming
 * cached audio is most of a fully cached render). */
static void lookup_all(struct cache *c, const struct render_job *jobs, size_t n, int n_threads,
                       int full, struct cache_entry *e, int *rc)
{
    struct lookups l = {.c = c, .jobs = jobs, .n = n, .full = full, .e = e, .rc = rc};
    atomic_init(&l.next, 0);
    pthread_t tid[RENDER_MAX_WORKERS];
    int started = 0;
    if ((size_t)n_threads > n)
        n_threads = (int)n;
    /* This thread is one of them. */
    for (int i = 1; i < n_threads; i++) {
        if (pthread_create(&tid[started], NULL, lookup_thread, &l) != 0)
            break;
        started++;
    }
    lookup_thread(&l);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
}

/* Give each job that shares an entry with an earlier one that job's result. */
static void share_dups(struct render_result *out, const size_t *same_as, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (same_as[i] != SIZE_MAX)
            out[i] = out[same_as[i]];
    }
}

int render_jobs(struct cache *c, const struct render_job *jobs, size_t n, int n_workers,
                unsigned flags, struct render_result *out)
{
    int failed = 0;
    if (n > UINT32_MAX)
        return RENDER_ENOMEM;
    if (n_workers <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        n_workers = cores > 0 ? (int)cores : 1;
    }
    if (n_workers > RENDER_MAX_WORKERS)
        n_workers = RENDER_MAX_WORKERS;
    /* Units already cached are checked here, without forking or starting an engine;
     * only the others (todo[0..m)) go to the workers. */
    size_t *todo = malloc((n ? n : 1) * sizeof *todo), m = 0;
    /* same_as[i]: the earlier job with the same entry (rendered once, shared), or SIZE_MAX. */
    size_t *same_as = calloc(n ? n : 1, sizeof *same_as);
    struct cache_entry *found = calloc(n ? n : 1, sizeof *found);
    int *found_rc = calloc(n ? n : 1, sizeof *found_rc);
    if (!todo || !same_as || !found || !found_rc) {
        free(todo);
        free(same_as);
        free(found);
        free(found_rc);
        return RENDER_ENOMEM;
    }
    lookup_all(c, jobs, n, n_workers, (flags & RENDER_VERIFY) != 0, found, found_rc);
    /* What was checked in full is remembered; failing to save only costs a check. */
    cache_save_checked(c);
    for (size_t i = 0; i < n; i++) {
        struct cache_entry *e = &found[i];
        int rc = found_rc[i];
        memset(&out[i], 0, sizeof out[i]);
        snprintf(out[i].path, sizeof out[i].path, "%s", e->path);
        same_as[i] = SIZE_MAX;
        for (size_t k = 0; rc == CACHE_EMISS && k < m; k++) {
            if (!strcmp(out[todo[k]].path, e->path))
                same_as[i] = todo[k];
        }
        if (same_as[i] != SIZE_MAX) {
            /* Rendered by job same_as[i]: two renders of one key could differ in length. */
        } else if (rc == CACHE_OK) {
            out[i].n_frames = e->n_frames;
            out[i].rate = e->rate;
            out[i].cached = 1;
        } else if (rc == CACHE_EMISS) {
            todo[m++] = i;
        } else {
            out[i].status = rc;
            failed = 1;
        }
        cache_entry_clear(e);
    }
    free(found);
    free(found_rc);
    if ((size_t)n_workers > m)
        n_workers = (int)m;
    /* eSpeak NG runs a thread of its own once started: never fork a process whose
     * engine is running; work here instead. */
    if (cache_engine_started(c))
        n_workers = 1;
    /* Load the engine's libraries once, here, rather than in every worker. */
    if (m > 0 && n_workers > 1 && cache_engine_load(c) != CACHE_OK)
        n_workers = 1;
    if (n_workers <= 1) {
        for (size_t k = 0; k < m; k++) {
            fetch_one(c, &jobs[todo[k]], &out[todo[k]]);
            failed |= out[todo[k]].status != CACHE_OK;
        }
        share_dups(out, same_as, n);
        free(todo);
        free(same_as);
        return failed ? RENDER_ECACHE : RENDER_OK;
    }

    struct worker ws[RENDER_MAX_WORKERS];
    struct pollfd pfd[RENDER_MAX_WORKERS];
    for (int i = 0; i < n_workers; i++) {
        ws[i].pid = 0;
        ws[i].cmd = ws[i].res = -1;
        ws[i].busy = 0;
    }
    /* A worker that dies must not kill us with SIGPIPE on its command pipe. */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old_pipe;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old_pipe);
    fflush(NULL);
    int rc = RENDER_OK;
    for (int i = 0; i < n_workers && rc == RENDER_OK; i++) {
        int cmd[2], res[2];
        if (pipe(cmd) != 0) {
            rc = RENDER_EWORKER;
            break;
        }
        if (pipe(res) != 0) {
            close(cmd[0]);
            close(cmd[1]);
            rc = RENDER_EWORKER;
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(cmd[0]);
            close(cmd[1]);
            close(res[0]);
            close(res[1]);
            rc = RENDER_EWORKER;
            break;
        }
        if (pid == 0) {
            /* Keep only this worker's ends; earlier workers' pipes belong to them. */
            for (int j = 0; j < i; j++) {
                close(ws[j].cmd);
                close(ws[j].res);
            }
            close(cmd[1]);
            close(res[0]);
            sigaction(SIGPIPE, &old_pipe, NULL);
            worker_main(c, jobs, n, cmd[0], res[1]);
        }
        close(cmd[0]);
        close(res[1]);
        ws[i].pid = pid;
        ws[i].cmd = cmd[1];
        ws[i].res = res[0];
    }
    size_t next = 0, done = 0;
    for (int i = 0; i < n_workers && rc == RENDER_OK && next < m; i++) {
        if (ws[i].pid > 0 && give(&ws[i], (uint32_t)todo[next++]) != 0)
            rc = RENDER_EWORKER;
    }
    while (rc == RENDER_OK && done < m) {
        int np = 0;
        for (int i = 0; i < n_workers; i++) {
            if (ws[i].busy) {
                pfd[np].fd = ws[i].res;
                pfd[np].events = POLLIN;
                pfd[np].revents = 0;
                np++;
            }
        }
        if (np == 0) {
            rc = RENDER_EWORKER;
            break;
        }
        if (poll(pfd, (nfds_t)np, -1) < 0) {
            if (errno == EINTR)
                continue;
            rc = RENDER_EWORKER;
            break;
        }
        for (int k = 0; k < np && rc == RENDER_OK; k++) {
            if (!pfd[k].revents)
                continue;
            struct worker *w = NULL;
            for (int i = 0; i < n_workers; i++)
                if (ws[i].res == pfd[k].fd)
                    w = &ws[i];
            struct wire msg;
            if (!w || read_all(w->res, &msg, sizeof msg) != 1 || msg.index != w->unit) {
                rc = RENDER_EWORKER;
                break;
            }
            out[msg.index] = msg.r;
            failed |= msg.r.status != CACHE_OK;
            w->busy = 0;
            done++;
            if (next < m && give(w, (uint32_t)todo[next++]) != 0)
                rc = RENDER_EWORKER;
        }
    }
    stop_workers(ws, n_workers, rc != RENDER_OK);
    sigaction(SIGPIPE, &old_pipe, NULL);
    share_dups(out, same_as, n);
    free(todo);
    free(same_as);
    if (rc)
        return rc;
    return failed ? RENDER_ECACHE : RENDER_OK;
}

const char *render_strerror(int status)
{
    switch (status) {
    case RENDER_OK:
        return "success";
    case RENDER_ENOMEM:
        return "out of memory";
    case RENDER_EWORKER:
        return "a render worker process failed";
    case RENDER_ECACHE:
        return "some units could not be rendered";
    }
    return "unknown render error";
}
