#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore
import TearsheetMetrics

/// The statistics attribution reports for a set of daily returns (a sleeve's active days, a
/// regime's or a week type's days). Sharpe, volatility, maximum drawdown and beta are the metrics'
/// own functions (`RatioMetrics`, `DrawdownMetrics`, `RelativeMetrics`) over a `SeriesContext` or
/// `PairContext` of those days, with the per-period risk-free rates of those days: one
/// implementation of each statistic, so a sleeve's or a regime's Sharpe is computed exactly as the
/// book's in the metrics table. Correlation and log return are attribution's own (the metrics have
/// no such per-group figure).
public enum ReturnStatistics {
    /// Annualised volatility, Sharpe ratio and maximum drawdown of one set of returns.
    public struct Risk: Sendable, Equatable {
        /// `RatioMetrics.volatility`: `stdev(r) * sqrt(k)`; `nil` with fewer than 2 returns.
        public var volatility: Double?
        /// `RatioMetrics.sharpe`: `mean(r - rf) / stdev(r - rf) * sqrt(k)`; `nil` with fewer than 2
        /// returns or zero variance.
        public var sharpe: Double?
        /// `DrawdownMetrics.maxDrawdown` (wealth floored at 0, so never below -1); 0 for no returns.
        public var maxDrawdown: Double
    }

    /// The risk figures of `returns` on `days` (strictly increasing), with `riskFree[i]` the
    /// per-period rate of `days[i]` (from `RiskFree.perPeriod`), under `config.conventions`.
    public static func risk(days: [Day], returns: [Double], riskFree: [Double], config: AttributionConfig) -> Risk {
        let c = SeriesContext(days: days, returns: returns, riskFree: riskFree.contains { $0 != 0 } ? riskFree : nil,
                              annualRiskFree: config.riskFree.annualRate, conventions: config.conventions)
        return Risk(volatility: RatioMetrics.volatility(c).double, sharpe: RatioMetrics.sharpe(c).double,
                    maxDrawdown: DrawdownMetrics.maxDrawdown(c).double ?? 0)
    }

    /// `RelativeMetrics.beta` of `r` to the benchmark `b` on the same `days`: `cov(r - rf, b - rf) /
    /// var(b - rf)` (with a constant rate the same as on raw returns); `nil` with fewer than 2 days
    /// or a flat benchmark.
    public static func beta(days: [Day], _ r: [Double], _ b: [Double], riskFree: [Double], config: AttributionConfig) -> Double? {
        RelativeMetrics.beta(PairContext(days: days, portfolio: r, benchmark: b, riskFree: riskFree,
                                         annualRiskFree: config.riskFree.annualRate, conventions: config.conventions)).double
    }

    /// Pearson correlation.
    ///
    /// Formula: `cov(x, y) / (stdev(x) * stdev(y))`
    /// Undefined: fewer than 2 pairs, or a constant series.
    public static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count >= 2, let sx = Stats.stdev(x), let sy = Stats.stdev(y), sx > 0, sy > 0,
              let c = Stats.covariance(x, y) else { return nil }
        return max(-1, min(1, c / (sx * sy)))
    }

    /// Sum of `log(1 + r_t)`: the log return; `nil` when a day loses 100% or more.
    public static func logReturn(_ r: [Double]) -> Double? {
        var s = 0.0, c = 0.0
        for x in r {
            guard x > -1 else { return nil }
            let l = log1p(x)
            let u = s + l
            if abs(s) >= abs(l) { c += (s - u) + l } else { c += (l - u) + s }
            s = u
        }
        return s + c
    }
}
