/* input_dtmf: a key source that hears DTMF tones on an audio input (PortAudio capture,
 * spandsp's receiver through src/dtmf): `play --dtmf` on a phone line or a radio link. */
#ifndef AUDIOLEAF_INPUT_DTMF_H
#define AUDIOLEAF_INPUT_DTMF_H

#include "input.h"

/* open(ARG): ARG is the capture device (a name or part of one, as PortAudio lists
 * them), NULL for the default input.  The stream is mono 16-bit at 8000 Hz when the
 * device takes it, else at the device's default rate (the detector resamples).
 * next(TIMEOUT_MS): reads what the device has captured, waiting at most TIMEOUT_MS
 * (0: no wait; negative: until a key), and reports the first key heard as INPUT_KEY
 * with key "0"-"9", "*", "#" or "A"-"D" (INPUT_NONE when none).  A device that
 * delivers faster than real time (ALSA's file plugin with an infile) is read at the
 * pace of a real one, so polling does not spin and keys arrive when they would. */
extern const struct input_source input_dtmf;

#endif
