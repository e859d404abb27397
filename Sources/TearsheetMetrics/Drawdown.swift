import TearsheetCore

/// Drawdown metrics, read from the context's drawdown path and episodes.
public enum DrawdownMetrics {
    /// Maximum drawdown.
    ///
    /// Formula: `min_t (W_t / max(1, max_{s<=t} W_s) - 1)`, W_t = prod(1 + r): the phantom
    /// starting wealth 1.0 makes a first-day loss a drawdown. 0 when never under water.
    /// Undefined: no returns. Reference: Bacon (2008), 5.3; QuantStats and empyrical `max_drawdown`.
    public static func maxDrawdown(_ c: SeriesContext) -> MetricValue {
        c.count == 0 ? .empty : .value(c.maxDrawdown)
    }

    /// Calendar days of an episode: last underwater date - first underwater date + 1
    /// (QuantStats `drawdown_details` 'days').
    static func calendarDays(_ c: SeriesContext, _ e: DrawdownEpisode) -> Int {
        c.days[e.start].days(to: c.days[e.end]) + 1
    }

    /// Duration of the deepest drawdown, in calendar days.
    ///
    /// Formula: last underwater date - first underwater date + 1 of the deepest episode (the
    /// first one on ties); an unrecovered episode runs to the last date.
    /// Undefined: never under water. Reference: QuantStats `drawdown_details`.
    public static func maxDrawdownDuration(_ c: SeriesContext) -> MetricValue {
        var best: DrawdownEpisode?
        for e in c.episodes where best == nil || e.depth < best!.depth { best = e }
        guard let e = best else { return .undefined("never under water") }
        return .value(Double(calendarDays(c, e)))
    }

    /// Longest drawdown, in calendar days (same day count as `maxDrawdownDuration`).
    /// Undefined: never under water. Reference: QuantStats report 'Longest DD Days'.
    public static func longestDrawdown(_ c: SeriesContext) -> MetricValue {
        guard let m = c.episodes.map({ calendarDays(c, $0) }).max() else { return .undefined("never under water") }
        return .value(Double(m))
    }

    /// Mean depth of the underwater episodes.
    /// Formula: `mean over episodes of min(dd)`. Undefined: never under water.
    /// Reference: QuantStats `drawdown_details` ('max drawdown' mean), ffn `avg_drawdown`.
    public static func averageDrawdown(_ c: SeriesContext) -> MetricValue {
        guard !c.episodes.isEmpty else { return .undefined("never under water") }
        return .value(Stats.sum(c.episodes.map(\.depth)) / Double(c.episodes.count))
    }

    /// Mean calendar-day length of the underwater episodes. Undefined: never under water.
    /// Reference: QuantStats `drawdown_details` ('days' mean).
    public static func averageDrawdownDays(_ c: SeriesContext) -> MetricValue {
        guard !c.episodes.isEmpty else { return .undefined("never under water") }
        return .value(Double(c.episodes.reduce(0) { $0 + calendarDays(c, $1) }) / Double(c.episodes.count))
    }

    /// Drawdown on the last day. Formula: `dd_n`. Undefined: no returns.
    public static func currentDrawdown(_ c: SeriesContext) -> MetricValue {
        c.drawdown.last.map(MetricValue.value) ?? .empty
    }

    /// Ulcer index.
    ///
    /// Formula: `sqrt(sum(dd_t^2) / N)`, N = n (Martin & McCann 1989, default) or n - 1
    /// (QuantStats `ulcer_index`). A fraction, not percentage points.
    /// Undefined: no returns (fewer than 2 for n - 1).
    public static func ulcerIndex(_ c: SeriesContext) -> MetricValue {
        let denom = c.conventions.ulcerDenominator == .observations ? c.count : c.count - 1
        guard denom > 0 else { return .empty }
        return .value((c.drawdownSquares / Double(denom)).squareRoot())
    }

    /// Ulcer performance index (Martin ratio).
    ///
    /// Formula: `(CAGR - rf_annual) / UI` by default; QuantStats: `(total return - rf) / UI`.
    /// Undefined: zero Ulcer index (never under water).
    /// Reference: Martin & McCann (1989); QuantStats `ulcer_performance_index`.
    public static func ulcerPerformanceIndex(_ c: SeriesContext) -> MetricValue {
        guard case .value(let ui) = ulcerIndex(c) else { return .empty }
        guard ui > 0 else { return .undefined("never under water (zero Ulcer index)") }
        if c.conventions.recoveryNumerator == .sumOfReturns {
            return .checked((c.totalReturn - c.riskFreeForTotals) / ui, else: "non-finite index")
        }
        return ReturnMetrics.cagr(c, basis: c.conventions.cagrBasis).map { g in
            let rfAnnual = c.totalRiskFree == 0 ? 0 : (c.riskFreeMean ?? 0) * c.conventions.periodsPerYear
            return .checked((g - rfAnnual) / ui, else: "non-finite index")
        }
    }

    /// Pain index: mean absolute drawdown.
    /// Formula: `sum(|dd_t|) / n`. Undefined: no returns. Reference: Bacon (2008), 5.3 (Becker).
    public static func painIndex(_ c: SeriesContext) -> MetricValue {
        guard c.count > 0 else { return .empty }
        return .value(c.drawdownAbsSum / Double(c.count))
    }

    /// Recovery factor.
    ///
    /// Formula: `total return / |max drawdown|` by default; QuantStats: `|sum(r) - rf| / |max drawdown|`
    /// with rf its annual rate as given.
    /// Undefined: never under water. Reference: QuantStats `recovery_factor`.
    public static func recoveryFactor(_ c: SeriesContext) -> MetricValue {
        guard c.maxDrawdown < 0 else { return .undefined("no drawdown") }
        if c.conventions.recoveryNumerator == .sumOfReturns {
            return .checked(abs(Stats.sum(c.returns) - c.riskFreeForTotals) / -c.maxDrawdown, else: "non-finite recovery factor")
        }
        return .checked(c.totalReturn / -c.maxDrawdown, else: "non-finite recovery factor")
    }
}
