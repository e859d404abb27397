import Testing
import TearsheetCore

/// The one conversion of an annual risk-free rate to per-period rates, and a series' coverage.
@Suite struct RiskFreeTests {
    static func day(_ m: Int, _ d: Int) -> Day { Day(year: 2024, month: m, day: d)! }
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * abs(b) }

    /// (1 + R)^(1/k) - 1 against values worked out to 40 digits (Python `decimal`: exp(ln(1 + R) / k) - 1).
    @Test func annualRatesConvertGeometrically() {
        let cases: [(Double, Double, Double)] = [
            (0.02, 252, 0.000078584941984712858361),
            (0.05, 252, 0.000193630506544079874259),
            (0.03, 12, 0.002466269772303599979972),
            (-0.01, 252, -0.000039881489845181180488),
        ]
        for (annual, k, expected) in cases {
            #expect(Self.close(RiskFree.perPeriod(annual: annual, periodsPerYear: k), expected), "\(annual) over \(k)")
            #expect(RiskFree.annual(annual).perPeriod(on: [Self.day(1, 2), Self.day(1, 3)], periodsPerYear: k).allSatisfy { Self.close($0, expected) })
        }
        #expect(RiskFree.perPeriod(annual: 0, periodsPerYear: 252) == 0)
        // Compounded over k periods the per-period rate gives back the annual rate.
        let daily = RiskFree.perPeriod(annual: 0.05, periodsPerYear: 252)
        var g = 1.0
        for _ in 0..<252 { g *= 1 + daily }
        #expect(abs(g - 1.05) < 1e-13)
    }

    static let series = RiskFreeSeries(rates: DatedSeries(days: [day(1, 2), day(1, 3), day(1, 8)], values: [0.05, 0.02, 0.03]),
                                       source: "rates.csv", path: "/books/rates.csv", sha256: "ab12")

    @Test func aSeriesIsAlignedByDateAndEachRateConvertedOnce() {
        let days = [Self.day(1, 2), Self.day(1, 3), Self.day(1, 4), Self.day(1, 8), Self.day(1, 9)]
        let rates = RiskFree.series(Self.series).perPeriod(on: days, periodsPerYear: 252)
        let expected = [0.05, 0.02, 0.02, 0.03, 0.03].map { RiskFree.perPeriod(annual: $0, periodsPerYear: 252) }
        #expect(rates == expected)
    }

    @Test func coverageNamesTheFirstUncoveredDayAndTheFilledRuns() {
        let days = [Self.day(1, 2), Self.day(1, 3), Self.day(1, 4), Self.day(1, 5), Self.day(1, 8), Self.day(1, 9)]
        #expect(RiskFree.series(Self.series).coverage(of: days) == RiskFreeCoverage(firstMissing: Self.day(1, 4), filled: []))
        var fill = Self.series
        fill.fill = .previous(maxDays: nil)
        #expect(RiskFree.series(fill).coverage(of: days)
                == RiskFreeCoverage(firstMissing: nil, filled: [Self.day(1, 4)...Self.day(1, 5), Self.day(1, 9)...Self.day(1, 9)]))
        fill.fill = .previous(maxDays: 1)
        #expect(RiskFree.series(fill).coverage(of: days).firstMissing == Self.day(1, 5))
        // Before the first rate there is nothing to carry forward.
        #expect(RiskFree.series(fill).coverage(of: [Self.day(1, 1)]).firstMissing == Self.day(1, 1))
        #expect(RiskFree.annual(0.02).coverage(of: days).firstMissing == nil)
    }

    @Test func disclosureStatesTheValueOrTheFile() {
        #expect(RiskFree.zero.disclosure == "0% (no risk-free rate given)")
        #expect(RiskFree.annual(0.02).disclosure == "2.00% a year (constant)")
        #expect(RiskFree.annual(0.04125).disclosure == "4.125% a year (constant)")
        #expect(RiskFree.series(Self.series).disclosure == "annual rates from rates.csv, 3 rates dated 2024-01-02 to 2024-01-08, SHA-256 ab12")
    }
}
