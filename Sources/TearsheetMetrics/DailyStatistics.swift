import TearsheetCore

/// Statistics of the daily returns seen as bets: wins, losses and their balance.
public enum DailyStatistics {
    /// Daily win rate.
    ///
    /// Formula: `count(r > 0) / count(r)`; with zero days excluded (QuantStats `win_rate`):
    /// `count(r > 0) / count(r != 0)`. Undefined: no (non-zero) returns.
    public static func winRate(_ c: SeriesContext) -> MetricValue {
        let pos = c.winCount, nonZero = c.winCount + c.lossCount
        let denom = c.conventions.winRateZeroDays == .excluded ? nonZero : c.count
        guard denom > 0 else { return .undefined("no non-zero returns") }
        return .value(Double(pos) / Double(denom))
    }

    /// Mean of the positive daily returns. Undefined: no winning day. Reference: QuantStats `avg_win`.
    public static func averageWin(_ c: SeriesContext) -> MetricValue {
        c.winCount == 0 ? .undefined("no winning days") : .value(c.winSum / Double(c.winCount))
    }

    /// Mean of the negative daily returns (negative). Undefined: no losing day. Reference: QuantStats `avg_loss`.
    public static func averageLoss(_ c: SeriesContext) -> MetricValue {
        c.lossCount == 0 ? .undefined("no losing days") : .value(c.lossSum / Double(c.lossCount))
    }

    /// Payoff ratio. Formula: `avg win / |avg loss|`. Undefined: no winning or no losing day.
    /// Reference: QuantStats `payoff_ratio`.
    public static func payoffRatio(_ c: SeriesContext) -> MetricValue {
        guard case .value(let w) = averageWin(c) else { return .undefined("no winning days") }
        guard case .value(let l) = averageLoss(c) else { return .undefined("no losing days") }
        return .checked(w / -l, else: "non-finite payoff ratio")
    }

    /// Daily profit factor. Formula: `sum(r >= 0) / |sum(r < 0)|`. Undefined: no losing day.
    /// Reference: QuantStats `profit_factor` (daily returns, not trades: see `profit_factor`).
    public static func profitFactor(_ c: SeriesContext) -> MetricValue {
        // Zero days add nothing to the gains, so sum(r >= 0) is the sum of the winning days.
        let gain = c.winSum, loss = -c.lossSum
        guard loss > 0 else { return .undefined("no losing days") }
        return .checked(gain / loss, else: "non-finite profit factor")
    }

    /// Gain-to-pain ratio. Formula: `sum(r) / |sum(r < 0)|` on daily returns, rf not subtracted.
    /// Undefined: no losing day. Reference: Schwager; QuantStats `gain_to_pain_ratio`.
    public static func gainToPain(_ c: SeriesContext) -> MetricValue {
        let loss = -c.lossSum
        guard loss > 0 else { return .undefined("no losing days") }
        return .checked((c.winSum + c.lossSum) / loss, else: "non-finite ratio")
    }

    /// Common sense ratio. Formula: `profit factor * tail ratio`. Reference: QuantStats `common_sense_ratio`.
    public static func commonSenseRatio(_ c: SeriesContext) -> MetricValue {
        profitFactor(c).map { pf in TailRiskMetrics.tailRatio(c).map { .checked(pf * $0, else: "non-finite ratio") } }
    }

    /// Kelly criterion on daily returns.
    ///
    /// Formula: `(b p - (1 - p)) / b`, b the payoff ratio, p the daily win rate (with the
    /// conventions' zero-day rule). Undefined: payoff ratio undefined or zero.
    /// Reference: Kelly (1956); QuantStats `kelly_criterion`.
    public static func kelly(_ c: SeriesContext) -> MetricValue {
        payoffRatio(c).map { b in
            guard b != 0 else { return .undefined("zero payoff ratio") }
            return winRate(c).map { p in .checked((b * p - (1 - p)) / b, else: "non-finite Kelly fraction") }
        }
    }
}
