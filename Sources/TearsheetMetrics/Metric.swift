import TearsheetCore

/// The unit a metric's number is in; the report formats by it (metrics never format).
public enum MetricUnit: String, Sendable, Equatable, CaseIterable {
    /// A fraction shown as a percentage (0.05 is 5%).
    case percent
    case ratio
    case days
    case currency
    case count
}

/// Which direction is better; drives colours and arrows in every format.
public enum Polarity: String, Sendable, Equatable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"
    /// Neither direction is better (beta, skewness, exposure, trade counts).
    case neutral
}

/// What a metric is computed on.
public enum MetricScope: String, Sendable, Equatable, CaseIterable {
    /// One daily return series (the portfolio, a benchmark, a sleeve).
    case series
    /// A portfolio series against one benchmark, aligned by date.
    case relative
    /// Closed round trips.
    case trades
}

/// One entry of the metric registry: identity, documentation and the pure function.
public struct MetricDefinition: Sendable {
    /// Stable snake_case id used in JSON, CSV and the methodology.
    public let id: String
    public let name: String
    public let unit: MetricUnit
    public let polarity: Polarity
    public let scope: MetricScope
    /// The formula in plain notation.
    public let formula: String
    /// The convention (and how the presets differ).
    public let convention: String
    /// When the value is undefined (null with a note).
    public let undefined: String
    public let reference: String
    let compute: Compute

    enum Compute: Sendable {
        case series(@Sendable (SeriesContext) -> MetricValue)
        case relative(@Sendable (PairContext) -> MetricValue)
        case trades(@Sendable (TradeContext) -> MetricValue)
    }

    /// Evaluates a series metric; `undefined` when the metric has another scope.
    public func value(_ c: SeriesContext) -> MetricValue {
        if case .series(let f) = compute { return f(c) }
        return .undefined("\(id) is not a series metric")
    }

    /// Evaluates a benchmark-relative metric.
    public func value(_ p: PairContext) -> MetricValue {
        if case .relative(let f) = compute { return f(p) }
        return .undefined("\(id) is not a relative metric")
    }

    /// Evaluates a trade metric.
    public func value(_ t: TradeContext) -> MetricValue {
        if case .trades(let f) = compute { return f(t) }
        return .undefined("\(id) is not a trade metric")
    }
}
