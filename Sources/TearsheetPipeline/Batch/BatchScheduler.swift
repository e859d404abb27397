import Foundation
import TearsheetCore
import TearsheetRender

/// Runs a batch's books with at most `jobs` in flight, each failure confined to its book, and
/// flushes the finished books to disk as part of the same schedule.
///
/// Structured concurrency: one `TaskGroup`. The loop adds a child task whenever fewer than `jobs`
/// books are in flight and no stop was requested, and records each result as it arrives. Beside
/// the books, the same group holds the write-behind task (`BatchFlush`: every `interval` seconds
/// it flushes the file systems of the books finished so far) and the progress ticker; both are
/// cancelled when the last book ends, and a final flush follows, so when `run` returns every book
/// reported `ok` is on disk or `BatchRecorder.flushFailure` says why not.
///
/// Blocking work runs off the cooperative pool: a book is seconds of synchronous CPU work and a
/// `syncfs` can wait on the disk for as long; run directly in a child task either would hold one
/// of the pool's threads (one per core) and starve the other tasks (the scheduling loop, the
/// progress ticker, the signal handling). So each such piece of work runs on its own dedicated
/// `Thread` and its child task only awaits the continuation; `jobs` is the only bound on
/// parallelism.
public struct BatchScheduler: Sendable {
    /// The job for one book: runs it and writes its reports, or throws why it could not.
    public typealias Job = @Sendable (BatchEntry) throws -> BatchJobResult

    /// Most books in flight at once (at least 1).
    public var jobs: Int
    /// Stack of each worker thread (bytes); the main thread's 8 MiB, not Foundation's 512 KiB default.
    public var stackSize = 8 << 20
    /// Seconds between two progress reports while no book finishes (the ETA keeps moving).
    public var tick: Double = 1

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount) { self.jobs = max(1, jobs) }

    /// Runs every book of `recorder.entries` (in order, up to `jobs` at a time) until done or
    /// until `stop` is requested; books not started by then are `interrupted`. With `flush`, the
    /// finished books are flushed to disk while the others run and once after the last one
    /// (failures in `recorder.flushFailure`). `progress` receives the counts after each book and
    /// every `tick` seconds (from a task of the group; it must not block).
    /// - Returns: one outcome per entry, in entry order.
    public func run(_ recorder: BatchRecorder, stop: BatchStop, flush: BatchFlush? = nil, job: @escaping Job,
                    progress: (@Sendable (BatchProgress) -> Void)? = nil) async -> [BookOutcome] {
        let entries = recorder.entries
        let stackSize = self.stackSize, tick = self.tick
        await withTaskGroup(of: Void.self) { group in
            if let flush {
                group.addTask {
                    while await Self.sleep(seconds: flush.interval) {
                        await Self.onThread(stackSize: stackSize) { flush.run(recorder) }
                    }
                }
            }
            if let progress {
                group.addTask {
                    while await Self.sleep(seconds: tick) { progress(recorder.counts()) }
                }
            }
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
            // The background tasks end with the books; the group's results are all `Void`, so
            // each `next()` is counted as a book only while books are in flight.
            if inFlight == 0 { group.cancelAll() }
            while inFlight > 0, await group.next() != nil {
                inFlight -= 1
                progress?(recorder.counts())
                while inFlight < jobs, startNext() { inFlight += 1 }
                if inFlight == 0 { group.cancelAll() }
            }
        }
        if let flush { await Self.onThread(stackSize: stackSize) { flush.run(recorder) } }
        return recorder.snapshot()
    }

    /// Sleeps `seconds`; `false` when the task was cancelled (before or during the sleep).
    static func sleep(seconds: Double) async -> Bool {
        do { try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9)) } catch { return false }
        return !Task.isCancelled
    }

    /// Runs one book's job, timing it and turning a thrown error into a failed outcome.
    static func execute(_ entry: BatchEntry, _ job: Job) -> BookOutcome {
        let t0 = BatchClock.now()
        do {
            let r = try job(entry)
            return BookOutcome(entry: entry, status: r.skipped ? .skipped : .ok, seconds: BatchClock.now() - t0, files: r.files,
                               warnings: r.warnings)
        } catch {
            return BookOutcome(entry: entry, status: .failed, seconds: BatchClock.now() - t0, failure: BookFailure(error))
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

/// How a batch's finished books reach the disk. Books are written without a flush each (a
/// `syncfs` per book would serialise the batch on the disk); left to the kernel, their pages would
/// be written back only after the dirty-page expiry (30 s by default), so everything written in a
/// batch's last half-minute would wait for the final flush while the cores idle. So the scheduler
/// flushes the file systems of the books finished so far every `interval` seconds while the next
/// books compute, and once more after the last book: that final flush is the durability point.
public struct BatchFlush: Sendable {
    /// Seconds between two write-behind flushes.
    public var interval: Double
    /// Flushes the file system holding a folder (`ReportWriter.flush`; tests substitute others).
    public var flushFolder: @Sendable (URL) throws(RenderError) -> Void

    public init(interval: Double = 5,
                flushFolder: @escaping @Sendable (URL) throws(RenderError) -> Void = { folder throws(RenderError) in try ReportWriter.flush(folder: folder) }) {
        self.interval = interval
        self.flushFolder = flushFolder
    }

    /// Flushes the folders of `recorder`'s finished books, recording the first failure there.
    func run(_ recorder: BatchRecorder) {
        for folder in recorder.finishedParents() {
            do { try flushFolder(folder) } catch { recorder.recordFlushFailure(error) }
        }
    }
}
