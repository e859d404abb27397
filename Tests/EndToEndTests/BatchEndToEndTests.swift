import Foundation
import Testing
import TearsheetCore

/// `tearsheet batch` through the built binary: failures confined to their book, refused
/// manifests, shards, resume and SIGINT.
@Suite(.serialized) struct BatchEndToEndTests {
    let demoConfig = CLIRunner.repoRoot.appendingPathComponent("examples/demo/tearsheet.toml").path
    let fm = FileManager.default

    /// A folder with a broken book (its trades file is missing) and a manifest `m.toml` of
    /// `books` demo-book entries plus the broken one in the middle.
    func batchFolder(books: Int = 2, formats: String? = nil) throws -> URL {
        let dir = try CLIRunner.temporaryDirectory()
        try fm.createDirectory(at: dir.appendingPathComponent("broken"), withIntermediateDirectories: true)
        try Data("name = \"Broken\"\n\n[inputs]\ntrades = \"trades.csv\"\n".utf8)
            .write(to: dir.appendingPathComponent("broken/tearsheet.toml"))
        var text = formats.map { "formats = \"\($0)\"\n" } ?? ""
        for k in 0..<books {
            text += "\n[[book]]\nconfig = \"\(demoConfig)\"\nout = \"reports/client-\(k + 1)\"\nname = \"Client \(k + 1)\"\n"
            if k == 0 { text += "\n[[book]]\nconfig = \"broken/tearsheet.toml\"\nout = \"reports/broken\"\n" }
        }
        try Data(text.utf8).write(to: dir.appendingPathComponent("m.toml"))
        return dir
    }

