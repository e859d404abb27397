import TearsheetCore

/// The output formats of a report set.
import TearsheetReport
public enum ReportFormat: String, Sendable, CaseIterable, Hashable, Comparable {
    case markdown = "md"
    case html
    case csv
    case xlsx
    case pdf

    public static func < (a: ReportFormat, b: ReportFormat) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Parses a comma-separated list such as `md,html,csv,xlsx,pdf` (`markdown` is accepted for `md`).
    /// - Throws: `RenderError.noFormats` when the list names no format (`""`, `","`): an empty
    ///   report set would replace a complete report with a lone manifest.
    public static func parseList(_ text: String) throws(RenderError) -> Set<ReportFormat> {
        var out = Set<ReportFormat>()
        for part in text.split(separator: ",") {
            let p = part.trimmingSpaces.lowercased()
            if p.isEmpty { continue }
            guard let f = ReportFormat(rawValue: p == "markdown" ? "md" : p) else {
                throw .invalidDocument(["unknown report format '\(p)'; expected md, html, csv, xlsx or pdf"])
            }
            out.insert(f)
        }
        guard !out.isEmpty else { throw .noFormats }
        return out
    }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
