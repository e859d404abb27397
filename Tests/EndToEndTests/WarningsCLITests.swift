import Foundation
import Testing
import TearsheetCore

/// `report` prints every warning on stderr as FILE:LINE:COLUMN, and `--strict` makes a warning fail
/// the run (exit 1) with nothing written.
@Suite(.serialized) struct WarningsCLITests {
    let fx = CLIRunner.repoRoot.appendingPathComponent("Tests/TearsheetRenderTests/Fixtures/small-book")

    /// The small book's trades and prices without its cash flows: trading with no DEPOSIT is a warning.
    var bookArguments: [String] {
        ["--trades", fx.appendingPathComponent("trades.csv").path, "--prices", fx.appendingPathComponent("prices.csv").path]
    }

    @Test func reportPrintsEachWarningLocated() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try CLIRunner.run(["report"] + bookArguments + ["--out", out.path, "--format", "md"], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let warnings = lines.filter { $0.contains(": warning: ") }
        #expect(warnings.contains { $0.contains("account ACC-1 trades but has no DEPOSIT") })
        // FILE:LINE:COLUMN: warning: message.
        for w in warnings { #expect(w.range(of: #"^[^:]+:\d+:\d+: warning: "#, options: .regularExpression) != nil, "\(w)") }
        // The count in the summary line is the number printed.
        #expect(r.stderr.contains("\(warnings.count) warning\(warnings.count == 1 ? "" : "s")"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.md").path))
    }

    @Test func strictFailsBeforeWriting() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try CLIRunner.run(["report"] + bookArguments + ["--out", out.path, "--format", "md", "--strict"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("warning: account ACC-1 trades but has no DEPOSIT"))
        #expect(r.stderr.contains("strict mode"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
