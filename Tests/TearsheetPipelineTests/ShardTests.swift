import PropertyBased
import Testing
@testable import TearsheetPipeline
import TearsheetCore
import TearsheetReport

@Suite struct ShardTests {
    @Test func parsesZeroBasedIndexOverCount() throws {
        #expect(try Shard.parse("0/4") == Shard(index: 0, count: 4))
        #expect(try Shard.parse(" 3 / 4 ") == Shard(index: 3, count: 4))
        #expect(throws: ShardError.outOfRange(index: 4, count: 4)) { _ = try Shard.parse("4/4") }
        #expect(throws: ShardError.outOfRange(index: 0, count: 0)) { _ = try Shard.parse("0/0") }
        #expect(throws: ShardError.outOfRange(index: -1, count: 2)) { _ = try Shard.parse("-1/2") }
        #expect(throws: ShardError.malformed("2")) { _ = try Shard.parse("2") }
        #expect(throws: ShardError.malformed("a/b")) { _ = try Shard.parse("a/b") }
    }

    @Test func readsTheIndexOnlyFromTheNamedVariable() throws {
        let env = ["JOB_COMPLETION_INDEX": "2", "SLURM_ARRAY_TASK_ID": "4", "BAD": "x"]
        #expect(try Shard.fromEnvironment("JOB_COMPLETION_INDEX", count: 3, environment: env) == Shard(index: 2, count: 3))
        // A Slurm array numbered 1..4 (--array=1-4): base 1.
        #expect(try Shard.fromEnvironment("SLURM_ARRAY_TASK_ID", count: 4, base: 1, environment: env) == Shard(index: 3, count: 4))
        #expect(throws: ShardError.outOfRange(index: 4, count: 4)) { _ = try Shard.fromEnvironment("SLURM_ARRAY_TASK_ID", count: 4, environment: env) }
        #expect(throws: ShardError.missingVariable("PARALLEL_SEQ")) { _ = try Shard.fromEnvironment("PARALLEL_SEQ", count: 2, environment: env) }
        #expect(throws: ShardError.notAnInteger(variable: "BAD", value: "x")) { _ = try Shard.fromEnvironment("BAD", count: 2, environment: env) }
    }

    @Test func roundRobinOverManifestOrder() throws {
        let e = fakeEntries(10)
        #expect(try Shard(index: 1, count: 4).select(e).map(\.index) == [1, 5, 9])
        #expect(Shard.all.select(e) == e)
    }

    /// The n shards partition the manifest exactly: every book in exactly one shard, order kept
    /// within a shard, sizes within one of each other.
    @Test func shardsPartitionTheManifestExactly() async {
        await propertyCheck(input: Gen.int(in: 0...300), Gen.int(in: 1...40)) { books, n in
            let entries = fakeEntries(books)
            var seen = [Int](repeating: 0, count: books)
            var sizes: [Int] = []
            for i in 0..<n {
                guard let shard = try? Shard(index: i, count: n) else { Issue.record("shard \(i)/\(n) refused"); return }
                let slice = shard.select(entries)
                #expect(slice.map(\.index) == slice.map(\.index).sorted())
                for b in slice { seen[b.index] += 1 }
                sizes.append(slice.count)
            }
            #expect(seen.allSatisfy { $0 == 1 })
            #expect(sizes.reduce(0, +) == books)
            #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
        }
    }
}
