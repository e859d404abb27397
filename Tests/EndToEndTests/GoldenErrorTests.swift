import Foundation
import Testing

/// The main error messages of the built binary, each against its golden
/// (`Goldens/errors/NAME.txt`: the command, the exit code, stdout and stderr).
@Suite(.serialized) struct GoldenErrorTests {
    /// One failing run: files written into a fresh temporary folder, then the arguments (which
    /// may name files in it), and the exit code the documentation promises.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var exit: Int32
        var files: [String: String] = [:]
        var arguments: @Sendable (_ tmp: String, _ root: String) -> [String]
        var testDescription: String { name }
    }

    static let badTrades = """
        trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,currency
        T1,2024-03-14,A,s,SPY,BUY,10,500,1,USD
        T2,2024-03-15,A,s,SPY,BYU,10,501,1,USD
        T3,2024-03-15,A,s,SPY,SELL,-5,501,1,USD

        """

    static let cases: [Case] = [
        // Usage (exit 2): the argument parser's words.
        Case(name: "usage-unknown-flag", exit: 2) { _, root in
            ["report", "--config", root + "/examples/demo/tearsheet.toml", "--no-such-flag"]
        },
        // An unknown flag alone: the parser runs `validate()` before it reports unused arguments,
        // so today this names the missing input, not the flag (kept here so a fix shows in the diff).
        Case(name: "usage-unknown-flag-alone", exit: 2) { _, _ in ["report", "--no-such-flag"] },
        Case(name: "usage-unknown-subcommand", exit: 2) { _, _ in ["no-such-command"] },
        Case(name: "usage-metrics-without-returns", exit: 2) { _, _ in ["metrics"] },
        Case(name: "usage-validate-without-inputs", exit: 2) { _, _ in ["validate"] },
        Case(name: "usage-config-and-trades", exit: 2) { _, root in
            ["report", "--config", root + "/examples/demo/tearsheet.toml", "--trades", "trades.csv"]
        },
        Case(name: "usage-bad-period", exit: 2) { _, root in
            ["attribution", "--config", root + "/examples/demo/tearsheet.toml", "--period", "2024-13"]
        },
        Case(name: "usage-bad-format", exit: 2) { tmp, root in
            ["report", "--config", root + "/examples/demo/tearsheet.toml", "--format", "md,docx", "--out", tmp + "/out"]
        },
        Case(name: "usage-demo-bad-format", exit: 2) { tmp, _ in ["demo", "--format", "docx", "--out", tmp + "/demo"] },
        // Bad input or config (exit 1): located where possible.
        Case(name: "config-missing-file", exit: 1) { tmp, _ in
            ["report", "--config", tmp + "/missing.toml", "--out", tmp + "/out"]
        },
        Case(name: "config-malformed-toml", exit: 1, files: ["tearsheet.toml": "name = \"x\"\na = [}\n"]) { tmp, _ in
            ["validate", "--config", tmp + "/tearsheet.toml"]
        },
        Case(name: "config-unknown-section", exit: 1,
             files: ["tearsheet.toml": "name = \"x\"\n[inputs]\ntrades = \"trades.csv\"\n[report]\nprofile = \"client\"\nsections = [\"cover\", \"holding\"]\n",
                     "trades.csv": "trade_id,timestamp,account,strategy,symbol,side,quantity,price\nT1,2024-03-14,A,s,SPY,BUY,10,500\n"]) { tmp, _ in
            ["validate", "--config", tmp + "/tearsheet.toml"]
        },
        Case(name: "config-input-outside-the-book-folder", exit: 1,
             files: ["book/tearsheet.toml": "name = \"x\"\n[inputs]\ntrades = \"../outside.csv\"\n"]) { tmp, _ in
            ["report", "--config", tmp + "/book/tearsheet.toml", "--out", tmp + "/out"]
        },
        Case(name: "csv-malformed-rows", exit: 1, files: ["trades.csv": badTrades]) { tmp, root in
            ["validate", "--trades", tmp + "/trades.csv", "--benchmarks-dir", root + "/benchmarks-data"]
        },
        Case(name: "csv-ragged-row", exit: 1,
             files: ["trades.csv": "trade_id,timestamp,account,strategy,symbol,side,quantity,price\nT1,2024-03-14,A,s,SPY,BUY,10\n"]) { tmp, root in
            ["validate", "--trades", tmp + "/trades.csv", "--benchmarks-dir", root + "/benchmarks-data"]
        },
        Case(name: "metrics-missing-returns-file", exit: 1) { tmp, _ in ["metrics", "--returns", tmp + "/returns.csv"] },
        Case(name: "output-folder-exists", exit: 1, files: ["out/keep.txt": "an earlier report\n"]) { tmp, root in
            ["report", "--config", root + "/Tests/TearsheetRenderTests/Fixtures/small-book/tearsheet.toml",
             "--out", tmp + "/out", "--format", "md"]
        },
        Case(name: "templates-init-existing-files", exit: 1, files: ["t/html/report.mustache": "mine\n"]) { tmp, _ in
            ["templates", "init", tmp + "/t"]
        },
        Case(name: "batch-missing-manifest", exit: 1) { tmp, _ in ["batch", tmp + "/manifest.toml"] },
        Case(name: "benchmarks-import-unreadable-export", exit: 1, files: ["export.csv": "when,what\nyesterday,up\n"]) { tmp, _ in
            ["benchmarks", "import", "XYZ", tmp + "/export.csv", "--dir", tmp]
        },
    ]

    @Test(arguments: cases)
    func errorMatchesItsGolden(_ c: Case) throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        for (path, text) in c.files {
            let url = tmp.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let args = c.arguments(tmp.path, CLIRunner.repoRoot.path)
        let r = try CLIRunner.run(args, cwd: tmp, environment: Golden.environment, inherit: false)
        #expect(r.status == c.exit, "\(c.name): exit \(r.status), stderr: \(r.stderr)")
        #expect(!r.stderr.isEmpty, "\(c.name): an error says something on stderr")
        Golden.check(Golden.transcript(args, r, tmp: tmp), named: "errors/" + c.name)
    }

    @Test func everyErrorGoldenHasACase() {
        let onDisk = (try? FileManager.default.contentsOfDirectory(atPath: Golden.folder.appendingPathComponent("errors").path)) ?? []
        let names = Set(Self.cases.map { $0.name + ".txt" })
        #expect(names.count == Self.cases.count, "case names are unique")
        for file in onDisk where !names.contains(file) {
            Issue.record("stale golden errors/\(file): no case produces it; delete it")
        }
    }
}
