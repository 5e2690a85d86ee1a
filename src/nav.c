/* nav: placeholder until the module is written. */
typedef int audioleaf_nav_placeholder;
