import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

@Suite struct IngestTests {
    static let happyFiles = InputFiles(
        trades: Fixtures.happy.appendingPathComponent("trades.csv").path,
        positions: Fixtures.happy.appendingPathComponent("positions.csv").path,
        cashFlows: Fixtures.happy.appendingPathComponent("cashflows.csv").path,
        prices: Fixtures.happy.appendingPathComponent("prices.csv").path,
        regimes: Fixtures.happy.appendingPathComponent("regimes.csv").path,
        weekTypes: Fixtures.happy.appendingPathComponent("week_types.csv").path)

    @Test func happyBookDecodes() throws {
        let r = ingest(Self.happyFiles, options: Fixtures.options)
        #expect(r.findings.items.isEmpty, "\(r.findings.lines)")
        let l = try #require(r.ledger)
        #expect(l.accounts.names == ["ACC1"])
        #expect(l.strategies.names == ["trend", "meanrev"])
        #expect(l.symbols.names == ["SPY", "QQQ"])
        #expect(l.trades.count == 4)
        #expect(l.trades.tradeID == ["T1", "T2", "T3", "T4"])
        #expect(l.trades.side == [.buy, .sell, .short, .cover])
        #expect(l.trades.quantity == [10, 4, 5, 5])
        #expect(l.trades.price == [470.5, 468.0, 400, 398])
        #expect(l.trades.fees == [1, 1, 0.5, 0.5])
        #expect(l.trades.line == [2, 3, 4, 5])
        // 2024-01-05T21:30Z is 16:30 in New York: still Friday 5 January.
        #expect(l.trades.day.map(\.description) == ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"])
        #expect(l.cashFlows.count == 2)
        #expect(l.cashFlows.strategy == [-1, 0])
        #expect(l.cashFlows.type == [.deposit, .withdrawal])
        #expect(l.positions?.count == 4)
        #expect(l.positions?.quantity == [10, 6, -5, 6])
        #expect(l.prices.series[0]?.values == [471, 467, 468, 469])
        #expect(r.regimes?.labels == ["bull", "bear"])
        #expect(r.weekTypes?.count == 1)
        #expect(r.files.map(\.role) == ["trades", "positions", "cashflows", "prices"])
        #expect(r.files.map(\.dataRows) == [4, 4, 2, 8])
    }

    @Test func tradesAreSortedByDayThenLine() throws {
        let d = Fixtures.tempDir()
        let t = Fixtures.write("""
            trade_id,timestamp,account,strategy,symbol,side,quantity,price
            B,2024-01-03,A,s,X,SELL,1,10
            A,2024-01-02,A,s,X,BUY,1,10
            """, name: "trades.csv", in: d)
        let p = Fixtures.write("date,symbol,close\n2024-01-02,X,10\n2024-01-03,X,11\n", name: "prices.csv", in: d)
        let r = ingest(InputFiles(trades: t, prices: p), options: Fixtures.options)
        #expect(r.findings.items.isEmpty, "\(r.findings.lines)")
        #expect(r.ledger?.trades.tradeID == ["A", "B"])
        #expect(r.ledger?.trades.fees == [0, 0])
    }

    @Test func offsetTimestampsMapToTheBookTimeZone() {
        var m = TimeZoneDayMapper(timeZone: TimeZone(identifier: "America/New_York")!)
        func day(_ s: String) -> String {
            var b = Array(s.utf8)
            let r = b.withUnsafeMutableBufferPointer { Timestamps.parse(UnsafeBufferPointer($0), mapper: &m) }
            if case .day(let d) = r { return d.description }
            return "\(r)"
        }
        #expect(day("2024-03-15T03:30:00Z") == "2024-03-14")     // 23:30 EDT the day before
        #expect(day("2024-03-15T04:30:00Z") == "2024-03-15")     // 00:30 EDT
        #expect(day("2024-01-15T04:30:00Z") == "2024-01-14")     // 23:30 EST
        #expect(day("2024-01-15T05:00:00+00:00") == "2024-01-15")
        #expect(day("2024-03-15T09:30:00+09:00") == "2024-03-14") // Tokyo morning is the NY evening before
        #expect(day("2024-03-15T23:59:59.999") == "2024-03-15")  // local: the date part
        #expect(day("2024-03-15 10:00") == "2024-03-15")
        #expect(day("2024-02-30T10:00") == "impossibleDate")
        #expect(day("2024-03-15T10") == "malformed")
        #expect(day("2024-03-15T10:00:00+0500") == "malformed")
    }

