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
    /// `denominators[t]`: the capital the day's return is measured on, `D_t = NAV_{t-1}` plus the
    /// flows that arrive at the start of day `t` (the timing in force for each flow); empty for a
    /// bare return series. A sleeve's P&L in currency is `contributions[s][t] x denominators[t]`.
    public var denominators: [Double]
    /// `ownReturn[s]`: whether sleeve `s` has a capital base of its own (its own flows, or a
    /// configured capital or allocation), so that `sleeveReturns[s]` is a return; false for a
    /// sleeve funded from its account's cash without a base, whose `sleeveReturns` are 0 and whose
    /// own statistics are not defined. Empty: every sleeve has one.
    public var ownReturn: [Bool]
    /// `sleeveFlows[s][t]`: the external flows of sleeve `s` on day `t` (empty for a bare series).
    public var sleeveFlows: [[Double]] = []
    /// `sleeveStartFlows[s][t]`: the part of `sleeveFlows[s][t]` that arrived at the start of the
    /// day (the timing in force for each flow); the rest arrived after the close.
    public var sleeveStartFlows: [[Double]] = []

    public init(days: [Day], nav: [Double], flows: [Double], portfolio: [Double], sleeves: [String],
                weights: [[Double]], sleeveReturns: [[Double]], contributions: [[Double]], sleeveNAV: [[Double]],
                denominators: [Double] = [], ownReturn: [Bool] = []) {
        self.days = days
        self.nav = nav
        self.flows = flows
        self.portfolio = portfolio
        self.sleeves = sleeves
        self.weights = weights
        self.sleeveReturns = sleeveReturns
        self.contributions = contributions
        self.sleeveNAV = sleeveNAV
        self.denominators = denominators
        self.ownReturn = ownReturn
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

/// One closed piece of a FIFO lot: an entry matched with (part of) an exit. A valuation keeps its
/// trips in a `RoundTripTable` (columns) and builds these values when they are read.
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
    private var tradingDays: Int32
    private var calendarDays: Int32
    /// Trading days between entry and exit (0 for a same-day round trip).
    public var holdingDaysTrading: Int {
        get { Int(tradingDays) }
        set { tradingDays = Int32(clamping: newValue) }
    }
    /// Calendar days between entry and exit.
    public var holdingDaysCalendar: Int {
        get { Int(calendarDays) }
        set { calendarDays = Int32(clamping: newValue) }
    }

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
        self.tradingDays = Int32(clamping: holdingDaysTrading)
        self.calendarDays = Int32(clamping: holdingDaysCalendar)
    }

}
