import Foundation
import Testing
import TearsheetMetrics
import TearsheetCore

/// The engine's API: undefined values, JSON shape and bytes, terminal rows, input validation.
@Suite struct EngineTests {
    static let start = Day(year: 2023, month: 1, day: 3)!

    static func series(_ r: [Double], from: Day = start) -> DatedSeries {
        DatedSeries(days: businessDays(from: from, count: r.count), values: r)
    }

    @Test func undefinedMetricsCarryReasons() throws {
        // One positive day: no variance, no losses, no drawdown.
        let result = try MetricsEngine().compute(returns: Self.series([0.01]))
        #expect(close(result.portfolio.value("total_return")?.double, 0.01, rel: 1e-14))
        #expect(result.portfolio.value("sharpe")?.note == "fewer than 2 returns")
        #expect(result.portfolio.value("sortino")?.note == "no returns below the risk-free rate")
        #expect(result.portfolio.value("calmar")?.note == "no drawdown")
        #expect(result.portfolio.value("profit_factor_daily")?.note == "no losing days")
        #expect(result.portfolio.value("max_drawdown")?.double == 0)
        let flat = try MetricsEngine().compute(returns: Self.series([0, 0, 0, 0, 0]))
        #expect(flat.portfolio.value("sharpe")?.note == "zero variance of excess returns")
        #expect(flat.portfolio.value("skewness")?.note == "zero variance")
        #expect(flat.portfolio.value("win_rate_daily")?.double == 0)
        let empty = try MetricsEngine().compute(returns: DatedSeries())
        #expect(empty.portfolio.values.allSatisfy { $0.double == nil })
    }

    @Test func jsonHasTheDocumentedShapeAndIsByteStable() throws {
        let r = Self.series([0.01, -0.02, 0.015, 0.0, 0.003])
        let b = Self.series([0.008, -0.01, 0.01, 0.002, -0.001])
        let result = try MetricsEngine(conventions: .quantstats).compute(returns: r, benchmarks: [NamedReturns("SPY", b)])
        let json = try result.json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["metrics", "benchmarks", "relative", "notes"])
        #expect((object["benchmarks"] as? [String: [String: Any]])?["SPY"]?["total_return"] is Double)
        #expect((object["relative"] as? [String: [String: Any]])?["SPY"]?["alpha"] != nil)
        // Integral values are written without a fraction: a day count reads back as an Int.
        #expect((object["benchmarks"] as? [String: [String: Any]])?["SPY"]?["max_drawdown_duration"] as? Int == 2)
        #expect(json.contains("\"max_drawdown_duration\" : 2,"))
        #expect(json == (try MetricsEngine(conventions: .quantstats).compute(returns: r, benchmarks: [NamedReturns("SPY", b)]).json()))
        // Unrounded doubles in shortest round-trip form: the text reads back as the same Double.
        let total = try #require(result.portfolio.value("total_return")?.double)
        #expect(json.contains("\"total_return\" : \(total.description)"))
        // A null carries a note, keyed by id.
        let one = try MetricsEngine().compute(returns: Self.series([0.01])).json()
        #expect(one.contains("\"sharpe\" : null"))
        #expect(one.contains("\"sharpe\" : \"fewer than 2 returns\""))
    }

    @Test func tradeStatisticsJoinTheMetricsObject() throws {
        let d = Self.start
        func trip(_ strategy: String, _ pnl: Double, _ days: Int) -> RoundTrip {
            RoundTrip(account: "A", strategy: strategy, symbol: "X", direction: .long, entryDay: d, exitDay: d.adding(days: days),
                      quantity: 10, entryPrice: 100, exitPrice: 100 + pnl / 10, fees: 1, pnl: pnl, returnPct: pnl / 1000,
                      holdingDaysTrading: days, holdingDaysCalendar: days)
        }
        let trips = [trip("momo", 50, 1), trip("momo", -20, 2), trip("carry", 30, 3), trip("momo", 40, 4), trip("carry", 0, 5)]
        let result = try MetricsEngine().compute(returns: Self.series([0.01, -0.01]), roundTrips: trips)
        let all = try #require(result.trades?.first)
        #expect(all.strategy == nil)
        #expect(all.value("trades")?.double == 5)
        #expect(all.value("win_rate")?.double == 0.6)
        #expect(all.value("gross_profit")?.double == 120)
        #expect(all.value("gross_loss")?.double == -20)
        #expect(all.value("profit_factor")?.double == 6)
        #expect(all.value("expectancy")?.double == 20)
        #expect(all.value("avg_win")?.double == 40)
        #expect(all.value("payoff_ratio")?.double == 2)
        #expect(all.value("max_consecutive_wins")?.double == 2)
        #expect(all.value("max_consecutive_losses")?.double == 1)
        #expect(all.value("largest_loss")?.double == -20)
        #expect(all.value("avg_holding_days")?.double == 3)
        #expect(all.value("total_fees")?.double == 5)
        #expect(result.trades?.map(\.strategy) == [nil, "carry", "momo"])
        #expect(result.trades?[1].value("profit_factor")?.note == "no losing trades")
        let sqn = try #require(all.value("sqn")?.double)
        let pnl = [50.0, -20, 30, 40, 0], m = 20.0
        let sd = (pnl.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 4).squareRoot()
        #expect(abs(sqn - 5.0.squareRoot() * m / sd) < 1e-12)
        #expect(try result.json().contains("\"trades\" : 5"))
    }

    @Test func terminalRowsFormatByUnit() throws {
        let r = Self.series([0.01, -0.02, 0.015, 0.0, 0.003])
        let result = try MetricsEngine().compute(returns: r, benchmarks: [NamedReturns("SPY", r), NamedReturns("QQQ", r)])
        let rows = MetricsTable.rows(result)
        let total = try #require(rows.first { $0.id == "total_return" })
        #expect(total.portfolio == "0.77%")
        #expect(total.benchmarks == ["0.77%", "0.77%"])
        let beta = try #require(rows.first { $0.id == "beta" })
        #expect(beta.portfolio == "" && beta.benchmarks == ["1.00", "1.00"])
        #expect(MetricsTable.format(.value(-1234567.891), .currency) == "-1,234,567.89")
        #expect(MetricsTable.format(.undefined("x"), .ratio) == "-")
        #expect(MetricsTable.fixed(-0.004, 2) == "0.00")
        #expect(MetricsTable.render(result).contains("Portfolio"))
    }

    @Test func repeatedDatesAreRejected() {
        let d = Self.start
        let bad = DatedSeries(days: [d, d], values: [0.01, 0.02])
        #expect(throws: TearsheetError.self) { try MetricsEngine().compute(returns: bad) }
        let nan = DatedSeries(days: [d], values: [.nan])
        #expect(throws: TearsheetError.self) { try MetricsEngine().compute(returns: nan) }
    }

    @Test func benchmarkAlignsByInnerJoin() throws {
        let r = Self.series([0.01, 0.02, -0.01, 0.005])
        let b = DatedSeries(days: [r.days[0], r.days[2], r.days[3], r.days[3].adding(days: 30)], values: [0.02, -0.02, 0.01, 0.5])
        let result = try MetricsEngine().compute(returns: r, benchmarks: [NamedReturns("B", b)])
        #expect(result.relative[0].commonDays == 3)
        let batting = try #require(result.relative[0].value("batting_average")?.double)
        #expect(abs(batting - 1.0 / 3.0) < 1e-15)  // only the day the benchmark fell 2% is a win
    }

    @Test func annualRateSeriesIsConvertedAndCarriedForward() {
        let days = businessDays(from: Self.start, count: 5)
        let rf = RiskFree.series(RiskFreeSeries(rates: DatedSeries(days: [days[1], days[3]], values: [0.05, 0.02]),
                                                source: "rf.csv", path: "/rf.csv"))
        let daily05 = RiskFree.perPeriod(annual: 0.05, periodsPerYear: 252), daily02 = RiskFree.perPeriod(annual: 0.02, periodsPerYear: 252)
        #expect(rf.perPeriod(on: days, periodsPerYear: 252) == [daily05, daily05, daily05, daily02, daily02])
        #expect(abs(daily05 - pow105()) < 1e-15)
        let annual = RiskFree.annual(0.05).perPeriod(on: days, periodsPerYear: 252)
        #expect(abs(annual[0] - (1.05.squareRoot().squareRoot() * 0 + pow105())) < 1e-15)
    }

    func pow105() -> Double {
        // (1.05)^(1/252) - 1 by repeated Newton on x^252 = 1.05, independent of the library's pow.
        var x = 1.0002
        for _ in 0..<50 {
            var p = 1.0
            for _ in 0..<251 { p *= x }
            x -= (p * x - 1.05) / (252 * p)
        }
        return x - 1
    }
}

