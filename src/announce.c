/* announce: announcement texts per language (en, es, sw) for the player's SAY effects. */
#include <stdio.h>
#include <string.h>

#include "announce.h"

struct words {
    const char *lang;
    const char *level[NAV_LEVEL_COUNT];
    const char *fixed[NAV_SAY_COUNT];                /* announcements without arguments */
    const char *faster, *slower, *fastest, *slowest; /* "%d" = words per minute */
    const char *section;                             /* "%ld of %ld: %s." */
    const char *item;                                /* "%ld of %ld." */
    const char *question;                            /* "%ld of %ld." */
    const char *and_so_on;                           /* after the first words of a cut item */
    const char *little;                              /* " "-separated little words a cut
                                                        item does not end on */
    const char *marked, *unmarked;                   /* NAV_SAY_MARKED */
    const char *n_marked[3];                         /* none, one, "%ld" questions marked */
    const char *questions_marked;                    /* the list's name, "%ld" marked */
    const char *orient[ANNOUNCE_ORIENT_COUNT];       /* enum announce_orient; "%s" title,
                                                        "%ld of %ld, %s" a section */
    const char *seconds_left;                        /* "%ld" */
    const char *minutes_left;                        /* "%ld" */
    const char *minute_left;
    const char *library[ANNOUNCE_LIBRARY_COUNT]; /* enum announce_library: LEAFLET_N takes
                                                    "%ld of %ld", WELCOME and CHOOSE "%ld" */
    const char *welcome_one;                     /* ANNOUNCE_WELCOME of one leaflet */
};

