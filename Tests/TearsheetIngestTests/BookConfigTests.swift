import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

@Suite struct BookConfigTests {
    @Test func happyConfigLoads() throws {
        let path = Fixtures.happy.appendingPathComponent("tearsheet.toml").path
        let (c, f) = BookConfig.load(path: path)
        #expect(f.items.isEmpty, "\(f.lines)")
        let config = try #require(c)
        #expect(config.name == "Happy book")
        #expect(config.inputs.trades?.hasSuffix("/happy/trades.csv") == true)
        #expect(config.inputs.prices?.hasSuffix("/happy/prices.csv") == true)
        #expect(config.benchmarks == ["SPY", "QQQ"])
        #expect(config.riskFree == .annual(0.02))
        #expect(config.flowTiming == .startOfDay)
        #expect(config.report.formats == ["md", "csv"])
        #expect(config.regimes.trendWindow == 100)
        #expect(config.regimes.volWindow == 21)
        #expect(config.weekTypes.strong == 0.03)
        #expect(config.limits.maxGrossLeverage == 2)
        #expect(config.limits.maxPositionWeight == nil)
        let r = ingest(config.inputs, options: { var o = config.ingestOptions; o.calendar = Fixtures.calendar; return o }())
        #expect(r.ledger != nil, "\(r.findings.lines)")
    }

    @Test func riskFreeSeriesPathAndDefaults() throws {
        let d = Fixtures.tempDir()
        _ = Fixtures.write("date,rate\n2024-01-02,0.05\n", name: "rf.csv", in: d)
        _ = Fixtures.write("x", name: "trades.csv", in: d)
        let p = Fixtures.write("name = \"b\"\nrisk_free = \"rf.csv\"\n[inputs]\ntrades = \"trades.csv\"\n", name: "tearsheet.toml", in: d)
        let c = try BookConfig.loadOrThrow(path: p)
        guard case .series(let s) = c.riskFree else { Issue.record("expected a series"); return }
        #expect(s.rates.values == [0.05] && s.source == "rf.csv" && s.fill == .none)
        #expect(try RateSeriesFile.read(path: s.path).values == [0.05])
        #expect(c.baseCurrency == "USD" && c.timeZone == "America/New_York" && c.periodsPerYear == 252)
    }

    @Test func errorsThrowAsConfig() {
        let p = Fixtures.write("name = \"b\"\nbogus = 1\n", name: "tearsheet.toml")
        #expect(throws: TearsheetError.self) { try BookConfig.loadOrThrow(path: p) }
    }

    @Test func sharedFoldersMayLiveOutsideButDataMayNot() {
        let outer = Fixtures.tempDir()
        let book = outer.appendingPathComponent("book")
        try? FileManager.default.createDirectory(at: outer.appendingPathComponent("bench"), withIntermediateDirectories: true)
        _ = Fixtures.write("x", name: "trades.csv", in: book)
        _ = Fixtures.write("x", name: "rates.csv", in: outer)
        let ok = Fixtures.write("name = \"b\"\nbenchmarks_dir = \"../bench\"\n[inputs]\ntrades = \"trades.csv\"\n", name: "ok.toml", in: book)
        let (c, f) = BookConfig.load(path: ok)
        #expect(f.items.isEmpty, "\(f.lines)")
        #expect(c?.benchmarksDir?.hasSuffix("/bench") == true)
        let bad = Fixtures.write("name = \"b\"\nrisk_free = \"../rates.csv\"\nbenchmarks_dir = \"/dev/null\"\n[inputs]\ntrades = \"trades.csv\"\n", name: "bad.toml", in: book)
        let (_, g) = BookConfig.load(path: bad)
        #expect(g.items.map(\.code) == ["config-path-outside", "config-not-a-folder"])
        #expect(g.items.map(\.line) == [2, 3])
    }
}
