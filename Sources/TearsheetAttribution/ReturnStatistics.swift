#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore

/// The simple statistics attribution reports for a set of daily returns. Built on Core `Stats`
/// only, so attribution does not depend on the metrics module's API.
public enum ReturnStatistics {
    /// Annualised volatility.
    ///
    /// Formula: `stdev(r) * sqrt(k)`
    /// Convention: sample standard deviation (n - 1); k = periods per year.
    /// Undefined: fewer than 2 returns.
    public static func volatility(_ r: [Double], periodsPerYear k: Double) -> Double? {
        Stats.stdev(r).map { $0 * k.squareRoot() }
    }

    /// Annualised Sharpe ratio of excess returns.
    ///
    /// Formula: `mean(r - rf) / stdev(r - rf) * sqrt(k)`
    /// Convention: simple daily returns; rf the daily risk-free rate; sample stdev (n - 1).
    /// Properties: unchanged when r and rf shift by the same constant.
    /// Undefined: fewer than 2 returns, or zero variance.
    /// Reference: Sharpe (1994), J. Portfolio Management 21(1).
    public static func sharpe(_ r: [Double], riskFreeDaily rf: Double, periodsPerYear k: Double) -> Double? {
        guard r.count >= 2 else { return nil }
        let ex = r.map { $0 - rf }
        guard let m = Stats.mean(ex), let sd = Stats.stdev(ex), sd > 0 else { return nil }
        return m / sd * k.squareRoot()
    }

    /// Beta of `r` to the benchmark `b`.
    ///
    /// Formula: `cov(r, b) / var(b)`
    /// Convention: sample moments (n - 1 in both, so they cancel); same days for both series.
    /// Undefined: fewer than 2 days, or a constant benchmark.
    /// Reference: Sharpe (1964); Bacon, section 4.
    public static func beta(_ r: [Double], _ b: [Double]) -> Double? {
        guard r.count >= 2, let v = Stats.variance(b), v > 0, let c = Stats.covariance(r, b) else { return nil }
        return c / v
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

    /// Maximum drawdown of the compounded index of `r`, as a fraction <= 0.
    ///
    /// Formula: `min_t (V_t / max_{u<=t} V_u - 1)` with `V_t = prod_{u<=t}(1 + r_u)` and `V_0 = 1`.
    /// Convention: the starting value 1 counts as a high (a first-day loss is a drawdown), as in
    /// empyrical `max_drawdown`. 0 for an empty series.
    public static func maxDrawdown(_ r: [Double]) -> Double {
        var v = 1.0, peak = 1.0, worst = 0.0
        for x in r {
            v *= 1 + x
            if v > peak { peak = v }
            let dd = peak > 0 ? v / peak - 1 : -1
            if dd < worst { worst = dd }
        }
        return worst
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
