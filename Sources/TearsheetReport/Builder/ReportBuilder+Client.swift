import TearsheetCore
import TearsheetMetrics

/// The client statement's own sections: the cover, performance by period, the growth chart and
/// the disclosures. They re-arrange figures the analytics computed (trailing returns,
/// money-weighted windows, the period's attribution); nothing is computed here.
extension ReportBuilder {
    /// The firm named on the cover: `[report] firm`, else `[report] company`, else "Tearsheet".
    /// The branding's firm (`[report] firm`, else `company`, or a batch's `[branding]`), else "Tearsheet".
    var firm: String { run.config.branding.firm ?? "Tearsheet" }

    /// Firm, account, period, base currency, benchmarks, preparation date.
    func coverSection() -> ReportSection {
        let range = statementRange
        var rows: [[Cell]] = [
            [.text("Firm"), .text(firm)],
            [.text(run.account == nil ? "Book" : "Account"), .text(run.account ?? run.config.name)],
            [.text("Period"), .text(range.map { "\($0.lowerBound) to \($0.upperBound)" } ?? "-")],
            [.text("Base currency"), .text(currency)],
            [.text("Benchmarks"), .text(benchmarkSymbols.joined(separator: ", "))],
            [.text("Value at the end of the period"), Self.money(run.valuation.total.nav.last)],
            [.text("Prepared"), .text(String(generatedAt.iso8601.prefix(10)))],
        ]
        if let first = days.first, range?.lowerBound != first { rows.insert([.text("History since"), .date(first)], at: 3) }
        return ReportSection(id: "cover", title: "Statement", blocks: [
            .table(ReportTable(id: "cover", title: "Account", columns: [ReportColumn("Item", .text), ReportColumn("Value", .text)], rows: rows)),
        ])
    }

    /// The period, MTD, QTD, YTD, 1Y, 3Y, 5Y and ITD: time-weighted (net and, with FEE flows,
    /// gross of fees), money-weighted (XIRR), and each benchmark over the same days.
    func performancePeriodsSection() -> ReportSection {
        let p = run.metrics.portfolio, gross = run.grossOfFees
        var cols = [ReportColumn("Window", .text), ReportColumn("From", .date), ReportColumn("Time-weighted", .percent)]
        if gross != nil { cols.append(ReportColumn("Time-weighted, gross of fees", .percent)) }
        let hasMWR = run.source == .book
        if hasMWR { cols.append(ReportColumn("Money-weighted (XIRR)", .percent)) }
        cols += benchmarkSymbols.map { ReportColumn($0, .percent) }
        var rows: [[Cell]] = []
        // The trailing window that is the statement's period (MTD of a monthly statement) says so
        // rather than repeating its figures in a row of its own.
        let periodWindow = run.reportingPeriod.flatMap { r in p.trailing.first { $0.from == r.lowerBound && !$0.annualised }?.label }
        if let range = run.reportingPeriod, let pa = run.periodAttribution, periodWindow == nil {
            // Gross of fees for the period only when a trailing window covers the same days (MTD of a monthly statement).
            let same = p.trailing.first { $0.from == range.lowerBound && !$0.annualised }
            let long = range.lowerBound.days(to: range.upperBound) > 366
            var row: [Cell] = [.text("Period" + (long ? " (cumulative)" : "")), .date(range.lowerBound), Self.pct(pa.totalReturn)]
            if let gross {
                row.append(same.flatMap { s in gross.trailing.first { $0.label == s.label }?.value }.map { Self.pct($0) }
                           ?? .empty(reason: "gross of fees is computed for the trailing windows only"))
            }
            if hasMWR { row.append(Self.cell(run.periodMoneyWeighted?.xirrPeriod, unit: .percent, polarity: .higherIsBetter)) }
            for s in benchmarkSymbols { row.append(Self.pct(pa.active.first { $0.symbol == s }?.benchmarkReturn, reason: "no benchmark return")) }
            rows.append(row)
        }
        for t in p.trailing {
            let short = t.label == "ITD" && !t.annualised && !run.metrics.conventions.annualisesShortSeries
            let label = t.label + (t.annualised ? " (annualised)" : short ? " (cumulative, under a year)" : "") + (t.label == periodWindow ? " (this statement)" : "")
            var row: [Cell] = [.text(label), .date(t.from), Self.pct(t.value)]
            if let gross { row.append(Self.pct(gross.trailing.first { $0.label == t.label }?.value, reason: "not defined gross of fees")) }
            if hasMWR {
                let w = run.moneyWeighted.first { $0.label == t.label }
                row.append(Self.cell(t.annualised ? w?.xirrAnnualised : w?.xirrPeriod, unit: .percent, polarity: .higherIsBetter))
            }
            for bm in run.metrics.benchmarks {
                row.append(Self.pct(bm.trailing.first { $0.label == t.label }?.value, reason: "shorter history"))
            }
            rows.append(row)
        }
        let intro = "Returns to \(days.last.map(String.init(describing:)) ?? "-"). Windows of a year or less are cumulative; longer windows are annualised, as marked. "
            + "Time-weighted returns remove the effect of deposits and withdrawals\(gross == nil ? "" : " and are net of fees, with the gross-of-fees figures beside them")"
            + (hasMWR ? "; the money-weighted return (XIRR) is what the money invested earned, flows included." : ".")
        return ReportSection(id: "performance-periods", title: "Performance", intro: intro, blocks: [
            .table(ReportTable(id: "performance-periods", title: "Returns by period", columns: cols, rows: rows,
                               footnote: "Benchmarks over the same days as the portfolio; windows longer than the history are left out, never extrapolated.")),
        ])
    }

