import Foundation
import Testing
import TearsheetCore
import TearsheetIngest
import TearsheetMetrics
import TearsheetReport
import TearsheetRender
@testable import TearsheetPipeline

/// Gross of fees through the pipeline, and `strict`: on the small fixed book (Q1 2024, one FEE
/// flow of -25 on 2024-03-21).
@Suite struct FeesAndStrictTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let smallBook = root.appendingPathComponent("Tests/TearsheetRenderTests/Fixtures/small-book")
    static let benchmarks = root.appendingPathComponent("benchmarks-data").path

    /// The small book copied into a fresh folder, `edit` applied to its trades file, with `extra`
    /// lines at the top of the config.
    static func book(extra: String = "", edit: (String) -> String = { $0 }) throws -> (folder: URL, config: String) {
        let dir = try temporaryFolder("fees")
        for f in ["cashflows.csv", "prices.csv", "tearsheet.toml"] {
            try FileManager.default.copyItem(at: smallBook.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        let trades = try String(contentsOf: smallBook.appendingPathComponent("trades.csv"), encoding: .utf8)
        try edit(trades).write(to: dir.appendingPathComponent("trades.csv"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("tearsheet.toml")
        let config = try String(contentsOf: path, encoding: .utf8)
        try (extra + "\n" + config).write(to: path, atomically: true, encoding: .utf8)
        return (dir, path.path)
    }

    @Test func grossOfFeesAddsTheFeeBackOnTheDaysDenominator() throws {
        let (dir, config) = try Self.book()
        defer { cleanup(dir) }
        let run = try BookRunner.run(BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks))
        let t = run.valuation.total
        let gross = try #require(run.grossOfFees)
        #expect(run.feeFlows == 25)
        // Independently: the day's return from NAV and flows (start of day), the fee added to its numerator.
        let feeDay = try #require(t.days.firstIndex(of: Day(year: 2024, month: 3, day: 21)!))
        var growthNet = 1.0, growthGross = 1.0
        for i in t.days.indices {
            let prev = i == 0 ? 0 : t.nav[i - 1]
            let d = prev + t.flows[i]
            let pnl = t.nav[i] - prev - t.flows[i]
            let r = d > 0 ? pnl / d : 0
            growthNet *= 1 + r
            growthGross *= 1 + (d > 0 ? (pnl + (i == feeDay ? 25 : 0)) / d : 0)
        }
        #expect(close(run.metrics.portfolio.value("total_return")?.double, growthNet - 1, rel: 1e-9))
        #expect(close(gross.value("total_return")?.double, growthGross - 1, rel: 1e-9))
        #expect(growthGross > growthNet)
        // A quarter of history: neither series is annualised.
        #expect(gross.value("cagr")?.double == nil)
        #expect(run.metrics.portfolio.value("cagr")?.note?.contains("less than a year") == true)
        #expect(gross.trailing.first { $0.label == "ITD" }?.annualised == false)
        // The report shows both.
        let doc = ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 0)).build()
        let text = "\(doc)"
        #expect(text.contains("gross of fees"))
    }

    /// The optional `kind` column of cashflows.csv: FEE flows summed by kind in the run and the
    /// summary; a kind on another type of flow is a located warning.
    @Test func feeFlowsAreSummedByKind() throws {
        let (dir, config) = try Self.book()
        defer { cleanup(dir) }
        let flows = dir.appendingPathComponent("cashflows.csv")
        try """
        date,account,amount,type,strategy,kind
        2024-01-02,ACC-1,60000,DEPOSIT,trend,
        2024-01-02,ACC-1,40000,DEPOSIT,rotation,
        2024-01-02,ACC-1,20000,DEPOSIT,meanrev,
        2024-01-02,ACC-1,5000,DEPOSIT,,custody
        2024-02-14,ACC-1,-2000,WITHDRAWAL,,
        2024-02-22,ACC-1,12.5,INTEREST,,
        2024-03-01,ACC-1,-100,FEE,,Management
        2024-03-21,ACC-1,-25,FEE,,custody
        2024-03-22,ACC-1,-5,FEE,,

        """.write(to: flows, atomically: true, encoding: .utf8)
        let run = try BookRunner.run(BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks))
        #expect(run.feesByKind == [FeeKindTotal(kind: "custody", amount: 25), FeeKindTotal(kind: "management", amount: 100),
                                   FeeKindTotal(kind: "unspecified", amount: 5)])
        #expect(abs(run.feeFlows - 130) <= 1e-9)
        #expect(run.warnings.contains { $0.code == "kind-on-non-fee" && $0.line == 5 && $0.column == 6 })
        let doc = ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 0)).build()
        let summary = try #require(doc.allTables.first { $0.id == "summary-book" })
        #expect(summary.rows.contains { r in if case .text("FEE flows: management (USD)") = r[0] { return r[1].number == 100 } else { return false } })
    }

    @Test func bookWithoutFeeFlowsHasNoGrossSeries() throws {
        let (dir, config) = try Self.book()
        defer { cleanup(dir) }
        let flows = dir.appendingPathComponent("cashflows.csv")
        let text = try String(contentsOf: flows, encoding: .utf8).split(separator: "\n").filter { !$0.contains(",FEE,") }.joined(separator: "\n")
        try (text + "\n").write(to: flows, atomically: true, encoding: .utf8)
        let run = try BookRunner.run(BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks))
        #expect(run.grossOfFees == nil)
        #expect(run.feeFlows == 0)
    }

    /// T9 sold about 40% above the close (fill_tolerance is 20%): a `fill-far-from-close` warning.
    static func farFill(_ trades: String) -> String { trades.replacingOccurrences(of: "SELL,40,499.87", with: "SELL,40,699.87") }

    @Test func warningsAreListedAndStrictRefusesThemBeforeWriting() throws {
        let (dir, config) = try Self.book(edit: Self.farFill)
        defer { cleanup(dir) }
        let request = BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks)
        let out = dir.appendingPathComponent("out")
        let written = try BookReportSet.write(request: request, options: BookReportSet.Options(formats: [.markdown]), to: out, force: false)
        #expect(written.warnings.contains { $0.code == "fill-far-from-close" && $0.file.hasSuffix("trades.csv") && $0.line == 10 })
        #expect(written.warnings.count == written.reports[0].warnings)

        let strictOut = dir.appendingPathComponent("strict")
        #expect {
            try BookReportSet.write(request: request, options: BookReportSet.Options(formats: [.markdown], strict: true), to: strictOut, force: false)
        } throws: { error in
            guard case TearsheetError.invalidInput(let fs) = error else { return false }
            return fs.contains { $0.code == "fill-far-from-close" } && fs.last?.code == "strict-warnings" && fs.last?.severity == .error
        }
        #expect(!FileManager.default.fileExists(atPath: strictOut.path))
    }

    /// A deposit dated on a Saturday moves to Monday with an informational finding: listed with
    /// the run's findings, never refused by strict mode.
    @Test func strictPassesInformationalFindings() throws {
        let (dir, config) = try Self.book(extra: "strict = true")
        defer { cleanup(dir) }
        let flows = dir.appendingPathComponent("cashflows.csv")
        let text = try String(contentsOf: flows, encoding: .utf8)
        try (text + "2024-03-02,ACC-1,1000,DEPOSIT,trend\n").write(to: flows, atomically: true, encoding: .utf8)
        let written = try BookReportSet.write(request: BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks),
                                              options: BookReportSet.Options(formats: [.markdown]), to: dir.appendingPathComponent("out"), force: false)
        #expect(written.warnings.contains { $0.code == "flow-rolled" && $0.severity == .info && $0.message.contains("2024-03-04") })
        #expect(!written.warnings.contains { $0.severity == .warning })
        let md = try String(contentsOf: dir.appendingPathComponent("out/report.md"), encoding: .utf8)
        #expect(md.contains("informational finding"))
    }

    @Test func strictInTheConfigRefusesToo() throws {
        let (dir, config) = try Self.book(extra: "strict = true", edit: Self.farFill)
        defer { cleanup(dir) }
        let out = dir.appendingPathComponent("out")
        #expect(throws: TearsheetError.self) {
            try BookReportSet.write(request: BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks),
                                    options: BookReportSet.Options(formats: [.markdown]), to: out, force: false)
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // Without a warning, strict changes nothing.
        let (clean, cleanConfig) = try Self.book(extra: "strict = true")
        defer { cleanup(clean) }
        let written = try BookReportSet.write(request: BookRunRequest(configPath: cleanConfig, benchmarksDir: Self.benchmarks),
                                              options: BookReportSet.Options(formats: [.markdown]), to: clean.appendingPathComponent("out"), force: false)
        #expect(written.warnings.isEmpty)
    }
}

