import CFileSystem
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX calls behind a report's atomic, durable write, in one place: create-and-write a
/// file, flush a file system, fsync a folder, swap two folders. Each failure becomes a
/// `RenderError.io` naming the path and the system's reason (`strerror`). `renameat2` and
/// `syncfs`, which Swift's Glibc module does not declare, come from the `CFileSystem` shim target
/// (a declared header and functions that call glibc's), never from `dlsym`.
enum FileSystem {
    /// Creates `path` (it must not exist), writes every byte and closes it; ENOSPC, EDQUOT or EIO
    /// from `write` or `close` (where NFS reports deferred errors) is an error naming the path.
    static func writeNew(_ data: Data, to path: String) throws(RenderError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, message: "cannot create the file: \(errnoText())") }
        var failure: String?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var done = 0
            while done < raw.count {
                let n = systemWrite(fd, base + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write the file: \(errnoText())"
                    return
                }
                done += n
            }
        }
        if close(fd) != 0 && failure == nil { failure = "cannot close the file: \(errnoText())" }
        if let failure { throw .io(path: path, message: failure) }
    }

    /// Writes every dirty page of the file system holding the folder `path` to disk: one
    /// `syncfs(2)` (Linux; it reports write-back errors such as EIO or ENOSPC since Linux 5.8).
    /// Where the system has no `syncfs`, an `fsync` of every file under `path` and of the folder.
    static func flushFileSystem(containing path: String) throws(RenderError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, message: "cannot open the folder to flush it: \(errnoText())") }
        defer { close(fd) }
        if tearsheet_fs_syncfs(fd) == 0 { return }
        guard errno == ENOSYS else { throw .io(path: path, message: "cannot flush the report to disk: \(errnoText())") }
        for case let relative as String in FileManager.default.enumerator(atPath: path) ?? FileManager.DirectoryEnumerator() {
            let f = open(path + "/" + relative, O_RDONLY | O_CLOEXEC)
            guard f >= 0 else { continue }
            defer { close(f) }
            if fsync(f) != 0 { throw .io(path: path + "/" + relative, message: "cannot flush the file to disk: \(errnoText())") }
        }
        if fsync(fd) != 0 { throw .io(path: path, message: "cannot flush the folder to disk: \(errnoText())") }
    }

    /// Best-effort `fsync` of a folder, so the renames in it survive a power loss.
    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Swaps the paths `a` and `b` in one atomic `renameat2(RENAME_EXCHANGE)` (Linux 3.15+,
    /// glibc 2.28+); `false` when the system or the file system does not offer it, or it failed
    /// (nothing was changed then).
    static func exchange(_ a: String, _ b: String) -> Bool {
        tearsheet_fs_exchange(a, b) == 0
    }

    /// Whether `path` is a symbolic link (not followed).
    static func isSymlink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    /// The size of the file at `path` (one `stat`), or -1.
    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : -1
    }

    private static func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, p, n)
        #else
        return Darwin.write(fd, p, n)
        #endif
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
