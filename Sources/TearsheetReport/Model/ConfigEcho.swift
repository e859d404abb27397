/// The configuration text a report echoes in its provenance. A book's report echoes the file
/// verbatim; an account's report echoes only what concerns that account, because the file of a
/// multi-account book names every client (a composite's member list, other clients' sleeves).
public enum ConfigEcho {
    /// `text` reduced for the report of `account`:
    /// - `[[composites]]` tables (and their sub-tables) are left out unless `includeBookSections`
    ///   (then the report carries the composite sections too, by the config's own request);
    /// - `[strategies.NAME]` tables of strategies the account has no row of are left out;
    /// - comment and blank lines directly above a table left out go with it;
    /// - without `includeBookSections`, any other line that still names another account (as a
    ///   whole token, `ConfigEcho.mentions`) is left out.
    /// The result starts with comment lines saying what was left out, so a reader knows the echo
    /// is not the whole file.
    public static func forAccount(_ text: String, account: String, otherAccounts: [String], strategies: Set<String>,
                                  includeBookSections: Bool) -> String {
        guard !text.isEmpty else { return text }
        var out: [Substring] = []
        var held: [Substring] = []      // comments and blanks waiting for the next line to decide
        var dropping = false
        var tables = 0, strategyTables = 0, named = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.drop(while: { $0 == " " || $0 == "\t" })
            if t.hasPrefix("[") {
                let name = tableName(t)
                if !includeBookSections && (name == "composites" || name.hasPrefix("composites.")) {
                    dropping = true
                    if t.hasPrefix("[[") { tables += 1 }
                } else if name.hasPrefix("strategies."), !strategies.contains(unquoted(String(name.dropFirst("strategies.".count)))) {
                    dropping = true
                    strategyTables += 1
                } else {
                    dropping = false
                }
                if !dropping { out += held }
                held = []
                if !dropping { out.append(line) }
                continue
            }
            if t.isEmpty || t.hasPrefix("#") {
                held.append(line)
                continue
            }
            if !dropping { out += held }
            held = []
            if dropping { continue }
            if !includeBookSections, otherAccounts.contains(where: { mentions(String(line), $0) }) {
                named += 1
                continue
            }
            out.append(line)
        }
        if !dropping { out += held }
        // A comment or blank line that names another account goes too.
        if !includeBookSections {
            out = out.filter { l in
                guard otherAccounts.contains(where: { mentions(String(l), $0) }) else { return true }
                named += 1
                return false
            }
        }
        var head = ["# Configuration reduced to what concerns account \(account): the book's file names other accounts."]
        var left: [String] = []
        if tables > 0 { left.append("\(tables) [[composites]] table\(tables == 1 ? "" : "s") (book-level; [report] include_book_sections = true keeps them)") }
        if strategyTables > 0 { left.append("\(strategyTables) [strategies.*] table\(strategyTables == 1 ? "" : "s") of strategies the account does not hold") }
        if named > 0 { left.append("\(named) line\(named == 1 ? "" : "s") naming another account") }
        head.append(left.isEmpty ? "# Nothing was left out." : "# Left out: " + left.joined(separator: "; ") + ".")
        return (head + out.map(String.init)).joined(separator: "\n")
    }

    /// Whether `text` contains `identifier` as a whole token: not preceded or followed by a
    /// letter, digit, `-`, `_` or `.` (so `ACC-1` is not found in `ACC-10`).
    public static func mentions(_ text: String, _ identifier: String) -> Bool {
        guard !identifier.isEmpty else { return false }
        let hay = Array(text.utf8), needle = Array(identifier.utf8)
        guard hay.count >= needle.count else { return false }
        func isToken(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x2E || b >= 0x80
        }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] == needle[0], Array(hay[i..<(i + needle.count)]) == needle {
                let before = i == 0 || !isToken(hay[i - 1])
                let after = i + needle.count == hay.count || !isToken(hay[i + needle.count])
                if before && after { return true }
            }
            i += 1
        }
        return false
    }

    /// `composites` for `[[composites]]`, `strategies.trend` for `[strategies.trend]`.
    static func tableName(_ t: Substring) -> String {
        let inner = t.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" })
        return inner.split(separator: ".", omittingEmptySubsequences: false)
            .map { $0.trimmingCharactersInSpaces() }.joined(separator: ".")
    }

    /// A TOML key without its quotes (`"a b"` -> `a b`).
    static func unquoted(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == s.last, f == "\"" || f == "'" { return String(s.dropFirst().dropLast()) }
        return s
    }
}

private extension Substring {
    func trimmingCharactersInSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
