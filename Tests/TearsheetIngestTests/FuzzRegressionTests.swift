import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

/// Inputs the fuzz targets in `Fuzz/` (`scripts/fuzz`) found crashing, minimised, under
/// `Fixtures/fuzz/<target>/`; each must now give a finding, not a crash. See docs/reliability.md,
/// "Fuzzing".
@Suite struct FuzzRegressionTests {
    static let root = Fixtures.root.appendingPathComponent("fuzz")

    static func load(_ name: String) -> (config: BookConfig?, findings: [Finding]) {
        let (c, f) = BookConfig.load(path: root.appendingPathComponent("config-toml/\(name)").path)
        return (c, f.items)
    }

    /// benchmark: a `date,return` download whose returns compound past 1e18 (a return of 8.6e13
    /// then one of 7.3e9) was imported into an `adj_close` file that its own reader refuses
    /// (`number-out-of-range`); the import now refuses it at the row that reaches the bound.
    @Test func importedLevelBeyondTheBoundIsRefusedAtImport() throws {
        let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent("benchmark/returns-index-beyond-1e18.csv")))
        let (output, findings) = BenchmarkImporter.convert(bytes: bytes, sourceName: "download.csv", importDate: Day(iso: "2026-01-02")!)
        #expect(output == nil)
        #expect(findings.items.contains { $0.code == "number-out-of-range" && $0.line == 4 }, "\(findings.items)")
    }

    /// config-toml: `[` then U+0001 made toml++ abort on an assertion in `parse_key` (SIGABRT,
    /// exit 134, from `tearsheet validate --config`); now a syntax error at the control character.
    @Test func controlCharacterInTableHeaderIsASyntaxError() {
        let (config, findings) = Self.load("control-character-in-table-header.toml")
        #expect(config == nil)
        #expect(findings.map(\.code) == ["config-syntax"])
        #expect(findings.first?.line == 1)
        #expect(findings.first?.column == 2)
        #expect(findings.first?.message.contains("0x01") == true)
    }

    /// The fuzzer's original 53-byte input (a table header holding U+0001 and NUL bytes).
    @Test func originalCrashInputIsASyntaxError() {
        let (config, findings) = Self.load("control-character-in-table-header-original.toml")
        #expect(config == nil)
        #expect(findings.map(\.code) == ["config-syntax"])
        #expect(findings.first?.line == 2)
    }

    /// A NUL byte used to cut the config short (TOMLKit parses a C string): the bad key after it
    /// (`[report] formats = 5`) was silently ignored and the config loaded. Now a syntax error on
    /// the NUL's line.
    @Test func nulByteIsASyntaxErrorNotATruncation() {
        let (config, findings) = Self.load("nul-before-bad-key.toml")
        #expect(config == nil)
        #expect(findings.map(\.code) == ["config-syntax"])
        #expect(findings.first?.line == 4)
        #expect(findings.first?.column == 1)
    }

    /// config-toml, after the fix above: `[!` (a table header whose name starts with neither a
    /// bare-key character nor a quote) failed the same toml++ assertion and aborted.
    @Test func badTableHeaderStartIsASyntaxError() {
        let (config, findings) = Self.load("bad-table-header-start.toml")
        #expect(config == nil)
        #expect(findings.map(\.code) == ["config-syntax"])
        #expect(findings.first?.line == 1)
        #expect(findings.first?.column == 2)
    }

    /// The syntax check knows values from headers: a line starting with `[` inside a multi-line
    /// array, a `[` in a string or a comment, is not a table header.
    @Test func headerCheckIgnoresArraysStringsAndComments() {
        #expect(TOMLSyntax.firstError("a = [\n  [+1],\n  [{ x = 1 }],\n]\n[ok]\n") == nil)
        #expect(TOMLSyntax.firstError("s = \"\"\"\n[!\n\"\"\"\n# [!\nt = '[!'\n[[ok]]\n[\"q\"]\n") == nil)
        #expect(TOMLSyntax.firstError("a = 1\n  [ !x]\n").map { [$0.line, $0.column] } == [2, 5])
        #expect(TOMLSyntax.firstError("[[ä]]\n").map { [$0.line, $0.column] } == [1, 3])
    }

    /// Tab, CRLF line ends and non-ASCII text are not control characters: a valid config still loads.
    @Test func tabsAndCRLFStillLoad() {
        let dir = Fixtures.tempDir()
        _ = Fixtures.write("trade_id,timestamp,account,strategy,symbol,side,quantity,price\n", name: "trades.csv", in: dir)
        let path = Fixtures.write("name\t= \"Book é\"\r\n# comment\twith tab\r\n[inputs]\r\ntrades = \"trades.csv\"\r\n",
                                  name: "tearsheet.toml", in: dir)
        let (config, findings) = BookConfig.load(path: path)
        #expect(findings.items.isEmpty)
        #expect(config?.name == "Book é")
    }
}
