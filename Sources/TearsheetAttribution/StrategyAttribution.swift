import TearsheetCore

/// Per-sleeve attribution over the period.
public struct SleeveAttribution: Sendable, Equatable {
    public var name: String
    /// Days with a non-zero start-of-day weight: the sleeve's active days.
    public var activeDays: Int
    /// Compounded own return of the sleeve: `prod(1 + r_{s,t}) - 1` (inactive days have r = 0).
    public var totalReturn: Double
    /// Annualised volatility of the sleeve's own returns on its active days.
    public var volatility: Double?
    /// Annualised Sharpe ratio of the sleeve's own returns on its active days.
    public var sharpe: Double?
    /// Maximum drawdown of the sleeve's own compounded index over every day of the period
    /// (`DrawdownMetrics.maxDrawdown`: wealth floored at 0, so a fraction in [-1, 0]).
    public var maxDrawdown: Double
    /// Linked contribution to the portfolio's compounded return (sums over sleeves to it).
    public var contribution: Double
    /// `contribution / total return`; `nil` when the total return is 0.
    public var contributionShare: Double?
    /// P&L in currency: `sum_t c_{s,t} * D_t`, `D_t` the denominator of the timing in force
    /// (`BookReturns.denominators`); `nil` for a book without NAV.
    public var pnl: Double?
    /// `pnl / sum of all sleeves' pnl`; `nil` without NAV or when total P&L is 0.
    public var pnlShare: Double?
    /// False for a sleeve funded from its account's cash without a capital base
    /// (`BookReturns.ownReturn`): its own return, volatility, Sharpe and drawdown are not defined
    /// (`totalReturn` and `maxDrawdown` are 0, `volatility` and `sharpe` nil); contribution and
    /// P&L stay.
    public var ownReturn: Bool = true
}

/// Strategy attribution: sleeves plus the correlation matrix of the largest contributors.
public struct StrategyAttribution: Sendable, Equatable {
    /// Most sleeves a report shows one by one (correlation matrix, per-sleeve columns and charts);
    /// beyond it the largest contributors are shown and the rest summed as "other". A reader
    /// cannot use a wider matrix, and an n x n matrix makes memory and time grow with the square
    /// of the sleeve count (10,000 sleeves: 10^8 cells).
    public static let shownSleeveLimit = 50

    public var sleeves: [SleeveAttribution]
    /// Indices into `sleeves` of the sleeves the correlation covers, in `sleeves` order: every
    /// sleeve up to `shownSleeveLimit`, else the `shownSleeveLimit` largest by absolute linked
    /// contribution (`largestContributors`).
    public var correlationSleeves: [Int]
    /// `correlation[i][j]`: Pearson correlation of the own returns of sleeves
    /// `correlationSleeves[i]` and `correlationSleeves[j]` over the days both are active; `nil`
    /// with fewer than 2 such days or a constant series. Diagonal: 1 when defined.
    public var correlation: [[Double?]]

    /// Indices of the `limit` values of largest magnitude (ties: the earlier index), returned in
    /// index order; every index when there are at most `limit`. Linear in the count plus a sort
    /// of the candidates.
    public static func largestContributors(_ contributions: [Double], limit: Int = shownSleeveLimit) -> [Int] {
        guard contributions.count > limit else { return Array(contributions.indices) }
        let ranked = contributions.indices.sorted { i, j in
            let a = contributions[i].magnitude, b = contributions[j].magnitude
            // NaN ranks last, so a broken sleeve never hides a real contributor.
            if a.isNaN != b.isNaN { return b.isNaN }
            return a != b && !a.isNaN ? a > b : i < j
        }
        return ranked.prefix(limit).sorted()
    }
}

extension StrategyAttribution {
    static func compute(panel p: Panel, linked: LinkedContributions, config: AttributionConfig) -> StrategyAttribution {
        let S = p.sleeves.count, n = p.count
        let R = linked.total
        var pnls: [Double]? = nil
        if let den = p.denominators {
            pnls = (0..<S).map { s in Stats.sum((0..<n).lazy.map { p.contributions[s][$0] * den[$0] }) }
        }
        let totalPnl = pnls.map { Stats.sum($0) }
        var out: [SleeveAttribution] = []
        var activeIdx: [[Int]] = []
        for s in 0..<S {
            let idx = (0..<n).filter { p.weights[s][$0] != 0 }
            activeIdx.append(idx)
            let own = ReturnStatistics.risk(days: idx.map { p.days[$0] }, returns: idx.map { p.sleeveReturns[s][$0] },
                                            riskFree: idx.map { p.riskFree[$0] }, config: config)
            let path = ReturnStatistics.risk(days: p.days, returns: p.sleeveReturns[s], riskFree: p.riskFree, config: config)
            let defined = p.ownReturn[s]
            out.append(SleeveAttribution(
                name: p.sleeves[s], activeDays: idx.count,
                totalReturn: Stats.compound(p.sleeveReturns[s]),
                volatility: defined ? own.volatility : nil,
                sharpe: defined ? own.sharpe : nil,
                maxDrawdown: path.maxDrawdown,
                contribution: linked.parts[s],
                contributionShare: R != 0 ? linked.parts[s] / R : nil,
                pnl: pnls?[s],
                pnlShare: (pnls != nil && totalPnl! != 0) ? pnls![s] / totalPnl! : nil,
                ownReturn: defined))
        }
        // Only the shown sleeves: k x k with k <= shownSleeveLimit, so linear in the sleeve count.
        let shown = StrategyAttribution.largestContributors(out.map(\.contribution))
        let k = shown.count
        var corr = [[Double?]](repeating: [Double?](repeating: nil, count: k), count: k)
        for a in 0..<k {
            let i = shown[a]
            for b in a..<k {
                let j = shown[b]
                let both = i == j ? activeIdx[i] : activeIdx[i].filter { p.weights[j][$0] != 0 }
                let c = ReturnStatistics.correlation(both.map { p.sleeveReturns[i][$0] }, both.map { p.sleeveReturns[j][$0] })
                corr[a][b] = c; corr[b][a] = c
            }
        }
        return StrategyAttribution(sleeves: out, correlationSleeves: shown, correlation: corr)
    }
}
