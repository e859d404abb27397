import Foundation
import TearsheetCore

/// Runs the built `tearsheet` binary (it sits beside the test bundle in the build folder) and
/// captures stdout, stderr and the exit code, as a user's shell would see them.
struct CLIRunner {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("tearsheet")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return here.appendingPathComponent("tearsheet")
    }

    /// The repository root, found from this source file.
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `executable` (the built binary by default) with `arguments` in `cwd` (the checkout by
    /// default). `environment` is added to this process's environment, or, with `inherit: false`,
    /// is the whole environment of the child.
    static func run(_ arguments: [String], cwd: URL? = nil, environment: [String: String] = [:],
                    inherit: Bool = true, executable: URL? = nil) throws -> Outcome {
        let p = Process()
        p.executableURL = executable ?? binary
        p.arguments = arguments
        p.currentDirectoryURL = cwd ?? repoRoot
        var env = inherit ? ProcessInfo.processInfo.environment : [:]
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes before waiting so a large output cannot block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tearsheet-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
