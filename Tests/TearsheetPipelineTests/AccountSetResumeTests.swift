import Foundation
import Testing
import TearsheetDemo
import TearsheetRender
@testable import TearsheetPipeline
import TearsheetCore
import TearsheetReport

/// A batch whose book asks for one report per account (`[report] accounts = "each"`), for a
/// batch-wide period: every account's set is written and stamped, and `--resume` skips the book
/// only while every account's report is intact.
@Suite(.serialized) struct AccountSetResumeTests {
    @Test func perAccountSetsForAPeriodAreWrittenStampedAndResumed() async throws {
        let dir = try temporaryFolder()
        defer { cleanup(dir) }
        let url = try SyntheticBatch.write(count: 1, to: dir) { seed in
            SyntheticBook.Parameters(trades: 200, symbols: 6, years: 1, accounts: 2, strategies: 2, seed: seed, sleeveDeposit: 100_000)
        }
        let m = try BatchManifest.load(path: url.path)
        let config = URL(fileURLWithPath: m.entries[0].config)
        try Data((try String(contentsOf: config, encoding: .utf8) + "\n[report]\naccounts = \"each\"\n").utf8).write(to: config)
        var defaults = m.defaults
        defaults.formats = ["csv", "md"]
        defaults.period = "2016-06"
        let job = try BatchReportJob(defaults: defaults, resume: true)

        let first = await BatchScheduler(jobs: 1).run(BatchRecorder(entries: m.entries), stop: BatchStop(), job: job.job)
        #expect(first.map(\.status) == [.ok], "\(first.map(\.message))")
        let out = URL(fileURLWithPath: m.entries[0].out)
        let folders = BookIdentity.reportFolders(out: out.path)
        #expect(folders.count == 2 && folders.allSatisfy { $0.deletingLastPathComponent().lastPathComponent == "accounts" }, "\(folders)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path), "accounts = each: no book report")
        for f in folders {
            let manifest = try Manifest.read(folder: f)
            #expect(manifest.inputIdentity?.count == 64)
            let md = try String(contentsOf: f.appendingPathComponent("report.md"), encoding: .utf8)
            #expect(md.contains("2016-06-30"), "the June 2016 period ends on its last trading day")
        }

        let second = await BatchScheduler(jobs: 1).run(BatchRecorder(entries: m.entries), stop: BatchStop(), job: job.job)
        #expect(second.map(\.status) == [.skipped])

        // One account's report edited: --resume does not write over it (the same rule as --force:
        // every file listed unchanged), it names the file; --force-discard writes the whole set again.
        let victim = try #require(folders.last).appendingPathComponent("report.md")
        try Data("damaged".utf8).write(to: victim)
        let third = await BatchScheduler(jobs: 1).run(BatchRecorder(entries: m.entries), stop: BatchStop(), job: job.job)
        #expect(third.map(\.status) == [.failed])
        #expect(third.first?.message.contains("changed since the report was written") == true, "\(third.first?.message ?? "")")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "damaged")
        let discarding = try BatchReportJob(defaults: defaults, resume: true, forceDiscard: true)
        let fourth = await BatchScheduler(jobs: 1).run(BatchRecorder(entries: m.entries), stop: BatchStop(), job: discarding.job)
        #expect(fourth.map(\.status) == [.ok])
        #expect(try String(contentsOf: victim, encoding: .utf8) != "damaged")
    }
}
