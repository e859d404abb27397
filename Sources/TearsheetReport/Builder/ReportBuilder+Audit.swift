import TearsheetMetrics
import TearsheetValuation
import TearsheetCore

extension ReportBuilder {
    /// Holdings of the last day as the risk snapshot takes them.
    var lastHoldings: [HoldingRow] {
        run.valuation.holdings.map {
            HoldingRow(account: $0.account, strategy: $0.strategy, symbol: $0.symbol, sector: $0.sector ?? "",
                       quantity: $0.quantity, close: $0.close, marketValue: $0.marketValue)
        }
    }

    var limits: RiskLimits {
        RiskLimits(maxPositionWeight: run.config.limits.maxPositionWeight, maxSectorWeight: run.config.limits.maxSectorWeight,
                   maxGrossLeverage: run.config.limits.maxGrossLeverage)
    }

    /// Exposure on the last day by symbol and sector, top positions, leverage and limit breaches.
    func riskSection() -> ReportSection {
        guard let day = days.last, let nav = run.valuation.total.nav.last else {
            return ReportSection(id: "risk", title: "Risk snapshot", blocks: [.note(ReportNote("No valued days."))])
        }
        let snap = RiskSnapshot(day: day, nav: nav, holdings: lastHoldings, limits: limits)
        let summary: [[Cell]] = [
            [.text("Day"), .date(day)], [.text("NAV"), Self.money(nav)],
            [.text("Long market value"), Self.money(snap.long)], [.text("Short market value"), Self.money(snap.short)],
            [.text("Gross exposure"), Self.money(snap.gross)], [.text("Net exposure"), Self.money(snap.net)],
            [.text("Gross leverage (gross / NAV)"), Self.ratio(snap.leverage, .lowerIsBetter)],
        ]
        let ecols = [ReportColumn("Name", .text), ReportColumn("Market value", .currency), ReportColumn("Weight", .percent), ReportColumn("Gross", .currency)]
        func rows(_ e: [RiskSnapshot.Exposure]) -> [[Cell]] { e.map { [.text($0.name), Self.money($0.marketValue), Self.pct($0.weight, .neutral), Self.money($0.gross)] } }
        let top = lastHoldings.sorted { abs($0.marketValue) != abs($1.marketValue) ? abs($0.marketValue) > abs($1.marketValue) : ($0.account, $0.strategy, $0.symbol) < ($1.account, $1.strategy, $1.symbol) }.prefix(10)
        let pcols = [ReportColumn("Account", .text), ReportColumn("Strategy", .text), ReportColumn("Symbol", .text), ReportColumn("Quantity", .decimal),
                     ReportColumn("Close", .decimal), ReportColumn("Market value", .currency), ReportColumn("Weight", .percent)]
        let prow: [[Cell]] = top.map { [.text($0.account), .text($0.strategy), .text($0.symbol), .decimal($0.quantity, .neutral), .decimal($0.close, .neutral),
                                         Self.money($0.marketValue), Self.pct(nav > 0 ? $0.marketValue / nav : nil, .neutral)] }
        var blocks: [ReportBlock] = [
            .table(ReportTable(id: "risk-summary", title: "Exposure", columns: [ReportColumn("Item", .text), ReportColumn("Value", .text)], rows: summary)),
            .table(ReportTable(id: "risk-by-symbol", title: "Exposure by symbol", columns: ecols, rows: rows(snap.bySymbol))),
            .table(ReportTable(id: "risk-by-sector", title: "Exposure by sector", columns: ecols, rows: rows(snap.bySector))),
            .table(ReportTable(id: "top-positions", title: "Top positions", columns: pcols, rows: prow)),
        ]
        if snap.breaches.isEmpty {
            blocks.append(.note(ReportNote("No limit breaches on \(day).")))
        } else {
            for b in snap.breaches {
                blocks.append(.note(ReportNote("Limit breach: \(b.kind.rawValue) for \(b.name) is \(MetricsTable.fixed(b.value * 100, 2))%, above the limit of \(MetricsTable.fixed(b.limit * 100, 2))%.", isWarning: true)))
            }
        }
        return ReportSection(id: "risk", title: "Risk snapshot", intro: "Positions on the last day, valued at that day's closes.", blocks: blocks)
    }

