import Testing
import TearsheetCore
@testable import TearsheetReport

/// Parsing reporting periods and resolving them against a trading calendar.
@Suite struct ReportingPeriodTests {
    func d(_ s: String) -> Day { Day(iso: s)! }

    /// Weekdays of 2024 without the NYSE holidays used here (New Year, Good Friday, Christmas).
    let calendar: [Day] = {
        let holidays = Set(["2024-01-01", "2024-03-29", "2024-12-25"].map { Day(iso: $0)! })
        var out: [Day] = []
        var day = Day(year: 2024, month: 1, day: 1)!
        while day <= Day(year: 2024, month: 12, day: 31)! {
            if !day.isWeekend && !holidays.contains(day) { out.append(day) }
            day = day.adding(days: 1)
        }
        return out
    }()

    @Test func parsesMonthsQuartersYearsAndRanges() {
        #expect(ReportingPeriod.parse("2024-10") == ReportingPeriod(from: d("2024-10-01"), to: d("2024-10-31")))
        #expect(ReportingPeriod.parse("2024-02") == ReportingPeriod(from: d("2024-02-01"), to: d("2024-02-29")))
        #expect(ReportingPeriod.parse("2024-Q3") == ReportingPeriod(from: d("2024-07-01"), to: d("2024-09-30")))
        #expect(ReportingPeriod.parse("2024-Q4") == ReportingPeriod(from: d("2024-10-01"), to: d("2024-12-31")))
        #expect(ReportingPeriod.parse("2024") == ReportingPeriod(from: d("2024-01-01"), to: d("2024-12-31")))
        #expect(ReportingPeriod.parse("2024-01-15..2024-06-30") == ReportingPeriod(from: d("2024-01-15"), to: d("2024-06-30")))
        for bad in ["", "24", "2024-13", "2024-Q5", "2024-Q0", "2024-1", "2024-10-01", "2024-06-30..2024-01-15", "x..y", "2024-10-", "١٢٣٤"] {
            #expect(ReportingPeriod.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func makeCombinesPeriodAndFromTo() throws {
        #expect(try ReportingPeriod.make(period: nil, from: nil, to: nil, source: "t") == nil)
        #expect(try ReportingPeriod.make(period: nil, from: nil, to: "2024-11-30", source: "t") == ReportingPeriod(to: d("2024-11-30")))
        #expect(throws: TearsheetError.self) { try ReportingPeriod.make(period: "2024", from: "2024-01-01", to: nil, source: "t") }
        #expect(throws: TearsheetError.self) { try ReportingPeriod.make(period: "2024-13", from: nil, to: nil, source: "t") }
        #expect(throws: TearsheetError.self) { try ReportingPeriod.make(period: nil, from: "2024-12-01", to: "2024-11-30", source: "t") }
        #expect(throws: TearsheetError.self) { try ReportingPeriod.make(period: nil, from: "yesterday", to: nil, source: "t") }
    }

    @Test func endsOnTheLastTradingDayOnOrBefore() throws {
        let book = d("2024-01-02")...d("2024-12-31")
        func resolve(_ p: ReportingPeriod) throws -> ClosedRange<Day> { try p.resolve(calendar: calendar, book: book, source: "t") }
        // A Saturday and the Friday before.
        #expect(try resolve(ReportingPeriod(to: d("2024-11-30"))) == d("2024-01-02")...d("2024-11-29"))
        #expect(try resolve(ReportingPeriod(to: d("2024-11-29"))) == d("2024-01-02")...d("2024-11-29"))
        // A quarter ending on a Sunday after Good Friday ends on the Thursday.
        #expect(try resolve(ReportingPeriod.parse("2024-Q1")!) == d("2024-01-02")...d("2024-03-28"))
        // A month starting on a weekend starts on the first trading day.
        #expect(try resolve(ReportingPeriod.parse("2024-06")!) == d("2024-06-03")...d("2024-06-28"))
        // A year ending on a holiday-free Tuesday; the period after the book's end is capped.
        #expect(try resolve(ReportingPeriod.parse("2024")!) == d("2024-01-02")...d("2024-12-31"))
        #expect(try ReportingPeriod.parse("2024-Q4")!.resolve(calendar: calendar, book: d("2024-01-02")...d("2024-11-15"), source: "t")
                == d("2024-10-01")...d("2024-11-15"))
        // Christmas: the period ending on it ends the day before.
        #expect(try resolve(ReportingPeriod(from: d("2024-12-02"), to: d("2024-12-25"))) == d("2024-12-02")...d("2024-12-24"))
    }

    @Test func beforeInceptionStartsAtInceptionAndOutsideIsAnError() throws {
        let book = d("2024-03-04")...d("2024-09-30")
        #expect(try ReportingPeriod.parse("2024-Q1")!.resolve(calendar: calendar, book: book, source: "t") == d("2024-03-04")...d("2024-03-28"))
        #expect(try ReportingPeriod(from: d("2023-01-01")).resolve(calendar: calendar, book: book, source: "t") == book)
        for p in ["2024-02", "2024-Q4", "2023", "2024-10-01..2024-10-31"] {
            #expect(throws: TearsheetError.self, "\(p)") { try ReportingPeriod.parse(p)!.resolve(calendar: calendar, book: book, source: "t") }
        }
        // A weekend wholly inside the book holds no trading day.
        #expect(throws: TearsheetError.self) {
            try ReportingPeriod(from: d("2024-06-01"), to: d("2024-06-02")).resolve(calendar: calendar, book: book, source: "t")
        }
        do {
            _ = try ReportingPeriod.parse("2024-11")!.resolve(calendar: calendar, book: book, source: "book.toml")
        } catch {
            #expect(error == .config(file: "book.toml", message: "the reporting period 2024-11-01..2024-11-30 holds no trading day of the book, which runs from 2024-03-04 to 2024-09-30"))
            #expect(error.exitCode == 1)
        }
    }
}
