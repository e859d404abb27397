import Foundation
import TearsheetCore
import TearsheetImport
import TearsheetIngest
import TearsheetReport
import TearsheetRender

/// What `tearsheet import ibkr-flex` was asked to do.
public struct ImportRequest: Sendable {
    /// Flex Query statement files (XML), one or many (months, accounts), merged.
    public var statements: [String]
    /// The book folder to write.
    public var out: String
    /// Replace an existing book folder that a previous import wrote.
    public var force = false
    /// Skip (and list) rows the book cannot represent instead of stopping.
    public var skipUnsupported = false
    /// An import config with `[import]` (strategy rules).
    public var configPath: String?
    /// A prices file (`date,symbol,close`) for days the statements give no mark.
    public var pricesPath: String?
    /// The benchmark folder whose primary benchmark (SPY) is the trading calendar for the price
    /// coverage check; default: the one `tearsheet report` would find.
    public var benchmarksDir: String?

    public init(statements: [String], out: String) {
        self.statements = statements
        self.out = out
    }
}

/// Reads Flex statements, maps them into a book and writes it: the import's pipeline.
public enum ImportRunner {
    /// Reads and maps without writing.
    /// - Throws: `TearsheetError.invalidInput` with every finding (XML, mapping, unsupported
    ///   rows without `skipUnsupported`), `.io` for a file that cannot be read.
    public static func read(_ request: ImportRequest) throws(TearsheetError) -> ImportedBook {
        guard !request.statements.isEmpty else { throw .config(file: "(command line)", message: "no statement given; expected one or more Flex Query XML files") }
        var statements: [FlexStatement] = []
        var sources: [ImportSource] = []
        var findings: [Finding] = []
        for path in request.statements {
            let bytes = try FileBytes.read(path)
            sources.append(ImportSource(name: path, bytes: bytes.count, sha256: ByteHash.sha256(bytes)))
            let (st, f) = FlexParser.parse(Data(bytes), file: path)
            statements.append(contentsOf: st)
            findings.append(contentsOf: f.items)
        }
        if findings.contains(where: { $0.severity == .error }) { throw .invalidInput(findings) }
        var options = ImportOptions(skipUnsupported: request.skipUnsupported)
        if let c = request.configPath { options.config = try ImportConfig.read(path: c) }
        if let p = request.pricesPath {
            options.userPrices = try readPrices(p)
            options.userPricesName = p
        }
        if let dir = request.benchmarksDir ?? BenchmarkStore.defaultDirectory() {
            var f = Findings()
            if let spy = BenchmarkStore(directory: dir).load("SPY", findings: &f), !f.hasErrors {
                options.calendar = spy.closes.days
                options.calendarName = "the trading days of SPY (\(dir)/SPY.csv), the book's default primary benchmark"
            }
        }
        let book = try FlexImport.map(statements, sources: sources, options: options)
        if book.trades.isEmpty && book.positions.isEmpty {
            throw .invalidInput([Finding(file: request.statements[0], line: 0, column: 0, severity: .error, code: "flex-nothing-to-import",
                                         message: "the statements hold no trade and no open position the book can take; expected Trades or OpenPositions rows")])
        }
        return book
    }

    /// Reads, maps and writes the book folder (atomically; an existing book only with `force`).
    /// - Throws: as `read`; `RenderError` when the folder cannot be written.
    @discardableResult
    public static func run(_ request: ImportRequest) throws -> (book: ImportedBook, folder: URL) {
        let book = try read(request)
        let generated = try GenerationTime.current().iso8601
        let out = URL(fileURLWithPath: request.out)
        try ReportWriter.publishFiles(book.files(toolVersion: TearsheetVersion.string), to: out, force: request.force,
                                      toolVersion: TearsheetVersion.string, generatedAt: generated)
        return (book, out.standardizedFileURL)
    }

    /// The user's prices file: `date,symbol,close` (header names in any case and order).
    static func readPrices(_ path: String) throws(TearsheetError) -> [BookPrice] {
        var findings = Findings()
        var rowFindings: [Finding] = []
        var out: [BookPrice] = []
        var cols: [String: Int] = [:]
        _ = try CSVReader.read(path: path, findings: &findings, row: { row in
            guard let d = cols["date"], let s = cols["symbol"], let c = cols["close"], max(d, s, c) < row.count else { return }
            let dt = row.string(d).trimmingCharacters(in: .whitespaces), sym = row.string(s).trimmingCharacters(in: .whitespaces)
            let ct = row.string(c).trimmingCharacters(in: .whitespaces)
            guard let day = Day(iso: dt) else {
                rowFindings.append(Finding(file: path, line: row.line, column: d + 1, severity: .error, code: "bad-date", message: "column 'date': \"\(dt)\" is not a date; expected YYYY-MM-DD"))
                return
            }
            guard let close = Double(ct), close.isFinite, close > 0 else {
                rowFindings.append(Finding(file: path, line: row.line, column: c + 1, severity: .error, code: "bad-number", message: "column 'close': \"\(ct)\" is not a close > 0"))
                return
            }
            out.append(BookPrice(day: day, symbol: sym, close: close, origin: .userFile))
        }, header: { names, f in
            for (i, n) in names.enumerated() { cols[n.lowercased().trimmingCharacters(in: .whitespaces)] = i }
            for k in ["date", "symbol", "close"] where cols[k] == nil {
                f.append(Finding(file: path, line: 1, column: 0, severity: .error, code: "missing-column", message: "missing required column '\(k)'; a prices file for the import is date,symbol,close"))
            }
        })
        for f in rowFindings { findings.append(f) }
        if findings.hasErrors { throw .invalidInput(findings.items) }
        return out
    }
}
