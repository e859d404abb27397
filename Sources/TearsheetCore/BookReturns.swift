/// Daily returns of a book and of its sleeves: the hand-off from valuation to analytics.
///
/// Invariant (checked by valuation, relied on by attribution): for every day `t`,
/// `sum over s of contributions[s][t] == portfolio[t]` up to floating-point rounding, where
/// `contributions[s][t] == weights[s][t] * sleeveReturns[s][t]` and the weights are start-of-day
/// weights on the same denominator as the portfolio's time-weighted return.
public struct BookReturns: Sendable, Equatable {
    /// Trading days, strictly increasing.
    public var days: [Day]
    /// End-of-day NAV of the whole book (or of one account).
    public var nav: [Double]
    /// External flows (deposits positive, withdrawals negative) of each day.
    public var flows: [Double]
    /// Daily time-weighted return of the book.
    public var portfolio: [Double]
    /// Sleeve names; the unallocated-cash sleeve is among them when the book holds such cash.
    public var sleeves: [String]
    /// `weights[s][t]`: start-of-day weight of sleeve `s` on day `t`.
    public var weights: [[Double]]
    /// `sleeveReturns[s][t]`: the sleeve's own return on day `t` (0 when it holds nothing).
    public var sleeveReturns: [[Double]]
    /// `contributions[s][t]`: the sleeve's contribution to the book's return on day `t`.
    public var contributions: [[Double]]
    /// `sleeveNAV[s][t]`: end-of-day NAV of sleeve `s`.
    public var sleeveNAV: [[Double]]

    public init(days: [Day], nav: [Double], flows: [Double], portfolio: [Double], sleeves: [String],
                weights: [[Double]], sleeveReturns: [[Double]], contributions: [[Double]], sleeveNAV: [[Double]]) {
        self.days = days
        self.nav = nav
        self.flows = flows
        self.portfolio = portfolio
        self.sleeves = sleeves
        self.weights = weights
        self.sleeveReturns = sleeveReturns
        self.contributions = contributions
        self.sleeveNAV = sleeveNAV
    }

    /// A book with no sleeves: a bare return series (e.g. `tearsheet metrics --returns FILE`).
    public init(returns: DatedSeries) {
        self.init(days: returns.days, nav: [], flows: [Double](repeating: 0, count: returns.count),
                  portfolio: returns.values, sleeves: [], weights: [], sleeveReturns: [],
                  contributions: [], sleeveNAV: [])
    }

    /// The portfolio's returns as a dated series.
    public var returnSeries: DatedSeries { DatedSeries(days: days, values: portfolio) }
}

/// One closed piece of a FIFO lot: an entry matched with (part of) an exit.
public struct RoundTrip: Sendable, Equatable {
    public enum Direction: String, Sendable { case long, short }

    public var account: String
    public var strategy: String
    public var symbol: String
    public var direction: Direction
    public var entryDay: Day
    public var exitDay: Day
    /// Matched quantity, always > 0.
    public var quantity: Double
    public var entryPrice: Double
    public var exitPrice: Double
    /// Entry and exit fees, pro rata to the matched quantity.
    public var fees: Double
    /// P&L net of fees: (exit - entry) x quantity x (+1 long, -1 short) - fees.
    public var pnl: Double
    /// pnl / (entryPrice x quantity): return on the capital committed at entry.
    public var returnPct: Double
    /// Trading days between entry and exit (0 for a same-day round trip).
    public var holdingDaysTrading: Int
    /// Calendar days between entry and exit.
    public var holdingDaysCalendar: Int

    public init(account: String, strategy: String, symbol: String, direction: Direction,
                entryDay: Day, exitDay: Day, quantity: Double, entryPrice: Double, exitPrice: Double,
                fees: Double, pnl: Double, returnPct: Double, holdingDaysTrading: Int, holdingDaysCalendar: Int) {
        self.account = account
        self.strategy = strategy
        self.symbol = symbol
        self.direction = direction
        self.entryDay = entryDay
        self.exitDay = exitDay
        self.quantity = quantity
        self.entryPrice = entryPrice
        self.exitPrice = exitPrice
        self.fees = fees
        self.pnl = pnl
        self.returnPct = returnPct
        self.holdingDaysTrading = holdingDaysTrading
        self.holdingDaysCalendar = holdingDaysCalendar
    }
}
