import TearsheetCore

/// The outcome of `MetricsEngine.compute`: numbers only; formatting happens in `MetricsTable`
/// (terminal) and in the report model.
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
}
