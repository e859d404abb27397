import ArgumentParser
import Foundation
import TearsheetAttribution
import TearsheetMetrics
import TearsheetReport
import TearsheetCore
import TearsheetPipeline

/// `tearsheet attribution`: strategy, period, regime, week-type and factor attribution of a book.
struct AttributionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attribution",
        abstract: "Attribute a book's return by strategy, period, regime and week type against its benchmarks.")

    @OptionGroup var book: BookOptions
    @Option(name: .long, help: "Restrict to a period: YYYY, YYYY-Qn, YYYY-MM, or FROM..TO with ISO dates.")
    var period: String?
    @Option(name: .long, help: "First day of the period (ISO date); default: inception.")
    var from: String?
    @Option(name: .long, help: "Last day of the period (ISO date); default: the book's last day.")
    var to: String?
    @Option(name: .long, help: "Linking method: carino (default) or menchero.")
    var linking: String = "carino"
    @OptionGroup var rates: RateOptions
    @Flag(name: .long, help: "Print one JSON object with every value unrounded.")
    var json = false

    func validate() throws {
        guard book.hasBook else { throw ValidationError("Give --config FILE, or at least --trades or --positions.") }
        if let p = period, ReportingPeriod.parse(p) == nil { throw ValidationError("--period '\(p)' is not YYYY, YYYY-Qn, YYYY-MM or FROM..TO.") }
        do { _ = try ReportingPeriod.make(period: period, from: from, to: to, source: "--period") } catch { throw ValidationError("\(error)") }
        guard LinkingMethod(rawValue: linking) != nil else { throw ValidationError("--linking must be carino or menchero.") }
    }

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        resources.startWatchdog("computing the attribution")
        // Attribution over the period's trading days; the book is valued through its end, as a report for the period is.
        var request = book.request()
        request.period = try ReportingPeriod.make(period: period, from: from, to: to, source: "--period")
        request.linking = LinkingMethod(rawValue: linking)
        rates.apply(to: &request)
        let run = try BookRunner.run(request)
        let result = run.periodAttribution ?? run.attribution
        say(json ? try result.json() : AttributionText.render(result))
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
            // A sleeve funded from the account's cash, with no capital base, has no return of its own.
            out += pad(s.name, 18) + pad(s.ownReturn ? pct(s.totalReturn) : "-", 12) + pad(pct(s.contribution), 14) + pct(s.pnlShare) + "\n"
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

