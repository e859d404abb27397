#ifndef CXLSXWRITER_SHIM_H
#define CXLSXWRITER_SHIM_H
// The public umbrella header only: the directory /usr/include/xlsxwriter holds internal headers.
#include <xlsxwriter.h>
#endif
