import Foundation
import Testing
import TearsheetCore
import TearsheetIngest
import TearsheetReport
@testable import TearsheetRender
import TearsheetPipeline

/// Reports for a reporting period and per-account report sets, on `PeriodBook` (hand-checked).
@Suite struct PeriodReportTests {
    static let generated = GenerationTime(secondsSinceEpoch: 1_700_000_000)

    func run(_ book: PeriodBook, period: String?, in folder: URL, report: String = "") throws -> BookRun {
        let config = try book.write(to: folder, report: report)
        return try BookRunner.run(BookRunRequest(configPath: config, benchmarksDir: PeriodBook.benchmarks.path,
                                                 period: period.flatMap(ReportingPeriod.parse)))
    }

    func close(_ a: Double, _ b: Double, _ tol: Double = 1e-9) -> Bool { abs(a - b) <= tol * max(1, abs(b)) }

    /// February 2024 of ACC-1, by hand: January ends with 8,999 cash + 10 ABC at 100 = 9,999.
    /// February: ABC to 105 (+50 on the 10 held), buy 5 at 105 (fee 1), dividend 20, fee 5,
    /// withdrawal 1,000, deposit 500: P&L = 50 + 20 - 6 = 64, ending NAV 9,999 + 500 - 1,000 + 64 =
    /// 9,563 (cash 7,988 + 15 x 105). Flows earn nothing (ABC flat on those days), so the
    /// time-weighted return is 10,063 / 9,999 - 1.
    @Test func februaryStatementReconcilesByHand() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        let r = try run(PeriodBook(), period: "2024-02", in: folder)
        #expect(r.reportingPeriod == Day(year: 2024, month: 2, day: 1)!...Day(year: 2024, month: 2, day: 29)!)
        // The whole pipeline stops at the period's end.
        #expect(r.valuation.days.last == Day(year: 2024, month: 2, day: 29)!)
        #expect(r.valuation.days.first == Day(year: 2024, month: 1, day: 2)!)
        let s = try #require(r.periodStatement)
        #expect(close(s.beginNAV, 9_999))
        #expect(close(s.deposits, 500) && close(s.withdrawals, -1_000))
        #expect(close(s.tradingPnL, 50) && close(s.income, 20) && close(s.fees, 6) && close(s.pnl, 64))
        #expect(close(s.endNAV, 9_563))
        #expect(abs(s.reconciliationDifference) <= 1e-9 && abs(s.flowDifference) <= 1e-9 && s.reconciles)
        #expect(s.trades == 1)
        #expect(s.days == PeriodBook.tradingDaysCount(2024, 2))
        let pa = try #require(r.periodAttribution)
        #expect(close(pa.totalReturn, 10_063.0 / 9_999.0 - 1, 1e-12))
        let sum = pa.strategy.sleeves.reduce(0) { $0 + $1.contribution }
        #expect(abs(sum + pa.residual - pa.totalReturn) <= 1e-15 && abs(pa.residual) <= 1e-12)
        // SPY over the same days: the February close over the January close.
        let spy = try #require(r.benchmarks.first { $0.symbol == "SPY" })
        let b = spy.closes[Day(year: 2024, month: 2, day: 29)!]! / spy.closes[Day(year: 2024, month: 1, day: 31)!]! - 1
        let active = try #require(pa.active.first { $0.symbol == "SPY" })
        #expect(close(active.benchmarkReturn, b, 1e-12))
        #expect(close(active.activeReturn, pa.totalReturn - b, 1e-12))

