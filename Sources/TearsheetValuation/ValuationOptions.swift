import TearsheetCore

/// When an external flow (deposit or withdrawal) is assumed to arrive within its day.
///
/// Convention: `startOfDay` (the default, DESIGN section 3) lets the flow earn the day's return,
/// `r_t = NAV_t / (NAV_{t-1} + F_t) - 1`, which also defines the first day of a book funded on
/// that day (`NAV_0 = 0`). `endOfDay` takes the flow out of the day's result,
/// `r_t = (NAV_t - F_t) / NAV_{t-1} - 1`. Sleeve weights use the same denominator as the book.
public enum FlowTiming: String, Sendable, Equatable, CaseIterable {
    case startOfDay
    case endOfDay
}

/// The file names findings point at (the CLI passes the real paths; `line 0` means the file as
/// a whole). Defaults are the logical input names.
public struct InputFileNames: Sendable, Equatable {
    public var trades: String
    public var positions: String
    public var cashFlows: String
    public var prices: String

    public init(trades: String = "trades.csv", positions: String = "positions.csv",
                cashFlows: String = "cashflows.csv", prices: String = "prices.csv") {
        self.trades = trades
        self.positions = positions
        self.cashFlows = cashFlows
        self.prices = prices
    }
}

/// The capital base of a strategy sleeve funded from its account's cash (`[strategies.NAME]`).
public enum SleeveCapital: Sendable, Equatable {
    /// A fixed amount per account holding the sleeve: `B_{s,t} = K + NAV_{s,t-1} + S_{s,t}` (the
    /// capital plus the sleeve's cumulative P&L and own flows).
    case amount(Double)
    /// A fraction of the account's capital, rebalanced every day: `B_{s,t} = f x D_t`.
    case allocation(Double)
}

/// Conventions and limits of a valuation run.
public struct ValuationOptions: Sendable, Equatable {
    /// Where in the day external flows arrive; see `FlowTiming`.
    public var flowTiming: FlowTiming
    /// Last day valued (inclusive); `nil` values through the last calendar day. Trades, snapshots
    /// and flows after this day are left out of the run.
    public var endDay: Day?
    /// Relative tolerance of the daily reconciliation: `|difference| <= tolerance x max(1, |NAV_t|)`.
    public var reconciliationTolerance: Double
    /// Name of each account's unallocated-cash sleeve (flows without a strategy). When the book has
    /// a strategy of this very name, such flows go to that strategy's sleeve instead.
    public var cashSleeveName: String
    /// Names of the input files, for the location of findings.
    public var files: InputFileNames
    /// Capital bases of strategy sleeves by strategy name (see `SleeveCapital`); a strategy sleeve
    /// with neither a base nor flows of its own has no own return.
    public var sleeveCapital: [String: SleeveCapital] = [:]
    /// Most cells (valued days x traded symbols) of the dense matrix of marks; above it each
    /// symbol's closes are searched for the positions held (`PriceMarks`). Both give the same
    /// valuation; tests set 0 to run the search everywhere.
    public var denseMarkCellLimit: Int = 1 << 25
    /// Threads that value parts of a book with several accounts at once (`value`, "Accounts in
    /// parallel"): `nil` is the active cores, 1 values every account on the calling thread. The
    /// valuation is the same for any value (`ParallelValuationTests`).
    public var parallelism: Int? = nil
    /// Books with fewer trades are valued on one thread, where starting threads would cost more
    /// than it saves. Tests set 0.
    public var parallelThreshold = 100_000
    /// Books with more trades are valued on one thread: putting the parts' round trips together
    /// holds them twice for a moment (16 bytes a trip), which at 10,000,000 trades raised the
    /// peak memory from 0.97x to 1.19x the input's size to save 0.5 s of 5 (docs/performance.md).
    public var parallelTradeLimit = 2_000_000

    public init(flowTiming: FlowTiming = .startOfDay, endDay: Day? = nil,
                reconciliationTolerance: Double = 1e-6, cashSleeveName: String = "cash",
                files: InputFileNames = InputFileNames()) {
        self.flowTiming = flowTiming
        self.endDay = endDay
        self.reconciliationTolerance = reconciliationTolerance
        self.cashSleeveName = cashSleeveName
        self.files = files
    }
}
