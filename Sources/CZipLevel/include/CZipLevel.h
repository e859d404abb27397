#ifndef CZIPLEVEL_H
#define CZIPLEVEL_H
// The deflate level of the zip entries libxlsxwriter writes, chosen per thread (see ZipLevel.c).

/// From now until `czip_level_end`, zip entries this thread opens with deflate use `level`
/// (0 to 9) instead of the caller's choice.
void czip_level_begin(int level);

/// Ends `czip_level_begin`; returns how many zip entries were opened with the chosen level
/// (0 when the interposition is not in effect, for example when libxlsxwriter is linked statically).
unsigned long czip_level_end(void);

#endif
