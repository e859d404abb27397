// The per-thread switch of CXlsxFast (see NumberCells.c and TempFiles.c).
#include <string.h>
#include "CXlsxFast.h"
#include "Shared.h"

_Thread_local struct cxlsx_fast_thread_state cxlsx_fast_state;

void cxlsx_fast_begin(void) {
    cxlsx_fast_state.enabled = 1;
    memset(&cxlsx_fast_state.counts, 0, sizeof cxlsx_fast_state.counts);
}

cxlsx_fast_counts cxlsx_fast_end(void) {
    cxlsx_fast_state.enabled = 0;
    cxlsx_fast_counts n = cxlsx_fast_state.counts;
    memset(&cxlsx_fast_state.counts, 0, sizeof cxlsx_fast_state.counts);
    return n;
}
