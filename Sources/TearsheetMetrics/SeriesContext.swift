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
    /// Drawdown on each day: W_t / max(1, max_{s<=t} W_s) - 1 with W_t = prod_{s<=t}(1 + r_s);
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
    /// prod(1 + r) - 1.
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

    /// Corrected two-pass sample variance around a known mean (Chan, Golub, LeVeque 1983).
    static func stdev(_ xs: [Double], mean: Double?, ddof: Int) -> Double? {
        let n = xs.count
        guard let m = mean, n - ddof >= 1 else { return nil }
        var acc = 0.0, comp = 0.0
        for v in xs { let d = v - m; acc += d * d; comp += d }
        return ((acc - comp * comp / Double(n)) / Double(n - ddof)).squareRoot()
    }

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
        var x = returns
        if hasRiskFree { for i in 0..<n { x[i] = returns[i] - rf[i] } }
        self.excess = x
        self.order = OrderStatistics(returns, varLevel: 1 - conventions.varConfidence)
        let ddof = conventions.stdevDDOF
        let m = Stats.mean(returns)
        mean = m
        stdev = Self.stdev(returns, mean: m, ddof: ddof)
        meanExcess = hasRiskFree ? Stats.mean(x) : m
        stdevExcess = hasRiskFree ? Self.stdev(x, mean: meanExcess, ddof: ddof) : stdev
        autocorrelationPenalty = RatioMetrics.autocorrelationPenalty(x)
        totalReturn = Stats.compound(returns)
        totalRiskFree = hasRiskFree ? Stats.compound(rf) : 0
        if conventions.riskFreeInTotals == .annualRateAsGiven, let a = annualRiskFree {
            riskFreeForTotals = a
        } else {
            riskFreeForTotals = totalRiskFree
        }

        var dd = [Double](repeating: 0, count: n)
        var wealth = 1.0, peak = 1.0, worst = 0.0, squares = 0.0, pain = 0.0
        for i in 0..<n {
            wealth *= 1 + returns[i]
            if wealth > peak { peak = wealth }
            let d = min(wealth / peak - 1, 0)
            dd[i] = d
            if d < worst { worst = d }
            squares += d * d
            pain -= d
        }
        drawdown = dd
        maxDrawdown = worst
        drawdownSquares = squares
        drawdownAbsSum = pain
        episodes = DrawdownEpisode.episodes(drawdown: dd)
        (months, quarters, years) = PeriodReturn.calendar(days: days, returns: returns)
        (skewness, excessKurtosis) = Moments.skewAndKurtosis(returns, mean: mean)
        var wc = 0, lc = 0, ws = 0.0, ls = 0.0, xp = 0.0, xn = 0.0, xq = 0.0
        for i in 0..<n {
            let r = returns[i], e = x[i]
            if r > 0 { wc += 1; ws += r } else if r < 0 { lc += 1; ls += r }
            if e > 0 { xp += e } else if e < 0 { xn += e; xq += e * e }
        }
        (winCount, winSum, lossCount, lossSum) = (wc, ws, lc, ls)
        (excessGain, excessLoss, excessDownsideSquares) = (xp, xn, xq)
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
        var i = 0
        let n = dd.count
        while i < n {
            if dd[i] < 0 {
                var trough = i, j = i
                while j < n && dd[j] < 0 {
                    if dd[j] < dd[trough] { trough = j }
                    j += 1
                }
                out.append(DrawdownEpisode(start: i, trough: trough, end: j - 1, recovered: j < n, depth: dd[trough]))
                i = j
            } else {
                i += 1
            }
        }
        return out
    }
}
