import Foundation
import Testing
import TearsheetCore
import TearsheetMetrics

/// Gross of fees (`GrossOfFees`) and no annualising under a year (`SeriesContext.coversAYear`,
/// `ReturnMetrics.cagr`, `PeriodTables.trailing`, `PeriodTables.isPartialYear`), on hand-checked books.
@Suite struct GrossOfFeesTests {
    /// Day 0: deposit 1000, NAV 1000. Day 1: a deposit of 500 and a fee of 3, NAV 1520, so the
    /// day's P&L (net of the fee) is 1520 - 1000 - 500 = 20.
    /// Start of day: D = 1500, net 20/1500, gross 23/1500. End of day: D = 1000, net 20/1000, gross 23/1000.
    @Test(arguments: [true, false])
    func feeIsAddedBackOnTheSameDenominator(_ startOfDay: Bool) throws {
        let nav = [1000.0, 1520], flows = [1000.0, 500], fees = [0.0, 3]
        let d = startOfDay ? 1500.0 : 1000
        let net = [0.0, 20 / d]
        let gross = try #require(GrossOfFees.returns(net: net, nav: nav, flows: flows, fees: fees, flowsAtStartOfDay: startOfDay))
        #expect(gross[0] == 0)
        #expect(close(gross[1], 23 / d, rel: 1e-15))
        // Gross minus net is exactly the fee over the day's capital.
        #expect(close(gross[1] - net[1], 3 / d, rel: 1e-12))
    }

    @Test func dayWithoutCapitalKeepsTheNetReturn() throws {
        // End of day, first day: D = NAV_{-1} = 0, so the fee cannot be restated as a return.
        let gross = try #require(GrossOfFees.returns(net: [0], nav: [990], flows: [1000], fees: [10], flowsAtStartOfDay: false))
        #expect(gross == [0])
        #expect(GrossOfFees.returns(net: [0, 0], nav: [1], flows: [0, 0], fees: [0, 0], flowsAtStartOfDay: true) == nil)
    }

    @Test func dailyFeesSumEachDaysFeeFlowsAsCosts() {
        let d0 = Day(year: 2024, month: 1, day: 2)!, d1 = d0.adding(days: 1), d2 = d0.adding(days: 2)
        let fees = GrossOfFees.dailyFees(days: [d0, d1, d2], flowDays: [d1, d1, d2, d2],
                                         amounts: [-10, -2.5, 1000, -4], isFee: [true, true, false, true])
        #expect(fees == [0, 12.5, 4])
    }

