import TearsheetCore

/// Everything the return and risk metrics of one series share, computed once in O(n log n):
/// moments, the sorted returns, the drawdown path and its episodes, monthly and yearly returns.
///
/// The metrics read these fields; none of them sorts or allocates again, which is what keeps a
/// full metric set for 25 years of daily data well inside a millisecond.
public struct SeriesContext: Sendable {
    public let conventions: Conventions
    /// Dates, strictly increasing.
    public let days: [Day]
    /// Simple returns as fractions.
    public let returns: [Double]
    /// Per-period risk-free rate on each day.
    public let riskFree: [Double]
    /// returns - riskFree.
    public let excess: [Double]
    /// Quantiles and the CVaR tail, by selection.
    let order: OrderStatistics
    /// Drawdown on each day: W_t / max(1, max_{s<=t} W_s) - 1 with W_t = max(0, W_{t-1} (1 + r_t)), W_0 = 1
    /// (a loss of 100% or more ends at zero wealth and stays there, so the drawdown never passes -1);
    /// the phantom starting wealth of 1.0 makes a first-day loss a drawdown (QuantStats, empyrical).
    public let drawdown: [Double]
    /// Underwater episodes in date order.
    public let episodes: [DrawdownEpisode]
    /// Compounded calendar-month returns in date order.
    public let months: [PeriodReturn]
    /// Compounded calendar-quarter returns in date order (period 1-4).
    public let quarters: [PeriodReturn]
    /// Compounded calendar-year returns in date order.
    public let years: [PeriodReturn]
    /// Bias-corrected skewness and excess kurtosis (nil when undefined).
    public let skewness: Double?
    public let excessKurtosis: Double?
    /// Daily bets: count and sum of the positive and of the negative returns, count of non-zero ones.
    public let winCount: Int, winSum: Double, lossCount: Int, lossSum: Double
    /// Excess returns: sum of the positive ones, of the negative ones, and of the negative ones squared.
    public let excessGain: Double, excessLoss: Double, excessDownsideSquares: Double

    public var count: Int { returns.count }
    public let mean: Double?
    public let stdev: Double?
    public let meanExcess: Double?
    public let stdevExcess: Double?
    /// prod(1 + r) - 1, as `Stats.compound` computes it (the wealth product, or the growth
    /// recursion g + r + g r for a series that ends within 2^-7 of where it started);
    /// -1 once a return is -100% or worse.
    public let totalReturn: Double
    /// Compounded risk-free return over the same days.
    public let totalRiskFree: Double
    /// The rate taken off total returns, by `Conventions.riskFreeInTotals`.
    public let riskFreeForTotals: Double
    public let maxDrawdown: Double
    /// sum(dd_t^2) and sum(|dd_t|): the Ulcer and pain indexes (one-signed terms, plain sums).
    public let drawdownSquares: Double, drawdownAbsSum: Double
    /// QuantStats' autocorrelation penalty of the excess returns (smart ratios).
    public let autocorrelationPenalty: Double
    /// `Stats.mean(riskFree)` (nil for no days).
    let riskFreeMean: Double?
    /// Plain (uncompensated, in date order) sum of the returns over n: the centring constant of
    /// `Rolling.sliding` on the returns (0 for no days).
    let plainMean: Double

