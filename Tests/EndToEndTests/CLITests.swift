import Foundation
import Testing
import TearsheetCore

/// Runs the built `tearsheet` binary as a user would and checks stdout, stderr, exit codes and files.
@Suite(.serialized) struct CLITests {
    let root = CLIRunner.repoRoot
    var demoConfig: String { root.appendingPathComponent("examples/demo/tearsheet.toml").path }

    @Test func helpAndVersionExitZero() throws {
        let help = try CLIRunner.run(["--help"])
        #expect(help.status == 0)
        for sub in ["report", "demo", "validate", "metrics", "attribution", "benchmarks", "templates"] {
            #expect(help.stdout.contains(sub))
        }
        let version = try CLIRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLIRunner.run(["report", "--no-such-flag"]).status == 2)
        #expect(try CLIRunner.run(["validate"]).status == 2)
        #expect(try CLIRunner.run(["metrics"]).status == 2)
        #expect(try CLIRunner.run(["no-such-command"]).status == 2)
        let both = try CLIRunner.run(["report", "--config", demoConfig, "--trades", "t.csv"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("not both"))
    }

    @Test func validateReportsLocatedFindingsAndExitsOne() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let trades = dir.appendingPathComponent("trades.csv")
        try """
        trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,currency
        T1,2024-03-14,A,s,SPY,BUY,10,500,1,USD
        T2,2024-03-15,A,s,SPY,BYU,10,501,1,USD
        T3,2024-03-15,A,s,SPY,SELL,-5,501,1,USD

        """.write(to: trades, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["validate", "--trades", trades.path, "--benchmarks-dir", root.appendingPathComponent("benchmarks-data").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("trades.csv:3:6: error:"))
        #expect(r.stderr.contains("BYU"))
        #expect(r.stderr.contains("trades.csv:4:7: error:"))
        let json = try CLIRunner.run(["validate", "--json", "--trades", trades.path, "--benchmarks-dir", root.appendingPathComponent("benchmarks-data").path])
        #expect(json.status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect((parsed?.count ?? 0) >= 2)
        #expect(parsed?.first?["line"] as? Int == 3)
    }

