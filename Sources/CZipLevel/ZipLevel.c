// libxlsxwriter (1.1.4, Debian) zips the workbook through minizip with zlib's default level 6 and
// offers no option to change it; deflate at level 6 was a third of the CPU time of a batch of
// report sets, zlib's level 1 still a seventh (docs/performance.md, "Batch"). This file defines
// three of minizip's functions in the program: the dynamic linker binds libxlsxwriter's references
// to them (the executable comes first in the global symbol lookup), and they forward to minizip's
// own, found with dlsym(RTLD_NEXT). Only on a thread between czip_level_begin and czip_level_end
// do they change anything:
//
// - zipOpenNewFileInZip4_64 deflates the entry at the chosen level instead of the caller's;
// - with `whole` set and libdeflate (Debian's libdeflate0, opened with dlopen) present, the entry
//   is opened raw instead: zipWriteInFileInZip collects its bytes, and zipCloseFileInZip deflates
//   them in one piece with libdeflate (about twice as fast as zlib's level 1 on the workbook's
//   XML, and smaller), writes them raw and closes the entry with their size and CRC-32. An entry
//   over `whole_limit` bytes (a 100,000-row sheet) is not held in memory: from that point it is
//   deflated by zlib as it streams in, at the same level.
//
// Everywhere else every call is forwarded unchanged. The workbook's XML is the same either way;
// only the zip entries' compressed bytes differ.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "CZipLevel.h"

// The prototypes of minizip 1.1's zip.h (zipFile is void *, uInt unsigned int, uLong unsigned long,
// ZPOS64_T unsigned long long).
typedef int (*zip_open4_64_fn)(void *file, const char *filename, const void *zipfi,
                               const void *extrafield_local, unsigned int size_extrafield_local,
                               const void *extrafield_global, unsigned int size_extrafield_global,
                               const char *comment, int method, int level, int raw, int windowBits,
                               int memLevel, int strategy, const char *password,
                               unsigned long crcForCrypting, unsigned long versionMadeBy,
                               unsigned long flagBase, int zip64);
typedef int (*zip_write_fn)(void *file, const void *buf, unsigned int len);
typedef int (*zip_close_fn)(void *file);
typedef int (*zip_close_raw64_fn)(void *file, unsigned long long uncompressed_size, unsigned long crc32);

// libdeflate's stable C API (libdeflate.h), opened at run time so the build does not need it.
typedef void *(*ld_alloc_fn)(int level);
typedef size_t (*ld_compress_fn)(void *compressor, const void *in, size_t in_nbytes, void *out, size_t out_nbytes_avail);
typedef size_t (*ld_bound_fn)(void *compressor, size_t in_nbytes);
typedef void (*ld_free_fn)(void *compressor);

enum { deflated = 8, zip_ok = 0, zip_internal_error = -104, no_level = -100 };

static zip_open4_64_fn real_open;
static zip_write_fn real_write;
static zip_close_fn real_close;
static zip_close_raw64_fn real_close_raw64;
static ld_alloc_fn ld_alloc;
static ld_compress_fn ld_compress;
static ld_bound_fn ld_bound;
static ld_free_fn ld_free;
static pthread_once_t resolve_once = PTHREAD_ONCE_INIT;

static void resolve(void) {
    real_open = (zip_open4_64_fn)dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    real_write = (zip_write_fn)dlsym(RTLD_NEXT, "zipWriteInFileInZip");
    real_close = (zip_close_fn)dlsym(RTLD_NEXT, "zipCloseFileInZip");
    real_close_raw64 = (zip_close_raw64_fn)dlsym(RTLD_NEXT, "zipCloseFileInZipRaw64");
    void *library = dlopen("libdeflate.so.0", RTLD_NOW | RTLD_LOCAL);
    if (library) {
        ld_alloc = (ld_alloc_fn)dlsym(library, "libdeflate_alloc_compressor");
        ld_compress = (ld_compress_fn)dlsym(library, "libdeflate_deflate_compress");
        ld_bound = (ld_bound_fn)dlsym(library, "libdeflate_deflate_compress_bound");
        ld_free = (ld_free_fn)dlsym(library, "libdeflate_free_compressor");
        if (!ld_alloc || !ld_compress || !ld_bound || !ld_free) ld_alloc = 0;
    }
}

static int libdeflate_loaded(void) {
    pthread_once(&resolve_once, resolve);
    return ld_alloc != 0 && real_write != 0 && real_close_raw64 != 0;
}

int czip_libdeflate_available(void) { return libdeflate_loaded(); }

// The state of this thread: the chosen level, and the one entry being collected (libxlsxwriter
// writes the entries of a workbook one after the other).
static _Thread_local int chosen_level = no_level;
static _Thread_local int whole_entries = 0;
static _Thread_local size_t whole_limit = (size_t)16 << 20;
static _Thread_local czip_counts counts;
static _Thread_local void *compressor;
static _Thread_local struct {
    void *file;                  // the zipFile whose current entry is collected, or 0
    unsigned char *bytes;        // collected bytes (until `streaming`)
    size_t length, capacity;
    unsigned long long total;    // uncompressed bytes of the entry
    unsigned long crc;
    int streaming;               // over whole_limit: deflated by zlib as it comes
    z_stream stream;
} entry;

void czip_level_begin(int level, int whole) {
    chosen_level = (level >= 0 && level <= 9) ? level : no_level;
    whole_entries = whole && chosen_level != no_level;
    memset(&counts, 0, sizeof counts);
}