        let doc = ReportBuilder(run: r, generatedAt: Self.generated).build()
        #expect(doc.validate().isEmpty)
        #expect(doc.sections.first?.id == "reporting-period")
        #expect(doc.period == ReportPeriod(start: Day(year: 2024, month: 2, day: 1)!, end: Day(year: 2024, month: 2, day: 29)!))
        #expect(doc.provenance.period == doc.period)
        let statement = try #require(doc.allTables.first { $0.id == "period-statement" })
        #expect(statement.rows.map { $0[1].number } == [s.beginNAV, 500, -1_000, s.tradingPnL, s.income, -s.fees, s.pnl, s.endNAV,
                                                        s.reconciliationDifference, 1])
        let returns = try #require(doc.allTables.first { $0.id == "period-returns" })
        #expect(returns.rows.map { r -> String? in if case .text(let t) = r[0] { return t } else { return nil } } == ["Portfolio (time-weighted)", "Portfolio (money-weighted, Modified Dietz)",
                                                                                                                     "Portfolio (money-weighted, XIRR over the period)", "SPY", "QQQ"])
        // Modified Dietz by hand: from the close of 2024-01-31 (9,999) to 2024-02-29 (9,563), 29 days;
        // flows at the start of their day: -1,000 on 02-22 (invested 8 of 29 days), +500 on 02-26 (4 of 29).
        let mw = try #require(r.periodMoneyWeighted)
        #expect(close(try #require(mw.modifiedDietz.double), 64 / (9_999 - 1_000 * 8.0 / 29 + 500 * 4.0 / 29), 1e-12))
        #expect(close(mw.netFlows, -500))
        let sleeves = try #require(doc.allTables.first { $0.id == "period-contributions" })
        #expect(close(sleeves.rows.dropLast().compactMap { $0[3].number }.reduce(0, +), pa.totalReturn, 1e-12))
    }

    /// A period starting before inception starts at inception: its beginning NAV is 0 and the
    /// first deposit is a flow of the period.
    @Test func aPeriodBeforeInceptionStartsAtInception() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        let r = try run(PeriodBook(), period: "2023-12-01..2024-01-31", in: folder)
        #expect(r.reportingPeriod == Day(year: 2024, month: 1, day: 2)!...Day(year: 2024, month: 1, day: 31)!)
        let s = try #require(r.periodStatement)
        #expect(s.beginNAV == 0 && close(s.deposits, 10_000) && close(s.endNAV, 9_999) && close(s.pnl, -1) && s.trades == 1)
        #expect(s.reconciles)
    }

    @Test func aPeriodOutsideTheBookIsAConfigError() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        for p in ["2023", "2024-05", "2023-06-01..2023-12-31"] {
            #expect(throws: TearsheetError.self, "\(p)") { _ = try run(PeriodBook(), period: p, in: folder) }
            do { _ = try run(PeriodBook(), period: p, in: folder) } catch let e as TearsheetError {
                #expect(e.exitCode == 1)
                guard case .config(_, let message) = e else { Issue.record("expected .config, got \(e)"); continue }
                #expect(message.contains("holds no trading day of the book"))
            }
        }
    }

    /// The config's `[report] period` is used when the request has none.
    @Test func theConfigPeriodApplies() throws {
        let folder = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(folder) }
        let r = try run(PeriodBook(), period: nil, in: folder, report: "period = \"2024-02\"")
        #expect(r.reportingPeriod?.upperBound == Day(year: 2024, month: 2, day: 29)!)
        let r2 = try run(PeriodBook(), period: nil, in: folder, report: "from = 2024-02-01\nto = \"2024-02-29\"")
        #expect(r2.reportingPeriod == r.reportingPeriod)
    }

    /// History after the period's end must not reach any number: appending trades, flows and
    /// prices after the end leaves every section of the report unchanged (the provenance changes,
    /// as it must: it hashes the input files).
    @Test func dataAfterThePeriodDoesNotLeak() throws {
        let a = try TestSupport.tempFolder(), b = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(a); TestSupport.cleanup(b) }
        let plain = try run(PeriodBook(), period: "2024-02", in: a)
        var longer = PeriodBook()
        longer.pricesThrough = Day(year: 2024, month: 4, day: 30)!
        longer.extraTrades = ["X1,2024-03-04T15:30:00-05:00,ACC-1,core,ABC,SELL,15,110,3,USD",
                              "X2,2024-04-10T15:30:00-05:00,ACC-1,swing,ABC,BUY,20,120,2,USD"]
        longer.extraFlows = ["2024-03-15,ACC-1,50000,DEPOSIT,", "2024-04-02,ACC-1,-300,FEE,"]
        let extended = try run(longer, period: "2024-02", in: b)
        // The files hold the later rows; the run's ledger stops at the period's end.
        #expect(extended.inputs.first { $0.path == "trades.csv" }?.rows == 4)
        #expect(extended.ledger == plain.ledger)
        let d1 = ReportBuilder(run: plain, generatedAt: Self.generated).build()
        let d2 = ReportBuilder(run: extended, generatedAt: Self.generated).build()
        #expect(d1.sections.count == d2.sections.count)
        for (s1, s2) in zip(d1.sections, d2.sections) { #expect(s1 == s2, "section \(s1.id) changed") }
        #expect(d1.title == d2.title && d1.subtitle == d2.subtitle && d1.period == d2.period)
        #expect(d1.provenance.inputs != d2.provenance.inputs)
    }

    /// `--to` on a Saturday and on the Friday before give byte-identical report sets, manifest and
    /// provenance included; so do a month end on a holiday weekend (2024-03-31, a Sunday after Good
    /// Friday) and the last trading day (Thursday 2024-03-28).
    @Test func weekendAndHolidayEndsGiveByteIdenticalReports() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let config = try PeriodBook().write(to: root.appendingPathComponent("book"))
        func write(_ to: String, _ name: String) throws -> URL {
            let request = BookRunRequest(configPath: config, benchmarksDir: PeriodBook.benchmarks.path,
                                         period: try ReportingPeriod.make(period: nil, from: "2024-02-01", to: to, source: "test"))
            let out = root.appendingPathComponent(name)
            _ = try BookReportSet.write(request: request, options: .init(formats: [.markdown, .html, .csv, .xlsx], generatedAt: Self.generated),
                                        to: out, force: false)
            return out
        }
        for (a, b) in [("2024-03-02", "2024-03-01"), ("2024-03-31", "2024-03-28")] {
            let x = try write(a, "to-\(a)"), y = try write(b, "to-\(b)")
            let files = try FileManager.default.contentsOfDirectory(atPath: x.path).sorted()
            #expect(files == (try FileManager.default.contentsOfDirectory(atPath: y.path).sorted()))
            #expect(files.contains("manifest.json") && files.contains("report.md") && files.contains("report.xlsx"))
            for f in PeriodBook.allFiles(x) {
                let fx = FileManager.default.contents(atPath: x.appendingPathComponent(f).path)
                let fy = FileManager.default.contents(atPath: y.appendingPathComponent(f).path)
                #expect(fx != nil && fx == fy, "\(f) differs between --to \(a) and --to \(b)")
            }
            let md = try String(contentsOf: x.appendingPathComponent("report.md"), encoding: .utf8)
            #expect(md.contains("2024-02-01 to \(b)"))
        }
    }

    /// `[report] xlsx_daily = false` reaches every workbook of the set (the book's and each
    /// account's); the set's options win over the config.
    @Test func xlsxDailyFromTheConfigAndTheOptions() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        var book = PeriodBook()
        book.accounts = ["ACC-1", "ACC-2"]
        let config = try book.write(to: root.appendingPathComponent("book"), report: "accounts = \"both\"\nxlsx_daily = false")
        let request = BookRunRequest(configPath: config, benchmarksDir: PeriodBook.benchmarks.path)
        func sheets(_ out: URL, _ options: BookReportSet.Options) throws -> [String]? {
            _ = try BookReportSet.write(request: request, options: options, to: out, force: false)
            var all: [String] = []
            for folder in [out, out.appendingPathComponent("accounts/acc-1"), out.appendingPathComponent("accounts/acc-2")] {
                guard let wb = try TestSupport.unzipMember(folder.appendingPathComponent("report.xlsx"), "xl/workbook.xml") else { return nil }
                all.append(wb)
            }
            return all
        }
        guard let off = try sheets(root.appendingPathComponent("off"), .init(formats: [.csv, .xlsx], generatedAt: Self.generated)),
              let on = try sheets(root.appendingPathComponent("on"), .init(formats: [.csv, .xlsx], generatedAt: Self.generated, xlsxDaily: true)) else {
            withKnownIssue("neither /usr/bin/unzip nor python3 is available to read the XLSX") { Issue.record("skipped") }
            return
        }
        #expect(off.count == 3 && on.count == 3)
        #expect(off.allSatisfy { !$0.contains("name=\"Daily valuation\"") && $0.contains("name=\"Daily series\"") })
        #expect(on.allSatisfy { $0.contains("name=\"Daily valuation\"") && !$0.contains("name=\"Daily series\"") })
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("off/csv/daily.csv").path))
    }

    /// `accounts = "both"`: the book in OUT/, each account in OUT/accounts/<slug>/ with its own
    /// manifest listing only its own files; an account's report never names another account.
    @Test func perAccountLayoutWithManifests() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        var book = PeriodBook()
        book.accounts = ["ACC-1", "Family Trust #2"]
        let config = try book.write(to: root.appendingPathComponent("book"), report: "accounts = \"both\"\nperiod = \"2024-02\"")
        let out = root.appendingPathComponent("out")
        let written = try BookReportSet.write(request: BookRunRequest(configPath: config, benchmarksDir: PeriodBook.benchmarks.path),
                                              options: .init(formats: [.markdown, .csv], generatedAt: Self.generated), to: out, force: false)
        #expect(written.reports.map(\.account) == [nil, "ACC-1", "Family Trust #2"])
        #expect(written.reports.map(\.output.folder.lastPathComponent) == ["out", "acc-1", "family-trust-2"])
        let top = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(!top.contains("accounts/"))
        for (slug, other) in [("acc-1", "Family Trust"), ("family-trust-2", "ACC-1")] {
            let folder = out.appendingPathComponent("accounts/\(slug)")
            let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
            let listed = PeriodBook.allFiles(folder).filter { $0 != "manifest.json" }
            #expect(!listed.isEmpty)
            for f in listed { #expect(manifest.contains("\"path\" : \"\(f)\""), "\(slug): \(f) not in its manifest") }
            let md = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
            #expect(!md.contains(other), "\(slug)'s report names \(other)")
            #expect(md.contains("## Period"))
        }
        // ACC-2 is ACC-1 doubled, so its February statement is twice ACC-1's and the book's three times.
        let loaded = try BookRunner.load(BookRunRequest(configPath: config, benchmarksDir: PeriodBook.benchmarks.path))
        let s1 = try #require(try BookRunner.analyse(loaded, account: "ACC-1").periodStatement)
        let s2 = try #require(try BookRunner.analyse(loaded, account: "Family Trust #2").periodStatement)
        let sb = try #require(try BookRunner.analyse(loaded, account: nil).periodStatement)
        #expect(close(s2.endNAV, 2 * s1.endNAV) && close(sb.endNAV, 3 * s1.endNAV) && close(sb.pnl, 3 * s1.pnl))
        #expect(sb.trades == 2 && s1.trades == 1)
        // Without force the existing set is left alone.
        #expect(throws: RenderError.outputExists(path: out.standardizedFileURL.path)) {
            _ = try BookReportSet.write(request: BookRunRequest(configPath: config, benchmarksDir: PeriodBook.benchmarks.path),
                                        options: .init(formats: [.csv], generatedAt: Self.generated), to: out, force: false)
        }
    }

    /// Two accounts whose folder names collide are a config error, and nothing is written.
    @Test func collidingAccountSlugsAreAnError() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        var book = PeriodBook()
        book.accounts = ["ACC 1", "acc-1"]
        let config = try book.write(to: root.appendingPathComponent("book"))
        let out = root.appendingPathComponent("out")
        do {
            _ = try BookReportSet.write(request: BookRunRequest(configPath: config, benchmarksDir: PeriodBook.benchmarks.path),
                                        options: .init(formats: [.csv], accounts: .each, generatedAt: Self.generated), to: out, force: false)
            Issue.record("expected an error")
        } catch let e as TearsheetError {
            guard case .config(_, let message) = e else { Issue.record("\(e)"); return }
            #expect(message.contains("\"ACC 1\" and \"acc-1\""))
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["book"])
    }

    /// `accounts = "each"` with a period: an account without a day in it is skipped and named.
    @Test func eachSkipsAnAccountOutsideThePeriod() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        var book = PeriodBook()
        book.extraTrades = ["L1,2024-03-12T15:30:00-05:00,LATE,core,ABC,BUY,1,110,0,USD"]
        book.extraFlows = ["2024-03-12,LATE,1000,DEPOSIT,"]
        let config = try book.write(to: root.appendingPathComponent("book"))
        let request = BookRunRequest(configPath: config, benchmarksDir: PeriodBook.benchmarks.path, period: ReportingPeriod.parse("2024-02"))
        let written = try BookReportSet.write(request: request, options: .init(formats: [.csv], accounts: .each, generatedAt: Self.generated),
                                              to: root.appendingPathComponent("out"), force: false)
        #expect(written.reports.map(\.account) == ["ACC-1"])
        #expect(written.skipped.map(\.account) == ["LATE"])
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out/manifest.json").path))
    }
}

extension PeriodBook {
    /// Every file under `folder`, as relative paths, sorted.
    static func allFiles(_ folder: URL) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var out: [String] = []
        for case let p as String in e {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(p).path, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
        }
        return out.sorted()
    }

    static func tradingDaysCount(_ year: Int, _ month: Int) -> Int {
        let start = Day(year: year, month: month, day: 1)!
        return (try? tradingDays(start...start.monthEnd).count) ?? -1
    }
}
