import Foundation
import Testing
import TearsheetDemo
import TearsheetRender
@testable import TearsheetPipeline
import TearsheetCore
import TearsheetReport

/// The real job on small synthetic books: reports written, resume skipping and rerunning.
@Suite(.serialized) struct ResumeTests {
    static func tinyBook(seed: UInt64) -> SyntheticBook.Parameters {
        SyntheticBook.Parameters(trades: 120, symbols: 6, years: 1, accounts: 1, strategies: 2, seed: seed, sleeveDeposit: 100_000)
    }

    func batch(_ n: Int, in dir: URL) throws -> BatchManifest {
        let url = try SyntheticBatch.write(count: n, to: dir, parameters: Self.tinyBook(seed:))
        return try BatchManifest.load(path: url.path)
    }

    @Test func resumeSkipsUpToDateBooksAndRerunsChangedOnes() async throws {
        let dir = try temporaryFolder()
        defer { cleanup(dir) }
        let m = try batch(2, in: dir)
        var defaults = m.defaults
        defaults.formats = ["csv", "md"]
        let job = try BatchReportJob(defaults: defaults, resume: true)

        let first = await BatchScheduler(jobs: 2).run(BatchRecorder(entries: m.entries), stop: BatchStop(), job: job.job)
        #expect(first.map(\.status) == [.ok, .ok], "\(first.map(\.message))")
        let manifest0 = try Manifest.read(folder: URL(fileURLWithPath: m.entries[0].out))
        #expect(manifest0.inputIdentity?.count == 64)
        #expect(manifest0.filesMatch(in: URL(fileURLWithPath: m.entries[0].out)))

        let second = await BatchScheduler(jobs: 2).run(BatchRecorder(entries: m.entries), stop: BatchStop(), job: job.job)
        #expect(second.map(\.status) == [.skipped, .skipped])

        // A changed input (one more comment line in book 1's config) and a tampered report (book 2).
        let config = URL(fileURLWithPath: m.entries[0].config)
        try Data((try String(contentsOf: config, encoding: .utf8) + "# edited\n").utf8).write(to: config)
        let tampered = URL(fileURLWithPath: m.entries[1].out).appendingPathComponent(manifest0.files[0].path)
        try Data("tampered".utf8).write(to: tampered)
        let third = await BatchScheduler(jobs: 2).run(BatchRecorder(entries: m.entries), stop: BatchStop(), job: job.job)
        // The changed input reruns; the tampered report is not replaced: --resume follows --force's
        // rule (every file listed unchanged), so an edited file is named, not lost.
        #expect(third.map(\.status) == [.ok, .failed])
        #expect(third[1].category == .input && third[1].message.contains(manifest0.files[0].path)
                && third[1].message.contains("changed") && third[1].message.contains("--force-discard"), "\(third[1].message)")
        #expect(try String(contentsOf: tampered, encoding: .utf8) == "tampered")
        let manifest1 = try Manifest.read(folder: URL(fileURLWithPath: m.entries[0].out))
        #expect(manifest1.inputIdentity != manifest0.inputIdentity)
        let discarding = try BatchReportJob(defaults: defaults, resume: true, forceDiscard: true)
        let discarded = await BatchScheduler(jobs: 1).run(BatchRecorder(entries: [m.entries[1]]), stop: BatchStop(), job: discarding.job)
        #expect(discarded.map(\.status) == [.ok])
        #expect(try Manifest.read(folder: URL(fileURLWithPath: m.entries[1].out)).filesMatch(in: URL(fileURLWithPath: m.entries[1].out)))

