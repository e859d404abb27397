#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetAttribution
import TearsheetMetrics
import TearsheetCore

extension ReportBuilder {
    /// The attribution result, under a short name: every table here reads it.
    var a: AttributionResult { run.attribution }

    /// Sleeve statistics, linked contributions that add up to the book's return, correlations.
    func strategySection() -> ReportSection {
        let noBase = "funded from the account's cash with no capital base: set [strategies.NAME] capital or allocation"
        var rows: [[Cell]] = a.strategy.sleeves.map { s in
            let own = s.ownReturn
            return [.text(s.name), .integer(s.activeDays),
             own ? Self.pct(s.totalReturn) : .empty(reason: noBase),
             own ? Self.pct(s.volatility, .lowerIsBetter, reason: "too few active days") : .empty(reason: noBase),
             own ? Self.ratio(s.sharpe, .higherIsBetter) : .empty(reason: noBase),
             own ? Self.pct(s.maxDrawdown, .higherIsBetter) : .empty(reason: noBase), Self.pct(s.contribution),
             Self.pct(s.contributionShare, .neutral, reason: "total return is zero"), Self.money(s.pnl, .higherIsBetter),
             Self.pct(s.pnlShare, .neutral, reason: "total P&L is zero")]
        }
        rows.append([.text("Total"), .integer(a.days), Self.pct(a.totalReturn), .empty(reason: nil), .empty(reason: nil), .empty(reason: nil),
                     Self.pct(a.strategy.sleeves.reduce(0) { $0 + $1.contribution } + a.residual), .empty(reason: nil),
                     Self.money(Stats.sum(a.strategy.sleeves.compactMap(\.pnl)), .higherIsBetter), .empty(reason: nil)])
        let unbased = a.strategy.sleeves.filter { !$0.ownReturn }.map(\.name)
        let noBaseNote = unbased.isEmpty ? "" : " \(unbased.joined(separator: ", ")) trade\(unbased.count == 1 ? "s" : "") from the account's cash "
            + "with no flows of \(unbased.count == 1 ? "its" : "their") own and no capital base: no own return, volatility, Sharpe or drawdown "
            + "(a return on cumulative P&L is meaningless); contribution and P&L stand. Give [strategies.NAME] capital or allocation."
        let cols = [ReportColumn("Sleeve", .text), ReportColumn("Active days", .integer), ReportColumn("Sleeve return", .percent),
                    ReportColumn("Volatility", .percent), ReportColumn("Sharpe", .ratio), ReportColumn("Max drawdown", .percent),
                    ReportColumn("Contribution", .percent), ReportColumn("Share of return", .percent), ReportColumn("P&L", .currency),
                    ReportColumn("Share of P&L", .percent)]
        let shown = a.strategy.correlationSleeves
        let corrCols = [ReportColumn("Sleeve", .text)] + shown.map { ReportColumn(a.sleeves[$0], .ratio) }
        let corrRows: [[Cell]] = shown.indices.map { i in
            [.text(a.sleeves[shown[i]])] + shown.indices.map { j in Self.ratio(a.strategy.correlation[i][j]) }
        }
        var activeRows: [[Cell]] = []
        for pb in a.active {
            activeRows.append([.text(pb.symbol), Self.pct(pb.benchmarkReturn), Self.pct(pb.activeReturn)]
                              + sleeveCells(pb.activeContributions) + [Self.pct(pb.hitRate, .higherIsBetter, reason: "no sub-periods")])
        }
        let activeCols = [ReportColumn("Benchmark", .text), ReportColumn("Benchmark return", .percent), ReportColumn("Active return", .percent)]
            + sleeveColumns { "Active from \($0)" } + [ReportColumn("Hit rate", .percent)]
        let chartValues = a.strategy.sleeves.map { $0.contribution }
        let chart = ReportChart(id: "sleeve-contributions", title: "Linked contribution to the book's return by sleeve", kind: .bar,
                                x: .categories(sleeveColumnNames),
                                series: [ChartSeries(name: "Contribution", values: sleeveValues(chartValues))], unit: .percent)
        let hidden = a.sleeves.count - shown.count
        let shownNote: [ReportBlock] = hidden > 0 ? [.note(ReportNote(
            "\(a.sleeves.count) sleeves: the chart, the correlation matrix, the per-sleeve columns and rows show the \(shown.count) largest by absolute contribution; "
            + "the other \(hidden) are summed as \"\(otherSleevesLabel)\" (no correlation is computed for them). In Markdown, HTML, PDF and XLSX "
            + "the Sleeves, factor-regression, trade-statistics and daily tables show the same sleeves and \"Other\"; the CSV files list every sleeve."))] : []
        let method = a.linking == .carino ? "Carino" : "Menchero"
        return ReportSection(id: "strategy-attribution", title: "Strategy attribution",
                             intro: "Daily contribution = start-of-day weight x sleeve return; linked over the period with the \(method) method so the contributions add up to the book's compounded return.",
                             blocks: [.table(ReportTable(id: "sleeves", title: "Sleeves", columns: cols, rows: rows,
                                                         footnote: "Sum of contributions = \(Self.fixed(a.strategy.sleeves.reduce(0) { $0 + $1.contribution } + a.residual)) = total return \(Self.fixed(a.totalReturn)); linking residual \(Self.fixed(a.residual))." + noBaseNote,
                                                         readingView: sleevesReadingView(columns: cols, rows: rows))),
                                      .chart(chart),
                                      .table(ReportTable(id: "active-by-sleeve", title: "Active return by sleeve against each benchmark", columns: activeCols, rows: activeRows)),
                                      .table(ReportTable(id: "sleeve-correlation", title: "Correlation of daily sleeve returns", columns: corrCols, rows: corrRows))]
                                 + shownNote + a.notes.map { .note(ReportNote($0)) })
    }