static const struct words table[] = {
    {
        .lang = "en",
        .level = {"Sections.", "Items.", "Sentences."},
        .fixed =
            {
                [NAV_SAY_FIRST_SECTION] = "First section.",
                [NAV_SAY_LAST_SECTION] = "Last section.",
                [NAV_SAY_FIRST_ITEM] = "First item.",
                [NAV_SAY_LAST_ITEM] = "Last item.",
                [NAV_SAY_FIRST_SENTENCE] = "First sentence.",
                [NAV_SAY_LAST_SENTENCE] = "Last sentence.",
                [NAV_SAY_END] = "End of leaflet.",
                [NAV_SAY_START] = "Start of leaflet.",
                [NAV_SAY_PAUSED] = "Paused.",
                [NAV_SAY_NO_QUESTIONS] = "This leaflet has no list of questions.",
                [NAV_SAY_GOODBYE] = "Goodbye.",
                [NAV_SAY_QUESTIONS] = "Questions to ask.",
                [NAV_SAY_MINE] = "Your marked questions.",
                [NAV_SAY_UNBOUND] = "That key does nothing here. Press star for help.",
                [NAV_SAY_MINE_END] = "End of your questions.",
                [NAV_SAY_NO_MARKED] = "No questions marked yet.",
            },
        .question = "Question %ld of %ld.",
        .and_so_on = "and so on",
        .little = "a an the and or but of to in on at by for from with as if is are be was "
                  "your my their its that this",
        .marked = "Marked.",
        .unmarked = "Unmarked.",
        .n_marked = {"No questions marked.", "1 question marked.", "%ld questions marked."},
        .questions_marked = "Questions to ask. %ld marked; press again to hear them.",
        .orient = {[ANNOUNCE_HELP_HINT] = "Press star for help.",
                   [ANNOUNCE_CONTINUING] = "Continuing at section %ld of %ld, %s",
                   [ANNOUNCE_AGAIN] = "You heard this leaflet to the end. From the beginning."},
        .faster = "Faster, %d words per minute.",
        .slower = "Slower, %d words per minute.",
        .fastest = "Fastest speed, %d words per minute.",
        .slowest = "Slowest speed, %d words per minute.",
        .section = "Section %ld of %ld: %s",
        .item = "Item %ld of %ld.",
        .seconds_left = "%ld seconds left.",
        .minutes_left = "About %ld minutes left.",
        .minute_left = "About one minute left.",
        .library = {"Leaflets.", "First leaflet.", "Last leaflet.", "Leaflet %ld of %ld.",
                    "Welcome. There are %ld leaflets.",
                    "Press 8 to listen to leaflet %ld, or 4 and 6 to choose another.",
                    "End of the leaflets. Press 4 or 6 to choose one, and 8 to listen."},
        .welcome_one = "Welcome. There is one leaflet.",
    },
    {
        .lang = "es",
        .level = {"Secciones.", "Elementos.", "Frases."},
        .fixed =
            {
                [NAV_SAY_FIRST_SECTION] = "Primera secci\xc3\xb3n.",
                [NAV_SAY_LAST_SECTION] = "\xc3\x9altima secci\xc3\xb3n.",
                [NAV_SAY_FIRST_ITEM] = "Primer elemento.",
                [NAV_SAY_LAST_ITEM] = "\xc3\x9altimo elemento.",
                [NAV_SAY_FIRST_SENTENCE] = "Primera frase.",
                [NAV_SAY_LAST_SENTENCE] = "\xc3\x9altima frase.",
                [NAV_SAY_END] = "Fin del folleto.",
                [NAV_SAY_START] = "Inicio del folleto.",
                [NAV_SAY_PAUSED] = "En pausa.",
                [NAV_SAY_NO_QUESTIONS] = "Este folleto no tiene lista de preguntas.",
                [NAV_SAY_GOODBYE] = "Adi\xc3\xb3s.",
                [NAV_SAY_QUESTIONS] = "Preguntas para hacer.",
                [NAV_SAY_MINE] = "Sus preguntas marcadas.",
                [NAV_SAY_UNBOUND] =
                    "Esa tecla no hace nada aqu\xc3\xad. Pulse asterisco para obtener ayuda.",
                [NAV_SAY_MINE_END] = "Fin de sus preguntas.",
                [NAV_SAY_NO_MARKED] = "Todav\xc3\xad"
                                       "a no ha marcado ninguna pregunta.",
            },
        .question = "Pregunta %ld de %ld.",
        .and_so_on = "etc\xc3\xa9tera",
        .little = "el la los las un una unos unas y e o u de del en a al por para con sin que "
                  "se su sus es son",
        .marked = "Marcada.",
        .unmarked = "Desmarcada.",
        .n_marked = {"Ninguna pregunta marcada.", "1 pregunta marcada.",
                     "%ld preguntas marcadas."},
        .questions_marked =
            "Preguntas para hacer. %ld marcadas; pulse otra vez para escucharlas.",
        .orient = {[ANNOUNCE_HELP_HINT] = "Pulse asterisco para obtener ayuda.",
                   [ANNOUNCE_CONTINUING] = "Continuamos en la secci\xc3\xb3n %ld de %ld, %s",
                   [ANNOUNCE_AGAIN] =
                       "Ya escuch\xc3\xb3 este folleto hasta el final. Desde el principio."},
        .faster = "M\xc3\xa1s r\xc3\xa1pido, %d palabras por minuto.",
        .slower = "M\xc3\xa1s lento, %d palabras por minuto.",
        .fastest = "Velocidad m\xc3\xa1xima, %d palabras por minuto.",
        .slowest = "Velocidad m\xc3\xadnima, %d palabras por minuto.",
        .section = "Secci\xc3\xb3n %ld de %ld: %s",
        .item = "Elemento %ld de %ld.",
        .seconds_left = "Quedan %ld segundos.",
        .minutes_left = "Quedan unos %ld minutos.",
        .minute_left = "Queda un minuto, aproximadamente.",
        .library = {"Folletos.", "Primer folleto.", "\xc3\x9altimo folleto.",
                    "Folleto %ld de %ld.", "Le damos la bienvenida. Hay %ld folletos.",
                    "Pulse 8 para escuchar el folleto %ld, o 4 y 6 para elegir otro.",
                    "Fin de los folletos. Pulse 4 o 6 para elegir uno, y 8 para escuchar."},
        .welcome_one = "Le damos la bienvenida. Hay un folleto.",
    },
    {
        /* Swahili: "kipeperushi" (leaflet), "sehemu" (section), "kipengele" (item). */
        .lang = "sw",
        .level = {"Sehemu.", "Vipengele.", "Sentensi."},
        .fixed =
            {
                [NAV_SAY_FIRST_SECTION] = "Sehemu ya kwanza.",
                [NAV_SAY_LAST_SECTION] = "Sehemu ya mwisho.",
                [NAV_SAY_FIRST_ITEM] = "Kipengele cha kwanza.",
                [NAV_SAY_LAST_ITEM] = "Kipengele cha mwisho.",
                [NAV_SAY_FIRST_SENTENCE] = "Sentensi ya kwanza.",
                [NAV_SAY_LAST_SENTENCE] = "Sentensi ya mwisho.",
                [NAV_SAY_END] = "Mwisho wa kipeperushi.",
                [NAV_SAY_START] = "Mwanzo wa kipeperushi.",
                [NAV_SAY_PAUSED] = "Imesimamishwa.",
                [NAV_SAY_NO_QUESTIONS] = "Kipeperushi hiki hakina orodha ya maswali.",
                [NAV_SAY_GOODBYE] = "Kwaheri.",
                [NAV_SAY_QUESTIONS] = "Maswali ya kuuliza.",
                [NAV_SAY_MINE] = "Maswali yako yenye alama.",
                [NAV_SAY_UNBOUND] = "Kitufe hicho hakifanyi kitu hapa. Bonyeza nyota kupata "
                                    "msaada.",
                [NAV_SAY_MINE_END] = "Mwisho wa maswali yako.",
                [NAV_SAY_NO_MARKED] = "Bado hujaweka alama kwenye swali lolote.",
            },
        .question = "Swali %ld kati ya %ld.",
        .and_so_on = "na kadhalika",
        .little = "na ya wa la za cha vya kwa katika ni kama au lakini",
        .marked = "Imewekwa alama.",
        .unmarked = "Alama imeondolewa.",
        .n_marked = {"Hakuna swali lenye alama.", "Swali 1 lina alama.",
                     "Maswali %ld yana alama."},
        .questions_marked =
            "Maswali ya kuuliza. %ld yana alama; bonyeza tena kuyasikiliza.",
        .orient = {[ANNOUNCE_HELP_HINT] = "Bonyeza nyota kupata msaada.",
                   [ANNOUNCE_CONTINUING] = "Tunaendelea kwenye sehemu %ld kati ya %ld, %s",
                   [ANNOUNCE_AGAIN] =
                       "Ulisikiliza kipeperushi hiki hadi mwisho. Kutoka mwanzo."},
        .faster = "Haraka zaidi, maneno %d kwa dakika.",
        .slower = "Polepole zaidi, maneno %d kwa dakika.",
        .fastest = "Kasi ya juu kabisa, maneno %d kwa dakika.",
        .slowest = "Kasi ya chini kabisa, maneno %d kwa dakika.",
        .section = "Sehemu %ld kati ya %ld: %s",
        .item = "Kipengele %ld kati ya %ld.",
        .seconds_left = "Zimebaki sekunde %ld.",
        .minutes_left = "Zimebaki takriban dakika %ld.",
        .minute_left = "Imebaki takriban dakika moja.",
        .library = {"Vipeperushi.", "Kipeperushi cha kwanza.", "Kipeperushi cha mwisho.",
                    "Kipeperushi %ld kati ya %ld.", "Karibu. Kuna vipeperushi %ld.",
                    "Bonyeza 8 kusikiliza kipeperushi %ld, au 4 na 6 kuchagua kingine.",
                    "Mwisho wa vipeperushi. Bonyeza 4 au 6 kuchagua kimoja, na 8 kusikiliza."},
        .welcome_one = "Karibu. Kuna kipeperushi kimoja.",
    },
};