    @Test func validateAlsoValuesTheBook() throws {
        let fx = root.appendingPathComponent("Tests/TearsheetRenderTests/Fixtures/small-book")
        let r = try CLIRunner.run(["validate", "--trades", fx.appendingPathComponent("trades.csv").path,
                                   "--prices", fx.appendingPathComponent("prices.csv").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: account ACC-1 trades but has no DEPOSIT"))
        #expect(r.stderr.contains("no capital at the start of the day"))
    }

    @Test func demoBookValidatesCleanly() throws {
        let r = try CLIRunner.run(["validate", "--config", demoConfig])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func reportIsCompleteDeterministicAndRefusesToOverwrite() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        let env = ["SOURCE_DATE_EPOCH": "1700000000"]
        let r1 = try CLIRunner.run(["report", "--config", demoConfig, "--out", a.path], environment: env)
        #expect(r1.status == 0, "\(r1.stderr)")
        let r2 = try CLIRunner.run(["report", "--config", demoConfig, "--out", b.path], environment: env)
        #expect(r2.status == 0, "\(r2.stderr)")
        let fm = FileManager.default
        for f in ["report.md", "report.html", "report.xlsx", "manifest.json", "csv/daily.csv", "csv/sleeves.csv", "csv/monthly-returns.csv"] {
            #expect(fm.fileExists(atPath: a.appendingPathComponent(f).path), "missing \(f)")
        }
        let files = try fm.subpathsOfDirectory(atPath: a.path).sorted()
        #expect(files == (try fm.subpathsOfDirectory(atPath: b.path).sorted()))
        for f in files where !f.hasSuffix("/") {
            var isDir: ObjCBool = false
            fm.fileExists(atPath: a.appendingPathComponent(f).path, isDirectory: &isDir)
            if isDir.boolValue { continue }
            #expect(fm.contents(atPath: a.appendingPathComponent(f).path) == fm.contents(atPath: b.appendingPathComponent(f).path), "\(f) differs between runs")
        }
        let again = try CLIRunner.run(["report", "--config", demoConfig, "--out", a.path, "--format", "csv"], environment: env)
        #expect(again.status == 1)
        #expect(again.stderr.contains(a.path))
        // The refused run left the earlier report as it was.
        #expect(fm.fileExists(atPath: a.appendingPathComponent("report.xlsx").path))
        let forced = try CLIRunner.run(["report", "--config", demoConfig, "--out", a.path, "--format", "csv", "--force"], environment: env)
        #expect(forced.status == 0)
        #expect(!fm.fileExists(atPath: a.appendingPathComponent("report.xlsx").path))
    }

    @Test func metricsJSONOfAReturnSeries() throws {
        let fx = root.appendingPathComponent("Tests/TearsheetMetricsTests/Fixtures/c_short_30d")
        let r = try CLIRunner.run(["metrics", "--returns", fx.appendingPathComponent("returns.csv").path,
                                   "--benchmark", fx.appendingPathComponent("benchmark.csv").path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let metrics = obj?["metrics"] as? [String: Any]
        #expect(metrics?["sharpe"] is Double)
        #expect((obj?["relative"] as? [String: Any])?["benchmark"] != nil)
        #expect(obj?["notes"] is [String: Any])
        let table = try CLIRunner.run(["metrics", "--returns", fx.appendingPathComponent("returns.csv").path, "--benchmark", "SPY"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Sharpe"))
    }

    @Test func returnsOnlyReport() throws {
        let fx = root.appendingPathComponent("Tests/TearsheetMetricsTests/Fixtures/a_random_walk_fat_tails")
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r")
        let r = try CLIRunner.run(["report", "--returns", fx.appendingPathComponent("returns.csv").path,
                                   "--benchmark", fx.appendingPathComponent("benchmark.csv").path, "--out", out.path, "--format", "md,csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let md = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        for title in ["## Summary", "## Metrics", "## Drawdowns", "## Regime attribution", "## Week-type attribution", "## Benchmark factors"] {
            #expect(md.contains(title), "missing \(title)")
        }
        #expect(!md.contains("## Trade statistics"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("csv/daily.csv").path))
        let both = try CLIRunner.run(["report", "--returns", "x.csv", "--config", demoConfig])
        #expect(both.status == 2)
    }

    @Test func metricsOfAMissingFileExitsOne() throws {
        let r = try CLIRunner.run(["metrics", "--returns", "/nonexistent/returns.csv"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent/returns.csv"))
    }

    @Test func attributionJSONAddsUp() throws {
        let r = try CLIRunner.run(["attribution", "--config", demoConfig, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let total = try #require(obj["total_return"] as? Double)
        let sleeves = try #require(obj["sleeves"] as? [String: [String: Any]])
        let sum = sleeves.values.compactMap { $0["contribution"] as? Double }.reduce(0, +) + ((obj["residual"] as? Double) ?? 0)
        #expect(abs(sum - total) < 1e-12)
        let regimes = try #require(obj["regimes"] as? [String: [String: [String: Any]]])
        for (_, labels) in regimes {
            let logSum = labels.values.compactMap { $0["log_return"] as? Double }.reduce(0, +)
            #expect(abs(logSum - log1p(total)) < 1e-10)
        }
        let year = try CLIRunner.run(["attribution", "--config", demoConfig, "--period", "2020", "--json"])
        #expect(year.status == 0, "\(year.stderr)")
        let bad = try CLIRunner.run(["attribution", "--config", demoConfig, "--period", "2020-13"])
        #expect(bad.status == 2)
    }

    @Test func benchmarksListAndImport() throws {
        let list = try CLIRunner.run(["benchmarks", "list", "--dir", root.appendingPathComponent("benchmarks-data").path])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("SPY"))
        #expect(list.stdout.contains("1993-01-29"))
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yahoo = dir.appendingPathComponent("export.csv")
        try "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,10,9.5,100\n2024-01-03,1,1,1,11,10.45,100\n".write(to: yahoo, atomically: true, encoding: .utf8)
        let imp = try CLIRunner.run(["benchmarks", "import", "XYZ", yahoo.path, "--dir", dir.path])
        #expect(imp.status == 0, "\(imp.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("XYZ.csv"), encoding: .utf8)
        #expect(text.hasPrefix("#"))
        #expect(text.contains("2024-01-03,10.45"))
    }

    @Test func badConfigExitsOne() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("tearsheet.toml")
        try "name = \"x\"\n[inputs]\ntrades = \"../outside.csv\"\n".write(to: cfg, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["report", "--config", cfg.path, "--out", dir.appendingPathComponent("out").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("tearsheet.toml"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}
