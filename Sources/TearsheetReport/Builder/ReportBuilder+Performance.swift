import TearsheetMetrics
import TearsheetValuation
import TearsheetCore

extension ReportBuilder {
    var benchmarkSymbols: [String] { run.benchmarks.map(\.symbol) }

    /// Summary: the book's period, NAV, flows and P&L, and the headline figures beside each benchmark.
    func summarySection() -> ReportSection {
        let t = run.valuation.total, b = run.valuation.totalBreakdown
        let deposits = Stats.sum(t.flows.filter { $0 > 0 }), withdrawals = Stats.sum(t.flows.filter { $0 < 0 })
        let facts: [[Cell]] = run.source == .returnSeries ? [
            [.text("Period"), .text("\(days.first.map(String.init(describing:)) ?? "-") to \(days.last.map(String.init(describing:)) ?? "-")")],
            [.text("Trading days"), .integer(days.count)],
            [.text("Source"), .text("daily return series \(run.inputs.first?.path ?? "")")],
            [.text("Growth of 1 at the end"), .number(t.nav.last, kind: .decimal)],
            [.text("Risk-free rate"), .text(run.config.riskFree.disclosure)],
        ] : [
            [.text("Period"), .text("\(days.first.map(String.init(describing:)) ?? "-") to \(days.last.map(String.init(describing:)) ?? "-")")],
            [.text("Trading days"), .integer(days.count)],
            [.text("Accounts"), .integer(run.valuation.accounts.count)],
            [.text("Strategies"), .integer(run.valuation.strategies.count)],
            [.text("NAV at the end of the first day"), Self.money(t.nav.first)],
            [.text("NAV at the end"), Self.money(t.nav.last)],
            [.text("Deposits"), Self.money(deposits)],
            [.text("Withdrawals"), Self.money(withdrawals)],
            [.text("P&L (NAV change less external flows)"), Self.money(Stats.sum(b.pnl), .higherIsBetter)],
            [.text("Realised P&L"), Self.money(Stats.sum(b.realised), .higherIsBetter)],
            [.text("Fees"), Self.money(Stats.sum(b.fees), .lowerIsBetter)],
        ] + feeFacts() + [
            [.text("Income (dividends, interest)"), Self.money(Stats.sum(b.income), .higherIsBetter)],
            [.text("Closed round trips"), .integer(run.valuation.roundTrips.count)],
            [.text("Risk-free rate"), .text(run.config.riskFree.disclosure)],
        ] + moneyWeightedFacts()
        let key = ["total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown", "calmar"]
        var rows: [[Cell]] = []
        for id in key {
            guard let def = MetricRegistry.definition(id) else { continue }
            var row: [Cell] = [.text(def.name), Self.cell(run.metrics.portfolio.value(id), unit: def.unit, polarity: def.polarity)]
            for bm in run.metrics.benchmarks { row.append(Self.cell(bm.value(id), unit: def.unit, polarity: def.polarity)) }
            rows.append(row)
        }
        if let gross = run.grossOfFees {
            // GIPS asks for both: the headline figures above are net of fees (the book's own return).
            for id in ["total_return", "cagr"] {
                guard let def = MetricRegistry.definition(id) else { continue }
                var row: [Cell] = [.text("\(def.name), gross of fees"), Self.cell(gross.value(id), unit: def.unit, polarity: def.polarity)]
                row += run.metrics.benchmarks.map { _ in Cell.empty(reason: "the portfolio's fees only") }
                rows.append(row)
            }
        }
        for rel in run.metrics.relative {
            for id in ["alpha", "beta", "information_ratio"] {
                guard let def = MetricRegistry.definition(id) else { continue }
                var row: [Cell] = [.text("\(def.name) vs \(rel.symbol)"), Self.cell(rel.value(id), unit: def.unit, polarity: def.polarity)]
                row += run.metrics.benchmarks.map { _ in Cell.empty(reason: "relative to the portfolio only") }
                rows.append(row)
            }
        }
        let cols = [ReportColumn("Measure", .text), ReportColumn("Portfolio", .percent)] + benchmarkSymbols.map { ReportColumn($0, .percent) }
        let log = run.config.report.logScale
        var equity = ReportChart(id: "equity", title: "Growth of 1: portfolio vs \(benchmarkSymbols.joined(separator: " and "))\(log ? " (log scale)" : "")",
                                 kind: .line, x: .dates(days),
                                 series: [ChartSeries(name: "Portfolio", values: Self.growth(t.portfolio), role: .portfolio)]
                                     + benchmarkReturns.enumerated().map { ChartSeries(name: $1.symbol, values: Self.growth($1.values), role: .benchmark($0)) },
                                 unit: .ratio, logScale: log)
        equity.shaded = drawdownPeriods()
        var blocks: [ReportBlock] = totalLossNote().map { [.note($0)] } ?? []
        blocks += [
            .table(ReportTable(id: "summary-book", title: "The book", columns: [ReportColumn("Item", .text), ReportColumn("Value", .text)], rows: facts)),
            .table(ReportTable(id: "summary-returns", title: "Headline figures", columns: cols, rows: rows,
                               footnote: "Time-weighted returns (\(run.valuation.flowTiming == .startOfDay ? "flows at the start of the day" : "flows at the end of the day"))\(feeFootnote); conventions: \(run.metrics.conventions.name).")),
            .chart(equity),
        ]
        if let d = run.config.branding.disclosures, !d.isEmpty { blocks.append(.note(ReportNote(d))) }
        return ReportSection(id: "summary", title: "Summary", blocks: blocks)
    }

