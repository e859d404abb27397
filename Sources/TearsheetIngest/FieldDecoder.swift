import TearsheetCore

/// What a numeric column accepts.
public enum NumberRule: Sendable {
    case any, positive, nonNegative, nonZero
    /// A price: > 0, where 0 passes the decoder and the caller decides (valid for an option only).
    case price

    var expectation: String {
        switch self {
        case .any: return "a decimal number"
        case .positive, .price: return "a number > 0"
        case .nonNegative: return "a number >= 0"
        case .nonZero: return "a non-zero number"
        }
    }
}

/// Decodes typed values from CSV fields and reports every problem as a located finding:
/// `FILE:LINE:COLUMN: error: column 'NAME': MESSAGE; expected ...`.
struct FieldDecoder {
    let file: String
    let header: HeaderMap
    var findings: Findings
    /// The last date parsed by `day(_:_:)`, as its 10 bytes (a word and a half-word).
    private var lastDateWord: UInt64 = 0
    private var lastDateTail: UInt16 = 0
    private var lastDate: Day? = nil

    init(file: String, header: HeaderMap, cap: Int) {
        self.file = file
        self.header = header
        self.findings = Findings(cap: cap)
    }

    mutating func report(_ row: CSVRow, _ index: Int, _ code: String, _ message: String, severity: Severity = .error) {
        let name = index >= 0 && index < header.names.count ? header.names[index].lowercased() : "?"
        findings.append(Finding(file: file, line: row.line, column: index + 1, severity: severity, code: code,
                                message: "column '\(name)': \(message)"))
    }

    /// Largest magnitude of any number read from an input: products (quantity x price) and sums
    /// over millions of rows then stay far from Double's overflow at 1.8e308.
    static let maxMagnitude = 1e18

    /// A number, or `nil` after reporting why not. An empty optional field gives `defaultValue`.
    mutating func number(_ row: CSVRow, _ index: Int, _ rule: NumberRule, defaultValue: Double? = nil) -> Double? {
        if index < 0 { return defaultValue }
        let b = Bytes.trim(row[index])
        let v: Double
        switch Numbers.parse(b) {
        case .value(let x):
            guard abs(x) <= FieldDecoder.maxMagnitude else {
                report(row, index, "number-out-of-range", "\(Bytes.show(b)) is beyond ±1e18; expected a magnitude of at most 1e18 (larger values overflow when multiplied, e.g. quantity x price)")
                return nil
            }
            v = x
        case .empty:
            if let d = defaultValue { return d }
            report(row, index, "empty-value", "value is empty; expected \(rule.expectation)")
            return nil
        case .thousandsSeparator:
            report(row, index, "thousands-separator", "\"\(Bytes.show(b))\" has a thousands separator; expected a plain decimal such as 1234.5")
            return nil
        case .nonFinite:
            report(row, index, "non-finite", "\"\(Bytes.show(b))\" is not a finite number; expected \(rule.expectation)")
            return nil
        case .malformed:
            report(row, index, "bad-number", "\"\(Bytes.show(b))\" is not a number; expected \(rule.expectation)")
            return nil
        }
        switch rule {
        case .any: return v
        case .price:
            if v >= 0 { return v }
            report(row, index, "not-positive", "\(Bytes.show(b)) is not > 0; expected \(rule.expectation)")
        case .positive:
            if v > 0 { return v }
            report(row, index, "not-positive", "\(Bytes.show(b)) is not > 0; expected \(rule.expectation)")
        case .nonNegative:
            if v >= 0 { return v }
            report(row, index, "negative", "\(Bytes.show(b)) is negative; expected \(rule.expectation)")
        case .nonZero:
            if v != 0 { return v }
            report(row, index, "zero", "value is 0; expected \(rule.expectation)")
        }
        return nil
    }

