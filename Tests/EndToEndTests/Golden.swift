import Foundation
import Testing

/// Golden files of what the built binary prints, in the style of swift-argument-parser's
/// `assertSnapshot`: the expected text lives in `Tests/EndToEndTests/Goldens/`, a missing golden
/// fails, and goldens are rewritten only on purpose:
///
///     TEARSHEET_RECORD_GOLDENS=1 swift test --filter EndToEndTests.Golden
///
/// A recording run writes every golden; a golden whose text changed still fails that run (review
/// `git diff Tests/EndToEndTests/Goldens`, then run the tests again without the variable).
enum Golden {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    }

    static var recording: Bool { ProcessInfo.processInfo.environment["TEARSHEET_RECORD_GOLDENS"] == "1" }

    /// The environment every golden run gets: a fixed terminal width for the help layout, no colour,
    /// a fixed generation time, and none of the user's `TEARSHEET_*` variables.
    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TEARSHEET_") }
        env["COLUMNS"] = "100"
        env["NO_COLOR"] = "1"
        env["SOURCE_DATE_EPOCH"] = "1700000000"
        return env
    }

    /// Compares `actual` with the golden `name` (a path under `Goldens/`, `.txt` added).
    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = folder.appendingPathComponent(name + ".txt")
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if recording {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                if expected != actual { try actual.write(to: url, atomically: true, encoding: .utf8) }
            } catch {
                Issue.record("cannot write the golden \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            if let expected, expected == actual { return }
            Issue.record("re-recorded the golden \(name).txt (\(expected == nil ? "new" : "changed")): review the diff, then run again without TEARSHEET_RECORD_GOLDENS",
                         sourceLocation: sourceLocation)
            return
        }
        guard let expected else {
            Issue.record("missing golden \(name).txt; record it with TEARSHEET_RECORD_GOLDENS=1 swift test --filter EndToEndTests.Golden",
                         sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let diff = firstDifference(expected: expected, actual: actual)
            Issue.record("output differs from the golden \(name).txt (re-record on purpose with TEARSHEET_RECORD_GOLDENS=1):\n\(diff)",
                         sourceLocation: sourceLocation)
        }
    }

    /// The first differing line of two texts, both sides shown.
    static func firstDifference(expected: String, actual: String) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        for i in 0..<max(e.count, a.count) {
            let l = i < e.count ? e[i] : "<end of golden>", r = i < a.count ? a[i] : "<end of output>"
            if l != r { return "line \(i + 1):\n  golden: \(l)\n  actual: \(r)" }
        }
        return "(same lines; line endings differ)"
    }

    /// The golden text of one run: the command, the exit code, stdout and stderr, with the
    /// temporary folder and the checkout's path replaced by `<TMP>` and `<ROOT>` so the text does
    /// not depend on where the tests run.
    static func transcript(_ arguments: [String], _ outcome: CLIRunner.Outcome, tmp: URL?) -> String {
        func clean(_ s: String) -> String {
            var s = s
            if let tmp {
                s = s.replacingOccurrences(of: tmp.resolvingSymlinksInPath().path, with: "<TMP>")
                s = s.replacingOccurrences(of: tmp.path, with: "<TMP>")
            }
            return s.replacingOccurrences(of: CLIRunner.repoRoot.path, with: "<ROOT>")
        }
        var out = "$ tearsheet " + clean(arguments.joined(separator: " ")) + "\n"
        out += "exit \(outcome.status)\n"
        out += "--- stdout\n" + clean(outcome.stdout)
        if !outcome.stdout.isEmpty && !outcome.stdout.hasSuffix("\n") { out += "\n" }
        out += "--- stderr\n" + clean(outcome.stderr)
        if !outcome.stderr.isEmpty && !outcome.stderr.hasSuffix("\n") { out += "\n" }
        return out
    }
}
