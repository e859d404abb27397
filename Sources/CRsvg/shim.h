#ifndef CRSVG_SHIM_H
#define CRSVG_SHIM_H
// librsvg (Debian librsvg2-dev): draws an SVG document onto a cairo context.
#include <librsvg/rsvg.h>
#endif