    /// The summary's FEE-flow row, when the book has FEE flows (the part of "Fees" the gross series adds back).
    func feeFacts() -> [[Cell]] {
        guard run.grossOfFees != nil else { return [] }
        return [[.text("of which FEE flows (added back gross of fees)"), Self.money(run.feeFlows, .lowerIsBetter)]]
            + run.feesByKind.map { [.text("FEE flows: \($0.kind)"), Self.money($0.amount, .lowerIsBetter)] }
    }

    /// How the headline figures stand to fees: net of the FEE flows, with the gross rows beside them.
    var feeFootnote: String {
        run.grossOfFees == nil ? "" : ", net of fees (the FEE flows); the gross-of-fees rows add them back"
    }

    /// A year's label in the yearly tables: "(partial)" when the series covers only part of it.
    func yearLabel(_ year: Int) -> Cell {
        guard let first = days.first, let last = days.last else { return .text(String(year)) }
        return .text(String(year) + (PeriodTables.isPartialYear(year, first: first, last: last) ? " (partial)" : ""))
    }

    /// Every registered series metric for the portfolio beside each benchmark, then the relative ones.
    func metricsSection() -> ReportSection {
        var rows: [[Cell]] = []
        for def in MetricRegistry.series {
            var row: [Cell] = [.text(def.name), .text(def.id), Self.cell(run.metrics.portfolio.value(def.id), unit: def.unit, polarity: def.polarity)]
            for bm in run.metrics.benchmarks { row.append(Self.cell(bm.value(def.id), unit: def.unit, polarity: def.polarity)) }
            rows.append(row)
        }
        let cols = [ReportColumn("Metric", .text), ReportColumn("Id", .text), ReportColumn("Portfolio", .decimal)]
            + benchmarkSymbols.map { ReportColumn($0, .decimal) }
        var relRows: [[Cell]] = []
        for def in MetricRegistry.relative {
            relRows.append([.text(def.name), .text(def.id)] + run.metrics.relative.map { Self.cell($0.value(def.id), unit: def.unit, polarity: def.polarity) })
        }
        let relCols = [ReportColumn("Metric", .text), ReportColumn("Id", .text)] + run.metrics.relative.map { ReportColumn("vs \($0.symbol)", .decimal) }
        let sharpe = ReportChart(id: "rolling-sharpe", title: "Rolling Sharpe ratio (\(run.metrics.conventions.rollingWindow) days)", kind: .line,
                                 x: .dates(days), series: [ChartSeries(name: "Portfolio", values: aligned(run.metrics.portfolio.rollingSharpe), role: .portfolio)]
                                     + run.metrics.benchmarks.enumerated().map { ChartSeries(name: $1.name, values: aligned($1.rollingSharpe), role: .benchmark($0)) },
                                 unit: .ratio)
        let beta = ReportChart(id: "rolling-beta", title: "Rolling beta (\(run.metrics.conventions.rollingWindow) days)", kind: .line,
                               x: .dates(days), series: run.metrics.relative.map { r in
                                   ChartSeries(name: "Beta to \(r.symbol)", values: aligned(r.rollingBeta),
                                               role: benchmarkSymbols.firstIndex(of: r.symbol).map(SeriesRole.benchmark) ?? .other)
                               },
                               unit: .ratio)
        let vol = ReportChart(id: "rolling-volatility", title: "Rolling volatility, annualised (\(run.metrics.conventions.rollingWindow) days)", kind: .line,
                              x: .dates(days), series: [ChartSeries(name: "Portfolio", values: aligned(run.metrics.portfolio.rollingVolatility), role: .portfolio)]
                                  + run.metrics.benchmarks.enumerated().map { ChartSeries(name: $1.name, values: aligned($1.rollingVolatility), role: .benchmark($0)) },
                              unit: .percent)
        var notes: [ReportBlock] = []
        let undefined = MetricRegistry.series.compactMap { def in run.metrics.portfolio.value(def.id)?.note.map { "\(def.name): \($0)" } }
        if !undefined.isEmpty { notes.append(.note(ReportNote("Undefined for the portfolio: " + undefined.joined(separator: "; ") + "."))) }
        return ReportSection(id: "metrics", title: "Metrics", intro: "The portfolio beside each benchmark over the same days; formulas in the methodology section.",
                             blocks: [.table(ReportTable(id: "metrics", title: "Return and risk metrics", columns: cols, rows: rows)),
                                      .table(ReportTable(id: "metrics-relative", title: "Benchmark-relative metrics", columns: relCols, rows: relRows)),
                                      .chart(sharpe), .chart(beta), .chart(vol)] + notes)
    }

