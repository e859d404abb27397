import Foundation
import Testing
import TearsheetIngest
import TearsheetCore

/// `FileMemo`: one computation per unchanged file, a new one when the file changes.
@Suite struct FileMemoTests {
    @Test func memoisesByFileIdentityAndNoticesChanges() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("filememo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("SPY.csv")
        func write(_ text: String, age: TimeInterval?) throws {
            try Data(text.utf8).write(to: file)
            if let age { try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: file.path) }
        }
        try write("date,close\n2024-01-02,100\n", age: 60)
        let memo = FileMemo<Int>()
        var calls = 0
        func read() -> Int { memo.value(for: file.path) { calls += 1; return (try? Data(contentsOf: file).count) ?? -1 } }
        #expect(read() == 26)
        #expect(read() == 26)
        #expect(calls == 1)
        // A rewrite with other bytes (size and modification time change) is read again.
        try write("date,close\n2024-01-02,100\n2024-01-03,101\n", age: 30)
        #expect(read() == 41)
        #expect(read() == 41)
        #expect(calls == 2)
        // A file modified in the last two seconds is never memoised: a same-size rewrite within
        // one tick of the file clock would otherwise keep its old value.
        try write("date,close\n2024-01-02,100\n2024-01-03,102\n", age: nil)
        #expect(read() == 41)
        #expect(read() == 41)
        #expect(calls == 4)
        // A path that does not exist is never memoised.
        let missing = dir.appendingPathComponent("none.csv").path
        _ = memo.value(for: missing) { calls += 1; return 0 }
        _ = memo.value(for: missing) { calls += 1; return 0 }
        #expect(calls == 6)
    }

    @Test func benchmarkFindingsAreRepeatedForEveryLoad() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("filememo-b-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("date,close\n2024-01-02,100\n2024-01-02,101\n".utf8).write(to: dir.appendingPathComponent("BAD.csv"))
        let store = BenchmarkStore(directory: dir.path)
        for _ in 0..<2 {
            var f = Findings()
            #expect(store.load("BAD", findings: &f) == nil)
            #expect(f.items.contains { $0.code == "duplicate-date" }, "\(f.items)")
        }
    }
}