static const struct words *words_for(const char *lang)
{
    const char *code = announce_language(lang);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (!strcmp(table[i].lang, code))
            return &table[i];
    }
    return &table[0];
}

const char *announce_language(const char *lang)
{
    size_t n = lang ? strcspn(lang, "-_") : 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strlen(table[i].lang) == n && !strncmp(table[i].lang, lang, n))
            return table[i].lang;
    }
    return "en";
}

/* Append with snprintf semantics; returns 0 or ANNOUNCE_ETRUNC. */
static int put(size_t len, size_t *used, int n)
{
    if (n < 0)
        return ANNOUNCE_ETRUNC;
    if ((size_t)n >= len - *used) {
        *used = len - 1;
        return ANNOUNCE_ETRUNC;
    }
    *used += (size_t)n;
    return ANNOUNCE_OK;
}

/* "12 seconds left." / "About one minute left." / "About 3 minutes left." at BUF + *USED. */
static int time_left(const struct words *w, long s, char *buf, size_t len, size_t *used)
{
    if (s < 60)
        return put(len, used, snprintf(buf + *used, len - *used, w->seconds_left, s));
    if (s < 90)
        return put(len, used, snprintf(buf + *used, len - *used, "%s", w->minute_left));
    return put(len, used, snprintf(buf + *used, len - *used, w->minutes_left, (s + 30) / 60));
}