    /// A dated series as values on the portfolio's days (nil where absent).
    func aligned(_ s: DatedSeries) -> [Double?] {
        var map: [Day: Double] = [:]
        map.reserveCapacity(s.count)
        for i in 0..<s.count { map[s.days[i]] = s.values[i] }
        return days.map { map[$0] }
    }

    /// Trailing returns, the year x month grid, quarters and years.
    func returnsSection() -> ReportSection {
        let p = run.metrics.portfolio
        var trailing: [[Cell]] = []
        let gross = run.grossOfFees
        for t in p.trailing {
            let short = t.label == "ITD" && !t.annualised && !run.metrics.conventions.annualisesShortSeries
            var row: [Cell] = [.text(t.label + (t.annualised ? " (annualised)" : short ? " (cumulative, under a year)" : "")), .date(t.from), Self.pct(t.value)]
            if let gross {
                row.append(Self.pct(gross.trailing.first { $0.label == t.label }?.value, reason: "not defined gross of fees"))
            }
            for bm in run.metrics.benchmarks {
                row.append(Self.pct(bm.trailing.first { $0.label == t.label }?.value, reason: "shorter history"))
            }
            trailing.append(row)
        }
        let tcols = [ReportColumn("Window", .text), ReportColumn("From", .date), ReportColumn("Portfolio", .percent)]
            + (gross == nil ? [] : [ReportColumn("Portfolio gross of fees", .percent)]) + benchmarkSymbols.map { ReportColumn($0, .percent) }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let grid = p.calendar.map { y in [Cell.text(String(y.year))] + y.months.map { Self.pct($0, reason: "no trading days") } + [Self.pct(y.total)] }
        let gcols = [ReportColumn("Year", .text)] + months.map { ReportColumn($0, .percent) } + [ReportColumn("Year", .percent)]
        let heat = ReportChart(id: "monthly-heatmap", title: "Monthly returns", kind: .heatmap, x: .categories(months),
                               series: p.calendar.map { ChartSeries(name: String($0.year), values: $0.months) }, unit: .percent)
        var yearly: [[Cell]] = []
        for y in p.yearly {
            var row: [Cell] = [yearLabel(y.year), Self.pct(y.value)]
            if let gross { row.append(Self.pct(gross.yearly.first { $0.year == y.year }?.value)) }
            for bm in run.metrics.benchmarks {
                let v = bm.yearly.first { $0.year == y.year }?.value
                row.append(Self.pct(v))
                row.append(Self.pct(v.map { y.value - $0 }))
            }
            yearly.append(row)
        }
        var ycols = [ReportColumn("Year", .text), ReportColumn("Portfolio", .percent)]
        if gross != nil { ycols.append(ReportColumn("Portfolio gross of fees", .percent)) }
        for s in benchmarkSymbols { ycols += [ReportColumn(s, .percent), ReportColumn("Active vs \(s)", .percent)] }
        var quarterly: [[Cell]] = []
        for q in p.quarterly {
            var row: [Cell] = [.text("\(q.year)-Q\(q.period)"), Self.pct(q.value)]
            for bm in run.metrics.benchmarks { row.append(Self.pct(bm.quarterly.first { $0.year == q.year && $0.period == q.period }?.value)) }
            quarterly.append(row)
        }
        let qcols = [ReportColumn("Quarter", .text), ReportColumn("Portfolio", .percent)] + benchmarkSymbols.map { ReportColumn($0, .percent) }
        return ReportSection(id: "returns", title: "Trailing and calendar returns",
                             intro: "Compounded time-weighted returns\(gross == nil ? "" : ", net of fees with the gross-of-fees figures beside them"); windows longer than the history are left out, not extrapolated; nothing is annualised over less than a year; a year the book covers only in part is marked (partial).",
                             blocks: [.table(ReportTable(id: "trailing-returns", title: "Trailing returns", columns: tcols, rows: trailing))]
                                 + moneyWeightedBlocks() + [
                                      .table(ReportTable(id: "monthly-returns", title: "Monthly returns (year total at right)", columns: gcols, rows: grid, style: .heatmap, heatmapColumns: Set(1...12))),
                                      .chart(heat), .chart(monthlyHistogram()),
                                      .table(ReportTable(id: "yearly-returns", title: "Yearly returns", columns: ycols, rows: yearly)),
                                      .table(ReportTable(id: "quarterly-returns", title: "Quarterly returns", columns: qcols, rows: quarterly))])
    }

