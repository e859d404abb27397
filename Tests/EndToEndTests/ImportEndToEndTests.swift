import Foundation
import Testing
import TearsheetCore

/// `tearsheet import ibkr-flex` through the built binary: the hand-written June 2024 statements
/// become a book whose report's NAV is the statements' own on each statement date; the errors exit
/// 1 located at the statement's line, a missing statement is a usage error (2).
@Suite struct ImportEndToEndTests {
    static let fixtures = CLIRunner.repoRoot.appendingPathComponent("Tests/TearsheetImportTests/Fixtures/flex")
    static var statements: [String] { ["2024-06a.xml", "2024-06b.xml"].map { fixtures.appendingPathComponent($0).path } }

    @Test func importThenReport() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("book")
        let benchmarks = CLIRunner.repoRoot.appendingPathComponent("benchmarks-data").path
        let r = try CLIRunner.run(["import", "ibkr-flex"] + Self.statements + ["--out", book.path, "--benchmarks-dir", benchmarks])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("18 trades, 10 cash flows, 4 position snapshots"), "\(r.stdout)")
        let again = try CLIRunner.run(["import", "ibkr-flex"] + Self.statements + ["--out", book.path])
        #expect(again.status == 1 && again.stderr.contains("already exists"), "\(again.stderr)")
        let out = dir.appendingPathComponent("report")
        let rep = try CLIRunner.run(["report", "--config", book.appendingPathComponent("tearsheet.toml").path, "--out", out.path,
                                     "--format", "csv", "--benchmarks-dir", benchmarks])
        #expect(rep.status == 0, "\(rep.stdout)\(rep.stderr)")
        let daily = try String(contentsOf: out.appendingPathComponent("csv/daily.csv"), encoding: .utf8)
        // The book's NAV: the sum of both accounts' statement NAVs (positions value + ending cash).
        func nav(_ day: String) -> Double? {
            daily.split(whereSeparator: \.isNewline).first { $0.hasPrefix(day + ",") }.flatMap { Double($0.split(separator: ",")[1]) }
        }
        #expect(abs((nav("2024-06-14") ?? 0) - (101447.60 + 52898.75)) <= 1e-6, "\(daily)")
        #expect(abs((nav("2024-06-28") ?? 0) - (96361.64 + 52351.54)) <= 1e-6, "\(daily)")
    }

    @Test func errorsAreLocatedAndExitOne() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.xml")
        try "<?xml version=\"1.0\"?>\n<FlexQueryResponse>\n<FlexStatements count=\"1\">\n<FlexStatement accountId=\"U1\">\n<Trades>\n<Trade symbol=AAPL />\n</Trades>\n</FlexStatement>\n</FlexStatements>\n</FlexQueryResponse>\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["import", "ibkr-flex", bad.path, "--out", dir.appendingPathComponent("book").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(bad.path):6:") && r.stderr.contains("error: the XML is not well formed"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("book").path))
        let usage = try CLIRunner.run(["import", "ibkr-flex", "--out", dir.appendingPathComponent("book").path])
        #expect(usage.status == 2, "\(usage.stderr)")
    }
}