static int where(const struct words *w, const struct nav_effect *fx, const char *heading,
                 const char *item_text, char *buf, size_t len)
{
    size_t used = 0;
    int rc = 0;
    char head[400];
    snprintf(head, sizeof head, "%s", heading && *heading ? heading : "");
    /* End the heading like a sentence so the engine pauses after it. */
    size_t hl = strlen(head);
    if (hl == 0 || !strchr(".?!:", head[hl - 1]))
        snprintf(head + hl, sizeof head - hl, ".");
    rc |= put(len, &used, snprintf(buf, len, w->section, fx->arg[0] + 1, fx->arg[1], head));
    if (fx->arg[2] > 0 && fx->arg[3] > 1)
        rc |= put(len, &used, snprintf(buf + used, len - used, " "));
    if (fx->arg[2] > 0 && fx->arg[3] > 1)
        rc |= put(len, &used, snprintf(buf + used, len - used, fx->arg[6] ? w->question : w->item,
                                       fx->arg[2], fx->arg[3]));
    char brief[200];
    if (fx->arg[2] > 0 && item_text &&
        announce_brief(w->lang, item_text, brief, sizeof brief) == 0 &&
        brief[0]) {
        /* "Item 2 of 5." -> "Item 2 of 5: the question?" (or the item alone). */
        if (fx->arg[3] > 1 && used > 0 && buf[used - 1] == '.')
            buf[--used] = '\0';
        const char *sep = fx->arg[3] > 1 ? ": " : " ";
        rc |= put(len, &used, snprintf(buf + used, len - used, "%s%s", sep, brief));
    }
    if (fx->arg[4] >= 0) {
        rc |= put(len, &used, snprintf(buf + used, len - used, " "));
        rc |= time_left(w, fx->arg[4], buf, len, &used);
    }
    return rc ? ANNOUNCE_ETRUNC : ANNOUNCE_OK;
}

int announce_time_left_text(const char *lang, long seconds, char *buf, size_t len)
{
    if (!buf || len == 0)
        return ANNOUNCE_EINVAL;
    buf[0] = '\0';
    size_t used = 0;
    return time_left(words_for(lang), seconds < 0 ? 0 : seconds, buf, len, &used);
}

int announce_text(const char *lang, const struct nav_effect *fx, const char *heading, char *buf,
                  size_t len)
{
    if (!buf || len == 0)
        return ANNOUNCE_EINVAL;
    buf[0] = '\0';
    if (!fx || fx->kind != NAV_FX_SAY || (int)fx->say < 0 || fx->say >= NAV_SAY_COUNT)
        return ANNOUNCE_EINVAL;
    const struct words *w = words_for(lang);
    size_t used = 0;
    switch (fx->say) {
    case NAV_SAY_LEVEL:
        if (fx->arg[0] < 0 || fx->arg[0] >= NAV_LEVEL_COUNT)
            return ANNOUNCE_EINVAL;
        return put(len, &used, snprintf(buf, len, "%s", w->level[fx->arg[0]]));
    case NAV_SAY_RATE: {
        const char *f = fx->arg[1] >= 2    ? w->fastest
                        : fx->arg[1] <= -2 ? w->slowest
                        : fx->arg[1] > 0   ? w->faster
                                           : w->slower;
        return put(len, &used, snprintf(buf, len, f, (int)fx->arg[0]));
    }
    case NAV_SAY_WHERE:
        return where(w, fx, heading, NULL, buf, len);
    case NAV_SAY_HELP: {
        struct keymap km;
        keymap_defaults(&km);
        return announce_help_text(lang, &km, ANNOUNCE_PAD_NUMPAD, buf, len);
    }
    case NAV_SAY_MARKED: {
        long n = fx->arg[1];
        const char *count = w->n_marked[n <= 0 ? 0 : n == 1 ? 1 : 2];
        int rc = put(len, &used, snprintf(buf, len, "%s ", fx->arg[0] ? w->marked : w->unmarked));
        return rc ? rc : put(len, &used, snprintf(buf + used, len - used, count, n));
    }
    case NAV_SAY_QUESTIONS:
        if (fx->arg[0] > 0)
            return put(len, &used, snprintf(buf, len, w->questions_marked, fx->arg[0]));
        return put(len, &used, snprintf(buf, len, "%s", w->fixed[fx->say]));
    default:
        if (!w->fixed[fx->say])
            return ANNOUNCE_EINVAL;
        return put(len, &used, snprintf(buf, len, "%s", w->fixed[fx->say]));
    }
}