// Forgets the entry being collected, if any (its bytes, its zlib stream).
static void drop_entry(void) {
    free(entry.bytes);
    if (entry.streaming) deflateEnd(&entry.stream);
    memset(&entry, 0, sizeof entry);
}

czip_counts czip_level_end(void) {
    chosen_level = no_level;
    whole_entries = 0;
    if (compressor) { ld_free(compressor); compressor = 0; }
    drop_entry();
    czip_counts n = counts;
    memset(&counts, 0, sizeof counts);
    return n;
}

void czip_set_whole_limit(size_t bytes) { whole_limit = bytes; }

// Deflates `len` bytes (with `flush`) through the entry's zlib stream, writing the output raw.
static int stream_out(const unsigned char *buf, size_t len, int flush) {
    unsigned char out[1 << 14];
    entry.stream.next_in = (Bytef *)buf;
    entry.stream.avail_in = (uInt)len;
    do {
        entry.stream.next_out = out;
        entry.stream.avail_out = sizeof out;
        int z = deflate(&entry.stream, flush);
        if (z == Z_STREAM_ERROR) return zip_internal_error;
        size_t produced = sizeof out - entry.stream.avail_out;
        if (produced > 0) {
            int err = real_write(entry.file, out, (unsigned int)produced);
            if (err != zip_ok) return err;
        }
    } while (entry.stream.avail_out == 0 || (flush == Z_FINISH && entry.stream.avail_in > 0));
    return zip_ok;
}

// Weak: where minizip is linked into the program statically (a libxlsxwriter built with its
// bundled copy), that strong definition wins at link time instead of clashing with this one, and
// the level stays libxlsxwriter's (czip_level_end then counts nothing). The dynamic linker binds
// a weak definition in the executable like a strong one, so with Debian's shared libraries these
// are used.
__attribute__((weak))
int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, unsigned int size_extrafield_local,
                            const void *extrafield_global, unsigned int size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password,
                            unsigned long crcForCrypting, unsigned long versionMadeBy,
                            unsigned long flagBase, int zip64) {
    pthread_once(&resolve_once, resolve);
    if (real_open == 0 || real_open == zipOpenNewFileInZip4_64) return zip_internal_error;
    int collect = 0;
    if (chosen_level != no_level && method == deflated && raw == 0 && password == 0) {
        level = chosen_level;
        counts.levelled += 1;
        if (whole_entries && libdeflate_loaded()) {
            if (!compressor) compressor = ld_alloc(chosen_level == 0 ? 1 : chosen_level);
            if (compressor) { collect = 1; raw = 1; }
        }
    }
    int err = real_open(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                        size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy,
                        password, crcForCrypting, versionMadeBy, flagBase, zip64);
    drop_entry();
    if (err == zip_ok && collect) {
        entry.file = file;
        entry.crc = crc32(0L, Z_NULL, 0);
    }
    return err;
}

__attribute__((weak))
int zipWriteInFileInZip(void *file, const void *buf, unsigned int len) {
    pthread_once(&resolve_once, resolve);
    if (real_write == 0 || real_write == zipWriteInFileInZip) return zip_internal_error;
    if (entry.file == 0 || entry.file != file) return real_write(file, buf, len);
    entry.crc = crc32(entry.crc, buf, len);
    entry.total += len;
    if (entry.streaming) return stream_out(buf, len, Z_NO_FLUSH);
    if (entry.length + len > whole_limit) {
        // Too big to hold: deflate what was collected and the rest as it comes, with zlib.
        if (deflateInit2(&entry.stream, chosen_level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            return zip_internal_error;
        entry.streaming = 1;
        counts.streamed += 1;
        int err = stream_out(entry.bytes, entry.length, Z_NO_FLUSH);
        free(entry.bytes);
        entry.bytes = 0;
        entry.length = entry.capacity = 0;
        return err != zip_ok ? err : stream_out(buf, len, Z_NO_FLUSH);
    }
    if (entry.length + len > entry.capacity) {
        size_t capacity = entry.capacity ? entry.capacity : (size_t)1 << 16;
        while (capacity < entry.length + len) capacity *= 2;
        unsigned char *grown = realloc(entry.bytes, capacity);
        if (!grown) return zip_internal_error;
        entry.bytes = grown;
        entry.capacity = capacity;
    }
    memcpy(entry.bytes + entry.length, buf, len);
    entry.length += len;
    return zip_ok;
}

__attribute__((weak))
int zipCloseFileInZip(void *file) {
    pthread_once(&resolve_once, resolve);
    if (real_close == 0 || real_close == zipCloseFileInZip) return zip_internal_error;
    if (entry.file == 0 || entry.file != file) return real_close(file);
    int err = zip_ok;
    if (entry.streaming) {
        err = stream_out(0, 0, Z_FINISH);
    } else {
        size_t bound = ld_bound(compressor, entry.length);
        unsigned char *out = malloc(bound > 0 ? bound : 1);
        size_t produced = out ? ld_compress(compressor, entry.bytes, entry.length, out, bound) : 0;
        if (produced == 0) err = zip_internal_error;
        else err = real_write(file, out, (unsigned int)produced);
        free(out);
        if (err == zip_ok) counts.whole += 1;
    }
    unsigned long long total = entry.total;
    unsigned long crc = entry.crc;
    drop_entry();
    int closed = real_close_raw64(file, total, crc);
    return err != zip_ok ? err : closed;
}
