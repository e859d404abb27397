import TearsheetCore

/// Everything attribution computes for one period. Plain values: the report builder turns them
/// into tables, `AttributionResult.json()` into the machine-readable output.
public struct AttributionResult: Sendable, Equatable {
    /// First and last book day of the period.
    public var period: ClosedRange<Day>
    public var days: Int
    /// Sleeve names in the book's order (every per-sleeve array follows it).
    public var sleeves: [String]
    /// Benchmark symbols in the order given (every per-benchmark array follows it).
    public var benchmarks: [String]
    /// Symbol whose closes drive the regime and week classifiers.
    public var primaryBenchmark: String
    public var config: AttributionConfig
    /// Linking method actually used for the total (Carino falls back to Menchero on a -100% day).
    public var linking: LinkingMethod
    /// Compounded portfolio return over the period.
    public var totalReturn: Double
    /// Linked residual: `totalReturn - sum(sleeve contributions)` (zero to rounding for a consistent book).
    public var residual: Double
    public var strategy: StrategyAttribution
    /// Active return against each benchmark over the whole period, split over sleeves.
    public var active: [PeriodBenchmark]
    /// Months, quarters, years, then MTD, QTD, YTD, 1Y, 3Y, 5Y (when covered) and ITD.
    public var periods: [PeriodAttribution]
    /// `trend`, `volatility`, `drawdown`, then `user` when labels were given.
    public var regimes: [Classification]
    /// `calendar` (primary type), `calendar-flags` (overlapping), `market`, then `user` when given.
    public var weekTypes: [Classification]
    /// `portfolio`, then each sleeve.
    public var factors: [FactorAttribution]
    /// Sector attribution, when segment returns were given.
    public var brinsonFachler: BrinsonFachlerResult?
    /// Data remarks for the report (benchmark days without a close, duplicate labels, linking fallback).
    public var notes: [String]
}