int announce_library_text(const char *lang, enum announce_library what, long n, long m, char *buf,
                          size_t len)
{
    if (!buf || len == 0)
        return ANNOUNCE_EINVAL;
    buf[0] = '\0';
    if ((int)what < 0 || what >= ANNOUNCE_LIBRARY_COUNT)
        return ANNOUNCE_EINVAL;
    const struct words *w = words_for(lang);
    size_t used = 0;
    if (what == ANNOUNCE_LEAFLET_N)
        return put(len, &used, snprintf(buf, len, w->library[what], n, m));
    if (what == ANNOUNCE_WELCOME && n == 1)
        return put(len, &used, snprintf(buf, len, "%s", w->welcome_one));
    if (what == ANNOUNCE_WELCOME || what == ANNOUNCE_CHOOSE)
        return put(len, &used, snprintf(buf, len, w->library[what], n));
    return put(len, &used, snprintf(buf, len, "%s", w->library[what]));
}

int announce_orient_text(const char *lang, enum announce_orient what, long n, long m,
                         const char *heading, char *buf, size_t len)
{
    if (!buf || len == 0)
        return ANNOUNCE_EINVAL;
    buf[0] = '\0';
    if ((int)what < 0 || what >= ANNOUNCE_ORIENT_COUNT)
        return ANNOUNCE_EINVAL;
    const struct words *w = words_for(lang);
    size_t used = 0;
    if (what != ANNOUNCE_CONTINUING)
        return put(len, &used, snprintf(buf, len, "%s", w->orient[what]));
    char head[400];
    snprintf(head, sizeof head, "%s", heading && *heading ? heading : "");
    size_t hl = strlen(head);
    if (hl == 0 || !strchr(".?!:", head[hl - 1]))
        snprintf(head + hl, sizeof head - hl, ".");
    return put(len, &used, snprintf(buf, len, w->orient[what], n, m, head));
}

int announce_where_text(const char *lang, const struct nav_effect *fx, const char *heading,
                        const char *item, char *buf, size_t len)
{
    if (!buf || len == 0)
        return ANNOUNCE_EINVAL;
    buf[0] = '\0';
    if (!fx || fx->kind != NAV_FX_SAY || fx->say != NAV_SAY_WHERE)
        return ANNOUNCE_EINVAL;
    return where(words_for(lang), fx, heading, item, buf, len);
}

#define BRIEF_WORDS 15 /* at most this many words ... */
#define BRIEF_CLAUSE 5 /* ... ending at a clause boundary after this many, when there is one */
#define BRIEF_FIRST 8  /* ... else this many first words and "and so on" */

/* 1 when the N bytes at WORD are one of LITTLE's words (ASCII case ignored). */
static int is_little(const char *little, const char *word, size_t n)
{
    for (const char *p = little; p && *p;) {
        size_t k = strcspn(p, " ");
        if (k == n) {
            size_t i = 0;
            while (i < n && (word[i] | 0x20) == p[i])
                i++;
            if (i == n)
                return 1;
        }
        p += k;
        while (*p == ' ')
            p++;
    }
    return 0;
}

/* 1 when the word of TEXT ending before byte END (a space follows it) ends a clause: a
 * comma, semicolon or colon after it, or a dash standing alone. */
static int clause_end(const char *text, size_t end)
{
    if (end == 0)
        return 0;
    if (strchr(",;:", text[end - 1]))
        return 1;
    /* " - " or an en / em dash standing alone as the word. */
    size_t start = end;
    while (start > 0 && text[start - 1] != ' ')
        start--;
    size_t n = end - start;
    return (n == 1 && text[start] == '-') ||
           (n == 3 && (!strncmp(text + start, "\xe2\x80\x93", 3) ||
                       !strncmp(text + start, "\xe2\x80\x94", 3)));
}

