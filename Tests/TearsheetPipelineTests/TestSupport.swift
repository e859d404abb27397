import Foundation
@testable import TearsheetPipeline
import TearsheetCore
import TearsheetReport

/// A fresh temporary folder, removed by the caller with `cleanup`.
func temporaryFolder(_ tag: String = #function) throws -> URL {
    let safe = tag.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tearsheet-batch-\(safe)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func cleanup(_ url: URL) { try? FileManager.default.removeItem(at: url) }

/// The standard output of `tool` run with `args` (stderr discarded), for reading outputs back
/// with unzip, pdftotext and the like.
func toolOutput(_ tool: String, _ args: [String]) throws -> String {
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

/// Entries `0..<n` with distinct outputs under `/tmp/out`.
func fakeEntries(_ n: Int) -> [BatchEntry] {
    (0..<n).map { BatchEntry(index: $0, name: "book\($0)", config: "/tmp/in/book\($0).toml", out: "/tmp/out/book\($0)", line: $0 + 2) }
}

/// A counter safe to bump from worker threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private var maximum = 0
    private var total = 0

    func enter() { lock.withLock { current += 1; total += 1; maximum = max(maximum, current) } }
    func leave() { lock.withLock { current -= 1 } }
    var peak: Int { lock.withLock { maximum } }
    var started: Int { lock.withLock { total } }
}
