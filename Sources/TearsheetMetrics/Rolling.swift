import TearsheetCore

/// Rolling-window series computed in O(n) with running sums: each step adds the day entering the
/// window and removes the one leaving it.
///
/// Sums are kept on values centred by the full-sample mean, which removes the cancellation that
/// makes raw running sums of squares inaccurate; every `rebase` steps the sums are recomputed
/// from scratch so rounding cannot accumulate over decades (O(n) overall). A window whose
/// variance is below 1e-20 (far under any traded series' daily variance) counts as flat: its
/// ratio is skipped, never NaN.
public enum Rolling {
    static let rebase = 1024
    static let flat = 1e-20

    /// Annualised rolling Sharpe ratio of excess returns: the value dated by day i covers days
    /// i - w + 1 ... i. Empty when n < w. Reference: QuantStats `rolling_sharpe`.
    public static func sharpe(_ c: SeriesContext, window w: Int) -> DatedSeries {
        let (m, v) = sliding(c.excess, window: w, ddof: c.conventions.stdevDDOF)
        return ratio(c.days, w, m, v, shift: 0, scale: c.conventions.periodsPerYear.squareRoot())
    }

    /// Annualised rolling volatility: `stdev(window) * sqrt(k)`.
    public static func volatility(_ c: SeriesContext, window w: Int) -> DatedSeries {
        let (_, v) = sliding(c.returns, window: w, ddof: c.conventions.stdevDDOF, centre: c.plainMean)
        let k = c.conventions.periodsPerYear
        return DatedSeries(days: v.isEmpty ? [] : Array(c.days[(w - 1)...]), values: v.map { ($0 * k).squareRoot() })
    }

    /// Rolling Sharpe ratio and volatility together: one pass when the risk-free rate is constant
    /// (it shifts the window means and leaves the variances alone), two otherwise.
    public static func sharpeAndVolatility(_ c: SeriesContext, window w: Int) -> (sharpe: DatedSeries, volatility: DatedSeries) {
        let rf0 = c.riskFree.first ?? 0
        guard !c.riskFree.contains(where: { $0 != rf0 }) else {
            return (sharpe(c, window: w), volatility(c, window: w))
        }
        let (m, v) = sliding(c.returns, window: w, ddof: c.conventions.stdevDDOF, centre: c.plainMean)
        guard !m.isEmpty else { return (DatedSeries(), DatedSeries()) }
        let sk = c.conventions.periodsPerYear.squareRoot()
        let count = m.count
        var vol = [Double](repeating: 0, count: count)
        var sd: [Day] = [], sv: [Double] = []
        sd.reserveCapacity(count); sv.reserveCapacity(count)
        for i in 0..<count {
            let s = v[i].squareRoot()
            vol[i] = s * sk
            if v[i] > flat {
                let x = (m[i] - rf0) / s * sk
                if x.isFinite { sd.append(c.days[i + w - 1]); sv.append(x) }
            }
        }
        return (DatedSeries(days: sd, values: sv), DatedSeries(days: Array(c.days[(w - 1)...]), values: vol))
    }

    /// Rolling beta `cov(r, b) / var(b)` on the aligned days of `p`; flat-benchmark windows are skipped.
    public static func beta(_ p: PairContext, window w: Int) -> DatedSeries {
        let n = p.count
        guard w >= 2, n >= w else { return DatedSeries() }
        // Centring constants only (see `sliding`).
        var mx = 0.0, my = 0.0
        for i in 0..<n { mx += p.portfolio[i]; my += p.benchmark[i] }
        mx /= Double(n); my /= Double(n)
        var days: [Day] = [], vals: [Double] = []
        days.reserveCapacity(n - w + 1); vals.reserveCapacity(n - w + 1)
        p.portfolio.withUnsafeBufferPointer { x in
            p.benchmark.withUnsafeBufferPointer { y in
                var sx = 0.0, sy = 0.0, sxy = 0.0, syy = 0.0
                let wd = Double(w)
                var nextRebase = w + rebase
                for i in 0..<n {
                    if i == nextRebase {
                        nextRebase += rebase
                        sx = 0; sy = 0; sxy = 0; syy = 0
                        for j in (i - w)..<i { let a = x[j] - mx, b = y[j] - my; sx += a; sy += b; sxy += a * b; syy += b * b }
                    }
                    let a = x[i] - mx, b = y[i] - my
                    sx += a; sy += b; sxy += a * b; syy += b * b
                    if i >= w {
                        let a0 = x[i - w] - mx, b0 = y[i - w] - my
                        sx -= a0; sy -= b0; sxy -= a0 * b0; syy -= b0 * b0
                    }
                    if i >= w - 1 {
                        let cov = sxy - sx * sy / wd, vb = syy - sy * sy / wd
                        if vb > flat * wd { days.append(p.days[i]); vals.append(cov / vb) }
                    }
                }
            }
        }
        return DatedSeries(days: days, values: vals)
    }

    /// Window means and variances (n - ddof) of `x`, one per window ending at index w - 1 ... n - 1.
    /// `centre`: the plain mean of `x` if already known (`SeriesContext.plainMean` for the returns).
    static func sliding(_ x: [Double], window w: Int, ddof: Int, centre: Double? = nil) -> (means: [Double], variances: [Double]) {
        let n = x.count
        guard w > ddof, w >= 1, n >= w else { return ([], []) }
        // Only a centring constant: any value near the mean keeps the sums well conditioned.
        var mu = 0.0
        if let centre { mu = centre } else {
            for v in x { mu += v }
            mu /= Double(n)
        }
        let count = n - w + 1
        var means = [Double](repeating: 0, count: count), vars = [Double](repeating: 0, count: count)
        let wd = Double(w), denom = Double(w - ddof)
        x.withUnsafeBufferPointer { b in
            means.withUnsafeMutableBufferPointer { mo in
                vars.withUnsafeMutableBufferPointer { vo in
                    var s = 0.0, ss = 0.0
                    // `nextRebase` replaces a per-step `(i - w) % rebase == 0` test (same steps).
                    var nextRebase = w + rebase
                    for i in 0..<n {
                        if i == nextRebase {
                            nextRebase += rebase
                            s = 0; ss = 0
                            for j in (i - w)..<i { let a = b[j] - mu; s += a; ss += a * a }
                        }
                        let a = b[i] - mu
                        s += a; ss += a * a
                        if i >= w { let a0 = b[i - w] - mu; s -= a0; ss -= a0 * a0 }
                        if i >= w - 1 {
                            mo[i - w + 1] = mu + s / wd
                            vo[i - w + 1] = max(0, (ss - s * s / wd) / denom)
                        }
                    }
                }
            }
        }
        return (means, vars)
    }

    static func ratio(_ days: [Day], _ w: Int, _ m: [Double], _ v: [Double], shift: Double, scale: Double) -> DatedSeries {
        var d: [Day] = [], out: [Double] = []
        d.reserveCapacity(m.count); out.reserveCapacity(m.count)
        for i in m.indices where v[i] > flat {
            let x = (m[i] - shift) / v[i].squareRoot() * scale
            if x.isFinite { d.append(days[i + w - 1]); out.append(x) }
        }
        return DatedSeries(days: d, values: out)
    }
}
