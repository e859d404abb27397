import TearsheetCore

/// Statistics of closed FIFO round trips (valuation's `RoundTrip`s), in the book's currency.
///
/// Trades are ordered by exit date, then entry date (stable for ties) for the streak counts.
/// A trade with P&L exactly zero is neither a win nor a loss, but counts in `trades`.
public struct TradeContext: Sendable {
    /// P&L of each trip, in exit-date order.
    public let pnl: [Double]
    /// Holding period of each trip in trading days, in the same order.
    public let holdingDays: [Int]
    /// Fees of each trip, in the same order.
    public let fees: [Double]
    /// Traded notional of each trip, `quantity x (entry price + exit price)`, in the same order.
    public let notional: [Double]

    /// The statistics' inputs of `trips`, ordered by exit date, then entry date, then position in
    /// `trips`. Reads each trip once and keeps four numbers of it, not the trip: the round trips of
    /// a large book stay in their compact table (`RoundTripTable`).
    public init<Trips: Collection>(_ trips: Trips) where Trips.Element == RoundTrip {
        var keys: [(exit: Day, entry: Day)] = []
        var pnl: [Double] = [], holding: [Int] = [], fees: [Double] = [], notional: [Double] = []
        keys.reserveCapacity(trips.count)
        pnl.reserveCapacity(trips.count); holding.reserveCapacity(trips.count)
        fees.reserveCapacity(trips.count); notional.reserveCapacity(trips.count)
        var inOrder = true
        for t in trips {
            if let last = keys.last, (t.exitDay, t.entryDay) < (last.exit, last.entry) { inOrder = false }
            keys.append((t.exitDay, t.entryDay))
            pnl.append(t.pnl)
            holding.append(t.holdingDaysTrading)
            fees.append(t.fees)
            notional.append(t.quantity * (t.entryPrice + t.exitPrice))
        }
        if inOrder {
            self.pnl = pnl; holdingDays = holding; self.fees = fees; self.notional = notional
            return
        }
        let order = keys.indices.sorted { (keys[$0].exit, keys[$0].entry, $0) < (keys[$1].exit, keys[$1].entry, $1) }
        self.pnl = order.map { pnl[$0] }
        holdingDays = order.map { holding[$0] }
        self.fees = order.map { fees[$0] }
        self.notional = order.map { notional[$0] }
    }

    public var count: Int { pnl.count }
}

/// Trade-statistics metric functions.
public enum TradeMetrics {
    static let noTrades = MetricValue.undefined("no closed trades")

    /// Number of closed round trips. Reference: DESIGN section 3 (FIFO lot matching).
    public static func trades(_ t: TradeContext) -> MetricValue { .value(Double(t.count)) }

    /// Win rate. Formula: `count(pnl > 0) / count(trades)`. Undefined: no trades.
    public static func winRate(_ t: TradeContext) -> MetricValue {
        guard t.count > 0 else { return noTrades }
        return .value(Double(t.pnl.lazy.filter { $0 > 0 }.count) / Double(t.count))
    }

    /// Mean P&L of the winning trades. Undefined: no winning trade.
    public static func averageWin(_ t: TradeContext) -> MetricValue {
        let w = t.pnl.filter { $0 > 0 }
        return w.isEmpty ? .undefined("no winning trades") : .value(Stats.sum(w) / Double(w.count))
    }

    /// Mean P&L of the losing trades (negative). Undefined: no losing trade.
    public static func averageLoss(_ t: TradeContext) -> MetricValue {
        let l = t.pnl.filter { $0 < 0 }
        return l.isEmpty ? .undefined("no losing trades") : .value(Stats.sum(l) / Double(l.count))
    }

    /// Payoff ratio. Formula: `avg win / |avg loss|`. Undefined: no winning or no losing trade.
    public static func payoffRatio(_ t: TradeContext) -> MetricValue {
        averageWin(t).map { w in averageLoss(t).map { .value(w / -$0) } }
    }

