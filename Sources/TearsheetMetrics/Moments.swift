import TearsheetCore

/// Higher moments of a return distribution, bias-corrected as pandas computes them.
public enum Moments {
    /// Adjusted Fisher-Pearson skewness G1.
    ///
    /// Formula: `n sqrt(n - 1) / (n - 2) * m3 / m2^(3/2)` with m2, m3 the sums of squared and
    /// cubed deviations. Undefined (nil): fewer than 3 returns or zero variance.
    /// Reference: Joanes & Gill (1998); pandas `Series.skew` (QuantStats `skew`).
    public static func skewness(_ x: [Double]) -> Double? {
        let n = Double(x.count)
        guard x.count >= 3, let m = Stats.mean(x) else { return nil }
        var m2 = 0.0, m3 = 0.0
        for v in x { let d = v - m; let d2 = d * d; m2 += d2; m3 += d2 * d }
        guard m2 > 0 else { return nil }
        let g = n * (n - 1).squareRoot() / (n - 2) * m3 / (m2 * m2.squareRoot())
        return g.isFinite ? g : nil
    }

    /// Bias-corrected excess kurtosis G2.
    ///
    /// Formula: `n (n + 1) (n - 1) m4 / ((n - 2)(n - 3) m2^2) - 3 (n - 1)^2 / ((n - 2)(n - 3))`.
    /// Undefined (nil): fewer than 4 returns or zero variance.
    /// Reference: Joanes & Gill (1998); pandas `Series.kurt` (QuantStats `kurtosis`).
    public static func excessKurtosis(_ x: [Double]) -> Double? {
        let n = Double(x.count)
        guard x.count >= 4, let m = Stats.mean(x) else { return nil }
        var m2 = 0.0, m4 = 0.0
        for v in x { let d = v - m; let d2 = d * d; m2 += d2; m4 += d2 * d2 }
        guard m2 > 0 else { return nil }
        let g = n * (n + 1) * (n - 1) * m4 / ((n - 2) * (n - 3) * m2 * m2) - 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3))
        return g.isFinite ? g : nil
    }

    /// Skewness and excess kurtosis from the sums of squared, cubed and fourth-power deviations
    /// around the mean (`m2`, `m3`, `m4`) of `n` returns; the formulas of `skewness(_:)` and
    /// `excessKurtosis(_:)`. `SeriesContext` accumulates the sums in its deviation pass.
    static func skewAndKurtosis(n count: Int, m2: Double, m3: Double, m4: Double) -> (Double?, Double?) {
        guard count >= 3, m2 > 0 else { return (nil, nil) }
        let n = Double(count)
        let g1 = n * (n - 1).squareRoot() / (n - 2) * m3 / (m2 * m2.squareRoot())
        var g2: Double? = nil
        if count >= 4 {
            let k = n * (n + 1) * (n - 1) * m4 / ((n - 2) * (n - 3) * m2 * m2) - 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3))
            g2 = k.isFinite ? k : nil
        }
        return (g1.isFinite ? g1 : nil, g2)
    }

    /// Skewness as a metric value. Reference: see `skewness(_:)`.
    public static func skewnessMetric(_ c: SeriesContext) -> MetricValue {
        c.skewness.map(MetricValue.value) ?? .undefined(c.count < 3 ? "fewer than 3 returns" : "zero variance")
    }

    /// Excess kurtosis as a metric value. Reference: see `excessKurtosis(_:)`.
    public static func kurtosisMetric(_ c: SeriesContext) -> MetricValue {
        c.excessKurtosis.map(MetricValue.value) ?? .undefined(c.count < 4 ? "fewer than 4 returns" : "zero variance")
    }

    /// Stability: R-squared of cumulative log returns regressed on time.
    ///
    /// Formula: `corr(t, cumsum(log(1 + r_t)))^2`, t = 0 ... n - 1.
    /// Undefined: fewer than 2 returns, a return of -100% or worse, or a flat path.
    /// Reference: empyrical `stability_of_timeseries`.
    public static func stability(_ c: SeriesContext) -> MetricValue {
        let n = c.count
        guard n >= 2 else { return .tooShort2 }
        // One pass: sum (t - mean t) y_t needs no mean of y; the spread of y uses sums shifted by
        // the first value, which keeps them well conditioned (y is a cumulative log return).
        // The path first (only one live value across each log1p call), then the sums in a
        // call-free loop that keeps its five accumulators in registers; same order, same values.
        var ruined = false
        let path = [Double](unsafeUninitializedCapacity: n) { out, count in
            var acc = 0.0
            c.returns.withUnsafeBufferPointer { rb in
                for i in 0..<n {
                    let r = rb[i]
                    guard r > -1 else { ruined = true; return }
                    acc += Stats._log1p(r)
                    out[i] = acc
                }
            }
            count = ruined ? 0 : n
        }
        guard !ruined else { return .undefined("a return of -100% or worse") }
        let mt = Double(n - 1) / 2
        var sty = 0.0, sy = 0.0, syy0 = 0.0, stt = 0.0
        let shift = path[0]
        path.withUnsafeBufferPointer { pb in
            for i in 0..<n {
                let acc = pb[i]
                let dt = Double(i) - mt, dy = acc - shift
                sty += dt * acc; stt += dt * dt
                sy += dy; syy0 += dy * dy
            }
        }
        let syy = syy0 - sy * sy / Double(n)
        guard syy > 0 else { return .undefined("flat cumulative return path") }
        return .checked(sty * sty / (stt * syy), else: "non-finite R-squared")
    }
}

extension Stats {
    @usableFromInline static func _log1p(_ x: Double) -> Double { log1pShim(x) }
}
