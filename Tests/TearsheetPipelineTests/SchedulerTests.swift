import Foundation
import Testing
import TearsheetCore
@testable import TearsheetPipeline
import TearsheetReport

@Suite struct SchedulerTests {
    struct Boom: Error {}

    @Test func failuresStayWithTheirBookAndTheOthersComplete() async {
        let entries = fakeEntries(12)
        let recorder = BatchRecorder(entries: entries)
        let outcomes = await BatchScheduler(jobs: 3).run(recorder, stop: BatchStop()) { e in
            switch e.index % 4 {
            case 1: throw TearsheetError.config(file: e.config, message: "no such file")
            case 2: throw Boom()
            case 3: return BatchJobResult(skipped: true)
            default: return BatchJobResult(files: 7)
            }
        }
        #expect(outcomes.map(\.entry) == entries)
        #expect(outcomes.map(\.status) == (0..<12).map { [.ok, .failed, .failed, .skipped][$0 % 4] })
        // The failure is the error the job threw, as a value; its text only when printed.
        #expect(outcomes[1].failure == .pipeline(.config(file: "/tmp/in/book1.toml", message: "no such file")))
        #expect(outcomes[1].category == .input)
        #expect(outcomes[1].message == TearsheetError.config(file: "/tmp/in/book1.toml", message: "no such file").description)
        #expect(outcomes[2].category == .internal)
        #expect(outcomes[2].failure == .unexpected(String(describing: Boom())))
        #expect(outcomes[0].files == 7 && outcomes[0].category == nil)
        let s = BatchSummary(manifest: "m.toml", shard: .all, outcomes: outcomes, seconds: 1)
        #expect(s.exitCode == 3)
        #expect(s.count(.ok) == 3 && s.count(.failed) == 6 && s.count(.skipped) == 3)
    }

    @Test func neverMoreThanJobsBooksInFlight() async {
        for jobs in [1, 2, 5] {
            let counter = Counter()
            let recorder = BatchRecorder(entries: fakeEntries(20))
            _ = await BatchScheduler(jobs: jobs).run(recorder, stop: BatchStop()) { _ in
                counter.enter()
                defer { counter.leave() }
                usleep(5_000)
                return BatchJobResult()
            }
            #expect(counter.started == 20)
            #expect(counter.peak <= jobs)
            #expect(recorder.peakInFlight <= jobs)
            // The bound is also reached: books do run in parallel.
            #expect(counter.peak == jobs)
        }
    }

    @Test func aStopStartsNoNewBookAndMarksTheRestInterrupted() async {
        let stop = BatchStop()
        let counter = Counter()
        let recorder = BatchRecorder(entries: fakeEntries(10))
        let outcomes = await BatchScheduler(jobs: 2).run(recorder, stop: stop) { e in
            counter.enter()
            defer { counter.leave() }
            if e.index == 3 { stop.request() }
            usleep(2_000)
            return BatchJobResult()
        }
        // Books 0-3 started before the stop (at most one more was already in flight); none after.
        #expect(counter.started <= 5)
        #expect(outcomes.prefix(4).allSatisfy { $0.status == .ok })
        #expect(outcomes.dropFirst(counter.started).allSatisfy { $0.status == .interrupted })
        #expect(BatchSummary(manifest: "m", shard: .all, outcomes: outcomes, seconds: 0).exitCode == 130)
    }

    @Test func exitCodes() {
        let e = fakeEntries(3)
        func code(_ s: [BookOutcome]) -> Int32 { BatchSummary(manifest: "m", shard: .all, outcomes: s, seconds: 0).exitCode }
        #expect(code(e.map { BookOutcome(entry: $0, status: .ok) }) == 0)
        #expect(code([BookOutcome(entry: e[0], status: .skipped), BookOutcome(entry: e[1], status: .ok)]) == 0)
        let input = BookFailure.pipeline(.config(file: "c.toml", message: "bad")), bug = BookFailure.render(.invalidDocument(["ragged"]))
        #expect(code([BookOutcome(entry: e[0], status: .failed, failure: input), BookOutcome(entry: e[1], status: .ok)]) == 1)
        #expect(code([BookOutcome(entry: e[0], status: .failed, failure: input), BookOutcome(entry: e[1], status: .failed, failure: bug)]) == 3)
        #expect(BatchSummary(manifest: "m", shard: .all, outcomes: [BookOutcome(entry: e[0], status: .ok)], seconds: 0, interrupted: true).exitCode == 130)
    }
}

