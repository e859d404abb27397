import TearsheetCore

/// What an import needs besides the statements.
public struct ImportOptions: Sendable {
    /// Rows of an asset class or section the book cannot represent are skipped (and listed)
    /// instead of stopping the import.
    public var skipUnsupported = false
    public var config = ImportConfig()
    /// Closes from the user's prices file, used for days the statements give no mark.
    public var userPrices: [BookPrice] = []
    /// The prices file's name for the report, `nil` without one.
    public var userPricesName: String?
    /// The trading days price coverage is checked against (the primary benchmark's), `nil`:
    /// weekdays.
    public var calendar: [Day]?
    /// The calendar in words, for the report.
    public var calendarName = "weekdays (no benchmark calendar found)"

    public init(skipUnsupported: Bool = false, config: ImportConfig = ImportConfig()) {
        self.skipUnsupported = skipUnsupported
        self.config = config
    }
}

/// Maps parsed Flex statements (one or many files, one or many accounts) onto the book's
/// canonical rows, checking as it goes what the statement states about itself: positions and
/// cash on each report date, split quantities, assignment deliveries at the strike.
///
/// Steps: merge (duplicates by `tradeID` / `transactionID` dropped, conflicting duplicates are
/// errors) -> filter (summary rows, unsupported assets and currencies) -> corporate actions ->
/// option events paired with their deliveries -> one chronological pass that gives each trade
/// its side (BUY/SELL/SHORT/COVER from the position it meets) and checks each report date ->
/// positions, prices, instruments, price coverage.
public enum FlexImport {
    /// The book of `statements` (read from `sources`).
    /// - Throws: `TearsheetError.invalidInput` with every error found (and unsupported rows
    ///   without `skipUnsupported`).
    public static func map(_ statements: [FlexStatement], sources: [ImportSource], options: ImportOptions) throws(TearsheetError) -> ImportedBook {
        var m = FlexMapper(options: options)
        m.book.sources = sources
        m.book.config = options.config
        m.run(statements)
        var errors = m.errors
        if !options.skipUnsupported {
            for s in m.book.unsupported {
                errors.append(Finding(file: s.location.file, line: s.location.line, column: 0, severity: .error, code: "flex-unsupported",
                                      message: "\(s.section): \(s.row): \(s.reason); pass --skip-unsupported to import the rest and list it in import-report.md"))
            }
        }
        if !errors.isEmpty { throw .invalidInput(errors.sorted { ($0.file, $0.line, $0.code) < ($1.file, $1.line, $1.code) }) }
        return m.book
    }
}

/// The mapping's working state: the book being filled and the errors found.
struct FlexMapper {
    let options: ImportOptions
    var book = ImportedBook()
    var errors: [Finding] = []
    private var mappingIndex: [String: Int] = [:]
    /// Per symbol: the days its holders changed, and whether any account held it at that day's close.
    var held: [String: [(day: Day, held: Bool)]] = [:]
    /// `account|day|symbol` -> the strategies holding it at that day's close (report dates only).
    var snapshotStrategies: [String: [String]] = [:]
    /// The last day the import covers (the last report date or row).
    var lastDay: Day?

    init(options: ImportOptions) { self.options = options }

    mutating func error(_ at: FlexLocation, _ code: String, _ message: String) {
        errors.append(Finding(file: at.file, line: at.line, column: 0, severity: .error, code: code, message: message))
    }

    mutating func warning(_ at: FlexLocation, _ code: String, _ message: String) {
        book.warnings.append(Finding(file: at.file, line: at.line, column: 0, severity: .warning, code: code, message: message))
    }

    /// An error, or a warning when `soft`.
    mutating func problem(_ soft: Bool, _ at: FlexLocation, _ code: String, _ message: String) {
        if soft { warning(at, code, message) } else { error(at, code, message) }
    }

    mutating func skip(_ at: FlexLocation, _ section: String, _ row: String, _ reason: String, unsupported: Bool) {
        book.skipped.append(FlexSkip(location: at, section: section, row: row, reason: reason, unsupported: unsupported))
    }

