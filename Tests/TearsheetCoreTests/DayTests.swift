import Testing
import PropertyBased
@testable import TearsheetCore

@Suite struct DayTests {
    @Test func parsesAndPrintsISO() {
        #expect(Day(iso: "2024-02-29")?.description == "2024-02-29")
        #expect(Day(iso: "2024-02-30") == nil)
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "2024-2-01") == nil)
        #expect(Day(iso: " 2024-02-01") == nil)
        #expect(Day(iso: "1970-01-01")?.serial == 0)
    }

    @Test func weekdays() {
        #expect(Day(iso: "2024-03-15")!.weekday == 5)   // Friday
        #expect(Day(iso: "1970-01-01")!.weekday == 4)   // Thursday
        #expect(Day(iso: "2024-03-17")!.isWeekend)
        #expect(Day(iso: "2024-03-15")!.weekStart.description == "2024-03-11")
    }

    @Test func monthArithmetic() {
        #expect(Day(iso: "2024-01-31")!.adding(months: 1).description == "2024-02-29")
        #expect(Day(iso: "2024-03-15")!.monthEnd.description == "2024-03-31")
        #expect(Day(iso: "2024-11-15")!.quarter == 4)
    }

    @Test func civilRoundTripProperty() async {
        await propertyCheck(input: Gen.int(in: -200_000...200_000)) { serial in
            let d = Day(serial: Int32(serial))
            let c = d.components
            #expect(Day(year: c.year, month: c.month, day: c.day) == d)
            #expect(Day(iso: d.description) == d)
        }
    }
}