    /// Builds the context; `days` must be strictly increasing and as long as `returns`.
    /// `annualRiskFree`: the annual rate the per-period rates came from, if constant (used only
    /// by `Conventions.RiskFreeInTotals.annualRateAsGiven`).
    public init(days: [Day], returns: [Double], riskFree: [Double]? = nil, annualRiskFree: Double? = nil, conventions: Conventions) {
        precondition(days.count == returns.count, "one date per return")
        self.conventions = conventions
        self.days = days
        self.returns = returns
        let n = returns.count
        let rf = riskFree ?? [Double](repeating: 0, count: n)
        self.riskFree = rf
        let hasRiskFree = rf.contains { $0 != 0 }
        self.order = OrderStatistics(returns, varLevel: 1 - conventions.varConfidence)
        let ddof = conventions.stdevDDOF

        // Two fused passes replace a dozen separate ones. Every accumulator sees the same values
        // in the same order as the one-quantity-per-loop definitions it replaces (the Neumaier
        // sums of `Stats.sum`, the corrected two-pass variance of `Stats.variance` (Chan, Golub, LeVeque 1983), the
        // growth recursion of `Stats.compound`, the moment sums of `Moments`, the Pearson sums of
        // `RatioMetrics.pearson`), so every result is bit-for-bit the same.
        //
        // Pass 1: excess returns, compensated sums, compounding, drawdown path,
        // daily bets, and the plain sums behind the lag-1 autocorrelation.
        var x = returns
        var dd = [Double](repeating: 0, count: n)
        var sr = 0.0, cr = 0.0, sx = 0.0, cx = 0.0, sf = 0.0, cf = 0.0
        var wealth = 1.0, peak = 1.0, worst = 0.0, squares = 0.0, pain = 0.0, ruined = 0
        // The lowest wealth, for `Stats.compounded`.
        var lowWealth = 1.0
        var rfGrowth = 1.0, rfRuined = 0
        var wc = 0, lc = 0, ws = 0.0, ls = 0.0, xp = 0.0, xn = 0.0, xq = 0.0
        var lagHead = 0.0, lagTail = 0.0, plain = 0.0
        returns.withUnsafeBufferPointer { rb in
            rf.withUnsafeBufferPointer { fb in
                x.withUnsafeMutableBufferPointer { xb in
                    dd.withUnsafeMutableBufferPointer { db in
                        for i in 0..<n {
                            let r = rb[i]
                            var e = r
                            if hasRiskFree {
                                let f = fb[i]
                                e = r - f
                                xb[i] = e
                                rfRuined &+= Select.flag(f <= -1)
                                rfGrowth *= 1 + f
                                let t = sx + e
                                cx += Select.pick(abs(sx) >= abs(e), (sx - t) + e, (e - t) + sx)
                                sx = t
                                let u = sf + f
                                cf += Select.pick(abs(sf) >= abs(f), (sf - u) + f, (f - u) + sf)
                                sf = u
                            }
                            let t = sr + r
                            cr += Select.pick(abs(sr) >= abs(r), (sr - t) + r, (r - t) + sr)
                            sr = t
                            if i < n - 1 { lagHead += e }
                            plain += r
                            if i > 0 { lagTail += e }

                            ruined &+= Select.flag(r <= -1)
                            // A loss of 100% or more leaves zero wealth, and nothing compounds from
                            // zero: wealth never goes negative (nor NaN after an overflow).
                            wealth *= 1 + r
                            wealth = Select.pick(wealth > 0, wealth, 0)
                            lowWealth = Select.pick(wealth < lowWealth, wealth, lowWealth)
                            if wealth > peak { peak = wealth }
                            // At an infinite high-water mark inf / inf is NaN: that day is at the mark.
                            let d0 = wealth / peak - 1
                            let d = Select.pick(d0 < 0, d0, 0)
                            db[i] = d
                            worst = Select.pick(d < worst, d, worst)
                            squares += d * d
                            pain -= d

                            // Sums of one-signed terms from +0.0: adding +0.0 for the other days changes nothing.
                            let up = r > 0, down = r < 0, eUp = e > 0, eDown = e < 0
                            wc &+= Select.flag(up); ws += Select.keep(r, if: up)
                            lc &+= Select.flag(down); ls += Select.keep(r, if: down)
                            xp += Select.keep(e, if: eUp)
                            xn += Select.keep(e, if: eDown); xq += Select.keep(e * e, if: eDown)
                        }
                    }
                }
            }
        }
        self.excess = x
        let m: Double? = n > 0 ? (sr + cr) / Double(n) : nil
        let mx: Double? = hasRiskFree ? (n > 0 ? (sx + cx) / Double(n) : nil) : m
        mean = m
        meanExcess = mx
        plainMean = n > 0 ? plain / Double(n) : 0
        riskFreeMean = n > 0 ? (hasRiskFree ? (sf + cf) / Double(n) : 0) : nil
        totalReturn = ruined > 0 ? -1 : Stats.compounded(returns, wealth: wealth, lowestWealth: lowWealth)
        totalRiskFree = hasRiskFree ? (rfRuined > 0 ? -1 : rfGrowth - 1) : 0
        if conventions.riskFreeInTotals == .annualRateAsGiven, let a = annualRiskFree {
            riskFreeForTotals = a
        } else {
            riskFreeForTotals = totalRiskFree
        }
        drawdown = dd
        maxDrawdown = worst
        drawdownSquares = squares
        drawdownAbsSum = pain
        // Episodes in their own pass over the stored path: their branches then wait on a load,
        // not on the division above, so a mispredicted one costs little.
        episodes = DrawdownEpisode.episodes(drawdown: dd)
        (winCount, winSum, lossCount, lossSum) = (wc, ws, lc, ls)
        (excessGain, excessLoss, excessDownsideSquares) = (xp, xn, xq)

        // Pass 2: deviations from the means: corrected two-pass variances
        // ((sum d^2 - (sum d)^2 / n) / (n - ddof)), third and fourth moments, and the
        // lag-1 Pearson sums of the excess returns.
        var m2 = 0.0, c2 = 0.0, m3 = 0.0, m4 = 0.0, xm2 = 0.0, xc2 = 0.0
        var sab = 0.0, saa = 0.0, sbb = 0.0
        // A constant series is centred on its value itself, so every deviation is exactly 0 (the
        // rounding of its compensated mean must not show up as a spurious dispersion).
        // (Checked after the loop: `allSatisfy` stops at the first differing value, so a series that
        // is not constant costs two comparisons.)
        let constant = n > 0 && returns.allSatisfy { $0 == returns[0] }
        let constantExcess = n > 0 && x.allSatisfy { $0 == x[0] }
        let mu = constant ? returns[0] : (m ?? 0), mue = constantExcess ? x[0] : (mx ?? 0)
        let lagLen = n - 1
        let ma = lagLen > 0 ? lagHead / Double(lagLen) : 0, mb = lagLen > 0 ? lagTail / Double(lagLen) : 0
        returns.withUnsafeBufferPointer { rb in
            x.withUnsafeBufferPointer { xb in
                for i in 0..<n {
                    let d = rb[i] - mu, d2 = d * d
                    m2 += d2; c2 += d; m3 += d2 * d; m4 += d2 * d2
                    if hasRiskFree { let de = xb[i] - mue; xm2 += de * de; xc2 += de }
                    if i < lagLen {
                        let da = xb[i] - ma, db = xb[i + 1] - mb
                        sab += da * db; saa += da * da; sbb += db * db
                    }
                }
            }
        }
        func corrected(_ acc: Double, _ comp: Double) -> Double? {
            n - ddof >= 1 && n > 0 ? ((acc - comp * comp / Double(n)) / Double(n - ddof)).squareRoot() : nil
        }
        stdev = corrected(m2, c2)
        stdevExcess = hasRiskFree ? corrected(xm2, xc2) : stdev
        (skewness, excessKurtosis) = Moments.skewAndKurtosis(n: n, m2: m2, m3: m3, m4: m4)
        var rho: Double? = nil
        if lagLen >= 2 {
            let r = sab / (saa * sbb).squareRoot()
            rho = r.isFinite ? r : nil
        }
        autocorrelationPenalty = n >= 2 ? RatioMetrics.autocorrelationPenalty(n: n, rho: rho) : 1
        (months, quarters, years) = PeriodReturn.calendar(days: days, returns: returns)
    }

