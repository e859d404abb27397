import TearsheetCore

/// The bundled example book: three accounts, four strategy sleeves, 2014-2026, priced only from
/// the SPY and QQQ closes the project ships in `benchmarks-data/`.
///
/// Generation is pure and deterministic: the same closes and the same `Parameters` give the same
/// rows, and `write(to:)` gives the same bytes (see `docs/examples.md` for every rule).
/// Money is held in integer cents throughout; quantities are whole shares.

public struct DemoBook: Sendable, Equatable {
    /// One row of `trades.csv`.
    public struct Trade: Sendable, Equatable {
        public var id: String
        /// Trading day the trade belongs to.
        public var day: Day
        /// As written: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS-04:00|-05:00`.
        public var timestamp: String
        public var account: String
        public var strategy: String
        public var symbol: String
        public var side: Side
        /// Always > 0.
        public var quantity: Int64
        public var priceCents: Int64
        public var feeCents: Int64
        public var sector: String
    }

    /// One row of `positions.csv`: an end-of-day holding, signed (negative for a short).
    public struct Position: Sendable, Equatable {
        public var day: Day
        public var account: String
        public var strategy: String
        public var symbol: String
        public var quantity: Int64
        /// The day's close, exactly as in `prices.csv`.
        public var close: Double
        public var sector: String
        /// `quantity x close`, in double arithmetic (what a reader recomputes from the two fields).
        public var marketValue: Double { Double(quantity) * close }
    }

    /// One row of `cashflows.csv`.
    public struct CashFlow: Sendable, Equatable {
        public var day: Day
        public var account: String
        /// Positive into the account, negative out of it.
        public var amountCents: Int64
        public var type: CashFlowType
        /// The sleeve the money belongs to; "" for the account's unallocated cash.
        public var strategy: String
    }

    /// What the generator may vary (`ExampleParameters`). `standard` is the committed book.
    public typealias Parameters = ExampleParameters
    /// The committed example: 2014-01-02 .. 2026-07-31, seed 20140102.
    public static let standard = Parameters(
        name: "Tearsheet demo book",
        start: Day(serial: Int32(Day.daysFromCivil(year: 2014, month: 1, day: 2))),
        end: Day(serial: Int32(Day.daysFromCivil(year: 2026, month: 7, day: 31))),
        seed: 20_140_102)

    public var parameters: Parameters
    /// The book's trading days: the SPY days within [start, end] (QQQ must have each of them).
    public var calendar: [Day]
    /// SPY and QQQ closes on `calendar`.
    public var spy: [Double]
    public var qqq: [Double]
    /// In booking order (chronological).
    public var trades: [Trade]
    /// Day by day, then account, strategy, symbol in generation order.
    public var positions: [Position]
    /// Chronological.
    public var cashFlows: [CashFlow]

    /// Accounts, strategies and symbols of the book, in a stable order.
    public static let accounts = ["PENSION-001", "FOUNDATION-002", "FAMILY-003"]
    public static let strategies = ["trend", "rotation", "meanrev", "cash"]
    public static let symbols = ["SPY", "QQQ"]
    /// Sector label written with every trade and position.
    public static func sector(of symbol: String) -> String {
        symbol == "QQQ" ? "US Large Cap Growth" : "US Large Cap Blend"
    }
}
