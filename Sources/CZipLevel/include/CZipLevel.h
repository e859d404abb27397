#ifndef CZIPLEVEL_H
#define CZIPLEVEL_H
// How the zip entries libxlsxwriter writes are deflated, chosen per thread (see ZipLevel.c).
#include <stddef.h>

/// What a `czip_level_begin` ... `czip_level_end` span did.
typedef struct {
    /// Entries opened with the chosen level (0 when the interposition is not in effect, for
    /// example when libxlsxwriter is linked statically with its own minizip).
    unsigned long levelled;
    /// Entries deflated in one piece by libdeflate.
    unsigned long whole;
    /// Entries that outgrew the whole-entry limit and were deflated by zlib as they streamed.
    unsigned long streamed;
} czip_counts;

/// From now until `czip_level_end`, zip entries this thread opens with deflate use `level`
/// (0 to 9) instead of the caller's choice; with `whole` nonzero and libdeflate present, each is
/// deflated in one piece by libdeflate at that level.
void czip_level_begin(int level, int whole);

/// Ends `czip_level_begin` and returns its counts.
czip_counts czip_level_end(void);

/// Whether libdeflate (libdeflate.so.0) could be opened.
int czip_libdeflate_available(void);

/// The largest entry this thread holds in memory for libdeflate (16 MiB unless set); larger
/// entries are streamed through zlib. For tests.
void czip_set_whole_limit(size_t bytes);

#endif
