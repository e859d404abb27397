import Foundation
import Testing
import PropertyBased
import TearsheetMetrics
import TearsheetCore

/// Identities every correct implementation satisfies, on random series.
@Suite struct PropertyTests {
    static func context(_ r: [Double], rf: [Double]? = nil, _ conv: Conventions = .tearsheet) -> SeriesContext {
        SeriesContext(days: businessDays(from: Day(year: 2020, month: 1, day: 2)!, count: r.count), returns: r, riskFree: rf, conventions: conv)
    }

    static func relClose(_ a: MetricValue, _ b: MetricValue, _ tol: Double = 1e-9) -> Bool {
        switch (a, b) {
        case (.value(let x), .value(let y)): return abs(x - y) <= tol * max(1, abs(y))
        case (.undefined, .undefined): return true
        default: return false
        }
    }

    @Test func sharpeUnchangedWhenReturnsAndRiskFreeShiftTogether() async {
        await propertyCheck(input: Gen.double(in: -0.001...0.001), Gen.double(in: -0.05...0.05).array(of: 3...120)) { shift, r in
            let base = Self.context(r)
            let shifted = Self.context(r.map { $0 + shift }, rf: [Double](repeating: shift, count: r.count))
            #expect(Self.relClose(RatioMetrics.sharpe(shifted), RatioMetrics.sharpe(base), 1e-7))
        }
    }

    @Test func sharpeAndSortinoScaleInvariant() async {
        await propertyCheck(input: Gen.double(in: 0.1...10), Gen.double(in: -0.05...0.05).array(of: 3...120)) { scale, r in
            let a = Self.context(r), b = Self.context(r.map { $0 * scale })
            #expect(Self.relClose(RatioMetrics.sharpe(b), RatioMetrics.sharpe(a), 1e-9))
            #expect(Self.relClose(RatioMetrics.sortino(b), RatioMetrics.sortino(a), 1e-9))
            #expect(Self.relClose(RatioMetrics.sharpe(b, smart: true), RatioMetrics.sharpe(a, smart: true), 1e-9))
        }
    }

    @Test func maxDrawdownNeverWorseAfterAddingAPositiveConstant() async {
        await propertyCheck(input: Gen.double(in: 0...0.01), Gen.double(in: -0.08...0.08).array(of: 1...200)) { c, r in
            let a = Self.context(r).maxDrawdown, b = Self.context(r.map { $0 + c }).maxDrawdown
            #expect(b >= a - 1e-12)
        }
    }

    @Test func calendarMonthsCompoundToTheYear() async {
        await propertyCheck(input: Gen.double(in: -0.05...0.05).array(of: 1...700)) { r in
            for row in PeriodTables.calendar(Self.context(r)) {
                let product = row.months.compactMap { $0 }.reduce(1.0) { $0 * (1 + $1) } - 1
                #expect(abs(product - row.total) <= 1e-12 * max(1, abs(row.total)))
            }
        }
    }

    @Test func metricsIndependentOfInputOrder() async throws {
        await propertyCheck(input: Gen.int(in: 0...Int(Int32.max)), Gen.double(in: -0.05...0.05).array(of: 2...150)) { seed, r in
            let days = businessDays(from: Day(year: 2021, month: 3, day: 1)!, count: r.count)
            var g = SplitMix(state: UInt64(seed))
            var order = Array(r.indices)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(g.next() % UInt64(i + 1))) }
            let sorted = DatedSeries(days: days, values: r)
            let shuffled = DatedSeries(days: order.map { days[$0] }, values: order.map { r[$0] })
            let engine = MetricsEngine(conventions: .quantstats)
            let a = try engine.compute(returns: sorted, benchmarks: [NamedReturns("B", sorted)])
            let b = try engine.compute(returns: shuffled, benchmarks: [NamedReturns("B", shuffled)])
            #expect(try a.json() == b.json())
        }
    }

    @Test func noMetricIsEverNonFinite() async throws {
        await propertyCheck(input: Gen.double(in: -0.5...0.5).array(of: 0...40), Gen.bool(0.3)) { r, flat in
            let values = flat ? r.map { _ in 0.0 } : r
            let s = DatedSeries(days: businessDays(from: Day(year: 2022, month: 12, day: 1)!, count: values.count), values: values)
            let result = try MetricsEngine().compute(returns: s, benchmarks: [NamedReturns("B", s)], roundTrips: [])
            for v in result.portfolio.values + result.relative[0].values + (result.trades?[0].values ?? []) {
                if case .value(let x) = v { #expect(x.isFinite) }
            }
            let json = try result.json()
            for bad in [": nan", ": inf", ": -inf", ": NaN"] { #expect(!json.contains(bad)) }
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
        }
    }
}

/// The sampled-threshold tail extraction must give exactly the order statistics of a full sort.
@Suite struct TailSelectionTests {
    @Test func tailsEqualTheFullSort() async {
        await propertyCheck(input: Gen.int(in: 2000...7000), Gen.int(in: 0...Int(Int32.max)), Gen.double(in: 0...0.9)) { n, seed, zeroShare in
            var g = SplitMix(state: UInt64(seed))
            let r = (0..<n).map { _ in g.uniform() < zeroShare ? 0.0 : (g.uniform() - 0.5) * 0.04 * (g.uniform() < 0.02 ? 10 : 1) }
            let c = SeriesContext(days: businessDays(from: Day(year: 2000, month: 1, day: 3)!, count: n), returns: r, conventions: .tearsheet)
            let sorted = r.sorted()
            let q05 = Stats.quantile(sorted: sorted, 0.05)!, q95 = Stats.quantile(sorted: sorted, 0.95)!
            #expect(TailRiskMetrics.historicalVaR(c).double == q05)
            #expect(TailRiskMetrics.tailRatio(c) == (q05 == 0 ? .undefined("the 5% quantile is zero") : .value(abs(q95) / abs(q05))))
            let k = Int(Double(n - 1) * 0.05) + 1
            let cvar = Stats.sum(sorted[0..<k]) / Double(k)
            #expect(close(TailRiskMetrics.historicalCVaR(c).double, cvar, rel: 1e-13, abs: 1e-16))
        }
    }
}
