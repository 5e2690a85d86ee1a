/* pa_quiet: keeps ALSA's device-probe messages ("Unknown PCM cards.pcm.rear" ...) and
 * PortAudio's own chatter off stderr while PortAudio starts, stops or probes devices, and
 * its failure lines off it while a stream runs. */
#ifndef AUDIOLEAF_PA_QUIET_H
#define AUDIOLEAF_PA_QUIET_H

/* Install a silent ALSA error handler (snd_lib_error_set_handler); call before
 * Pa_Initialize().  Cannot fail. */
void pa_quiet_alsa(void);

/* 1 when ALSA has a sound card or a "default" PCM; 0 when it has neither (say, an empty
 * ALSA_CONFIG_PATH file), where PortAudio 19.6's Pa_Initialize() aborts the process on an
 * assertion (devIdx < numDeviceNames): call before it and treat 0 as "no device". */
int pa_alsa_usable(void);

/* Point fd 2 at /dev/null; returns the saved descriptor for pa_quiet_end(), or -1 when
 * stderr could not be muted (then nothing was changed). */
int pa_quiet_begin(void);

/* Give stderr back after pa_quiet_begin(); -1 is ignored. */
void pa_quiet_end(int saved);

/* While a stream runs, PortAudio prints lines such as "Expression 'res' failed in
 * 'src/hostapi/alsa/pa_linux_alsa.c', line: 3502" through stderr from its own threads when
 * the device fails.  Start: stderr (the FILE) becomes a stream that passes every other
 * line on to fd 2 at once.  Returns the filter, or NULL (stderr unchanged) when it cannot
 * start or is on already. */
struct pa_filter *pa_quiet_filter_start(void);

/* Give stderr back, after passing on what was written before.  NULL is fine. */
void pa_quiet_filter_stop(struct pa_filter *f);

#endif
