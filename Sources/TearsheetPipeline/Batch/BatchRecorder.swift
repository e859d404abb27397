import Foundation
import TearsheetCore
import TearsheetRender

/// The batch's live state, shared by the scheduler, the progress callback and a signal handler:
/// which books finished (and how), which are in flight, and the first failure to flush finished
/// books to disk. Safe to read from any thread.
public final class BatchRecorder: @unchecked Sendable {
    private let lock = NSLock()
    public let entries: [BatchEntry]
    private var outcomes: [BookOutcome?]
    private var running: Set<Int> = []
    private var peak = 0
    private var firstFlushFailure: RenderError?
    public let started: Double

    /// `entries`: the books this process runs, in order (a shard's slice).
    public init(entries: [BatchEntry], started: Double = BatchClock.now()) {
        self.entries = entries
        self.outcomes = Array(repeating: nil, count: entries.count)
        self.started = started
    }

    func begin(_ position: Int) {
        lock.withLock {
            running.insert(position)
            peak = max(peak, running.count)
        }
    }

    func finish(_ position: Int, _ outcome: BookOutcome) {
        lock.withLock {
            running.remove(position)
            outcomes[position] = outcome
        }
    }

    /// Keeps `failure` unless an earlier flush failure was recorded: a later `syncfs` on a new
    /// descriptor does not report a write-back error again, so the first one must not be lost.
    func recordFlushFailure(_ failure: RenderError) {
        lock.withLock { if firstFlushFailure == nil { firstFlushFailure = failure } }
    }

    /// The first failure to flush finished books to disk, if any.
    public var flushFailure: RenderError? { lock.withLock { firstFlushFailure } }

    /// The folders holding the output folders of the books finished `ok` so far (each once, in
    /// entry order): what a flush of the finished books covers.
    public func finishedParents() -> [URL] {
        let outs = lock.withLock { outcomes.compactMap { $0?.status == .ok ? $0?.entry.out : nil } }
        var seen = Set<String>()
        return outs.map { URL(fileURLWithPath: $0).standardizedFileURL.deletingLastPathComponent() }
            .filter { seen.insert($0.path).inserted }
    }

    /// Books currently running.
    public var inFlight: [BatchEntry] { lock.withLock { running.sorted().map { entries[$0] } } }

    /// Most books ever in flight at once.
    public var peakInFlight: Int { lock.withLock { peak } }

    /// Every book's outcome; a book without one (never started, or still running) is `interrupted`.
    public func snapshot() -> [BookOutcome] {
        lock.withLock { zip(entries, outcomes).map { $0.1 ?? .interrupted($0.0) } }
    }

    /// Counts for the progress line.
    public func counts() -> BatchProgress {
        lock.withLock {
            var p = BatchProgress(total: entries.count, elapsed: BatchClock.now() - started)
            for o in outcomes {
                guard let o else { continue }
                p.done += 1
                if o.status == .failed { p.failed += 1 }
                if o.status == .skipped { p.skipped += 1 }
            }
            return p
        }
    }
}

/// Monotonic seconds.
public enum BatchClock {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
