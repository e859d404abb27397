import Foundation
import TearsheetCore

/// A reporting period as a user writes it: `--period 2024-10` (a month), `2024-Q3` (a quarter),
/// `2024` (a year), `2024-01-15..2024-06-30`, or `--from` / `--to` (either end may be open).
///
/// Calendar dates, not trading days: `resolve(calendar:book:)` turns them into the trading days
/// the report covers, so `--to 2024-11-30` (a Saturday) and `--to 2024-11-29` (the Friday before)
/// are the same period and give byte-identical reports. The report itself always carries the
/// resolved days, never the text the user typed.
public struct ReportingPeriod: Sendable, Equatable, CustomStringConvertible {
    /// First calendar day asked for; `nil` = from inception.
    public var from: Day?
    /// Last calendar day asked for; `nil` = to the book's last valued day.
    public var to: Day?

    public init(from: Day? = nil, to: Day? = nil) {
        self.from = from
        self.to = to
    }

    /// `from..to` with `inception` / `end` for an open end (used in error messages only).
    public var description: String { "\(from.map(\.description) ?? "inception")..\(to.map(\.description) ?? "end")" }

    /// Parses `YYYY`, `YYYY-Qn`, `YYYY-MM` or `FROM..TO` (ISO dates, `FROM <= TO`); `nil` otherwise.
    public static func parse(_ text: String) -> ReportingPeriod? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if let r = s.range(of: "..") {
            guard let a = Day(iso: s[..<r.lowerBound]), let b = Day(iso: s[r.upperBound...]), a <= b else { return nil }
            return ReportingPeriod(from: a, to: b)
        }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let y = Int(parts[0]), (1900...9999).contains(y) else { return nil }
        if parts.count == 1 {
            guard let a = Day(year: y, month: 1, day: 1), let b = Day(year: y, month: 12, day: 31) else { return nil }
            return ReportingPeriod(from: a, to: b)
        }
        guard parts.count == 2 else { return nil }
        let p = parts[1]
        if p.count == 2, p.first == "Q" || p.first == "q", let q = Int(p.dropFirst()), (1...4).contains(q),
           let start = Day(year: y, month: 3 * q - 2, day: 1) {
            return ReportingPeriod(from: start, to: start.adding(months: 2).monthEnd)
        }
        if p.count == 2, p.allSatisfy(\.isASCII), let m = Int(p), let start = Day(year: y, month: m, day: 1) {
            return ReportingPeriod(from: start, to: start.monthEnd)
        }
        return nil
    }

    /// The period of a command line or a config's `[report]` table: `period` alone, or `from` and/or
    /// `to` (ISO dates); `nil` when none is given. `source` names where they came from in errors.
    /// - Throws: `TearsheetError.config` for unreadable text, `period` given with `from`/`to`, or
    ///   `from` after `to`.
    public static func make(period: String?, from: String?, to: String?, source: String) throws(TearsheetError) -> ReportingPeriod? {
        if let period {
            guard from == nil && to == nil else {
                throw .config(file: source, message: "give either a period or from/to, not both")
            }
            guard let p = parse(period) else {
                throw .config(file: source, message: "period \"\(period)\" is not YYYY, YYYY-Qn, YYYY-MM or FROM..TO with ISO dates, e.g. 2024-10")
            }
            return p
        }
        if from == nil && to == nil { return nil }
        func day(_ s: String?, _ name: String) throws(TearsheetError) -> Day? {
            guard let s else { return nil }
            guard let d = Day(iso: s.trimmingCharacters(in: .whitespaces)) else {
                throw .config(file: source, message: "\(name) \"\(s)\" is not an ISO date such as 2024-10-31")
            }
            return d
        }
        let a = try day(from, "from"), b = try day(to, "to")
        if let a, let b, a > b { throw .config(file: source, message: "from \(a) is after to \(b)") }
        return ReportingPeriod(from: a, to: b)
    }

    /// The trading days the period covers in a book valued over `book` (its first and last valued
    /// days, both on `calendar`).
    ///
    /// Convention: the end is the last trading day on or before `to` (so a weekend or holiday
    /// month end gives the same period as the last trading day of the month), capped at the book's
    /// last valued day; the start is the first trading day on or after `from`, and a period
    /// starting before inception starts at inception.
    /// - Parameters:
    ///   - calendar: the trading calendar (the primary benchmark's days), strictly increasing.
    ///   - book: the book's first and last valued days.
    /// - Throws: `TearsheetError.config` when the period holds no day of the book.
    public func resolve(calendar: [Day], book: ClosedRange<Day>, source: String) throws(TearsheetError) -> ClosedRange<Day> {
        let series = DatedSeries(days: calendar, values: [Double](repeating: 0, count: calendar.count))
        var end = book.upperBound
        if let to {
            if let i = series.indexOnOrBefore(to) { end = min(end, calendar[i]) } else { end = Day(serial: Int32.min) }
        }
        var start = book.lowerBound
        if let from, from > start {
            let i = series.indexOnOrBefore(from.adding(days: -1)).map { $0 + 1 } ?? 0
            start = i < calendar.count ? calendar[i] : Day(serial: Int32.max)
        }
        guard start <= end, start <= book.upperBound, end >= book.lowerBound else {
            throw .config(file: source, message: "the reporting period \(self) holds no trading day of the book, which runs from \(book.lowerBound) to \(book.upperBound)")
        }
        return start...end
    }
}
