#ifndef CXLSXFAST_H
#define CXLSXFAST_H
#include <stddef.h>
// libxlsxwriter's numeric cells written without printf (NumberCells.c) and its temporary files
// given large stdio buffers (TempFiles.c), chosen per thread.

/// What a `cxlsx_fast_begin` ... `cxlsx_fast_end` span did.
typedef struct {
    /// Numeric cells written by `cnum_format_g16` (0 when the interposition is not in effect, for
    /// example when libxlsxwriter is not built with fortified printf calls).
    unsigned long number_cells;
    /// Temporary files opened with a large buffer.
    unsigned long buffered_files;
    /// `snprintf(s, n, "%d", i)` calls (a cell's row number, among others) written without printf.
    unsigned long int_texts;
} cxlsx_fast_counts;

/// From now until `cxlsx_fast_end`, on this thread: the numeric cells libxlsxwriter writes are
/// formatted by `cnum_format_g16` (the same bytes as `%.16G`) where it takes the number, its
/// `snprintf("%d")` calls are written directly, and the temporary files it opens get a 64 KiB
/// stdio buffer instead of one page.
void cxlsx_fast_begin(void);

/// Ends `cxlsx_fast_begin` and returns its counts.
cxlsx_fast_counts cxlsx_fast_end(void);

/// `snprintf(s, n, "%d", value)` through this module's `snprintf` (for tests).
int cxlsx_snprintf_int(char *s, size_t n, int value);

/// Writes `value` into `out` (at least 32 bytes) exactly as C's `printf("%.16G", value)` in the
/// C locale does, and returns the length; returns 0, writing nothing, for the numbers it leaves
/// to printf: magnitudes outside [1e-7, 2^53), subnormals, infinities and NaN.
int cnum_format_g16(double value, char *out);

#endif