    /// Months, quarters, years and the to-date windows, with contributions and active returns.
    func periodSection() -> ReportSection {
        func table(_ id: String, _ title: String, _ kinds: Set<PeriodKind>, readingRows: Int? = nil) -> ReportTable {
            var cols = [ReportColumn("Period", .text), ReportColumn("Start", .date), ReportColumn("End", .date), ReportColumn("Days", .integer),
                        ReportColumn("Portfolio", .percent), ReportColumn("Annualised", .percent)]
            cols += sleeveColumns { $0 }
            for s in a.benchmarks { cols += [ReportColumn(s, .percent), ReportColumn("Active vs \(s)", .percent), ReportColumn("Hit rate vs \(s)", .percent)] }
            let rows: [[Cell]] = a.periods.filter { kinds.contains($0.kind) }.map { p in
                var r: [Cell] = [.text(p.label), .date(p.start), .date(p.end), .integer(p.days), Self.pct(p.totalReturn),
                                 Self.pct(p.annualizedReturn, .higherIsBetter, reason: "shorter than a year")]
                r += sleeveCells(p.contributions)
                for pb in p.benchmarks { r += [Self.pct(pb.benchmarkReturn), Self.pct(pb.activeReturn), Self.pct(pb.hitRate, .higherIsBetter, reason: "no sub-periods")] }
                return r
            }
            return ReportTable(id: id, title: title, columns: cols, rows: rows, readingRows: readingRows)
        }
        // Markdown and HTML show the last 5 years of quarters and 3 years of months (the year x
        // month grid of the returns section shows every month); CSV and XLSX carry every period.
        return ReportSection(id: "period-attribution", title: "Period attribution",
                             intro: "Each sleeve's linked contribution per period (adding up to the portfolio's return), each benchmark, the active return and the hit rate.",
                             blocks: [.table(table("period-to-date", "To date (MTD, QTD, YTD, 1Y, 3Y, 5Y, ITD)", [.monthToDate, .quarterToDate, .yearToDate, .trailing1Y, .trailing3Y, .trailing5Y, .inceptionToDate])),
                                      .table(table("period-years", "Years", [.year])),
                                      .table(table("period-quarters", "Quarters", [.quarter], readingRows: 20)),
                                      .table(table("period-months", "Months", [.month], readingRows: 36))])
    }

