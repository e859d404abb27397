import TearsheetCore

/// Where a row of a Flex statement is: the statement file and the 1-based line of its element
/// (the line where the element's start tag ends, as the XML parser reports it).
public struct FlexLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) { self.file = file; self.line = line }

    public var description: String { "\(file):\(line)" }
}

/// A date and, when the statement gives one, a time of day (seconds after midnight, local time
/// of the statement).
public struct FlexTime: Sendable, Equatable, Hashable, Comparable {
    public var day: Day
    public var seconds: Int?

    public init(day: Day, seconds: Int? = nil) { self.day = day; self.seconds = seconds }

    public static func < (a: FlexTime, b: FlexTime) -> Bool {
        a.day != b.day ? a.day < b.day : (a.seconds ?? -1) < (b.seconds ?? -1)
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`: a timestamp the book's trades.csv reads as local time.
    public var iso: String {
        guard let s = seconds else { return day.description }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))"
    }
}

/// The option terms a Flex row carries (Trades, OptionEAE, OpenPositions).
public struct FlexOptionTerms: Sendable, Equatable, Hashable {
    public var underlying: String
    public var expiry: Day
    public var strike: Double
    /// `C` or `P`.
    public var right: String
    public var multiplier: Double
}

/// One security as a row names it: the compact symbol (IB's option symbols lose their padding
/// spaces), the asset category and, for an option, its terms.
public struct FlexSecurity: Sendable, Equatable, Hashable {
    /// `STK`, `OPT`, `FUT`, `CASH`, `BOND`, ... as the statement gives it.
    public var assetCategory: String
    /// `ETF`, `COMMON`, ... when the statement gives it.
    public var subCategory: String
    public var symbol: String
    public var currency: String
    public var option: FlexOptionTerms?
    /// The multiplier the row states (1 when absent).
    public var multiplier: Double
}

/// A `<Trade>` row of the `Trades` section.
public struct FlexTrade: Sendable, Equatable {
    public var location: FlexLocation
    public var account: String
    public var security: FlexSecurity
    /// `BUY`, `SELL`, or a cancellation such as `BUY (Ca.)`.
    public var buySell: String
    /// Signed as IB states it: negative for a sale.
    public var quantity: Double
    public var price: Double
    /// `ibCommission`: negative for a cost, as IB states it.
    public var commission: Double
    /// `taxes`: negative for a cost.
    public var taxes: Double
    /// `proceeds` when given: `-quantity x multiplier x price`.
    public var proceeds: Double?
    /// `O`, `C`, `C;O` or empty.
    public var openClose: String
    /// The `notes` codes (`A`, `Ex`, `Ep`, `P`, ...), split at `;`.
    public var notes: [String]
    public var tradeID: String
    public var time: FlexTime
    /// `EXECUTION`, `ORDER`, ... (empty when the query does not include it).
    public var levelOfDetail: String
    /// The element's name (`Trade`; `Order`, `Lot`, `SymbolSummary` are summary rows).
    public var element: String
}

/// A row of the `OptionEAE` section: an assignment, exercise or expiration of an option, or
/// the delivery of the underlying (`Buy`/`Sell`).
public struct FlexOptionEvent: Sendable, Equatable {
    public var location: FlexLocation
    public var account: String
    public var security: FlexSecurity
    /// `Assignment`, `Exercise`, `Expiration`, `Buy`, `Sell`.
    public var transactionType: String
    public var quantity: Double
    public var price: Double
    /// `markPrice`: the security's close that day (the underlying's, on a delivery row).
    public var markPrice: Double?
    public var commission: Double
    public var day: Day
    public var transactionID: String
}

/// A `<CashTransaction>` row.
public struct FlexCashTransaction: Sendable, Equatable {
    public var location: FlexLocation
    public var account: String
    public var currency: String
    public var assetCategory: String
    public var symbol: String
    public var underlying: String
    /// `Deposits/Withdrawals`, `Dividends`, `Withholding Tax`, ...
    public var type: String
    public var amount: Double
    public var time: FlexTime
    public var transactionID: String
    public var description: String
    public var levelOfDetail: String
}

/// A `<CorporateAction>` row.
public struct FlexCorporateAction: Sendable, Equatable {
    public var location: FlexLocation
    public var account: String
    public var assetCategory: String
    public var symbol: String
    /// `FS` (forward split), `RS` (reverse split), `IC` (issue change), ...
    public var type: String
    public var description: String
    /// Shares added (+) or removed (-) by the action.
    public var quantity: Double
    public var proceeds: Double
    /// The ex-date: `reportDate`, else the date of `dateTime`.
    public var day: Day
    public var actionID: String
    public var transactionID: String
}

/// An `<OpenPosition>` row (summary level): a position at the statement's report date.
public struct FlexOpenPosition: Sendable, Equatable {
    public var location: FlexLocation
    public var account: String
    public var security: FlexSecurity
    public var day: Day
    /// Signed: negative for a short.
    public var quantity: Double
    public var markPrice: Double
    /// `positionValue`: `quantity x multiplier x markPrice` as IB states it.
    public var positionValue: Double
}

/// A `<PriorPeriodPosition>` row: a held security's close on a day of the period.
public struct FlexPriorPosition: Sendable, Equatable {
    public var location: FlexLocation
    public var account: String
    public var security: FlexSecurity
    public var day: Day
    public var price: Double
}

/// A `<CashReportCurrency>` row: the period's cash in one currency, or `BASE_SUMMARY`.
public struct FlexCashReport: Sendable, Equatable {
    public var location: FlexLocation
    public var account: String
    public var currency: String
    public var from: Day?
    public var to: Day?
    public var startingCash: Double
    public var endingCash: Double
}

/// A section of a statement as read: its name, line, row count and how the import treats it.
public struct FlexSectionRead: Sendable, Equatable {
    public var name: String
    public var location: FlexLocation
    public var rows: Int
    public var handling: FlexSectionHandling
}

/// One `<FlexStatement>`: an account over a period, with its rows by section.
public struct FlexStatement: Sendable, Equatable {
    public var location: FlexLocation
    public var account: String
    public var from: Day?
    public var to: Day?
    /// `AccountInformation`'s `currency` (the account's base currency), when present.
    public var baseCurrency: String?
    public var accountName: String?
    public var sections: [FlexSectionRead] = []
    public var trades: [FlexTrade] = []
    public var optionEvents: [FlexOptionEvent] = []
    public var cash: [FlexCashTransaction] = []
    public var actions: [FlexCorporateAction] = []
    public var openPositions: [FlexOpenPosition] = []
    public var priorPositions: [FlexPriorPosition] = []
    public var cashReport: [FlexCashReport] = []
    /// Rows the parser already knows are not imported: rows of an unsupported section (such as
    /// `Transfers`) and summary rows, one per row, with the reason.
    public var skipped: [FlexSkip] = []

    public init(location: FlexLocation, account: String, from: Day?, to: Day?) {
        self.location = location; self.account = account; self.from = from; self.to = to
    }

    /// Rows read in the sections the import maps.
    public var rowCount: Int {
        trades.count + optionEvents.count + cash.count + actions.count + openPositions.count + priorPositions.count + cashReport.count
    }
}

/// A statement row the import did not map into the book, and why.
public struct FlexSkip: Sendable, Equatable {
    public var location: FlexLocation
    public var section: String
    /// A short account of the row (`U1234567 2024-01-05 BUY 100 AAPL`).
    public var row: String
    public var reason: String
    /// A row of an asset class or section the book cannot represent: an error unless
    /// `--skip-unsupported`. Otherwise the skip is informational (a duplicate, a summary row).
    public var unsupported: Bool

    public init(location: FlexLocation, section: String, row: String, reason: String, unsupported: Bool) {
        self.location = location; self.section = section; self.row = row; self.reason = reason; self.unsupported = unsupported
    }
}
