/* pa_quiet: keeps ALSA's device-probe messages ("Unknown PCM cards.pcm.rear" ...) and
 * PortAudio's own chatter off stderr while PortAudio starts, stops or probes devices. */
#ifndef AUDIOLEAF_PA_QUIET_H
#define AUDIOLEAF_PA_QUIET_H

/* Install a silent ALSA error handler (snd_lib_error_set_handler); call before
 * Pa_Initialize().  Cannot fail. */
void pa_quiet_alsa(void);

/* Point fd 2 at /dev/null; returns the saved descriptor for pa_quiet_end(), or -1 when
 * stderr could not be muted (then nothing was changed). */
int pa_quiet_begin(void);

/* Give stderr back after pa_quiet_begin(); -1 is ignored. */
void pa_quiet_end(int saved);

#endif
