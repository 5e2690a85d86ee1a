/* player/orient.c: what the player says to orient a listener outside navigation: the
 * title as a leaflet starts, "Press star for help" until a key has been used on this
 * device, where a resumed leaflet continues, "from the beginning" after a leaflet heard
 * to its end, and the goodbye. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "announce.h"
#include "folder.h"
#include "internal.h"
#include "speech.h"

#define KEYS_USED "keys-used" /* in the state folder: a key was used on this device */

/* The flag file's path into OUT; 0, or -1 when no state folder can be named. */
static int keys_used_file(char *out, size_t len)
{
    char dir[PATH_MAX];
    if (folder_state(dir, sizeof dir) != 0)
        return -1;
    int n = snprintf(out, len, "%s/%s", dir, KEYS_USED);
    return (n < 0 || (size_t)n >= len) ? -1 : 0;
}

static int keys_used(struct player *p)
{
    char path[PATH_MAX + 16];
    if (p->keys_used)
        return 1;
    if (keys_used_file(path, sizeof path) == 0 && access(path, F_OK) == 0)
        p->keys_used = 1;
    return p->keys_used;
}

void orient_key_used(struct session *s)
{
    struct player *p = s->p;
    if (keys_used(p))
        return;
    p->keys_used = 1; /* once a session, even when the flag cannot be written */
    if (p->opt.no_resume)
        return; /* --no-resume remembers nothing */
    char dir[PATH_MAX], path[PATH_MAX + 16];
    if (folder_state(dir, sizeof dir) != 0 || folder_make(dir, NULL, 0) < 0 ||
        keys_used_file(path, sizeof path) != 0)
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0)
        close(fd);
}

/* Queue TEXT spoken and SHOWN printed with " TITLE" (as spoken / as written) after it. */
static void push_with_title(struct session *s, const char *words)
{
    char text[1024], shown[1024];
    snprintf(text, sizeof text, "%s", words);
    snprintf(shown, sizeof shown, "%s", words);
    says_append_title(s, text, sizeof text, 0);
    says_append_title(s, shown, sizeof shown, 1);
    /* Without words before it, the title stands alone. */
    says_push_shown(s, text[0] == ' ' ? text + 1 : text, shown[0] == ' ' ? shown + 1 : shown);
}

void orient_start(struct session *s, const struct orient_start *o)
{
    const char *lang = s->sp.language;
    char buf[1024];
    /* The title, unless the leaflet starts with it or a library has said it. */
    const char *title = s->sp.lf->title ? s->sp.lf->title : "";
    int title_first = o->unit == 0 && o->sentence == 0 && !o->again &&
                      !strcmp(title, says_section_heading(s, 0));
    int hint = !s->p->opt.quiet && !keys_used(s->p);
    if (!o->library_said && title[0] && (!title_first || hint))
        push_with_title(s, "");
    if (hint && announce_orient_text(lang, ANNOUNCE_HELP_HINT, 0, 0, NULL, buf, sizeof buf) == 0)
        says_push(s, buf);
    if (o->again && announce_orient_text(lang, ANNOUNCE_AGAIN, 0, 0, NULL, buf, sizeof buf) == 0)
        says_push(s, buf);
    if (!o->again && (o->unit != 0 || o->sentence != 0)) {
        size_t sec = s->units[o->unit].section;
        const char *heading = says_section_heading(s, (long)sec);
        char *spoken = speech_text(heading, lang, s->sp.lex);
        char shown[1024];
        if (announce_orient_text(lang, ANNOUNCE_CONTINUING, (long)sec + 1,
                                 (long)s->doc.n_sections, spoken ? spoken : heading, buf,
                                 sizeof buf) == 0 &&
            announce_orient_text(lang, ANNOUNCE_CONTINUING, (long)sec + 1,
                                 (long)s->doc.n_sections, heading, shown, sizeof shown) == 0)
            says_push_shown(s, buf, shown);
        free(spoken);
    }
}