@Suite struct SummaryTests {
    let outcomes: [BookOutcome] = {
        let e = fakeEntries(3)
        return [BookOutcome(entry: e[0], status: .ok, seconds: 1.25, files: 12),
                BookOutcome(entry: e[1], status: .failed, seconds: 0.5,
                            failure: .pipeline(.config(file: "line 3", message: "bad \"side\",\nsecond line"))),
                .interrupted(e[2])]
    }()

    @Test func csvHasOneQuotedRowPerBook() {
        let s = BatchSummary(manifest: "m.toml", shard: .all, outcomes: outcomes, seconds: 2)
        #expect(s.csv == """
        book,status,category,output,seconds,files,error,config,line
        book0,ok,ok,/tmp/out/book0,1.250,12,,/tmp/in/book0.toml,2
        book1,failed,input,/tmp/out/book1,0.500,0,"line 3: error: bad ""side"",; second line",/tmp/in/book1.toml,3
        book2,interrupted,interrupted,/tmp/out/book2,0.000,0,the batch was interrupted before this book finished,/tmp/in/book2.toml,4

        """)
    }

    @Test func jsonParsesAndCarriesTotals() throws {
        let s = BatchSummary(manifest: "m.toml", shard: try Shard(index: 1, count: 3), outcomes: outcomes, seconds: 2)
        let text = try s.json()
        #expect(text == (try s.json()))
        let o = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(o["shard"] as? String == "1/3")
        #expect(o["total"] as? Int == 3 && o["ok"] as? Int == 1 && o["failed"] as? Int == 1 && o["interrupted"] as? Int == 1)
        #expect(o["exitCode"] as? Int == 130)
        let books = try #require(o["books"] as? [[String: Any]])
        #expect(books[1]["error"] as? String == "line 3: error: bad \"side\",\nsecond line")
        #expect(books[1]["category"] as? String == "input")
        #expect(books[0]["seconds"] as? Double == 1.25 && books[0]["files"] as? Int == 12 && books[0]["line"] as? Int == 2)
        #expect(books[2]["error"] as? String == "the batch was interrupted before this book finished")
        #expect(Set(books[0].keys) == ["book", "status", "category", "output", "seconds", "files", "error", "config", "line"])
        #expect(s.baseName == "batch-summary-shard-1-of-3")
    }

    @Test func writesBothFilesAtomicallyIntoTheFolder() throws {
        let dir = try temporaryFolder()
        defer { cleanup(dir) }
        let s = BatchSummary(manifest: "m.toml", shard: .all, outcomes: outcomes, seconds: 2)
        let paths = try s.write(to: dir.appendingPathComponent("sub").path)
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["batch-summary.csv", "batch-summary.json"])
        #expect(try String(contentsOfFile: paths[0], encoding: .utf8) == s.csv)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sub").path).sorted() == ["batch-summary.csv", "batch-summary.json"])
    }

    @Test func progressLineText() {
        #expect(BatchProgress(total: 1000, elapsed: 0).line == "batch 0/1000 done, 0 failed")
        #expect(BatchProgress(total: 1000, done: 120, failed: 2, elapsed: 30).line == "batch 120/1000 done, 2 failed, 4.0 books/s, ETA 3m 40s")
        #expect(BatchProgress(total: 10, done: 5, failed: 0, skipped: 5, elapsed: 2).line == "batch 5/10 done, 0 failed, 5 skipped, 2.5 books/s, ETA 2s")
        #expect(BatchProgress.duration(7_500) == "2h 05m")
    }
}

@Suite struct ProgressLineTests {
    /// Draws `\r` + the line, pads over a longer previous line, skips redraws inside the interval
    /// and always draws the final line with a newline.
    @Test func throttledRedrawsOnAPipe() throws {
        let pipe = Pipe()
        let line = ProgressLine(fd: pipe.fileHandleForWriting.fileDescriptor, interval: 3600, force: true)
        line.update(BatchProgress(total: 100, done: 10, failed: 1, elapsed: 10))
        line.update(BatchProgress(total: 100, done: 11, elapsed: 11))  // inside the interval: not drawn
        line.update(BatchProgress(total: 100, done: 100, elapsed: 20), final: true)
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let first = "batch 10/100 done, 1 failed, 1.0 books/s, ETA 1m 30s"
        let last = "batch 100/100 done, 0 failed, 5.0 books/s, ETA 0s"
        #expect(text == "\r" + first + "\r" + last + String(repeating: " ", count: max(0, first.count - last.count)) + "\n")
    }

    @Test func silentWhenNotATerminal() {
        let pipe = Pipe()
        #expect(!ProgressLine(fd: pipe.fileHandleForWriting.fileDescriptor).enabled)
    }
}

/// `BatchRun`, the pipeline's entry point behind `tearsheet batch`.
@Suite struct BatchRunTests {
    @Test func anInvalidManifestStopsBeforeAnythingRuns() throws {
        let dir = try temporaryFolder()
        defer { cleanup(dir) }
        let missing = dir.appendingPathComponent("nope.toml").path
        do {
            _ = try BatchRun(BatchRun.Request(manifest: missing))
            Issue.record("a missing manifest was accepted")
        } catch BatchRun.StartError.manifest(let e) {
            #expect(e.problems.count == 1)
            #expect(e.problems.first?.file == missing)
            #expect(e.problems.first?.message.hasPrefix("cannot read the manifest: ") == true)
        }
    }

    @Test func booksThatFailKeepTheirTypedErrorAndTheSummaryIsWritten() async throws {
        let dir = try temporaryFolder()
        defer { cleanup(dir) }
        let manifest = dir.appendingPathComponent("m.csv")
        try Data("config,out,name\nmissing-a.toml,out/a,a\nmissing-b.toml,out/b,b\n".utf8).write(to: manifest)
        let batch = try BatchRun(BatchRun.Request(manifest: manifest.path, jobs: 2, summaryFolder: dir.appendingPathComponent("summary").path,
                                                  overrides: BatchRun.Overrides(formats: ["csv"])))
        #expect(batch.entries.map(\.name) == ["a", "b"])
        let seen = Counter()
        let result = try await batch.run { _ in seen.enter(); seen.leave() }
        #expect(result.summary.outcomes.allSatisfy { $0.status == .failed && $0.category == .input })
        // A config that cannot be read is a located finding on the config file.
        guard case .pipeline(.invalidInput(let findings))? = result.summary.outcomes[0].failure else {
            Issue.record("expected the config's findings, got \(String(describing: result.summary.outcomes[0].failure))")
            return
        }
        #expect(findings.count == 1 && findings[0].file.hasSuffix("missing-a.toml"))
        #expect(result.exitCode == 1 && result.flushFailure == nil)
        #expect(seen.started >= 2)
        #expect(result.summaryPaths.map { ($0 as NSString).lastPathComponent } == ["batch-summary.csv", "batch-summary.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: result.summaryPaths[1]))) as? [String: Any])
        #expect(json["failed"] as? Int == 2 && json["exitCode"] as? Int == 1)
    }

    @Test func aStopBeforeTheRunStartsNoBookAndAbandonWritesTheSummary() async throws {
        let dir = try temporaryFolder()
        defer { cleanup(dir) }
        let manifest = dir.appendingPathComponent("m.csv")
        try Data("config,out\na.toml,out/a\nb.toml,out/b\n".utf8).write(to: manifest)
        let batch = try BatchRun(BatchRun.Request(manifest: manifest.path))
        let paths = try #require(batch.abandon())
        #expect(FileManager.default.fileExists(atPath: paths[1]))
        batch.requestStop()
        let result = try await batch.run()
        #expect(result.summary.outcomes.allSatisfy { $0.status == .interrupted })
        #expect(result.exitCode == 130)
    }
}