    @Test func findingsAreCapped() {
        let d = Fixtures.tempDir()
        var text = "trade_id,timestamp,account,strategy,symbol,side,quantity,price\n"
        for i in 0..<300 { text += "T\(i),2024-01-02,A,s,X,BYU,1,10\n" }
        let t = Fixtures.write(text, name: "trades.csv", in: d)
        var o = Fixtures.options
        o.findingCap = 50
        let r = ingest(InputFiles(trades: t, prices: t), options: o)
        #expect(r.findings.items.count == 50)
        #expect(r.findings.suppressed > 0)
        #expect(r.findings.lines.last?.contains("more findings suppressed") == true)
        #expect(r.ledger == nil)
    }

    /// issue 18: warnings beyond the cap are counted as warnings, never as errors.
    @Test func suppressedWarningsAreCountedAsWarnings() {
        var f = Findings(cap: 200)
        for i in 0..<300 { f.append(Finding(file: "t.csv", line: i + 2, column: 1, severity: .warning, code: "w", message: "w")) }
        #expect(f.errorCount == 0 && !f.hasErrors)
        #expect(f.warningCount == 300)
        #expect(f.summary == "0 errors, 300 warnings")
        #expect(f.lines.last == "100 more findings suppressed (0 errors, 100 warnings)")
        f.append(Finding(file: "t.csv", line: 400, column: 1, severity: .error, code: "e", message: "e"))
        #expect(f.errorCount == 1 && f.suppressedErrorCount == 1 && f.warningCount == 300)
        // Merged into another collector (as LedgerBuilder does per file), the split survives.
        var merged = Findings(cap: 50)
        merged.appendSuppressed(f.suppressed, errors: f.suppressedErrorCount)
        #expect(merged.errorCount == 1 && merged.warningCount == 100)
    }

    @Test func manyRolledTradesWarnWithoutFailing() {
        let d = Fixtures.tempDir()
        var text = "trade_id,timestamp,account,strategy,symbol,side,quantity,price\n"
        // Saturday trades are rolled to the next trading day, each with an informational finding.
        for i in 0..<300 { text += "T\(i),2024-01-06,A,s,SPY,BUY,1,470\n" }
        let t = Fixtures.write(text, name: "trades.csv", in: d)
        let p = Fixtures.write("date,symbol,close\n2024-01-05,SPY,470\n2024-01-08,SPY,471\n", name: "prices.csv", in: d)
        var o = Fixtures.options
        o.findingCap = 50
        o.rollNonTradingDays = true
        let r = ingest(InputFiles(trades: t, prices: p), options: o)
        #expect(r.findings.errorCount == 0, "\(r.findings.lines.prefix(3))")
        // 50 kept, 250 counted past the cap; none is a warning (a strict run passes).
        #expect(r.findings.items.count == 50 && r.findings.suppressed == 250, "\(r.findings.summary)")
        #expect(r.findings.items.allSatisfy { $0.severity == .info && $0.code == "trade-rolled" })
        #expect(r.findings.warningCount == 0)
        #expect(r.ledger != nil)
    }

    @Test func warningsDoNotBlockTheLedger() {
        let d = Fixtures.tempDir()
        let t = Fixtures.write("trade_id,timestamp,account,strategy,symbol,side,quantity,price,note\nA,2024-01-02,A,s,X,BUY,1,10,hi\n", name: "trades.csv", in: d)
        let p = Fixtures.write("date,symbol,close\n2024-01-02,X,10\n", name: "prices.csv", in: d)
        let r = ingest(InputFiles(trades: t, prices: p), options: Fixtures.options)
        #expect(r.findings.warnings.map(\.code) == ["unknown-column"])
        #expect(r.ledger != nil)
    }

    @Test func priceFolder() {
        let d = Fixtures.tempDir()
        let t = Fixtures.write("trade_id,timestamp,account,strategy,symbol,side,quantity,price\nA,2024-01-02,A,s,X,BUY,1,10\n", name: "trades.csv", in: d)
        _ = Fixtures.write("date,close\n2024-01-03,11\n2024-01-02,10\n", name: "px/X.csv", in: d)
        let r = ingest(InputFiles(trades: t, prices: d.appendingPathComponent("px").path), options: Fixtures.options)
        #expect(r.findings.items.isEmpty, "\(r.findings.lines)")
        let id = r.ledger?.symbols.id(of: "X")
        #expect(id.flatMap { r.ledger?.prices.series[$0]?.values } == [10, 11])
    }

    @Test func labelsAndReturns() throws {
        let r = Fixtures.write("date,return\n2024-01-02,0.01\n2024-01-03,-0.02\n")
        let s = try ReturnSeriesFile.read(path: r)
        #expect(s.values == [0.01, -0.02])
        let bad = Fixtures.write("date,return\n2024-01-03,0.01\n2024-01-02,0.02\n")
        #expect(throws: TearsheetError.self) { try ReturnSeriesFile.read(path: bad) }
    }
}
