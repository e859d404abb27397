import TearsheetCore

/// Finds duplicate keys among many rows by sorting hashes instead of probing a hash table.
///
/// A hash table over a million trade ids costs one cache miss per row (random access into tens of
/// megabytes); here each row appends one `UInt64` (sequential), and a bucket pass on the top
/// (up to 16) bits followed by a small sort per bucket brings equal hashes together. Each entry packs the hash's upper bits with the row
/// index, so candidates are confirmed by comparing the keys themselves: no false positives.
struct DuplicateKeys {
    private var packed: [UInt64] = []
    private let indexBits: Int

    /// `hashes[i]`: the hash of row `i`'s key.
    init(hashes: [UInt64]) {
        var copy = hashes
        self.init(taking: &copy)
    }

    /// Same, packing the hashes in place and leaving `hashes` empty: no second array of the
    /// row count (80 MB at 10M rows) while the caller's is alive.
    init(taking hashes: inout [UInt64]) {
        var h: [UInt64] = []
        swap(&h, &hashes)
        var bits = 1
        while (1 << bits) < h.count { bits += 1 }
        indexBits = bits
        let shift = UInt64(bits)
        h.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] = (b[i] >> shift) << shift | UInt64(i) }
        }
        packed = h
    }

    /// Pairs (earlier row, later row) whose keys are equal according to `same`, each later row
    /// paired with the first row that had its key.
    consuming func duplicates(same: (Int, Int) -> Bool) -> [(first: Int, duplicate: Int)] {
        var a: [UInt64] = []
        swap(&a, &packed)
        let n = a.count
        guard n > 1 else { return [] }
        // One counting pass and one in-place permutation into buckets on the top bits (about one
        // bucket per row, at most 2^16 buckets, so a small file does not pay for 65,536 empty
        // buckets), then a small sort per bucket: equal hashes only need to meet, not to be
        // globally ordered. In place (each value moved along its cycle to its bucket's next free
        // slot), so no second array of the row count (80 MB at 10M rows).
        let bucketBits = min(16, indexBits)
        let buckets = 1 << bucketBits
        let shift = UInt64(64 - bucketBits)
        var counts = [Int](repeating: 0, count: buckets + 1)
        for v in a { counts[Int(v >> shift) + 1] += 1 }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var next = counts
        a.withUnsafeMutableBufferPointer { a in
            for d in 0..<buckets {
                while next[d] < counts[d + 1] {
                    var v = a[next[d]]
                    var b = Int(v >> shift)
                    while b != d {
                        swap(&v, &a[next[b]])
                        next[b] += 1
                        b = Int(v >> shift)
                    }
                    a[next[d]] = v
                    next[d] += 1
                }
            }
        }
        for d in 0..<buckets where counts[d + 1] - counts[d] > 1 {
            a[counts[d]..<counts[d + 1]].sort()
        }
        let mask = UInt64((1 << indexBits) - 1)
        var out: [(Int, Int)] = []
        var k = 0
        while k < n {
            var e = k + 1
            while e < n && a[e] >> UInt64(indexBits) == a[k] >> UInt64(indexBits) { e += 1 }
            if e - k > 1 {
                // Rows in this run share the hash bits; sorted by index since the index is the low bits.
                var firsts: [Int] = []
                for j in k..<e {
                    let row = Int(a[j] & mask)
                    if let f = firsts.first(where: { same($0, row) }) { out.append((f, row)) } else { firsts.append(row) }
                }
            }
            k = e
        }
        return out.sorted { $0.1 < $1.1 }
    }
}