    /// Convenience: a dated series with a risk-free rate.
    public init(series: DatedSeries, riskFree: RiskFree = .zero, conventions: Conventions) {
        self.init(days: series.days, returns: series.values,
                  riskFree: riskFree.isZero ? nil : riskFree.perPeriod(on: series.days, periodsPerYear: conventions.periodsPerYear),
                  annualRiskFree: riskFree.annualRate,
                  conventions: conventions)
    }

    /// Years spanned, by the conventions' CAGR basis; `nil` when zero.
    public func years(basis: Conventions.CAGRBasis) -> Double? {
        switch basis {
        case .tradingPeriods:
            return count > 0 ? Double(count) / conventions.periodsPerYear : nil
        case .calendarDays:
            guard let f = days.first, let l = days.last, f < l else { return nil }
            return Double(f.days(to: l)) / 365.25
        }
    }
}

/// A compounded return over one calendar period (a month, a quarter or a year).
public struct PeriodReturn: Sendable, Equatable {
    public var year: Int
    /// Month 1-12, quarter 1-4, or 0 for a whole year.
    public var period: Int
    public var value: Double
    /// Number of daily returns in the period.
    public var observations: Int

    public init(year: Int, period: Int, value: Double, observations: Int) {
        self.year = year
        self.period = period
        self.value = value
        self.observations = observations
    }

