#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H
// cairo's public headers (Debian libcairo2-dev): the core API and the PDF surface.
#include <cairo.h>
#include <cairo-pdf.h>
#endif
