import Foundation
import TearsheetCore

/// A small reader for the canonical benchmark files (`date,adj_close`), so the CLI and the tests
/// can feed `DemoBook` without depending on the ingestion module. Lines starting with `#`
/// (a provenance header) and blank lines are skipped; the first other line must be the header.
/// Not a hot path: a few thousand rows.
public enum SeriesFile {
    /// Reads `date,<value>` rows into a series; days must strictly increase.
    public static func load(_ url: URL) throws(DemoError) -> DatedSeries {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .io(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: url.path)
    }

    /// Parses the text of a `date,<value>` file; `path` only names the file in errors.
    public static func parse(_ text: String, path: String) throws(DemoError) -> DatedSeries {
        var days: [Day] = [], values: [Double] = []
        var sawHeader = false
        var lineNumber = 0
        // "\r\n" is one Character in Swift, and a newline, so this splits LF and CRLF alike.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !sawHeader {
                guard line.lowercased().hasPrefix("date,") else {
                    throw .badSeriesFile(path: path, line: lineNumber, message: "expected the header `date,adj_close`, found `\(line)`")
                }
                sawHeader = true
                continue
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw .badSeriesFile(path: path, line: lineNumber, message: "expected 2 fields, found \(fields.count)")
            }
            guard let day = Day(iso: fields[0]) else {
                throw .badSeriesFile(path: path, line: lineNumber, message: "bad date `\(fields[0])`, expected YYYY-MM-DD")
            }
            guard let value = Double(fields[1]), value.isFinite, value > 0 else {
                throw .badSeriesFile(path: path, line: lineNumber, message: "bad close `\(fields[1])`, expected a positive number")
            }
            if let last = days.last, day <= last {
                throw .badSeriesFile(path: path, line: lineNumber, message: "date \(day) is not after \(last)")
            }
            days.append(day)
            values.append(value)
        }
        guard sawHeader else { throw .badSeriesFile(path: path, line: max(lineNumber, 1), message: "no header row") }
        return DatedSeries(days: days, values: values)
    }
}
