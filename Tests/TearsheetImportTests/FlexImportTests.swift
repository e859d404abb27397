import Foundation
import Testing
import TearsheetCore
import TearsheetImport
import TearsheetPipeline
import TearsheetRender

/// The main fixture: two statement files (June 2024 in two halves, overlapping on June 14) of two
/// accounts: stocks, weekly calls and puts expiring, a call assigned, a put assigned and a call
/// exercised, NVDA's 10-for-1 split, dividends with withholding, interest received and paid, fees,
/// a deposit per account and a withdrawal. Imported, then run through the pipeline.
@Suite struct FlexImportTests {
    /// The statements' own NAV (OpenPositions positionValue + CashReport endingCash), by hand:
    /// U1111111 on June 14: no position, cash 101,447.60; on June 28: 100 NVDA x 123.54 + 84,007.64.
    /// U2222222 on June 14: 100 NVDA x 131.88 + 50 SPY x 542.78 + 12,571.75; on June 28: 12,354 + 39,997.54.
    static let statementNAV: [(String, String, Double)] = [
        ("U1111111", "2024-06-14", 101447.60), ("U1111111", "2024-06-28", 12354 + 84007.64),
        ("U2222222", "2024-06-14", 13188 + 27139 + 12571.75), ("U2222222", "2024-06-28", 12354 + 39997.54),
    ]

    @Test func theImportedBookReconcilesToTheStatementsOnEveryStatementDate() throws {
        let dir = try Fixture.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("book")
        let (book, _) = try ImportRunner.run(Fixture.request(out: out, config: try Fixture.rules(in: dir)))
        // The statement's own figures, as the import read them.
        #expect(book.figures.count == 4)
        for (account, day, nav) in Self.statementNAV {
            let f = try #require(book.figures.first { $0.account == account && $0.day.description == day })
            #expect(abs(f.nav - nav) <= 1e-6, "\(account) \(day): \(f.nav)")
            #expect(abs(f.importedCash - f.endingCash) <= 1e-6)
        }
        // The book through the pipeline: each account's NAV on each statement date.
        let run = try BookRunner.run(BookRunRequest(configPath: out.appendingPathComponent("tearsheet.toml").path, benchmarksDir: Fixture.benchmarks))
        let v = run.valuation
        for (account, day, nav) in Self.statementNAV {
            let a = try #require(v.accounts.firstIndex(of: account))
            let series = v.perAccount[a]
            let t = try #require(series.days.firstIndex(of: Day(iso: day)!))
            #expect(abs(series.nav[t] - nav) <= 1e-6, "\(account) \(day): book \(series.nav[t]) vs statement \(nav)")
        }
        #expect(!run.warnings.contains { $0.code == "stale-price" || $0.code == "position-mismatch" }, "\(run.warnings)")
        #expect(book.priceGaps.isEmpty)
    }

