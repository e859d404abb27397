import Foundation
import Testing

/// `tearsheet demo --book options-income`: the example book's full report set in every format,
/// its kept inputs equal to `examples/options-income/`, and the `--book` usage errors.
@Suite struct OptionsIncomeEndToEndTests {
    var root: URL { CLIRunner.repoRoot }

    @Test func writesEveryFormatAndKeepsTheCommittedInputs() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("oi"), inputs = dir.appendingPathComponent("inputs")
        let r = try CLIRunner.run(["demo", "--book", "options-income", "--out", out.path, "--keep-inputs", inputs.path],
                                  environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(r.status == 0, "\(r.stderr)")
        let fm = FileManager.default
        for f in ["report.md", "report.html", "report.xlsx", "report.pdf", "manifest.json", "csv/daily.csv", "csv/week-user.csv", "csv/trade-statistics.csv"] {
            #expect(fm.fileExists(atPath: out.appendingPathComponent(f).path), "missing \(f)")
        }
        // The inputs are the committed example, byte for byte.
        let committed = root.appendingPathComponent("examples/options-income")
        for name in ["trades.csv", "cashflows.csv", "prices.csv", "instruments.csv", "corporate_actions.csv", "week_types.csv", "tearsheet.toml"] {
            #expect(fm.contents(atPath: inputs.appendingPathComponent(name).path) == fm.contents(atPath: committed.appendingPathComponent(name).path), "\(name)")
        }
        // The Markdown names the protocol's week labels and the sleeves, and no NaN.
        let md = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        for word in ["put-income", "covered-call", "assignment", "roll", "spy-wheel", "qqq-wheel", "split-stock"] {
            #expect(md.contains(word), "report.md lacks \(word)")
        }
        #expect(!md.contains("NaN") && !md.contains("inf%"))
        // The workbook reads back: a zip whose worksheets (inline strings) name the sleeves and labels.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
            let xlsx = out.appendingPathComponent("report.xlsx").path
            let members = try Self.tool("/usr/bin/unzip", ["-Z1", xlsx]).split(separator: "\n").map(String.init)
            let sheets = members.filter { $0.hasPrefix("xl/worksheets/sheet") }
            #expect(sheets.count > 10)
            let text = try sheets.map { try Self.tool("/usr/bin/unzip", ["-p", xlsx, $0]) }.joined()
            for word in ["qqq-wheel", "put-income", "ACME"] { #expect(text.contains(word), "report.xlsx lacks \(word)") }
        }
        // The PDF is not empty and its text holds the options' symbols.
        let pdf = try Data(contentsOf: out.appendingPathComponent("report.pdf"))
        #expect(pdf.count > 10_000 && pdf.starts(with: Data("%PDF".utf8)))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") {
            let text = try Self.tool("/usr/bin/pdftotext", [out.appendingPathComponent("report.pdf").path, "-"])
            #expect(text.range(of: #"(SPY|QQQ)\d{6}[CP]\d{8}"#, options: .regularExpression) != nil, "no option symbol in the PDF text")
            #expect(text.contains("put-income"))
        }
    }

    /// Without --keep-inputs the inputs go to a temporary folder named after the output folder,
    /// and findings quote that path: a rerun into the same folder writes the same bytes.
    @Test func rerunIsByteIdentical() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("oi"), env = ["SOURCE_DATE_EPOCH": "1700000000"]
        let args = ["demo", "--book", "options-income", "--out", out.path, "--format", "md,csv", "--force"]
        let first = try CLIRunner.run(args, environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let fm = FileManager.default
        let files = try fm.subpathsOfDirectory(atPath: out.path).sorted()
        let before = files.map { fm.contents(atPath: out.appendingPathComponent($0).path) }
        let second = try CLIRunner.run(args, environment: env)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try fm.subpathsOfDirectory(atPath: out.path).sorted() == files)
        for (f, data) in zip(files, before) {
            #expect(fm.contents(atPath: out.appendingPathComponent(f).path) == data, "\(f) differs between runs")
        }
        #expect(first.stderr == second.stderr)
    }

    /// The committed example validates with no error: only the informational automatic expiries.
    @Test func committedExampleValidates() throws {
        let r = try CLIRunner.run(["validate", "--config", root.appendingPathComponent("examples/options-income/tearsheet.toml").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("0 errors, 0 warnings, 6 informational"), "\(r.stderr)")
        let infos = r.stderr.split(separator: "\n").filter { $0.contains(": info: ") }
        #expect(infos.count == 6 && infos.allSatisfy { $0.contains("instruments.csv:") && $0.contains("column 'expiry'") })
    }

    @Test func unknownBookIsAUsageErrorListingTheNames() throws {
        let r = try CLIRunner.run(["demo", "--book", "nope", "--out", "/tmp/never-written"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("demo, options-income"))
    }

    /// A tool's standard output (through the suite's one process runner).
    static func tool(_ path: String, _ args: [String]) throws -> String {
        try CLIRunner.run(args, executable: URL(fileURLWithPath: path)).stdout
    }
}
