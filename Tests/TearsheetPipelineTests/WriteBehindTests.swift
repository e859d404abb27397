import Foundation
import Testing
import TearsheetPipeline
import TearsheetCore
import TearsheetReport

/// `BatchWriteBehind`: flushes the finished books' file systems in the background and keeps the
/// first failure for the final report.
@Suite struct WriteBehindTests {
    @Test func flushesInTheBackgroundAndKeepsTheFirstFailure() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("write-behind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rounds = RoundCounter()
        let ok = BatchWriteBehind(interval: 0.02) { rounds.add(); return [folder] }
        ok.start()
        while rounds.value < 3 { usleep(5_000) }
        #expect(ok.finish() == nil)
        let after = rounds.value
        usleep(60_000)
        #expect(rounds.value == after, "no round after finish")

        let missing = folder.appendingPathComponent("gone")
        let failing = BatchWriteBehind(interval: 0.02) { [missing] }
        failing.start()
        usleep(100_000)
        let failure = try #require(failing.finish())
        #expect(failure.contains(missing.path))
    }

    @Test func finishWithoutStartReturnsAtOnce() {
        #expect(BatchWriteBehind(interval: 10) { [] }.finish() == nil)
    }
}

private final class RoundCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
