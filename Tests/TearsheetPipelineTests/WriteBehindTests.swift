import Foundation
import Testing
@testable import TearsheetPipeline
import TearsheetCore
import TearsheetRender

/// `BatchFlush` inside `BatchScheduler`: the finished books' folders are flushed while the others
/// run and once after the last; the first failure is kept for the final report.
@Suite struct WriteBehindTests {
    @Test func flushesWhileBooksRunAndOnceAfterTheLast() async {
        let flushed = FlushLog()
        let recorder = BatchRecorder(entries: fakeEntries(6))
        let flush = BatchFlush(interval: 0.01) { folder throws(RenderError) in flushed.add(folder.path) }
        // Books 2 to 5 wait (up to 30 s: the test pool may be busy) until a flush ran while they were
        // in flight, so no timing is assumed.
        let outcomes = await BatchScheduler(jobs: 2).run(recorder, stop: BatchStop(), flush: flush) { e in
            for _ in 0..<3_000 where e.index >= 2 && flushed.count == 0 { usleep(10_000) }
            return BatchJobResult()
        }
        #expect(outcomes.allSatisfy { $0.status == .ok })
        // A round while books ran, then the final one.
        #expect(flushed.count >= 2)
        #expect(flushed.paths.allSatisfy { $0 == "/tmp/out" })
        #expect(recorder.flushFailure == nil)
        let after = flushed.count
        try? await Task.sleep(nanoseconds: 50_000_000)
        #expect(flushed.count == after, "no round after run returns")
    }

    @Test func theFirstFailureIsKept() async {
        let recorder = BatchRecorder(entries: fakeEntries(3))
        let attempts = FlushLog()
        let flush = BatchFlush(interval: 0.005) { folder throws(RenderError) in
            attempts.add(folder.path)
            throw .io(path: folder.path + "#\(attempts.count)", message: "cannot flush the report to disk: Input/output error")
        }
        _ = await BatchScheduler(jobs: 1).run(recorder, stop: BatchStop(), flush: flush) { e in
            for _ in 0..<3_000 where e.index >= 1 && attempts.count == 0 { usleep(10_000) }
            return BatchJobResult()
        }
        #expect(attempts.count >= 2)
        #expect(recorder.flushFailure == .io(path: "/tmp/out#1", message: "cannot flush the report to disk: Input/output error"))
    }

    @Test func aRealFlushOfAMissingFolderIsAnIOError() async {
        var entry = fakeEntries(1)[0]
        entry.out = "/nonexistent-\(UUID().uuidString)/book"
        let recorder = BatchRecorder(entries: [entry])
        _ = await BatchScheduler(jobs: 1).run(recorder, stop: BatchStop(), flush: BatchFlush(interval: 60)) { _ in BatchJobResult() }
        guard case .io(let path, _)? = recorder.flushFailure else {
            Issue.record("expected an io failure, got \(String(describing: recorder.flushFailure))")
            return
        }
        #expect(path == (entry.out as NSString).deletingLastPathComponent)
    }

    @Test func noBooksNoFlushAndTheRunEnds() async {
        let flushed = FlushLog()
        let recorder = BatchRecorder(entries: [])
        let outcomes = await BatchScheduler(jobs: 4).run(recorder, stop: BatchStop(),
                                                         flush: BatchFlush(interval: 0.001) { folder throws(RenderError) in flushed.add(folder.path) }) { _ in
            BatchJobResult()
        }
        #expect(outcomes.isEmpty && flushed.count == 0)
    }

    @Test func progressIsReportedAfterEachBook() async {
        let seen = FlushLog()
        let recorder = BatchRecorder(entries: fakeEntries(5))
        var scheduler = BatchScheduler(jobs: 1)
        scheduler.tick = 3600   // only the reports after each book
        _ = await scheduler.run(recorder, stop: BatchStop(), job: { _ in BatchJobResult() },
                                progress: { p in seen.add("\(p.done)/\(p.total)") })
        #expect(seen.paths == ["1/5", "2/5", "3/5", "4/5", "5/5"])
    }

    @Test func theTickerReportsWhileABookRuns() async {
        let seen = FlushLog()
        var scheduler = BatchScheduler(jobs: 1)
        scheduler.tick = 0.005
        // The book waits for two ticks (up to 30 s: the test pool may be busy), so no timing is assumed.
        _ = await scheduler.run(BatchRecorder(entries: fakeEntries(1)), stop: BatchStop(), job: { _ in
            for _ in 0..<3_000 where seen.paths.filter({ $0 == "0/1" }).count < 2 { usleep(10_000) }
            return BatchJobResult()
        }, progress: { p in seen.add("\(p.done)/\(p.total)") })
        #expect(seen.paths.filter { $0 == "0/1" }.count >= 2)
        #expect(seen.paths.last == "1/1")
    }
}

/// Paths (or any strings) recorded from worker threads.
private final class FlushLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.withLock { items.append(s) } }
    var paths: [String] { lock.withLock { items } }
    var count: Int { lock.withLock { items.count } }
}
