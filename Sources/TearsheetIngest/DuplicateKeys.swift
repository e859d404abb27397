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
        // Equal hashes only need to meet, not to be globally ordered: the values are grouped on
        // their top bits (up to 16, about one group per row, so a small file does not pay for
        // 65,536 empty groups), then each small group is sorted. Grouped without a second array
        // of the row count (80 MB at 10M rows): first in place on the top 8 bits (each value moved
        // along its cycle to its group's next free slot: 256 write positions, which stay in
        // cache), then each of those groups through a scratch buffer of its own size on the next
        // bits.
        let groupBits = min(16, indexBits)
        let firstBits = min(8, groupBits), secondBits = groupBits - firstBits
        a.withUnsafeMutableBufferPointer { a in
            let firstShift = UInt64(64 - firstBits)
            var counts = [Int](repeating: 0, count: (1 << firstBits) + 1)
            for v in a { counts[Int(v >> firstShift) + 1] += 1 }
            for i in 1..<counts.count { counts[i] += counts[i - 1] }
            var next = counts
            for d in 0..<(1 << firstBits) {
                while next[d] < counts[d + 1] {
                    var v = a[next[d]]
                    var b = Int(v >> firstShift)
                    while b != d {
                        swap(&v, &a[next[b]])
                        next[b] += 1
                        b = Int(v >> firstShift)
                    }
                    a[next[d]] = v
                    next[d] += 1
                }
            }
            var scratch: [UInt64] = []
            var sub = [Int](repeating: 0, count: (1 << secondBits) + 1)
            let subShift = UInt64(64 - groupBits), subMask = (1 << secondBits) - 1
            for d in 0..<(1 << firstBits) where counts[d + 1] - counts[d] > 1 {
                var group = UnsafeMutableBufferPointer(rebasing: a[counts[d]..<counts[d + 1]])
                if secondBits > 0 && group.count > 32 {
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: group)
                    for i in sub.indices { sub[i] = 0 }
                    for v in scratch { sub[(Int(v >> subShift) & subMask) + 1] += 1 }
                    for i in 1..<sub.count { sub[i] += sub[i - 1] }
                    var fill = sub
                    for v in scratch {
                        let k = Int(v >> subShift) & subMask
                        group[fill[k]] = v
                        fill[k] += 1
                    }
                    for k in 0..<(1 << secondBits) where sub[k + 1] - sub[k] > 1 {
                        var run = UnsafeMutableBufferPointer(rebasing: group[sub[k]..<sub[k + 1]])
                        run.sort()
                    }
                } else {
                    group.sort()
                }
            }
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
