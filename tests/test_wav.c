/* test_wav: WAV files round-trip samples, marks and the key they record; truncated,
 * damaged and foreign files are told apart; links and FIFOs are refused as they should. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "regfile.h"
#include "wav.h"
#include "check.h"

static void make_audio(int16_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        s[i] = (int16_t)((int)(i * 37 % 2000) - 1000);
}

static void flip_byte(const char *path, long offset)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return;
    fseek(f, offset, SEEK_SET);
    int c = fgetc(f);
    fseek(f, offset, SEEK_SET);
    fputc(c ^ 0x5a, f);
    fclose(f);
}

static void copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    char buf[4096];
    size_t n;
    while (a && b && (n = fread(buf, 1, sizeof buf, a)) > 0)
        fwrite(buf, 1, n, b);
    if (a)
        fclose(a);
    if (b)
        fclose(b);
}

int main(void)
{
    char dir[] = "/tmp/audioleaf-test-wav-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[256], broken[256];
    snprintf(path, sizeof path, "%s/a.wav", dir);
    snprintf(broken, sizeof broken, "%s/b.wav", dir);

    enum { N = 30000 };
    static int16_t s[N];
    make_audio(s, N);
    struct tts_mark marks[3] = {{0, 0}, {10000, 12}, {20000, 40}};

    /* Round trip. */
    CHECK(wav_write(path, s, N, 22050, marks, 3) == WAV_OK);
    struct wav_data w;
    CHECK(wav_read(path, &w) == WAV_OK);
    CHECK(w.n_frames == N);
    CHECK(w.rate == 22050);
    CHECK(w.verified == 1);
    CHECK(w.samples && memcmp(w.samples, s, sizeof s) == 0);
    CHECK(w.n_marks == 3);
    for (size_t i = 0; w.marks && i < 3 && i < w.n_marks; i++) {
        CHECK(w.marks[i].frame == marks[i].frame);
        CHECK(w.marks[i].text_pos == marks[i].text_pos);
    }
    wav_data_free(&w);

    /* The cue chunk libsndfile wrote holds the same frame positions. */
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    CHECK(sf != NULL);
    if (sf) {
        uint32_t count = 0;
        CHECK(sf_command(sf, SFC_GET_CUE_COUNT, &count, sizeof count) == SF_TRUE);
        CHECK(count == 3);
        SF_CUES cues;
        memset(&cues, 0, sizeof cues);
        CHECK(sf_command(sf, SFC_GET_CUE, &cues, sizeof cues) == SF_TRUE);
        CHECK(cues.cue_count == 3);
        CHECK(cues.cue_points[1].sample_offset == 10000);
        CHECK(cues.cue_points[2].sample_offset == 20000);
        sf_close(sf);
    }

    /* Truncated by a crash or a full disk: libsndfile opens it, we must not trust it. */
    struct stat st;
    CHECK(stat(path, &st) == 0);
    copy_file(path, broken);
    CHECK(truncate(broken, st.st_size / 2) == 0);
    CHECK(wav_read(broken, &w) == WAV_ECORRUPT);
    CHECK(w.samples == NULL && w.n_frames == 0);

    /* One damaged byte in the audio. */
    copy_file(path, broken);
    flip_byte(broken, st.st_size - 1000);
    CHECK(wav_read(broken, &w) == WAV_ECORRUPT);

    /* Damaged header: not a WAV any more. */
    copy_file(path, broken);
    flip_byte(broken, 0);
    CHECK(wav_read(broken, &w) == WAV_EFORMAT);

    /* Empty file, missing file. */
    FILE *f = fopen(broken, "wb");
    if (f)
        fclose(f);
    CHECK(wav_read(broken, &w) < 0);
    unlink(broken);
    CHECK(wav_read(broken, &w) == WAV_EIO);

    /* A plain WAV from elsewhere reads, unverified and without marks. */
    memset(&info, 0, sizeof info);
    info.samplerate = 8000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    sf = sf_open(broken, SFM_WRITE, &info);
    CHECK(sf != NULL);
    if (sf) {
        sf_write_short(sf, s, 800);
        sf_close(sf);
    }
    CHECK(wav_read(broken, &w) == WAV_OK);
    CHECK(w.n_frames == 800 && w.rate == 8000 && w.verified == 0 && w.n_marks == 0);
    wav_data_free(&w);

    /* Marks that do not fit the audio are refused on write. */
    struct tts_mark bad[2] = {{0, 0}, {N + 5, 3}};
    CHECK(wav_write(broken, s, N, 22050, bad, 2) == WAV_EFORMAT);
    struct tts_mark backwards[3] = {{0, 0}, {500, 9}, {400, 20}};
    CHECK(wav_write(broken, s, N, 22050, backwards, 3) == WAV_EFORMAT);

    /* No marks at all is fine (e.g. silence). */
    CHECK(wav_write(broken, s, 0, 22050, NULL, 0) == WAV_OK);
    CHECK(wav_read(broken, &w) == WAV_OK && w.n_frames == 0 && w.verified == 1);
    wav_data_free(&w);

    /* The key a cache entry records comes back as written; a bad key is refused. */
    static const char key[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0 && wav_write_fd(fd, s, N, 22050, marks, 3, key) == WAV_OK);
    CHECK(fd >= 0 && wav_write_fd(fd, s, N, 22050, marks, 3, "NOT-HEX") == WAV_EFORMAT);
    if (fd >= 0)
        close(fd);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0 && wav_write_fd(fd, s, N, 22050, marks, 3, key) == WAV_OK);
    if (fd >= 0)
        close(fd);
    CHECK(wav_check(path, &w) == WAV_OK && w.verified && !strcmp(w.key, key));
    wav_data_free(&w);
    CHECK(wav_read(path, &w) == WAV_OK && w.verified && !strcmp(w.key, key));
    wav_data_free(&w);
    CHECK(wav_read(broken, &w) == WAV_OK && w.key[0] == '\0'); /* written without a key */
    wav_data_free(&w);

    /* A link is refused by wav_check() (cache entries), followed by wav_read(); a FIFO
     * is refused at once by both, never opened to wait for a writer. */
    char link[300], fifo[300];
    snprintf(link, sizeof link, "%s/link.wav", dir);
    snprintf(fifo, sizeof fifo, "%s/fifo.wav", dir);
    CHECK(symlink(path, link) == 0);
    errno = 0;
    CHECK(wav_check(link, &w) == WAV_EIO && errno == ELOOP);
    CHECK(wav_read(link, &w) == WAV_OK && !strcmp(w.key, key));
    wav_data_free(&w);
    CHECK(mkfifo(fifo, 0600) == 0);
    alarm(20); /* a read that blocks fails the test instead of hanging it */
    errno = 0;
    CHECK(wav_check(fifo, &w) == WAV_EIO && errno == REGFILE_ENOTREG);
    errno = 0;
    CHECK(wav_read(fifo, &w) == WAV_EIO && errno == REGFILE_ENOTREG);
    errno = 0;
    CHECK(wav_read(dir, &w) == WAV_EIO && errno == EISDIR);
    alarm(0);

    /* Coded data is refused before libsndfile reads it: a WAV header of MPEG layer 3 data
     * (format tag 0x55), and a file that is no WAV at all (MP3 frame sync bytes). */
    {
        static const unsigned char mpeg_wav[] = {
            'R', 'I', 'F', 'F', 36, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' ', 16, 0, 0,
            0, 0x55, 0, 1, 0, 0x22, 0x56, 0, 0, 0x44, 0xAC, 0, 0, 2, 0, 16, 0, 'd', 'a', 't',
            'a', 0, 0, 0, 0};
        static const unsigned char mp3[] = {0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0,
                                            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        const unsigned char *bodies[] = {mpeg_wav, mp3};
        size_t sizes[] = {sizeof mpeg_wav, sizeof mp3};
        for (int k = 0; k < 2; k++) {
            FILE *bf = fopen(broken, "wb");
            CHECK(bf && fwrite(bodies[k], 1, sizes[k], bf) == sizes[k]);
            if (bf)
                fclose(bf);
            struct wav_data d;
            CHECKF(wav_read(broken, &d) == WAV_EFORMAT, "coded file %d was not refused", k);
            CHECKF(wav_check(broken, &d) == WAV_EFORMAT, "coded file %d passed the check", k);
        }
    }

    /* A LIST chunk whose size runs past the end of the file: refused as damaged, at once
     * (libsndfile spun for minutes on it: fuzz/corpus-wav/list-size-past-end.wav). */
    {
        unsigned char list[80] = {'R', 'I', 'F', 'F', 72, 0, 0, 0, 'W', 'A', 'V', 'E',
                                  'f', 'm', 't', ' ', 16, 0, 0, 0, 1, 0, 1, 0,
                                  0x22, 0x56, 0, 0, 0x44, 0xAC, 0, 0, 2, 0, 16, 0,
                                  'L', 'I', 'S', 'T', 0x82, 0, 0, 0, 'I', 0xFF, 0xFF, 0xFF};
        memset(list + 48, 0xFF, sizeof list - 48);
        FILE *lf = fopen(broken, "wb");
        CHECK(lf && fwrite(list, 1, sizeof list, lf) == sizeof list);
        if (lf)
            fclose(lf);
        struct wav_data d;
        CHECK(wav_read(broken, &d) == WAV_ECORRUPT);
    }

    unlink(link);
    unlink(fifo);
    unlink(path);
    unlink(broken);
    rmdir(dir);
    if (failures)
        fprintf(stderr, "test_wav: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
