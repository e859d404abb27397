import Foundation
import Testing

/// A copy of the built binary outside the checkout: without its data folders it says how to
/// install them; laid out as `scripts/install PREFIX` does (`PREFIX/bin`, `PREFIX/share/tearsheet`),
/// through `TEARSHEET_HOME`, or behind a symbolic link, it finds them.
@Suite(.serialized) struct InstallTests {
    let fm = FileManager.default

    /// A minimal environment: no `TEARSHEET_*` variable, nothing inherited from the test runner.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"].merging(extra) { $1 }
    }

    /// `root/bin/tearsheet`, a copy of the built binary.
    func copyBinary(into root: URL) throws -> URL {
        let bin = root.appendingPathComponent("bin")
        try fm.createDirectory(at: bin, withIntermediateDirectories: true)
        let exe = bin.appendingPathComponent("tearsheet")
        try fm.copyItem(at: CLIRunner.binary, to: exe)
        return exe
    }

    func installData(into share: URL) throws {
        try fm.createDirectory(at: share, withIntermediateDirectories: true)
        for folder in ["templates", "benchmarks-data"] {
            try fm.copyItem(at: CLIRunner.repoRoot.appendingPathComponent(folder), to: share.appendingPathComponent(folder))
        }
    }

    @Test func aCopiedBinaryWithoutItsDataSaysHowToInstallIt() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? fm.removeItem(at: tmp) }
        let exe = try copyBinary(into: tmp)
        let version = try CLIRunner.run(["--version"], cwd: tmp, environment: environment(), inherit: false, executable: exe)
        #expect(version.status == 0, "\(version.stderr)")

        let templates = try CLIRunner.run(["templates", "init", tmp.appendingPathComponent("mine").path],
                                          cwd: tmp, environment: environment(), inherit: false, executable: exe)
        #expect(templates.status == 1, "\(templates.stderr)")
        #expect(templates.stderr.contains("cannot find the bundled templates folder"))
        #expect(templates.stderr.contains("scripts/install PREFIX"))
        #expect(templates.stderr.contains("TEARSHEET_HOME"))
        #expect(templates.stderr.contains(tmp.appendingPathComponent("share/tearsheet/templates").path), "names the install location searched")

        let bench = try CLIRunner.run(["benchmarks", "list"], cwd: tmp, environment: environment(), inherit: false, executable: exe)
        #expect(bench.status == 1, "\(bench.stderr)")
        #expect(bench.stderr.contains("no benchmarks-data folder found"))
        #expect(bench.stderr.contains("scripts/install PREFIX"))

        let demo = try CLIRunner.run(["demo", "--out", tmp.appendingPathComponent("demo").path],
                                     cwd: tmp, environment: environment(), inherit: false, executable: exe)
        #expect(demo.status == 1, "\(demo.stderr)")
        #expect(demo.stderr.contains("TEARSHEET_HOME"))
    }

    @Test func aBinaryInPrefixBinFindsPrefixShareTearsheet() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? fm.removeItem(at: tmp) }
        let exe = try copyBinary(into: tmp)
        try installData(into: tmp.appendingPathComponent("share/tearsheet"))
        let work = tmp.appendingPathComponent("work")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)

        let templates = try CLIRunner.run(["templates", "init", work.appendingPathComponent("mine").path],
                                          cwd: work, environment: environment(), inherit: false, executable: exe)
        #expect(templates.status == 0, "\(templates.stderr)")
        #expect(templates.stdout.contains("share/tearsheet/templates"))
        #expect(fm.fileExists(atPath: work.appendingPathComponent("mine/html/report.mustache").path))

        let bench = try CLIRunner.run(["benchmarks", "list"], cwd: work, environment: environment(), inherit: false, executable: exe)
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("SPY") && bench.stdout.contains("QQQ"))

        // A symbolic link elsewhere (e.g. ~/bin/tearsheet) resolves to the real binary's folders.
        let links = tmp.appendingPathComponent("links")
        try fm.createDirectory(at: links, withIntermediateDirectories: true)
        let link = links.appendingPathComponent("tearsheet")
        try fm.createSymbolicLink(at: link, withDestinationURL: exe)
        let viaLink = try CLIRunner.run(["benchmarks", "list"], cwd: work, environment: environment(), inherit: false, executable: link)
        #expect(viaLink.status == 0, "\(viaLink.stderr)")
        #expect(viaLink.stdout.contains("SPY"))

        // The installed data is enough for a whole report set.
        let report = try CLIRunner.run(["report", "--config", CLIRunner.repoRoot.appendingPathComponent("Tests/TearsheetRenderTests/Fixtures/small-book/tearsheet.toml").path,
                                        "--out", work.appendingPathComponent("r").path, "--format", "md,html"],
                                       cwd: work, environment: environment(), inherit: false, executable: exe)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(fm.fileExists(atPath: work.appendingPathComponent("r/report.html").path))
    }

    @Test func tearsheetHomeNamesTheDataFolder() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? fm.removeItem(at: tmp) }
        let exe = try copyBinary(into: tmp)
        let home = tmp.appendingPathComponent("data")
        try installData(into: home)
        let env = environment(["TEARSHEET_HOME": home.path])
        let templates = try CLIRunner.run(["templates", "init", tmp.appendingPathComponent("mine").path],
                                          cwd: tmp, environment: env, inherit: false, executable: exe)
        #expect(templates.status == 0, "\(templates.stderr)")
        #expect(templates.stdout.contains(home.appendingPathComponent("templates").path))
        let bench = try CLIRunner.run(["benchmarks", "list"], cwd: tmp, environment: env, inherit: false, executable: exe)
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("SPY"))
    }
}