int announce_brief(const char *lang, const char *text, char *buf, size_t len)
{
    if (!buf || len == 0)
        return ANNOUNCE_EINVAL;
    buf[0] = '\0';
    if (!text)
        return ANNOUNCE_EINVAL;
    while (*text == ' ')
        text++;
    /* The first sentence: up to a '.', '?' or '!' followed by a space or the end.  WORD_END
     * holds where each of the first words ends. */
    size_t n = 0, words = 0, clause = 0, word_end[BRIEF_WORDS + 1] = {0};
    int cut = 0;
    for (;; n++) {
        char c = text[n];
        if (c == '\0')
            break;
        if (strchr(".?!", c) && (text[n + 1] == ' ' || text[n + 1] == '\0')) {
            n++;
            break;
        }
        if (c == ' ' && n > 0 && text[n - 1] != ' ') {
            word_end[words] = n;
            if (++words >= BRIEF_CLAUSE && clause_end(text, n))
                clause = n;
            if (words == BRIEF_WORDS) {
                cut = 1;
                break;
            }
        }
    }
    size_t end = n;
    int so_on = 0;
    if (cut && clause) {
        end = clause;
    } else if (cut) {
        /* No clause to end at: the first words, not ending on a little word ("to", "the",
         * "de", "na"), and "and so on". */
        const struct words *w = words_for(lang);
        size_t k = BRIEF_FIRST;
        while (k > BRIEF_CLAUSE) {
            size_t e = word_end[k - 1], st = e;
            while (st > 0 && text[st - 1] != ' ')
                st--;
            if (!is_little(w->little, text + st, e - st))
                break;
            k--;
        }
        end = word_end[k - 1];
        so_on = 1;
    }
    while (end > 0 && strchr(" ,;:-", text[end - 1]))
        end--;
    /* A dash standing alone before the cut goes too. */
    while (end >= 4 && text[end - 4] == ' ' &&
           (!strncmp(text + end - 3, "\xe2\x80\x93", 3) ||
            !strncmp(text + end - 3, "\xe2\x80\x94", 3))) {
        end -= 4;
        while (end > 0 && text[end - 1] == ' ')
            end--;
    }
    size_t used = 0;
    int rc = put(len, &used, snprintf(buf, len, "%.*s", (int)end, text));
    /* Never end inside a UTF-8 character when the buffer cut it. */
    if (rc != ANNOUNCE_OK) {
        while (used > 0 && ((unsigned char)buf[used - 1] & 0xC0) == 0x80)
            used--;
        if (used > 0 && ((unsigned char)buf[used - 1] & 0xC0) == 0xC0)
            used--;
    }
    buf[used] = '\0';
    if (rc == ANNOUNCE_OK && used > 0 && so_on)
        rc = put(len, &used,
                 snprintf(buf + used, len - used, ", %s.", words_for(lang)->and_so_on));
    else if (rc == ANNOUNCE_OK && used > 0 && (cut || !strchr(".?!", buf[used - 1])))
        rc = put(len, &used, snprintf(buf + used, len - used, "."));
    buf[used] = '\0';
    return rc;
}

/* The words of the help for any keymap, per language: each action said with the keypad
 * keys bound to it.  A language without an entry here says its fixed help (the default
 * keys). */
struct help_words {
    const char *lang;
    const char *intro;    /* "Keys." */
    const char *and_word; /* between the keys of a pair: "4 and 6" */
    const char *or_word;  /* between keys bound to one action: "4 or 1" */
    const char *star;     /* "*" */
    const char *hash;     /* "#", on a phone */
    const char *slash;    /* "/", on a computer's numpad */
    const char *pair[3];  /* previous and next, coarser and finer, slower and faster */
    const char *action[NAV_CMD_COUNT]; /* one action alone; NULL: the pair's words, or not
                                          said (quit) */
};

