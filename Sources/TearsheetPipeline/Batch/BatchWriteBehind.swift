import Foundation
import TearsheetRender
import TearsheetCore
import TearsheetReport

/// Lets the disk write the finished books while the next ones compute: every `interval` seconds a
/// background thread flushes (`syncfs`) the file systems holding the books finished so far.
///
/// Books are written without a sync each (a sync per book would serialise the batch on the disk).
/// Left to the kernel, their pages are written back only after the dirty-page expiry (30 s by
/// default), so everything written in the batch's last half-minute would wait for the final flush
/// while the cores idle. The final `ReportWriter.flush` stays the durability point; a failure seen
/// here is kept and reported with it, because a later `syncfs` on a new descriptor does not report
/// a write-back error again.
public final class BatchWriteBehind: @unchecked Sendable {
    private let interval: Double
    private let folders: @Sendable () -> [URL]
    private let lock = NSLock()
    private var stopped = false
    private var failure: String?
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var started = false

    /// - Parameter folders: the folders to flush (their file systems), asked at every round.
    public init(interval: Double = 5, folders: @escaping @Sendable () -> [URL]) {
        self.interval = interval
        self.folders = folders
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Starts the background thread.
    public func start() {
        lock.lock()
        started = true
        lock.unlock()
        let thread = Thread { [self] in
            while true {
                _ = wake.wait(timeout: .now() + interval)
                if isStopped { break }
                var seen = Set<String>()
                for folder in folders() where seen.insert(folder.path).inserted {
                    do { try ReportWriter.flush(folder: folder) } catch {
                        lock.lock()
                        if failure == nil { failure = "\(error)" }
                        lock.unlock()
                    }
                }
            }
            done.signal()
        }
        thread.name = "tearsheet-write-behind"
        thread.start()
    }

    /// Stops the thread (after the flush in progress, if any) and returns the first failure seen.
    public func finish() -> String? {
        lock.lock()
        stopped = true
        let wasStarted = started
        lock.unlock()
        if wasStarted {
            wake.signal()
            done.wait()
        }
        lock.lock()
        defer { lock.unlock() }
        return failure
    }
}