    /// Instantaneous shocks on the last day's holdings.
    func stressSection() -> ReportSection {
        guard let day = days.last, let nav = run.valuation.total.nav.last, let primary = run.benchmarks.first else {
            return ReportSection(id: "stress", title: "Stress scenarios", blocks: [.note(ReportNote("No valued days."))])
        }
        var prices: [String: DatedSeries] = [:]
        for (id, s) in run.ledger.prices.series { prices[run.ledger.symbols[id]] = s }
        let results = StressTest.run(scenarios, holdings: lastHoldings, nav: nav, day: day, prices: prices, benchmark: primary.closes)
        let sum = results.map { r in [Cell.text(r.scenario), Self.money(r.pnl, .higherIsBetter), Self.pct(r.pnlPct, .higherIsBetter, reason: "NAV is not positive"), .integer(r.lines.count)] }
        var lines: [[Cell]] = []
        for r in results {
            for l in r.lines { lines.append([.text(r.scenario), .text(l.symbol), Self.money(l.marketValue), .decimal(l.sensitivity, .neutral), Self.money(l.pnl, .higherIsBetter), .text(l.basis)]) }
        }
        return ReportSection(id: "stress", title: "Stress scenarios",
                             intro: "First-order P&L of instantaneous shocks to the holdings of \(day): the market through each position's beta to \(primary.symbol), a sector shock, and a rates shock through bond ETFs' durations.",
                             blocks: [.table(ReportTable(id: "stress", title: "Scenario P&L", columns: [ReportColumn("Scenario", .text), ReportColumn("P&L", .currency), ReportColumn("Share of NAV", .percent), ReportColumn("Positions hit", .integer)], rows: sum)),
                                      .table(ReportTable(id: "stress-positions", title: "Scenario P&L by position", columns: [ReportColumn("Scenario", .text), ReportColumn("Symbol", .text), ReportColumn("Market value", .currency), ReportColumn("Sensitivity", .decimal), ReportColumn("P&L", .currency), ReportColumn("Basis", .text)], rows: lines))])
    }

    /// Every warning of ingestion, benchmarks and valuation.
    func dataQualitySection() -> ReportSection {
        let rows: [[Cell]] = run.warnings.map { [.text($0.file), .integer($0.line), .integer($0.column), .text($0.code), .text($0.message)] }
        let cols = [ReportColumn("File", .text), ReportColumn("Line", .integer), ReportColumn("Column", .integer), ReportColumn("Code", .text), ReportColumn("Message", .text)]
        let note = rows.isEmpty ? ReportNote("No warnings: every input passed validation cleanly.") :
            ReportNote("\(rows.count) warning\(rows.count == 1 ? "" : "s"): none stopped the run; each is listed with its location.", isWarning: true)
        return ReportSection(id: "data-quality", title: "Data quality",
                             blocks: [.note(note), .table(ReportTable(id: "data-quality", title: "Warnings", columns: cols, rows: rows))])
    }

    /// Generated from the metric registry: the same text as docs/methodology.md.
    /// `252`, or `365.25` for a fractional number of periods a year.
    static func periods(_ k: Double) -> String { k == k.rounded() && abs(k) < 1e9 ? "\(Int(k))" : "\(k)" }

    func methodologySection() -> ReportSection {
        let cols = [ReportColumn("Id", .text), ReportColumn("Metric", .text), ReportColumn("Unit", .text), ReportColumn("Formula", .text),
                    ReportColumn("Convention", .text), ReportColumn("Undefined when", .text), ReportColumn("Reference", .text)]
        let rows: [[Cell]] = MetricRegistry.all.map { d in
            // The registry's text is Markdown (it also makes docs/methodology.md); the report's is plain.
            [d.id, d.name, d.unit.rawValue, d.formula, d.convention, d.undefined, d.reference].map { Cell.text(MarkdownText.plain($0)) }
        }
        let c = run.metrics.conventions
        return ReportSection(id: "methodology", title: "Methodology",
                             intro: "Conventions in force: \(c.name); \(Self.periods(c.periodsPerYear)) periods a year; standard deviation with n - \(c.stdevDDOF). Valuation: time-weighted returns with flows at the \(run.valuation.flowTiming == .startOfDay ? "start" : "end") of the day, FIFO lots. Attribution: \(a.linking == .carino ? "Carino" : "Menchero") linking. Risk-free rate: \(run.config.riskFree.disclosure); each annual rate becomes a per-period rate (1 + rf)^(1/\(Self.periods(c.periodsPerYear))) - 1, the same for the metrics and the attribution's Sharpe ratios.",
                             blocks: [.table(ReportTable(id: "methodology", title: "Metric definitions", columns: cols, rows: rows))])
    }
}
