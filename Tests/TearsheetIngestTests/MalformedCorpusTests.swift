import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

/// Runs every case under `Fixtures/malformed/<case>/` and compares its findings with the case's
/// `expected.txt`. Re-record on purpose with `TEARSHEET_RECORD=1`; a missing golden fails.
@Suite struct MalformedCorpusTests {
    static let cases: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.malformed.path)) ?? []).sorted()
    }()

    /// Runs one case the way the CLI would: config first when present, then the book's files,
    /// benchmark files, a bare return series, an import.
    static func run(_ dir: URL, options: IngestOptions = Fixtures.options) -> [String] {
        let fm = FileManager.default
        func has(_ name: String) -> String? {
            let p = dir.appendingPathComponent(name).path
            return fm.fileExists(atPath: p) || (try? fm.destinationOfSymbolicLink(atPath: p)) != nil ? p : nil
        }
        var findings = Findings()
        if let toml = has("tearsheet.toml") {
            let (config, f) = BookConfig.load(path: toml)
            findings.append(contentsOf: f)
            if let c = config {
                var o = options
                o.baseCurrency = c.baseCurrency
                findings.append(contentsOf: ingest(c.inputs, options: o).findings)
            }
        } else if has("trades.csv") != nil || has("positions.csv") != nil {
            let files = InputFiles(trades: has("trades.csv"), positions: has("positions.csv"), cashFlows: has("cashflows.csv"),
                                   prices: has("prices.csv"), regimes: has("regimes.csv"), weekTypes: has("week_types.csv"))
            findings.append(contentsOf: ingest(files, options: options).findings)
        }
        if let b = has("benchmarks") {
            let symbols = ((try? fm.contentsOfDirectory(atPath: b)) ?? []).sorted().map { String($0.dropLast(4)) }
            findings.append(contentsOf: BenchmarkStore(directory: b).load(symbols).findings)
        }
        if let r = has("returns.csv") {
            do { _ = try ReturnSeriesFile.read(path: r) } catch {
                if case .invalidInput(let fs) = error { for f in fs { findings.append(f) } }
            }
        }
        if let i = has("import.csv"), let bytes = try? FileBytes.read(i) {
            findings.append(contentsOf: BenchmarkImporter.convert(bytes: bytes, sourceName: i, importDate: Day(iso: "2026-01-05")!).findings)
        }
        let prefix = dir.path + "/"
        return findings.lines.map { $0.replacingOccurrences(of: prefix, with: "") }
    }

    @Test func corpusHasAtLeastFortyCases() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases)
    func malformedCase(_ name: String) throws {
        let dir = Fixtures.malformed.appendingPathComponent(name)
        let lines = Self.run(dir)
        let text = lines.joined(separator: "\n") + "\n"
        let golden = dir.appendingPathComponent("expected.txt")
        if ProcessInfo.processInfo.environment["TEARSHEET_RECORD"] == "1" {
            try Data(text.utf8).write(to: golden)
        }
        guard let expected = try? String(contentsOf: golden, encoding: .utf8) else {
            Issue.record("missing golden \(golden.path); record it with TEARSHEET_RECORD=1")
            return
        }
        #expect(text == expected)
        // Every case is an error a user can locate: at least one error with a line number.
        let located = lines.filter { l in
            let parts = l.split(separator: ":", maxSplits: 3)
            return l.contains(": error: ") && parts.count > 2 && (Int(parts[1]) ?? 0) > 0
        }
        #expect(!located.isEmpty, "case \(name) has no located error")
    }
}

/// The `timing` column of `cashflows.csv` reaches the ledger: one entry per row, `nil` where empty.
@Suite struct CashFlowTimingColumnTests {
    @Test func timingColumnIsReadPerRow() throws {
        let source = Fixtures.malformed.appendingPathComponent("cashflow-timing")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tearsheet-timing-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let flows = "date,account,amount,type,strategy,timing\n2024-01-02,ACC1,100000,DEPOSIT,,start\n"
            + "2024-01-03,ACC1,-500,WITHDRAWAL,,\n2024-01-04,ACC1,-700,WITHDRAWAL,,End\n"
        try flows.write(to: dir.appendingPathComponent("cashflows.csv"), atomically: true, encoding: .utf8)
        let files = InputFiles(trades: source.appendingPathComponent("trades.csv").path, positions: nil,
                               cashFlows: dir.appendingPathComponent("cashflows.csv").path,
                               prices: source.appendingPathComponent("prices.csv").path, regimes: nil, weekTypes: nil)
        let result = ingest(files, options: Fixtures.options)
        #expect(!result.findings.hasErrors, "\(result.findings.lines)")
        let table = try #require(result.ledger).cashFlows
        // Case-insensitive; an empty cell is the book's flow_timing (nil).
        #expect(table.timing == [.start, nil, .end])
    }
}
