import Foundation
import Testing

/// Every `--help` text of the built binary against its golden (`Goldens/help/tearsheet[-SUB...].txt`).
/// The commands are discovered from the help texts themselves (their SUBCOMMANDS sections), so a
/// new subcommand without a golden fails until one is recorded.
@Suite(.serialized) struct GoldenHelpTests {
    /// Commands that must exist whatever the discovery finds (it cannot silently find nothing).
    static let required: Set<[String]> = [
        [], ["report"], ["demo"], ["validate"], ["metrics"], ["attribution"], ["batch"],
        ["benchmarks"], ["benchmarks", "list"], ["benchmarks", "import"], ["templates"], ["templates", "init"],
        ["import"], ["import", "ibkr-flex"],
    ]

    /// The subcommand names listed in a help text's `SUBCOMMANDS:` section.
    static func subcommands(inHelp text: String) -> [String] {
        var names: [String] = []
        var inSection = false
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            if !line.isEmpty && !line.hasPrefix(" ") { break }  // the next section's header
            let trimmed = line.dropFirst(2)
            guard line.hasPrefix("  "), let first = trimmed.first, first.isLetter else { continue }  // wrapped text is indented further
            let name = String(trimmed.prefix { !$0.isWhitespace })
            if name == "See" { break }
            names.append(name)
        }
        return names
    }

    static func goldenName(_ path: [String]) -> String {
        "help/" + (["tearsheet"] + path).joined(separator: "-")
    }

    @Test func everyHelpTextMatchesItsGolden() throws {
        var queue: [[String]] = [[]]
        var seen: Set<[String]> = []
        while let path = queue.first {
            queue.removeFirst()
            guard seen.insert(path).inserted else { continue }
            let r = try CLIRunner.run(path + ["--help"], environment: Golden.environment, inherit: false)
            #expect(r.status == 0, "tearsheet \(path.joined(separator: " ")) --help exited \(r.status): \(r.stderr)")
            #expect(r.stderr.isEmpty, "tearsheet \(path.joined(separator: " ")) --help wrote to stderr: \(r.stderr)")
            Golden.check(r.stdout, named: Self.goldenName(path))
            for sub in Self.subcommands(inHelp: r.stdout) where sub != "help" {
                queue.append(path + [sub])
            }
        }
        #expect(Self.required.isSubset(of: seen), "help discovery missed \(Self.required.subtracting(seen).sorted { $0.joined() < $1.joined() })")
        // Every golden on disk belongs to a command that still exists.
        let onDisk = (try? FileManager.default.contentsOfDirectory(atPath: Golden.folder.appendingPathComponent("help").path)) ?? []
        let expected = Set(seen.map { String(Self.goldenName($0).dropFirst("help/".count)) + ".txt" })
        for file in onDisk where !expected.contains(file) {
            Issue.record("stale golden help/\(file): no such command any more; delete it")
        }
    }

    @Test func discoveryReadsTheSubcommandSection() {
        let text = """
        USAGE: tool <subcommand>

        OPTIONS:
          -h, --help              Show help information.

        SUBCOMMANDS:
          report                  Write a report.
          benchmarks              Import and list.
                                  (wrapped abstract line)

          See 'tool help <subcommand>' for detailed help.
        """
        #expect(Self.subcommands(inHelp: text) == ["report", "benchmarks"])
    }
}