static const struct help_words help_table[] = {
    {
        .lang = "en",
        .intro = "Keys.",
        .and_word = "and",
        .or_word = "or",
        .star = "Star",
        .hash = "Hash",
        .slash = "Slash",
        .pair = {"previous and next", "sections, items, sentences", "slower and faster"},
        .action =
            {
                [NAV_CMD_PREV] = "previous",
                [NAV_CMD_NEXT] = "next",
                [NAV_CMD_REPEAT] = "repeat",
                [NAV_CMD_COARSER] = "up a level",
                [NAV_CMD_FINER] = "down a level",
                [NAV_CMD_PAUSE] = "pause and resume",
                [NAV_CMD_START] = "start of the leaflet",
                [NAV_CMD_QUESTIONS] = "questions to ask; during a question, mark it; at the "
                                      "start of the list, your marked questions",
                [NAV_CMD_SLOWER] = "slower",
                [NAV_CMD_FASTER] = "faster",
                [NAV_CMD_HELP] = "help",
                [NAV_CMD_WHERE] = "where am I",
                [NAV_CMD_QUIT] = "quit",
            },
    },
    {
        .lang = "es",
        .intro = "Teclas.",
        .and_word = "y",
        .or_word = "o",
        .star = "Asterisco",
        .hash = "Almohadilla",
        .slash = "Barra",
        .pair = {"anterior y siguiente", "secciones, elementos y frases",
                 "m\xc3\xa1s lento y m\xc3\xa1s r\xc3\xa1pido"},
        .action =
            {
                [NAV_CMD_PREV] = "anterior",
                [NAV_CMD_NEXT] = "siguiente",
                [NAV_CMD_REPEAT] = "repetir",
                [NAV_CMD_COARSER] = "subir de nivel",
                [NAV_CMD_FINER] = "bajar de nivel",
                [NAV_CMD_PAUSE] = "pausa y continuar",
                [NAV_CMD_START] = "inicio del folleto",
                [NAV_CMD_QUESTIONS] = "preguntas para hacer; durante una pregunta, marcarla; "
                                      "al inicio de la lista, sus preguntas marcadas",
                [NAV_CMD_SLOWER] = "m\xc3\xa1s lento",
                [NAV_CMD_FASTER] = "m\xc3\xa1s r\xc3\xa1pido",
                [NAV_CMD_HELP] = "ayuda",
                [NAV_CMD_WHERE] = "d\xc3\xb3nde estoy",
                [NAV_CMD_QUIT] = "salir",
            },
    },
    {
        /* The words of the Swahili fixed help; "au" (or).  No word yet for up / down a
         * level alone (the pair's words are said) nor for quit (not said). */
        .lang = "sw",
        .intro = "Vitufe.",
        .and_word = "na",
        .or_word = "au",
        .star = "Nyota",
        .hash = "Alama ya reli",
        .slash = "Mkwaju",
        .pair = {"iliyotangulia na inayofuata", "sehemu, vipengele, sentensi",
                 "polepole zaidi na haraka zaidi"},
        .action =
            {
                [NAV_CMD_PREV] = "iliyotangulia",
                [NAV_CMD_NEXT] = "inayofuata",
                [NAV_CMD_REPEAT] = "rudia",
                [NAV_CMD_PAUSE] = "simamisha na endelea",
                [NAV_CMD_START] = "mwanzo wa kipeperushi",
                [NAV_CMD_QUESTIONS] = "maswali ya kuuliza; wakati wa swali, liwekee alama; "
                                      "mwanzoni mwa orodha, maswali yako yenye alama",
                [NAV_CMD_SLOWER] = "polepole zaidi",
                [NAV_CMD_FASTER] = "haraka zaidi",
                [NAV_CMD_HELP] = "msaada",
                [NAV_CMD_WHERE] = "niko wapi",
            },
    },
};

/* The keys a keypad has, in the order they are said: a computer's numpad has '/' where a
 * phone has '#'. */
static const char *const pad_keys[2][12] = {
    [ANNOUNCE_PAD_NUMPAD] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "/"},
    [ANNOUNCE_PAD_PHONE] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"},
};
#define N_KEYPAD 12

/* The keys of PAD bound to CMD in KM, as words joined by "or", into OUT; 0 when none. */
static size_t keys_for(const struct help_words *h, const struct keymap *km,
                       enum announce_pad pad, enum nav_cmd cmd, char *out, size_t len)
{
    size_t used = 0, n = 0;
    out[0] = '\0';
    const char *name = nav_cmd_name(cmd);
    for (size_t i = 0; name && i < N_KEYPAD; i++) {
        const char *key = pad_keys[pad][i];
        const char *bound = keymap_lookup(km, key);
        if (!bound || strcmp(bound, name) != 0)
            continue;
        const char *word = key[0] == '*' ? h->star : key[0] == '#' ? h->hash
                           : key[0] == '/'                         ? h->slash
                                                                   : key;
        put(len, &used,
            snprintf(out + used, len - used, "%s%s%s%s", n ? " " : "", n ? h->or_word : "",
                     n ? " " : "", word));
        n++;
    }
    return n;
}

