import Foundation
import Testing
import TearsheetCore

/// Helpers shared by the renderer tests.
enum TestSupport {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repoRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let bundledTemplates = repoRoot.appendingPathComponent("templates")
    static let goldens = testsFolder.appendingPathComponent("Fixtures/golden")

    /// A fresh temporary folder, removed by the caller with `cleanup`.
    static func tempFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tearsheet-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func cleanup(_ url: URL) { try? FileManager.default.removeItem(at: url) }

    /// Compares `actual` with the golden file `name`; `TEARSHEET_RECORD=1` re-records it. A missing
    /// golden fails (and is not created unless recording).
    static func assertGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = goldens.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["TEARSHEET_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden file \(url.path); run with TEARSHEET_RECORD=1 to record it", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record("\(name) differs from its golden at line \(i + 1):\n  expected: \(i < e.count ? String(e[i]) : "<end>")\n  actual:   \(i < a.count ? String(a[i]) : "<end>")",
                         sourceLocation: sourceLocation)
        }
    }

    /// One member of a zip archive, via `/usr/bin/unzip -p` or python3's zipfile; `nil` when neither
    /// tool exists (the caller records a skip reason).
    static func unzipMember(_ archive: URL, _ member: String) throws -> String? {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
            return try run("/usr/bin/unzip", ["-p", archive.path, member])
        }
        for py in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: py) {
            return try run(py, ["-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode('utf-8'))", archive.path, member])
        }
        return nil
    }

    /// Names of the archive's members.
    static func zipMembers(_ archive: URL) throws -> [String]? {
        for py in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: py) {
            return try run(py, ["-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", archive.path])
                .split(separator: "\n").map(String.init)
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
            return try run("/usr/bin/unzip", ["-Z1", archive.path]).split(separator: "\n").map(String.init)
        }
        return nil
    }

    static func run(_ tool: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014) for seeded random test inputs of the renderer tests.
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n.
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
