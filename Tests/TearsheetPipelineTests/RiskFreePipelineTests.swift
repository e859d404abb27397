import Foundation
import Testing
import TearsheetAttribution
import TearsheetMetrics
import TearsheetReport
import TearsheetCore
import TearsheetIngest
@testable import TearsheetPipeline

/// One risk-free rate through every path: `metrics` (`BookRunner.metrics`), `attribution` (a user
/// regime that labels every day "all", so its group Sharpe is the book's) and `report` (the summary
/// table's Sharpe cell) agree with each other and with an independent computation, for a constant
/// rate and for a dated series of annual rates; overrides change the figures; an uncovered series
/// is an error naming the day.
@Suite struct RiskFreePipelineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let smallBook = root.appendingPathComponent("Tests/TearsheetRenderTests/Fixtures/small-book")
    static let benchmarks = root.appendingPathComponent("benchmarks-data").path

    /// The small fixed book (Q1 2024) in a fresh folder, with `riskFree` as the config's
    /// `risk_free` line(s), a regimes file labelling every weekday "all", and `rates` (if given)
    /// as rates.csv.
    static func book(riskFree: String, rates: [(Day, Double)]? = nil) throws -> (folder: URL, config: String) {
        let dir = try temporaryFolder("riskfree")
        for f in ["trades.csv", "cashflows.csv", "prices.csv"] {
            try FileManager.default.copyItem(at: smallBook.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        var labels = "date,regime\n"
        var d = Day(year: 2023, month: 12, day: 1)!
        while d <= Day(year: 2024, month: 4, day: 30)! {
            if !d.isWeekend { labels += "\(d),all\n" }
            d = d.adding(days: 1)
        }
        try labels.write(to: dir.appendingPathComponent("regimes.csv"), atomically: true, encoding: .utf8)
        if let rates {
            let text = "date,rate\n" + rates.map { "\($0.0),\($0.1)\n" }.joined()
            try text.write(to: dir.appendingPathComponent("rates.csv"), atomically: true, encoding: .utf8)
        }
        let config = """
            name = "Rate book"
            benchmarks = ["SPY", "QQQ"]
            \(riskFree)

            [inputs]
            trades = "trades.csv"
            cashflows = "cashflows.csv"
            prices = "prices.csv"
            regimes = "regimes.csv"
            """
        let path = dir.appendingPathComponent("tearsheet.toml")
        try config.write(to: path, atomically: true, encoding: .utf8)
        return (dir, path.path)
    }

    /// Every weekday from December 2023 to April 2024 with an annual rate that moves day to day.
    static let movingRates: [(Day, Double)] = {
        var out: [(Day, Double)] = []
        var d = Day(year: 2023, month: 12, day: 1)!, i = 0
        while d <= Day(year: 2024, month: 4, day: 30)! {
            if !d.isWeekend { out.append((d, 0.04 + 0.015 * sin(Double(i) / 7))); i += 1 }
            d = d.adding(days: 1)
        }
        return out
    }()

    /// Sharpe by the textbook, independently of the library: rf_t = (1 + R_t)^(1/k) - 1 with
    /// Foundation's `pow`, x_t = r_t - rf_t, mean(x) / sample stdev(x) * sqrt(k), two-pass sums.
    static func independentSharpe(_ r: [Double], annual: [Double], k: Double) -> Double {
        let x = zip(r, annual).map { $0 - (pow(1 + $1, 1 / k) - 1) }
        let m = x.reduce(0, +) / Double(x.count)
        let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
        return m / v.squareRoot() * k.squareRoot()
    }

    /// The three Sharpe ratios of one request: metrics, attribution's all-days group, the report's summary cell.
    static func sharpes(_ request: BookRunRequest) throws -> (metrics: Double, attribution: Double, report: Double, run: BookRun) {
        let metrics = try #require(try BookRunner.metrics(request).portfolio.value("sharpe")?.double)
        let run = try BookRunner.run(request)
        let user = try #require(run.attribution.regimes.first { $0.name == "user" })
        #expect(user.groups.count == 1 && user.groups[0].days == run.valuation.days.count)
        let attribution = try #require(user.groups[0].sharpe)
        let doc = ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 0)).build()
        let summary = try #require(doc.sections.first { $0.id == "summary" })
        var report: Double? = nil
        for case .table(let t) in summary.blocks {
            if let row = t.rows.first(where: { $0.first == .text("Sharpe ratio") }) { report = row[1].number }
        }
        return (metrics, attribution, try #require(report), run)
    }

    static func close(_ a: Double, _ b: Double, _ rel: Double = 1e-9) -> Bool { abs(a - b) <= rel * max(abs(a), abs(b)) }

    @Test func constantRateAgreesEverywhereAndWithAnIndependentSharpe() throws {
        let (dir, config) = try Self.book(riskFree: "risk_free = 0.02")
        defer { cleanup(dir) }
        let s = try Self.sharpes(BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks))
        let r = s.run.valuation.total.portfolio
        let expected = Self.independentSharpe(r, annual: [Double](repeating: 0.02, count: r.count), k: 252)
        #expect(Self.close(s.metrics, expected), "\(s.metrics) vs \(expected)")
        #expect(Self.close(s.attribution, expected), "\(s.attribution) vs \(expected)")
        #expect(Self.close(s.report, expected), "\(s.report) vs \(expected)")
        #expect(s.run.config.riskFree.disclosure == "2.00% a year (constant)")
    }

    @Test func rateSeriesAgreesEverywhereAndWithAnIndependentSharpe() throws {
        let (dir, config) = try Self.book(riskFree: "risk_free = \"rates.csv\"", rates: Self.movingRates)
        defer { cleanup(dir) }
        let s = try Self.sharpes(BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks))
        let days = s.run.valuation.days, r = s.run.valuation.total.portfolio
        let byDay = Dictionary(uniqueKeysWithValues: Self.movingRates.map { ($0.0, $0.1) })
        let annual = try days.map { try #require(byDay[$0]) }
        let expected = Self.independentSharpe(r, annual: annual, k: 252)
        #expect(Self.close(s.metrics, expected), "\(s.metrics) vs \(expected)")
        #expect(Self.close(s.attribution, expected), "\(s.attribution) vs \(expected)")
        #expect(Self.close(s.report, expected), "\(s.report) vs \(expected)")
        // Read as annual rates: a daily reading would give a Sharpe far below zero.
        let zero = try Self.sharpes(BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks, riskFree: .zero)).metrics
        #expect(abs(s.metrics - zero) < 1.5, "\(s.metrics) vs \(zero) without a rate")
        // The file is disclosed and hashed like every other input.
        let input = try #require(s.run.inputs.first { $0.path == "rates.csv" })
        #expect(input.rows == Self.movingRates.count && input.sha256.count == 64)
        #expect(s.run.config.riskFree.disclosure.contains("rates.csv") && s.run.config.riskFree.disclosure.contains(input.sha256))
        #expect(s.run.inputs.contains { $0.path == "regimes.csv" })
    }

    @Test func aFlatSeriesEqualsTheConstant() throws {
        let flat = Self.movingRates.map { ($0.0, 0.02) }
        let (d1, series) = try Self.book(riskFree: "risk_free = \"rates.csv\"", rates: flat)
        let (d2, constant) = try Self.book(riskFree: "risk_free = 0.02")
        defer { cleanup(d1); cleanup(d2) }
        let a = try Self.sharpes(BookRunRequest(configPath: series, benchmarksDir: Self.benchmarks))
        let b = try Self.sharpes(BookRunRequest(configPath: constant, benchmarksDir: Self.benchmarks))
        #expect(Self.close(a.metrics, b.metrics, 1e-12) && Self.close(a.attribution, b.attribution, 1e-12))
        #expect(a.metrics > 0.5 && a.metrics < 20, "a plausible annualised Sharpe, not a daily reading: \(a.metrics)")
    }

    @Test func anUncoveredSeriesIsAnErrorNamingTheDayUnlessFillIsAllowed() throws {
        let gap = Day(year: 2024, month: 2, day: 14)!
        let rates = Self.movingRates.filter { $0.0 != gap }
        let (dir, config) = try Self.book(riskFree: "risk_free = \"rates.csv\"", rates: rates)
        defer { cleanup(dir) }
        let request = BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks)
        do {
            _ = try BookRunner.run(request)
            Issue.record("expected an error for the missing day")
        } catch TearsheetError.invalidInput(let findings) {
            #expect(findings.count == 1 && findings[0].code == "risk-free-missing-day" && findings[0].message.contains("2024-02-14"),
                    "\(findings)")
        }
        let validated = BookRunner.validate(request)
        #expect(validated.errors.contains { $0.code == "risk-free-missing-day" && $0.message.contains("2024-02-14") })

        // Allowed: the day takes the 13th's rate, with a warning naming it.
        let (dir2, config2) = try Self.book(riskFree: "risk_free = \"rates.csv\"\nrisk_free_fill = \"previous\"\nrisk_free_fill_max_days = 3",
                                            rates: rates)
        defer { cleanup(dir2) }
        let s = try Self.sharpes(BookRunRequest(configPath: config2, benchmarksDir: Self.benchmarks))
        #expect(s.run.warnings.contains { $0.code == "risk-free-filled" && $0.message.contains("2024-02-14") })
        let byDay = Dictionary(uniqueKeysWithValues: rates.map { ($0.0, $0.1) })
        let annual = s.run.valuation.days.map { byDay[$0] ?? byDay[$0.adding(days: -1)]! }
        #expect(Self.close(s.metrics, Self.independentSharpe(s.run.valuation.total.portfolio, annual: annual, k: 252)))
        #expect(Self.close(s.attribution, s.metrics))
    }

    @Test func overridesAreAppliedOnce() throws {
        let (dir, config) = try Self.book(riskFree: "risk_free = 0.02")
        defer { cleanup(dir) }
        let base = try Self.sharpes(BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks))
        let r = base.run.valuation.total.portfolio
        // --rf 0.03 replaces the config's 2%.
        let rf = try Self.sharpes(BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks, riskFree: .annual(0.03)))
        let rfExpected = Self.independentSharpe(r, annual: [Double](repeating: 0.03, count: r.count), k: 252)
        #expect(!Self.close(rf.metrics, base.metrics, 1e-6))
        #expect(Self.close(rf.metrics, rfExpected) && Self.close(rf.attribution, rfExpected) && Self.close(rf.report, rfExpected))
        #expect(rf.run.config.riskFree.disclosure == "3.00% a year (constant)")
        // --periods 12 changes both the scaling and the rate's conversion.
        let k = try Self.sharpes(BookRunRequest(configPath: config, benchmarksDir: Self.benchmarks, riskFree: .annual(0.03), periodsPerYear: 12))
        let kExpected = Self.independentSharpe(r, annual: [Double](repeating: 0.03, count: r.count), k: 12)
        #expect(Self.close(k.metrics, kExpected) && Self.close(k.attribution, kExpected) && Self.close(k.report, kExpected))
        #expect(k.run.metrics.conventions.periodsPerYear == 12)
    }

    @Test func aRunWithoutAConfigStatesThatNoRateWasGiven() throws {
        let (dir, _) = try Self.book(riskFree: "")
        defer { cleanup(dir) }
        let inputs = InputFiles(trades: dir.appendingPathComponent("trades.csv").path, cashFlows: dir.appendingPathComponent("cashflows.csv").path,
                                prices: dir.appendingPathComponent("prices.csv").path)
        let run = try BookRunner.run(BookRunRequest(inputs: inputs, benchmarksDir: Self.benchmarks))
        let doc = ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 0)).build()
        #expect(doc.provenance.riskFree == "0% (no risk-free rate given)")
        let summary = try #require(doc.sections.first { $0.id == "summary" })
        var stated = false
        for case .table(let t) in summary.blocks where t.rows.contains(where: { $0 == [.text("Risk-free rate"), .text("0% (no risk-free rate given)")] }) { stated = true }
        #expect(stated)
        let methodology = try #require(doc.sections.first { $0.id == "methodology" })
        #expect(methodology.intro?.contains("Risk-free rate: 0% (no risk-free rate given)") == true)
    }
}