    /// The growth of 1 since inception against the benchmarks.
    func growthSection() -> ReportSection {
        let chart = ReportChart(id: "growth", title: "Growth of 1 since \(days.first.map(String.init(describing:)) ?? "-"): portfolio vs \(benchmarkSymbols.joined(separator: " and "))",
                                kind: .line, x: .dates(days),
                                series: [ChartSeries(name: "Portfolio", values: Self.growth(run.valuation.total.portfolio))]
                                    + benchmarkReturns.map { ChartSeries(name: $0.symbol, values: Self.growth($0.values)) },
                                unit: .ratio, logScale: false)
        return ReportSection(id: "growth", title: "Growth", intro: "The time-weighted growth of 1 invested at inception, beside the benchmarks.", blocks: [.chart(chart)])
    }

    /// The config's disclosures, the risk-free rate, the conventions, the methodology in one paragraph, the generation date and version.
    func disclosuresSection() -> ReportSection {
        var blocks: [ReportBlock] = []
        if let d = run.config.branding.disclosures, !d.isEmpty { blocks.append(.note(ReportNote(d))) }
        let c = run.metrics.conventions
        let timing = run.valuation.flowTiming == .startOfDay ? "at the start of the day" : "at the end of the day"
        blocks.append(.note(ReportNote("Risk-free rate: \(run.config.riskFree.disclosure).")))
        blocks.append(.note(ReportNote("Conventions: \(c.name); \(Self.periods(c.periodsPerYear)) periods a year; returns in \(currency); benchmarks \(benchmarkSymbols.joined(separator: " and ")), dividend-adjusted.")))
        blocks.append(.note(ReportNote("Methodology: the account is valued every trading day at the day's closes (cash plus positions). The time-weighted return links daily returns that treat deposits and withdrawals as arriving \(timing), so it measures the investments and not the timing of the client's flows; the money-weighted return (XIRR, actual/365) is the rate that discounts the opening value, the flows and the closing value to zero, so it includes the effect of the flows. Returns for a year or less are not annualised. Fees are those charged to the account (trade commissions and fee flows); the time-weighted return is net of them.")))
        blocks.append(.note(ReportNote("Generated \(generatedAt.iso8601) by Tearsheet \(TearsheetVersion.string).")))
        return ReportSection(id: "disclosures", title: "Disclosures", blocks: blocks)
    }
}
