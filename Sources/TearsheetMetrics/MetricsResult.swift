/// The outcome of `MetricsEngine.compute`: numbers only; formatting happens in `MetricsTable`
/// (terminal) and in the report model.
import TearsheetCore
public struct MetricsResult: Sendable {
    public var conventions: Conventions
    public var portfolio: SeriesAnalysis
    /// Each benchmark's own series metrics, in input order.
    public var benchmarks: [SeriesAnalysis]
    /// The portfolio against each benchmark, in input order.
    public var relative: [RelativeAnalysis]
    public var sleeves: [SeriesAnalysis]
    /// All trades first (`strategy == nil`), then one entry per strategy in name order; nil
    /// when no round trips were given.
    public var trades: [TradeAnalysis]?

    /// The machine-readable object of `tearsheet metrics --json`:
    /// `{"metrics": {ID: number|null}, "benchmarks": {SYMBOL: {ID: number|null}},
    /// "relative": {SYMBOL: {ID: number|null}}, "notes": {KEY: "why it is null"}}`.
    ///
    /// Keys follow the registry order (benchmarks in input order); numbers are unrounded,
    /// printed in Swift's shortest round-trip form, so the output is byte-stable. `metrics` holds
    /// the portfolio's series metrics, then the all-trades statistics when round trips were given.
    /// Notes are keyed by the metric id for the portfolio, `SYMBOL.ID` for a benchmark's own
    /// metrics and `relative.SYMBOL.ID` for the relative ones.
    public func json() -> String {
        var notes: [(String, String)] = []
        var out = "{\"metrics\": {"
        var first = true
        func emit(_ id: String, _ v: MetricValue, noteKey: String) {
            out += (first ? "" : ", ") + JSONText.quote(id) + ": "
            first = false
            switch v {
            case .value(let x): out += JSONText.number(x)
            case .undefined(let why): out += "null"; notes.append((noteKey, why))
            }
        }
        for (d, v) in zip(MetricRegistry.series, portfolio.values) { emit(d.id, v, noteKey: d.id) }
        if let all = trades?.first {
            for (d, v) in zip(MetricRegistry.trades, all.values) { emit(d.id, v, noteKey: d.id) }
        }
        out += "}, \"benchmarks\": {"
        for (i, b) in benchmarks.enumerated() {
            out += (i == 0 ? "" : ", ") + JSONText.quote(b.name) + ": {"
            first = true
            for (d, v) in zip(MetricRegistry.series, b.values) { emit(d.id, v, noteKey: b.name + "." + d.id) }
            out += "}"
        }
        out += "}, \"relative\": {"
        for (i, r) in relative.enumerated() {
            out += (i == 0 ? "" : ", ") + JSONText.quote(r.symbol) + ": {"
            first = true
            for (d, v) in zip(MetricRegistry.relative, r.values) { emit(d.id, v, noteKey: "relative." + r.symbol + "." + d.id) }
            out += "}"
        }
        out += "}, \"notes\": {"
        out += notes.map { JSONText.quote($0.0) + ": " + JSONText.quote($0.1) }.joined(separator: ", ")
        out += "}}"
        return out
    }
}
