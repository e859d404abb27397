import Foundation
import Testing
import TearsheetMetrics
import TearsheetCore

/// Every value that `metric_map.json` maps to QuantStats or empyrical, for every committed case,
/// at the acceptance tolerance (1e-9 relative, 1e-12 absolute), plus the other ref.json values
/// Tearsheet reproduces.
@Suite struct ReferenceTests {
    struct Loaded {
        let name: String
        let returns: DatedSeries
        let benchmark: DatedSeries
        let ref: [String: Any]
        /// `_meta.rf_annual`: the annual risk-free rate the libraries were given.
        var riskFree: RiskFree { .annual(Fixture.number((ref["_meta"] as? [String: Any])?["rf_annual"]) ?? 0) }
    }

    static func load(_ dir: URL) throws -> Loaded {
        Loaded(name: dir.lastPathComponent,
               returns: try Fixture.series(dir.appendingPathComponent("returns.csv")),
               benchmark: try Fixture.series(dir.appendingPathComponent("benchmark.csv")),
               ref: try Fixture.json(dir.appendingPathComponent("ref.json")))
    }

    static func run(_ c: Loaded, _ conv: Conventions) throws -> MetricsResult {
        try MetricsEngine(conventions: conv).compute(returns: c.returns, benchmarks: [NamedReturns("BENCH", c.benchmark)], riskFree: c.riskFree)
    }

    @Test func atLeastFiveCasesOneWithARiskFreeRate() throws {
        #expect(Fixture.cases().count >= 6)
        #expect(try Fixture.cases().contains { try Self.load($0).riskFree != .zero })
    }

