/// Rolling-window series computed in O(n) with running sums: each step adds the day entering the
/// window and removes the one leaving it.
///
/// Sums are kept on values centred by the full-sample mean, which removes the cancellation that
/// makes raw running sums of squares inaccurate; every `rebase` steps the sums are recomputed
/// from scratch so rounding cannot accumulate over decades (O(n) overall).
public enum Rolling {
    static let rebase = 1024

    /// Annualised rolling Sharpe ratio of excess returns: value at index i covers days
    /// i - w + 1 ... i; dated by the window's last day. Empty when n < w. A window with zero
    /// variance (below 1e-20, far under any traded series' daily variance) is skipped, never NaN.
    /// Reference: QuantStats `rolling_sharpe`.
    public static func sharpe(_ c: SeriesContext, window w: Int) -> DatedSeries {
        let k = c.conventions.periodsPerYear.squareRoot()
        return moments(c.days, c.excess, window: w, ddof: c.conventions.stdevDDOF) { m, v in
            v > 1e-20 ? m / v.squareRoot() * k : nil
        }
    }

    /// Rolling Sharpe ratio and volatility together: one pass when the risk-free rate is zero
    /// (the excess returns are the returns), two otherwise. Same values as `sharpe` and `volatility`.
    public static func sharpeAndVolatility(_ c: SeriesContext, window w: Int) -> (sharpe: DatedSeries, volatility: DatedSeries) {
        // A constant rate shifts the window means and leaves the variances alone: one pass suffices.
        let rf0 = c.riskFree.first ?? 0
        guard !c.riskFree.contains(where: { $0 != rf0 }) else {
            return (sharpe(c, window: w), volatility(c, window: w))
        }
        let k = c.conventions.periodsPerYear
        let sk = k.squareRoot()
        var sd: [Day] = [], sv: [Double] = []
        let vol = moments(c.days, c.returns, window: w, ddof: c.conventions.stdevDDOF) { m, v in
            (v * k).squareRoot()
        } onWindow: { day, m, v in
            if v > 1e-20 { let x = (m - rf0) / v.squareRoot() * sk; if x.isFinite { sd.append(day); sv.append(x) } }
        }
        return (DatedSeries(days: sd, values: sv), vol)
    }

    /// Annualised rolling volatility: `stdev(window) * sqrt(k)`.
    public static func volatility(_ c: SeriesContext, window w: Int) -> DatedSeries {
        let k = c.conventions.periodsPerYear
        return moments(c.days, c.returns, window: w, ddof: c.conventions.stdevDDOF) { _, v in (v * k).squareRoot() }
    }

    /// Rolling beta `cov(r, b) / var(b)` on the aligned days of `p`; windows with a flat benchmark are skipped.
    public static func beta(_ p: PairContext, window w: Int) -> DatedSeries {
        let n = p.count
        guard w >= 2, n >= w else { return DatedSeries() }
        let x = p.portfolio, y = p.benchmark
        let mx = Stats.mean(x) ?? 0, my = Stats.mean(y) ?? 0
        var sx = 0.0, sy = 0.0, sxy = 0.0, syy = 0.0
        var days: [Day] = [], vals: [Double] = []
        days.reserveCapacity(n - w + 1); vals.reserveCapacity(n - w + 1)
        for i in 0..<n {
            if i >= w && (i - w) % rebase == 0 && i > w {
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
                let wd = Double(w)
                let cov = sxy - sx * sy / wd, vb = syy - sy * sy / wd
                if vb > 0 { days.append(p.days[i]); vals.append(cov / vb) }
            }
        }
        return DatedSeries(days: days, values: vals)
    }

    /// Sliding mean and variance (n - ddof) of `x`, mapped by `f` (nil skips the window).
    static func moments(_ d: [Day], _ x: [Double], window w: Int, ddof: Int, _ f: (Double, Double) -> Double?,
                        onWindow: (Day, Double, Double) -> Void = { _, _, _ in }) -> DatedSeries {
        let n = x.count
        guard w > ddof, w >= 1, n >= w else { return DatedSeries() }
        let mu = Stats.mean(x) ?? 0
        var s = 0.0, ss = 0.0
        var days: [Day] = [], vals: [Double] = []
        days.reserveCapacity(n - w + 1); vals.reserveCapacity(n - w + 1)
        let wd = Double(w)
        for i in 0..<n {
            if i > w && (i - w) % rebase == 0 {
                s = 0; ss = 0
                for j in (i - w)..<i { let a = x[j] - mu; s += a; ss += a * a }
            }
            let a = x[i] - mu
            s += a; ss += a * a
            if i >= w { let a0 = x[i - w] - mu; s -= a0; ss -= a0 * a0 }
            if i >= w - 1 {
                let v = max(0, (ss - s * s / wd) / (wd - Double(ddof)))
                let mean = mu + s / wd
                if let out = f(mean, v), out.isFinite { days.append(d[i]); vals.append(out) }
                onWindow(d[i], mean, v)
            }
        }
        return DatedSeries(days: days, values: vals)
    }
}
