import Foundation
import Testing
@testable import TearsheetPipeline
import TearsheetCore
import TearsheetIngest
import TearsheetReport

@Suite struct ManifestTOMLTests {
    @Test func parsesDefaultsAndBooksWithPathsResolvedAgainstTheManifestFolder() throws {
        let text = """
        formats = ["md", "xlsx"]
        benchmarks_dir = "../bench"
        conventions = "quantstats"
        period_end = "2025-06-30"

        [[book]]
        config = "clients/a/tearsheet.toml"
        out = "reports/./a"
        name = "Client A"

        [[book]]
        config = "/abs/b.toml"
        out = "reports//b/"
        formats = "csv"
        """
        let m = try BatchManifest.parse(text, file: "/work/batches/june.toml", csv: false)
        #expect(m.folder == "/work/batches")
        #expect(m.defaults.formats == ["md", "xlsx"])
        #expect(m.defaults.benchmarksDir == "/work/bench")
        #expect(m.defaults.conventions == "quantstats")
        #expect(m.defaults.periodEnd?.description == "2025-06-30")
        #expect(m.entries == [
            BatchEntry(index: 0, name: "Client A", config: "/work/batches/clients/a/tearsheet.toml", out: "/work/batches/reports/a", line: 6),
            BatchEntry(index: 1, name: "b", config: "/abs/b.toml", out: "/work/batches/reports/b", formats: ["csv"], line: 11),
        ])
    }

    @Test func everyProblemIsReportedWithItsLine() {
        let text = """
        formats = ["md", "docx"]
        colour = "blue"

        [[book]]
        config = "a.toml"

        [[book]]
        out = "b"
        config = 3
        shard = 1
        """
        #expect {
            _ = try BatchManifest.parse(text, file: "m.toml", csv: false)
        } throws: { error in
            guard let e = error as? BatchManifestError else { return false }
            let lines = e.problems.map(\.line), text = e.description
            return lines.contains(1) && lines.contains(2) && lines.contains(4) && lines.contains(9) && lines.contains(10)
                && text.contains("m.toml:1: error: key 'formats': 'docx' is not a format")
                && text.contains("m.toml:2: error: unknown key 'colour'")
                && text.contains("m.toml:4: error: book 1: missing 'out'")
                && text.contains("m.toml:9: error: book 2: 'config' must be a non-empty string")
                && text.contains("m.toml:10: error: book 2: unknown key 'shard'")
        }
    }

    @Test func xlsxDailyIsABatchWideBooleanAndPartOfTheIdentity() throws {
        let book = "\n[[book]]\nconfig = \"a.toml\"\nout = \"a\"\n"
        #expect(try BatchManifest.parse("xlsx_daily = false" + book, file: "/b/m.toml", csv: false).defaults.xlsxDaily == false)
        #expect(try BatchManifest.parse(book, file: "/b/m.toml", csv: false).defaults.xlsxDaily == nil)
        #expect {
            _ = try BatchManifest.parse("xlsx_daily = \"off\"" + book, file: "m.toml", csv: false)
        } throws: { error in
            (error as? BatchManifestError)?.description.contains("m.toml:1: error: key 'xlsx_daily': expected true or false") == true
        }
        // Turning the sheet off changes what a book's report set is made from, so --resume reruns it.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-daily-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "trade_id,timestamp,account,strategy,symbol,side,quantity,price\n".write(to: dir.appendingPathComponent("trades.csv"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("tearsheet.toml").path
        try "name = \"a\"\n[inputs]\ntrades = \"trades.csv\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let config = try BookConfig.loadOrThrow(path: path)
        let on = try BookIdentity.text(config: config, path: path, formats: ["xlsx"], defaults: BatchDefaults(), templates: nil)
        let off = try BookIdentity.text(config: config, path: path, formats: ["xlsx"], defaults: BatchDefaults(xlsxDaily: false), templates: nil)
        #expect(on.contains("\nxlsx_daily -\n") && off.contains("\nxlsx_daily false\n"))
        #expect(BookIdentity.identity(on) != BookIdentity.identity(off))
    }

    @Test func profileIsABatchWideSettingAndPartOfTheIdentity() throws {
        let book = "\n[[book]]\nconfig = \"a.toml\"\nout = \"a\"\n"
        #expect(try BatchManifest.parse("profile = \"client\"" + book, file: "/b/m.toml", csv: false).defaults.profile == .client)
        #expect(try BatchManifest.parse(book, file: "/b/m.toml", csv: false).defaults.profile == nil)
        #expect {
            _ = try BatchManifest.parse("profile = \"short\"" + book, file: "m.toml", csv: false)
        } throws: { error in
            (error as? BatchManifestError)?.description.contains("m.toml:1: error: key 'profile': 'short' is not a profile; expected \"full\" or \"client\"") == true
        }
        // --profile on the command line wins over the manifest.
        var overrides = BatchRun.Overrides()
        overrides.profile = .full
        #expect(overrides.applied(to: BatchDefaults(), folder: "/b").profile == .full)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "trade_id,timestamp,account,strategy,symbol,side,quantity,price\n".write(to: dir.appendingPathComponent("trades.csv"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("tearsheet.toml").path
        try "name = \"a\"\n[inputs]\ntrades = \"trades.csv\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let config = try BookConfig.loadOrThrow(path: path)
        var client = BatchDefaults()
        client.profile = .client
        let none = try BookIdentity.text(config: config, path: path, formats: ["md"], defaults: BatchDefaults(), templates: nil)
        let set = try BookIdentity.text(config: config, path: path, formats: ["md"], defaults: client, templates: nil)
        #expect(!none.contains("profile") && set.contains("\nprofile client\n"))
        #expect(BookIdentity.identity(none) != BookIdentity.identity(set))
    }

    @Test func syntaxErrorsCarryTheParsersLine() {
        #expect {
            _ = try BatchManifest.parse("[[book]]\nconfig = \"a.toml\nout = \"b\"\n", file: "m.toml", csv: false)
        } throws: { error in
            guard let e = error as? BatchManifestError, let p = e.problems.first else { return false }
            return p.line == 2 && p.message.hasPrefix("TOML syntax error")
        }
    }

    /// Texts on which toml++ aborted (exit 134) before the manifest went through `TOMLDocument`.
    @Test(arguments: [("a = [}", 1, 6), ("[!", 1, 2), ("[[book]]\nconfig = \"é\" ]\n", 2, 14), ("x = \"\u{0}\"", 1, 6)])
    func malformedManifestsAreLocatedNeverACrash(_ c: (String, Int, Int)) {
        #expect {
            _ = try BatchManifest.parse(c.0, file: "m.toml", csv: false)
        } throws: { error in
            guard let e = error as? BatchManifestError, e.problems.count == 1, let p = e.problems.first else { return false }
            return p.line == c.1 && p.column == c.2 && p.description.hasPrefix("m.toml:\(c.1):\(c.2): error: TOML syntax error: ")
        }
    }

    @Test func aManifestThatIsNotUTF8IsLocated() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("m.toml")
        try Data([0x61, 0x20, 0x3D, 0x20, 0x22, 0xFE, 0x22]).write(to: file)
        #expect(throws: BatchManifestError([.init(file: file.path, line: 1, column: 6, message: "byte 0xFE is not valid UTF-8; save the file as UTF-8")])) {
            _ = try BatchManifest.load(path: file.path)
        }
        // A folder, and a FIFO, which must not block the read.
        let fifo = dir.appendingPathComponent("fifo.toml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [dir.path, fifo] {
            #expect {
                _ = try BatchManifest.load(path: path)
            } throws: { error in
                (error as? BatchManifestError)?.problems.first?.message.hasPrefix("cannot read the manifest: not a regular file") == true
            }
        }
    }

    @Test func anEmptyManifestIsRefused() {
        #expect(throws: BatchManifestError([.init(file: "m.toml", line: 0, message: "the manifest lists no books; add [[book]] tables with config and out")])) {
            _ = try BatchManifest.parse("formats = \"md\"\n", file: "m.toml", csv: false)
        }
    }
}

