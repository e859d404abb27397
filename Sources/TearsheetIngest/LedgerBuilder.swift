import TearsheetCore

/// Accumulates the ledger while files are decoded: shared interners for accounts, strategies and
/// symbols (byte-keyed, so the hot path creates no `String`), the columnar tables and findings.
struct LedgerBuilder {
    var options: IngestOptions
    var findings: Findings
    var accounts = ByteInterner()
    var strategies = ByteInterner()
    var symbols = ByteInterner()
    var trades = TradeTable()
    var positions: PositionTable?
    var cashFlows = CashFlowTable()
    var prices = PriceTable()
    var hasPrices = false
    var files: [InputFileInfo] = []
    /// Display name of each input file by role, for cross-file findings.
    var displayName: [String: String] = [:]
    /// Field index of columns by role, for cross-file findings (1-based column numbers).
    var columns: [String: HeaderMap] = [:]
    var mapper: TimeZoneDayMapper
    /// Book-local time of each trade (seconds), parallel to `trades`: the order within a day.
    var tradeTime: [Int64] = []
    /// Instruments of `instruments.csv` and the multiplier of each symbol id.
    var instruments = InstrumentLookup()
    /// Options lifecycle rows of `trades.csv` (EXPIRE, ASSIGN, EXERCISE) by their line, until
    /// `applyOptionEvents` turns them into ordinary trades.
    var optionEvents: [Int32: OptionEvent] = [:]
    /// Ids of the trades the options lifecycle booked (option close-outs and underlying legs):
    /// exempt from the fill check, and an option's close-out needs no close of the option.
    var lifecycleIDs = Set<String>()
    /// What each lifecycle trade was (`Ledger.tradeEvents`), by trade id.
    var tradeEvents: [String: TradeEvent] = [:]
    /// Corporate actions as read (rolled to trading days, not yet applied).
    var actions: [CorporateAction] = []
    /// Where each symbol's closes came from (file and the line of each close, aligned with
    /// `prices.series[id]`), for findings about a close.
    var priceSource: [Int32: (file: String, lines: [Int32])] = [:]
    /// Days on which each symbol was held overnight by some sleeve (from `checkTradeSigns`):
    /// spans `[first, last)` of days at whose close a position was open.
    var heldSpans: [Int32: [(Day, Day)]] = [:]

    init(options: IngestOptions) {
        self.options = options
        self.findings = Findings(cap: options.findingCap)
        self.mapper = TimeZoneDayMapper(timeZone: options.timeZone)
    }

    /// 1-based column of `name` in the file of `role`, 0 when unknown.
    func column(_ role: String, _ name: String) -> Int {
        guard let h = columns[role] else { return 0 }
        let i = h(name)
        return i >= 0 ? i + 1 : 0
    }

    /// Reads `path` as a CSV of `schema`, mapping its header and calling `body` for every row.
    /// Returns `false` when the file could not be read or its header is unusable.
    mutating func readFile(role: String, path: String, schema: Schema, policy: PathPolicy? = nil,
                           body: (inout FieldDecoder, CSVRow) -> Void) -> Bool {
        displayName[role] = path
        var csvFindings = Findings(cap: options.findingCap)
        var decoder: FieldDecoder?
        var mapped = true
        let cap = options.findingCap
        let summary: CSVSummary
        do {
            // Streamed in chunks into one reusable buffer: the file's bytes are never all resident.
            summary = try CSVReader.read(path: path, findings: &csvFindings, chunkSize: options.chunkSize, policy: policy ?? options.pathPolicy) { row in
                if decoder == nil {
                    return
                }
                body(&decoder!, row)
            } header: { header, f in
                guard let map = HeaderMap.map(header: header, schema: schema, file: path, findings: &f) else {
                    mapped = false
                    return
                }
                decoder = FieldDecoder(file: path, header: map, cap: cap)
            }
        } catch {
            if case .io(_, let message) = error {
                findings.append(Finding(file: path, line: 0, column: 0, severity: .error, code: "unreadable-file", message: message))
            }
            return false
        }
        finishFile(role: role, path: path, summary: summary, reader: csvFindings, decoder: decoder?.findings,
                   header: decoder?.header, mapped: mapped)
        return mapped && !summary.isEmpty
    }

    /// Records a file read by `readFile` or `readFileInBlocks`: its `InputFileInfo`, its header
    /// map, and its reader and decoder findings merged in file order.
    mutating func finishFile(role: String, path: String, summary: CSVSummary, reader csvFindings: Findings,
                             decoder decoderFindings: Findings?, header: HeaderMap?, mapped: Bool) {
        files.append(InputFileInfo(role: role, path: path, byteCount: summary.byteCount, dataRows: summary.totalRows, sha256: summary.sha256))
        if let h = header { columns[role] = h }
        // Findings in file order: header findings and CSV findings come first by construction
        // (line order), then field findings; merge by line so a user reads the file top down.
        let merged = (csvFindings.items + (decoderFindings?.items ?? [])).enumerated()
            .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
        for f in merged { findings.append(f.element) }
        let extra = csvFindings.suppressed + (decoderFindings?.suppressed ?? 0)
        let extraErrors = csvFindings.suppressedErrorCount + (decoderFindings?.suppressedErrorCount ?? 0)
        if extra > 0 { findings.appendSuppressed(extra, errors: extraErrors) }
        if !summary.isEmpty && mapped && summary.totalRows == 0 {
            findings.append(Finding(file: path, line: max(1, summary.headerLine), column: 1, severity: .error, code: "no-data-rows",
                                    message: "file has a header but no data rows; expected at least one row"))
        }
    }
}

extension Findings {
    /// Counts `n` findings that were dropped by a nested collector's cap, `errors` of them errors
    /// and the rest warnings (a suppressed warning must not make a run fail).
    mutating func appendSuppressed(_ n: Int, errors: Int) {
        var other = Findings(cap: 0)
        for i in 0..<n {
            other.append(Finding(file: "", line: 0, column: 0, severity: i < errors ? .error : .warning, code: "", message: ""))
        }
        append(contentsOf: other)
    }
}
