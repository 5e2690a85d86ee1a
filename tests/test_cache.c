/* test_cache: keys change with every input; entries are rendered once, reused, checked
 * on read (damaged and truncated ones rendered again), written atomically even when the
 * disk fills up, and shared safely by concurrent processes. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "cache.h"
#include "wav.h"
#include "check.h"
#include "test_voice.h"
#include "engine_env.h"

static void key_of(const char *engine, const struct voice_profile *v, const char *text,
                   char key[65])
{
    if (cache_key(engine, v, text, key) != CACHE_OK)
        strcpy(key, "error");
}

/* Every input changes the key, and no two of these keys are the same. */
static void test_keys(void)
{
    char lex1[] = "etiology i:tI0l@dZi\nneonatologist ni:oUn@t'0l@dZIst\n";
    char lex2[] = "etiology i:tI0l@dZi\nneonatologist ni:oUn@t'0l@dZist\n";
    enum { N = 13 };
    char keys[N][65];
    struct voice_profile base = test_voice(175, lex1), v;
    key_of("engine A", &base, "Hello.", keys[0]);
    key_of("engine A", &base, "Hello!", keys[1]);
    key_of("engine B", &base, "Hello.", keys[2]);
    v = base;
    strcpy(v.espeak_voice, "en-us");
    key_of("engine A", &v, "Hello.", keys[3]);
    v = base;
    strcpy(v.variant, "f2");
    key_of("engine A", &v, "Hello.", keys[4]);
    v = base;
    strcpy(v.language, "es");
    key_of("engine A", &v, "Hello.", keys[5]);
    v = base;
    v.rate++;
    key_of("engine A", &v, "Hello.", keys[6]);
    v = base;
    v.pitch++;
    key_of("engine A", &v, "Hello.", keys[7]);
    v = base;
    v.range++;
    key_of("engine A", &v, "Hello.", keys[8]);
    v = base;
    v.word_gap++;
    key_of("engine A", &v, "Hello.", keys[9]);
    v = base;
    v.volume++;
    key_of("engine A", &v, "Hello.", keys[10]);
    v = test_voice(175, lex2);
    key_of("engine A", &v, "Hello.", keys[11]);
    /* Field boundaries: moving characters from one field to the next changes the key. */
    v = base;
    strcpy(v.espeak_voice, "en-gbf");
    strcpy(v.variant, "2");
    key_of("engine A", &v, "Hello.", keys[12]); /* vs keys[4]: "en-gb" + "f2" */
    for (int i = 0; i < N; i++) {
        CHECK(strlen(keys[i]) == 64);
        for (int j = 0; j < i; j++) {
            if (!strcmp(keys[i], keys[j]))
                fprintf(stderr, "keys %d and %d are the same\n", i, j);
            CHECK(strcmp(keys[i], keys[j]) != 0);
        }
    }
    /* And the same inputs give the same key. */
    char again[65];
    key_of("engine A", &base, "Hello.", again);
    CHECK(!strcmp(again, keys[0]));
    /* Text and lexicon trade characters: still different. */
    char lex_a[] = "ab", lex_b[] = "a";
    struct voice_profile va = test_voice(175, lex_a), vb = test_voice(175, lex_b);
    char ka[65], kb[65];
    key_of("e", &va, "x", ka);
    key_of("e", &vb, "bx", kb);
    CHECK(strcmp(ka, kb) != 0);
}

static int count_files(const char *dir, const char *prefix, const char *suffix)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name), sl = strlen(suffix);
        if (!strncmp(e->d_name, prefix, strlen(prefix)) && len >= sl &&
            !strcmp(e->d_name + len - sl, suffix))
            n++;
    }
    if (d)
        closedir(d);
    return n;
}

static void flip_byte(const char *path, long from_end)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return;
    fseek(f, -from_end, SEEK_END);
    int c = fgetc(f);
    fseek(f, -from_end, SEEK_END);
    fputc(c ^ 0x33, f);
    fclose(f);
}