    func summaryRows(_ dir: URL, _ name: String = "batch-summary.csv") throws -> [[String: String]] {
        let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            // The fields checked here hold no commas before the error column.
            let f = line.split(separator: ",", maxSplits: 6, omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header.prefix(f.count), f))
        }
    }

    /// No `.NAME.tmp-*` or `.NAME.old-*` folder left in `folder`.
    func noTemporaryFolders(_ folder: URL) -> Bool {
        ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).allSatisfy { !$0.hasPrefix(".") }
    }

    @Test func aBrokenBookFailsAloneThenResumeSkipsTheFinishedOnes() throws {
        let dir = try batchFolder()
        defer { try? fm.removeItem(at: dir) }
        let r = try CLIRunner.run(["batch", dir.appendingPathComponent("m.toml").path, "--jobs", "2"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("failed: broken (\(dir.appendingPathComponent("m.toml").path):7)"))
        #expect(r.stdout.contains("2 ok, 1 failed, 0 skipped"))
        for k in 1...2 {
            let out = dir.appendingPathComponent("reports/client-\(k)")
            for f in ["report.md", "report.html", "report.xlsx", "manifest.json", "csv/daily.csv"] {
                #expect(fm.fileExists(atPath: out.appendingPathComponent(f).path), "client-\(k): missing \(f)")
            }
            let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
            #expect(manifest.contains("\"inputIdentity\""))
        }
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("reports/broken").path))
        #expect(noTemporaryFolders(dir.appendingPathComponent("reports")))
        let rows = try summaryRows(dir)
        #expect(rows.map { $0["book"] } == ["Client 1", "broken", "Client 2"])
        #expect(rows.map { $0["status"] } == ["ok", "failed", "ok"])
        #expect(rows[1]["category"] == "input")
        let csv = try String(contentsOf: dir.appendingPathComponent("batch-summary.csv"), encoding: .utf8)
        #expect(csv.contains("trades.csv"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("batch-summary.json"))) as? [String: Any]
        #expect(json?["exitCode"] as? Int == 1 && json?["failed"] as? Int == 1)

        let again = try CLIRunner.run(["batch", dir.appendingPathComponent("m.toml").path, "--resume", "--summary", dir.appendingPathComponent("second").path])
        #expect(again.status == 1)
        #expect(try summaryRows(dir.appendingPathComponent("second")).map { $0["status"] } == ["skipped", "failed", "skipped"])
    }

    @Test func clashingOutputsAreRefusedBeforeAnythingRuns() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? fm.removeItem(at: dir) }
        try Data("config,out\n\(demoConfig),reports/a\n\(demoConfig),reports/./a/\n".utf8).write(to: dir.appendingPathComponent("m.csv"))
        let r = try CLIRunner.run(["batch", dir.appendingPathComponent("m.csv").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("m.csv:3: error: book 'a' writes to \(dir.path)/reports/a, the same output folder"))
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("reports").path))
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("batch-summary.csv").path))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLIRunner.run(["batch", "m.toml", "--shard", "2/2"]).status == 2)
        #expect(try CLIRunner.run(["batch", "m.toml", "--shard-from-env", "JOB_COMPLETION_INDEX"]).status == 2)
        #expect(try CLIRunner.run(["batch", "m.toml", "--jobs", "0"]).status == 2)
    }

    /// The shards' summaries together list every book exactly once, as the scheduler examples in
    /// docs/scale.md run them (explicit --shard and --shard-from-env).
    @Test func shardsTogetherRunEveryBookOnce() throws {
        let dir = try batchFolder(books: 3, formats: "csv")
        defer { try? fm.removeItem(at: dir) }
        let m = dir.appendingPathComponent("m.toml").path
        let s0 = try CLIRunner.run(["batch", m, "--shard", "0/2"])
        let s1 = try CLIRunner.run(["batch", m, "--shard-from-env", "JOB_COMPLETION_INDEX", "--shard-count", "2"],
                                   environment: ["JOB_COMPLETION_INDEX": "1"])
        #expect(s0.status == 0, "\(s0.stderr)")  // books 0 and 2: Client 1, Client 2
        #expect(s1.status == 1)                   // books 1 and 3: broken, Client 3
        let a = try summaryRows(dir, "batch-summary-shard-0-of-2.csv"), b = try summaryRows(dir, "batch-summary-shard-1-of-2.csv")
        #expect(a.compactMap { $0["book"] } == ["Client 1", "Client 2"])
        #expect(b.compactMap { $0["book"] } == ["broken", "Client 3"])
        for k in 1...3 { #expect(fm.fileExists(atPath: dir.appendingPathComponent("reports/client-\(k)/manifest.json").path)) }
    }

    /// The GNU parallel line of docs/scale.md, run for real when `parallel` is installed.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/parallel"), "GNU parallel is not installed"))
    func gnuParallelLineFromTheDocs() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? fm.removeItem(at: dir) }
        let rows = (1...3).map { "\(demoConfig),reports/client-\($0),Client \($0)" }
        try Data((["config,out,name"] + rows).joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("batch.csv"))
        let bin = CLIRunner.binary.deletingLastPathComponent().path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/parallel")
        p.arguments = ["--halt", "never", "\(bin)/tearsheet batch batch.csv --shard {}/2 --jobs 1 --format csv", ":::", "0", "1"]
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let books = try (0..<2).flatMap { try summaryRows(dir, "batch-summary-shard-\($0)-of-2.csv") }.compactMap { $0["book"] }
        #expect(books.sorted() == ["Client 1", "Client 2", "Client 3"])
    }

    /// SIGINT: books in flight finish, no new book starts, the rest are `interrupted`, exit 130,
    /// every report folder present is complete and no temporary folder is left.
    @Test func sigintLeavesOnlyCompleteReports() throws {
        let dir = try batchFolder(books: 6, formats: "md,csv")
        defer { try? fm.removeItem(at: dir) }
        let p = Process()
        p.executableURL = CLIRunner.binary
        p.arguments = ["batch", dir.appendingPathComponent("m.toml").path, "--jobs", "1"]
        p.currentDirectoryURL = CLIRunner.repoRoot
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let first = dir.appendingPathComponent("reports/client-1/manifest.json").path
        let deadline = Date().addingTimeInterval(120)
        while !fm.fileExists(atPath: first) && Date() < deadline && p.isRunning { usleep(20_000) }
        p.interrupt()
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        let rows = try summaryRows(dir)
        #expect(rows.count == 7)
        #expect(rows.first?["status"] == "ok")
        #expect(rows.last?["status"] == "interrupted")
        let reports = dir.appendingPathComponent("reports")
        #expect(noTemporaryFolders(reports))
        for name in (try? fm.contentsOfDirectory(atPath: reports.path)) ?? [] {
            #expect(fm.fileExists(atPath: reports.appendingPathComponent(name).appendingPathComponent("manifest.json").path), "\(name) is partial")
        }
        let finished = rows.filter { $0["status"] == "ok" }.count
        #expect(((try? fm.contentsOfDirectory(atPath: reports.path)) ?? []).count == finished)
    }
}