    /// The summary's money-weighted rows: inception to date, beside the time-weighted figures.
    func moneyWeightedFacts() -> [[Cell]] {
        guard let itd = run.moneyWeighted.first(where: { $0.label == "ITD" }) else { return [] }
        return [
            [.text("Money-weighted return since inception (XIRR, over the period)"), Self.cell(itd.xirrPeriod, unit: .percent, polarity: .higherIsBetter)],
            [.text("Money-weighted return since inception (XIRR, annualised)"), Self.cell(itd.xirrAnnualised, unit: .percent, polarity: .higherIsBetter)],
            [.text("Modified Dietz return since inception"), Self.cell(itd.modifiedDietz, unit: .percent, polarity: .higherIsBetter)],
        ]
    }

    /// Money-weighted returns over the trailing windows and calendar years, beside the
    /// time-weighted return of the same days; and, in a book of several accounts, each account's.
    func moneyWeightedBlocks() -> [ReportBlock] {
        guard !run.moneyWeighted.isEmpty else { return [] }
        let rows: [[Cell]] = run.moneyWeighted.map { w in
            let twr = Self.pct(w.timeWeighted)
            let label = w.label + (w.partial ? " (partial year)" : "")
            return [.text(label), .date(w.from), .date(w.to), twr, Self.cell(w.modifiedDietz, unit: .percent, polarity: .higherIsBetter),
                    Self.cell(w.xirrPeriod, unit: .percent, polarity: .higherIsBetter),
                    Self.cell(w.xirrAnnualised, unit: .percent, polarity: .higherIsBetter), Self.money(w.netFlows)]
        }
        let cols = [ReportColumn("Window", .text), ReportColumn("From", .date), ReportColumn("To", .date),
                    ReportColumn("Time-weighted (not annualised)", .percent), ReportColumn("Modified Dietz", .percent),
                    ReportColumn("XIRR (period)", .percent), ReportColumn("XIRR (annualised)", .percent),
                    ReportColumn("Net flows", .currency)]
        var blocks: [ReportBlock] = [.table(ReportTable(
            id: "money-weighted-returns", title: "Money-weighted returns", columns: cols, rows: rows,
            footnote: "What the money invested earned, flows included: Modified Dietz and XIRR (actual/365) over the same days as the time-weighted return; nothing is annualised over less than a year."))]
        // The ITD row of each account (several accounts) and of each sleeve with flows of its own.
        func itdRows(_ list: [AccountMoneyWeighted]) -> [[Cell]] {
            list.map { a in
                [.text(a.account), .date(a.itd.from), .date(a.itd.to), Self.pct(a.itd.timeWeighted),
                 Self.cell(a.itd.modifiedDietz, unit: .percent, polarity: .higherIsBetter),
                 Self.cell(a.itd.xirrPeriod, unit: .percent, polarity: .higherIsBetter),
                 Self.cell(a.itd.xirrAnnualised, unit: .percent, polarity: .higherIsBetter), Self.money(a.itd.netFlows)]
            }
        }
        if !run.accountMoneyWeighted.isEmpty {
            blocks.append(.table(ReportTable(id: "money-weighted-accounts", title: "Money-weighted returns by account, since inception",
                                             columns: [ReportColumn("Account", .text)] + cols.dropFirst(), rows: itdRows(run.accountMoneyWeighted))))
        }
        if !run.sleeveMoneyWeighted.isEmpty {
            let sleeveCols = [ReportColumn("Sleeve", .text)] + cols.dropFirst()
            let sleeveRows = itdRows(run.sleeveMoneyWeighted)
            blocks.append(.table(ReportTable(id: "money-weighted-sleeves", title: "Money-weighted returns by sleeve with its own flows, since inception",
                                             columns: sleeveCols, rows: sleeveRows,
                                             footnote: "A sleeve funded from the account's cash, with no flows of its own, has no money-weighted return of its own.",
                                             readingView: moneyWeightedSleevesReadingView(columns: sleeveCols, rows: sleeveRows))))
        }
        return blocks
    }