        // Another format set is another identity too.
        var csvOnly = defaults
        csvOnly.formats = ["csv"]
        let fourth = await BatchScheduler(jobs: 1).run(BatchRecorder(entries: [m.entries[0]]), stop: BatchStop(),
                                                       job: try BatchReportJob(defaults: csvOnly, resume: true).job)
        #expect(fourth.map(\.status) == [.ok])
    }

    @Test func aBrokenBookFailsAloneAndAnExistingOutputNeedsForce() async throws {
        let dir = try temporaryFolder()
        defer { cleanup(dir) }
        let m = try batch(1, in: dir)
        var defaults = m.defaults
        defaults.formats = ["csv"]
        let missing = BatchEntry(index: 1, name: "missing", config: dir.appendingPathComponent("nope/tearsheet.toml").path,
                                 out: dir.appendingPathComponent("reports/missing").path, line: 9)
        let job = try BatchReportJob(defaults: defaults)
        let outcomes = await BatchScheduler(jobs: 2).run(BatchRecorder(entries: m.entries + [missing]), stop: BatchStop(), job: job.job)
        #expect(outcomes.map(\.status) == [.ok, .failed])
        #expect(outcomes[1].category == .input)
        #expect(outcomes[1].message.contains("nope/tearsheet.toml"))
        #expect(!FileManager.default.fileExists(atPath: missing.out))

        let again = await BatchScheduler(jobs: 1).run(BatchRecorder(entries: m.entries), stop: BatchStop(), job: job.job)
        #expect(again[0].status == .failed && again[0].category == .input && again[0].message.contains("exists"))
        let forced = await BatchScheduler(jobs: 1).run(BatchRecorder(entries: m.entries), stop: BatchStop(),
                                                        job: try BatchReportJob(defaults: defaults, force: true).job)
        #expect(forced[0].status == .ok)
        // Nothing but the reports in the reports folder: no temporary folder left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("reports").path) == ["book-00001"])
    }

    @Test func forceInABatchRefusesAReviewersFileAndResumeSweepsEveryBooksTemporaryFolders() async throws {
        let dir = try temporaryFolder()
        defer { cleanup(dir) }
        let url = try SyntheticBatch.write(count: 2, to: dir, parameters: Self.tinyBook(seed:))
        let m = try BatchManifest.load(path: url.path)
        var defaults = m.defaults
        defaults.formats = ["csv"]
        let first = await BatchScheduler(jobs: 1).run(BatchRecorder(entries: m.entries), stop: BatchStop(),
                                                      job: try BatchReportJob(defaults: defaults).job)
        #expect(first.map(\.status) == [.ok, .ok])
        let approval = URL(fileURLWithPath: m.entries[0].out).appendingPathComponent("approval.sig")
        try Data("signed".utf8).write(to: approval)
        let forced = await BatchScheduler(jobs: 1).run(BatchRecorder(entries: m.entries), stop: BatchStop(),
                                                       job: try BatchReportJob(defaults: defaults, force: true).job)
        #expect(forced.map(\.status) == [.failed, .ok])
        #expect(forced[0].message.contains("approval.sig") && forced[0].message.contains("not written by tearsheet"), "\(forced[0].message)")
        #expect(try String(contentsOf: approval, encoding: .utf8) == "signed")

        // Hidden temporary folders a killed batch left beside both books (pid 2147483646 does not
        // exist), and one of this live process: --resume removes the dead ones of every book.
        var dead: [String] = []
        for e in m.entries {
            let out = URL(fileURLWithPath: e.out).standardizedFileURL
            let stale = out.deletingLastPathComponent().appendingPathComponent(".\(out.lastPathComponent).tmp-2147483646-3")
            try FileManager.default.createDirectory(at: stale.appendingPathComponent("csv"), withIntermediateDirectories: true)
            dead.append(stale.path)
        }
        let out0 = URL(fileURLWithPath: m.entries[0].out).standardizedFileURL
        let live = out0.deletingLastPathComponent().appendingPathComponent(".\(out0.lastPathComponent).tmp-\(getpid())-9")
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)
        let run = try BatchRun(BatchRun.Request(manifest: url.path, jobs: 1, resume: true))
        #expect(Set(run.sweepStaleTemporaryFolders()) == Set(dead))
        for p in dead { #expect(!FileManager.default.fileExists(atPath: p)) }
        #expect(FileManager.default.fileExists(atPath: live.path))
        try FileManager.default.removeItem(at: live)
    }

    @Test func staleTemporaryFoldersOfDeadProcessesAreSwept() throws {
        let dir = try temporaryFolder()
        defer { cleanup(dir) }
        let out = dir.appendingPathComponent("reports/acme").path
        let dead = dir.appendingPathComponent("reports/.acme.tmp-2147483646-17").path
        let mine = dir.appendingPathComponent("reports/.acme.tmp-\(getpid())-5").path
        let other = dir.appendingPathComponent("reports/.acme2.tmp-2147483646-1").path
        for p in [dead, mine, other] { try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true) }
        #expect(TempFolders.removeStale(for: out) == [dead])
        #expect(FileManager.default.fileExists(atPath: mine) && FileManager.default.fileExists(atPath: other))
        TempFolders.removeOwn(for: out)
        #expect(!FileManager.default.fileExists(atPath: mine) && FileManager.default.fileExists(atPath: other))
    }

    @Test func manifestRoundTripsWithAndWithoutIdentity() throws {
        var m = Manifest(toolVersion: "0.1.0", generatedAt: "2026-01-01T00:00:00Z",
                         files: [Manifest.Entry(path: "a.csv", sha256: String(repeating: "0", count: 64), bytes: 3)])
        #expect(!String(decoding: try m.json(), as: UTF8.self).contains("inputIdentity"))
        #expect(try Manifest.parse(m.json()) == m)
        m.inputIdentity = String(repeating: "f", count: 64)
        #expect(try Manifest.parse(m.json()) == m)
        // The same manifest gives the same bytes (a rerun compares them), ending in one newline.
        #expect(try m.json() == m.json())
        #expect(try m.json().last == 0x0A)
        for bad in ["{}", "{\"tool\": \"other\", \"toolVersion\": \"1\", \"generatedAt\": \"x\", \"files\": []}", "[", ""] {
            #expect(throws: RenderError.io(path: "manifest.json", message: "not a tearsheet manifest.json")) {
                _ = try Manifest.parse(Data(bad.utf8))
            }
        }
    }
}
