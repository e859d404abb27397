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
