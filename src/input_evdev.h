/* input_evdev: a key source that reads a USB numeric keypad through evdev (libevdev), with
 * no terminal: the keypad of an offline outreach device (`play --input auto`). */
#ifndef AUDIOLEAF_INPUT_EVDEV_H
#define AUDIOLEAF_INPUT_EVDEV_H

#include "input.h"

/* Seconds between two attempts to find or reopen a keypad that is not there. */
#define INPUT_EVDEV_RETRY 1.0

/* open(ARG): ARG NULL or "auto" scans /dev/input/event* for every device that has the
 * keypad digit keys (KEY_KP0..KEY_KP9; a full keyboard with a keypad too) and reads them
 * all, without grabbing them (other programs still get the keys); a path reads that one
 * device.  The scan runs while no keypad is open, so a second keypad plugged in while
 * one is in use is read only after the first one is gone.  A keypad that is missing is not
 * an error: the source waits for it, looking again every INPUT_EVDEV_RETRY seconds
 * (one line on stderr says so), and the same happens when a keypad is unplugged (ENODEV)
 * and plugged in again; nothing is spoken.  A path that exists but cannot be read
 * (permission) or is a character device that is not evdev gives INPUT_EOPEN.
 *
 * The test / replay path: when the path is a FIFO or a regular file instead of an evdev
 * device, it holds raw `struct input_event` records of this machine (what `cat
 * /dev/input/eventN > keys.rec` records) and they are read as they come.  The end of the
 * file (EOF, a FIFO's writer closing) counts as an unplug: the path is opened again a
 * second later; a regular file already read to its end is not read again until another
 * file (another inode) takes its name.
 *
 * next(): key presses (value 1) become INPUT_KEY with the key names the terminal source
 * produces: KEY_KP0-9, KEY_0-9 and the phone keys KEY_NUMERIC_0-9 -> "0".."9";
 * KEY_KPASTERISK, KEY_NUMERIC_STAR -> "*"; KEY_KPSLASH, KEY_NUMERIC_POUND -> "#" (a
 * numeric keypad has no # key: slash sits where a phone's # row is, next to *);
 * KEY_KPPLUS / KEY_KPMINUS -> "+" / "-" (faster / slower); KEY_KPENTER, KEY_ENTER ->
 * "enter"; KEY_KPDOT -> "."; the keys a keypad sends with its own NumLock off -> "left"
 * "right" "up" "down" "home" "end" "pageup" "pagedown" "insert" "delete"; KEY_SPACE ->
 * "space"; KEY_BACKSPACE -> "backspace".  Releases (value 0), auto-repeat (value 2, so a
 * held key acts once) and other keys are ignored; q and Esc do not quit (terminal only).
 * SIGINT, SIGTERM and SIGHUP give INPUT_INTERRUPT (the player saves the place and ends).
 * INPUT_END is never returned. */
extern const struct input_source input_evdev;

#endif
