// libxlsxwriter (1.1.4, Debian) writes each sheet through temporary files (about 70 per workbook,
// on /dev/shm here: docs/reports.md), opened with open() and fdopen(); stdio gives each a buffer
// of the file system's block size, 4 KiB on tmpfs, so a 5-year account's workbook took some 750
// write and 800 read system calls of 4 KiB. This file defines fdopen and fclose in the program
// (the dynamic linker binds libxlsxwriter's references to them; they forward to glibc's, found
// with dlsym(RTLD_NEXT)). On a thread between cxlsx_fast_begin and cxlsx_fast_end, a stream
// fdopen opens gets a 64 KiB buffer of its own (setvbuf), which fclose frees after glibc's fclose,
// whatever thread closes it and whenever. Every other call is forwarded unchanged.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "CXlsxFast.h"
#include "Shared.h"

enum { buffer_size = 1 << 16, max_owned = 256 };

typedef FILE *(*fdopen_fn)(int fd, const char *mode);
typedef int (*fclose_fn)(FILE *stream);

static fdopen_fn real_fdopen;
static fclose_fn real_fclose;
static pthread_once_t resolve_once = PTHREAD_ONCE_INIT;

static void resolve(void) {
    real_fdopen = (fdopen_fn)dlsym(RTLD_NEXT, "fdopen");
    real_fclose = (fclose_fn)dlsym(RTLD_NEXT, "fclose");
}

// The streams given a buffer, and their buffers: few at a time (a workbook's open sheets).
static pthread_mutex_t owned_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { FILE *stream; void *buffer; } owned[max_owned];
static int owned_count;   // read without the lock only to skip it when nothing is owned

static int adopt(FILE *stream, void *buffer) {
    int ok = 0;
    pthread_mutex_lock(&owned_lock);
    if (owned_count < max_owned) {
        owned[owned_count].stream = stream;
        owned[owned_count].buffer = buffer;
        __atomic_store_n(&owned_count, owned_count + 1, __ATOMIC_RELEASE);
        ok = 1;
    }
    pthread_mutex_unlock(&owned_lock);
    return ok;
}

static void *release(FILE *stream) {
    void *buffer = 0;
    pthread_mutex_lock(&owned_lock);
    for (int i = 0; i < owned_count; i++) {
        if (owned[i].stream == stream) {
            buffer = owned[i].buffer;
            owned[i] = owned[owned_count - 1];
            __atomic_store_n(&owned_count, owned_count - 1, __ATOMIC_RELEASE);
            break;
        }
    }
    pthread_mutex_unlock(&owned_lock);
    return buffer;
}

// Weak, as in CZipLevel: a strong definition elsewhere in the program wins at link time.
__attribute__((weak))
FILE *fdopen(int fd, const char *mode) {
    pthread_once(&resolve_once, resolve);
    if (real_fdopen == 0 || real_fdopen == fdopen) { errno = ENOSYS; return 0; }
    FILE *stream = real_fdopen(fd, mode);
    if (stream && cxlsx_fast_state.enabled) {
        void *buffer = malloc(buffer_size);
        if (buffer && adopt(stream, buffer)) {
            if (setvbuf(stream, buffer, _IOFBF, buffer_size) == 0) cxlsx_fast_state.counts.buffered_files += 1;
            else free(release(stream));
        } else {
            free(buffer);
        }
    }
    return stream;
}

__attribute__((weak))
int fclose(FILE *stream) {
    pthread_once(&resolve_once, resolve);
    if (real_fclose == 0 || real_fclose == fclose) { errno = ENOSYS; return EOF; }
    int result = real_fclose(stream);   // flushes through the buffer first
    if (__atomic_load_n(&owned_count, __ATOMIC_ACQUIRE) > 0) free(release(stream));
    return result;
}
