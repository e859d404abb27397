import Testing
@testable import TearsheetAttribution
import TearsheetCore

/// A regime switch by hand, with a 3-day trend window.
/// Benchmark closes c_0..c_6 = 100, 101, 102, 103, 99, 97, 98. SMA_3 at j = 2..6: 101, 102, 101.33, 99.67, 98,
/// so the states are: j0, j1 warming-up; j2 bull (102 >= 101); j3 bull; j4 bear (99 < 101.33); j5 bear; j6 bull (98 >= 98).
/// Book days d1..d6 (the benchmark's days after c_0), portfolio r = 1%, 2%, -1%, 3%, -2%, 0.5%.
/// Start of day (state of the previous close): d1, d2 warming-up; d3, d4 bull; d5, d6 bear.
/// warming-up: R = 1.01 x 1.02 - 1 = 0.0302; bull: 0.99 x 1.03 - 1 = 0.0197; bear: 0.98 x 1.005 - 1 = -0.0151.
/// Benchmark over bull days d3, d4: 103/102 x 99/103 - 1 = 99/102 - 1; over bear days d5, d6: 98/99 - 1.
@Suite struct RegimeTests {
    let closes = [100.0, 101, 102, 103, 99, 97, 98]
    let r = [0.01, 0.02, -0.01, 0.03, -0.02, 0.005]

    func run(_ timing: ClassificationTiming) throws -> AttributionResult {
        let all = weekdays(from: day("2024-01-01"), count: 7)
        let bench = Benchmark(symbol: "SPY", closes: DatedSeries(days: all, values: closes), source: "test")
        let ds = Array(all.dropFirst())
        let book = makeBook(days: ds, sleeves: ["a", "b"], weights: [[0.6, 0.6, 0.6, 0.6, 0.6, 0.6], [0.4, 0.4, 0.4, 0.4, 0.4, 0.4]],
                            returns: [r.map { $0 / 0.6 * 0.5 }, r.map { $0 / 0.4 * 0.5 }])
        var config = AttributionConfig()
        config.trendWindow = 3
        config.classificationTiming = timing
        return try Attribution.run(book: book, benchmarks: [bench], config: config)
    }

    @Test func trendSwitchStartOfDay() throws {
        let res = try run(.startOfDay)
        let trend = res.regimes.first { $0.name == "trend" }!
        #expect(trend.groups.map(\.label) == ["bear", "bull", "warming-up"])
        let g = Dictionary(uniqueKeysWithValues: trend.groups.map { ($0.label, $0) })
        #expect(g["bull"]!.days == 2 && g["bear"]!.days == 2 && g["warming-up"]!.days == 2)
        #expect(abs(g["warming-up"]!.totalReturn - 0.0302) < 1e-15)
        #expect(abs(g["bull"]!.totalReturn - 0.0197) < 1e-15)
        #expect(abs(g["bear"]!.totalReturn - -0.0151) < 1e-15)
        #expect(abs(g["bull"]!.benchmarks[0].benchmarkReturn - (99.0 / 102 - 1)) < 1e-14)
        #expect(abs(g["bear"]!.benchmarks[0].benchmarkReturn - (98.0 / 99 - 1)) < 1e-14)
        #expect(abs(g["bear"]!.benchmarks[0].activeReturn - (-0.0151 - (98.0 / 99 - 1))) < 1e-14)
        #expect(abs(g["bull"]!.shareOfDays - 1.0 / 3) < 1e-15)
        // Log shares add up to log(1 + R).
        let logSum = trend.groups.reduce(0) { $0 + $1.logReturn! }
        #expect(abs(logSum - log1pRef(res.totalReturn)) < 1e-15)
        // Per-sleeve contributions within a regime add up to the regime's return.
        for grp in trend.groups {
            #expect(abs(Stats.sum(grp.sleeves.map(\.contribution)) - grp.totalReturn) < 1e-15)
        }
    }

    @Test func oneDayRegimeEndOfDay() throws {
        // End of day: d1 warming-up (j1), d2, d3 bull, d4, d5 bear, d6 bull: warming-up has a single day.
        let res = try run(.endOfDay)
        let trend = res.regimes.first { $0.name == "trend" }!
        let g = Dictionary(uniqueKeysWithValues: trend.groups.map { ($0.label, $0) })
        #expect(g["warming-up"]!.days == 1)
        #expect(g["bull"]!.days == 3)
        #expect(abs(g["warming-up"]!.totalReturn - 0.01) < 1e-15)
        #expect(g["warming-up"]!.volatility == nil)
        #expect(g["warming-up"]!.sharpe == nil)
        #expect(g["warming-up"]!.benchmarks[0].beta == nil)
        #expect(abs(g["bull"]!.totalReturn - (1.02 * 0.99 * 1.005 - 1)) < 1e-15)
    }

    @Test func classifierRules() {
        // Drawdown: 100 -> 91 (-9%: normal) -> 85 (-15%: correction) -> 79 (-21%: bear) -> 101 (new high).
        #expect(RegimeClassifiers.drawdown(closes: [100, 91, 85, 79, 101], correction: 0.10, bear: 0.20)
                == ["normal", "normal", "correction", "bear", "normal"])
        // Volatility with a 2-return window: returns +1%, -1% -> stdev 0.01414 x sqrt(252) = 22.4%: normal;
        // then -1%, -1% -> 0: low.
        let v = RegimeClassifiers.volatility(closes: [100, 101, 99.99, 98.9901], window: 2, low: 0.12, high: 0.25,
                                             periodsPerYear: 252)
        #expect(v == ["warming-up", "warming-up", "normal", "low"])
        #expect(RegimeClassifiers.trend(closes: [1, 2, 3], window: 200) == ["warming-up", "warming-up", "warming-up"])
    }

    @Test func userLabelsAndUnlabelledDays() throws {
        let all = weekdays(from: day("2024-01-01"), count: 7)
        let bench = Benchmark(symbol: "SPY", closes: DatedSeries(days: all, values: closes), source: "test")
        let ds = Array(all.dropFirst())
        let book = makeBook(days: ds, sleeves: ["a"], weights: [[1, 1, 1, 1, 1, 1]], returns: [r])
        let res = try Attribution.run(book: book, benchmarks: [bench],
                                      regimeLabels: [(ds[0], "risk-on"), (ds[1], "risk-on"), (ds[5], "risk-off")])
        let user = res.regimes.first { $0.name == "user" }!
        #expect(user.groups.map(\.label) == ["risk-off", "risk-on", "unlabelled"])
        #expect(user.groups.map(\.days) == [1, 2, 3])
    }
}

func log1pRef(_ x: Double) -> Double { ReturnStatistics.logReturn([x])! }
