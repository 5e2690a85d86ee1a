/* keymap: placeholder until the module is written. */
typedef int audioleaf_keymap_placeholder;
