// libxlsxwriter (1.1.4, Debian) zips the workbook through minizip's zipOpenNewFileInZip4_64 with
// zlib's default level 6 and offers no option to change it; deflate at level 6 was a third of the
// CPU time of a batch of report sets (docs/performance.md, "Batch"). This file defines
// zipOpenNewFileInZip4_64 in the program: the dynamic linker binds libxlsxwriter's reference to
// it (the executable comes first in the global symbol lookup), and it forwards every call to
// minizip's function, found with dlsym(RTLD_NEXT), changing only the deflate level, and only on a
// thread between czip_level_begin and czip_level_end. Everywhere else the call is unchanged.
// The workbook's XML is the same; only the zip entries' compressed bytes differ.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include "CZipLevel.h"

// The prototype of minizip 1.1's zip.h (zipFile is void *, uInt unsigned int, uLong unsigned long).
typedef int (*zip_open4_64_fn)(void *file, const char *filename, const void *zipfi,
                               const void *extrafield_local, unsigned int size_extrafield_local,
                               const void *extrafield_global, unsigned int size_extrafield_global,
                               const char *comment, int method, int level, int raw, int windowBits,
                               int memLevel, int strategy, const char *password,
                               unsigned long crcForCrypting, unsigned long versionMadeBy,
                               unsigned long flagBase, int zip64);

enum { deflated = 8, zip_internal_error = -104, no_level = -100 };

static _Thread_local int chosen_level = no_level;
static _Thread_local unsigned long entries = 0;
static zip_open4_64_fn real_open;
static pthread_once_t resolve_once = PTHREAD_ONCE_INIT;

static void resolve(void) {
    real_open = (zip_open4_64_fn)dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
}

void czip_level_begin(int level) {
    chosen_level = (level >= 0 && level <= 9) ? level : no_level;
    entries = 0;
}

unsigned long czip_level_end(void) {
    chosen_level = no_level;
    unsigned long n = entries;
    entries = 0;
    return n;
}

// Weak: where minizip is linked into the program statically (a libxlsxwriter built with its
// bundled copy), that strong definition wins at link time instead of clashing with this one, and
// the level stays libxlsxwriter's (czip_level_end then returns 0). The dynamic linker binds a weak
// definition in the executable like a strong one, so with Debian's shared libraries this one is used.
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
    if (chosen_level != no_level && method == deflated && raw == 0) {
        level = chosen_level;
        entries += 1;
    }
    return real_open(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                     size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy,
                     password, crcForCrypting, versionMadeBy, flagBase, zip64);
}
