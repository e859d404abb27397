#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import TearsheetCore

/// Where a streamed CSV's bytes come from: an open file read with `read(2)`, or (in tests) any
/// function that fills a buffer, such as one that hands out a few bytes at a time or whose file
/// "shrinks" part way through.
///
/// Reading with `read(2)` rather than mapping the file keeps a file truncated by another process
/// while it is read from ending the process with `SIGBUS`: the truncation is an early end of
/// input, which the reader reports as a finding (`file-changed`).
struct ByteSource {
    /// Size the input had when it was opened, `nil` when unknown; the reader reports a
    /// `file-changed` finding when the bytes it gets add up to a different size.
    var expectedSize: Int?
    /// Fills at most `count` bytes at the pointer; returns how many it wrote, 0 at the end of the
    /// input, or -1 on a read error (with a message from `errorText`).
    var fill: (UnsafeMutableRawPointer, Int) -> Int
    /// Text of the last read error.
    var errorText: () -> String = { "read failed" }

    /// Reads the open descriptor `fd` (the caller closes it); `EINTR` is retried. Every byte
    /// handed out is fed to `digest` first (when given), so its hash is that of exactly the bytes
    /// the reader parsed, never of a second read of the file.
    static func file(_ fd: Int32, size: Int, digest: ReadDigest? = nil) -> ByteSource {
        #if canImport(Glibc) || canImport(Musl)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        return ByteSource(expectedSize: size, fill: { p, n in
            while true {
                let r = FileBytes.systemRead(fd, p, n)
                if r < 0 && errno == EINTR { continue }
                if r > 0 { digest?.update(UnsafeRawBufferPointer(start: p, count: r)) }
                return r < 0 ? -1 : r
            }
        }, errorText: { FileBytes.errnoText() })
    }

    /// Hands out `bytes` at most `step` bytes per call (a test's stand-in for a file).
    static func memory(_ bytes: [UInt8], step: Int, expectedSize: Int? = nil) -> ByteSource {
        var offset = 0
        let step = max(1, step)
        return ByteSource(expectedSize: expectedSize ?? bytes.count, fill: { p, n in
            let k = min(n, step, bytes.count - offset)
            if k <= 0 { return 0 }
            bytes.withUnsafeBytes { src in
                p.copyMemory(from: src.baseAddress! + offset, byteCount: k)
            }
            offset += k
            return k
        })
    }
}

/// SHA-256 over the bytes a `ByteSource` hands out, in order (the provenance of a streamed input).
final class ReadDigest {
    private var hasher = SHA256()
    func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
    /// Lowercase hex of the digest; call once, at the end.
    func hex() -> String { ByteHash.hex(hasher.finalize()) }
}