    @Test(arguments: ["quantstats", "empyrical"])
    func mappedMetricsMatch(library: String) throws {
        let map = try Fixture.json(Fixture.root.appendingPathComponent("metric_map.json"))
        let lib = try #require(map[library] as? [String: [String: String]])
        let conv = try #require(Conventions.preset(named: library))
        var checked = 0
        for dir in Fixture.cases() {
            let c = try Self.load(dir)
            let result = try Self.run(c, conv)
            for (section, ids) in lib {
                for (id, refName) in ids.sorted(by: { $0.key < $1.key }) {
                    let entry = c.ref[refName] as? [String: Any]
                    let got = section == "metrics" ? result.portfolio.value(id) : result.relative[0].value(id)
                    guard let want = Fixture.number(entry?[library]) else {
                        // The library gives NaN, inf or nothing: Tearsheet must say "undefined", not invent a number,
                        // unless the library had no entry at all.
                        if entry?[library] is String { #expect(got?.double == nil, "\(c.name) \(library) \(id): reference is \(entry?[library] ?? "nil"), got \(String(describing: got))") }
                        continue
                    }
                    checked += 1
                    #expect(close(got?.double, want), "\(c.name) \(library) \(id): got \(String(describing: got)), want \(want)")
                }
            }
        }
        #expect(checked > 0)
    }

    /// ref.json values outside metric_map.json that a preset reproduces: (ref name, library key, preset, id, relative?).
    static let extras: [(String, String, String, String, Bool)] = [
        ("max_drawdown_duration_days", "quantstats", "quantstats", "max_drawdown_duration", false),
        ("longest_drawdown_days", "quantstats", "quantstats", "longest_drawdown_days", false),
        ("avg_drawdown", "quantstats", "quantstats", "avg_drawdown", false),
        ("avg_drawdown_days", "quantstats", "quantstats", "avg_drawdown_days", false),
        ("cvar_95_historical", "quantstats", "quantstats", "cvar_95", false),
        ("var_95_historical", "numpy_textbook", "tearsheet", "var_95", false),
        ("downside_deviation_annual", "empyrical", "empyrical", "downside_deviation", false),
        ("win_rate", "numpy_textbook", "tearsheet", "win_rate_daily", false),
        ("win_rate_months", "quantstats", "quantstats", "positive_months_pct", false),
        ("ulcer_index", "numpy_textbook", "tearsheet", "ulcer_index", false),
        ("recovery_factor", "numpy_textbook", "tearsheet", "recovery_factor", false),
        ("correlation", "numpy_textbook", "tearsheet", "correlation", true),
        ("tracking_error", "numpy_textbook", "tearsheet", "tracking_error", true),
        ("information_ratio_annualized", "numpy_textbook", "tearsheet", "information_ratio", true),
        ("alpha", "empyrical", "empyrical", "alpha", true),
        ("beta", "empyrical", "tearsheet", "beta", true),
    ]

    @Test func otherReferenceValuesMatch() throws {
        var checked = 0
        for dir in Fixture.cases() {
            let c = try Self.load(dir)
            for (refName, key, preset, id, relative) in Self.extras {
                guard let want = Fixture.number((c.ref[refName] as? [String: Any])?[key]) else { continue }
                let result = try Self.run(c, try #require(Conventions.preset(named: preset)))
                let got = relative ? result.relative[0].value(id) : result.portfolio.value(id)
                checked += 1
                #expect(close(got?.double, want), "\(c.name) \(refName)[\(key)] as \(id) under \(preset): got \(String(describing: got)), want \(want)")
            }
        }
        #expect(checked > 0)
    }

    @Test func battingAverageMatchesEmpyrical() throws {
        for dir in Fixture.cases() {
            let c = try Self.load(dir)
            guard let entry = (c.ref["batting_average"] as? [String: Any])?["empyrical"] as? [String: Any],
                  let want = Fixture.number(entry["batting average"]) else { continue }
            let got = try Self.run(c, .empyrical).relative[0].value("batting_average")
            #expect(close(got?.double, want), "\(c.name): got \(String(describing: got)), want \(want)")
        }
    }

    @Test func monthlyTableMatchesQuantStats() throws {
        var checked = 0
        for dir in Fixture.cases() {
            let c = try Self.load(dir)
            guard let table = (c.ref["monthly_returns_table"] as? [String: Any])?["quantstats"] as? [String: [String: Any]] else { continue }
            let result = try Self.run(c, .quantstats)
            for row in result.portfolio.calendar {
                guard let want = table[String(row.year)] else { Issue.record("\(c.name): year \(row.year) missing"); continue }
                for m in 1...12 {
                    if let v = row.months[m - 1], let w = Fixture.number(want[String(m)]) {
                        checked += 1
                        #expect(close(v, w), "\(c.name) \(row.year)-\(m): \(v) vs \(w)")
                    }
                }
                if let w = Fixture.number(want["EOY"]) { checked += 1; #expect(close(row.total, w), "\(c.name) \(row.year) EOY") }
            }
        }
        #expect(checked > 0)
    }

    @Test func lastRollingSharpeMatchesQuantStats() throws {
        for dir in Fixture.cases() {
            let c = try Self.load(dir)
            let entry = c.ref["rolling_sharpe_126_last"] as? [String: Any]
            let result = try Self.run(c, .quantstats)
            if let want = Fixture.number(entry?["quantstats"]) {
                #expect(result.portfolio.rollingSharpe.values.last.map { close($0, want, rel: 1e-8) } == true,
                        "\(c.name): \(String(describing: result.portfolio.rollingSharpe.values.last)) vs \(want)")
            } else if entry?["quantstats"] is String {
                #expect(result.portfolio.rollingSharpe.isEmpty, "\(c.name): shorter than the window, no rolling value")
            }
        }
    }
}

@Suite struct FixtureScenarioTests {
    @Test func crashIsListedAsNotRecovered() throws {
        let c = try ReferenceTests.load(Fixture.root.appendingPathComponent("d_crash_60_unrecovered"))
        let result = try ReferenceTests.run(c, .tearsheet)
        let top = try #require(result.portfolio.drawdowns.first)
        #expect(top.recovery == nil && top.recoveryDays == nil)
        let want = try #require(Fixture.number((c.ref["max_drawdown"] as? [String: Any])?["empyrical"]))
        #expect(close(top.depth, want) && want < -0.6)
        #expect(result.portfolio.value("current_drawdown")?.double ?? 0 < -0.5)
    }

    @Test func jsonParsesAndCarriesEveryRegisteredID() throws {
        for dir in Fixture.cases() {
            let c = try ReferenceTests.load(dir)
            let json = try ReferenceTests.run(c, .empyrical).json()
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["metrics", "benchmarks", "relative", "notes"])
            let metrics = try #require(object["metrics"] as? [String: Any])
            #expect(Set(metrics.keys) == Set(MetricRegistry.series.map(\.id)))
            let relative = try #require((object["relative"] as? [String: Any])?["BENCH"] as? [String: Any])
            #expect(Set(relative.keys) == Set(MetricRegistry.relative.map(\.id)))
            let notes = try #require(object["notes"] as? [String: String])
            for (id, v) in metrics where v is NSNull { #expect(notes[id] != nil, "\(c.name): \(id) is null without a note") }
        }
    }
}
