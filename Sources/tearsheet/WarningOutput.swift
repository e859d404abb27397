import TearsheetCore

/// Prints a run's warnings on stderr, as `report` and `batch` do after writing.
enum WarningOutput {
    /// At most this many warnings are printed per book; the rest are counted on one line. A
    /// broken book can carry thousands of warnings (one per row): the report's audit section and
    /// `tearsheet validate --json` list them all.
    static let cap = 50

    /// The lines to print: each warning as `FILE:LINE:COLUMN: warning: message` (the format
    /// compilers use, so editors jump to it), at most `cap`, then `... and N more warnings` when
    /// some were left out.
    static func lines(_ warnings: [Finding], prefix: String = "") -> [String] {
        var out = warnings.prefix(cap).map { prefix + $0.description }
        let rest = warnings.count - cap
        if rest > 0 { out.append("\(prefix)... and \(rest) more warning\(rest == 1 ? "" : "s") (every one is in the report's audit section)") }
        return out
    }

    static func print(_ warnings: [Finding], prefix: String = "") {
        var err = StandardError()
        for line in lines(warnings, prefix: prefix) { Swift.print(line, to: &err) }
    }
}
