import Foundation
import Testing
@testable import TearsheetIngest
#if canImport(Glibc)
import Glibc
#endif
import TearsheetCore

/// Config paths that try to leave the book's folder or read something that is not a file
/// (docs/input-formats.md, "Path policy"; docs/reliability.md). Every refusal is a located
/// `config-*` finding on the key's line, and nothing blocks: no test here may hang.
@Suite struct HostileConfigTests {
    /// A book folder with `trades.csv`, beside a `secret.csv` outside it; returns (outer, book).
    func layout() -> (outer: URL, book: URL) {
        let outer = Fixtures.tempDir()
        let book = outer.appendingPathComponent("book")
        _ = Fixtures.write("trade_id\n", name: "trades.csv", in: book)
        _ = Fixtures.write("secret\n", name: "secret.csv", in: outer)
        return (outer, book)
    }

    func load(_ toml: String, in book: URL, allowOutsidePaths: Bool = false) -> (BookConfig?, [Finding]) {
        let p = Fixtures.write(toml, name: "tearsheet.toml", in: book)
        let (c, f) = BookConfig.load(path: p, allowOutsidePaths: allowOutsidePaths)
        return (c, f.items)
    }

    @Test(arguments: ["../secret.csv", "../../../../../../etc/passwd", "/etc/passwd", "./../secret.csv", "sub/../../secret.csv"])
    func pathsLeavingTheFolderAreRefused(path: String) {
        let (outer, book) = layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        let (c, f) = load("name = \"b\"\n[inputs]\ntrades = \"trades.csv\"\npositions = \"\(path)\"\n", in: book)
        #expect(c == nil)
        #expect(f.map(\.code) == ["config-path-outside"])
        #expect(f.first?.line == 4)
        #expect(f.first?.message.contains("--allow-outside-paths") == true)
    }

    @Test func aSymlinkOutIsRefusedUnlessAllowed() throws {
        let (outer, book) = layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        try FileManager.default.createSymbolicLink(atPath: book.appendingPathComponent("link.csv").path,
                                                   withDestinationPath: outer.appendingPathComponent("secret.csv").path)
        let (_, f) = load("name = \"b\"\n[inputs]\ntrades = \"link.csv\"\n", in: book)
        #expect(f.map(\.code) == ["config-path-outside"])
        #expect(f.first?.message.contains("outside the config's folder") == true)
        // The operator's opt-in (--allow-outside-paths) accepts it, and absolute paths, but never a device.
        let (c, g) = load("name = \"b\"\n[inputs]\ntrades = \"link.csv\"\npositions = \"\(outer.path)/secret.csv\"\n", in: book,
                          allowOutsidePaths: true)
        #expect(g.isEmpty, "\(g)")
        #expect(c?.allowOutsidePaths == true)
        #expect(c?.ingestOptions.pathPolicy == .unrestricted)
        #expect(c?.inputs.positions == outer.appendingPathComponent("secret.csv").path)
        let (_, h) = load("name = \"b\"\n[inputs]\ntrades = \"/dev/zero\"\n", in: book, allowOutsidePaths: true)
        #expect(h.map(\.code) == ["config-not-a-file"])
        let (_, k) = load("name = \"b\"\nallow_outside_paths = \"yes\"\n[inputs]\ntrades = \"trades.csv\"\n", in: book)
        #expect(k.map(\.code) == ["config-bad-type"])
    }

    /// A config handed in by someone else cannot widen what the run reads: the key set to true is
    /// an error on its line that names the operator's flag, and the link out stays refused.
    @Test func theConfigCannotAllowOutsidePathsItself() throws {
        let (outer, book) = layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        try FileManager.default.createSymbolicLink(atPath: book.appendingPathComponent("link.csv").path,
                                                   withDestinationPath: outer.appendingPathComponent("secret.csv").path)
        let (c, f) = load("name = \"b\"\nallow_outside_paths = true\n[inputs]\ntrades = \"link.csv\"\n", in: book)
        #expect(c == nil)
        #expect(f.map(\.code) == ["config-outside-not-allowed", "config-path-outside"], "\(f)")
        #expect(f.first?.line == 2)
        #expect(f.first?.message.contains("--allow-outside-paths") == true)
        // `false` is the default and accepted; the folder is then the only root.
        let (d, g) = load("name = \"b\"\nallow_outside_paths = false\n[inputs]\ntrades = \"trades.csv\"\n", in: book)
        #expect(g.isEmpty, "\(g)")
        #expect(d?.ingestOptions.pathPolicy == PathPolicy(roots: [book.path]))
    }

