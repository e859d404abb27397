#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The most memory a run may hold: `--max-memory SIZE`, or by default 80% of the memory the
/// process can have (the smaller of the machine's physical memory and its cgroup's `memory.max`).
///
/// Why a limit of our own: past the machine's memory the kernel's out-of-memory killer ends the
/// process with SIGKILL (or the allocator aborts), which leaves no message, and in a batch can take
/// every other book with it. With the limit, a book that would need more stops with exit 1 and a
/// message that names the limit and what to do (`MemoryWatchdog`).
public struct MemoryLimit: Sendable, Equatable {
    public var bytes: UInt64
    /// Where the figure came from, for the message: `--max-memory 4G` or the default's rule.
    public var source: String

    public init(bytes: UInt64, source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// Parses `SIZE`: a positive number with an optional unit `K`, `M`, `G`, `T` (powers of 1024;
    /// `KiB`, `MB`, ... accepted alike, case-insensitive); no unit means bytes. At least 1 MiB (a
    /// limit below what the program itself takes, about 20 MiB, stops the run at once, with the message).
    /// - Throws: `MemoryLimitError` naming the text and the expected form (a usage error).
    public static func parse(_ text: String, option: String = "--max-memory") throws(MemoryLimitError) -> MemoryLimit {
        let t = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        var digits = "", unit = ""
        for ch in t {
            if unit.isEmpty && (ch.isNumber || ch == ".") { digits.append(ch) } else { unit.append(ch) }
        }
        let scale: Double
        switch unit.lowercased() {
        case "", "b": scale = 1
        case "k", "kb", "kib": scale = 1024
        case "m", "mb", "mib": scale = 1024 * 1024
        case "g", "gb", "gib": scale = 1024 * 1024 * 1024
        case "t", "tb", "tib": scale = 1024 * 1024 * 1024 * 1024
        default: scale = 0
        }
        guard scale > 0, let n = Double(digits), n.isFinite, n > 0, n * scale < 9e18 else {
            throw MemoryLimitError(message: "\(option) '\(text)': expected a size such as 4G, 512M or 1.5G")
        }
        let bytes = UInt64(n * scale)
        guard bytes >= 1 << 20 else {
            throw MemoryLimitError(message: "\(option) '\(text)': expected at least 1M")
        }
        return MemoryLimit(bytes: bytes, source: "\(option) \(t)")
    }

    /// 80% of the memory the process can have: `min(MemTotal, cgroup memory.max)`.
    public static func defaultLimit() -> MemoryLimit {
        var available = physicalMemory()
        if let c = cgroupLimit(), c < available { available = c }
        return MemoryLimit(bytes: available / 5 * 4,
                           source: "the default, 80% of the \(format(available)) this process may use (set --max-memory to change it)")
    }

    /// `1.5 GiB`, `512 MiB`.
    public static func format(_ bytes: UInt64) -> String {
        if bytes >= 1 << 30 {
            let tenths = (Double(bytes) / Double(1 << 30) * 10).rounded()
            return "\(Int(tenths) / 10).\(Int(tenths) % 10) GiB"
        }
        return "\(Int((Double(bytes) / Double(1 << 20)).rounded())) MiB"
    }

    static func physicalMemory() -> UInt64 {
        #if canImport(Glibc)
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && size > 0 { return UInt64(pages) * UInt64(size) }
        #endif
        return 8 << 30
    }

    /// cgroup v2 `memory.max` (or v1 `memory.limit_in_bytes`) of this process, `nil` when unlimited.
    static func cgroupLimit() -> UInt64? {
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = readSmallFile(path) else { continue }
            let t = String(text.prefix { $0 != "\n" && $0 != " " })
            if let v = UInt64(t), v < (1 << 60) { return v }
        }
        return nil
    }

    /// The first 4 KiB of a small system file (procfs, sysfs), `nil` when it cannot be read.
    static func readSmallFile(_ path: String) -> String? {
        #if canImport(Glibc)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
        guard n > 0 else { return nil }
        return String(decoding: buf[0..<n], as: UTF8.self)
        #else
        return nil
        #endif
    }
}

