import TearsheetRender
import TearsheetCore
import TearsheetReport

/// Documents built for the renderer tests: a small fixed one (goldens) and a realistic one with every
/// block kind, a few years of daily series, several tables and charts.
enum SampleDocuments {
    static let generated = GenerationTime(secondsSinceEpoch: 1_700_000_000)

    static func provenance(_ period: ReportPeriod) -> Provenance {
        Provenance(
            toolVersion: "0.1.0",
            configText: "book = \"Demo | Book\"\nbenchmarks = [\"SPY\", \"QQQ\"]\nauthor = \"A <B> & C\"",
            inputs: [
                ProvenanceInput(path: "book/trades.csv", sha256: String(repeating: "ab", count: 32), rows: 1234),
                ProvenanceInput(path: "book/positions.csv", sha256: String(repeating: "cd", count: 32), rows: 56_789),
            ],
            benchmarks: [
                BenchmarkSource(symbol: "SPY", source: "benchmarks-data/SPY.csv", sha256: String(repeating: "ef", count: 32)),
                BenchmarkSource(symbol: "QQQ", source: "benchmarks-data/QQQ.csv"),
            ],
            period: period, generatedAt: generated)
    }

    /// A small, fully fixed document covering every cell kind and the escaping edge cases.
    static func small() -> ReportDocument {
        let start = Day(iso: "2024-01-02")!, end = Day(iso: "2024-03-28")!
        let period = ReportPeriod(start: start, end: end)
        let summary = ReportTable(
            id: "summary", title: "Summary",
            columns: [ReportColumn("Measure", .text), ReportColumn("Portfolio", .percent), ReportColumn("SPY", .percent)],
            rows: [
                [.text("Total return"), .percent(0.123456, .higherIsBetter), .percent(0.101, .higherIsBetter)],
                [.text("Max drawdown"), .percent(-0.0512, .lowerIsBetter), .percent(-0.00001, .lowerIsBetter)],
                [.text("Sharpe | annualised"), .empty(reason: "undefined: zero variance"), .percent(0.0000001)],
            ])
        let mixed = ReportTable(
            id: "kinds", title: "Every cell kind",
            columns: [ReportColumn("Name", .text), ReportColumn("Date", .date), ReportColumn("NAV", .currency),
                      ReportColumn("Beta", .ratio), ReportColumn("t-stat", .decimal), ReportColumn("Trades", .integer)],
            rows: [
                [.text("=SUM(A1:A9)"), .date(start), .currency(1_234_567.891), .ratio(1.005), .decimal(-2.34567), .integer(12_345)],
                [.text("Line one\nline two, \"quoted\""), .date(end), .currency(-0.004), .ratio(-0.5), .decimal(1e-7), .integer(-7)],
                [.text("-5 short"), .empty(), .currency(1e16), .ratio(0), .decimal(123.0), .integer(0)],
                [.text("<script>alert(1)</script>"), .date(end), .currency(10), .ratio(2.5), .decimal(0.1), .integer(1)],
            ],
            footnote: "Beta against SPY; t-stat of alpha.")
        let monthly = ReportTable(
            id: "monthly", title: "Monthly returns",
            columns: [ReportColumn("Year", .text), ReportColumn("Jan", .percent), ReportColumn("Feb", .percent), ReportColumn("Mar", .percent), ReportColumn("Year", .percent)],
            rows: [[.text("2024"), .percent(0.01, .higherIsBetter), .percent(-0.02, .higherIsBetter), .percent(0.035, .higherIsBetter), .percent(0.0245, .higherIsBetter)]],
            style: .heatmap)
        let days = (0..<5).map { start.adding(days: $0) }
        let chart = ReportChart(id: "equity", title: "Equity", kind: .line, x: .dates(days),
                                series: [ChartSeries(name: "Portfolio", values: [1, 1.01, nil, 1.02, 1.03]),
                                         ChartSeries(name: "SPY", values: [1, 0.99, 1.0, 1.01, 1.015])],
                                unit: .ratio)
        let sections = [
            ReportSection(id: "summary", title: "Summary", intro: "Q1 2024 in brief.", blocks: [.table(summary), .note(ReportNote("Figures net of fees."))]),
            ReportSection(id: "details", title: "Details", blocks: [.table(mixed), .table(monthly), .chart(chart),
                                                                  .note(ReportNote("2 positions had no price on 2024-02-19.", isWarning: true))]),
        ]
        return ReportDocument(title: "Demo Book", subtitle: "Quarterly report", period: period, generatedAt: generated,
                              author: "Client Reporting", company: "Example Capital", provenance: provenance(period), sections: sections)
    }

