/* module: loads audioleaf's back-end modules (audioleaf-espeak.so, -portaudio.so,
 * -spandsp.so) on first use, as cmus loads its op/ and ip/ plugins: a command that needs
 * no speech engine, sound device or tone receiver never loads those libraries (eSpeak NG,
 * PortAudio and spandsp bring about 40 shared libraries, 11 ms of start-up). */
#ifndef AUDIOLEAF_MODULE_H
#define AUDIOLEAF_MODULE_H

#include <stddef.h>

/* Every module exports one const table named audioleaf_module_NAME that starts with
 * this header; ABI is the version of that table's layout. */
struct module_header {
    unsigned abi;
    const char *name;
};

/* The table of module NAME ("espeak", "portaudio", "spandsp"), loaded on the first call
 * (thread-safe; a module stays loaded until the process ends).  The module is looked for
 * in $AUDIOLEAF_MODULES; else, for programs run from a CMake build tree, in the tree's
 * modules/ folder; else in LIBDIR/audioleaf beside the program's bin/ folder (an install
 * that was moved), else in the installed LIBDIR/audioleaf.  Returns NULL with a one-line message in ERR
 * when it cannot be loaded or its table's ABI is not ABI. */
const void *module_get(const char *name, unsigned abi, char *err, size_t errlen);

/* 1 when module NAME is loaded in this process, else 0. */
int module_loaded(const char *name);

/* The file module NAME is (or would be) loaded from, or NULL when there is none. */
const char *module_file(const char *name);

/* 1 when the running program sits in a CMake build tree (its folder or the one above
 * holds CMakeCache.txt), as the audioleaf binary and the test programs do. */
int module_in_build_tree(void);

#endif
