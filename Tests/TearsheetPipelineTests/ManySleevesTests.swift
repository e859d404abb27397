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
            let s = "S\(i)x", sym = i % 2 == 0 ? "SPY" : "QQQ", px = i % 2 == 0 ? spy : qqq
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

    /// The reading formats bound the per-sleeve rows and columns of the Sleeves, factor,
    /// trade-statistics, daily and money-weighted tables to 50 plus "Other"; the CSV keeps all 120.
    @Test func hundredTwentySleevesBoundTheReadingTables() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("many-sleeves-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try book(sleeves: 120, in: dir)
        let run = try BookRunner.run(BookRunRequest(configPath: config, benchmarksDir: Self.root.appendingPathComponent("benchmarks-data").path))
        let a = run.attribution
        let shown = a.strategy.correlationSleeves
        #expect(a.sleeves.count == 120 && shown.count == 50)
        let hiddenNames = Set(a.sleeves.indices.filter { !shown.contains($0) }.map { a.sleeves[$0] })
        #expect(hiddenNames.count == 70)
        // Every shown sleeve's |contribution| is at least every hidden one's.
        let minShown = shown.map { a.strategy.sleeves[$0].contribution.magnitude }.min() ?? 0
        #expect(a.strategy.sleeves.filter { hiddenNames.contains($0.name) }.allSatisfy { $0.contribution.magnitude <= minShown })
        let doc = ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 0)).build()
        #expect(doc.validate().isEmpty, "\(doc.validate())")
        let tables = Dictionary(doc.allTables.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })

        // Sleeves: 50 rows, "Other (70 sleeves)", Total; Other's contribution and P&L are the sums
        // of the hidden sleeves' rows of the full table.
        let sleeves = try #require(tables["sleeves"])
        #expect(sleeves.rows.count == 121)
        let sv = try #require(sleeves.readingView)
        #expect(sv.rows.count == 52)
        #expect(sv.rows.dropLast(2).map { $0[0] } == shown.map { Cell.text(a.sleeves[$0]) })
        let other = sv.rows[50]
        #expect(other[0] == .text("Other (70 sleeves)"))
        let hiddenRows = sleeves.rows.dropLast().filter { if case .text(let n) = $0[0] { return hiddenNames.contains(n) } else { return false } }
        #expect(hiddenRows.count == 70)
        let sumContribution = hiddenRows.reduce(0.0) { $0 + ($1[6].number ?? .nan) }
        let sumPnl = hiddenRows.reduce(0.0) { $0 + ($1[8].number ?? .nan) }
        #expect(abs((other[6].number ?? .nan) - sumContribution) < 1e-12)
        #expect(abs((other[8].number ?? .nan) - sumPnl) < 1e-6)
        // The shares too: the sums of the hidden rows' shares of return and of P&L.
        for k in [7, 9] {
            let share = hiddenRows.reduce(0.0) { $0 + ($1[k].number ?? .nan) }
            #expect(abs((other[k].number ?? .nan) - share) < 1e-12, "column \(k)")
        }
        #expect(other[4].number == nil)   // no Sharpe for a group
        #expect(sv.rows[51] == sleeves.rows[120])   // the Total row unchanged
        // Shown rows + Other add up to the Total's contribution (the table still adds up).
        let shownSum = sv.rows.prefix(51).reduce(0.0) { $0 + ($1[6].number ?? .nan) }
        #expect(abs(shownSum + a.residual - (sleeves.rows[120][6].number ?? .nan)) < 1e-12)
        #expect(sv.note.contains("csv/sleeves.csv lists all 120"))

        // Factors: the portfolio's models, 50 sleeves' models, one Other row.
        let factors = try #require(tables["factors"])
        let models = a.factors[0].models.count
        #expect(factors.rows.count == 121 * models)
        let fv = try #require(factors.readingView)
        #expect(fv.rows.count == 51 * models + 1)
        #expect(fv.rows.last?[0] == .text("Other (70 sleeves)"))

        // Trade statistics: All strategies + 50 + Other (70 strategies); the trade count adds up.
        let trades = try #require(tables["trade-statistics"])
        #expect(trades.columns.count == 1 + 1 + 120)
        let tv = try #require(trades.readingView)
        #expect(tv.columns.count == 1 + 1 + 50 + 1)
        #expect(tv.columns.last?.header == "Other (70 strategies)")
        let countRow = try #require(tv.rows.first { $0[0] == .text("Trades") })
        let allTrades = countRow[1].number ?? .nan
        let shownTrades = countRow[2...51].reduce(0.0) { $0 + ($1.number ?? .nan) }
        #expect(allTrades == Double(run.valuation.roundTrips.count))
        #expect(abs(shownTrades + (countRow[52].number ?? .nan) - allTrades) < 1e-9)
        let winRow = try #require(tv.rows.first { $0[0] == .text("Win rate (trades)") })
        #expect(winRow[52].number == nil)

        // Daily: 9 fixed columns, 50 sleeves, Other, benchmarks, drawdown; each row adds up.
        let daily = try #require(tables["daily"])
        let dv = try #require(daily.readingView)
        #expect(dv.columns.count == 9 + 51 + a.benchmarks.count + 1)
        for (i, r) in dv.rows.enumerated() {
            let sum = r[9..<60].reduce(0.0) { $0 + ($1.number ?? .nan) }
            #expect(abs(sum - run.valuation.total.portfolio[i]) < 1e-12, "day \(i)")
        }

        // Written: Markdown and HTML name no hidden sleeve; the CSV names all of them.
        let out = dir.appendingPathComponent("report")
        _ = try BookReportSet.write(request: BookRunRequest(configPath: config, benchmarksDir: Self.root.appendingPathComponent("benchmarks-data").path),
                                    options: .init(formats: [.markdown, .html, .csv, .xlsx], generatedAt: GenerationTime(secondsSinceEpoch: 0)),
                                    to: out, force: false)
        // The risk snapshot lists the largest positions by exposure, whoever holds them: left out here.
        func cut(_ text: String, from start: String, to end: String) -> String {
            guard let a = text.range(of: start), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else { return text }
            return String(text[..<a.lowerBound] + text[b.lowerBound...])
        }
        let md = cut(try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8), from: "\n## Risk snapshot", to: "\n## Stress")
        let html = cut(try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8), from: "<section class=\"report-section\" id=\"risk\"",
                       to: "<section class=\"report-section\" id=\"stress\"")
        #expect(md.contains("## Strategy attribution") && md.contains("## Daily series") && !md.contains("## Risk snapshot"))
        let csv = try String(contentsOf: out.appendingPathComponent("csv/sleeves.csv"), encoding: .utf8)
        let factorsCSV = try String(contentsOf: out.appendingPathComponent("csv/factors.csv"), encoding: .utf8)
        for name in hiddenNames {
            #expect(!md.contains(name) && !html.contains(name), "\(name) in a reading format: \(md.components(separatedBy: "\n").filter { $0.contains(name) }.prefix(3))")
            #expect(csv.contains("\n\(name),") && factorsCSV.contains("\n\(name),"), "\(name) missing from the CSV")
        }
        #expect(md.contains("Other (70 sleeves)") && md.contains("Other (70 strategies)"))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
            func unzip(_ args: [String]) throws -> String { try toolOutput("/usr/bin/unzip", args) }
            let xlsx = out.appendingPathComponent("report.xlsx").path
            // Constant-memory mode: the strings are inline in each sheet. The risk sheet lists the
            // largest positions whoever holds them, so it is left out.
            let sheets = try unzip(["-Z1", xlsx]).split(separator: "\n").map(String.init).filter { $0.hasPrefix("xl/worksheets/sheet") }
            var strings = ""
            for sheet in sheets {
                let xml = try unzip(["-p", xlsx, sheet])
                if !xml.contains(">Risk snapshot<") { strings += xml }
            }
            #expect(strings.contains("Other (70 sleeves)") && strings.contains("Other (70 strategies)") && strings.contains("Contribution Other (70 sleeves)"))
            for name in hiddenNames { #expect(!strings.contains(">\(name)<") && !strings.contains(">Contribution \(name)<"), "\(name) in the workbook") }
        }
    }
}
