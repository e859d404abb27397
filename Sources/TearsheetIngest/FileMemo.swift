import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TearsheetCore

/// A small process-wide memo of values derived from a file (a parsed benchmark, a file's hash),
/// keyed by the file's path and identity (device, inode, size, modification time in nanoseconds),
/// so a batch of a thousand books reads and parses SPY and QQQ once while a file that changes on
/// disk is read again (a file modified in the last two seconds is never memoised, so a rewrite
/// within one tick of the file-time clock cannot go unseen). Thread-safe; at most `capacity`
/// entries (the oldest is dropped).
public final class FileMemo<Value: Sendable>: @unchecked Sendable {
    private struct Key: Hashable {
        var path: String
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }
    private let lock = NSLock()
    private var values: [Key: Value] = [:]
    private var order: [Key] = []
    private let capacity: Int

    public init(capacity: Int = 64) { self.capacity = capacity }

    /// Seconds a file must be unmodified before its value is memoised.
    static var racyWindow: Int { 2 }

    /// The memoised value for `path`, computing it with `make` when the file is new or changed;
    /// `make` runs without the lock held. A path that cannot be `stat`ed is never memoised.
    public func value(for path: String, _ make: () throws -> Value) rethrows -> Value {
        var st = stat()
        guard stat(path, &st) == 0 else { return try make() }
        let key = Key(path: path, device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size),
                      seconds: Int(st.st_mtim.tv_sec), nanoseconds: Int(st.st_mtim.tv_nsec))
        // A file modified in the last `racyWindow` seconds is not memoised ("racy git"): file
        // times advance in coarse ticks (a few ms), so a same-size rewrite within one tick would
        // keep the key while the bytes change.
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        guard Int(now.tv_sec) - Int(st.st_mtim.tv_sec) >= Self.racyWindow else { return try make() }
        lock.lock()
        if let v = values[key] { lock.unlock(); return v }
        lock.unlock()
        let v = try make()
        lock.lock()
        if values[key] == nil {
            values[key] = v
            order.append(key)
            if order.count > capacity { values[order.removeFirst()] = nil }
        }
        lock.unlock()
        return v
    }
}