    /// Deterministic pseudo-random numbers (64-bit LCG, Knuth's MMIX constants), uniform in [0, 1).
    struct LCG {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        /// Approximately normal (sum of 12 uniforms).
        mutating func normal(_ mean: Double, _ sd: Double) -> Double {
            var s = 0.0
            for _ in 0..<12 { s += next() }
            return mean + (s - 6) * sd
        }
    }

    /// A realistic document: `years` years of weekday returns for a book, SPY and QQQ, with every
    /// section kind (tables, line/area/bar/heatmap charts, notes, a daily-series table).
    static func realistic(years: Int = 3, sleeves: [String] = ["Momentum", "Value", "<script>alert(1)</script>", "Cash"]) -> ReportDocument {
        var rng = LCG(state: 42)
        let start = Day(iso: "2021-01-04")!
        var days: [Day] = []
        var d = start
        while days.count < years * 252 { if !d.isWeekend { days.append(d) }; d = d.adding(days: 1) }
        var port: [Double] = [], spy: [Double] = [], qqq: [Double] = []
        var sleeveRet: [[Double]] = Array(repeating: [], count: sleeves.count)
        for _ in days {
            let m = rng.normal(0.0004, 0.011)
            spy.append(m)
            qqq.append(1.2 * m + rng.normal(0.0001, 0.005))
            var total = 0.0
            for s in sleeves.indices {
                let r = s == sleeves.count - 1 ? 0.00015 : 0.6 * m + rng.normal(0.0002, 0.006)
                sleeveRet[s].append(r)
                total += r / Double(sleeves.count)
            }
            port.append(total)
        }
        func growth(_ r: [Double]) -> [Double] { var g = 1.0; return r.map { g *= 1 + $0; return g } }
        let gp = growth(port), gs = growth(spy), gq = growth(qqq)
        var peak = 0.0
        let dd = gp.map { peak = max(peak, $0); return $0 / peak - 1 }
        let nav = gp.map { $0 * 10_000_000 }
        let period = ReportPeriod(start: days.first!, end: days.last!)

        // Monthly grid.
        var grid: [Int: [Double?]] = [:]
        var monthAcc: [Int: Double] = [:]
        for (i, day) in days.enumerated() {
            let key = day.year * 12 + day.month - 1
            monthAcc[key] = (1 + (monthAcc[key] ?? 0)) * (1 + port[i]) - 1
        }
        for (key, v) in monthAcc { grid[key / 12, default: Array(repeating: nil, count: 12)][key % 12] = v }
        let yearsSorted = grid.keys.sorted()
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let monthlyTable = ReportTable(
            id: "monthly-returns", title: "Monthly returns",
            columns: [ReportColumn("Year", .text)] + months.map { ReportColumn($0, .percent) } + [ReportColumn("Year", .percent)],
            rows: yearsSorted.map { y in
                let vals = grid[y]!
                let total = vals.reduce(1.0) { $0 * (1 + ($1 ?? 0)) } - 1
                return [.text(String(y))] + vals.map { Cell.number($0, kind: .percent, polarity: .higherIsBetter) } + [.percent(total, .higherIsBetter)]
            },
            style: .heatmap, heatmapColumns: Set(1...12))
        let heat = ReportChart(id: "monthly-heatmap", title: "Monthly returns", kind: .heatmap, x: .categories(months),
                               series: yearsSorted.map { ChartSeries(name: String($0), values: grid[$0]!) }, unit: .percent)

        func total(_ g: [Double]) -> Double { g.last! - 1 }
        let summary = ReportTable(
            id: "summary", title: "Key figures",
            columns: [ReportColumn("Measure", .text), ReportColumn("Portfolio", .percent), ReportColumn("SPY", .percent), ReportColumn("QQQ", .percent)],
            rows: [
                [.text("Total return"), .percent(total(gp), .higherIsBetter), .percent(total(gs), .higherIsBetter), .percent(total(gq), .higherIsBetter)],
                [.text("Max drawdown"), .percent(dd.min()!, .higherIsBetter), .empty(reason: "not computed in this sample"), .empty(reason: "not computed in this sample")],
            ])
        let navTable = ReportTable(
            id: "nav", title: "NAV and flows",
            columns: [ReportColumn("Item", .text), ReportColumn("Value", .currency), ReportColumn("Date", .date)],
            rows: [[.text("NAV start"), .currency(10_000_000), .date(days.first!)],
                   [.text("NAV end"), .currency(nav.last!), .date(days.last!)],
                   [.text("Net flows"), .currency(-250_000.5), .date(days.last!)]])
        let metrics = ReportTable(
            id: "metrics", title: "Risk-adjusted metrics",
            columns: [ReportColumn("Metric", .text), ReportColumn("Portfolio", .ratio), ReportColumn("SPY", .ratio), ReportColumn("QQQ", .ratio)],
            rows: [[.text("Sharpe"), .ratio(1.23, .higherIsBetter), .ratio(0.98, .higherIsBetter), .ratio(1.1, .higherIsBetter)],
                   [.text("Beta"), .ratio(0.61), .ratio(1), .ratio(1.2)],
                   [.text("Days"), .integer(days.count), .integer(days.count), .integer(days.count)]])
        let equity = ReportChart(id: "equity", title: "Growth of 1 vs SPY and QQQ", kind: .line, x: .dates(days),
                                 series: [ChartSeries(name: "Portfolio", values: gp), ChartSeries(name: "SPY", values: gs), ChartSeries(name: "QQQ", values: gq)],
                                 unit: .ratio, logScale: true)
        let underwater = ReportChart(id: "underwater", title: "Underwater (drawdown)", kind: .area, x: .dates(days),
                                     series: [ChartSeries(name: "Drawdown", values: dd)], unit: .percent)
        let rolling = ReportChart(id: "rolling-beta", title: "Rolling 63-day beta to SPY", kind: .line, x: .dates(days),
                                  series: [ChartSeries(name: "Beta", values: days.indices.map { $0 < 62 ? nil : 0.6 + 0.1 * Double($0 % 50) / 50 })],
                                  unit: .ratio)
        let contributions = sleeves.indices.map { s in sleeveRet[s].reduce(0, +) / Double(sleeves.count) }
        let contribTable = ReportTable(
            id: "strategy-attribution", title: "Contribution by strategy",
            columns: [ReportColumn("Strategy", .text), ReportColumn("Contribution", .percent), ReportColumn("Days", .integer)],
            rows: sleeves.indices.map { [.text(sleeves[$0]), .percent(contributions[$0], .higherIsBetter), .integer(days.count)] })
        let contribChart = ReportChart(id: "contributions", title: "Sleeve contributions", kind: .bar, x: .categories(sleeves),
                                       series: [ChartSeries(name: "Contribution", values: contributions.map { $0 - 0.05 })], unit: .percent)
        let regimes = ["Bull, low vol", "Bull, high vol", "Bear"]
        let regimeChart = ReportChart(id: "regimes", title: "Annualised return by regime", kind: .bar, x: .categories(regimes),
                                      series: [ChartSeries(name: "Portfolio", values: [0.18, 0.05, -0.12]), ChartSeries(name: "SPY", values: [0.22, 0.02, -0.25])],
                                      unit: .percent)
        let ddTable = ReportTable(
            id: "drawdowns", title: "Worst drawdowns",
            columns: [ReportColumn("Start", .date), ReportColumn("Trough", .date), ReportColumn("Depth", .percent), ReportColumn("Length", .integer)],
            rows: [[.date(days[10]), .date(days[40]), .percent(dd.min()!, .higherIsBetter), .integer(30)],
                   [.date(days[100]), .date(days[120]), .percent(-0.03, .higherIsBetter), .integer(20)]])
        let daily = ReportTable(
            id: "daily-series", title: "Daily series",
            columns: [ReportColumn("Date", .date), ReportColumn("NAV", .currency), ReportColumn("Return", .percent),
                      ReportColumn("SPY", .percent), ReportColumn("QQQ", .percent), ReportColumn("Drawdown", .percent)]
                + sleeves.map { ReportColumn($0, .percent) },
            rows: days.indices.map { i in
                [.date(days[i]), .currency(nav[i]), .percent(port[i]), .percent(spy[i]), .percent(qqq[i]), .percent(dd[i])]
                    + sleeves.indices.map { Cell.percent(sleeveRet[$0][i]) }
            },
            style: .dailySeries)
        let sections = [
            ReportSection(id: "summary", title: "Summary", intro: "The book against SPY and QQQ.", blocks: [.table(summary), .table(navTable), .chart(equity)]),
            ReportSection(id: "metrics", title: "Metrics", blocks: [.table(metrics), .chart(rolling)]),
            ReportSection(id: "returns", title: "Trailing and calendar returns", blocks: [.table(monthlyTable), .chart(heat)]),
            ReportSection(id: "drawdowns", title: "Drawdowns", blocks: [.table(ddTable), .chart(underwater)]),
            ReportSection(id: "strategy-attribution", title: "Strategy attribution", blocks: [.table(contribTable), .chart(contribChart)]),
            ReportSection(id: "regime-attribution", title: "Regime attribution", blocks: [.chart(regimeChart)]),
            ReportSection(id: "data-quality", title: "Data quality", blocks: [.note(ReportNote("positions.csv:12:3: price missing for XYZ on 2021-03-04", isWarning: true))]),
            ReportSection(id: "daily", title: "Daily series", blocks: [.table(daily)]),
        ]
        return ReportDocument(title: "Example Book", subtitle: "Performance against SPY and QQQ", period: period, generatedAt: generated,
                              author: "Tearsheet tests", company: "Example Capital", provenance: provenance(period), sections: sections)
    }
}
