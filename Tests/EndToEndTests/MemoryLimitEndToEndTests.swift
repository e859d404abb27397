import Foundation
import Testing
import TearsheetCore

/// `--max-memory`: past the limit a run stops with exit 1, a message and nothing written.
@Suite struct MemoryLimitEndToEndTests {
    var demoConfig: String { CLIRunner.repoRoot.appendingPathComponent("examples/demo/tearsheet.toml").path }

    /// 8 MiB is below what the program itself takes: the watchdog stops the run at its first
    /// sample, before any report folder exists, with the documented message.
    @Test func aRunPastTheLimitStopsWithExitOneAndWritesNothing() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report")
        let r = try CLIRunner.run(["report", "--config", demoConfig, "--out", out.path, "--max-memory", "8M"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("tearsheet: error: stopped: memory use reached"))
        #expect(r.stderr.contains("above the limit of 8 MiB (--max-memory 8M); nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(left.isEmpty, "temporary folders left: \(left)")
    }

    @Test func aSizeThatIsNotOneIsAUsageError() throws {
        let r = try CLIRunner.run(["validate", "--config", demoConfig, "--max-memory", "lots"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--max-memory 'lots': expected a size such as 4G, 512M or 1.5G"))
    }
}
