import Foundation
import TearsheetCore

/// Paths of one book's input files. Any subset that makes a book: trades, or positions, plus
/// optional cash flows, prices (a `date,symbol,close` file or a folder of `SYMBOL.csv`) and labels.
public struct InputFiles: Sendable, Equatable {
    public var trades: String?
    public var positions: String?
    public var cashFlows: String?
    public var prices: String?
    public var regimes: String?
    public var weekTypes: String?
    /// `segment_benchmark.csv` (`date, segment, weight, return`) for Brinson-Fachler attribution;
    /// read by the report pipeline, not by `ingest`.
    public var segmentBenchmark: String?
    /// `corporate_actions.csv` (`date, symbol, type, ratio, new_symbol, cash, note`): splits and
    /// symbol changes applied to the ledger at ingestion (config `[inputs] corporate_actions`, or
    /// the CLI's `--corporate-actions`).
    public var corporateActions: String?
    /// `instruments.csv` (`symbol, asset_class, multiplier, underlying, expiry, strike, right,
    /// currency, sector`): multipliers and option terms (config `[inputs] instruments`).
    public var instruments: String?

    public init(trades: String? = nil, positions: String? = nil, cashFlows: String? = nil, prices: String? = nil,
                regimes: String? = nil, weekTypes: String? = nil, segmentBenchmark: String? = nil,
                corporateActions: String? = nil, instruments: String? = nil) {
        self.corporateActions = corporateActions
        self.instruments = instruments
        self.trades = trades
        self.positions = positions
        self.cashFlows = cashFlows
        self.prices = prices
        self.regimes = regimes
        self.weekTypes = weekTypes
        self.segmentBenchmark = segmentBenchmark
    }
}

/// Settings that validation depends on.
public struct IngestOptions: Sendable {
    /// Time zone in which offset timestamps are assigned to trading days.
    public var timeZone: TimeZone
    /// The only currency accepted in `trades.csv` (no FX support).
    public var baseCurrency: String
    /// Trading days (the primary benchmark's days), ascending. Empty: calendar checks are skipped.
    public var calendar: [Day]
    /// Maximum number of findings kept; the rest are counted as suppressed.
    public var findingCap: Int
    /// Tolerance on quantities when comparing positions with cumulative trades.
    public var quantityTolerance: Double
    /// Bytes read per `read(2)` call into the CSV reader's reusable buffer (see
    /// `CSVReader.stream`); changes memory use and speed, never the result (tests use tiny sizes).
    public var chunkSize: Int = CSVReader.defaultChunkSize
    /// Threads that parse one large input file at once (`LedgerBuilder.readFileInBlocks`); `nil`
    /// (the default) is the number of active cores, 1 reads every file on the calling thread.
    /// The ledger and the findings are the same for any value (`BlockReaderTests`).
    public var parallelism: Int? = nil
    /// Files of at least this many bytes are parsed in blocks on `parallelism` threads; smaller
    /// ones on the calling thread, where starting workers would cost more than it saves.
    public var parallelThreshold = 8 << 20
    /// Whether a prices file in its plain form is read by the one-pass path
    /// (`LedgerBuilder.readPlainPrices`); the result is the same either way (tests and the
    /// `prices` fuzz target turn it off to compare).
    public var plainPrices = true
    /// `price_basis`: whether closes are as traded (default) or split- and dividend-adjusted.
    public var priceBasis: PriceBasis = .raw
    /// `fill_tolerance`: a fill further than this fraction from its day's close is a warning
    /// (`fill-far-from-close`); 0.20 by default.
    public var fillTolerance = 0.20
    /// `roll_non_trading_days`: trades dated on a weekend or holiday move to the next trading day
    /// (a warning each) instead of being errors. Cash flows and corporate actions always move.
    public var rollNonTradingDays = false
    /// `intraday_order = "timestamp"` (the default): trades within a day are replayed (and lots
    /// matched) in timestamp order, then file order for equal times; a day with a date-only row
    /// keeps file order (a date says nothing about the order within its day). `false`
    /// (`"file"`): file order within every day.
    public var intradayByTimestamp = true
    /// Folders every input may be read from (`SecureOpen`): the book's folder for a config's
    /// inputs (unless the operator passed `--allow-outside-paths`), any path for files named on
    /// the command line. Prices-folder entries are held to it one by one.
    public var pathPolicy: PathPolicy = .unrestricted

    public init(timeZone: TimeZone = TimeZone(identifier: "America/New_York") ?? .gmt, baseCurrency: String = "USD",
                calendar: [Day] = [], findingCap: Int = 200, quantityTolerance: Double = 1e-9) {
        self.timeZone = timeZone
        self.baseCurrency = baseCurrency
        self.calendar = calendar
        self.findingCap = findingCap
        self.quantityTolerance = quantityTolerance
    }
}

/// What ingestion read from one file.
public struct InputFileInfo: Sendable, Equatable {
    /// Role of the file: `trades`, `positions`, `cashflows`, `prices`, `regimes`, `week_types`.
    public var role: String
    public var path: String
    public var byteCount: Int
    /// Data rows (after the header; ragged or malformed rows included).
    public var dataRows: Int
    /// Lowercase hex SHA-256 of the bytes the parser consumed (hashed while reading).
    public var sha256: String = ""
}

/// Labels by date (`regimes.csv`) or by week start (`week_types.csv`), sorted by day.
public struct DatedLabels: Sendable, Equatable {
    public var days: [Day]
    public var labels: [String]
    public init(days: [Day] = [], labels: [String] = []) {
        self.days = days
        self.labels = labels
    }
    public var count: Int { days.count }
}

/// The outcome of `ingest`: the ledger when there were no errors, and every finding.
public struct IngestResult: Sendable, Equatable {
    /// `nil` when any error was found.
    public var ledger: Ledger?
    public var findings: Findings
    public var files: [InputFileInfo]
    public var regimes: DatedLabels?
    public var weekTypes: DatedLabels?
    /// SHA-256 of the label files' bytes as parsed, by path (their provenance).
    public var labelSHA256: [String: String] = [:]
}
