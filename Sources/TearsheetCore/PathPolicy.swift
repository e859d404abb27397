#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which folders a run may read files from: the one path policy behind every file the tool reads
/// (book inputs, prices-folder entries, rate and label files, benchmark files, templates and
/// partials). Checked by `SecureOpen.open` on the opened descriptor, so no swap of a file or a
/// folder between a check and the `open` lets a file outside the roots be read.
///
/// Invariant: `roots` holds resolved paths (no symbolic link, no `..`), so "inside" is a plain
/// prefix test on the resolved path of the opened descriptor.
public struct PathPolicy: Sendable, Equatable {
    /// Resolved root folders; `nil` when any readable path is allowed (paths the operator named
    /// on the command line, or `--allow-outside-paths`).
    public let roots: [String]?

    /// Any path (the operator's own command-line paths).
    public static let unrestricted = PathPolicy(resolvedRoots: nil)

    /// Files under `folders` only. Each folder is resolved (`realpath`); one that cannot be
    /// resolved admits nothing, so a policy is never wider than asked for.
    public init(roots folders: [String]) {
        self.roots = folders.compactMap(SecureOpen.realPath)
    }

    init(resolvedRoots: [String]?) { self.roots = resolvedRoots }

    /// The policy with `folders` added to its roots (an unrestricted policy stays unrestricted).
    public func adding(_ folders: [String]) -> PathPolicy {
        guard let roots else { return self }
        return PathPolicy(resolvedRoots: roots + folders.compactMap(SecureOpen.realPath))
    }

    /// `true` when the resolved path `resolved` is one of the roots or under one.
    public func allows(_ resolved: String) -> Bool {
        guard let roots else { return true }
        return roots.contains { root in
            resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/")
        }
    }
}

/// Opens files for reading under a `PathPolicy`, checking what was actually opened.
///
/// The path is resolved, opened with `O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC` (a final component
/// swapped for a link is refused, a FIFO or device never blocks the open), then the descriptor is
/// checked with `fstat` (a regular file) and by its own resolved path (`/proc/self/fd/N`) against
/// the policy's roots. Only then is `O_NONBLOCK` cleared and the descriptor handed out.
public enum SecureOpen {
    /// Why a file was not opened; `message` never quotes the file's content.
    public struct Refusal: Error, Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case cannotOpen, notRegular, outside }
        public var kind: Kind
        public var message: String
    }

    /// An open descriptor (the caller closes it) and the file's size when opened.
    public static func open(_ path: String, policy: PathPolicy) -> Result<(fd: Int32, size: Int), Refusal> {
        guard let resolved = realPath(path) else {
            return .failure(Refusal(kind: .cannotOpen, message: "cannot open file: \(errnoText())"))
        }
        if !policy.allows(resolved) {
            return .failure(outside(path))
        }
        let fd = systemOpen(resolved, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ELOOP {
                return .failure(Refusal(kind: .cannotOpen, message: "the file was replaced by a symbolic link while it was opened; expected a regular file"))
            }
            return .failure(Refusal(kind: .cannotOpen, message: "cannot open file: \(errnoText())"))
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let text = errnoText()
            close(fd)
            return .failure(Refusal(kind: .cannotOpen, message: "cannot open file: \(text)"))
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return .failure(Refusal(kind: .notRegular, message: "not a regular file (a folder, device, FIFO or socket); expected a regular file"))
        }
        if policy.roots != nil {
            // The descriptor's own path: a folder of the resolved path swapped for a link between
            // `realpath` and `open` shows here. Without /proc, the resolved path must still name
            // this very file (same device and inode).
            let actual: String?
            if let p = descriptorPath(fd) {
                actual = p
            } else {
                var again = stat()
                actual = (stat(resolved, &again) == 0 && again.st_dev == st.st_dev && again.st_ino == st.st_ino) ? resolved : nil
            }
            guard let actual, policy.allows(actual) else {
                close(fd)
                return .failure(outside(path))
            }
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return .success((fd, Int(st.st_size)))
    }

    static func outside(_ path: String) -> Refusal {
        Refusal(kind: .outside, message: "resolves to a file outside the allowed folders (the book's folder, its benchmark and template folders); "
                + "expected a file inside them, or pass --allow-outside-paths")
    }

    /// The resolved path of `p` (`realpath`), `nil` when it does not exist.
    public static func realPath(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    /// Resolved path of an open descriptor, `nil` when the system cannot say.
    static func descriptorPath(_ fd: Int32) -> String? {
        #if os(Linux)
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/fd/\(fd)", &buf, buf.count - 1)
        guard n > 0, buf[0] == CChar(UInt8(ascii: "/")) else { return nil }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #elseif canImport(Darwin)
        var buf = [CChar](repeating: 0, count: Int(MAXPATHLEN) + 1)
        guard fcntl(fd, F_GETPATH, &buf) == 0 else { return nil }
        return String(cString: buf)
        #else
        return nil
        #endif
    }

    static func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
        #if canImport(Glibc)
        return Glibc.open(path, flags)
        #elseif canImport(Musl)
        return Musl.open(path, flags)
        #else
        return Darwin.open(path, flags)
        #endif
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
