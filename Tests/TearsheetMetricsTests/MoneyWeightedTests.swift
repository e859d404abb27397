import Foundation
import Testing
import TearsheetCore
import TearsheetMetrics

/// Modified Dietz and XIRR: hand-checked cases and an independent solver.
@Suite struct MoneyWeightedTests {
    func day(_ s: String) -> Day { Day(iso: s)! }

    func period(_ start: String, _ end: String, _ v0: Double, _ v1: Double, _ flows: [DatedFlow]) throws -> MoneyWeightedPeriod {
        try #require(MoneyWeightedPeriod(start: day(start), end: day(end), startValue: v0, endValue: v1, flows: flows))
    }

    @Test func withoutFlowsBothAreTheSimpleReturn() throws {
        let p = try period("2023-01-01", "2024-01-01", 100, 110, [])
        #expect(p.calendarDays == 365)
        #expect(close(MoneyWeighted.modifiedDietz(p).double, 0.1))
        #expect(close(MoneyWeighted.xirr(p).double, 0.1))
        #expect(close(MoneyWeighted.periodReturn(p).double, 0.1))
        #expect(close(MoneyWeighted.annualisedXIRR(p).double, 0.1))
    }

    @Test func inceptionWithOneDepositAtTheStartOfTheFirstDay() throws {
        // Start = the calendar day before the first valued day, V0 = 0; the deposit is invested for
        // the whole period (weight 1, time 0).
        let p = try period("2023-01-01", "2025-01-01", 0, 121, [DatedFlow(day: day("2023-01-02"), amount: 100)])
        #expect(p.calendarDays == 731)
        #expect(close(MoneyWeighted.modifiedDietz(p).double, 0.21))
        #expect(close(MoneyWeighted.xirr(p).double, pow(1.21, 365.0 / 731.0) - 1))
        #expect(close(MoneyWeighted.periodReturn(p).double, 0.21))
    }

    @Test func aMidPeriodDepositAfterTheCloseIsWeightedByTheDaysItWasInvested() throws {
        // 2023-07-02 is 182 days after 2023-01-01; after the close it is invested for 365 - 182 days.
        let p = try period("2023-01-01", "2024-01-01", 100, 160,
                           [DatedFlow(day: day("2023-07-02"), amount: 50, atStartOfDay: false)])
        let expected = (160.0 - 100 - 50) / (100 + 50 * (365.0 - 182) / 365)
        #expect(close(MoneyWeighted.modifiedDietz(p).double, expected))
        // The same flow at the start of the day counts one day more.
        let q = try period("2023-01-01", "2024-01-01", 100, 160, [DatedFlow(day: day("2023-07-02"), amount: 50)])
        #expect(close(MoneyWeighted.modifiedDietz(q).double, (160.0 - 100 - 50) / (100 + 50 * (365.0 - 181) / 365)))
    }

    @Test func shortPeriodsAreNotAnnualised() throws {
        let p = try period("2024-01-31", "2024-02-29", 100, 102, [])
        #expect(MoneyWeighted.annualisedXIRR(p).note?.contains("shorter than a year") == true)
        #expect(close(MoneyWeighted.periodReturn(p).double, 0.02))
        #expect(close(MoneyWeighted.modifiedDietz(p).double, 0.02))
    }

    @Test func undefinedWhenNothingWasInvested() throws {
        let p = try period("2024-01-01", "2024-03-01", 0, 0, [])
        #expect(MoneyWeighted.xirr(p).double == nil)
        #expect(MoneyWeighted.modifiedDietz(p).double == nil)
        // Everything withdrawn at the start: the average capital is negative.
        let q = try period("2024-01-01", "2024-03-01", 100, 0, [DatedFlow(day: day("2024-01-02"), amount: -150)])
        #expect(MoneyWeighted.modifiedDietz(q).note != nil)
    }

