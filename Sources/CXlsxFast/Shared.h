#ifndef CXLSXFAST_SHARED_H
#define CXLSXFAST_SHARED_H
// The per-thread state the files of CXlsxFast share (not part of the module's API).
#include "CXlsxFast.h"

struct cxlsx_fast_thread_state {
    int enabled;
    cxlsx_fast_counts counts;
};

extern _Thread_local struct cxlsx_fast_thread_state cxlsx_fast_state;

#endif
