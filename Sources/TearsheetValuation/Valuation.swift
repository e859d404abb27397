import TearsheetCore

/// The result of valuing a ledger over the trading calendar: daily NAV, P&L and returns of the
/// book, of each account and of each strategy sleeve, the FIFO round trips, the lots still open,
/// the last day's holdings and the warnings raised on the way.
public struct Valuation: Sendable, Equatable {
    /// Valued trading days, strictly increasing: from the first day with a trade, snapshot or flow
    /// to the last calendar day (or `ValuationOptions.endDay`).
    public var days: [Day]
    /// Account names, in the order of `perAccount` and `accountBreakdown`.
    public var accounts: [String]
    /// Strategy names that own at least one sleeve, in interning order.
    public var strategies: [String]
    /// The flow-timing convention the returns were computed with.
    public var flowTiming: FlowTiming
    /// The whole book; a sleeve is a strategy summed over accounts, plus the unallocated cash.
    public var total: BookReturns
    /// One book per account, sleeves being that account's strategies plus its unallocated cash.
    public var perAccount: [BookReturns]
    /// Daily P&L split and exposures of the whole book.
    public var totalBreakdown: DailyBreakdown
    /// Daily P&L split and exposures per account, in the order of `accounts`.
    public var accountBreakdown: [DailyBreakdown]
    /// Closed FIFO pieces in the order they were closed.
    public var roundTrips: RoundTripTable
    /// Lots still open after the last day (not trades).
    public var openLots: [OpenLot]
    /// Positions held at the end of the last day, sorted by account, strategy, symbol.
    public var holdings: [Holding]
    /// Stale prices and days without capital; errors are thrown instead.
    public var warnings: [Finding]

    public init(days: [Day], accounts: [String], strategies: [String], flowTiming: FlowTiming,
                total: BookReturns, perAccount: [BookReturns], totalBreakdown: DailyBreakdown,
                accountBreakdown: [DailyBreakdown], roundTrips: RoundTripTable, openLots: [OpenLot],
                holdings: [Holding], warnings: [Finding]) {
        self.days = days
        self.accounts = accounts
        self.strategies = strategies
        self.flowTiming = flowTiming
        self.total = total
        self.perAccount = perAccount
        self.totalBreakdown = totalBreakdown
        self.accountBreakdown = accountBreakdown
        self.roundTrips = roundTrips
        self.openLots = openLots
        self.holdings = holdings
        self.warnings = warnings
    }
}

/// Daily P&L components and exposures of a book or an account, one value per valued day.
///
/// Identity (enforced per account, so it holds for the sum): for every day `t`,
/// `NAV_t - NAV_{t-1} - externalFlows_t == realised_t + unrealisedChange_t + income_t - fees_t`.
public struct DailyBreakdown: Sendable, Equatable {
    /// Realised P&L of FIFO-matched exits, before fees: `sum (exit - entry) x qty x (+1 long, -1 short)`.
    public var realised: [Double]
    /// Change in the mark-to-market of open lots: `U_t - U_{t-1}`, `U = sum (mark - entry) x signed qty`.
    public var unrealisedChange: [Double]
    /// Trade fees plus FEE cash flows (a FEE flow of -10 adds 10 here).
    public var fees: [Double]
    /// DIVIDEND and INTEREST cash flows.
    public var income: [Double]
    /// DEPOSIT and WITHDRAWAL cash flows (positive in).
    public var externalFlows: [Double]
    /// `sum |quantity x close|` over open positions at the end of the day.
    public var grossExposure: [Double]
    /// `sum quantity x close` (shorts negative) at the end of the day.
    public var netExposure: [Double]

    public init(realised: [Double], unrealisedChange: [Double], fees: [Double], income: [Double],
                externalFlows: [Double], grossExposure: [Double], netExposure: [Double]) {
        self.realised = realised
        self.unrealisedChange = unrealisedChange
        self.fees = fees
        self.income = income
        self.externalFlows = externalFlows
        self.grossExposure = grossExposure
        self.netExposure = netExposure
    }

    /// All columns zero over `count` days.
    public init(zeros count: Int) {
        let z = [Double](repeating: 0, count: count)
        self.init(realised: z, unrealisedChange: z, fees: z, income: z, externalFlows: z,
                  grossExposure: z, netExposure: z)
    }

    /// Net P&L of each day: `realised + unrealisedChange + income - fees`.
    public var pnl: [Double] {
        var out = [Double](repeating: 0, count: realised.count)
        for t in out.indices { out[t] = realised[t] + unrealisedChange[t] + income[t] - fees[t] }
        return out
    }
}

/// A FIFO lot (or the unmatched rest of one) still open after the last valued day.
public struct OpenLot: Sendable, Equatable {
    public var account: String
    public var strategy: String
    public var symbol: String
    public var direction: RoundTrip.Direction
    public var entryDay: Day
    /// Open quantity, always > 0; the sign is in `direction`.
    public var quantity: Double
    public var entryPrice: Double
    /// Entry fees not yet matched by an exit (pro rata to the open quantity).
    public var entryFees: Double
    /// Close the lot is marked at on the last day.
    public var mark: Double
    /// `(mark - entryPrice) x quantity x (+1 long, -1 short)`, before fees.
    public var unrealised: Double

    public init(account: String, strategy: String, symbol: String, direction: RoundTrip.Direction,
                entryDay: Day, quantity: Double, entryPrice: Double, entryFees: Double, mark: Double,
                unrealised: Double) {
        self.account = account
        self.strategy = strategy
        self.symbol = symbol
        self.direction = direction
        self.entryDay = entryDay
        self.quantity = quantity
        self.entryPrice = entryPrice
        self.entryFees = entryFees
        self.mark = mark
        self.unrealised = unrealised
    }
}

/// One position at the end of the last valued day, for the risk snapshot.
public struct Holding: Sendable, Equatable {
    public var account: String
    public var strategy: String
    public var symbol: String
    /// Signed: negative for a short.
    public var quantity: Double
    /// The close the position is marked at.
    public var close: Double
    /// Day of that close; earlier than the last valued day when the price is stale.
    public var closeDay: Day
    /// `quantity x close`.
    public var marketValue: Double
    /// Sector from the trades or snapshots, `nil` when none was given.
    public var sector: String?

    public init(account: String, strategy: String, symbol: String, quantity: Double, close: Double,
                closeDay: Day, marketValue: Double, sector: String?) {
        self.account = account
        self.strategy = strategy
        self.symbol = symbol
        self.quantity = quantity
        self.close = close
        self.closeDay = closeDay
        self.marketValue = marketValue
        self.sector = sector
    }
}