    /// Months, quarters and years in one pass; the calendar is read only when a day crosses the
    /// current month's end, so the cost is one comparison per day.
    static func calendar(days: [Day], returns: [Double]) -> ([PeriodReturn], [PeriodReturn], [PeriodReturn]) {
        var months: [PeriodReturn] = [], quarters: [PeriodReturn] = [], years: [PeriodReturn] = []
        guard !days.isEmpty else { return (months, quarters, years) }
        var y = 0, m = 0, monthEnd: Int32 = .min
        var gm = 1.0, gq = 1.0, gy = 1.0, cm = 0, cq = 0, cy = 0, dm = false, dq = false, dy = false
        func flushMonth() { months.append(PeriodReturn(year: y, period: m, value: dm ? -1 : gm - 1, observations: cm)); gm = 1; cm = 0; dm = false }
        func flushQuarter() { quarters.append(PeriodReturn(year: y, period: (m - 1) / 3 + 1, value: dq ? -1 : gq - 1, observations: cq)); gq = 1; cq = 0; dq = false }
        func flushYear() { years.append(PeriodReturn(year: y, period: 0, value: dy ? -1 : gy - 1, observations: cy)); gy = 1; cy = 0; dy = false }
        for i in days.indices {
            let d = days[i]
            if d.serial > monthEnd {
                let c = d.components
                if cm > 0 {
                    flushMonth()
                    if c.year != y || (c.month - 1) / 3 != (m - 1) / 3 { flushQuarter() }
                    if c.year != y { flushYear() }
                }
                y = c.year; m = c.month
                monthEnd = Int32(Day.daysFromCivil(year: y, month: m, day: Day.daysInMonth(year: y, month: m)))
            }
            let r = returns[i]
            if r <= -1 { dm = true; dq = true; dy = true }
            gm *= 1 + r; gq *= 1 + r; gy *= 1 + r
            cm += 1; cq += 1; cy += 1
        }
        flushMonth(); flushQuarter(); flushYear()
        return (months, quarters, years)
    }

}

/// One underwater episode: from the first day below the high-water mark to the last.
public struct DrawdownEpisode: Sendable, Equatable {
    /// Index of the first day under water.
    public var start: Int
    /// Index of the deepest day.
    public var trough: Int
    /// Index of the last day under water.
    public var end: Int
    /// Whether the day after `end` is back at the high-water mark (false: still under water at the end).
    public var recovered: Bool
    /// Drawdown at the trough (negative).
    public var depth: Double

    /// Splits a drawdown path into episodes (maximal runs of dd < 0).
    static func episodes(drawdown dd: [Double]) -> [DrawdownEpisode] {
        var out: [DrawdownEpisode] = []
        let n = dd.count
        dd.withUnsafeBufferPointer { d in
            var i = 0
            while i < n {
                if d[i] < 0 {
                    // The first deepest day, by selection: whether a day is a new low is a coin toss.
                    var trough = i, depth = d[i], j = i + 1
                    while j < n && d[j] < 0 {
                        let v = d[j], deeper = v < depth
                        trough = deeper ? j : trough
                        depth = Select.pick(deeper, v, depth)
                        j += 1
                    }
                    out.append(DrawdownEpisode(start: i, trough: trough, end: j - 1, recovered: j < n, depth: depth))
                    i = j
                } else {
                    i += 1
                }
            }
        }
        return out
    }
}