@Suite struct ManifestCSVTests {
    @Test func parsesRowsWithQuotesAnyColumnOrderAndComments() throws {
        let text = "\u{FEFF}Out,config,name\r\n# June run\r\nreports/a,a/tearsheet.toml,\"Smith, J. \"\"Jr\"\"\"\r\n\r\n\"reports/b\",/abs/b.toml,\r\n"
        let m = try BatchManifest.parse(text, file: "/data/m.csv", csv: true)
        #expect(m.entries == [
            BatchEntry(index: 0, name: "Smith, J. \"Jr\"", config: "/data/a/tearsheet.toml", out: "/data/reports/a", line: 3),
            BatchEntry(index: 1, name: "b", config: "/abs/b.toml", out: "/data/reports/b", line: 5),
        ])
    }

    @Test func headerProblemsAreLocated() {
        #expect(throws: BatchManifestError([
            .init(file: "m.csv", line: 1, message: "unknown column 'output' in the header; expected config, out and optionally name"),
            .init(file: "m.csv", line: 1, message: "the header has no 'out' column; expected a header like config,out,name"),
        ])) { _ = try BatchManifest.parse("config,output\na,b\n", file: "m.csv", csv: true) }
    }

    @Test func rowProblemsAreLocated() {
        #expect(throws: BatchManifestError([
            .init(file: "m.csv", line: 2, message: "expected 2 fields like the header, found 3"),
            .init(file: "m.csv", line: 3, message: "empty 'out'"),
            .init(file: "m.csv", line: 4, message: "unterminated quoted field"),
        ])) { _ = try BatchManifest.parse("config,out\na,b,c\na,\n\"a,b\n", file: "m.csv", csv: true) }
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: BatchManifestError([.init(file: "/nonexistent/m.csv", line: 0, message: "cannot read the manifest")])) {
            _ = try BatchManifest.load(path: "/nonexistent/m.csv")
        }
    }
}

@Suite struct OutputClashTests {
    @Test func theSameFolderSpelledTwoWaysIsRefusedBeforeAnythingRuns() {
        #expect {
            _ = try BatchManifest.parse("config,out,name\na.toml,reports/a,first\nb.toml,./reports/x/../a/,second\n", file: "/r/m.csv", csv: true)
        } throws: { error in
            (error as? BatchManifestError)?.problems == [
                .init(file: "/r/m.csv", line: 3, message: "book 'second' writes to /r/reports/a, the same output folder as book 'first' (line 2)"),
            ]
        }
    }

    @Test func aFolderInsideAnotherIsRefused() {
        #expect {
            _ = try BatchManifest.parse("config,out,name\na.toml,reports/a/inner,inner\nb.toml,reports/a,outer\n", file: "/r/m.csv", csv: true)
        } throws: { error in
            (error as? BatchManifestError)?.problems == [
                .init(file: "/r/m.csv", line: 2, message: "book 'inner' writes to /r/reports/a/inner, inside the output folder of book 'outer' (line 3): /r/reports/a"),
            ]
        }
    }

    @Test func siblingsWithSharedPrefixesAreFine() throws {
        let m = try BatchManifest.parse("config,out\na.toml,r/a\nb.toml,r/a b\nc.toml,r/ab\nd.toml,r/a-b\ne.toml,r/b/a\n", file: "/x/m.csv", csv: true)
        #expect(m.entries.count == 5)
    }
}