    /// Counts one row mapped `from` (statement words) `to` (book words).
    mutating func mapped(_ from: String, _ to: String) {
        // Consecutive rows usually map alike: the last line is checked before the dictionary.
        if let last = book.mappings.indices.last, book.mappings[last].from == from, book.mappings[last].to == to {
            book.mappings[last].count += 1
            return
        }
        let key = from + "\u{1}" + to
        if let i = mappingIndex[key] { book.mappings[i].count += 1; return }
        mappingIndex[key] = book.mappings.count
        book.mappings.append((from, to, 1))
    }

    mutating func run(_ statements: [FlexStatement]) {
        let merged = merge(statements)
        let trades = filterTrades(merged.trades)
        let flows = mapCash(merged.cash)
        let actions = mapActions(merged.actions)
        let events = pairEvents(trades: trades, eae: merged.optionEvents)
        replay(trades: events, flows: openingBalances(merged.cashReport) + flows, actions: actions, merged: merged)
        book.flows.sort { ($0.day, $0.account) < ($1.day, $1.account) }
        mapPositionsAndPrices(merged)
        mapInstruments(merged, trades: trades)
    }
}

/// Rows of every statement after duplicates are removed, in statement order.
struct MergedStatements {
    var trades: [FlexTrade] = []
    var optionEvents: [FlexOptionEvent] = []
    var cash: [FlexCashTransaction] = []
    var actions: [FlexCorporateAction] = []
    var openPositions: [FlexOpenPosition] = []
    var priorPositions: [FlexPriorPosition] = []
    var cashReport: [FlexCashReport] = []
}

