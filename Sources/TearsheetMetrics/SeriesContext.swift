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
    /// Ascending copy of `returns` (quantiles, VaR, CVaR, tail ratio).
    public let sorted: [Double]
    /// Drawdown on each day: W_t / max(1, max_{s<=t} W_s) - 1 with W_t = prod_{s<=t}(1 + r_s);
    /// the phantom starting wealth of 1.0 makes a first-day loss a drawdown (QuantStats, empyrical).
    public let drawdown: [Double]
    /// Underwater episodes in date order.
    public let episodes: [DrawdownEpisode]
    /// Compounded calendar-month returns in date order.
    public let months: [PeriodReturn]
    /// Compounded calendar-year returns in date order.
    public let years: [PeriodReturn]

    public var count: Int { returns.count }
    public let mean: Double?
    public let stdev: Double?
    public let meanExcess: Double?
    public let stdevExcess: Double?
    /// prod(1 + r) - 1.
    public let totalReturn: Double
    /// Compounded risk-free return over the same days.
    public let totalRiskFree: Double
    public let maxDrawdown: Double

    /// Builds the context; `days` must be strictly increasing and as long as `returns`.
    public init(days: [Day], returns: [Double], riskFree: [Double]? = nil, conventions: Conventions) {
        precondition(days.count == returns.count, "one date per return")
        self.conventions = conventions
        self.days = days
        self.returns = returns
        let n = returns.count
        let rf = riskFree ?? [Double](repeating: 0, count: n)
        self.riskFree = rf
        var x = [Double](repeating: 0, count: n)
        for i in 0..<n { x[i] = returns[i] - rf[i] }
        self.excess = x
        self.sorted = returns.sorted()
        let ddof = conventions.stdevDDOF
        mean = Stats.mean(returns)
        stdev = Stats.stdev(returns, ddof: ddof)
        meanExcess = Stats.mean(x)
        stdevExcess = Stats.stdev(x, ddof: ddof)
        totalReturn = Stats.compound(returns)
        totalRiskFree = Stats.compound(rf)

        var dd = [Double](repeating: 0, count: n)
        var wealth = 1.0, peak = 1.0, worst = 0.0
        for i in 0..<n {
            wealth *= 1 + returns[i]
            if wealth > peak { peak = wealth }
            let d = wealth / peak - 1
            dd[i] = d < 0 ? d : 0
            if dd[i] < worst { worst = dd[i] }
        }
        drawdown = dd
        maxDrawdown = worst
        episodes = DrawdownEpisode.episodes(drawdown: dd)
        months = PeriodReturn.aggregate(days: days, returns: returns) { ($0.year, $0.month) }
        years = PeriodReturn.aggregate(days: days, returns: returns) { ($0.year, 0) }
    }

    /// Convenience: a dated series with a risk-free rate.
    public init(series: DatedSeries, riskFree: RiskFree = .zero, conventions: Conventions) {
        self.init(days: series.days, returns: series.values,
                  riskFree: riskFree.isZero ? nil : riskFree.perPeriod(on: series.days, periodsPerYear: conventions.periodsPerYear),
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

    /// Groups consecutive days with the same key and compounds each group: prod(1 + r) - 1.
    static func aggregate(days: [Day], returns: [Double], key: (Day) -> (Int, Int)) -> [PeriodReturn] {
        var out: [PeriodReturn] = []
        guard !days.isEmpty else { return out }
        var current = key(days[0]), growth = 1.0, count = 0, dead = false
        for i in days.indices {
            let k = key(days[i])
            if k != current {
                out.append(PeriodReturn(year: current.0, period: current.1, value: dead ? -1 : growth - 1, observations: count))
                current = k; growth = 1; count = 0; dead = false
            }
            if returns[i] <= -1 { dead = true }
            growth *= 1 + returns[i]
            count += 1
        }
        out.append(PeriodReturn(year: current.0, period: current.1, value: dead ? -1 : growth - 1, observations: count))
        return out
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