    /// The top five drawdowns as date ranges (start to recovery, or to the last day when not
    /// recovered), shaded on the growth chart.
    func drawdownPeriods() -> [ClosedRange<Day>] {
        guard let last = days.last else { return [] }
        return run.metrics.portfolio.drawdowns.prefix(5).compactMap { d in
            let end = d.recovery ?? last
            return d.start <= end ? d.start...end : nil
        }
    }

    /// How many months returned how much: the portfolio's calendar months in bins of equal width
    /// (`Histogram.bins`); a bar's label is its range.
    func monthlyHistogram() -> ReportChart {
        let months = run.metrics.portfolio.calendar.flatMap { $0.months.compactMap { $0 } }
        let bins = Histogram.bins(months)
        let f = CellFormatter()
        func pct(_ x: Double) -> String {
            // Whole percents print without decimals; half percents with one.
            let decimals = abs(x * 100 - (x * 100).rounded()) < 1e-9 ? 0 : 1
            return f.axisLabel(x, unit: .percent, decimals: decimals)
        }
        return ReportChart(id: "monthly-histogram", title: "Distribution of monthly returns (number of months)", kind: .bar,
                           x: .categories(bins.map { "\(pct($0.lower)) to \(pct($0.upper))" }),
                           series: [ChartSeries(name: "Portfolio", values: bins.map { Double($0.count) }, role: .portfolio)], unit: .count)
    }

    /// The top drawdowns and the underwater curve.
    func drawdownSection() -> ReportSection {
        let p = run.metrics.portfolio
        let rows: [[Cell]] = p.drawdowns.enumerated().map { i, d in
            [.integer(i + 1), .date(d.start), .date(d.trough), d.recovery.map { Cell.date($0) } ?? .text("not recovered"),
             Self.pct(d.depth, .higherIsBetter), .integer(d.lengthDays), .integer(d.calendarDays),
             d.recovery.map { r in Cell.integer(d.trough.days(to: r)) } ?? .empty(reason: "not recovered")]
        }
        let cols = [ReportColumn("Rank", .integer), ReportColumn("Start", .date), ReportColumn("Trough", .date), ReportColumn("Recovery", .date),
                    ReportColumn("Depth", .percent), ReportColumn("Length (trading days)", .integer), ReportColumn("Length (calendar days)", .integer),
                    ReportColumn("Trough to recovery (calendar days)", .integer)]
        let under = ReportChart(id: "underwater", title: "Underwater: drawdown from the running peak", kind: .area, x: .dates(days),
                                series: [ChartSeries(name: "Portfolio", values: aligned(p.drawdownPath), role: .portfolio)]
                                    + run.metrics.benchmarks.enumerated().map { ChartSeries(name: $1.name, values: aligned($1.drawdownPath), role: .benchmark($0)) },
                                unit: .percent)
        return ReportSection(id: "drawdowns", title: "Drawdowns",
                             blocks: [.table(ReportTable(id: "drawdowns", title: "Top \(rows.count) drawdowns", columns: cols, rows: rows)), .chart(under)])
    }

