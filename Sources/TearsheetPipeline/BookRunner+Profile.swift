import TearsheetCore
import TearsheetIngest
import TearsheetReport

extension BookRunner {
    /// The period of a client statement for which none was given: the latest full calendar month
    /// the book has valued (a monthly statement), `nil` (the whole history) when it has none.
    ///
    /// Convention: the month of the book's last valued day is full when the next trading day of
    /// the calendar falls in a later month or, with no later trading day, when no weekday follows
    /// it in its month; otherwise the month before is taken. A month that holds no valued day of
    /// the book (a book younger than its first full month) gives `nil`.
    public static func clientPeriod(ledger: Ledger, calendar: [Day], endDay: Day?) -> ReportingPeriod? {
        guard let valued = valuedRange(ledger, calendar: calendar, endDay: endDay) else { return nil }
        let last = valued.upperBound
        let (y, m, _) = last.components
        guard let monthStart = Day(year: y, month: m, day: 1) else { return nil }
        let full: Bool
        if let next = calendar.first(where: { $0 > last }) {
            full = next > monthStart.monthEnd
        } else {
            var d = last.adding(days: 1), weekday = false
            while d <= monthStart.monthEnd { if d.weekday <= 5 { weekday = true; break }; d = d.adding(days: 1) }
            full = !weekday
        }
        let start = full ? monthStart : monthStart.adding(months: -1)
        let month = ReportingPeriod(from: start, to: start.monthEnd)
        guard month.to! >= valued.lowerBound else { return nil }
        return month
    }

    /// `book` as a report of `profile` writes it: the profile set, and for a client statement
    /// without a period of its own (command line or config), the latest full month.
    public static func withProfile(_ book: LoadedBook, _ profile: BookConfig.Report.Profile) -> LoadedBook {
        var b = book
        b.config.report.profile = profile
        if profile == .client, b.period == nil {
            b.period = clientPeriod(ledger: b.ledger, calendar: b.benchmarks.first?.closes.days ?? [], endDay: b.request.endDay)
        }
        return b
    }
}
