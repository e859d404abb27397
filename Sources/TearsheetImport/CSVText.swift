import Foundation

/// Text of the book's files: numbers as the book's CSV reader reads them (plain decimals,
/// exactly the double written: Swift's shortest round-trip form), fields quoted when needed.
enum CSVText {
    /// `100` for an integral value, else the shortest text that reads back as the same double.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// The field quoted (RFC 4180) when it holds a comma, quote or line break.
    static func field(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func row(_ fields: [String]) -> String {
        var line = ""
        line.reserveCapacity(80)
        for (i, f) in fields.enumerated() {
            if i > 0 { line += "," }
            line += field(f)
        }
        line += "\n"
        return line
    }
}

/// A TOML basic string.
func tomlString(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default:
            if ch.value < 0x20 || ch.value == 0x7F { out += String(format: "\\u%04X", ch.value) } else { out.unicodeScalars.append(ch) }
        }
    }
    return out + "\""
}
