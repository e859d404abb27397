import Testing
import PropertyBased
@testable import TearsheetIngest
import TearsheetCore

@Suite struct DuplicateKeysTests {
    /// The radix-sorted hash check finds exactly the duplicates a naive scan finds, each paired with
    /// the first row that used the key.
    @Test func matchesNaiveScan() async {
        await propertyCheck(input: Gen.int(in: 0...40).array(of: 0...300)) { keys in
            let ids = keys.map { "T\($0)" }
            #expect(Self.found(ids) == Self.naive(ids))
        }
    }

    /// The pairs `DuplicateKeys` finds among `ids`, as [first, duplicate].
    static func found(_ ids: [String]) -> [[Int]] {
        let d = DuplicateKeys(hashes: ids.map { id in
            var u = Array(id.utf8)
            return u.withUnsafeMutableBufferPointer { ByteInterner.hash(UnsafeBufferPointer($0)) }
        })
        return d.duplicates { ids[$0] == ids[$1] }.map { [$0.first, $0.duplicate] }
    }

    /// The pairs a scan with a dictionary finds: each repeat with the first row of its id.
    static func naive(_ ids: [String]) -> [[Int]] {
        var firstSeen: [String: Int] = [:]
        var pairs: [[Int]] = []
        for (i, id) in ids.enumerated() {
            if let f = firstSeen[id] { pairs.append([f, i]) } else { firstSeen[id] = i }
        }
        return pairs
    }

    /// Past 2^16 rows the bucket table stops growing (16 bits): 100,000 ids with three repeats.
    @Test func findsDuplicatesAmongManyRows() {
        var ids = (0..<100_000).map { "T\($0)" }
        ids[70_000] = "T5"; ids[99_999] = "T65536"; ids[80_000] = "T5"
        #expect(Self.found(ids) == [[65_536, 99_999], [5, 70_000], [5, 80_000]].sorted { $0[1] < $1[1] })
    }

    /// Many rows, most of them repeats (groups of every size, both grouping passes): exactly the
    /// pairs of a naive scan.
    @Test func matchesNaiveScanOnManyRepeats() {
        var state: UInt64 = 20_261_206
        let ids = (0..<50_000).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "T\((state >> 33) % 20_000)"
        }
        #expect(Self.found(ids) == Self.naive(ids))
    }

    @Test func internerAssignsFirstSeenIds() {
        var interner = ByteInterner(capacity: 4)
        var got: [Int32] = []
        for s in ["a", "b", "a", "c", "b", "d", "e", "f", "g", "h", "a"] {
            var u = Array(s.utf8)
            got.append(u.withUnsafeMutableBufferPointer { interner.intern(UnsafeBufferPointer($0)).id })
        }
        #expect(got == [0, 1, 0, 2, 1, 3, 4, 5, 6, 7, 0])
        #expect(interner.names == ["a", "b", "c", "d", "e", "f", "g", "h"])
    }
}
