/* speech: placeholder until the module is written. */
typedef int audioleaf_speech_placeholder;
