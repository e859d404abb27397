#ifndef CPANGO_SHIM_H
#define CPANGO_SHIM_H
// Pango's cairo binding (Debian libpango1.0-dev): text layout and fonts through fontconfig.
#include <pango/pangocairo.h>
#endif
