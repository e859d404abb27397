import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

/// `TOMLSyntax`: every config of the repository and the TOML v1.0.0 specification's examples are
/// accepted; malformed texts, among them those on which toml++ aborts, get a located error.
@Suite struct TOMLSyntaxTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyConfigOfTheRepositoryIsWellFormed() throws {
        var checked = 0
        let fm = FileManager.default
        for top in ["examples", "Tests"] {
            guard let e = fm.enumerator(atPath: Self.repo.appendingPathComponent(top).path) else { continue }
            while let p = e.nextObject() as? String {
                guard p.hasSuffix(".toml"), !p.contains("malformed"), !p.contains("fuzz") else { continue }
                let url = Self.repo.appendingPathComponent(top).appendingPathComponent(p)
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                #expect(TOMLSyntax.firstError(text) == nil, "\(p): \(String(describing: TOMLSyntax.firstError(text)))")
                checked += 1
            }
        }
        #expect(checked >= 4, "configs checked: \(checked)")
    }

    @Test(arguments: [
        "# comment\ntitle = \"TOML Example\"\n\n[owner]\nname = \"Tom Preston-Werner\"\ndob = 1979-05-27T07:32:00-08:00\n",
        "[database]\nenabled = true\nports = [ 8000, 8001, 8002 ]\ndata = [ [\"delta\", \"phi\"], [3.14] ]\ntemp_targets = { cpu = 79.5, case = 72.0 }\n",
        "[servers.alpha]\nip = \"10.0.0.1\"\n\"quoted key\" = 'literal'\nsite.\"google.com\" = true\n[[products]]\nname = \"Hammer\"\n[[products]]\n",
        "int1 = +99\nint2 = -17\nint3 = 1_000\nhex = 0xDEAD_beef\noct = 0o755\nbin = 0b1101\n",
        "f1 = +1.0\nf2 = 3.1415\nf3 = -0.01\nf4 = 5e+22\nf5 = 1e06\nf6 = -2E-2\nf7 = 6.626e-34\nf8 = 224_617.445_991\nsf1 = inf\nsf2 = -nan\n",
        "odt = 1979-05-27 07:32:00Z\nldt = 1979-05-27T00:32:00.999999\nld = 1979-05-27\nlt = 00:32:00.999999\nodt2 = 1979-05-27T00:32:00.999999-07:00\n",
        "s = \"tab\\there \\u00E9 \\U0001F600 \\\\ \\\"q\\\"\"\nml = \"\"\"\nRoses are red\\\n   Violets\"\"\"\nq = \"\"\"Here are two quotation marks: \"\". Simple.\"\"\"\"\nlit = '''\nraw \\n ''\n'''\n",
        "arr = [\n  1, # one\n  2,\n]\nempty = []\nt = {}\nwin = 'C:\\Users'\r\nk = 1\r\n",
    ])
    func specificationExamplesAreAccepted(_ text: String) {
        #expect(TOMLSyntax.firstError(text) == nil, "\(String(describing: TOMLSyntax.firstError(text)))")
    }

    @Test(arguments: [
        ("a = [}", 1, 6), ("a =[}", 1, 5), ("a = ", 1, 5), ("= 1", 1, 1), ("a = 1 b = 2", 1, 7), ("a = \"open", 1, 10),
        ("a = 01", 1, 5), ("a = 1__0", 1, 5), ("a = [1 2]", 1, 8), ("a = {b = 1,}", 1, 12), ("a = {b = 1\n}", 1, 11),
        ("[a\nb = 1", 1, 3), ("[[a]\n", 1, 5), ("a = \"\\x\"", 1, 7), ("a = 1979-13-01", 1, 5), ("a = tru", 1, 5),
        ("a = 'x\ny'", 1, 7), ("a = \"\\uD800\"", 1, 12), ("a.b. = 1", 1, 6), ("a = 0x", 1, 5), ("a = 1.", 1, 5), ("a = .5", 1, 5),
        ("a = 1\rb = 2", 1, 6),
    ])
    func malformedTextIsLocated(_ c: (String, Int, Int)) {
        let e = TOMLSyntax.firstError(c.0)
        #expect(e != nil, "\(c.0.debugDescription) accepted")
        #expect(e?.line == c.1 && e?.column == c.2, "\(c.0.debugDescription): \(String(describing: e))")
    }

    @Test func deepNestingIsBounded() {
        let deep = "a = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(TOMLSyntax.firstError(deep)?.message.contains("nest") == true)
    }

    @Test func theFuzzersAbortingConfigIsAFinding() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("toml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tearsheet.toml").path
        try Data("a = [}".utf8).write(to: URL(fileURLWithPath: path))
        let (config, f) = BookConfig.load(path: path)
        #expect(config == nil)
        #expect(f.items.first?.code == "config-syntax" && f.items.first?.line == 1, "\(f.items)")
    }
}

