import Foundation
import TearsheetCore

/// Converts vendor exports into the canonical benchmark file: a `#` provenance header, then
/// `date,adj_close` rows in increasing date order.
///
/// Formats, detected from the header (case-insensitive):
/// - `yahoo`: `Date,Open,High,Low,Close,Adj Close,Volume`; the `Adj Close` column is used; rows
///   whose value is `null` (Yahoo's placeholder) are skipped with a warning (`skipped-null-row`).
/// - `stooq`: `Date,Open,High,Low,Close,Volume` (Stooq's closes are already adjusted).
/// - `adj_close`: `date,adj_close` (already canonical).
/// - `close`: generic `date,close`.
/// - `return`: generic `date,return`; converted to an index that is 1 on the weekday before the
///   first return (one more row than the input).
public enum BenchmarkImporter {
    public enum Format: String, Sendable, Equatable {
        case yahoo, stooq, adjClose = "adj_close", close, returns = "return"
    }

    public struct Output: Sendable, Equatable {
        public var format: Format
        /// The canonical file's text.
        public var text: String
        public var rows: Int
        public var first: Day
        public var last: Day
    }

    /// Converts `bytes` (a file named `sourceName`); `nil` with findings when it cannot.
    public static func convert(bytes: [UInt8], sourceName: String, importDate: Day, note: String? = nil)
        -> (output: Output?, findings: Findings) {
        var findings = Findings()
        var b = bytes
        var header: [String] = []
        _ = CSVReader.read(&b, file: sourceName, findings: &findings) { _ in } header: { names, _ in
            header = names.map { $0.trimmingASCIISpaces().lowercased() }
        }
        if findings.hasErrors { return (nil, findings) }
        let format: Format
        let valueColumn: String
        let has = Set(header)
        if has.contains("adj close") { format = .yahoo; valueColumn = "adj close" }
        else if has.isSuperset(of: ["open", "high", "low", "close"]) { format = .stooq; valueColumn = "close" }
        else if has.contains("adj_close") { format = .adjClose; valueColumn = "adj_close" }
        else if has.contains("close") { format = .close; valueColumn = "close" }
        else if has.contains("return") { format = .returns; valueColumn = "return" }
        else {
            findings.append(Finding(file: sourceName, line: 1, column: 0, severity: .error, code: "unknown-benchmark-format",
                                    message: "cannot tell the format from the header; expected Yahoo (Adj Close), Stooq (Open,High,Low,Close), date,close or date,return"))
            return (nil, findings)
        }
        guard has.contains("date") else {
            findings.append(Finding(file: sourceName, line: 1, column: 0, severity: .error, code: "missing-column",
                                    message: "missing required column 'date'"))
            return (nil, findings)
        }
        // Rebuild a two-column file and read it with the shared series rules.
        var days: [Day] = [], values: [Double] = [], lines: [Int] = []
        var raw = bytes
        var rowFindings = Findings()
        var csvFindings = Findings()
        let dateIndex = header.firstIndex(of: "date")!, valueIndex = header.firstIndex(of: valueColumn)!
        _ = CSVReader.read(&raw, file: sourceName, findings: &csvFindings) { row in
            let vb = Bytes.trim(row[valueIndex])
            if format == .yahoo && Bytes.equalsUpper(vb, "NULL") {
                rowFindings.append(Finding(file: sourceName, line: row.line, column: valueIndex + 1, severity: .warning, code: "skipped-null-row",
                                           message: "column '\(valueColumn)': null value; row skipped"))
                return
            }
            let db = Bytes.trim(row[dateIndex])
            // Yahoo and some vendors write timestamps; keep the date part.
            let dpart = db.count > 10 ? UnsafeBufferPointer(rebasing: db[0..<10]) : db
            guard let d = Day.parseISO(dpart) else {
                rowFindings.append(Finding(file: sourceName, line: row.line, column: dateIndex + 1, severity: .error, code: "bad-date",
                                           message: "column 'date': \"\(Bytes.show(db))\" is not a date; expected YYYY-MM-DD"))
                return
            }
            switch Numbers.parse(vb) {
            case .value(let v) where format == .returns ? v > -1 : v > 0:
                days.append(d); values.append(v); lines.append(row.line)
            default:
                rowFindings.append(Finding(file: sourceName, line: row.line, column: valueIndex + 1, severity: .error, code: "bad-number",
                                           message: "column '\(valueColumn)': \"\(Bytes.show(vb))\" is not \(format == .returns ? "a return > -1" : "a price > 0")"))
            }
        }
        findings.append(contentsOf: csvFindings)
        findings.append(contentsOf: rowFindings)
        // Vendors export newest-first sometimes: sort, then refuse duplicates.
        var order = Array(days.indices)
        order.sort { days[$0] < days[$1] }
        for k in 1..<max(order.count, 1) where days[order[k]] == days[order[k - 1]] {
            findings.append(Finding(file: sourceName, line: lines[order[k]], column: dateIndex + 1, severity: .error, code: "duplicate-date",
                                    message: "column 'date': \(days[order[k]]) repeats line \(lines[order[k - 1]]); expected each date once"))
        }
        if days.isEmpty {
            findings.append(Finding(file: sourceName, line: 2, column: 1, severity: .error, code: "no-data-rows",
                                    message: "no usable rows; expected at least one"))
        }
        if findings.hasErrors { return (nil, findings) }
        var series = DatedSeries(days: order.map { days[$0] }, values: order.map { values[$0] })
        if format == .returns { series = SeriesFile.index(fromReturns: series) }
        // The written file must read back: a level the readers refuse (beyond ±1e18, e.g. returns
        // whose compounded index explodes) is refused here, at the row that reaches it.
        if let k = series.values.firstIndex(where: { !$0.isFinite || abs($0) > FieldDecoder.maxMagnitude }) {
            let row = min(max(0, k - (series.count - order.count)), order.count - 1)
            findings.append(Finding(file: sourceName, line: lines[order[row]], column: 1, severity: .error, code: "number-out-of-range",
                                    message: "the benchmark's level reaches \(series.values[k]) on \(series.days[k]), beyond ±1e18; expected closes (or returns compounding to a level) of at most 1e18"))
            return (nil, findings)
        }
        let first = series.days.first!, last = series.days.last!
        var text = "# source: \(singleLine((sourceName as NSString).lastPathComponent))\(note.map { " (\(singleLine($0)))" } ?? "")\n"
        text += "# format: \(format.rawValue)\n"
        text += "# rows: \(series.count)\n"
        text += "# first: \(first)\n# last: \(last)\n"
        text += "# imported: \(importDate)\n"
        text += "date,adj_close\n"
        text.reserveCapacity(text.utf8.count + series.count * 30)
        for i in 0..<series.count {
            text += series.days[i].description
            text += ","
            text += "\(series.values[i])\n"
        }
        return (Output(format: format, text: text, rows: series.count, first: first, last: last), findings)
    }

