import Foundation
import TearsheetCore

/// Runs a batch's books with at most `jobs` in flight, each failure confined to its book.
///
/// Structured concurrency: one `TaskGroup`; the loop adds a child task whenever fewer than `jobs`
/// books are in flight and no stop was requested, and records each result as it arrives. A book's
/// work is synchronous CPU work (parsing, valuation, rendering) that would hold a thread of
/// Swift's cooperative pool for seconds; the pool has one thread per core, so `jobs` books
/// would starve every other task (the progress line, the signal watcher). So each book runs on its
/// own dedicated `Thread` and the child task only awaits its continuation: the pool stays free,
/// the OS schedules the `jobs` worker threads, and `jobs` is the only bound on parallelism.
public struct BatchScheduler: Sendable {
    /// The job for one book: runs it and writes its reports, or throws why it could not.
    public typealias Job = @Sendable (BatchEntry) throws -> BatchJobResult

    /// Most books in flight at once (at least 1).
    public var jobs: Int
    /// Stack of each worker thread (bytes); the main thread's 8 MiB, not Foundation's 512 KiB default.
    public var stackSize = 8 << 20

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount) { self.jobs = max(1, jobs) }

    /// Runs every book of `recorder.entries` (in order, up to `jobs` at a time) until done or
    /// until `stop` is requested; books not started by then are `interrupted`. `onChange` is called
    /// (from the scheduling task) after each book finishes.
    /// - Returns: one outcome per entry, in entry order.
    public func run(_ recorder: BatchRecorder, stop: BatchStop, job: @escaping Job,
                    onChange: (@Sendable () -> Void)? = nil) async -> [BookOutcome] {
        let entries = recorder.entries
        let stackSize = self.stackSize
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            var inFlight = 0
            func startNext() -> Bool {
                guard next < entries.count, !stop.isRequested else { return false }
                let position = next, entry = entries[position]
                next += 1
                recorder.begin(position)
                group.addTask {
                    let outcome = await Self.onThread(stackSize: stackSize) { Self.execute(entry, job) }
                    recorder.finish(position, outcome)
                }
                return true
            }
            while inFlight < jobs, startNext() { inFlight += 1 }
            while await group.next() != nil {
                inFlight -= 1
                onChange?()
                while inFlight < jobs, startNext() { inFlight += 1 }
            }
        }
        return recorder.snapshot()
    }

    /// Runs one book's job, timing it and turning a thrown error into a failed outcome.
    static func execute(_ entry: BatchEntry, _ job: Job) -> BookOutcome {
        let t0 = BatchClock.now()
        do {
            let r = try job(entry)
            return BookOutcome(entry: entry, status: r.skipped ? .skipped : .ok, seconds: BatchClock.now() - t0, files: r.files)
        } catch {
            let (category, message) = BatchFailureCategory.classify(error)
            return BookOutcome(entry: entry, status: .failed, seconds: BatchClock.now() - t0, category: category, message: message)
        }
    }

    /// Runs `body` on a new thread and resumes with its result.
    static func onThread<T: Sendable>(stackSize: Int, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
            let thread = Thread { c.resume(returning: body()) }
            thread.stackSize = stackSize
            thread.start()
        }
    }
}