@Suite struct ConventionTests {
    @Test func presetsByName() {
        #expect(Conventions.preset(named: "QuantStats") == .quantstats)
        #expect(Conventions.preset(named: "empyrical") == .empyrical)
        #expect(Conventions.preset(named: "tearsheet") == .tearsheet)
        #expect(Conventions.preset(named: "ffn") == nil)
    }

    @Test func calendarDayCAGRUsesTheDateSpan() throws {
        // 2020-01-01 to 2022-01-01 is 731 days; total return 21%.
        let days = [Day(year: 2020, month: 1, day: 1)!, Day(year: 2021, month: 1, day: 1)!, Day(year: 2022, month: 1, day: 1)!]
        let c = SeriesContext(days: days, returns: [0, 0.1, 0.1], conventions: .tearsheet)
        let got = try #require(ReturnMetrics.cagr(c, basis: .calendarDays).double)
        #expect(close(got, Stats.pow1p(0.21, 365.25 / 731) - 1, rel: 1e-14))
        let periods = try #require(ReturnMetrics.cagr(c, basis: .tradingPeriods).double)
        #expect(close(periods, Stats.pow1p(0.21, 252.0 / 3) - 1, rel: 1e-12))
    }

    @Test func informationRatioAnnualisationFollowsTheConventions() throws {
        let r = EngineTests.series([0.01, -0.02, 0.015, 0.0, 0.003])
        let b = EngineTests.series([0.008, -0.01, 0.01, 0.002, -0.001])
        let perPeriod = try #require(try MetricsEngine(conventions: .quantstats).compute(returns: r, benchmarks: [NamedReturns("B", b)]).relative[0].value("information_ratio")?.double)
        let annual = try #require(try MetricsEngine().compute(returns: r, benchmarks: [NamedReturns("B", b)]).relative[0].value("information_ratio")?.double)
        #expect(close(annual, perPeriod * 252.0.squareRoot(), rel: 1e-14))
    }
}