    /// Converts the file at `path` and writes `directory/SYMBOL.csv` atomically (a temporary file
    /// in the same folder, then `rename`). Throws `.invalidInput` with the findings when the file
    /// cannot be converted, `.io` when writing fails.
    public static func importFile(path: String, symbol: String, directory: String, importDate: Day,
                                  note: String? = nil) throws(TearsheetError) -> (output: Output, findings: Findings) {
        guard !symbol.isEmpty, symbol.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "^._-".contains($0)) }) else {
            throw .config(file: symbol, message: "symbol \"\(symbol)\" may hold only letters, digits, ^ . _ -")
        }
        let bytes = try FileBytes.read(path)
        let (out, findings) = convert(bytes: bytes, sourceName: path, importDate: importDate, note: note)
        guard let out else { throw .invalidInput(findings.items) }
        let target = directory.hasSuffix("/") ? directory + symbol + ".csv" : directory + "/" + symbol + ".csv"
        try AtomicFile.write(Array(out.text.utf8), to: target)
        return (out, findings)
    }
}

/// Writes a file atomically: a temporary file next to the target, then `rename(2)`.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to target: String) throws(TearsheetError) {
        let dir = (target as NSString).deletingLastPathComponent
        if !dir.isEmpty && !FileBytes.isDirectory(dir) {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw .io(path: dir, message: "cannot create folder: \(error.localizedDescription)")
            }
        }
        let tmp = (dir.isEmpty ? "." : dir) + "/." + (target as NSString).lastPathComponent + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(bytes)) else {
            throw .io(path: tmp, message: "cannot write temporary file")
        }
        if rename(tmp, target) != 0 {
            let m = String(cString: strerror(errno))
            unlink(tmp)
            throw .io(path: target, message: "cannot move the new file into place: \(m)")
        }
    }
}

extension BenchmarkImporter {
    /// `text` on one line, as the `# source:` comment must be: line breaks (LF, CR, U+2028,
    /// U+2029, NEL) and every other control written as `\u{HEX}` (`TerminalText.safe`'s
    /// spelling), so the file reads back and the note shows what was given.
    static func singleLine(_ text: String) -> String {
        var out = ""
        for u in text.unicodeScalars {
            if u == "\n" || u == "\r" || u == "\t" || u.value == 0x85 || TerminalText.isUnsafe(u) {
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

