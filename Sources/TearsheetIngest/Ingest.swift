import TearsheetCore

/// Reads and validates one book's input files.
///
/// Every file is decoded in one pass and every problem is collected (up to `options.findingCap`)
/// before returning, so a user fixes all files in one go. Cross-file rules run when the files
/// they relate are present: trading calendar (trades, cash flows), position signs (trades),
/// prices (trades need closes through their day; skipped when positions carry the marks and no
/// price input is given), positions against cumulative trades, split-like moves of held symbols,
/// fills far from the close. Corporate actions, instrument multipliers and the options lifecycle
/// (EXPIRE, ASSIGN, EXERCISE, expiries) are applied to the ledger (quantities in units, rows
/// before a split restated, events turned into trades). Trades are returned sorted by
/// (day, local time, line). The ledger is `nil` when any error was found; warnings never block it.
public func ingest(_ files: InputFiles, options: IngestOptions = IngestOptions()) -> IngestResult {
    var b = LedgerBuilder(options: options)
    if files.trades == nil && files.positions == nil {
        b.findings.append(Finding(file: "(inputs)", line: 0, column: 0, severity: .error, code: "no-book",
                                  message: "no trades or positions given; expected at least one of them"))
    }
    // Instruments first: the readers of trades and positions need each symbol's multiplier.
    if let p = files.instruments { b.readInstruments(path: p) }
    if let p = files.trades { b.readTrades(path: p) }
    if let p = files.positions { b.readPositions(path: p) }
    if let p = files.cashFlows { b.readCashFlows(path: p) }
    if let p = files.prices { b.readPrices(path: p) }
    if let p = files.corporateActions { b.readCorporateActions(path: p) }
    let decodeErrors = b.findings.hasErrors
    // Dates move to trading days before anything is ordered or restated by them.
    b.checkCalendar()
    b.sortTrades()
    b.applyCorporateActions()
    // Options events become trades (and expiries are booked) before any check replays trades.
    b.applyOptionEvents()
    if files.trades != nil {
        b.checkTradeSigns()
        if files.prices != nil || files.positions == nil { b.checkPrices() }
        if !decodeErrors { b.checkPositionsAgainstTrades() }
    }
    if files.prices != nil { b.checkSplitLikeMoves() }
    var regimes: DatedLabels?
    var weekTypes: DatedLabels?
    var labelSHA256: [String: String] = [:]
    if let p = files.regimes {
        regimes = LabelFile.read(path: p, schema: .regimes, findings: &b.findings, policy: options.pathPolicy) { labelSHA256[p] = $0 }
    }
    if let p = files.weekTypes {
        weekTypes = LabelFile.read(path: p, schema: .weekTypes, findings: &b.findings, policy: options.pathPolicy) { labelSHA256[p] = $0 }
    }
    var ledger: Ledger?
    if !b.findings.hasErrors {
        var l = Ledger()
        l.accounts = Interner(b.accounts.names)
        l.strategies = Interner(b.strategies.names)
        l.symbols = Interner(b.symbols.names)
        l.trades = b.trades
        l.positions = b.positions
        l.cashFlows = b.cashFlows
        l.prices = b.prices
        l.baseCurrency = options.baseCurrency
        l.priceBasis = options.priceBasis
        l.tradeEvents = b.tradeEvents
        for (name, inst) in b.instruments.byName {
            if let id = l.symbols.id(of: name) { l.instruments[id] = inst }
        }
        l.corporateActions = b.actions.sorted { ($0.day, $0.line) < ($1.day, $1.line) }
        ledger = l
    }
    return IngestResult(ledger: ledger, findings: b.findings, files: b.files, regimes: regimes, weekTypes: weekTypes,
                        labelSHA256: labelSHA256)
}
