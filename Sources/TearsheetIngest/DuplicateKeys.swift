/// Finds duplicate keys among many rows by sorting hashes instead of probing a hash table.
///
/// A hash table over a million trade ids costs one cache miss per row (random access into tens of
/// megabytes); here each row appends one `UInt64` (sequential), and an LSD radix sort (4 passes of
/// 16 bits) brings equal hashes together. Each entry packs the hash's upper bits with the row
/// index, so candidates are confirmed by comparing the keys themselves: no false positives.
struct DuplicateKeys {
    private var packed: [UInt64] = []
    private let indexBits: Int

    /// `hashes[i]`: the hash of row `i`'s key.
    init(hashes: [UInt64]) {
        var bits = 1
        while (1 << bits) < hashes.count { bits += 1 }
        indexBits = bits
        let shift = UInt64(bits)
        packed = hashes.enumerated().map { ($0.element >> shift) << shift | UInt64($0.offset) }
    }

    /// Pairs (earlier row, later row) whose keys are equal according to `same`, each later row
    /// paired with the first row that had its key.
    func duplicates(same: (Int, Int) -> Bool) -> [(first: Int, duplicate: Int)] {
        let n = packed.count
        guard n > 1 else { return [] }
        var a = packed, b = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 1 << 16)
        for pass in 0..<4 {
            let shift = UInt64(pass * 16)
            for i in 0..<counts.count { counts[i] = 0 }
            for v in a { counts[Int((v >> shift) & 0xFFFF)] += 1 }
            var sum = 0
            for i in 0..<counts.count { let c = counts[i]; counts[i] = sum; sum += c }
            for v in a {
                let d = Int((v >> shift) & 0xFFFF)
                b[counts[d]] = v
                counts[d] += 1
            }
            swap(&a, &b)
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