extension FeesAndStrictTests {
    /// A batch's book: its warnings come back with the job's result; `--strict` fails the book
    /// (an input failure, exit code 1) with nothing written.
    @Test func batchJobCarriesWarningsAndStrictFailsTheBook() throws {
        let (dir, config) = try Self.book(edit: Self.farFill)
        defer { cleanup(dir) }
        let out = dir.appendingPathComponent("out").path
        let entry = BatchEntry(index: 0, name: "far", config: config, out: out, line: 2)
        let defaults = BatchDefaults(formats: ["md"], benchmarksDir: Self.benchmarks)
        let ok = try BatchReportJob(defaults: defaults).run(entry)
        #expect(ok.warnings.contains { $0.code == "fill-far-from-close" })
        #expect(FileManager.default.fileExists(atPath: out))

        var strict = defaults
        strict.strict = true
        let strictOut = dir.appendingPathComponent("strict").path
        let outcome = BatchScheduler.execute(BatchEntry(index: 1, name: "far", config: config, out: strictOut, line: 3),
                                             try BatchReportJob(defaults: strict).job)
        #expect(outcome.status == .failed)
        #expect(outcome.category == .input)
        #expect(outcome.message.contains("strict mode"))
        #expect(!FileManager.default.fileExists(atPath: strictOut))
        // The command-line override turns strict on for every book.
        #expect(BatchRun.Overrides(strict: true).applied(to: defaults, folder: "/").strict)
        #expect(!BatchRun.Overrides().applied(to: defaults, folder: "/").strict)
    }
}

private func close(_ a: Double?, _ b: Double, rel: Double) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= rel * max(abs(a), abs(b)) + 1e-15
}
