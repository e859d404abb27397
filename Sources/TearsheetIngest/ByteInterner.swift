/// Interns byte strings to dense `Int32` ids without creating a `String` per look-up.
///
/// Open addressing (linear probing) over FNV-1a hashes; keys live in one byte arena. Ids are
/// assigned in first-seen order, so `names` lines up with `TearsheetCore.Interner` ids. The last
/// key is remembered: sorted files repeat the same account or symbol row after row.
struct ByteInterner {
    private var slots: [Int32]
    private var mask: Int
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    private var lastID: Int32 = -1

    init(capacity: Int = 64) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slots = [Int32](repeating: -1, count: c)
        mask = c - 1
    }

    var count: Int { starts.count }

    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in b { h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01b3 }
        return h ^ (h >> 29)
    }

    @inline(__always)
    private func equal(_ id: Int32, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let i = Int(id)
        let len = Int(lengths[i])
        guard len == b.count else { return false }
        let s = starts[i]
        return arena.withUnsafeBufferPointer { a in
            for k in 0..<len where a[s + k] != b[k] { return false }
            return true
        }
    }

    /// The id of `b` and whether it was new.
    mutating func intern(_ b: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        if lastID >= 0 && equal(lastID, b) { return (lastID, false) }
        let h = ByteInterner.hash(b)
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = slots[s]
            if id < 0 { break }
            if hashes[Int(id)] == h && equal(id, b) { lastID = id; return (id, false) }
            s = (s + 1) & mask
        }
        let id = Int32(starts.count)
        starts.append(arena.count)
        lengths.append(Int32(b.count))
        hashes.append(h)
        arena.append(contentsOf: b)
        slots[s] = id
        lastID = id
        if starts.count * 2 > slots.count { rehash() }
        return (id, true)
    }

    private mutating func rehash() {
        let c = slots.count * 2
        slots = [Int32](repeating: -1, count: c)
        mask = c - 1
        for id in 0..<hashes.count {
            var s = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(id)
        }
    }

    /// Every key as a `String`, in id order.
    var names: [String] {
        (0..<starts.count).map { i in
            String(decoding: arena[starts[i]..<(starts[i] + Int(lengths[i]))], as: UTF8.self)
        }
    }

    /// The interner seeded with `names` (ids 0..<names.count in that order).
    init(names: [String]) {
        self.init(capacity: max(64, names.count))
        for n in names {
            var u = Array(n.utf8)
            _ = u.withUnsafeMutableBufferPointer { intern(UnsafeBufferPointer($0)) }
        }
    }
}
