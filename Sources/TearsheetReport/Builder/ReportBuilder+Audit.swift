import TearsheetMetrics
import TearsheetValuation
import TearsheetCore

extension ReportBuilder {
    /// Holdings of the last day as the risk snapshot takes them: an option (from instruments.csv)
    /// is seen through its underlying's close that day (`OptionView`), in the underlying's sector
    /// when it has none of its own.
    var lastHoldings: [HoldingRow] {
        let ledger = run.ledger
        var instruments: [String: Instrument] = [:]
        for (id, inst) in ledger.instruments { instruments[ledger.symbols[id]] = inst }
        var sectorOf: [String: String] = [:]
        for h in run.valuation.holdings { if let s = h.sector, !s.isEmpty { sectorOf[h.symbol] = s } }
        func close(_ symbol: String, on day: Day) -> Double? {
            guard let id = ledger.symbols.id(of: symbol), let s = ledger.prices.series[id] else { return nil }
            return s.slice(Day(serial: Int32.min)...day).values.last
        }
        return run.valuation.holdings.map { h in
            var option: OptionView? = nil
            var sector = h.sector ?? ""
            if let inst = instruments[h.symbol], inst.assetClass == .option, let u = inst.underlying, let k = inst.strike,
               let expiry = inst.expiry, let right = inst.right, let spot = close(u, on: h.closeDay) {
                option = OptionView(underlying: u, spot: spot, strike: k, right: right, mark: h.close,
                                    day: h.closeDay, expiry: expiry, annualRate: run.config.riskFree.annualRate(on: h.closeDay))
                if sector.isEmpty { sector = inst.sector ?? instruments[u]?.sector ?? sectorOf[u] ?? "" }
            }
            return HoldingRow(account: h.account, strategy: h.strategy, symbol: h.symbol, sector: sector,
                              quantity: h.quantity, close: h.close, marketValue: h.marketValue, option: option)
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
        let holdings = lastHoldings
        let snap = RiskSnapshot(day: day, nav: nav, holdings: holdings, limits: limits)
        let summary: [[Cell]] = [
            [.text("Day"), .date(day)], [.text("NAV"), Self.money(nav)],
            [.text("Long exposure"), Self.money(snap.long)], [.text("Short exposure"), Self.money(snap.short)],
            [.text("Gross exposure"), Self.money(snap.gross)], [.text("Net exposure"), Self.money(snap.net)],
            [.text("Gross leverage (gross / NAV)"), Self.ratio(snap.leverage, .lowerIsBetter)],
        ]
        let ecols = [ReportColumn("Name", .text), ReportColumn("Exposure", .currency), ReportColumn("Weight", .percent), ReportColumn("Gross", .currency)]
        func rows(_ e: [RiskSnapshot.Exposure]) -> [[Cell]] { e.map { [.text($0.name), Self.money($0.exposure), Self.pct($0.weight, .neutral), Self.money($0.gross)] } }
        let top = holdings.sorted { abs($0.marketValue) != abs($1.marketValue) ? abs($0.marketValue) > abs($1.marketValue) : ($0.account, $0.strategy, $0.symbol) < ($1.account, $1.strategy, $1.symbol) }.prefix(10)
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
        let options = holdings.filter { $0.option != nil }
        // An option the model cannot see through its underlying (no close of the underlying on or
        // before its mark day) counts at its own market value: said, never silent.
        let unseen = Set(holdings.filter { h in h.option == nil && run.ledger.symbols.id(of: h.symbol).flatMap { run.ledger.instruments[$0] }?.assetClass == .option }.map(\.symbol)).sorted()
        if !unseen.isEmpty {
            blocks.append(.note(ReportNote("No close of the underlying on or before the mark day of \(unseen.joined(separator: ", ")): counted at \(unseen.count == 1 ? "its" : "their") own market value, not through the underlying, in the exposure and the stress scenarios. Give the underlying's closes in the prices file.", isWarning: true)))
        }
        if !options.isEmpty {
            let ocols = [ReportColumn("Account", .text), ReportColumn("Strategy", .text), ReportColumn("Option", .text), ReportColumn("Underlying", .text),
                         ReportColumn("Units", .decimal), ReportColumn("Mark", .decimal), ReportColumn("Market value", .currency),
                         ReportColumn("Implied volatility", .percent), ReportColumn("Delta", .decimal), ReportColumn("Exposure", .currency)]
            let orows: [[Cell]] = options.map { h in
                let o = h.option!
                return [.text(h.account), .text(h.strategy), .text(h.symbol), .text(o.underlying), .decimal(h.quantity, .neutral), .decimal(h.close, .neutral),
                        Self.money(h.marketValue), Self.pct(o.impliedVolatility, .neutral, reason: "no volatility reproduces the mark"),
                        .decimal(o.delta, .neutral), Self.money(h.exposure)]
            }
            blocks.append(.table(ReportTable(id: "risk-options", title: "Options through their underlying", columns: ocols, rows: orows)))
            blocks.append(.note(ReportNote("An option counts in the exposure as its delta-equivalent position in the underlying: units x Black-Scholes delta x the underlying's close, with the volatility implied by the option's mark, the risk-free rate and calendar days to expiry (docs/valuation.md).")))
        }
        if snap.breaches.isEmpty {
            blocks.append(.note(ReportNote("No limit breaches on \(day).")))
        } else {
            for b in snap.breaches {
                blocks.append(.note(ReportNote("Limit breach: \(b.kind.rawValue) for \(b.name) is \(MetricsTable.fixed(b.value * 100, 2))%, above the limit of \(MetricsTable.fixed(b.limit * 100, 2))%.", isWarning: true)))
            }
        }
        return ReportSection(id: "risk", title: "Risk snapshot", intro: "Positions on the last day, valued at that day's closes; exposure is market value, or for an option its delta-equivalent position in the underlying.", blocks: blocks)
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
        let rows: [[Cell]] = run.warnings.map { [.text($0.file), .integer($0.line), .integer($0.column), .text($0.severity.rawValue), .text($0.code), .text($0.message)] }
        let cols = [ReportColumn("File", .text), ReportColumn("Line", .integer), ReportColumn("Column", .integer), ReportColumn("Severity", .text),
                    ReportColumn("Code", .text), ReportColumn("Message", .text)]
        let warnings = run.warnings.filter { $0.severity == .warning }.count, infos = run.warnings.count - warnings
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let note: ReportNote
        if rows.isEmpty {
            note = ReportNote("No warnings: every input passed validation cleanly.")
        } else if warnings == 0 {
            note = ReportNote("No warnings. \(plural(infos, "informational finding")) record\(infos == 1 ? "s" : "") what the tool did by a documented rule (listed with the location).")
        } else {
            note = ReportNote("\(plural(warnings, "warning"))\(infos > 0 ? " and \(plural(infos, "informational finding"))" : ""): none stopped the run; each is listed with its location.", isWarning: true)
        }
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
