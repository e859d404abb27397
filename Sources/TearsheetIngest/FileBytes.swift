#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import TearsheetCore

/// Reads whole files into byte arrays with POSIX calls (no Foundation on the hot path).
public enum FileBytes {
    /// The file's bytes; directories, device files, FIFOs, unreadable paths and files outside
    /// `policy`'s roots are `io` errors (checked on the opened descriptor, see `SecureOpen`).
    public static func read(_ path: String, policy: PathPolicy = .unrestricted) throws(TearsheetError) -> [UInt8] {
        let (fd, size) = try openRegularFile(path, policy: policy)
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

    /// Opens `path` for reading under `policy` (`SecureOpen.open`: opened without following a
    /// final link and without blocking, then checked on the descriptor: a regular file inside the
    /// allowed roots); returns the descriptor, which the caller closes, and the file's size.
    static func openRegularFile(_ path: String, policy: PathPolicy = .unrestricted) throws(TearsheetError) -> (fd: Int32, size: Int) {
        switch SecureOpen.open(path, policy: policy) {
        case .success(let opened): return opened
        case .failure(let refusal): throw .io(path: path, message: refusal.message)
        }
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

/// SHA-256 of bytes as they are read, for the provenance of every input.
public enum ByteHash {
    /// Lowercase hex of a digest.
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }
}
