import TearsheetCore

/// The options-income example book: a weekly "wheel" of cash-secured puts and covered calls on
/// SPY and QQQ, marked by Black-Scholes from the shipped closes, plus one synthetic stock held
/// across a 4:1 split (`examples/options-income/`, rules in `docs/examples.md`).
///
/// Generation is pure and deterministic: the same closes and `Parameters` give the same rows, and
/// `write(to:)` the same bytes. Money is integer cents; option quantities are contracts of 100.
public struct OptionsIncomeBook: Sendable, Equatable {
    /// What a row of `trades.csv` does: an ordinary trade or an option event.
    public enum Action: String, Sendable, Equatable, CaseIterable {
        case buy = "BUY", sell = "SELL", short = "SHORT", cover = "COVER"
        case expire = "EXPIRE", assign = "ASSIGN", exercise = "EXERCISE"
    }

    /// One row of `trades.csv` (every row of the book's one account, date-only timestamps: within
    /// a day the file order is the booking order).
    public struct Trade: Sendable, Equatable {
        public var id: String
        public var day: Day
        public var strategy: String
        public var symbol: String
        public var action: Action
        /// Contracts for an option, shares otherwise; > 0.
        public var quantity: Int64
        /// Per share (per unit of the underlying for an option); `nil` for EXPIRE/ASSIGN/EXERCISE.
        public var priceCents: Int64?
        public var feeCents: Int64
    }

    /// One option contract series (a row of `instruments.csv`).
    public struct Option: Sendable, Equatable, Hashable {
        public var underlying: String
        public var expiry: Day
        /// Whole dollars: strikes are on a $1 grid.
        public var strike: Int64
        public var right: OptionRight
        /// OCC-style symbol without padding spaces: `SPY250117P00580000`.
        public var symbol: String {
            let c = expiry.components
            let y = c.year % 100, m = c.month, d = c.day
            let strikeText = String(strike * 1000)
            return underlying + two(y) + two(m) + two(d) + right.rawValue
                + String(repeating: "0", count: max(0, 8 - strikeText.count)) + strikeText
        }
        private func two(_ v: Int) -> String { v < 10 ? "0" + String(v) : String(v) }
    }

    /// How an option series ended (one per series and sleeve that was open at its expiry).
    public struct Settlement: Sendable, Equatable {
        public enum Outcome: String, Sendable, Equatable { case worthless, assigned, exercised }
        public var option: Option
        public var strategy: String
        public var contracts: Int64
        /// The underlying's close on the expiry day.
        public var underlyingClose: Double
        public var outcome: Outcome
        /// `false`: written as an EXPIRE/ASSIGN/EXERCISE row; `true`: left for the tool's
        /// automatic expiry (the last weekly expiry of each calendar year).
        public var automatic: Bool
    }

    /// One row of `cashflows.csv`.
    public struct CashFlow: Sendable, Equatable {
        public var day: Day
        public var amountCents: Int64
        public var type: CashFlowType
        public var strategy: String
    }

    /// One row of `prices.csv`.
    public struct Mark: Sendable, Equatable {
        public var day: Day
        public var symbol: String
        public var close: Double
    }

    /// A week of the book with its protocol label (`week_types.csv`).
    public struct WeekLabel: Sendable, Equatable {
        public var weekStart: Day
        public var label: String
    }

    /// What the generator may vary (`ExampleParameters`). `standard` is the committed book.
    public typealias Parameters = ExampleParameters
    /// The committed example: 2023-01-03 .. 2025-12-31, seed 20230103.
    public static let standard = Parameters(
        name: "Tearsheet options-income example",
        start: Day(serial: Int32(Day.daysFromCivil(year: 2023, month: 1, day: 3))),
        end: Day(serial: Int32(Day.daysFromCivil(year: 2025, month: 12, day: 31))),
        seed: 20_230_103)

    public var parameters: Parameters
    /// The book's trading days (SPY's within [start, end]; QQQ must have each of them).
    public var calendar: [Day]
    /// SPY, QQQ and ACME closes on `calendar` (ACME raw: before the split 4x the later basis).
    public var spy: [Double]
    public var qqq: [Double]
    public var acme: [Double]
    public var trades: [Trade]
    public var cashFlows: [CashFlow]
    /// Option marks (Black-Scholes, rounded to the cent), day by day.
    public var optionMarks: [Mark]
    /// Every option series traded, in order of first trade.
    public var options: [Option]
    public var settlements: [Settlement]
    public var weekLabels: [WeekLabel]
    /// Every put roll (buy to close + sell next week's), in order.
    public var rolls: [Roll]

    /// A put rolled on `day` in `strategy`: `from` bought back, `to` sold.
    public struct Roll: Sendable, Equatable {
        public var day: Day
        public var strategy: String
        public var from: Option
        public var to: Option
    }

    // MARK: - The protocol's constants (documented in docs/examples.md)

    public static let account = "INCOME-001"
    /// The wheel sleeves and their underlyings.
    public static let wheels: [(strategy: String, underlying: String)] = [("spy-wheel", "SPY"), ("qqq-wheel", "QQQ")]
    public static let stockStrategy = "split-stock"
    public static let stockSymbol = "ACME"
    /// Units per contract.
    public static let multiplier: Int64 = 100
    /// Black-Scholes inputs: the book's risk-free rate (also `risk_free` in the config),
    /// continuously compounded; realised volatility of the last 21 daily simple returns through
    /// the day (sample st. dev. x sqrt 252), floored at 10%; T = calendar days to expiry / 365.
    public static let rate = 0.04
    public static let volWindow = 21
    public static let volFloor = 0.10
    public static let daysPerYear = 365.0
    /// Strike selection: the $1 strike (out of the money) whose |delta| is nearest to this.
    public static let shortDelta = 0.25
    /// Collar: while shares are held and the volatility is at or above `collarVolatility`, the
    /// week's covered calls come with long puts of |delta| nearest `collarDelta`.
    public static let collarDelta = 0.15
    public static let collarVolatility = 0.25
    /// Roll: on the week's second-to-last trading day, a short put not rolled before whose
    /// underlying closes more than this fraction below its strike is rolled to next week's expiry.
    public static let rollTrigger = 0.01
    /// Fees: $0.65 a contract for option trades (none for expiries, assignments, exercises);
    /// $0.005 a share, minimum $1.00, for shares.
    public static let optionFeeCentsPerContract: Int64 = 65
    /// The synthetic stock: GBM from $120 (post-split basis), drift 8%, volatility 35% a year;
    /// split 4:1 (ex-date `splitDate`), bought on `stockBuyDate` and sold on `stockSellDate`
    /// (the first trading days on or after them).
    public static let stockStart = 120.0
    public static let stockDrift = 0.08
    public static let stockVolatility = 0.35
    public static let splitRatio: Int64 = 4
    public static let splitDate = Day(serial: Int32(Day.daysFromCivil(year: 2024, month: 6, day: 10)))
    public static let stockBuyDate = Day(serial: Int32(Day.daysFromCivil(year: 2024, month: 2, day: 1)))
    public static let stockSellDate = Day(serial: Int32(Day.daysFromCivil(year: 2024, month: 10, day: 1)))
    /// Week labels, in priority order.
    public static let weekTypes = ["assignment", "roll", "covered-call", "put-income"]

    public static func sector(of symbol: String) -> String {
        switch symbol {
        case "SPY": return "US Large Cap Blend"
        case "QQQ": return "US Large Cap Growth"
        default: return "Synthetic Equity"
        }
    }
}