    @Test func tradesGetTheirSidesEventsAndDeliveries() throws {
        let dir = try Fixture.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try ImportRunner.read(Fixture.request(out: dir.appendingPathComponent("b"), config: try Fixture.rules(in: dir)))
        func side(_ id: String) -> String? { book.trades.first { $0.id == id }?.side }
        #expect(side("1001") == "BUY")
        #expect(side("1002") == "SHORT")          // a covered call sold to open
        #expect(side("1004") == "EXPIRE" && side("1005") == "EXPIRE" && side("1010") == "EXPIRE")
        #expect(side("1008") == "ASSIGN")         // the call assigned: delivers 200 AAPL at 195
        #expect(side("1009") == nil)              // ... so the stock row is not a trade of its own
        #expect(side("1013") == "ASSIGN" && side("1014") == nil)
        #expect(side("1015") == "EXERCISE" && side("1016") == nil)
        #expect(side("1017") == "SELL" && side("2004") == "SELL")
        // 17 + 4 unique trade ids, less the three deliveries; June 14's repeated rows dropped.
        #expect(book.trades.count == 18)
        #expect(book.skipped.filter { $0.reason.hasPrefix("duplicate of") }.count == 3 + 3)   // trades 1008-1010, EAE 7003-7005
        // Strategies from the rules: AAPL and its options in wheel, SPY options and the ETF in index, NVDA in core.
        #expect(book.trades.first { $0.id == "1002" }?.strategy == "wheel")
        #expect(book.trades.first { $0.id == "1003" }?.strategy == "index")
        #expect(book.trades.first { $0.id == "2002" }?.strategy == "index")
        #expect(book.trades.first { $0.id == "1011" }?.strategy == "core")
        // Cash flows: types, kinds, strategies.
        let flows = book.flows.map { "\($0.day) \($0.account) \($0.type) \($0.amount) \($0.strategy) \($0.kind)" }
        #expect(flows.contains("2024-06-13 U1111111 DIVIDEND 50.0 wheel "))
        #expect(flows.contains("2024-06-13 U1111111 DIVIDEND -7.5 wheel "))   // withholding reduces the dividend
        #expect(flows.contains("2024-06-07 U1111111 FEE -10.0  other"))
        #expect(flows.contains("2024-06-13 U2222222 FEE -0.25  commission"))
        #expect(flows.contains("2024-06-27 U1111111 WITHDRAWAL -5000.0  "))
        #expect(flows.contains("2024-06-28 U1111111 INTEREST 12.34  "))
        #expect(flows.contains("2024-06-24 U2222222 INTEREST -3.21  "))
        #expect(flows.contains("2024-06-18 U2222222 DIVIDEND 80.0 index "))
        // The split, and the instruments.
        #expect(book.actions.map { "\($0.day) \($0.symbol) \($0.type) \($0.ratio ?? 0)" } == ["2024-06-10 NVDA SPLIT 10.0"])
        let put = try #require(book.instruments.first { $0.symbol == "NVDA240621P00125000" })
        #expect(put.assetClass == "option" && put.multiplier == 100 && put.option?.strike == 125 && put.option?.right == "P"
                && put.option?.underlying == "NVDA" && put.option?.expiry.description == "2024-06-21")
        #expect(book.instruments.first { $0.symbol == "SPY" }?.assetClass == "etf")
        // SPY was sold flat on June 20 with no statement mark that day: its fill is the close.
        #expect(book.prices.first { $0.symbol == "SPY" && $0.day.description == "2024-06-20" }?.origin == .tradeFill)
    }

    @Test func importReportGolden() throws {
        let dir = try Fixture.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try ImportRunner.read(Fixture.request(out: dir.appendingPathComponent("b"), config: try Fixture.rules(in: dir)))
        let prefix = Fixture.folder.path + "/"
        let report = ImportReport.markdown(book, toolVersion: "TEST")
            .replacingOccurrences(of: prefix, with: "")
            .replacingOccurrences(of: dir.path + "/", with: "")
            .replacingOccurrences(of: Fixture.benchmarks, with: "benchmarks-data")
        let golden = Fixture.folder.appendingPathComponent("import-report.md")
        if ProcessInfo.processInfo.environment["TEARSHEET_RECORD"] == "1" {
            try report.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try? String(contentsOf: golden, encoding: .utf8)
        #expect(expected != nil, "missing \(golden.path); record with TEARSHEET_RECORD=1 swift test --filter TearsheetImportTests")
        #expect(expected == report, "import-report.md differs from the golden; look at the diff, re-record with TEARSHEET_RECORD=1 only on purpose")
    }

    @Test func theBookFolderIsWrittenAtomicallyAndNeverOverwrittenWithoutForce() throws {
        let dir = try Fixture.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("book")
        var request = Fixture.request(out: out, config: nil)
        try ImportRunner.run(request)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["cashflows.csv", "corporate_actions.csv", "import-report.md", "instruments.csv", "manifest.json",
                          "positions.csv", "prices.csv", "tearsheet.toml", "trades.csv"])
        let toml = try String(contentsOf: out.appendingPathComponent("tearsheet.toml"), encoding: .utf8)
        #expect(toml.contains("name = \"IBKR U1111111, U2222222\"") && toml.contains("benchmarks = [\"SPY\", \"QQQ\"]")
                && toml.contains("corporate_actions = \"corporate_actions.csv\""))
        #expect(throws: RenderError.outputExists(path: out.path)) { try ImportRunner.run(request) }
        request.force = true
        try ImportRunner.run(request)
        // A file the user added makes even --force refuse: it would be lost.
        try "mine".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(throws: RenderError.self) { try ImportRunner.run(request) }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("notes.txt").path))
    }

    @Test func withoutRulesTradesAreInTheDefaultStrategyAndCashIsUnallocated() throws {
        let dir = try Fixture.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try ImportRunner.read(Fixture.request(out: dir.appendingPathComponent("b"), config: nil))
        #expect(Set(book.trades.map(\.strategy)) == ["default"])
        #expect(Set(book.flows.map(\.strategy)) == [""])
    }
}
