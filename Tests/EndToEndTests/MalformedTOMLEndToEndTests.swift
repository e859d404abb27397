import Foundation
import Testing
import TearsheetCore

/// Malformed TOML through the built binary: a batch manifest and a book config read through the
/// one TOML entry point (`TOMLDocument`), so each case ends with exit 1 and FILE:LINE:COLUMN on
/// stderr, never a signal (`a = [}` and `[!` used to abort inside toml++, exit 134).
@Suite struct MalformedTOMLEndToEndTests {
    /// A malformed document's bytes, and where the error must be reported.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var bytes: [UInt8]
        var line: Int
        var column: Int
        var message: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "array closed by a brace", bytes: Array("formats = [\"md\"]\na = [}\n".utf8), line: 2, column: 6,
             message: "TOML syntax error: expected a value"),
        Case(name: "table header starting with '!'", bytes: Array("[!".utf8), line: 1, column: 2,
             message: "TOML syntax error: expected a key"),
        Case(name: "NUL byte", bytes: Array("formats = \"md\"\n  \u{0}\n".utf8), line: 2, column: 3,
             message: "TOML syntax error: a NUL byte (0x00)"),
        Case(name: "invalid UTF-8", bytes: Array("formats = [\"md\"]\nname = \"caf".utf8) + [0xE9] + Array("\"\n".utf8), line: 2, column: 12,
             message: "byte 0xE9 is not valid UTF-8"),
        Case(name: "unterminated string", bytes: Array("[[book]]\nconfig = \"a.toml\nout = \"r\"\n".utf8), line: 2, column: 17,
             message: "TOML syntax error: a newline in a single-line string"),
        Case(name: "a character column after non-ASCII text", bytes: Array("# é\nname = \"é\" x\n".utf8), line: 2, column: 12,
             message: "TOML syntax error: expected the end of the line"),
    ]

    @Test(arguments: cases)
    func aMalformedManifestExitsOneWithItsLocation(_ c: Case) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = dir.appendingPathComponent("m.toml")
        try Data(c.bytes).write(to: manifest)
        let r = try CLIRunner.run(["batch", manifest.path])
        #expect(r.status == 1, "\(r.status): \(r.stderr)")
        #expect(r.stderr.contains("\(manifest.path):\(c.line):\(c.column): error: \(c.message)"), "\(r.stderr)")
    }

    @Test(arguments: cases)
    func aMalformedConfigExitsOneWithItsLocation(_ c: Case) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("tearsheet.toml")
        try Data(c.bytes).write(to: config)
        let r = try CLIRunner.run(["validate", "--config", config.path])
        #expect(r.status == 1, "\(r.status): \(r.stderr)")
        #expect(r.stderr.contains(":\(c.line):\(c.column): error: \(c.message)"), "\(r.stderr)")
    }
}
