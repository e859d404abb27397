import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TearsheetCore

/// Hostile input and write faults through the built `tearsheet` binary (docs/reliability.md):
/// the exit code, the message on stderr naming the path, and what is left on disk.
@Suite(.serialized) struct HostileEndToEndTests {
    let root = CLIRunner.repoRoot
    var hostileConfig: String { root.appendingPathComponent("Tests/TearsheetRenderTests/Fixtures/hostile/book/tearsheet.toml").path }
    var demoConfig: String { root.appendingPathComponent("examples/demo/tearsheet.toml").path }
    let env = ["SOURCE_DATE_EPOCH": "1700000000"]

    @Test func theHostileBookReportsInEveryFormat() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r")
        let r = try CLIRunner.run(["report", "--config", hostileConfig, "--out", out.path], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        for f in ["report.md", "report.html", "report.xlsx", "manifest.json", "csv/sleeves.csv"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "missing \(f)")
        }
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!html.contains("<script>alert"))
    }

    @Test func escapeSequencesInInputsDoNotReachTheTerminal() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let trades = dir.appendingPathComponent("trades.csv")
        // A side holding "clear the screen" and a carriage return; a strategy with a right-to-left override.
        try "trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,currency\n"
            .appending("T1,2024-03-14,A,s,SPY,BUY,10,500,1,USD\n")
            .appending("T2,2024-03-15,A,\u{202E}s,SPY,\"B\u{1B}[2J\rUY\",10,501,1,USD\n")
            .write(to: trades, atomically: true, encoding: .utf8)
        let bench = root.appendingPathComponent("benchmarks-data").path
        let r = try CLIRunner.run(["validate", "--trades", trades.path, "--benchmarks-dir", bench])
        #expect(r.status == 1)
        #expect(r.stderr.contains("trades.csv:3:"), "\(r.stderr)")
        #expect(r.stderr.contains("B\\u{1B}[2J\\u{D}UY"), "\(r.stderr)")
        #expect(!r.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" || $0 == "\u{202E}" })
        let json = try CLIRunner.run(["validate", "--json", "--trades", trades.path, "--benchmarks-dir", bench])
        #expect(json.status == 1)
        #expect(!json.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" || $0 == "\u{202E}" })
        #expect(json.stdout.contains("\\u001b[2J"), "\(json.stdout)")
    }

    @Test func anOutputFolderUnderAFileExitsOneNamingThePath() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let r = try CLIRunner.run(["report", "--config", demoConfig, "--out", file.appendingPathComponent("r").path, "--format", "csv"], environment: env)
        #expect(r.status == 1)
        #expect(r.stderr.contains(file.path), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["file"])
    }

    /// issue 18: an empty format list (an unset variable in a monthly script) is a usage error and
    /// the complete report stays; a reviewer's file stops --force and is named.
    @Test func anEmptyFormatListOrAReviewersFileNeverCostsTheReport() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r")
        let first = try CLIRunner.run(["report", "--config", demoConfig, "--out", out.path, "--format", "csv"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("csv").path).sorted()
        for empty in ["", ",", " , "] {
            let r = try CLIRunner.run(["report", "--config", demoConfig, "--out", out.path, "--format", empty, "--force"], environment: env)
            #expect(r.status == 2, "'\(empty)': \(r.stderr)")
            #expect(r.stderr.contains("at least one"), "\(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("csv").path).sorted() == before)
        try Data("approved".utf8).write(to: out.appendingPathComponent("approval.sig"))
        let forced = try CLIRunner.run(["report", "--config", demoConfig, "--out", out.path, "--format", "csv", "--force"], environment: env)
        #expect(forced.status == 1, "\(forced.stderr)")
        #expect(forced.stderr.contains("approval.sig") && forced.stderr.contains("--force-discard"), "\(forced.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("approval.sig").path))
        let discarded = try CLIRunner.run(["report", "--config", demoConfig, "--out", out.path, "--format", "csv", "--force-discard"], environment: env)
        #expect(discarded.status == 0, "\(discarded.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("approval.sig").path))
    }

    @Test func forceNeverReplacesAFolderThatIsNotAReport() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("keep".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        let r = try CLIRunner.run(["report", "--config", demoConfig, "--out", dir.path, "--format", "csv", "--force"], environment: env)
        #expect(r.status == 1)
        #expect(r.stderr.contains("not a Tearsheet report folder"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["notes.txt"])
    }

    @Test func anUnwritableOutputExitsOne() throws {
        let r = try CLIRunner.run(["report", "--config", demoConfig, "--out", "/proc/self/tearsheet-report", "--format", "csv"], environment: env)
        #expect(r.status == 1)
        #expect(r.stderr.contains("/proc/self"), "\(r.stderr)")
    }

    /// A real full disk: a 64 KiB tmpfs (needs root and `mount`; recorded as a known issue when
    /// the sandbox refuses). The previous report on it stays, nothing else is left.
    @Test func aFullDiskExitsOneAndKeepsThePreviousReport() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let disk = dir.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        guard Self.mountTmpfs(disk.path, size: "64k") else {
            withKnownIssue("mount -t tmpfs is not permitted here; WriteFaultTests inject the same faults") { Issue.record("no tmpfs") }
            return
        }
        defer { _ = try? CLIRunner.runTool("/bin/umount", [disk.path]) }
        let previous = disk.appendingPathComponent("r")
        try FileManager.default.createDirectory(at: previous, withIntermediateDirectories: true)
        try Data("previous report\n".utf8).write(to: previous.appendingPathComponent("report.md"))
        // `--force` replaces only a folder whose manifest lists every file unchanged: SHA-256 of "previous report\n".
        try Data("""
            {"files": [{"bytes": 16, "path": "report.md", "sha256": "0306d981ed8e5eb35f7eec731f4dfcfbf337df06efd18598e97d4815b4e28388"}],
             "generatedAt": "2024-01-01T00:00:00Z", "tool": "tearsheet", "toolVersion": "0"}
            """.utf8).write(to: previous.appendingPathComponent("manifest.json"))
        let r = try CLIRunner.run(["report", "--config", demoConfig, "--out", previous.path, "--force"], environment: env)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(previous.path) && r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["r"])
        #expect(try String(contentsOf: previous.appendingPathComponent("report.md"), encoding: .utf8) == "previous report\n")
    }

    @Test func aRecursiveTemplateExitsOneNamingIt() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = dir.appendingPathComponent("templates/html")
        try FileManager.default.createDirectory(at: t, withIntermediateDirectories: true)
        try Data("{{#sections}}{{> section}}{{/sections}}".utf8).write(to: t.appendingPathComponent("report.mustache"))
        try Data("{{> report}}".utf8).write(to: t.appendingPathComponent("section.mustache"))
        let r = try CLIRunner.run(["report", "--config", demoConfig, "--out", dir.appendingPathComponent("r").path, "--format", "html",
                                   "--templates", dir.appendingPathComponent("templates").path], environment: env)
        #expect(r.status == 1)
        #expect(r.stderr.contains("section.mustache") || r.stderr.contains("report.mustache"), "\(r.stderr)")
        #expect(r.stderr.contains("cycle"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r").path))
    }

    @Test func devicesAndFIFOsAsInputsExitOneWithoutBlocking() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("trades.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for input in [fifo, "/dev/zero", "/dev/stdin"] {
            let r = try CLIRunner.run(["validate", "--trades", input])
            #expect(r.status == 1, "\(input): \(r.stderr)")
        }
        let config = dir.appendingPathComponent("tearsheet.toml")
        try Data("name = \"b\"\n[inputs]\ntrades = \"trades.csv\"\n".utf8).write(to: config)
        let r = try CLIRunner.run(["validate", "--config", config.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("special file") || r.stdout.contains("special file"), "\(r.stdout)\(r.stderr)")
    }

    /// 1926-2026: about 26,000 daily returns through `report --returns`, all formats, in bounded
    /// time, with one calendar row per year whose compounded return matches the days.
    @Test func aHundredYearReturnSeriesReports() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var returns = "date,return\n", bench = "date,return\n"
        var yearly: [Int: Double] = [:]
        var state: UInt64 = 42
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let calendar = Calendar(identifier: .gregorian)
        var date = DateComponents(calendar: calendar, timeZone: TimeZone(identifier: "UTC"), year: 1926, month: 1, day: 4).date!
        let end = DateComponents(calendar: calendar, timeZone: TimeZone(identifier: "UTC"), year: 2026, month: 6, day: 30).date!
        let fmt = DateFormatter()
        fmt.dateFormat = "yyyy-MM-dd"
        fmt.timeZone = TimeZone(identifier: "UTC")
        var rows = 0
        while date <= end {
            let weekday = calendar.component(.weekday, from: date)
            if weekday != 1 && weekday != 7 {
                let m = (uniform() - 0.5) * 0.04
                let r = 0.0003 + m * 1.1 + (uniform() - 0.5) * 0.01
                let day = fmt.string(from: date)
                returns += "\(day),\(r)\n"
                bench += "\(day),\(m)\n"
                yearly[calendar.component(.year, from: date), default: 1] *= 1 + r
                rows += 1
            }
            date = calendar.date(byAdding: .day, value: 1, to: date)!
        }
        #expect(rows > 26_000)
        try Data(returns.utf8).write(to: dir.appendingPathComponent("returns.csv"))
        try Data(bench.utf8).write(to: dir.appendingPathComponent("bench.csv"))
        let out = dir.appendingPathComponent("r")
        let started = Date()
        let r = try CLIRunner.run(["report", "--returns", dir.appendingPathComponent("returns.csv").path,
                                   "--benchmark", dir.appendingPathComponent("bench.csv").path, "--out", out.path], environment: env)
        let seconds = Date().timeIntervalSince(started)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(seconds < 300, "100 years took \(seconds) s")
        let grid = try String(contentsOf: out.appendingPathComponent("csv/monthly-returns.csv"), encoding: .utf8)
        let lines = grid.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        let yearColumn = try #require(header.lastIndex { $0.lowercased().contains("year") })
        let body = lines.dropFirst().filter { Int($0[0]) != nil }
        #expect(body.map { Int($0[0])! } == Array(1926...2026))
        for row in body {
            let year = Int(row[0])!
            let expected = yearly[year]! - 1
            let got = try #require(Double(row[yearColumn]), "year \(year): \(row)")
            #expect(abs(got - expected) <= 1e-9 * max(1, abs(expected)), "year \(year): \(got) vs \(expected)")
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.xlsx").path))
    }

    static func mountTmpfs(_ path: String, size: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        return (try? CLIRunner.runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path])) == 0
    }

    /// Issue 18, item 3: a book's own config cannot widen what it may read; the operator's flag
    /// can. The outside file's content never reaches stderr.
    @Test func onlyTheOperatorMayAllowPathsOutsideTheBook() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("book"), shared = dir.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: book, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        let demo = root.appendingPathComponent("examples/demo")
        for f in ["trades.csv", "prices.csv", "cashflows.csv"] {
            try FileManager.default.copyItem(at: demo.appendingPathComponent(f), to: shared.appendingPathComponent(f))
        }
        let bench = root.appendingPathComponent("benchmarks-data").path
        let inputs = "[inputs]\ntrades = \"../shared/trades.csv\"\nprices = \"../shared/prices.csv\"\ncashflows = \"../shared/cashflows.csv\"\n"
        let config = book.appendingPathComponent("tearsheet.toml")
        try "name = \"b\"\nallow_outside_paths = true\n\(inputs)".write(to: config, atomically: true, encoding: .utf8)
        let refused = try CLIRunner.run(["validate", "--config", config.path, "--benchmarks-dir", bench])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("tearsheet.toml:2:"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-outside-paths"), "\(refused.stderr)")
        try "name = \"b\"\n\(inputs)".write(to: config, atomically: true, encoding: .utf8)
        let outside = try CLIRunner.run(["validate", "--config", config.path, "--benchmarks-dir", bench])
        #expect(outside.status == 1)
        #expect(outside.stderr.contains("leads outside the config's folder"), "\(outside.stderr)")
        let allowed = try CLIRunner.run(["validate", "--config", config.path, "--benchmarks-dir", bench, "--allow-outside-paths"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        // A prices file swapped for a link to a file outside (here /etc/passwd) is refused and
        // not quoted.
        try "name = \"b\"\n[inputs]\ntrades = \"trades.csv\"\nprices = \"px\"\n".write(to: config, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: demo.appendingPathComponent("trades.csv"), to: book.appendingPathComponent("trades.csv"))
        let px = book.appendingPathComponent("px")
        try FileManager.default.createDirectory(at: px, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: px.appendingPathComponent("SPY.csv").path, withDestinationPath: "/etc/passwd")
        let linked = try CLIRunner.run(["validate", "--config", config.path, "--benchmarks-dir", bench])
        #expect(linked.status == 1)
        #expect(linked.stderr.contains("outside the allowed folders"), "\(linked.stderr)")
        #expect(!linked.stderr.contains("root:"), "\(linked.stderr)")
    }

    /// Issue 18, item 5: NUL in a strategy is an error at its line and column (it used to make
    /// `FUND<NUL>A` and `FUND<NUL>B` both `FUND` in the workbook).
    @Test func aNULInAStrategyExitsOneAtItsLineAndColumn() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let trades = dir.appendingPathComponent("trades.csv")
        try Data("trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,currency\nT1,2024-03-14,A,FUND\u{0}A,SPY,BUY,10,500,1,USD\nT2,2024-03-14,A,FUND\u{0}B,SPY,BUY,10,500,1,USD\n".utf8)
            .write(to: trades)
        let r = try CLIRunner.run(["validate", "--trades", trades.path, "--benchmarks-dir", root.appendingPathComponent("benchmarks-data").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("trades.csv:2:4:") && r.stderr.contains("trades.csv:3:4:"), "\(r.stderr)")
        #expect(r.stderr.contains("control character (byte 0x00"), "\(r.stderr)")
    }
}

extension CLIRunner {
    /// Runs a system tool and returns its exit status.
    static func runTool(_ tool: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
