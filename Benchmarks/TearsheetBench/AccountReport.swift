// `tearsheet-bench account-report [--runs K]`: one account of the batch target's shape (5 years of
// SPY's trading days, 3 sleeves, 2,000 trades, 40 symbols), reported against SPY and QQQ in all four
// formats, with the time of each step, so the per-book cost of a 1,000-account batch is visible.
import Foundation
import TearsheetDemo
import TearsheetIngest
import TearsheetReport
import TearsheetRender
import TearsheetCore
import TearsheetPipeline

/// Writes (once) and returns the folder of the benchmark account.
func accountBook(benchmarksDir dir: String, seed: UInt64 = 7) throws -> URL {
    let folder = cache.appendingPathComponent("account-5y-3-sleeves-\(seed)")
    if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("tearsheet.toml").path) {
        var findings = Findings()
        guard let spy = BenchmarkStore(directory: dir).load("SPY", findings: &findings) else {
            throw TearsheetError.invalidInput(findings.items)
        }
        var p = SyntheticBook.Parameters(trades: 2_000, symbols: 40, years: 5, accounts: 1, strategies: 3, seed: seed,
                                         start: Day(iso: "2020-01-02")!, sleeveDeposit: 1_000_000)
        p.calendar = spy.closes.days
        p.benchmarks = ["SPY", "QQQ"]
        p.benchmarksDir = dir
        _ = try SyntheticBook.write(p, to: folder)
    }
    return folder
}

func accountReportMode(runs: Int) throws {
    guard let dir = BenchmarkStore.defaultDirectory() else { throw TearsheetError.internalFailure("run from the project folder: benchmarks-data not found") }
    let book = try accountBook(benchmarksDir: URL(fileURLWithPath: dir).standardizedFileURL.path)
    let config = book.appendingPathComponent("tearsheet.toml").path
    let templates = try TemplateSet.standard()
    let out = cache.appendingPathComponent("account-report")
    var run: BookRun?
    var doc: ReportDocument?
    _ = try measure("one account, 5 y, 3 sleeves, 2,000 trades vs SPY, QQQ: ingest to analytics (BookRunner.run)", runs: runs) {
        run = try BookRunner.run(BookRunRequest(configPath: config))
    }
    _ = try measure("  report model (ReportBuilder.build)", runs: runs) {
        doc = ReportBuilder(run: run!, generatedAt: GenerationTime(secondsSinceEpoch: 1_700_000_000)).build()
    }
    for format in ReportFormat.allCases {
        _ = try measure("  render and write \(format)", runs: runs) {
            _ = try ReportWriter.write(doc!, formats: [format], to: out, templates: templates, force: true)
        }
    }
    _ = try measure("  the whole report set (run + build + all formats + manifest)", runs: runs) {
        let r = try BookRunner.run(BookRunRequest(configPath: config))
        let d = ReportBuilder(run: r, generatedAt: GenerationTime(secondsSinceEpoch: 1_700_000_000)).build()
        _ = try ReportWriter.write(d, formats: Set(ReportFormat.allCases), to: out, templates: templates, force: true)
    }
}