extension FlexMapper {
    /// Merges the statements: accounts, base currency, and each section's rows without the
    /// duplicates that overlapping statements repeat.
    mutating func merge(_ statements: [FlexStatement]) -> MergedStatements {
        var out = MergedStatements()
        var currencies: [(String, FlexLocation)] = []
        for st in statements {
            if !st.account.isEmpty && !book.accounts.contains(st.account) { book.accounts.append(st.account) }
            if let c = st.baseCurrency { currencies.append((c, st.location)) }
            book.statements.append(StatementSummary(file: st.location.file, account: st.account, from: st.from, to: st.to,
                                                    sections: st.sections.map { ($0.name, $0.rows, $0.handling) }))
            book.skipped.append(contentsOf: st.skipped)
        }
        if let first = currencies.first {
            book.baseCurrency = first.0
            for (c, at) in currencies where c != first.0 {
                error(at, "flex-base-currency", "AccountInformation currency \(c) differs from \(first.0) (\(first.1)); one book has one base currency: import these accounts separately")
            }
        } else if let st = statements.first {
            warning(st.location, "flex-no-base-currency", "no AccountInformation section names the base currency; USD assumed (add AccountInformation with currency to the Flex Query)")
        }
        func dedupe<Row>(_ rows: [Row], key: (Row) -> String, same: (Row, Row) -> Bool, at: (Row) -> FlexLocation,
                         section: String, describe: (Row) -> String, into out: inout [Row]) {
            var seen: [String: Int] = [:]
            seen.reserveCapacity(rows.count)
            out.reserveCapacity(out.count + rows.count)
            for r in rows {
                let k = key(r)
                if let i = seen[k] {
                    if same(out[i], r) {
                        skip(at(r), section, describe(r), "duplicate of \(at(out[i])) (overlapping statements)", unsupported: false)
                    } else {
                        error(at(r), "flex-conflicting-duplicate", "\(section) row \(describe(r)) has the id of \(at(out[i])) but differs from it; expected one version of each row (check the statements)")
                    }
                    continue
                }
                seen[k] = out.count
                out.append(r)
            }
        }
        let all = statements
        dedupe(all.flatMap(\.trades), key: { $0.tradeID },
               same: { $0.account == $1.account && $0.security == $1.security && $0.quantity == $1.quantity && $0.price == $1.price
                   && $0.time == $1.time && $0.buySell == $1.buySell && $0.commission == $1.commission && $0.notes == $1.notes },
               at: \.location, section: "Trades", describe: { Self.describe($0) }, into: &out.trades)
        dedupe(all.flatMap(\.cash), key: { $0.transactionID.isEmpty
                   ? "\($0.account)|\($0.time.iso)|\($0.type)|\($0.amount)|\($0.symbol)|\($0.description)|\($0.location)" : $0.transactionID },
               same: { $0.account == $1.account && $0.amount == $1.amount && $0.type == $1.type && $0.time == $1.time && $0.symbol == $1.symbol },
               at: \.location, section: "CashTransactions", describe: { Self.describe($0) }, into: &out.cash)
        dedupe(all.flatMap(\.actions), key: { $0.transactionID.isEmpty
                   ? "\($0.account)|\($0.day)|\($0.symbol)|\($0.type)|\($0.quantity)|\($0.description)" : $0.transactionID },
               same: { $0.account == $1.account && $0.day == $1.day && $0.symbol == $1.symbol && $0.quantity == $1.quantity && $0.type == $1.type },
               at: \.location, section: "CorporateActions", describe: { "\($0.account) \($0.day) \($0.type) \($0.symbol) \(Self.number($0.quantity))" }, into: &out.actions)
        dedupe(all.flatMap(\.optionEvents), key: { $0.transactionID.isEmpty
                   ? "\($0.account)|\($0.day)|\($0.security.symbol)|\($0.transactionType)|\($0.quantity)" : $0.transactionID },
               same: { $0.account == $1.account && $0.day == $1.day && $0.security.symbol == $1.security.symbol && $0.quantity == $1.quantity },
               at: \.location, section: "OptionEAE", describe: { "\($0.account) \($0.day) \($0.transactionType) \(Self.number($0.quantity)) \($0.security.symbol)" }, into: &out.optionEvents)
        dedupe(all.flatMap(\.openPositions), key: { "\($0.account)|\($0.day)|\($0.security.symbol)" },
               same: { $0.quantity == $1.quantity && $0.markPrice == $1.markPrice && $0.positionValue == $1.positionValue },
               at: \.location, section: "OpenPositions", describe: { "\($0.account) \($0.day) \(Self.number($0.quantity)) \($0.security.symbol)" }, into: &out.openPositions)
        dedupe(all.flatMap(\.priorPositions), key: { "\($0.account)|\($0.day)|\($0.security.symbol)" },
               same: { $0.price == $1.price },
               at: \.location, section: "PriorPeriodPositions", describe: { "\($0.account) \($0.day) \($0.security.symbol) \(Self.number($0.price))" }, into: &out.priorPositions)
        dedupe(all.flatMap(\.cashReport), key: { "\($0.account)|\($0.currency)|\($0.from.map(\.description) ?? "")|\($0.to.map(\.description) ?? "")" },
               same: { $0.endingCash == $1.endingCash && $0.startingCash == $1.startingCash },
               at: \.location, section: "CashReport", describe: { "\($0.account) \($0.currency) to \($0.to.map(\.description) ?? "?")" }, into: &out.cashReport)
        return out
    }

    static func describe(_ t: FlexTrade) -> String {
        "\(t.account) \(t.time.iso) \(t.buySell) \(number(abs(t.quantity))) \(t.security.symbol) @ \(number(t.price)) (tradeID \(t.tradeID))"
    }

    static func describe(_ c: FlexCashTransaction) -> String {
        "\(c.account) \(c.time.day) \(c.type) \(number(c.amount)) \(c.currency)\(c.symbol.isEmpty ? "" : " " + c.symbol)"
    }

    /// Plain decimal text of a number (no exponent for ordinary magnitudes, integers without `.0`).
    static func number(_ v: Double) -> String { CSVText.number(v) }
}
