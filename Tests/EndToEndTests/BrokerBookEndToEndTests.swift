import Foundation
import Testing
import TearsheetCore

/// A book written as a broker states it (raw AAPL closes around the 4:1 split of 2020-08-31), run
/// through the built binary: each trap is reported with its file and line, and the book with its
/// SPLIT row validates clean and reports.
@Suite struct BrokerBookEndToEndTests {
    static func book(corporateActions: Bool, fee: String) throws -> URL {
        let dir = try CLIRunner.temporaryDirectory()
        let files: [String: String] = [
            "trades.csv": """
                trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees
                T1,2020-08-26T10:00:00,ACC,core,AAPL,BUY,100,505,1
                T2,2020-09-01T11:00:00,ACC,core,AAPL,SELL,150,133.5,1

                """,
            "prices.csv": """
                date,symbol,close
                2020-08-26,AAPL,506.09
                2020-08-27,AAPL,500.04
                2020-08-28,AAPL,499.23
                2020-08-31,AAPL,129.04
                2020-09-01,AAPL,134.18
                2020-09-02,AAPL,131.40

                """,
            "cashflows.csv": "date,account,amount,type\n2020-08-26,ACC,100000,DEPOSIT\n2020-08-29,ACC,\(fee),FEE\n",
            "corporate_actions.csv": "date,symbol,type,ratio,new_symbol,cash,note\n2020-08-31,AAPL,SPLIT,4,,,4-for-1\n",
            "tearsheet.toml": """
                name = "AAPL split"
                benchmarks_dir = "\(CLIRunner.repoRoot.appendingPathComponent("benchmarks-data").path)"
                [inputs]
                trades = "trades.csv"
                prices = "prices.csv"
                cashflows = "cashflows.csv"
                \(corporateActions ? "corporate_actions = \"corporate_actions.csv\"" : "")
                [report]
                to = 2020-09-02

                """]
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func trapsAreReportedWithFileAndLine() throws {
        let dir = try Self.book(corporateActions: false, fee: "2500")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["validate", "--config", dir.appendingPathComponent("tearsheet.toml").path])
        #expect(r.status == 1)
        let out = r.stdout + r.stderr
        #expect(out.contains("cashflows.csv:3:3: error: column 'amount': FEE of 2500 is positive"))
        #expect(out.contains("prices.csv:5:3: warning: column 'close': AAPL moves from 499.23 on 2020-08-28 to 129.04 on 2020-08-31"))
        #expect(out.contains("\"2020-08-31,AAPL,SPLIT,4,,,\""))
    }

    @Test func theBookWithItsSplitRowValidatesAndReports() throws {
        let dir = try Self.book(corporateActions: true, fee: "-25")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("tearsheet.toml").path
        let v = try CLIRunner.run(["validate", "--config", config])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        #expect(!(v.stdout + v.stderr).contains("split-like") && !(v.stdout + v.stderr).contains("moves from"))
        let out = dir.appendingPathComponent("report")
        let r = try CLIRunner.run(["report", "--config", config, "--out", out.path, "--format", "csv"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let daily = try String(contentsOf: out.appendingPathComponent("csv/daily.csv"), encoding: .utf8)
        // NAV on the ex-date: cash 49,499 - 25 (the fee, moved from Saturday) + 400 x 129.04.
        #expect(daily.contains("2020-08-31,101090"), "\(daily)")
    }

    /// Without a config: `--corporate-actions` names the file on the command line, with the same result.
    @Test func theSplitRowCanBeNamedOnTheCommandLine() throws {
        let dir = try Self.book(corporateActions: true, fee: "-25")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        func path(_ f: String) -> String { dir.appendingPathComponent(f).path }
        let files = ["--trades", path("trades.csv"), "--cashflows", path("cashflows.csv"), "--prices", path("prices.csv"),
                     "--benchmarks-dir", root.appendingPathComponent("benchmarks-data").path]
        let without = try CLIRunner.run(["validate"] + files)
        #expect(without.status == 1 || (without.stdout + without.stderr).contains("moves from"), "\(without.stdout)\(without.stderr)")
        let with = try CLIRunner.run(["validate"] + files + ["--corporate-actions", path("corporate_actions.csv")])
        #expect(with.status == 0, "\(with.stdout)\(with.stderr)")
        #expect(!(with.stdout + with.stderr).contains("moves from"))
    }
}
