#ifndef CNUMBERCELLS_H
#define CNUMBERCELLS_H
// libxlsxwriter's numeric cells written without printf, chosen per thread (see NumberCells.c).

/// From now until `cnum_cells_end`, the numeric cells libxlsxwriter writes on this thread are
/// formatted by `cnum_format_g16` (the same bytes as `%.16G`) where it handles the number.
void cnum_cells_begin(void);

/// Ends `cnum_cells_begin`; returns how many cells were written by the fast path (0 when the
/// interposition is not in effect, for example when libxlsxwriter is not built with fortified
/// printf calls).
unsigned long cnum_cells_end(void);

/// Writes `value` into `out` (at least 32 bytes) exactly as C's `printf("%.16G", value)` in the
/// C locale does, and returns the length; returns 0, writing nothing, for the numbers it leaves
/// to printf: magnitudes outside [1e-7, 2^53), subnormals, infinities and NaN.
int cnum_format_g16(double value, char *out);

#endif