    /// Gross profit: sum of the winning trades' P&L (0 without winners).
    public static func grossProfit(_ t: TradeContext) -> MetricValue {
        t.count == 0 ? noTrades : .value(Stats.sum(t.pnl.filter { $0 > 0 }))
    }

    /// Gross loss: sum of the losing trades' P&L (negative, 0 without losers).
    public static func grossLoss(_ t: TradeContext) -> MetricValue {
        t.count == 0 ? noTrades : .value(Stats.sum(t.pnl.filter { $0 < 0 }))
    }

    /// Profit factor on closed trades. Formula: `gross profit / |gross loss|`.
    /// Undefined: no losing trade. Reference: Tharp, "Trade Your Way to Financial Freedom" (2006).
    public static func profitFactor(_ t: TradeContext) -> MetricValue {
        guard case .value(let gl) = grossLoss(t), gl < 0, case .value(let gp) = grossProfit(t) else {
            return .undefined("no losing trades")
        }
        return .value(gp / -gl)
    }

    /// Expectancy: mean P&L per trade. Formula: `sum(pnl) / trades`. Undefined: no trades.
    public static func expectancy(_ t: TradeContext) -> MetricValue {
        t.count == 0 ? noTrades : .value(Stats.sum(t.pnl) / Double(t.count))
    }

    /// System quality number.
    ///
    /// Formula: `sqrt(N) * mean(pnl) / stdev(pnl)` with N = min(trades, 100) (Van Tharp's cap),
    /// on P&L in currency since round trips carry no initial risk (R). Undefined: fewer than 2
    /// trades or identical P&L. Reference: Tharp (2013), "The Definitive Guide to Position Sizing".
    public static func sqn(_ t: TradeContext) -> MetricValue {
        guard let m = Stats.mean(t.pnl), let s = Stats.stdev(t.pnl) else { return .undefined("fewer than 2 trades") }
        guard s > 0 else { return .undefined("all trades have the same P&L") }
        return .checked(Double(min(t.count, 100)).squareRoot() * m / s, else: "non-finite SQN")
    }

    /// Largest single-trade gain (the maximum positive P&L). Undefined: no trades, or no trade with P&L > 0.
    public static func largestWin(_ t: TradeContext) -> MetricValue {
        guard let m = t.pnl.max() else { return noTrades }
        // A positive number labelled "win" only when some trade won.
        return m > 0 ? .value(m) : .undefined("no winning trade")
    }

    /// Largest single-trade loss (the minimum negative P&L). Undefined: no trades, or no trade with P&L < 0.
    public static func largestLoss(_ t: TradeContext) -> MetricValue {
        guard let m = t.pnl.min() else { return noTrades }
        // Never a positive number labelled "loss": without a losing trade there is no largest loss.
        return m < 0 ? .value(m) : .undefined("no losing trade")
    }

    /// Mean holding period in trading days (0 for a same-day round trip). Undefined: no trades.
    public static func averageHoldingDays(_ t: TradeContext) -> MetricValue {
        t.count == 0 ? noTrades : .value(Double(t.holdingDays.reduce(0, +)) / Double(t.count))
    }

    /// Longest run of consecutive winning (or losing) trades in exit order; a zero-P&L trade breaks a run.
    public static func maxConsecutive(_ t: TradeContext, wins: Bool) -> MetricValue {
        guard t.count > 0 else { return noTrades }
        var best = 0, run = 0
        for p in t.pnl {
            if wins ? p > 0 : p < 0 { run += 1; best = max(best, run) } else { run = 0 }
        }
        return .value(Double(best))
    }

    /// Total fees of the closed trades. Undefined: no trades.
    public static func totalFees(_ t: TradeContext) -> MetricValue {
        t.count == 0 ? noTrades : .value(Stats.sum(t.fees))
    }

    /// Traded notional of the closed trades: `sum(quantity * (entry price + exit price))`.
    /// Convention: in currency, both legs counted; divide by average NAV for a turnover rate.
    public static func turnover(_ t: TradeContext) -> MetricValue {
        t.count == 0 ? noTrades : .value(Stats.sum(t.notional))
    }
}
