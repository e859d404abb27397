// The two Linux file-system calls Swift's Glibc module does not declare (glibc declares them only
// under _GNU_SOURCE), reached through functions of our own that call them. Nothing here defines or
// replaces a C library symbol. Only Sources/TearsheetRender/FileSystem.swift uses this module.
#ifndef TEARSHEET_CFILESYSTEM_H
#define TEARSHEET_CFILESYSTEM_H

/// Swaps the paths `a` and `b` atomically: glibc's `renameat2(AT_FDCWD, a, AT_FDCWD, b,
/// RENAME_EXCHANGE)`. Returns 0, or -1 with `errno` set (EINVAL or ENOSYS where the kernel or the
/// file system does not offer the exchange; ENOSYS on systems other than Linux).
int tearsheet_fs_exchange(const char *a, const char *b);

/// Writes every dirty page of the file system holding the open file `fd` to disk: glibc's
/// `syncfs(fd)`. Returns 0, or -1 with `errno` set (ENOSYS on systems other than Linux).
int tearsheet_fs_syncfs(int fd);

#endif
