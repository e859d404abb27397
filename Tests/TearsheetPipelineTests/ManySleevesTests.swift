import Foundation
import Testing
import TearsheetAttribution
import TearsheetCore
import TearsheetReport
@testable import TearsheetPipeline

/// issue 18, bounded work: above `StrategyAttribution.shownSleeveLimit` sleeves the report shows
/// the largest contributors and an "other" column, and the correlation matrix stays 50 x 50.
@Suite struct ManySleevesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A one-month book of `n` sleeves: each deposits, buys SPY or QQQ on its own day, sells half later.
    func book(sleeves n: Int, in dir: URL) throws -> String {
        let days = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10", "2024-01-11"]
        let spy = [472.65, 468.79, 467.28, 467.92, 474.60, 473.88, 476.56, 476.35]
        let qqq = [402.55, 398.12, 396.00, 397.56, 405.93, 406.99, 409.45, 410.86]
        var prices = "date,symbol,close\n"
        for (k, d) in days.enumerated() { prices += "\(d),SPY,\(spy[k])\n\(d),QQQ,\(qqq[k])\n" }
        var trades = "trade_id,timestamp,account,strategy,symbol,side,quantity,price\n"
        var flows = "date,account,amount,type,strategy\n"
        for i in 0..<n {
            let s = "S\(i)", sym = i % 2 == 0 ? "SPY" : "QQQ", px = i % 2 == 0 ? spy : qqq
            let a = i % 3, b = 4 + i % 4, q = 10 + i
            flows += "2024-01-02,A,100000,DEPOSIT,\(s)\n"
            trades += "B\(i),\(days[a]),A,\(s),\(sym),BUY,\(q),\(px[a])\nS\(i),\(days[b]),A,\(s),\(sym),SELL,\(q / 2),\(px[b])\n"
        }
        try Data(prices.utf8).write(to: dir.appendingPathComponent("prices.csv"))
        try Data(trades.utf8).write(to: dir.appendingPathComponent("trades.csv"))
        try Data(flows.utf8).write(to: dir.appendingPathComponent("cashflows.csv"))
        let config = "name = \"many\"\nbenchmarks = [\"SPY\", \"QQQ\"]\n[inputs]\ntrades = \"trades.csv\"\ncashflows = \"cashflows.csv\"\nprices = \"prices.csv\"\n"
        try Data(config.utf8).write(to: dir.appendingPathComponent("tearsheet.toml"))
        return dir.appendingPathComponent("tearsheet.toml").path
    }

    @Test func sixtySleevesShowFiftyAndOther() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("many-sleeves-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try book(sleeves: 60, in: dir)
        let run = try BookRunner.run(BookRunRequest(configPath: config, benchmarksDir: Self.root.appendingPathComponent("benchmarks-data").path))
        let a = run.attribution
        #expect(a.sleeves.count == 60)
        #expect(a.strategy.correlationSleeves.count == StrategyAttribution.shownSleeveLimit)
        let doc = ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 0)).build()
        let section = try #require(doc.sections.first { $0.id == "strategy-attribution" })
        var tables: [String: ReportTable] = [:]
        var charts: [String: ReportChart] = [:]
        for case .table(let t) in section.blocks { tables[t.id] = t }
        for case .chart(let c) in section.blocks { charts[c.id] = c }
        // Every sleeve in the Sleeves table (plus the total row).
        #expect(tables["sleeves"]?.rows.count == 61)
        let corr = try #require(tables["sleeve-correlation"])
        #expect(corr.columns.count == 51 && corr.rows.count == 50)
        let active = try #require(tables["active-by-sleeve"])
        #expect(active.columns.map(\.header).contains("Active from Other (10 sleeves)"), "\(active.columns.map(\.header))")
        #expect(active.columns.count == 3 + 51 + 1)
        let chart = try #require(charts["sleeve-contributions"])
        let values = chart.series[0].values
        #expect(values.count == 51)
        // The bars still add up to the sleeves' total contribution.
        let total = a.strategy.sleeves.reduce(0) { $0 + $1.contribution }
        #expect(abs(values.compactMap { $0 }.reduce(0, +) - total) < 1e-12)
        // The period tables: 50 sleeves and "Other" between the annualised return and the benchmarks.
        let periods = try #require(doc.sections.first { $0.id == "period-attribution" })
        for case .table(let t) in periods.blocks {
            #expect(t.columns.count == 6 + 51 + 3 * a.benchmarks.count, "\(t.id)")
            #expect(t.columns.contains { $0.header == "Other (10 sleeves)" })
        }
        #expect(section.blocks.contains { if case .note(let n) = $0 { return n.text.contains("60 sleeves") } else { return false } })
    }
}
