import TearsheetAttribution
import TearsheetIngest
import TearsheetMetrics
import TearsheetValuation
import TearsheetCore

/// Fills the report model from one book run. Every number in every format comes from here, so
/// Markdown, HTML, CSV and XLSX show the same figures; no section computes its own statistics
/// beyond re-arranging (and, for the equity curve, compounding) what the analytics produced.
public struct ReportBuilder {
    public let run: BookRun
    public let generatedAt: GenerationTime
    /// Stress scenarios applied to the last day's holdings: the config's `[stress]` table.
    public var scenarios: [StressScenario]

    /// The portfolio's days and its benchmarks' returns on those days (0 where a benchmark has no
    /// return that day: a missing benchmark day adds nothing to its growth).
    let days: [Day]
    let benchmarkReturns: [(symbol: String, values: [Double])]

    public init(run: BookRun, generatedAt: GenerationTime) {
        self.run = run
        self.generatedAt = generatedAt
        self.scenarios = StressScenario.scenarios(run.config.stress)
        self.days = run.valuation.total.days
        self.benchmarkReturns = run.benchmarks.map { b in
            let r = b.returns
            return (b.symbol, run.valuation.total.days.map { r[$0] ?? 0 })
        }
    }

    /// The whole document, sections in the order of DESIGN.md section 6.
    public func build() -> ReportDocument {
        // With a reporting period the document covers it; every section still runs from inception.
        let period = run.reportingPeriod.map { ReportPeriod(start: $0.lowerBound, end: $0.upperBound) }
            ?? ReportPeriod(start: days.first ?? Day(serial: 0), end: days.last ?? Day(serial: 0))
        let provenance = Provenance(toolVersion: TearsheetVersion.string, configText: run.configText, inputs: run.inputs,
                                    benchmarks: run.benchmarkSources, period: period, generatedAt: generatedAt,
                                    riskFree: run.config.riskFree.disclosure)
        // The profile's sections (or the config's own list), in order: DESIGN.md section 6 for `full`.
        let sections = CurrencyLabels.apply(selectedSections(), code: run.config.baseCurrency)
        var title = run.config.report.title ?? "\(run.config.name): performance report"
        if let account = run.account {
            title = run.config.report.title.map { "\($0), account \(account)" } ?? "\(run.config.name), account \(account): performance report"
        }
        if run.config.report.profile == .client {
            // A statement is titled for its reader; the config's title describes the analyst's report.
            title = run.account.map { "Statement for account \($0)" } ?? "Statement: \(run.config.name)"
        }
        let context = run.reportingPeriod == nil ? "" : " (history from \(days.first.map(String.init(describing:)) ?? "-"))"
        var document = ReportDocument(title: title, subtitle: "\(period.start) to \(period.end)\(context), against \(run.benchmarks.map(\.symbol).joined(separator: " and "))",
                                      period: period, generatedAt: generatedAt, author: run.config.report.author ?? "",
                                      company: run.config.report.company ?? "", provenance: provenance, sections: sections)
        document.paper = PaperSize(rawValue: run.config.report.paper) ?? .a4
        document.branding = run.config.branding
        document.baseCurrency = run.config.baseCurrency
        return document
    }

    // MARK: - Shared cell helpers

    static func cell(_ v: MetricValue?, unit: MetricUnit, polarity: TearsheetMetrics.Polarity) -> Cell {
        guard let v else { return .empty(reason: "not computed") }
        switch v {
        case .undefined(let why): return .empty(reason: MarkdownText.plain(why))
        case .value(let x):
            // Colour by sign only where the sign is the news: a volatility is always positive and a
            // lower-is-better metric has no sign to colour, so it stays neutral.
            let p = polarity == .lowerIsBetter ? Polarity.neutral : Self.polarity(polarity)
            switch unit {
            case .percent: return .number(x, kind: .percent, polarity: p)
            case .ratio: return .number(x, kind: .ratio, polarity: p)
            case .currency: return .number(x, kind: .currency, polarity: p)
            case .count: return .number(x, kind: .integer, polarity: p)
            case .days: return .number(x, kind: .days, polarity: p)
            }
        }
    }

    static func polarity(_ p: TearsheetMetrics.Polarity) -> Polarity {
        switch p {
        case .higherIsBetter: return .higherIsBetter
        case .lowerIsBetter: return .lowerIsBetter
        case .neutral: return .neutral
        }
    }

    static func pct(_ v: Double?, _ p: Polarity = .higherIsBetter, reason: String? = nil) -> Cell {
        .number(v, kind: .percent, polarity: p, reason: reason)
    }

    static func money(_ v: Double?, _ p: Polarity = .neutral) -> Cell { .number(v, kind: .currency, polarity: p) }
    static func ratio(_ v: Double?, _ p: Polarity = .neutral) -> Cell { .number(v, kind: .ratio, polarity: p) }

    /// Growth of 1 over the portfolio's days, compounding simple returns; stops at 0 after a total loss.
    static func growth(_ r: [Double]) -> [Double?] {
        var g = 1.0
        return r.map { x in g = max(0, g * (1 + x)); return g }
    }

    /// `id` made safe for the model (lowercase letters, digits and `-`).
    public static func slug(_ s: String) -> String {
        var out = ""
        for u in s.lowercased().unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "0" && u <= "9") { out.unicodeScalars.append(u) } else if !out.hasSuffix("-") { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        while out.hasPrefix("-") { out.removeFirst() }   // a folder name never reads as an option
        return out.isEmpty ? "x" : out
    }
}
