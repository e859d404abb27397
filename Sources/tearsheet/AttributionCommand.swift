import ArgumentParser
import Foundation
import TearsheetAttribution
import TearsheetMetrics
import TearsheetReport

/// `tearsheet attribution`: strategy, period, regime, week-type and factor attribution of a book.
struct AttributionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attribution",
        abstract: "Attribute a book's return by strategy, period, regime and week type against its benchmarks.")

    @OptionGroup var book: BookOptions
    @Option(name: .long, help: "Restrict to a period: YYYY, YYYY-Qn, YYYY-MM, or FROM..TO with ISO dates.")
    var period: String?
    @Option(name: .long, help: "Linking method: carino (default) or menchero.")
    var linking: String = "carino"
    @Flag(name: .long, help: "Print one JSON object with every value unrounded.")
    var json = false

    func validate() throws {
        guard book.hasBook else { throw ValidationError("Give --config FILE, or at least --trades or --positions.") }
        if let p = period, PeriodSpec.parse(p) == nil { throw ValidationError("--period '\(p)' is not YYYY, YYYY-Qn, YYYY-MM or FROM..TO.") }
        guard LinkingMethod(rawValue: linking) != nil else { throw ValidationError("--linking must be carino or menchero.") }
    }

    func run() throws {
        let run = try BookRunner.run(book.request())
        var config = run.attribution.config
        config.linking = LinkingMethod(rawValue: linking) ?? .carino
        let range = period.flatMap(PeriodSpec.parse)
        let result = try Attribution.run(book: run.valuation.total, benchmarks: run.benchmarks, config: config, period: range, segments: run.segments)
        print(json ? result.json() : AttributionText.render(result))
    }
}

/// Reporting periods written on the command line.
enum PeriodSpec {
    /// `2024`, `2024-Q3`, `2024-10`, or `2024-01-15..2024-06-30`.
    static func parse(_ s: String) -> ClosedRange<Day>? {
        if let r = s.range(of: "..") {
            guard let a = Day(iso: s[..<r.lowerBound]), let b = Day(iso: s[r.upperBound...]), a <= b else { return nil }
            return a...b
        }
        let parts = s.split(separator: "-")
        guard let y = Int(parts.first ?? ""), (1900...9999).contains(y), parts[0].count == 4 else { return nil }
        if parts.count == 1 { return Day(year: y, month: 1, day: 1)!...Day(year: y, month: 12, day: 31)! }
        guard parts.count == 2 else { return nil }
        if parts[1].hasPrefix("Q"), let q = Int(parts[1].dropFirst()), (1...4).contains(q) {
            let start = Day(year: y, month: 3 * q - 2, day: 1)!
            return start...start.adding(months: 2).monthEnd
        }
        if parts[1].count == 2, let m = Int(parts[1]), let start = Day(year: y, month: m, day: 1) { return start...start.monthEnd }
        return nil
    }
}

/// A plain-text view of an attribution result for the terminal.
enum AttributionText {
    static func render(_ r: AttributionResult) -> String {
        func pct(_ x: Double?) -> String { x.map { MetricsTable.fixed($0 * 100, 2) + "%" } ?? "-" }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        var out = "Attribution \(r.period.lowerBound) to \(r.period.upperBound) (\(r.days) days), total return \(pct(r.totalReturn)), \(r.linking.rawValue) linking\n\n"
        out += pad("Sleeve", 18) + pad("Return", 12) + pad("Contribution", 14) + "Share of P&L\n"
        for s in r.strategy.sleeves {
            out += pad(s.name, 18) + pad(pct(s.totalReturn), 12) + pad(pct(s.contribution), 14) + pct(s.pnlShare) + "\n"
        }
        out += pad("Total", 18) + pad("", 12) + pct(r.strategy.sleeves.reduce(0) { $0 + $1.contribution } + r.residual) + "\n"
        for a in r.active {
            out += "\nvs \(a.symbol): benchmark \(pct(a.benchmarkReturn)), active \(pct(a.activeReturn)), hit rate \(pct(a.hitRate))\n"
        }
        for c in r.regimes + r.weekTypes {
            out += "\n\(c.name)\n"
            for g in c.groups {
                out += "  " + pad(g.label, 22) + pad("\(g.days) days", 12) + pad(pct(g.totalReturn), 12) + "log \(g.logReturn.map { MetricsTable.fixed($0, 6) } ?? "-")\n"
            }
        }
        return out
    }
}