/// A `--max-memory` value that is not a size.
public struct MemoryLimitError: Error, Sendable, Equatable {
    public var message: String
}

/// Watches the process's resident memory against a `MemoryLimit` from a background thread and,
/// when it is exceeded, removes the report folders being written (`MemoryWatchdog.register`),
/// prints one message on stderr and ends the process with exit 1: never a kill by the kernel.
///
/// It samples `/proc/self/statm` every 20 ms, so an allocation burst faster than that can overshoot
/// the limit by what it allocates in 20 ms; the default limit leaves 20% of the machine for that.
public enum MemoryWatchdog {
    private static let state = Mutex<(started: Bool, folders: Set<String>, context: String)>((false, [], ""))

    /// Starts the watchdog once per process (later calls change nothing). `context` names the run
    /// in the message (e.g. the book).
    public static func start(_ limit: MemoryLimit, context: String = "") {
        let first = state.withLock { s -> Bool in
            if !context.isEmpty { s.context = context }
            if s.started { return false }
            s.started = true
            return true
        }
        guard first else { return }
        #if canImport(Glibc)
        let box = Unmanaged.passRetained(LimitBox(limit))
        var thread = pthread_t()
        _ = pthread_create(&thread, nil, { raw in
            let limit = Unmanaged<LimitBox>.fromOpaque(raw!).takeRetainedValue().limit
            while true {
                if let rss = MemoryWatchdog.residentBytes(), rss > limit.bytes { MemoryWatchdog.stop(rss: rss, limit: limit) }
                usleep(20_000)
            }
        }, box.toOpaque())
        pthread_detach(thread)
        #endif
    }

    /// A temporary output folder being written: removed if the watchdog stops the process.
    public static func register(_ folder: String) { state.withLock { _ = $0.folders.insert(folder) } }
    public static func unregister(_ folder: String) { state.withLock { _ = $0.folders.remove(folder) } }

    /// Resident set size of this process, from `/proc/self/statm` (second field, in pages).
    public static func residentBytes() -> UInt64? {
        #if canImport(Glibc)
        guard let text = MemoryLimit.readSmallFile("/proc/self/statm") else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = UInt64(fields[1]) else { return nil }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
    }

    /// The message printed when the limit is exceeded.
    public static func message(rss: UInt64, limit: MemoryLimit, context: String) -> String {
        "tearsheet: error: stopped: memory use reached \(MemoryLimit.format(rss))\(context.isEmpty ? "" : " while \(context)"), above the limit of \(MemoryLimit.format(limit.bytes)) (\(limit.source)); nothing was written. Give more memory with --max-memory, or split the book (fewer sleeves, symbols or days per run: docs/scale.md gives the memory per sleeve and per symbol)."
    }

    private static func stop(rss: UInt64, limit: MemoryLimit) -> Never {
        let (folders, context) = state.withLock { ($0.folders, $0.context) }
        #if canImport(Glibc)
        for f in folders { removeTree(f) }
        let text = message(rss: rss, limit: limit, context: context) + "\n"
        _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        _exit(1)
        #else
        fatalError("memory limit")
        #endif
    }

    /// Removes a folder tree with plain system calls (no allocation-heavy Foundation calls while
    /// memory is short). Symbolic links are removed, never followed.
    private static func removeTree(_ path: String) {
        #if canImport(Glibc)
        if let dir = opendir(path) {
            while let e = readdir(dir) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name == "." || name == ".." { continue }
                let child = path + "/" + name
                var st = stat()
                if lstat(child, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { removeTree(child) } else { unlink(child) }
            }
            closedir(dir)
        }
        rmdir(path)
        #endif
    }
}

private final class LimitBox {
    let limit: MemoryLimit
    init(_ limit: MemoryLimit) { self.limit = limit }
}