    /// A fee of 1% of NAV a quarter, taken on a book that earns exactly 2% gross every quarter:
    /// net quarterly return 1.02 x 0.99 - 1 = 0.98%, gross 2% exactly.
    @Test func grossCompoundsToTheFeeFreeGrowth() throws {
        var nav: [Double] = [], net: [Double] = [], fees: [Double] = []
        var v = 1000.0
        for _ in 0..<4 {
            let fee = v * 1.02 * 0.01
            let end = v * 1.02 - fee
            net.append(end / v - 1)
            fees.append(fee)
            nav.append(end)
            v = end
        }
        // Quarter 0 starts from a start-of-day deposit of 1000: D = 1000, the same as v.
        let flows = [1000.0, 0, 0, 0]
        let gross = try #require(GrossOfFees.returns(net: net, nav: nav, flows: flows, fees: fees, flowsAtStartOfDay: true))
        for g in gross { #expect(close(g, 0.02, rel: 1e-12)) }
        for n in net { #expect(close(n, 1.02 * 0.99 - 1, rel: 1e-12)) }
    }
}

@Suite struct ShortPeriodTests {
    /// Weekdays from `from` for `count` days, each returning `r`.
    static func weekdays(from: Day, count: Int, r: Double) -> DatedSeries {
        var days: [Day] = [], d = from
        while days.count < count {
            if !d.isWeekend { days.append(d) }
            d = d.adding(days: 1)
        }
        return DatedSeries(days: days, values: [Double](repeating: r, count: count))
    }

    @Test func sevenMonthBookHasNoCAGRAndACumulativeITD() throws {
        // 2024-01-02 plus 150 weekdays: ends in late July, about seven months.
        let s = Self.weekdays(from: Day(year: 2024, month: 1, day: 2)!, count: 151, r: 0.001)
        let c = SeriesContext(series: s, conventions: .tearsheet)
        #expect(!c.coversAYear)
        let total = expm1(151 * log1p(0.001))
        #expect(close(c.totalReturn, total, rel: 1e-12))
        let cagr = ReturnMetrics.cagr(c, basis: .tradingPeriods)
        #expect(cagr.double == nil)
        #expect(cagr.note?.contains("less than a year") == true)
        #expect(ReturnMetrics.cagr(c, basis: .calendarDays).double == nil)
        let itd = try #require(PeriodTables.trailing(c).first { $0.label == "ITD" })
        #expect(!itd.annualised)
        #expect(close(itd.value, total, rel: 1e-12))
        // Calmar divides CAGR: empty too.
        let r = MetricsEngine(conventions: .tearsheet).analyse("p", s, .zero)
        #expect(r.value("cagr")?.double == nil)
        #expect(r.value("calmar")?.double == nil)
        #expect(close(r.value("total_return")?.double, total, rel: 1e-12))
    }

    @Test func libraryPresetsAnnualiseShortSeries() throws {
        let s = Self.weekdays(from: Day(year: 2024, month: 1, day: 2)!, count: 151, r: 0.001)
        for conv in [Conventions.quantstats, .empyrical] {
            let c = SeriesContext(series: s, conventions: conv)
            // (1 + R)^(252/151) - 1 with R = 1.001^151 - 1: 1.001^252 - 1.
            let g = try #require(ReturnMetrics.cagr(c, basis: .tradingPeriods).double)
            #expect(close(g, expm1(252 * log1p(0.001)), rel: 1e-12))
            let itd = try #require(PeriodTables.trailing(c).first { $0.label == "ITD" })
            #expect(itd.annualised)
        }
    }

    @Test func aYearWithAHolidayStartIsAnnualised() throws {
        // 2023-01-03 (the first trading day after New Year) to 2023-12-29: the first return is
        // within 7 days after 2022-12-29, so the series covers a year.
        let s = Self.weekdays(from: Day(year: 2023, month: 1, day: 3)!, count: 259, r: 0.0005)
        #expect(s.days.last == Day(year: 2023, month: 12, day: 29)!)
        let c = SeriesContext(series: s, conventions: .tearsheet)
        #expect(c.coversAYear)
        let g = try #require(ReturnMetrics.cagr(c, basis: .tradingPeriods).double)
        #expect(close(g, expm1(252 * log1p(0.0005)), rel: 1e-12))
        #expect(PeriodTables.trailing(c).first { $0.label == "ITD" }?.annualised == true)
        // Starting on 13 January (past the week of slack) to the same end is under a year.
        let late = Self.weekdays(from: Day(year: 2023, month: 1, day: 13)!, count: 251, r: 0.0005)
        #expect(late.days.last == Day(year: 2023, month: 12, day: 29)!)
        #expect(!SeriesContext(series: late, conventions: .tearsheet).coversAYear)
    }

    @Test func partialYears() {
        let first = Day(year: 2023, month: 6, day: 15)!, last = Day(year: 2025, month: 3, day: 31)!
        #expect(PeriodTables.isPartialYear(2023, first: first, last: last))
        #expect(!PeriodTables.isPartialYear(2024, first: first, last: last))
        #expect(PeriodTables.isPartialYear(2025, first: first, last: last))
        // A year from its first trading day after the holidays to its last is whole.
        #expect(!PeriodTables.isPartialYear(2024, first: Day(year: 2024, month: 1, day: 2)!, last: Day(year: 2024, month: 12, day: 31)!))
        #expect(PeriodTables.isPartialYear(2024, first: Day(year: 2024, month: 1, day: 9)!, last: Day(year: 2024, month: 12, day: 31)!))
        #expect(PeriodTables.isPartialYear(2024, first: Day(year: 2024, month: 1, day: 2)!, last: Day(year: 2024, month: 12, day: 20)!))
    }
}
