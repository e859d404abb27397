import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The second hostile corpus (issue 18; `Fixtures/hostile2`, written by
/// `scripts/make_hostile2_fixture.py`, described in docs/reliability.md): each case is a copy of a
/// small valid book with one hostile change, run through the built `tearsheet` with a time limit.
/// Every case must exit with its code (1, or 2 for usage) by itself: no signal, no hang; stderr must
/// name the place (`FILE:LINE:COLUMN` where there is one); and no byte of the canary file beside
/// the book (outside every allowed root) may appear on stdout, stderr or in any file the run wrote.
@Suite(.serialized) struct HostileCorpusTests {
    static let fixtures = CLIRunner.repoRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/hostile2")
    static let canary = "CANARY-7f3a9-OUTSIDE"
    /// Seconds a case may run before it counts as a hang (a debug build on a loaded machine).
    static let limit = 120.0

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("cases").path)) ?? []).sorted()
    }

    struct Expectation {
        var exit: Int32 = 1
        var stderr: [String] = []
        var args: [String]?
        var setup: String?
    }

    static func expectation(_ name: String) throws -> Expectation {
        let text = try String(contentsOf: fixtures.appendingPathComponent("cases/\(name)/expect.txt"), encoding: .utf8)
        var e = Expectation()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "exit": e.exit = Int32(parts[1]) ?? -1
            case "stderr": e.stderr.append(parts[1])
            case "args": e.args = parts[1].split(separator: " ").map(String.init)
            case "setup": e.setup = parts[1]
            default: break
            }
        }
        return e
    }

    @Test func theCorpusHasTwentyCasesOrMore() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases) func aHostileInputIsALocatedErrorWithoutSignalHangOrLeak(_ name: String) throws {
        let fm = FileManager.default
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? fm.removeItem(at: dir) }
        let book = dir.appendingPathComponent("book"), outside = dir.appendingPathComponent("outside"), out = dir.appendingPathComponent("out")
        try fm.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("date,symbol,close\n2024-01-02,\(Self.canary),1\n\(Self.canary)\n".utf8).write(to: outside.appendingPathComponent("secret.csv"))
        try fm.copyItem(at: Self.fixtures.appendingPathComponent("base"), to: book)
        let caseDir = Self.fixtures.appendingPathComponent("cases/\(name)")
        for rel in try Self.files(under: caseDir) where rel != "expect.txt" {
            let last = (rel as NSString).lastPathComponent
            if last.hasPrefix("-") {
                try fm.removeItem(at: book.appendingPathComponent((rel as NSString).deletingLastPathComponent).appendingPathComponent(String(last.dropFirst())))
                continue
            }
            let target = book.appendingPathComponent(rel)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? fm.removeItem(at: target)
            try fm.copyItem(at: caseDir.appendingPathComponent(rel), to: target)
        }
        let e = try Self.expectation(name)
        if let step = e.setup { try Self.setup(step, book: book, outside: outside) }
        let bench = CLIRunner.repoRoot.appendingPathComponent("benchmarks-data").path
        let args = (e.args ?? ["report", "--config", "$BOOK/tearsheet.toml", "--out", "$OUT", "--format", "md,html,csv,xlsx", "--benchmarks-dir", "$BENCH"])
            .map { $0.replacingOccurrences(of: "$BOOK", with: book.path).replacingOccurrences(of: "$OUT", with: out.path)
                .replacingOccurrences(of: "$BENCH", with: bench) }
        let r = try Self.run(args, cwd: dir)
        #expect(!r.hung, "\(name): still running after \(Self.limit) s")
        #expect(!r.signalled, "\(name): ended by signal \(r.status)")
        #expect(r.status == e.exit, "\(name): exit \(r.status), stderr: \(r.stderr.prefix(2000))")
        for s in e.stderr {
            let want = s.replacingOccurrences(of: "$BOOK", with: book.path)
            #expect(r.stderr.contains(want), "\(name): stderr lacks '\(want)': \(r.stderr.prefix(2000))")
        }
        // A message is a short excerpt, never a megabyte of the user's file.
        #expect(r.stderr.utf8.count < 64 * 1024, "\(name): \(r.stderr.utf8.count) bytes on stderr")
        #expect(!r.stdout.contains(Self.canary) && !r.stderr.contains(Self.canary), "\(name): the canary reached the terminal")
        // No output file holds a byte of the canary (symbolic links and FIFOs the case made are not followed).
        for rel in try Self.files(under: dir) where !rel.hasPrefix("outside/") {
            let data = try Data(contentsOf: dir.appendingPathComponent(rel))
            #expect(data.range(of: Data(Self.canary.utf8)) == nil, "\(name): the canary is in \(rel)")
        }
        #expect(!fm.fileExists(atPath: out.path), "\(name): a report was written")
    }

    /// Regular files under `dir`, relative, without following symbolic links.
    static func files(under dir: URL) throws -> [String] {
        var out: [String] = []
        guard let e = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        while let rel = e.nextObject() as? String {
            var st = stat()
            guard lstat(dir.appendingPathComponent(rel).path, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFREG { out.append(rel) }
        }
        return out
    }

    /// The steps a committed file cannot hold.
    static func setup(_ step: String, book: URL, outside: URL) throws {
        let fm = FileManager.default
        let header = "trade_id,timestamp,account,strategy,symbol,side,quantity,price"
        let ok = "T1,2024-01-02,A,core,SPY,BUY,10,472.65"
        func write(_ text: String, _ rel: String) throws {
            let url = book.appendingPathComponent(rel)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let config = try String(contentsOf: book.appendingPathComponent("tearsheet.toml"), encoding: .utf8)
        switch step {
        case "one-megabyte-field":
            try write("\(header)\n\(ok)\nT2,2024-01-03,A,core,SPY,BUY,1\(String(repeating: "x", count: 1 << 20)),468.79\n", "trades.csv")
        case "ten-thousand-columns":
            let extra = (0..<10_000).map { "c\($0)" }.joined(separator: ",")
            let values = [String](repeating: "1", count: 10_000).joined(separator: ",")
            try write("\(header),\(extra)\n\(ok),\(values)\n", "trades.csv")
        case "deeply-nested-toml":
            try write(config + "depth = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n", "tearsheet.toml")
        case "deeply-nested-inline-tables":
            try write(config + "depth = " + String(repeating: "{ a = ", count: 5_000) + "1" + String(repeating: " }", count: 5_000) + "\n", "tearsheet.toml")
        case "prices-symlink-loop":
            try fm.createDirectory(at: book.appendingPathComponent("prices"), withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: book.appendingPathComponent("prices/SPY.csv").path, withDestinationPath: "QQQ.csv")
            try fm.createSymbolicLink(atPath: book.appendingPathComponent("prices/QQQ.csv").path, withDestinationPath: "SPY.csv")
        case "prices-symlink-outside":
            try fm.createDirectory(at: book.appendingPathComponent("prices"), withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: book.appendingPathComponent("prices/SPY.csv").path,
                                      withDestinationPath: outside.appendingPathComponent("secret.csv").path)
        case "fifo-input":
            guard mkfifo(book.appendingPathComponent("trades.csv").path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        case "template-symlink-outside":
            try fm.createDirectory(at: book.appendingPathComponent("templates/markdown"), withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: book.appendingPathComponent("templates/markdown/note.mustache").path,
                                      withDestinationPath: outside.appendingPathComponent("secret.csv").path)
        case "manifest-ten-thousand-books":
            var m = ""
            for _ in 0..<10_000 { m += "[[book]]\nconfig = \"tearsheet.toml\"\nout = \"same\"\n\n" }
            try write(m, "batch.toml")
        case "ragged-hundred-thousand-commas":
            try write("\(header)\n\(ok)\nT2\(String(repeating: ",", count: 100_000))\n", "trades.csv")
        default:
            Issue.record("unknown setup step \(step)")
        }
    }

    struct Outcome {
        var status: Int32
        var signalled: Bool
        var hung: Bool
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with stdout and stderr in files (a pipe would block a hung child's reader)
    /// and kills it after `limit` seconds.
    static func run(_ args: [String], cwd: URL) throws -> Outcome {
        let p = Process()
        p.executableURL = CLIRunner.binary
        p.arguments = args
        p.currentDirectoryURL = cwd
        let o = cwd.appendingPathComponent(".stdout"), e = cwd.appendingPathComponent(".stderr")
        FileManager.default.createFile(atPath: o.path, contents: nil)
        FileManager.default.createFile(atPath: e.path, contents: nil)
        let oh = try FileHandle(forWritingTo: o), eh = try FileHandle(forWritingTo: e)
        p.standardOutput = oh
        p.standardError = eh
        try p.run()
        let deadline = Date().addingTimeInterval(limit)
        var hung = false
        while p.isRunning {
            if Date() > deadline { hung = true; kill(p.processIdentifier, SIGKILL); break }
            usleep(20_000)
        }
        p.waitUntilExit()
        try oh.close(); try eh.close()
        let out = try String(decoding: Data(contentsOf: o), as: UTF8.self), err = try String(decoding: Data(contentsOf: e), as: UTF8.self)
        try? FileManager.default.removeItem(at: o)
        try? FileManager.default.removeItem(at: e)
        return Outcome(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal, hung: hung, stdout: out, stderr: err)
    }
}