    /// One table per classification (regimes or week types) and a bar chart of returns by label.
    func classificationBlocks(_ classes: [Classification], prefix: String, unitName: String) -> [ReportBlock] {
        var blocks: [ReportBlock] = []
        for c in classes {
            let id = "\(prefix)-\(Self.slug(c.name))"
            var cols = [ReportColumn("Label", .text), ReportColumn("Days", .integer)]
            let weekly = c.groups.contains { $0.weeks != nil }
            if weekly { cols.append(ReportColumn("Weeks", .integer)) }
            cols += [ReportColumn("Share of days", .percent), ReportColumn("Return", .percent), ReportColumn("Annualised", .percent),
                     ReportColumn("Volatility", .percent), ReportColumn("Sharpe", .ratio), ReportColumn("Log return", .decimal)]
            for s in a.benchmarks { cols += [ReportColumn("\(s) return", .percent), ReportColumn("Active vs \(s)", .percent), ReportColumn("Beta to \(s)", .ratio)] }
            cols += sleeveColumns { "Contribution \($0)" }
            let rows: [[Cell]] = c.groups.map { g in
                var r: [Cell] = [.text(g.label), .integer(g.days)]
                if weekly { r.append(g.weeks.map { Cell.integer($0) } ?? .empty(reason: nil)) }
                r += [Self.pct(g.shareOfDays, .neutral), Self.pct(g.totalReturn), Self.pct(g.annualizedReturn, .higherIsBetter, reason: "too few days"),
                      Self.pct(g.volatility, .lowerIsBetter, reason: "too few days"), Self.ratio(g.sharpe, .higherIsBetter),
                      .number(g.logReturn, kind: .decimal, polarity: .higherIsBetter, reason: "total loss")]
                for s in a.benchmarks {
                    let gb = g.benchmarks.first { $0.symbol == s }
                    r += [Self.pct(gb?.benchmarkReturn), Self.pct(gb?.activeReturn), Self.ratio(gb?.beta)]
                }
                // By name through a dictionary: a search per sleeve would be quadratic in sleeves.
                let byName = Dictionary(g.sleeves.map { ($0.name, $0.contribution) }, uniquingKeysWith: { x, _ in x })
                let values = a.sleeves.map { byName[$0] }
                let shown = sleeveValues(values.map { $0 ?? 0 })
                r += shown.indices.map { k in
                    k < a.strategy.correlationSleeves.count ? Self.pct(values[a.strategy.correlationSleeves[k]]) : Self.pct(shown[k])
                }
                return r
            }
            let foot = c.isPartition ? "Every day carries exactly one label: the log returns add up to log(1 + total return) = \(Self.fixed(log1p(a.totalReturn)))." :
                "Labels overlap (a \(unitName) can carry several), so the rows do not add up."
            blocks.append(.table(ReportTable(id: id, title: c.name, columns: cols, rows: rows, footnote: foot)))
            blocks.append(.chart(ReportChart(id: "\(id)-chart", title: "\(c.name): return by label", kind: .bar, x: .categories(c.groups.map(\.label)),
                                             series: [ChartSeries(name: "Portfolio", values: c.groups.map { $0.totalReturn }, role: .portfolio)]
                                                 + a.benchmarks.enumerated().map { k, s in ChartSeries(name: s, values: c.groups.map { g in g.benchmarks.first { $0.symbol == s }?.benchmarkReturn }, role: .benchmark(k)) },
                                             unit: .percent)))
        }
        return blocks
    }

    func regimeSection() -> ReportSection {
        ReportSection(id: "regime-attribution", title: "Regime attribution",
                      intro: "Days classified by rules on \(a.primaryBenchmark) (trend vs its \(a.config.trendWindow)-day average, \(a.config.volatilityWindow)-day realised volatility, drawdown state) and by user labels; days before a rule has enough history are 'warming-up'.",
                      blocks: classificationBlocks(a.regimes, prefix: "regime", unitName: "day"))
    }

    func weekTypeSection() -> ReportSection {
        ReportSection(id: "week-type-attribution", title: "Week-type attribution",
                      intro: "Trading weeks (Monday to Friday, holidays removed) by calendar flags, by \(a.primaryBenchmark)'s weekly move, and by user labels.",
                      blocks: classificationBlocks(a.weekTypes, prefix: "week", unitName: "week"))
    }

