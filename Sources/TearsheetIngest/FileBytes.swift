#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore

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

    static func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int {
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
