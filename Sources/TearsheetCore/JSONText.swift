/// Hand-written JSON scalars shared by every JSON the tool prints (metrics, attribution, the
/// manifest), so the bytes never depend on a serializer's key order or number formatting.
public enum JSONText {
    /// A JSON string literal: quotes, backslashes and control characters escaped, and the
    /// characters a terminal would act on (`TerminalText.isUnsafe`: DEL, C1 controls,
    /// bidirectional overrides and isolates, line and paragraph separators) written as `\uXXXX`,
    /// so printing the JSON shows what it holds; everything else (including non-ASCII) as UTF-8.
    public static func quote(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + s + "\"" }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || TerminalText.isUnsafe(u) {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Swift's shortest round-trip form of a finite double (valid JSON, unrounded); `null` otherwise.
    public static func number(_ x: Double) -> String { x.isFinite ? x.description : "null" }
}