int announce_help_text(const char *lang, const struct keymap *km, enum announce_pad pad,
                       char *buf, size_t len)
{
    if (!buf || len == 0)
        return ANNOUNCE_EINVAL;
    buf[0] = '\0';
    if (!km || (pad != ANNOUNCE_PAD_NUMPAD && pad != ANNOUNCE_PAD_PHONE))
        return ANNOUNCE_EINVAL;
    const char *l = announce_language(lang);
    const struct help_words *h = &help_table[0];
    for (size_t i = 0; i < sizeof help_table / sizeof help_table[0]; i++) {
        if (!strcmp(help_table[i].lang, l))
            h = &help_table[i];
    }
    /* Actions in the order of the fixed help; pairs said together when both are bound. */
    static const enum nav_cmd order[][2] = {{NAV_CMD_PREV, NAV_CMD_NEXT},
                                            {NAV_CMD_REPEAT, 0},
                                            {NAV_CMD_COARSER, NAV_CMD_FINER},
                                            {NAV_CMD_PAUSE, 0},
                                            {NAV_CMD_START, 0},
                                            {NAV_CMD_QUESTIONS, 0},
                                            {NAV_CMD_SLOWER, NAV_CMD_FASTER},
                                            {NAV_CMD_HELP, 0},
                                            {NAV_CMD_WHERE, 0},
                                            {NAV_CMD_QUIT, 0}};
    size_t used = 0;
    int rc = put(len, &used, snprintf(buf, len, "%s", h->intro));
    size_t pair = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        char a[120], b[120];
        size_t na = keys_for(h, km, pad, order[i][0], a, sizeof a);
        size_t nb = order[i][1] ? keys_for(h, km, pad, order[i][1], b, sizeof b) : 0;
        const char *pair_words = order[i][1] ? h->pair[pair++] : NULL;
        if (na && nb) {
            rc |= put(
                len, &used,
                snprintf(buf + used, len - used, " %s %s %s: %s.", a, h->and_word, b, pair_words));
            continue;
        }
        for (int k = 0; k < 2; k++) {
            enum nav_cmd cmd = order[i][k];
            const char *words = cmd ? h->action[cmd] : NULL;
            if (!words && cmd != NAV_CMD_QUIT)
                words = pair_words;
            if (cmd && (k ? nb : na) && words)
                rc |= put(len, &used,
                          snprintf(buf + used, len - used, " %s: %s.", k ? b : a, words));
        }
    }
    return rc ? ANNOUNCE_ETRUNC : ANNOUNCE_OK;
}

const char *announce_action_words(const char *lang, enum nav_cmd cmd)
{
    static const unsigned char pair_of[NAV_CMD_COUNT] = {
        [NAV_CMD_PREV] = 1, [NAV_CMD_NEXT] = 1,    [NAV_CMD_COARSER] = 2,
        [NAV_CMD_FINER] = 2, [NAV_CMD_SLOWER] = 3, [NAV_CMD_FASTER] = 3,
    };
    if ((int)cmd <= NAV_CMD_NONE || cmd >= NAV_CMD_COUNT)
        return NULL;
    const char *l = announce_language(lang);
    for (size_t i = 0; i < sizeof help_table / sizeof help_table[0]; i++) {
        const struct help_words *h = &help_table[i];
        if (strcmp(h->lang, l))
            continue;
        if (h->action[cmd])
            return h->action[cmd];
        return pair_of[cmd] ? h->pair[pair_of[cmd] - 1] : NULL;
    }
    return NULL;
}

const char *announce_strerror(int status)
{
    switch (status) {
    case ANNOUNCE_OK:
        return "success";
    case ANNOUNCE_EINVAL:
        return "no such announcement";
    case ANNOUNCE_ETRUNC:
        return "announcement text too long";
    default:
        return "unknown announcement error";
    }
}
