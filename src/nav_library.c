/* nav_library: the library level of the navigation state machine (see nav_library.h). */
#include <string.h>

#include "nav_library.h"

static void put(struct nav_library_effects *out, enum nav_library_fx_kind kind, size_t leaflet,
                enum nav_library_say say, long arg)
{
    if (out->n >= NAV_LIBRARY_MAX_EFFECTS)
        return; /* cannot happen: no step makes more than four */
    struct nav_library_effect *e = &out->fx[out->n++];
    e->kind = kind;
    e->leaflet = leaflet;
    e->say = say;
    e->arg = arg;
}

static void stop(struct nav_library_effects *out)
{
    put(out, NAV_LIBRARY_FX_STOP, 0, 0, 0);
}

static void title(struct nav_library_effects *out, size_t leaflet)
{
    put(out, NAV_LIBRARY_FX_TITLE, leaflet, 0, 0);
}

static void say(struct nav_library_effects *out, size_t leaflet, enum nav_library_say what,
                long arg)
{
    put(out, NAV_LIBRARY_FX_SAY, leaflet, what, arg);
}

/* "Press 8 to listen to leaflet K", in the voice of leaflet K. */
static void choose(struct nav_library_effects *out, size_t leaflet)
{
    say(out, leaflet, NAV_LIBRARY_SAY_CHOOSE, (long)leaflet + 1);
}

void nav_library_init(struct nav_library *lib, size_t n, size_t last)
{
    memset(lib, 0, sizeof *lib);
    lib->n = n ? n : 1;
    lib->last = last < lib->n ? last : 0;
    lib->level = NAV_LIBRARY_LEAFLETS;
}

void nav_library_start(struct nav_library *lib, struct nav_library_effects *out)
{
    out->n = 0;
    lib->level = NAV_LIBRARY_LEAFLETS;
    lib->current = 0;
    lib->listing = 1;
    lib->ended = 0;
    stop(out);
    say(out, 0, NAV_LIBRARY_SAY_WELCOME, (long)lib->n);
    title(out, 0);
}

/* Open the current leaflet. */
static void open_current(struct nav_library *lib, struct nav_library_effects *out)
{
    lib->level = NAV_LIBRARY_INSIDE;
    lib->listing = 0;
    lib->ended = 0;
    lib->last = lib->current;
    stop(out);
    put(out, NAV_LIBRARY_FX_OPEN, lib->current, 0, 0);
}

int nav_library_key(struct nav_library *lib, enum nav_cmd cmd, enum nav_level level,
                    struct nav_library_effects *out)
{
    out->n = 0;
    if (lib->level == NAV_LIBRARY_INSIDE) {
        if (cmd != NAV_CMD_COARSER || level != NAV_LEVEL_SECTION)
            return 0;
        lib->level = NAV_LIBRARY_LEAFLETS;
        lib->listing = 0;
        lib->ended = 0;
        stop(out);
        say(out, lib->current, NAV_LIBRARY_SAY_LEAFLETS, 0);
        title(out, lib->current);
        return 1;
    }
    switch (cmd) {
    case NAV_CMD_PREV:
    case NAV_CMD_NEXT: {
        int next = cmd == NAV_CMD_NEXT;
        lib->listing = 0;
        lib->ended = 0;
        stop(out);
        if (next ? lib->current + 1 >= lib->n : lib->current == 0) {
            put(out, NAV_LIBRARY_FX_TONE, 0, 0, 0);
            say(out, lib->current, next ? NAV_LIBRARY_SAY_LAST : NAV_LIBRARY_SAY_FIRST, 0);
            return 1;
        }
        lib->current = next ? lib->current + 1 : lib->current - 1;
        title(out, lib->current);
        return 1;
    }
    case NAV_CMD_FINER:
    case NAV_CMD_REPEAT:
        open_current(lib, out);
        return 1;
    case NAV_CMD_START:
        lib->listing = 0;
        lib->ended = 0;
        lib->current = 0;
        stop(out);
        title(out, 0);
        return 1;
    case NAV_CMD_COARSER:
        lib->listing = 0;
        stop(out);
        put(out, NAV_LIBRARY_FX_TONE, 0, 0, 0);
        say(out, lib->current, NAV_LIBRARY_SAY_LEAFLETS, 0);
        return 1;
    case NAV_CMD_WHERE:
        lib->listing = 0;
        stop(out);
        title(out, lib->current);
        return 1;
    case NAV_CMD_PAUSE:
    case NAV_CMD_QUESTIONS:
    case NAV_CMD_UNIT_END:
        return 1; /* nothing to pause or to find at this level */
    default:
        return 0; /* help, speed, quit: as in a leaflet */
    }
}

void nav_library_said(struct nav_library *lib, struct nav_library_effects *out)
{
    out->n = 0;
    if (!lib->listing || lib->level != NAV_LIBRARY_LEAFLETS)
        return;
    if (lib->current + 1 < lib->n) {
        lib->current++;
        title(out, lib->current);
        return;
    }
    lib->listing = 0;
    lib->current = lib->last;
    choose(out, lib->current);
}

void nav_library_leaflet_end(struct nav_library *lib, struct nav_library_effects *out)
{
    out->n = 0;
    if (lib->level != NAV_LIBRARY_INSIDE)
        return;
    lib->level = NAV_LIBRARY_LEAFLETS;
    lib->listing = 0;
    if (lib->current + 1 < lib->n) {
        lib->current++;
        title(out, lib->current);
        choose(out, lib->current);
        return;
    }
    lib->ended = 1;
    say(out, lib->current, NAV_LIBRARY_SAY_END, 0);
}
