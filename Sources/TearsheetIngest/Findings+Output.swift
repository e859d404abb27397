import TearsheetCore

extension Findings {
    /// Every finding as `FILE:LINE:COLUMN: severity: message`, then `N more findings suppressed
    /// (E errors, W warnings[, I informational])` when the cap was reached.
    public var lines: [String] {
        var out = items.map(\.description)
        if suppressed > 0 {
            let e = suppressedErrorCount, i = suppressedInfoCount, w = suppressed - e - i
            out.append("\(suppressed) more finding\(suppressed == 1 ? "" : "s") suppressed (\(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s")\(i > 0 ? ", \(i) informational" : ""))")
        }
        return out
    }

    /// `N errors, M warnings` (and `, K informational` when there are any).
    public var summary: String {
        let e = errorCount, w = warningCount, i = infoCount
        return "\(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s")\(i > 0 ? ", \(i) informational" : "")"
    }

    /// The findings as a JSON array of objects (`code, column, file, line, message, severity`),
    /// for `--json`, through the tool's one JSON configuration (`JSONOutput`).
    /// - Throws: `TearsheetError.internalFailure` only if encoding fails (a bug).
    public func json() throws(TearsheetError) -> String {
        try JSONOutput.text(items)
    }
}

/// The book's date range: first to last day over trades, positions and cash flows.
extension Ledger {
    public var dateRange: ClosedRange<Day>? {
        let all = [trades.day.min(), trades.day.max(), positions?.day.min(), positions?.day.max(),
                   cashFlows.day.min(), cashFlows.day.max()].compactMap { $0 }
        guard let lo = all.min(), let hi = all.max() else { return nil }
        return lo...hi
    }
}
