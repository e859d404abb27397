import TearsheetCore

/// Thresholds and conventions of every attribution method; defaults follow DESIGN.md section 5.
///
/// Every number a classifier or statistic depends on lives here, so the methodology section can
/// print the values actually used and a config file can override them.
import TearsheetMetrics
public struct AttributionConfig: Sendable, Equatable {
    /// Linking method for multi-period contributions (default Carino; see `LinkingMethod`).
    public var linking: LinkingMethod = .carino
    /// Symbol of the benchmark the regime and week classifiers read; `nil` means the first benchmark.
    public var primaryBenchmark: String? = nil
    /// Trend classifier: length of the simple moving average of closes, in benchmark trading days.
    public var trendWindow: Int = 200
    /// Volatility classifier: number of daily benchmark returns in the realised-volatility window.
    public var volatilityWindow: Int = 21
    /// Annualised realised volatility strictly below this is `low`.
    public var volatilityLow: Double = 0.12
    /// Annualised realised volatility strictly above this is `high`.
    public var volatilityHigh: Double = 0.25
    /// Drawdown classifier: a fall from the running high larger than this (fraction) is a `correction`.
    public var drawdownCorrection: Double = 0.10
    /// Drawdown classifier: a fall from the running high larger than this (fraction) is a `bear` market.
    public var drawdownBear: Double = 0.20
    /// Market week types: a weekly benchmark return `<= -weekStrong` is `strong-down`, `>= weekStrong` `strong-up`.
    public var weekStrong: Double = 0.02
    /// Market week types: a weekly benchmark return within `+/- weekFlat` (inclusive) is `flat`.
    public var weekFlat: Double = 0.005
    /// The metric conventions the sleeve and group statistics (Sharpe, volatility, beta, maximum
    /// drawdown) are computed under: the same functions, and the same conventions, as the metrics.
    public var conventions: Conventions = .tearsheet
    /// Periods per year used to annualise daily statistics (`conventions.periodsPerYear`).
    public var periodsPerYear: Double {
        get { conventions.periodsPerYear }
        set { conventions.periodsPerYear = newValue }
    }
    /// The risk-free rate; per-period rates come from `RiskFree.perPeriod`, as for the metrics.
    public var riskFree: RiskFree = .zero
    /// Which benchmark close a day's regime is read from (default: the previous close, no look-ahead).
    public var classificationTiming: ClassificationTiming = .startOfDay

    public init() {}

    /// Checks that windows, bands and thresholds make sense.
    ///
    /// - Throws: `TearsheetError.config` naming the first offending setting.
    public func validate(file: String = "tearsheet.toml") throws {
        func fail(_ message: String) -> TearsheetError { .config(file: file, message: "attribution: \(message)") }
        guard trendWindow >= 1 else { throw fail("trend window must be at least 1 day, got \(trendWindow)") }
        guard volatilityWindow >= 2 else { throw fail("volatility window must be at least 2 returns, got \(volatilityWindow)") }
        guard periodsPerYear > 0, periodsPerYear.isFinite else { throw fail("periods per year must be positive, got \(periodsPerYear)") }
        guard volatilityLow >= 0, volatilityLow <= volatilityHigh else {
            throw fail("volatility bands need 0 <= low <= high, got low \(volatilityLow), high \(volatilityHigh)")
        }
        guard drawdownCorrection > 0, drawdownCorrection <= drawdownBear, drawdownBear < 1 else {
            throw fail("drawdown thresholds need 0 < correction <= bear < 1, got \(drawdownCorrection), \(drawdownBear)")
        }
        guard weekFlat >= 0, weekFlat <= weekStrong else {
            throw fail("week bands need 0 <= flat <= strong, got flat \(weekFlat), strong \(weekStrong)")
        }
        if let r = riskFree.annualRate, !(r > -1 && r.isFinite) { throw fail("risk-free rate must be above -100%, got \(r)") }
    }
}

/// When a day's regime is observed.
public enum ClassificationTiming: String, Sendable, Equatable, CaseIterable {
    /// The state as of the last benchmark close strictly before the day: what a manager knew at
    /// the open. Avoids the look-ahead of classifying a crash day by its own close.
    case startOfDay = "start-of-day"
    /// The state as of the day's own close (ex-post classification).
    case endOfDay = "end-of-day"
}
