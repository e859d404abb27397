import Foundation
import TearsheetCore

/// The batch's live state, shared by the scheduler, the progress line and a signal handler: which
/// books finished (and how) and which are in flight. Safe to read from any thread.
public final class BatchRecorder: @unchecked Sendable {
    private let lock = NSLock()
    public let entries: [BatchEntry]
    private var outcomes: [BookOutcome?]
    private var running: Set<Int> = []
    private var peak = 0
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
