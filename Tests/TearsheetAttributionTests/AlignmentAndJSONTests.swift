import Testing
import Foundation
@testable import TearsheetAttribution
import TearsheetCore

@Suite struct AlignmentTests {
    /// Benchmark closes on Mon 100, Tue 101, Thu 103.02 (Wed missing); book trades Tue, Wed, Thu.
    /// Tue: 101/100 - 1 = 1%; Wed: no new close -> 0; Thu: 103.02/101 - 1 = 2% (Wed's move lands on Thu).
    @Test func missingBenchmarkDayCompoundsIntoTheNextCommonDay() {
        let closes = DatedSeries(days: [day("2024-01-01"), day("2024-01-02"), day("2024-01-04")], values: [100, 101, 103.02])
        let (r, missing) = BenchmarkAlignment.align(closes, to: [day("2024-01-02"), day("2024-01-03"), day("2024-01-04")])
        #expect(missing == 0)
        #expect(abs(r[0] - 0.01) < 1e-15 && r[1] == 0 && abs(r[2] - 0.02) < 1e-15)
    }

    /// A benchmark day the book lacks: book trades Mon and Wed; the benchmark's Tue move is compounded into Wed.
    @Test func missingBookDay() {
        let closes = DatedSeries(days: [day("2024-01-01"), day("2024-01-02"), day("2024-01-03")], values: [100, 110, 121])
        let (r, _) = BenchmarkAlignment.align(closes, to: [day("2024-01-01"), day("2024-01-03")])
        #expect(abs(r[1] - 0.21) < 1e-15)
    }

    @Test func noHistoryBeforeTheFirstDayIsReported() throws {
        let ds = weekdays(from: day("2024-01-01"), count: 3)
        let book = makeBook(days: ds, sleeves: ["a"], weights: [[1, 1, 1]], returns: [[0.01, 0.02, 0.03]])
        let bench = Benchmark(symbol: "SPY", closes: DatedSeries(days: ds, values: [100, 101, 102]), source: "test")
        let res = try Attribution.run(book: book, benchmarks: [bench])
        #expect(res.notes.contains { $0.hasPrefix("SPY: no close on or before 1 reference day") })
        #expect(res.active[0].benchmarkReturn == 102.0 / 100 - 1)
    }

    @Test func errorsAreTyped() {
        let ds = weekdays(from: day("2024-01-01"), count: 3)
        let book = makeBook(days: ds, sleeves: ["a"], weights: [[1, 1, 1]], returns: [[0.01, 0.02, 0.03]])
        #expect(throws: TearsheetError.config(file: "tearsheet.toml", message: "attribution needs at least one benchmark")) {
            try Attribution.run(book: book, benchmarks: [])
        }
        let bench = makeBenchmark("SPY", days: ds, returns: [0, 0, 0])
        #expect(throws: TearsheetError.config(file: "tearsheet.toml", message: "the period holds no book days")) {
            try Attribution.run(book: book, benchmarks: [bench], period: day("2025-01-01")...day("2025-02-01"))
        }
        var config = AttributionConfig()
        config.volatilityLow = 0.3
        #expect(throws: TearsheetError.config(file: "tearsheet.toml",
                                              message: "attribution: volatility bands need 0 <= low <= high, got low 0.3, high 0.25")) {
            try Attribution.run(book: book, benchmarks: [bench], config: config)
        }
        var broken = book
        broken.contributions = [[0.01]]
        #expect(throws: TearsheetError.internalFailure("book returns: contributions is not 1 x 3")) {
            try Attribution.run(book: broken, benchmarks: [bench])
        }
    }
}

@Suite struct JSONTests {
    @Test func jsonCarriesTheIdentities() throws {
        let (book, benches) = randomBook(seed: 42, sleeves: 4, days: 300)
        let res = try Attribution.run(book: book, benchmarks: benches)
        let text = try res.json()
        #expect(text == (try Attribution.run(book: book, benchmarks: benches).json()))
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let R = try #require(obj["total_return"] as? Double)
        #expect(abs(R - res.totalReturn) < 1e-16)
        // Unrounded: the text is the shortest round-trip decimal, which Swift parses back exactly.
        let after = try #require(text.range(of: "\n  \"total_return\" : "))   // the top level's key
        let number = text[after.upperBound...].prefix { $0 != "," && $0 != "\n" }
        #expect(Double(String(number)) == res.totalReturn)
        let sleeves = try #require(obj["sleeves"] as? [String: [String: Any]])
        #expect(sleeves.count == 4)
        #expect(abs(Stats.sum(sleeves.values.map { $0["contribution"] as! Double }) - R) < 1e-12)
        let active = try #require(obj["active"] as? [String: [String: Any]])
        for (_, a) in active {
            let parts = (a["sleeves"] as! [String: [String: Double]]).values.map { $0["contribution"]! }
            #expect(abs(Stats.sum(parts) - (a["active_return"] as! Double)) < 1e-12)
        }
        for key in ["regimes", "week_types"] {
            let cs = try #require(obj[key] as? [String: [String: [String: Any]]])
            for (name, labels) in cs where name != "calendar-flags" {
                let logs = labels.values.map { $0["log_return"] as! Double }
                #expect(abs(Stats.sum(logs) - log1p(R)) < 1e-12)
                if key == "week_types" { #expect(labels.values.allSatisfy { $0["weeks"] is Int }) }
            }
        }
        let factors = try #require(obj["factors"] as? [String: [String: Any]])
        #expect(Set(factors["portfolio"]!.keys) == ["SPY", "QQQ", "SPY+QQQ"])
    }

    @Test func undefinedStatisticsAreNullAndAbsentSectionsAreLeftOut() throws {
        let (book, benches) = randomBook(seed: 7, sleeves: 2, days: 30)
        var res = try Attribution.run(book: book, benchmarks: benches)
        res.strategy.sleeves[0].sharpe = nil
        res.strategy.sleeves[1].sharpe = .nan
        res.brinsonFachler = nil
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(try res.json().utf8)) as? [String: Any])
        let sleeves = try #require(obj["sleeves"] as? [String: [String: Any]])
        #expect(sleeves.values.allSatisfy { $0["sharpe"] is NSNull })
        #expect(obj["brinson_fachler"] == nil)
        #expect(!(try res.json()).contains("nan"))
    }
}
