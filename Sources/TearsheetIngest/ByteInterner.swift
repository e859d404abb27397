#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore

/// Interns byte strings to dense `Int32` ids without creating a `String` per look-up.
///
/// Open addressing (linear probing, load <= 1/2) over word-at-a-time FNV-style hashes with a
/// MurmurHash3 finaliser; keys live in one byte arena. Each slot packs the upper 32 bits of the hash with
/// `id + 1`, so a probe compares hashes without touching the arena: one cache miss per look-up
/// in the common case (this matters for a million distinct trade ids). Ids are assigned in
/// first-seen order, so `names` lines up with `TearsheetCore.Interner` ids. The last key is
/// remembered: sorted files repeat the same account or symbol row after row.
struct ByteInterner {
    private var slots: [UInt64]
    private var mask: Int
    private var arena: [UInt8] = []
    private var starts: [UInt32] = [0]
    private var lastID: Int32 = -1
    /// Whether the id after the last one (cycling to 0) is worth trying before hashing.
    private var predictNext = true
    /// Direct-mapped cache for keys of 1 to 8 bytes (accounts, strategies, symbols), two words
    /// per entry side by side (one cache line): the key's bytes as a little-endian word, then
    /// `length << 32 | (id + 1)` (0: empty). A hit costs one multiply and two loads from the same
    /// line; a miss falls through to the hash table and refills the entry.
    private var shortCache = [UInt64](repeating: 0, count: 2 * ByteInterner.shortSlots)
    private static let shortSlots = 4096

    init(capacity: Int = 64) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slots = [UInt64](repeating: 0, count: c)
        mask = c - 1
    }

    var count: Int { starts.count - 1 }

    /// 64-bit hash of `b`, eight bytes at a time (little-endian words, the tail zero-padded and
    /// the length mixed in), with a MurmurHash3 finaliser: keys of up to 8 bytes (typical ids and
    /// symbols) cost one multiply instead of one per byte.
    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = b.count
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ (UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = b.baseAddress else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = (h ^ w) &* 0x0000_0100_0000_01b3
            h = (h << 31) | (h >> 33)
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { w |= UInt64(base[i]) << shift; shift += 8; i += 1 }
            h = (h ^ w) &* 0x0000_0100_0000_01b3
        }
        return mix(h)
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        return h ^ (h >> 33)
    }

    @inline(__always)
    private func equal(_ id: Int32, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let i = Int(id)
        let s = Int(starts[i]), e = Int(starts[i + 1])
        guard e - s == b.count else { return false }
        let n = b.count
        if n == 0 { return true }
        return arena.withUnsafeBufferPointer { a in
            let x = a.baseAddress! + s, y = b.baseAddress!
            if n > 16 { return memcmp(x, y, n) == 0 }
            for k in 0..<n where x[k] != y[k] { return false }
            return true
        }
    }

    /// The id of `b` and whether it was new.
    @inline(__always)
    mutating func intern(_ b: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        let n = b.count
        guard n >= 1 && n <= 8, let p = b.baseAddress else { return internSlow(b) }
        var w: UInt64 = 0
        for k in 0..<n { w |= UInt64(p[k]) << UInt64(k &* 8) }
        let slot = Int(truncatingIfNeeded: ((w ^ UInt64(n)) &* 0x9E37_79B9_7F4A_7C15) >> 52)
        let meta = shortCache[2 &* slot &+ 1]
        if meta >> 32 == UInt64(n) && shortCache[2 &* slot] == w {
            return (Int32(truncatingIfNeeded: meta & 0xFFFF_FFFF) - 1, false)
        }
        let r = internSlow(b)
        shortCache[2 &* slot] = w
        shortCache[2 &* slot &+ 1] = UInt64(n) << 32 | UInt64(r.id + 1)
        return r
    }

    private mutating func internSlow(_ b: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        // Sorted files repeat the last key (trades of one symbol) or cycle through the keys in
        // first-seen order (prices by date, then symbol): try those two before hashing.
        // The second guess is tried only while it keeps paying off (it never does in a file of
        // random keys).
        var guess: Int32 = -1
        if lastID >= 0 {
            if equal(lastID, b) { return (lastID, false) }
            guess = Int(lastID) + 1 < count ? lastID + 1 : 0
            if predictNext && equal(guess, b) { lastID = guess; return (guess, false) }
        }
        let h = ByteInterner.hash(b)
        let tag = h & 0xFFFF_FFFF_0000_0000
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[s]
            if slot == 0 { break }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                if equal(id, b) { predictNext = id == guess; lastID = id; return (id, false) }
            }
            s = (s + 1) & mask
        }
        let id = Int32(count)
        arena.append(contentsOf: b)
        starts.append(UInt32(arena.count))
        slots[s] = tag | UInt64(id + 1)
        lastID = id
        if count * 2 > slots.count { rehash() }
        return (id, true)
    }

    private mutating func rehash() {
        let c = slots.count * 2
        var fresh = [UInt64](repeating: 0, count: c)
        let m = c - 1
        arena.withUnsafeBufferPointer { a in
            for id in 0..<count {
                let key = UnsafeBufferPointer(rebasing: a[Int(starts[id])..<Int(starts[id + 1])])
                let h = ByteInterner.hash(key)
                var s = Int(truncatingIfNeeded: h) & m
                while fresh[s] != 0 { s = (s + 1) & m }
                fresh[s] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(id + 1)
            }
        }
        slots = fresh
        mask = m
    }

    /// Every key as a `String`, in id order.
    var names: [String] {
        (0..<count).map { i in String(decoding: arena[Int(starts[i])..<Int(starts[i + 1])], as: UTF8.self) }
    }

    /// The id in `other` of each of these keys, in id order, interning there those it lacks (in
    /// this order): how a block's own ids become the book's (`TradeRows.append`).
    func remap(into other: inout ByteInterner) -> [Int32] {
        arena.withUnsafeBufferPointer { a in
            (0..<count).map { k in other.intern(UnsafeBufferPointer(rebasing: a[Int(starts[k])..<Int(starts[k + 1])])).id }
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

/// Optional text columns (sector) interned from bytes into an `InternedColumn`: each distinct
/// value is decoded once; a row costs a byte lookup and an id. An empty field gives "".
struct InternedText {
    private var interner = ByteInterner()
    /// The column id of each of the interner's ids.
    private var columnID: [Int32] = []

    @inline(__always)
    mutating func append(_ field: UnsafeBufferPointer<UInt8>, to column: inout InternedColumn) {
        let b = Bytes.trim(field)
        if b.isEmpty { column.append(id: 0); return }
        let r = interner.intern(b)
        if r.isNew { columnID.append(column.intern(String(decoding: b, as: UTF8.self))) }
        column.append(id: columnID[Int(r.id)])
    }
}
