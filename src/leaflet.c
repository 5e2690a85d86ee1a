/* leaflet: placeholder until the module is written. */
typedef int audioleaf_leaflet_placeholder;
