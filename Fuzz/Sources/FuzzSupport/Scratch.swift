#if canImport(Glibc)
import Glibc
#endif

/// A private folder for the readers that only take a path (the ledger files, the config, the
/// templates): on tmpfs (`/dev/shm`) when it exists, so writing an input costs a copy, not a disk write.
public struct Scratch: Sendable {
    public let folder: String

    /// Creates `<tmpfs or TMPDIR>/tearsheet-fuzz-<pid>-<tag>`; `nil` when it cannot.
    public init?(tag: String) {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        folder = "\(base)/tearsheet-fuzz-\(getpid())-\(tag)"
        if mkdir(folder, 0o700) != 0 && errno != EEXIST { return nil }
    }

    /// Path of `name` inside the folder.
    public func path(_ name: String) -> String { folder + "/" + name }

    /// Creates the sub-folder `name` (and its parents inside the scratch folder).
    public func makeFolder(_ name: String) {
        var p = folder
        for part in name.split(separator: "/") {
            p += "/" + part
            _ = mkdir(p, 0o700)
        }
    }

    /// Replaces the file `name` with `bytes`; returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: UnsafeRawBufferPointer) -> String {
        let p = path(name)
        let fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return p }
        defer { close(fd) }
        var off = 0
        while off < bytes.count {
            let r = Glibc.write(fd, bytes.baseAddress! + off, bytes.count - off)
            if r < 0 { if errno == EINTR { continue }; break }
            off += r
        }
        return p
    }

    /// Replaces the file `name` with `bytes`; returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { write(name, $0) }
    }

    /// Replaces the file `name` with the UTF-8 of `text`; returns its path.
    @discardableResult
    public func write(_ name: String, text: String) -> String {
        write(name, Array(text.utf8))
    }

    /// Removes the file `name` if present.
    public func remove(_ name: String) { _ = unlink(path(name)) }
}