    /// A `YYYY-MM-DD` date, or `nil` after reporting why not.
    mutating func day(_ row: CSVRow, _ index: Int) -> Day? {
        let b = Bytes.trim(row[index])
        // Sorted files repeat the date row after row: compare the 10 bytes with the last good one.
        var word: UInt64 = 0, tail: UInt16 = 0
        if b.count == 10, let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            word = raw.loadUnaligned(as: UInt64.self)
            tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
            if let last = lastDate, word == lastDateWord, tail == lastDateTail { return last }
        }
        if let d = Day.parseISO(b) {
            lastDateWord = word; lastDateTail = tail; lastDate = d
            return d
        }
        if b.isEmpty {
            report(row, index, "empty-value", "value is empty; expected a date YYYY-MM-DD")
        } else if b.count == 10, b[4] == 0x2D, b[7] == 0x2D, b.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) {
            report(row, index, "impossible-date", "\"\(Bytes.show(b))\" is not a calendar date; expected a real date YYYY-MM-DD")
        } else {
            report(row, index, "bad-date", "\"\(Bytes.show(b))\" is not a date; expected YYYY-MM-DD")
        }
        return nil
    }

    /// A non-empty text field (trimmed), or `nil` after reporting that it is empty. An
    /// `identifier` (account, strategy, symbol) must also hold no control character (C0 bytes
    /// and DEL), reported at the field's line and column.
    mutating func text(_ row: CSVRow, _ index: Int, identifier: Bool = false) -> UnsafeBufferPointer<UInt8>? {
        let b = Bytes.trim(row[index])
        if b.isEmpty {
            report(row, index, "empty-value", "value is empty; expected a name")
            return nil
        }
        guard identifier else { return b }
        // A NUL or other control byte would make two names print alike (`FUND<NUL>A` and
        // `FUND<NUL>B` both end at the NUL in C-string consumers such as the XLSX writer).
        // One pass finds the first control byte and whether any byte is non-ASCII.
        var nonASCII = false
        for k in 0..<b.count {
            let v = b[k]
            if v < 0x20 || v == 0x7F {
                let hex = String(v >> 4, radix: 16, uppercase: true) + String(v & 15, radix: 16, uppercase: true)
                report(row, index, "control-character", "value holds a control character (byte 0x\(hex) at byte \(k + 1) of the value); expected printable text")
                return nil
            }
            nonASCII = nonASCII || v >= 0x80
        }
        // A bidirectional control is removed or reorders text when shown (`DisplayText`), so
        // `co<U+202E>re` would read as another sleeve's `core`: refused like a control byte.
        // Every one is encoded from non-ASCII bytes, so a plain ASCII name needs no look.
        if nonASCII, let (k, scalar) = Self.bidiControl(b) {
            report(row, index, "control-character", "value holds the bidirectional control character U+\(String(scalar, radix: 16, uppercase: true)) "
                   + "at byte \(k + 1) of the value; expected text without direction overrides, embeddings, isolates or marks (they make two names read alike)")
            return nil
        }
        return b
    }

    /// The first bidirectional control in UTF-8 `b` (U+061C, U+200E, U+200F, U+202A-U+202E,
    /// U+2066-U+2069): its byte offset and scalar; `nil` when there is none.
    static func bidiControl(_ b: UnsafeBufferPointer<UInt8>) -> (Int, UInt32)? {
        guard b.count >= 2 else { return nil }
        for k in 0..<(b.count - 1) {
            if b[k] == 0xD8 && b[k + 1] == 0x9C { return (k, 0x061C) }
            guard b[k] == 0xE2, k + 2 < b.count else { continue }
            let v = 0x2000 | (UInt32(b[k + 1] & 0x3F) << 6) | UInt32(b[k + 2] & 0x3F)
            guard b[k + 1] & 0xC0 == 0x80, b[k + 2] & 0xC0 == 0x80 else { continue }
            if v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return (k, v) }
        }
        return nil
    }
}

extension Findings {
    /// Appends a small file's reader and decoder findings in file order (line, then column, then
    /// as found), and `no-data-rows` when a header was read but no row follows it; `expected`
    /// finishes that message ("at least one row").
    mutating func appendInFileOrder(reader: Findings, decoder: FieldDecoder?, summary: CSVSummary, file: String, expected: String) {
        let merged = (reader.items + (decoder?.findings.items ?? [])).enumerated()
            .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
        for f in merged { append(f.element) }
        if !summary.isEmpty && decoder != nil && summary.totalRows == 0 {
            append(Finding(file: file, line: max(1, summary.headerLine), column: 1, severity: .error, code: "no-data-rows",
                           message: "file has a header but no data rows; expected \(expected)"))
        }
    }
}