/// `TOMLDocument`, the one TOML entry point: every failure located FILE:LINE:COLUMN with its kind.
@Suite struct TOMLDocumentTests {
    static func error(_ bytes: [UInt8]) -> TOMLDocumentError? {
        do { _ = try TOMLDocument.parse(bytes, file: "f.toml"); return nil } catch { return error }
    }

    @Test func wellFormedTextParses() throws {
        let d = try TOMLDocument.parse(Array("name = \"é\"\n[inputs]\ntrades = \"t.csv\"\n".utf8), file: "f.toml")
        #expect(d.root["name"]?.string == "é")
        #expect(d.root["inputs"]?.table?["trades"]?.string == "t.csv")
        #expect(d.file == "f.toml")
    }

    @Test(arguments: [
        // (bytes, kind, line, column, message prefix)
        (Array("a = 1\nb = \"x".utf8) + [0xFF], TOMLDocumentError.Kind.encoding, 2, 7, "byte 0xFF is not valid UTF-8"),
        ([0xC3, 0x28], .encoding, 1, 1, "byte 0xC3 is not valid UTF-8"),
        (Array("a = 1\n\u{0}b = 2".utf8), .syntax, 2, 1, "a NUL byte (0x00)"),
        (Array("[\u{1}".utf8), .syntax, 1, 2, "control character 0x01"),
        (Array("\"é\" = 1\nx = [}".utf8), .syntax, 2, 6, "expected a value"),
        (Array("é = 1".utf8), .syntax, 1, 1, "expected a key"),
        (Array("# ééé\n[é]".utf8), .syntax, 2, 2, "expected a key"),
        // Well-formed but invalid: TOMLKit (toml++) says where.
        (Array("a = 1\na = 2\n".utf8), .syntax, 2, 5, "Error while parsing key-value pair: cannot redefine existing integer 'a'"),
    ] as [([UInt8], TOMLDocumentError.Kind, Int, Int, String)])
    func malformedDocumentsAreLocated(_ c: ([UInt8], TOMLDocumentError.Kind, Int, Int, String)) throws {
        let e = try #require(Self.error(c.0))
        #expect(e.kind == c.1 && e.line == c.2 && e.column == c.3, "\(e)")
        #expect(e.message.hasPrefix(c.4), "\(e.message)")
        #expect(e.description.hasPrefix("f.toml:\(c.2):\(c.3): error: "), "\(e.description)")
    }

    @Test func aFolderOrAMissingFileIsUnreadable() {
        for path in [FileManager.default.temporaryDirectory.path, "/nonexistent/tearsheet.toml"] {
            #expect {
                _ = try TOMLDocument.read(path: path)
            } throws: { error in
                guard let e = error as? TOMLDocumentError else { return false }
                return e.kind == .unreadable && e.file == path && e.line == 0 && e.description.hasPrefix("\(path): error: cannot read the file")
            }
        }
    }
}
