import TearsheetCore

/// A statement file as read: its name in the report, size and SHA-256 of the bytes parsed.
public struct ImportSource: Sendable, Equatable {
    /// How the report names the file (as given on the command line).
    public var name: String
    public var bytes: Int
    public var sha256: String

    public init(name: String, bytes: Int, sha256: String) { self.name = name; self.bytes = bytes; self.sha256 = sha256 }
}

/// A row of the book's `trades.csv`.
public struct BookTrade: Sendable, Equatable {
    public var id: String
    public var time: FlexTime
    public var account: String
    public var strategy: String
    public var symbol: String
    /// `BUY`, `SELL`, `SHORT`, `COVER`, `EXPIRE`, `ASSIGN`, `EXERCISE`.
    public var side: String
    /// > 0: shares, or contracts for an option.
    public var quantity: Double
    /// `nil` for an option event (empty in the file).
    public var price: Double?
    public var fees: Double
    public var currency: String
    public var source: FlexLocation
}

/// A row of the book's `cashflows.csv`.
public struct BookFlow: Sendable, Equatable {
    public var day: Day
    public var account: String
    public var amount: Double
    /// `DEPOSIT`, `WITHDRAWAL`, `DIVIDEND`, `INTEREST`, `FEE`.
    public var type: String
    /// Empty: the account's unallocated cash.
    public var strategy: String
    public var symbol: String
    /// For a FEE: what it pays for.
    public var kind: String
    public var source: FlexLocation
}

/// A row of the book's `positions.csv` (an end-of-day snapshot from `OpenPositions`).
public struct BookPosition: Sendable, Equatable {
    public var day: Day
    public var account: String
    public var strategy: String
    public var symbol: String
    public var quantity: Double
    public var price: Double
    public var marketValue: Double
    public var source: FlexLocation
}

/// A row of the book's `corporate_actions.csv`.
public struct BookAction: Sendable, Equatable {
    public var day: Day
    public var symbol: String
    /// `SPLIT` or `SYMBOL_CHANGE`.
    public var type: String
    public var ratio: Double?
    public var newSymbol: String?
    public var note: String
    public var source: FlexLocation
}

/// A row of the book's `instruments.csv`.
public struct BookInstrument: Sendable, Equatable {
    public var symbol: String
    /// `equity`, `etf` or `option`.
    public var assetClass: String
    public var multiplier: Double
    public var option: FlexOptionTerms?
    public var currency: String
}

/// A row of the book's `prices.csv`, and where it came from.
public struct BookPrice: Sendable, Equatable {
    public enum Origin: String, Sendable, Equatable {
        case openPositions = "OpenPositions markPrice"
        case priorPeriodPositions = "PriorPeriodPositions price"
        /// The underlying's mark on an assignment or exercise delivery row of `OptionEAE`.
        case optionEAE = "OptionEAE markPrice"
        case userFile = "prices file"
        /// A fill price (for an assignment or exercise: the strike) on a day no account holds
        /// the symbol at the close: the book needs a close on every trade day of a symbol, and
        /// no position is valued at it.
        case tradeFill = "fill price (nothing held at the close)"
    }
    public var day: Day
    public var symbol: String
    public var close: Double
    public var origin: Origin

    public init(day: Day, symbol: String, close: Double, origin: Origin) {
        self.day = day; self.symbol = symbol; self.close = close; self.origin = origin
    }
}

/// What the statement itself says an account held on its report date, beside what the import's
/// own rows give: the figures the book's NAV must reproduce.
public struct StatementFigure: Sendable, Equatable {
    public var account: String
    public var day: Day
    /// Sum of the `OpenPositions` rows' `positionValue`.
    public var positionsValue: Double
    /// `CashReport` `endingCash` (the `BASE_SUMMARY` row, else the base currency's).
    public var endingCash: Double
    /// `positionsValue + endingCash`.
    public var nav: Double { positionsValue + endingCash }
    /// The cash the imported rows give on that day (flows and trade cash through it).
    public var importedCash: Double
    public var source: FlexLocation
}

/// A statement as the import report lists it.
public struct StatementSummary: Sendable, Equatable {
    public var file: String
    public var account: String
    public var from: Day?
    public var to: Day?
    /// Rows per section, in the statement's order.
    public var sections: [(name: String, rows: Int, handling: FlexSectionHandling)]

    public static func == (a: StatementSummary, b: StatementSummary) -> Bool {
        a.file == b.file && a.account == b.account && a.from == b.from && a.to == b.to
            && a.sections.map(\.name) == b.sections.map(\.name) && a.sections.map(\.rows) == b.sections.map(\.rows)
    }
}

/// A held position without a close on a trading day, in neither the statement nor the prices file.
public struct PriceGap: Sendable, Equatable {
    public var symbol: String
    public var days: [Day]
}

/// The book an import produced, row by row, with everything its report must say.
public struct ImportedBook: Sendable, Equatable {
    public var sources: [ImportSource] = []
    public var statements: [StatementSummary] = []
    public var baseCurrency: String = "USD"
    public var accounts: [String] = []
    public var trades: [BookTrade] = []
    public var flows: [BookFlow] = []
    public var positions: [BookPosition] = []
    public var actions: [BookAction] = []
    public var instruments: [BookInstrument] = []
    public var prices: [BookPrice] = []
    /// `statement -> book` mapping lines with counts, in first-seen order.
    public var mappings: [(from: String, to: String, count: Int)] = []
    public var skipped: [FlexSkip] = []
    public var figures: [StatementFigure] = []
    public var priceGaps: [PriceGap] = []
    /// Where the closes came from, in words.
    public var priceSource: String = ""
    /// The trading calendar the price coverage was checked against, in words.
    public var calendarSource: String = ""
    /// The import config used (`nil`: defaults).
    public var config: ImportConfig = ImportConfig()
    /// Warnings (located in the statements) that did not stop the import.
    public var warnings: [Finding] = []

    public init() {}

    public static func == (a: ImportedBook, b: ImportedBook) -> Bool {
        a.sources == b.sources && a.trades == b.trades && a.flows == b.flows && a.positions == b.positions
            && a.actions == b.actions && a.instruments == b.instruments && a.prices == b.prices && a.skipped == b.skipped
            && a.figures == b.figures && a.priceGaps == b.priceGaps && a.warnings == b.warnings
    }

    /// Rows skipped because the book cannot represent them.
    public var unsupported: [FlexSkip] { skipped.filter(\.unsupported) }
}
