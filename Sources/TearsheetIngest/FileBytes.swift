#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files into byte arrays with POSIX calls (no Foundation on the hot path).
public enum FileBytes {
    /// The file's bytes; directories, device files and unreadable paths are `io` errors.
    public static func read(_ path: String) throws(TearsheetError) -> [UInt8] {
        let (fd, size) = try openRegularFile(path)
        defer { close(fd) }
        var failed = false
        // No zero-filling first: the pages are touched once, by read(2).
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, initialized in
            var got = 0
            while got < size {
                let r = systemRead(fd, buf.baseAddress! + got, size - got)
                if r < 0 { if errno == EINTR { continue }; failed = true; break }
                if r == 0 { break }
                got += r
            }
            initialized = got
        }
        if failed { throw .io(path: path, message: "read failed: \(errnoText())") }
        return bytes
    }

    /// Opens `path` for reading after checking it is a regular file (not a directory or a device);
    /// returns the descriptor, which the caller closes, and the file's size.
    static func openRegularFile(_ path: String) throws(TearsheetError) -> (fd: Int32, size: Int) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw .io(path: path, message: "cannot open file: \(errnoText())")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw .io(path: path, message: "not a regular file")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, message: "cannot open file: \(errnoText())") }
        return (fd, Int(st.st_size))
    }

    /// Calls `body` with the file's bytes in a private, writable memory mapping (changes stay
    /// in this process; the pages come straight from the page cache, with no copy and no zeroed
    /// anonymous memory), unmapped when `body` returns. Same errors as `read(_:)`; falls back to
    /// `read(_:)` when the file cannot be mapped. An empty file gives a `nil` base and 0.
    public static func withMappedBytes<R>(_ path: String,
                                          _ body: (UnsafeMutablePointer<UInt8>?, Int) -> R) throws(TearsheetError) -> R {
        let (fd, size) = try openRegularFile(path)
        if size == 0 { close(fd); return body(nil, 0) }
        #if canImport(Glibc) || canImport(Musl)
        let m = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0)
        close(fd)
        if let m, m != MAP_FAILED {
            _ = madvise(m, size, MADV_SEQUENTIAL)
            defer { munmap(m, size) }
            return body(m.assumingMemoryBound(to: UInt8.self), size)
        }
        #else
        close(fd)
        #endif
        var bytes = try read(path)
        let n = bytes.count
        return bytes.withUnsafeMutableBufferPointer { body($0.baseAddress, n) }
    }

    /// Size in bytes of the file at `path`, 0 when it cannot be read.
    public static func size(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }

    /// `true` when `path` names an existing directory.
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// `true` when `path` names an existing regular file.
    public static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    private static func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, p, n)
        #elseif canImport(Musl)
        return Musl.read(fd, p, n)
        #else
        return Darwin.read(fd, p, n)
        #endif
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
