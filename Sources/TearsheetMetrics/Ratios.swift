import TearsheetCore

/// Dispersion and risk-adjusted return ratios on excess returns.
public enum RatioMetrics {
    /// Annualised volatility.
    ///
    /// Formula: `stdev(r) * sqrt(k)`; Convention: sample stdev (n - 1) unless the conventions say otherwise.
    /// Undefined: fewer than 2 returns. Reference: Bacon (2008), 4.1.
    public static func volatility(_ c: SeriesContext) -> MetricValue {
        guard let s = c.stdev else { return .tooShort2 }
        return .checked(s * c.conventions.periodsPerYear.squareRoot(), else: "non-finite volatility")
    }

    /// Annualised Sharpe ratio of excess returns.
    ///
    /// Formula: `mean(r - rf) / stdev(r - rf) * sqrt(k)` (smart: the stdev times the
    /// autocorrelation penalty). Properties: unchanged when r and rf shift by the same
    /// constant; invariant under positive scaling of excess returns.
    /// Undefined: fewer than 2 returns, or zero variance.
    /// Reference: Sharpe (1994), J. Portfolio Management 21(1); QuantStats `sharpe`, `smart_sharpe`.
    public static func sharpe(_ c: SeriesContext, smart: Bool = false, annualise: Bool = true) -> MetricValue {
        guard let m = c.meanExcess, let s = c.stdevExcess else { return .tooShort2 }
        guard s > 0 else { return .undefined("zero variance of excess returns") }
        let divisor = smart ? s * c.autocorrelationPenalty : s
        let scale = annualise ? c.conventions.periodsPerYear.squareRoot() : 1
        return .checked(m / divisor * scale, else: "non-finite Sharpe ratio")
    }

    /// Downside deviation below zero excess return, annualised.
    ///
    /// Formula: `sqrt(sum(min(r - rf, 0)^2) / n) * sqrt(k)`: every day counts in n.
    /// Reference: Sortino & Price (1994); empyrical `downside_risk`.
    public static func downsideDeviation(_ c: SeriesContext) -> MetricValue {
        guard c.count > 0 else { return .empty }
        return .value((c.excessDownsideSquares / Double(c.count)).squareRoot() * c.conventions.periodsPerYear.squareRoot())
    }

    /// Annualised Sortino ratio.
    ///
    /// Formula: `mean(r - rf) / sqrt(sum(min(r - rf, 0)^2) / n) * sqrt(k)`; smart: the
    /// denominator times the autocorrelation penalty.
    /// Undefined: no returns, or no losing day (zero downside deviation).
    /// Reference: Sortino & Price (1994); QuantStats `sortino`, empyrical `sortino_ratio`.
    public static func sortino(_ c: SeriesContext, smart: Bool = false) -> MetricValue {
        guard let m = c.meanExcess else { return .empty }
        var d = (c.excessDownsideSquares / Double(c.count)).squareRoot()
        guard d > 0 else { return .undefined("no returns below the risk-free rate") }
        if smart { d *= c.autocorrelationPenalty }
        return .checked(m / d * c.conventions.periodsPerYear.squareRoot(), else: "non-finite Sortino ratio")
    }

    /// QuantStats' autocorrelation penalty (Lo 2002 style):
    /// `sqrt(1 + 2 sum_{j=1}^{n-1} ((n - j) / n) |rho_1|^j)`, rho_1 the lag-1 Pearson correlation.
    /// 1 for fewer than 2 returns or an undefined correlation.
    public static func autocorrelationPenalty(_ x: [Double]) -> Double {
        let n = x.count
        guard n >= 2 else { return 1 }
        return autocorrelationPenalty(n: n, rho: pearson(x, 0, 1, n - 1))
    }

    /// The penalty of `n` returns whose lag-1 correlation is `rho` (1 when `rho` is nil).
    ///
    /// The terms `(n - j) / n |rho|^j` never increase with j, so once one leaves the sum
    /// unchanged every later one does too: the loop stops there (a few dozen steps for typical
    /// daily correlations instead of n, and never into subnormal powers) with the same result.
    static func autocorrelationPenalty(n: Int, rho: Double?) -> Double {
        guard n >= 2, let rho else { return 1 }
        let coef = abs(rho)
        var sum = 0.0, power = 1.0
        let nd = Double(n)
        for j in 1..<n {
            power *= coef
            if power == 0 { break }
            let term = (nd - Double(j)) / nd * power
            let next = sum + term
            if next == sum { break }
            sum = next
        }
        return (1 + 2 * sum).squareRoot()
    }

    /// Pearson correlation of x[a..<a+len] and x[b..<b+len].
    static func pearson(_ x: [Double], _ a: Int, _ b: Int, _ len: Int) -> Double? {
        guard len >= 2 else { return nil }
        var ma = 0.0, mb = 0.0
        for i in 0..<len { ma += x[a + i]; mb += x[b + i] }
        ma /= Double(len); mb /= Double(len)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in 0..<len {
            let da = x[a + i] - ma, db = x[b + i] - mb
            sab += da * db; saa += da * da; sbb += db * db
        }
        let r = sab / (saa * sbb).squareRoot()
        return r.isFinite ? r : nil
    }

    /// Calmar ratio.
    ///
    /// Formula: `CAGR / |max drawdown|` (CAGR on the conventions' basis).
    /// Undefined: no drawdown, or CAGR undefined. Reference: Young (1991); QuantStats `calmar`.
    public static func calmar(_ c: SeriesContext) -> MetricValue {
        guard c.maxDrawdown < 0 else { return .undefined("no drawdown") }
        return ReturnMetrics.cagr(c, basis: c.conventions.cagrBasis).map { .checked($0 / -c.maxDrawdown, else: "non-finite Calmar ratio") }
    }

    /// Omega ratio at a zero required return.
    ///
    /// Formula: `sum(max(r - rf, 0)) / sum(max(rf - r, 0))`.
    /// Undefined: fewer than 2 returns (QuantStats), or no day below the threshold.
    /// Reference: Keating & Shadwick (2002); QuantStats `omega`, empyrical `omega_ratio`.
    public static func omega(_ c: SeriesContext) -> MetricValue {
        guard c.count >= 2 else { return .tooShort2 }
        let up = c.excessGain, down = -c.excessLoss
        guard down > 0 else { return .undefined("no returns below the threshold") }
        return .checked(up / down, else: "non-finite omega")
    }

    /// Probabilistic Sharpe ratio against a zero benchmark Sharpe.
    ///
    /// Formula: `Phi(SR / sqrt((1 - g3 SR + (g4 - 1) / 4 SR^2) / (n - 1)))`, SR the per-period
    /// Sharpe, g3 the (bias-corrected) skewness, g4 = excess kurtosis + 3.
    /// Undefined: fewer than 4 returns or zero variance.
    /// Reference: Bailey & Lopez de Prado (2012), J. Risk 15(2); QuantStats `probabilistic_sharpe_ratio`.
    public static func probabilisticSharpe(_ c: SeriesContext) -> MetricValue {
        guard c.count >= 4 else { return .undefined("fewer than 4 returns") }
        guard case .value(let sr) = sharpe(c, annualise: false) else { return .undefined("Sharpe ratio undefined") }
        guard let g3 = c.skewness, let ek = c.excessKurtosis else {
            return .undefined("zero variance")
        }
        let v = (1 - g3 * sr + (ek + 3 - 1) / 4 * sr * sr) / Double(c.count - 1)
        guard v > 0 else { return .undefined("negative variance estimate of the Sharpe ratio") }
        return .checked(Normal.cdf(sr / v.squareRoot()), else: "non-finite probability")
    }
}