    @Test(arguments: ["/dev/zero", "/dev/stdin", "/dev/null", "/dev/urandom"])
    func devicesAreRefusedAsNotAFile(device: String) throws {
        let (outer, book) = layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        // A link inside the folder to the device: confinement passes, the file-type check refuses.
        guard FileManager.default.fileExists(atPath: device) else { return }
        try FileManager.default.createSymbolicLink(atPath: book.appendingPathComponent("dev.csv").path, withDestinationPath: device)
        let (_, f) = load("name = \"b\"\n[inputs]\ntrades = \"dev.csv\"\n", in: book, allowOutsidePaths: true)
        #expect(f.map(\.code) == ["config-not-a-file"] || f.map(\.code) == ["config-missing-file"], "\(f)")
        #expect(f.first?.line == 3)
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let (outer, book) = layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        let fifo = book.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let (_, f) = load("name = \"b\"\n[inputs]\ntrades = \"pipe.csv\"\n", in: book)
        #expect(f.map(\.code) == ["config-not-a-file"])
        #expect(f.first?.message.contains("device or special file") == true)
        // Reading it directly is refused too, before open(2) could block.
        #expect(throws: TearsheetError.io(path: fifo, message: "not a regular file (a folder, device, FIFO or socket); expected a regular file")) {
            _ = try FileBytes.read(fifo)
        }
        // The config file itself may be a FIFO on the command line.
        #expect(BookConfig.load(path: fifo).findings.items.map(\.code) == ["config-unreadable"])
    }

    @Test func aFolderWhereAFileIsExpectedIsRefused() {
        let (outer, book) = layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        try? FileManager.default.createDirectory(at: book.appendingPathComponent("dir.csv"), withIntermediateDirectories: true)
        let (_, f) = load("name = \"b\"\n[inputs]\ntrades = \"dir.csv\"\n", in: book)
        #expect(f.map(\.code) == ["config-not-a-file"])
    }

    @Test func templateAndBenchmarkFoldersMayBeOutsideButMustBeFolders() {
        let (outer, book) = layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        let (_, f) = load("name = \"b\"\nbenchmarks_dir = \"/dev\"\n[inputs]\ntrades = \"trades.csv\"\n[report]\ntemplates = \"/dev/zero\"\n", in: book)
        #expect(f.map(\.code) == ["config-not-a-folder"])
        #expect(f.first?.line == 6)
    }

    @Test(arguments: ["../../etc/passwd", "/etc/passwd", "SPY/../../x", ".hidden", "", String(repeating: "A", count: 40), "SP Y"])
    func benchmarkSymbolsCannotHideAPath(symbol: String) {
        let (outer, book) = layout()
        defer { try? FileManager.default.removeItem(at: outer) }
        let (_, f) = load("name = \"b\"\nbenchmarks = [\"SPY\", \"\(symbol)\"]\n[inputs]\ntrades = \"trades.csv\"\n", in: book)
        #expect(f.map(\.code) == ["config-bad-value"], "\(f)")
        #expect(f.first?.line == 2)
    }

    @Test func ordinaryTickersAreAccepted() {
        for s in ["SPY", "BRK.B", "^GSPC", "EURUSD=X", "VOO-2", "ES_F"] { #expect(ConfigLoader.isSafeSymbol(s), "\(s)") }
    }

    @Test func aHugeBenchmarkFileIsRefusedBeforeReading() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("BIG.csv").path
        // A sparse file: large on paper, no disk used.
        let fd = open(path, O_WRONLY | O_CREAT, 0o644)
        #expect(fd >= 0)
        #expect(ftruncate(fd, off_t(BenchmarkStore.maxFileBytes + 1)) == 0)
        close(fd)
        var findings = Findings()
        #expect(BenchmarkStore(directory: dir.path).load("BIG", findings: &findings) == nil)
        #expect(findings.items.map(\.code) == ["benchmark-too-large"])
    }
}