    /// Trade statistics from the FIFO round trips, overall and per strategy.
    func tradeSection() -> ReportSection {
        guard let trades = run.metrics.trades, !trades.isEmpty else {
            return ReportSection(id: "trades", title: "Trade statistics", blocks: [.note(ReportNote("No closed round trips in the period."))])
        }
        let cols = [ReportColumn("Statistic", .text)] + trades.map { ReportColumn($0.strategy ?? "All strategies", .decimal) }
        let rows: [[Cell]] = MetricRegistry.trades.map { def in
            [.text(def.name)] + trades.map { Self.cell($0.value(def.id), unit: def.unit, polarity: def.polarity) }
        }
        let open = run.valuation.openLots.count
        return ReportSection(id: "trades", title: "Trade statistics",
                             intro: "FIFO round trips per account, strategy and symbol, net of entry and exit fees pro rata.",
                             blocks: [.table(ReportTable(id: "trade-statistics", title: "Round-trip statistics by strategy", columns: cols, rows: rows,
                                                         footnote: "\(open) open lot\(open == 1 ? "" : "s") at the end are not counted as trades.",
                                                         readingView: tradesReadingView(trades)))])
    }

    /// The daily series in one tidy table (full in CSV and XLSX, summarised in HTML and Markdown).
    func dailySection() -> ReportSection {
        let t = run.valuation.total, b = run.valuation.totalBreakdown
        let dd = aligned(run.metrics.portfolio.drawdownPath)
        if run.source == .returnSeries {
            var cols = [ReportColumn("Date", .date), ReportColumn("Growth of 1", .decimal), ReportColumn("Return", .percent)]
            cols += benchmarkSymbols.map { ReportColumn($0, .percent) }
            cols.append(ReportColumn("Drawdown", .percent))
            let rows: [[Cell]] = days.indices.map { i in
                [.date(days[i]), .decimal(t.nav[i], .neutral), .percent(t.portfolio[i], .higherIsBetter)]
                    + benchmarkReturns.map { .percent($0.values[i], .higherIsBetter) } + [Self.pct(dd[i], .higherIsBetter)]
            }
            return ReportSection(id: "daily", title: "Daily series", intro: "The return series, its growth of 1, the benchmarks and the drawdown, day by day.",
                                 blocks: [.table(ReportTable(id: "daily", title: "Daily series", columns: cols, rows: rows, style: .dailySeries))])
        }
        var cols = [ReportColumn("Date", .date), ReportColumn("NAV", .currency), ReportColumn("External flow", .currency),
                    ReportColumn("P&L", .currency), ReportColumn("Realised", .currency), ReportColumn("Unrealised change", .currency),
                    ReportColumn("Fees", .currency), ReportColumn("Income", .currency), ReportColumn("Return", .percent)]
        let firstSleeveColumn = cols.count
        cols += t.sleeves.map { ReportColumn("Contribution \($0)", .percent) }
        cols += benchmarkSymbols.map { ReportColumn($0, .percent) }
        cols.append(ReportColumn("Drawdown", .percent))
        let pnl = b.pnl
        var rows: [[Cell]] = []
        rows.reserveCapacity(days.count)
        for i in days.indices {
            var r: [Cell] = [.date(days[i]), .currency(t.nav[i], .neutral), .currency(t.flows[i], .neutral), .currency(pnl[i], .higherIsBetter),
                             .currency(b.realised[i], .higherIsBetter), .currency(b.unrealisedChange[i], .higherIsBetter),
                             .currency(b.fees[i], .lowerIsBetter), .currency(b.income[i], .higherIsBetter), .percent(t.portfolio[i], .higherIsBetter)]
            for s in t.sleeves.indices { r.append(.percent(t.contributions[s][i], .higherIsBetter)) }
            for bm in benchmarkReturns { r.append(.percent(bm.values[i], .higherIsBetter)) }
            r.append(Self.pct(dd[i], .higherIsBetter))
            rows.append(r)
        }
        return ReportSection(id: "daily", title: "Daily series",
                             intro: "NAV, flows, P&L split, the book's time-weighted return, each sleeve's contribution and the benchmarks, day by day.",
                             blocks: [.table(ReportTable(id: "daily", title: "Daily valuation", columns: cols, rows: rows, style: .dailySeries,
                                                         readingView: dailyReadingView(columns: cols, rows: rows, sleeves: t.sleeves, firstSleeveColumn: firstSleeveColumn,
                                                                                       contributions: t.contributions)))])
    }
}
