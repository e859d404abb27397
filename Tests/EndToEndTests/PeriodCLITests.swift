import Foundation
import Testing
import TearsheetCore

/// `tearsheet report --period/--from/--to/--accounts` and `attribution --period` as a user runs them.
@Suite(.serialized) struct PeriodCLITests {
    let root = CLIRunner.repoRoot
    var demoConfig: String { root.appendingPathComponent("examples/demo/tearsheet.toml").path }
    let env = ["SOURCE_DATE_EPOCH": "1700000000"]

    @Test func monthlyReportPerAccount() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("oct")
        let r = try CLIRunner.run(["report", "--config", demoConfig, "--period", "2024-10", "--accounts", "both",
                                   "--format", "csv", "--out", out.path], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("in 4 reports to \(out.path)"))
        for name in ["book", "account FAMILY-003", "account FOUNDATION-002", "account PENSION-001"] {
            #expect(r.stderr.contains("\(name): "), "\(name) missing from \(r.stderr)")
        }
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
        for slug in ["family-003", "foundation-002", "pension-001"] {
            let folder = out.appendingPathComponent("accounts/\(slug)")
            #expect(fm.fileExists(atPath: folder.appendingPathComponent("manifest.json").path))
            let statement = try String(contentsOf: folder.appendingPathComponent("csv/period-statement.csv"), encoding: .utf8)
            #expect(statement.contains("Ending NAV"))
        }
        // No temporary folder is left beside the output.
        #expect(try fm.contentsOfDirectory(atPath: tmp.path) == ["oct"])
    }

    @Test func saturdayAndFridayEndsWriteTheSameBytes() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        var manifests: [String] = []
        for to in ["2024-11-30", "2024-11-29"] {
            let out = tmp.appendingPathComponent(to)
            let r = try CLIRunner.run(["report", "--config", demoConfig, "--from", "2024-11-01", "--to", to, "--format", "md,csv",
                                       "--out", out.path], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            manifests.append(try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8))
        }
        // The manifest hashes every file, so equal manifests mean equal bytes everywhere.
        #expect(manifests[0] == manifests[1])
    }

    @Test func badPeriodsExitWithTheRightCode() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let outside = try CLIRunner.run(["report", "--config", demoConfig, "--period", "2031-Q1", "--format", "csv",
                                         "--out", tmp.appendingPathComponent("x").path])
        #expect(outside.status == 1)
        #expect(outside.stderr.contains("holds no trading day of the book"))
        #expect(try CLIRunner.run(["report", "--config", demoConfig, "--period", "2024-13"]).status == 2)
        #expect(try CLIRunner.run(["report", "--config", demoConfig, "--period", "2024", "--to", "2024-06-30"]).status == 2)
        #expect(try CLIRunner.run(["report", "--config", demoConfig, "--accounts", "all"]).status == 2)
        #expect(try CLIRunner.run(["report", "--returns", "r.csv", "--accounts", "each"]).status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
    }

    @Test func attributionTakesTheSamePeriods() throws {
        let month = try CLIRunner.run(["attribution", "--config", demoConfig, "--period", "2024-11", "--json"])
        let range = try CLIRunner.run(["attribution", "--config", demoConfig, "--from", "2024-11-01", "--to", "2024-11-30", "--json"])
        #expect(month.status == 0 && range.status == 0)
        #expect(month.stdout == range.stdout)
        #expect(month.stdout.contains("2024-11-29"))
    }

    @Test func aReturnSeriesTakesAPeriodToo() throws {
        let fx = root.appendingPathComponent("Tests/TearsheetMetricsTests/Fixtures/a_random_walk_fat_tails")
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r")
        let r = try CLIRunner.run(["report", "--returns", fx.appendingPathComponent("returns.csv").path, "--period", "2020-Q1",
                                   "--benchmark", fx.appendingPathComponent("benchmark.csv").path, "--out", out.path, "--format", "md,csv"],
                                  environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let md = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("## Period"))
        #expect(md.contains("Reporting period 2020-01-0"))
        #expect(!md.contains("2020-04-01"))
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: out.appendingPathComponent("csv/period-returns.csv").path))
        #expect(!fm.fileExists(atPath: out.appendingPathComponent("csv/period-statement.csv").path))
    }
}
