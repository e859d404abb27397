import TearsheetCore

extension MetricsResult {
    /// The machine-readable object of `tearsheet metrics --json`:
    /// `{"benchmarks": {SYMBOL: {ID: number|null}}, "metrics": {ID: number|null},
    /// "notes": {KEY: "why it is null"}, "relative": {SYMBOL: {ID: number|null}}}`.
    ///
    /// `metrics` holds the portfolio's series metrics, then the all-trades statistics when round
    /// trips were given. Numbers are unrounded (shortest round-trip decimals); an undefined metric
    /// is `null` and its reason is in `notes`, keyed by the metric id for the portfolio,
    /// `SYMBOL.ID` for a benchmark's own metrics and `relative.SYMBOL.ID` for the relative ones.
    /// Written through `JSONOutput` (keys sorted), so the output is byte-stable.
    /// - Throws: `TearsheetError.internalFailure` only if encoding fails (a bug).
    public func json() throws(TearsheetError) -> String {
        try JSONOutput.text(MetricsJSON(self))
    }
}

/// The `Encodable` form of a `MetricsResult` (see `MetricsResult.json()`).
struct MetricsJSON: Encodable {
    var metrics: [String: JSONNumber] = [:]
    var benchmarks: [String: [String: JSONNumber]] = [:]
    var relative: [String: [String: JSONNumber]] = [:]
    var notes: [String: String] = [:]

    init(_ r: MetricsResult) {
        func table(_ definitions: [MetricDefinition], _ values: [MetricValue], notePrefix: String,
                   into out: inout [String: JSONNumber]) {
            for (d, v) in zip(definitions, values) {
                out[d.id] = JSONNumber(v.double)
                if case .undefined(let why) = v { notes[notePrefix + d.id] = why }
            }
        }
        table(MetricRegistry.series, r.portfolio.values, notePrefix: "", into: &metrics)
        if let all = r.trades?.first { table(MetricRegistry.trades, all.values, notePrefix: "", into: &metrics) }
        for b in r.benchmarks {
            var t: [String: JSONNumber] = [:]
            table(MetricRegistry.series, b.values, notePrefix: b.name + ".", into: &t)
            benchmarks[b.name] = t
        }
        for rel in r.relative {
            var t: [String: JSONNumber] = [:]
            table(MetricRegistry.relative, rel.values, notePrefix: "relative." + rel.symbol + ".", into: &t)
            relative[rel.symbol] = t
        }
    }
}
