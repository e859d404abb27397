import Testing
@testable import TearsheetAttribution
import TearsheetCore

@Suite struct PeriodTests {
    let days = weekdays(from: day("2022-12-01"), count: 316) // through 2024-02-15
    var r: [Double] {
        let a = saw(316, step: 1, modulus: 3, scale: 0.001), c = saw(316, step: 1, modulus: 7, scale: 0.0006)
        var out = a
        for t in 0..<316 { out[t] += c[t] }
        return out
    }
    var b: [Double] { saw(316, step: 1, modulus: 5, scale: 0.001) }

    func run() throws -> AttributionResult {
        let rs = r
        let book = makeBook(days: days, sleeves: ["x", "y"], weights: [[Double](repeating: 0.7, count: 316), [Double](repeating: 0.3, count: 316)],
                            returns: [rs.map { (x: Double) -> Double in x * 1.2 }, rs.map { (x: Double) -> Double in x / 3 * 2.2 }])
        return try Attribution.run(book: book, benchmarks: [makeBenchmark("SPY", days: days, returns: b)])
    }

    @Test func calendarAndTrailingPeriods() throws {
        #expect(days.last == day("2024-02-15"))
        let res = try run()
        #expect(res.periods.filter { $0.kind == .month }.count == 15)
        #expect(res.periods.filter { $0.kind == .quarter }.map(\.label) == ["2022-Q4", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1"])
        #expect(res.periods.filter { $0.kind == .year }.map(\.label) == ["2022", "2023", "2024"])
        let kinds = res.periods.map(\.kind)
        #expect(kinds.contains(.trailing1Y) && !kinds.contains(.trailing3Y) && !kinds.contains(.trailing5Y))
        let mtd = res.periods.first { $0.kind == .monthToDate }!
        #expect(mtd.start == day("2024-02-01") && mtd.days == 11)
        let ytd = res.periods.first { $0.kind == .yearToDate }!
        #expect(ytd.start == day("2024-01-01"))
        let y1 = res.periods.first { $0.kind == .trailing1Y }!
        #expect(y1.start == day("2023-02-16"))
        #expect(abs(y1.annualizedReturn! - y1.totalReturn) < 1e-15)
        // Months chain to ITD, and each period's contributions add up to its return.
        let months = res.periods.filter { $0.kind == .month }
        let chained = months.reduce(1.0) { $0 * (1 + $1.totalReturn) } - 1
        #expect(abs(chained - res.totalReturn) < 1e-13)
        for p in res.periods {
            #expect(abs(Stats.sum(p.contributions) + p.residual - p.totalReturn) < 1e-14)
            #expect(abs(Stats.sum(p.benchmarks[0].activeContributions) + p.benchmarks[0].activeResidual - p.benchmarks[0].activeReturn) < 1e-14)
        }
    }

    @Test func hitRates() throws {
        let res = try run()
        let rs = r, bs = b
        // First month (Dec 2022): days 0..<22; hit = share of days with r > b.
        let dec = res.periods.first { $0.label == "2022-12" }!
        #expect(dec.days == 22)
        let hits = (0..<22).filter { rs[$0] > bs[$0] }.count
        #expect(dec.benchmarks[0].hitRate == Double(hits) / 22)
        #expect(dec.benchmarks[0].hitRateBasis == .days)
        // Year 2023: share of its 12 months where the month's return beats the benchmark's.
        let y2023 = res.periods.first { $0.label == "2023" }!
        let monthWins = res.periods.filter { $0.kind == .month && $0.label.hasPrefix("2023") }
            .filter { $0.totalReturn > $0.benchmarks[0].benchmarkReturn }.count
        #expect(y2023.benchmarks[0].subperiods == 12)
        #expect(y2023.benchmarks[0].hitRate == Double(monthWins) / 12)
    }
}
