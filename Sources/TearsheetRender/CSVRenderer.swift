import TearsheetReport
import TearsheetCore

/// Renders each table as `csv/<table id>.csv`: machine-friendly text for other tools.
///
/// Convention: a header row; RFC 4180 quoting (fields with `,`, `"`, CR or LF are quoted, quotes
/// doubled) and CRLF line ends; percentages as fractions and every number at full precision, the
/// shortest text that reads back exactly (`NumberText.plain`), no thousands separators; ISO dates;
/// empty cells empty. Text starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so a
/// spreadsheet never runs it as a formula (OWASP "CSV injection"). The daily-series table is written
/// in full as one tidy file (one row per day, one column per variable).
public struct CSVRenderer: Sendable {
    public init() {}

    /// The CSV text of one table, built as bytes (numbers, dates and empty cells never need quoting).
    public func render(_ table: ReportTable) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24 * (table.rows.count + 1) * max(1, table.columns.count))
        // Appended through `withUTF8` (one copy of contiguous bytes), not byte by byte.
        func put(_ text: String) {
            var text = text
            text.withUTF8 { out.append(contentsOf: $0) }
        }
        for (i, c) in table.columns.enumerated() {
            if i > 0 { out.append(0x2C) }
            put(Self.field(Self.neutralised(c.header)))
        }
        out.append(0x0D)
        out.append(0x0A)
        for row in table.rows {
            for (i, cell) in row.enumerated() {
                if i > 0 { out.append(0x2C) }
                switch cell {
                case .text(let t): put(Self.field(Self.neutralised(t)))
                case .empty: break
                default: put(Self.text(cell))
                }
            }
            out.append(0x0D)
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Relative path and contents of every table's CSV file, in document order.
    public func files(for document: ReportDocument) -> [(path: String, contents: String)] {
        document.allTables.map { ("csv/\($0.id).csv", render($0)) }
    }

    /// The raw machine text of a cell, before quoting.
    static func text(_ cell: Cell) -> String {
        switch cell {
        case .percent(let v, _), .ratio(let v, _), .currency(let v, _), .decimal(let v, _), .days(let v, _): return NumberText.plain(v)
        case .integer(let v, _): return String(v)
        case .date(let d): return d.description
        case .text(let t): return neutralised(t)
        case .empty: return ""
        }
    }

    /// Prefixes `'` to text a spreadsheet would read as a formula.
    static func neutralised(_ t: String) -> String {
        guard let first = t.utf8.first else { return t }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return "'" + t
        default: return t
        }
    }

    /// RFC 4180 quoting.
    static func field(_ t: String) -> String {
        var needs = false
        for b in t.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { needs = true; break }
        guard needs else { return t }
        var out = "\""
        for ch in t.unicodeScalars {
            if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
        }
        return out + "\""
    }
}
