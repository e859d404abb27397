import Testing
import TearsheetMetrics
import TearsheetCore

/// Period, drawdown and rolling tables against hand computations.
@Suite struct TableTests {
    @Test func drawdownTableListsEpisodesDeepestFirst() {
        let days = businessDays(from: Day(year: 2024, month: 1, day: 1)!, count: 8)
        // Up, down 10%, recover, down 20%, never recovered.
        let r = [0.1, -0.1, 0.05, 0.06, 0.0, -0.2, 0.01, 0.01]
        let c = SeriesContext(days: days, returns: r, conventions: .tearsheet)
        let rows = DrawdownTable.top(c, 10)
        #expect(rows.count == 2)
        #expect(rows[0].start == days[5] && rows[0].trough == days[5] && rows[0].recovery == nil && rows[0].recoveryDays == nil)
        #expect(abs(rows[0].depth - (-0.2)) < 1e-12)
        #expect(rows[0].lengthDays == 3)
        #expect(rows[1].start == days[1] && rows[1].recovery == days[3] && rows[1].lengthDays == 2 && rows[1].recoveryDays == 2)
        #expect(abs(rows[1].depth - (-0.1)) < 1e-12)
        #expect(DrawdownTable.top(c, 1).count == 1)
    }

    @Test func firstDayLossIsADrawdown() {
        let c = SeriesContext(days: businessDays(from: Day(year: 2024, month: 1, day: 1)!, count: 2), returns: [-0.05, 0.01], conventions: .tearsheet)
        #expect(abs(c.maxDrawdown - (-0.05)) < 1e-15)
    }

    @Test func trailingReturnsAreAbsentWhenHistoryIsShort() {
        let days = businessDays(from: Day(year: 2022, month: 6, day: 1)!, count: 400)
        let r = days.indices.map { 0.001 * Double($0 % 7 - 3) }
        let c = SeriesContext(days: days, returns: r, conventions: .tearsheet)
        let labels = PeriodTables.trailing(c).map(\.label)
        #expect(labels == ["MTD", "QTD", "YTD", "1Y", "ITD"])
        let ytd = PeriodTables.trailing(c).first { $0.label == "YTD" }!
        let last = days.last!
        let want = zip(days, r).filter { $0.0.year == last.year }.reduce(1.0) { $0 * (1 + $1.1) } - 1
        #expect(abs(ytd.value - want) < 1e-12)
    }

    @Test func threeYearTrailingIsAnnualised() {
        let days = businessDays(from: Day(year: 2020, month: 1, day: 1)!, count: 252 * 4)
        let r = [Double](repeating: 0.0003, count: days.count)
        let c = SeriesContext(days: days, returns: r, conventions: .tearsheet)
        let t3 = PeriodTables.trailing(c).first { $0.label == "3Y" }!
        let boundary = days.last!.adding(months: -36)
        let n = days.filter { $0 > boundary }.count
        let want = Stats.pow1p(Stats.compound([Double](repeating: 0.0003, count: n)), 1.0 / 3) - 1
        #expect(t3.annualised && abs(t3.value - want) < 1e-12)
    }

    @Test func quarterlyReturnsCompoundTheMonths() {
        let days = businessDays(from: Day(year: 2023, month: 1, day: 2)!, count: 300)
        var g = SplitMix(state: 7)
        let r = days.map { _ in (g.uniform() - 0.5) * 0.04 }
        let c = SeriesContext(days: days, returns: r, conventions: .tearsheet)
        for q in PeriodTables.quarterly(c) {
            let months = c.months.filter { $0.year == q.year && ($0.period - 1) / 3 + 1 == q.period }
            let product = months.reduce(1.0) { $0 * (1 + $1.value) } - 1
            #expect(abs(product - q.value) < 1e-12)
        }
    }

    @Test func rollingSeriesMatchNaiveWindows() {
        let days = businessDays(from: Day(year: 2015, month: 1, day: 1)!, count: 3000)
        var g = SplitMix(state: 42)
        let r = days.map { _ in (g.uniform() - 0.48) * 0.03 }
        let b = days.map { _ in (g.uniform() - 0.5) * 0.02 }
        let conv = Conventions.tearsheet
        let c = SeriesContext(days: days, returns: r, conventions: conv)
        let p = PairContext(days: days, portfolio: r, benchmark: b, riskFree: [Double](repeating: 0, count: r.count), conventions: conv)
        let w = 126
        let sharpe = Rolling.sharpe(c, window: w), vol = Rolling.volatility(c, window: w), beta = Rolling.beta(p, window: w)
        #expect(sharpe.count == days.count - w + 1 && beta.count == sharpe.count)
        for i in stride(from: w - 1, to: days.count, by: 97) {
            let win = Array(r[(i - w + 1)...i]), bw = Array(b[(i - w + 1)...i])
            let m = Stats.mean(win)!, s = Stats.stdev(win)!
            #expect(abs(sharpe.values[i - w + 1] - m / s * 252.0.squareRoot()) < 1e-9)
            #expect(abs(vol.values[i - w + 1] - s * 252.0.squareRoot()) < 1e-12)
            let naiveBeta = Stats.covariance(win, bw)! / Stats.variance(bw)!
            #expect(abs(beta.values[i - w + 1] - naiveBeta) < 1e-9)
        }
        #expect(Rolling.sharpe(SeriesContext(days: Array(days[0..<30]), returns: Array(r[0..<30]), conventions: conv), window: w).isEmpty)
    }
}

@Suite struct TrailingEdgeTests {
    @Test func periodToDateNeedsHistoryFromThePeriodStart() {
        // Starts mid-March: no YTD, QTD only once a new quarter began, MTD present.
        let days = businessDays(from: Day(year: 2024, month: 3, day: 14)!, count: 30)
        let c = SeriesContext(days: days, returns: [Double](repeating: 0.001, count: 30), conventions: .tearsheet)
        #expect(PeriodTables.trailing(c).map(\.label) == ["MTD", "QTD", "ITD"])
    }
}