    /// OLS of daily returns on each benchmark alone and on all jointly.
    func factorSection() -> ReportSection {
        var cols = [ReportColumn("Series", .text), ReportColumn("Model", .text), ReportColumn("Days", .integer),
                    ReportColumn("Alpha (annualised)", .percent), ReportColumn("Alpha t-stat", .ratio)]
        for s in a.benchmarks { cols += [ReportColumn("Beta \(s)", .ratio), ReportColumn("t-stat \(s)", .ratio)] }
        cols += [ReportColumn("R-squared", .ratio), ReportColumn("Total return", .percent), ReportColumn("Beta-driven", .percent), ReportColumn("Residual", .percent)]
        var rowsByFactor: [[[Cell]]] = []
        for f in a.factors {
            var rows: [[Cell]] = []
            for m in f.models {
                var r: [Cell] = [.text(f.series), .text(m.symbols.joined(separator: " + ")), .integer(m.observations),
                                 Self.pct(m.alphaAnnualized), Self.ratio(m.alphaTStat)]
                for s in a.benchmarks {
                    if let k = m.symbols.firstIndex(of: s) { r += [Self.ratio(m.betas[k]), Self.ratio(m.betaTStats[k])] } else { r += [.empty(reason: "not in the model"), .empty(reason: "not in the model")] }
                }
                r += [Self.ratio(m.rSquared), Self.pct(m.totalReturn), Self.pct(m.betaReturn), Self.pct(m.residualReturn)]
                rows.append(r)
            }
            rowsByFactor.append(rows)
        }
        return ReportSection(id: "benchmark-factors", title: "Benchmark factors",
                             intro: "Ordinary least squares of daily returns on the benchmarks' daily returns: alone and jointly. Alpha annualised arithmetically (daily alpha x \(Int(a.config.periodsPerYear))).",
                             blocks: [.table(ReportTable(id: "factors", title: "Factor regressions", columns: cols, rows: rowsByFactor.flatMap { $0 },
                                                         readingView: factorsReadingView(columns: cols, rowsByFactor: rowsByFactor)))])
    }

    /// A return (a fraction) in a footnote's arithmetic: a percentage with 4 decimals, a
    /// floating-point remainder (|x| < 1e-9) shown as 0 (`NumberText.snapped`), never `-2.05e-16`.
    static func fixed(_ x: Double) -> String { NumberText.fixed(NumberText.snapped(x), decimals: 4, thousands: true, shift: 2) + "%" }

    /// The label of the column or bar summing the sleeves not shown one by one.
    var otherSleevesLabel: String { Self.otherLabel(a.sleeves.count - a.strategy.correlationSleeves.count) }

    /// Whether some sleeves are summed as "other" (more than `StrategyAttribution.shownSleeveLimit`).
    var hasOtherSleeves: Bool { a.strategy.correlationSleeves.count < a.sleeves.count }

    /// The names of the per-sleeve columns: the shown sleeves (`a.strategy.correlationSleeves`,
    /// every sleeve up to the limit), then the "other" column when some are not shown.
    var sleeveColumnNames: [String] {
        a.strategy.correlationSleeves.map { a.sleeves[$0] } + (hasOtherSleeves ? [otherSleevesLabel] : [])
    }

    func sleeveColumns(_ title: (String) -> String) -> [ReportColumn] {
        sleeveColumnNames.map { ReportColumn(title($0), .percent) }
    }

    /// Per-sleeve values (indexed as `a.sleeves`) cut to the shown sleeves plus the sum of the
    /// others: the table's width is bounded whatever the sleeve count, and a row still adds up.
    func sleeveValues(_ values: [Double]) -> [Double?] {
        let shown = a.strategy.correlationSleeves
        var out: [Double?] = shown.map { $0 < values.count ? values[$0] : nil }
        if hasOtherSleeves {
            var isShown = [Bool](repeating: false, count: values.count)
            for i in shown where i < values.count { isShown[i] = true }
            out.append(Stats.sum(values.indices.lazy.filter { !isShown[$0] }.map { values[$0] }))
        }
        return out
    }

    func sleeveCells(_ values: [Double]) -> [Cell] { sleeveValues(values).map { Self.pct($0) } }
}
