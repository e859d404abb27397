import Foundation
import Testing

/// `--rf` and `--periods` through the built binary: applied by `metrics`, `report` and
/// `attribution` on a book with a config (they used to be ignored there), and refused with exit 2
/// where they, or a book option, cannot apply.
@Suite struct RateFlagsEndToEndTests {
    let config = CLIRunner.repoRoot.appendingPathComponent("Tests/TearsheetRenderTests/Fixtures/small-book/tearsheet.toml").path

    func sharpe(_ arguments: [String]) throws -> Double {
        let r = try CLIRunner.run(arguments + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return try #require((obj?["metrics"] as? [String: Any])?["sharpe"] as? Double)
    }

    @Test func metricsAppliesRateAndPeriodsToABookWithAConfig() throws {
        let base = try sharpe(["metrics", "--config", config])
        // The config says risk_free = 0.02: the same rate on the command line changes nothing.
        let same = try sharpe(["metrics", "--config", config, "--rf", "0.02"])
        #expect(abs(base - same) <= 1e-12 * abs(base))
        let rf = try sharpe(["metrics", "--config", config, "--rf", "0.03"])
        #expect(rf < base - 1e-6, "a higher rate lowers the Sharpe ratio: \(rf) vs \(base)")
        let k = try sharpe(["metrics", "--config", config, "--rf", "0.03", "--periods", "12"])
        #expect(abs(k - rf) > 1e-3, "--periods 12 rescales: \(k) vs \(rf)")
    }

    @Test func reportStatesTheOverriddenRate() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r")
        let r = try CLIRunner.run(["report", "--config", config, "--rf", "0.03", "--out", out.path, "--format", "md"])
        #expect(r.status == 0, "\(r.stderr)")
        let md = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("| Risk-free rate | 3.00% a year (constant) |"))
        #expect(md.contains("Risk-free rate: 3.00% a year (constant)"))
    }

    @Test func attributionAppliesTheRate() throws {
        func sleeveSharpes(_ extra: [String]) throws -> [Double] {
            let r = try CLIRunner.run(["attribution", "--config", config, "--json"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let sleeves = obj?["sleeves"] as? [String: [String: Any]] ?? [:]
            return sleeves.keys.sorted().compactMap { sleeves[$0]?["sharpe"] as? Double }
        }
        let base = try sleeveSharpes([]), high = try sleeveSharpes(["--rf", "0.05"])
        #expect(!base.isEmpty && base.count == high.count)
        #expect(zip(base, high).allSatisfy { $0 > $1 }, "\(base) vs \(high)")
    }

    @Test func flagsThatCannotApplyAreRefusedWithExitTwo() throws {
        let returns = CLIRunner.repoRoot.appendingPathComponent("Tests/TearsheetMetricsTests/Fixtures/c_short_30d/returns.csv").path
        let withFiles = try CLIRunner.run(["metrics", "--returns", returns, "--cashflows", "cashflows.csv"])
        #expect(withFiles.status == 2 && withFiles.stderr.contains("not both"), "\(withFiles.stderr)")
        let reportFiles = try CLIRunner.run(["report", "--returns", returns, "--prices", "prices.csv"])
        #expect(reportFiles.status == 2, "\(reportFiles.stderr)")
        let percent = try CLIRunner.run(["report", "--config", config, "--rf", "2"])
        #expect(percent.status == 2 && percent.stderr.contains("--rf"), "\(percent.stderr)")
        let periods = try CLIRunner.run(["metrics", "--returns", returns, "--periods", "0"])
        #expect(periods.status == 2 && periods.stderr.contains("--periods"), "\(periods.stderr)")
        let linking = try CLIRunner.run(["attribution", "--config", config, "--linking", "geometric"])
        #expect(linking.status == 2)
    }
}