static void rm_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char p[1400];
        if (e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, "..")))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            rm_dir(p);
        else
            unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* Fetch TEXT in a child process (a fresh engine) and exit: 0 on success. */
static int fetch_in_child(const char *dir, const char *const *texts, size_t n)
{
    pid_t pid = fork();
    if (pid == 0) {
        struct cache *c;
        struct voice_profile v = test_voice(175, NULL);
        if (cache_open(dir, &c) != CACHE_OK)
            _exit(2);
        for (size_t i = 0; i < n; i++) {
            struct cache_entry e;
            if (cache_fetch(c, &v, texts[i], &e) != CACHE_OK)
                _exit(3);
            cache_entry_clear(&e);
        }
        cache_close(c);
        _exit(0);
    }
    return pid;
}

static int wait_ok(pid_t pid)
{
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return 0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(void)
{
    struct cache *c;
    char dir[] = "/tmp/audioleaf-test-cache-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char cdir[300];
    snprintf(cdir, sizeof cdir, "%s/cache", dir);

    test_keys();
    /* Skipped only when the machine lacks the engine; the product failing is a failure. */
    const char *missing = engine_env_missing();
    if (missing) {
        fprintf(stderr, "test_cache: skipped: %s\n", missing);
        rm_dir(dir);
        return failures ? 1 : 77;
    }

    /* An entry rendered by another process is reused without starting the engine. */
    const char *first[] = {"The first sentence. And the second one."};
    CHECK(wait_ok(fetch_in_child(cdir, first, 1)));
    struct stat st;
    CHECK(stat(cdir, &st) == 0 && (st.st_mode & 0777) == 0700);
    int open_rc = cache_open(cdir, &c);
    if (open_rc != CACHE_OK) {
        fprintf(stderr, "test_cache: cache_open failed (%d) though eSpeak NG is installed\n",
                open_rc);
        rm_dir(dir);
        return 1;
    }
    struct voice_profile v = test_voice(175, NULL);
    struct cache_entry e, e2;
    CHECK(cache_fetch(c, &v, first[0], &e) == CACHE_OK);
    CHECK(e.cached == 1);
    CHECK(e.n_marks == 2 && e.n_frames > 22050 && e.rate == 22050);
    CHECK(cache_engine_started(c) == 0);
    cache_entry_clear(&e);
    /* A lookup never renders: a miss says so and leaves the engine alone. */
    CHECK(cache_lookup(c, &v, first[0], &e) == CACHE_OK);
    CHECK(e.cached == 1 && e.n_marks == 2);
    cache_entry_clear(&e);
    CHECK(cache_lookup(c, &v, "Never rendered.", &e) == CACHE_EMISS);
    CHECK(strlen(e.key) == 64 && strstr(e.path, e.key) != NULL && access(e.path, F_OK) != 0);
    CHECK(cache_engine_started(c) == 0);

    /* A miss renders, a second fetch reuses. */
    const char *text = "Bring your scan letter. Ask any question you have.";
    CHECK(cache_fetch(c, &v, text, &e) == CACHE_OK);
    CHECK(e.cached == 0);
    CHECK(cache_engine_started(c) == 1);
    CHECK(stat(e.path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(!strncmp(e.path, cdir, strlen(cdir)));
    CHECK(strstr(e.path, e.key) != NULL);
    CHECK(cache_fetch(c, &v, text, &e2) == CACHE_OK);
    CHECK(e2.cached == 1 && e2.n_frames == e.n_frames && e2.n_marks == e.n_marks);
    CHECK(!strcmp(e.path, e2.path));
    for (size_t i = 0; i < e.n_marks && i < e2.n_marks; i++)
        CHECK(e.marks[i].frame == e2.marks[i].frame);
    cache_entry_clear(&e2);

    /* A damaged entry is rendered again and then reads back clean. */
    flip_byte(e.path, 500);
    CHECK(cache_fetch(c, &v, text, &e2) == CACHE_OK);
    CHECK(e2.cached == 0);
    cache_entry_clear(&e2);
    struct wav_data w;
    CHECK(wav_read(e.path, &w) == WAV_OK && w.verified);
    wav_data_free(&w);

    /* So is a truncated one. */
    CHECK(stat(e.path, &st) == 0);
    CHECK(truncate(e.path, st.st_size - 4000) == 0);
    CHECK(cache_fetch(c, &v, text, &e2) == CACHE_OK);
    /* (Not the same frame count: eSpeak NG is not repeatable inside one process.) */
    CHECK(e2.cached == 0 && e2.n_frames > 22050);
    cache_entry_clear(&e2);
    /* And an empty one. */
    CHECK(truncate(e.path, 0) == 0);
    CHECK(cache_fetch(c, &v, text, &e2) == CACHE_OK);
    CHECK(e2.cached == 0);
    cache_entry_clear(&e2);
    cache_entry_clear(&e);
    CHECK(count_files(cdir, ".tmp-", "") == 0);

    /* A full disk (here: a file size limit) fails cleanly and leaves nothing behind. */
    int before = count_files(cdir, "", ".wav");
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = {.rlim_cur = 20000, .rlim_max = 20000};
        setrlimit(RLIMIT_FSIZE, &lim);
        struct cache_entry f;
        int rc = cache_fetch(c, &v,
                             "This unit is long enough to need more than twenty "
                             "thousand bytes of audio, so the write fails.",
                             &f);
        _exit(rc == CACHE_EIO && errno == EFBIG ? 0 : 1);
    }
    CHECK(wait_ok(pid));
    CHECK(count_files(cdir, "", ".wav") == before);
    CHECK(count_files(cdir, ".tmp-", "") == 0);
    cache_close(c);

    /* A cache folder that cannot be created. */
    char file[320], under[340];
    snprintf(file, sizeof file, "%s/plainfile", dir);
    FILE *fp = fopen(file, "w");
    if (fp)
        fclose(fp);
    snprintf(under, sizeof under, "%s/sub", file);
    CHECK(cache_open(under, &c) == CACHE_EIO);

    /* The default folder follows XDG_CACHE_HOME. */
    char xdg[320];
    snprintf(xdg, sizeof xdg, "%s/xdg", dir);
    setenv("XDG_CACHE_HOME", xdg, 1);
    CHECK(cache_open(NULL, &c) == CACHE_OK);
    if (c) {
        CHECK(!strcmp(cache_dir(c), strcat(xdg, "/audioleaf")));
        cache_close(c);
    }

    /* Temp files left by a killed render are swept when old, kept when fresh. */
    char old[400], fresh[400];
    snprintf(old, sizeof old, "%s/.tmp-0123456789abcdef-AAAAAA", cdir);
    snprintf(fresh, sizeof fresh, "%s/.tmp-0123456789abcdef-BBBBBB", cdir);
    fp = fopen(old, "w");
    if (fp)
        fclose(fp);
    fp = fopen(fresh, "w");
    if (fp)
        fclose(fp);
    struct utimbuf past = {.actime = time(NULL) - 7200, .modtime = time(NULL) - 7200};
    utime(old, &past);
    CHECK(cache_open(cdir, &c) == CACHE_OK);
    cache_close(c);
    CHECK(access(old, F_OK) != 0);
    CHECK(access(fresh, F_OK) == 0);
    unlink(fresh);

    /* Two processes filling one empty cache with the same units both succeed. */
    char shared[320];
    snprintf(shared, sizeof shared, "%s/shared", dir);
    const char *units[] = {"One. Two.", "Three four.", "Five, six, seven.", "Eight."};
    pid_t a = fetch_in_child(shared, units, 4), b = fetch_in_child(shared, units, 4);
    CHECK(wait_ok(a));
    CHECK(wait_ok(b));
    CHECK(count_files(shared, "", ".wav") == 4);
    CHECK(count_files(shared, ".tmp-", "") == 0);

    rm_dir(dir);
    if (failures)
        fprintf(stderr, "test_cache: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
