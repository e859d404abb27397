import TearsheetCore

/// Value at risk, expected shortfall and tail shape. All are returns (a loss is negative).
public enum TailRiskMetrics {
    /// Historical value at risk at confidence c.
    ///
    /// Formula: the (1 - c) quantile of the returns, linear interpolation between order
    /// statistics (numpy's default). Undefined: no returns.
    /// Reference: Jorion, "Value at Risk" (2006); empyrical `value_at_risk`.
    public static func historicalVaR(_ c: SeriesContext) -> MetricValue {
        guard let q = c.order.qVaR else { return .empty }
        return .value(q)
    }

    /// Gaussian (parametric) value at risk.
    ///
    /// Formula: `mean(r) + stdev(r) * Phi^-1(1 - c)`. Undefined: fewer than 2 returns.
    /// Reference: QuantStats `value_at_risk` (`norm.ppf(1 - c, mean, std)`).
    public static func parametricVaR(_ c: SeriesContext) -> MetricValue {
        guard let m = c.mean, let s = c.stdev, let z = Normal.quantile(1 - c.conventions.varConfidence) else { return .tooShort2 }
        return .checked(m + s * z, else: "non-finite VaR")
    }

    /// Cornish-Fisher (modified) value at risk.
    ///
    /// Formula: `mean + stdev * z_cf`, `z_cf = z + (z^2 - 1) S / 6 + (z^3 - 3z) K / 24 - (2z^3 - 5z) S^2 / 36`,
    /// z = Phi^-1(1 - c), S the skewness and K the excess kurtosis (bias-corrected).
    /// Undefined: fewer than 4 returns or zero variance.
    /// Reference: Favre & Galeano (2002); PerformanceAnalytics `VaR(method = "modified")`.
    public static func cornishFisherVaR(_ c: SeriesContext) -> MetricValue {
        guard let m = c.mean, let s = c.stdev, let z = Normal.quantile(1 - c.conventions.varConfidence),
              let S = c.skewness, let K = c.excessKurtosis else {
            return .undefined(c.count < 4 ? "fewer than 4 returns" : "zero variance")
        }
        let z2 = z * z, z3 = z2 * z
        let zcf = z + (z2 - 1) * S / 6 + (z3 - 3 * z) * K / 24 - (2 * z3 - 5 * z) * S * S / 36
        return .checked(m + s * zcf, else: "non-finite VaR")
    }

    /// Historical conditional value at risk (expected shortfall).
    ///
    /// Formula: the mean of the `floor((n - 1)(1 - c)) + 1` smallest returns.
    /// Undefined: no returns. Reference: empyrical `conditional_value_at_risk`.
    public static func historicalCVaR(_ c: SeriesContext) -> MetricValue {
        guard c.count > 0 else { return .empty }
        return .value(c.order.cvarTailSum / Double(c.order.cvarTailCount))
    }

    /// Tail ratio.
    ///
    /// Formula: `|q_0.95(r)| / |q_0.05(r)|` (linear-interpolation quantiles).
    /// Undefined: no returns, or a zero 5% quantile.
    /// Reference: QuantStats `tail_ratio`, empyrical `tail_ratio`.
    public static func tailRatio(_ c: SeriesContext) -> MetricValue {
        guard let hi = c.order.q95, let lo = c.order.q05 else { return .empty }
        guard lo != 0 else { return .undefined("the 5% quantile is zero") }
        return .checked(abs(hi) / abs(lo), else: "non-finite tail ratio")
    }
}