    @Test func aFlowOutsideThePeriodIsRefused() {
        #expect(MoneyWeightedPeriod(start: day("2024-01-01"), end: day("2024-02-01"), startValue: 1, endValue: 1,
                                    flows: [DatedFlow(day: day("2024-01-01"), amount: 1)]) == nil)
        #expect(MoneyWeightedPeriod(start: day("2024-02-01"), end: day("2024-02-01"), startValue: 1, endValue: 1, flows: []) == nil)
    }

    /// An independent solver: plain bisection on r itself with `pow`, 300 halvings.
    static func bisectionIRR(_ amounts: [Double], _ years: [Double]) -> Double? {
        func npv(_ r: Double) -> Double { zip(amounts, years).reduce(0) { $0 + $1.0 / pow(1 + r, $1.1) } }
        var lo = -0.999, hi = 100.0
        guard (npv(lo) < 0) != (npv(hi) < 0) else { return nil }
        for _ in 0..<300 {
            let mid = (lo + hi) / 2
            if (npv(mid) < 0) == (npv(lo) < 0) { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    @Test func xirrAgreesWithAnIndependentSolverOnSeededBooks() throws {
        var rng = SplitMix(state: 20261206)
        var checked = 0
        for _ in 0..<300 {
            let start = Day(serial: Day(iso: "2015-01-01")!.serial + Int32(rng.next() % 1000))
            let length = 30 + Int(rng.next() % 3000)
            let end = start.adding(days: length)
            let v0 = Double(rng.next() % 2) == 0 ? 0 : 1000 + Double(rng.next() % 100_000)
            var flows: [DatedFlow] = []
            for _ in 0..<Int(rng.next() % 8) {
                let d = start.adding(days: 1 + Int(rng.next() % UInt64(length)))
                let amount = (Double(rng.next() % 20_000) - 5_000)
                flows.append(DatedFlow(day: d, amount: amount, atStartOfDay: rng.next() % 2 == 0))
            }
            if v0 == 0 { flows.append(DatedFlow(day: start.adding(days: 1), amount: 10_000)) }
            let invested = v0 + flows.reduce(0) { $0 + $1.amount }
            guard invested > 0 else { continue }
            let growth = 0.5 + Double(rng.next() % 1000) / 1000
            let v1 = invested * growth
            let p = try period(start.description, end.description, v0, v1, flows)
            var amounts = [-v0], years = [0.0]
            for f in flows {
                amounts.append(-f.amount)
                years.append((Double(f.day.serial - start.serial) - (f.atStartOfDay ? 1 : 0)) / 365)
            }
            amounts.append(v1); years.append(Double(length) / 365)
            guard let reference = Self.bisectionIRR(amounts, years), abs(reference) < 50 else { continue }
            let r = try #require(MoneyWeighted.xirr(p).double)
            #expect(close(r, reference, rel: 1e-9, abs: 1e-11), "start \(start) end \(end) v0 \(v0) flows \(flows)")
            checked += 1
        }
        #expect(checked > 200)
    }
}

/// The windows of a book's money-weighted table.
@Suite struct MoneyWeightedTableTests {
    /// Business days of 2021-03-01 .. 2024-06-28 with seeded returns and NAV from them.
    func book(flows flowAt: [Int: Double] = [:]) -> (days: [Day], nav: [Double], flows: [Double], returns: [Double]) {
        let days = businessDays(from: Day(iso: "2021-03-01")!, count: 870)
        var rng = SplitMix(state: 7)
        var nav: [Double] = [], flows: [Double] = [], returns: [Double] = []
        var v = 0.0
        for t in days.indices {
            let f = (t == 0 ? 1_000_000 : 0) + (flowAt[t] ?? 0)
            let r = (rng.uniform() - 0.5) * 0.02
            v = (v + f) * (1 + r) // flows at the start of the day earn the day's return
            nav.append(v); flows.append(f); returns.append(r)
        }
        return (days, nav, flows, returns)
    }

    @Test func withoutFlowsEveryWindowEqualsTheCompoundedTimeWeightedReturn() throws {
        let b = book()
        let table = MoneyWeightedTable.compute(days: b.days, nav: b.nav, flows: b.flows, returns: b.returns, flowsAtStartOfDay: true)
        #expect(table.map(\.label) == ["MTD", "QTD", "YTD", "1Y", "3Y", "ITD", "2021", "2022", "2023", "2024"])
        for row in table {
            let i = b.days.firstIndex(of: row.from)!, j = b.days.firstIndex(of: row.to)!
            let twr = b.returns[i...j].reduce(1.0) { $0 * (1 + $1) } - 1
            #expect(close(row.modifiedDietz.double, twr, rel: 1e-9, abs: 1e-12), "\(row.label)")
            #expect(close(row.xirrPeriod.double, twr, rel: 1e-9, abs: 1e-12), "\(row.label)")
            #expect(close(row.timeWeighted, twr, rel: 1e-12, abs: 1e-15), "\(row.label)")
        }
        let byLabel = Dictionary(uniqueKeysWithValues: table.map { ($0.label, $0) })
        #expect(byLabel["2021"]?.partial == true)
        #expect(byLabel["2022"]?.partial == false)
        #expect(byLabel["2024"]?.partial == true)
        #expect(byLabel["MTD"]?.xirrAnnualised.note != nil)
        // A calendar year between trading-day closes counts as a year (2022: 2021-12-31 to 2022-12-30, 364 days).
        #expect(byLabel["2022"]?.xirrAnnualised.double != nil)
        #expect(byLabel["3Y"]?.xirrAnnualised.double != nil)
    }

    @Test func aWindowWithFlowsMatchesTheDirectComputation() throws {
        let b = book(flows: [400: 500_000, 700: -300_000])
        let table = MoneyWeightedTable.compute(days: b.days, nav: b.nav, flows: b.flows, returns: b.returns, flowsAtStartOfDay: true)
        let itd = try #require(table.first { $0.label == "ITD" })
        let dated = b.days.indices.filter { b.flows[$0] != 0 }.map { DatedFlow(day: b.days[$0], amount: b.flows[$0]) }
        let p = try #require(MoneyWeightedPeriod(start: b.days[0].adding(days: -1), end: b.days.last!, startValue: 0,
                                                  endValue: b.nav.last!, flows: dated))
        #expect(itd.modifiedDietz == MoneyWeighted.modifiedDietz(p))
        #expect(itd.xirrAnnualised == MoneyWeighted.xirr(p))
        #expect(close(itd.netFlows, 1_200_000))
        // A year in the middle starts from the previous close's NAV.
        let y2022 = try #require(table.first { $0.label == "2022" })
        let i = b.days.firstIndex(of: y2022.from)!, j = b.days.firstIndex(of: y2022.to)!
        let q = try #require(MoneyWeightedPeriod(start: b.days[i - 1], end: b.days[j], startValue: b.nav[i - 1], endValue: b.nav[j],
                                                  flows: (i...j).filter { b.flows[$0] != 0 }.map { DatedFlow(day: b.days[$0], amount: b.flows[$0]) }))
        #expect(y2022.modifiedDietz == MoneyWeighted.modifiedDietz(q))
    }
}
