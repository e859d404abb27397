import TearsheetCore

/// FIFO lots of every position in flat parallel arrays, one singly linked queue per
/// (position, direction), with head and tail indices: no object per lot.
///
/// Queue `2p` holds position `p`'s long lots, queue `2p + 1` its short lots. A lot's quantity
/// shrinks as exits match it; it leaves its queue when fully matched.
struct LotBook: Sendable {
    /// One lot: 32 bytes, so matching an exit touches one cache line per lot.
    struct Lot: Sendable {
        var quantity: Double
        var price: Double
        var feePerUnit: Double
        /// Index of the valued day the lot was opened on.
        var day: Int32
        /// Next lot of the same queue, or -1.
        var next: Int32
    }

    var lots: [Lot] = []
    var head: [Int32] = []
    var tail: [Int32] = []

    init(expectedLots: Int) {
        lots.reserveCapacity(expectedLots)
        MemoryAdvice.hugePages(&lots)
    }

    /// Adds the two queues of a new position.
    mutating func addPosition() {
        head.append(-1); head.append(-1)
        tail.append(-1); tail.append(-1)
    }

    mutating func push(queue q: Int, quantity qty: Double, price px: Double, feePerUnit f: Double, day d: Int32) {
        let id = Int32(lots.count)
        lots.append(Lot(quantity: qty, price: px, feePerUnit: f, day: d, next: -1))
        if tail[q] >= 0 { lots[Int(tail[q])].next = id } else { head[q] = id }
        tail[q] = id
    }

    /// Removes the head lot of queue `q`.
    mutating func pop(queue q: Int) {
        let h = Int(head[q])
        head[q] = lots[h].next
        if head[q] < 0 { tail[q] = -1 }
    }

    @inline(__always) func isEmpty(position p: Int) -> Bool { head[2 * p] < 0 && head[2 * p + 1] < 0 }
}

/// Closed FIFO pieces, turned into `RoundTrip` values once at the end.
///
/// Stored as one 48-byte record per piece (one append per match, not eight) in blocks of 1M
/// pieces: no reallocation copies while the run grows them, and the blocks are released one by
/// one while the `RoundTrip` array is built, so the two never coexist in full. A block (48 MB) is
/// above the C allocator's largest mmap threshold (32 MB), so freeing it returns the memory to
/// the system at once instead of leaving it in the heap.
struct RoundTripPieces: Sendable {
    struct Piece: Sendable {
        var quantity: Double
        var entryPrice: Double
        var exitPrice: Double
        var fees: Double
        var position: Int32
        /// Indices of the valued entry and exit days.
        var entryDay: Int32
        var exitDay: Int32
        var isShort: Bool
    }

    static let blockSize = 1 << 20
    private(set) var full: [[Piece]] = []
    private(set) var current: [Piece] = []

    /// `expected`: a guess of the number of pieces (the first block is sized to it).
    init(expected: Int) {
        current.reserveCapacity(min(RoundTripPieces.blockSize, max(expected, 16)))
        MemoryAdvice.hugePages(&current)
    }

    var count: Int { full.count * RoundTripPieces.blockSize + current.count }

    @inline(__always)
    mutating func append(_ piece: Piece) {
        if current.count == RoundTripPieces.blockSize {
            full.append(current)
            current = []
            current.reserveCapacity(RoundTripPieces.blockSize)
            MemoryAdvice.hugePages(&current)
        }
        current.append(piece)
    }

    /// Calls `body` with every piece in order, releasing each block once it has been visited.
    mutating func drain(_ body: (Piece) -> Void) {
        for b in full.indices {
            for piece in full[b] { body(piece) }
            full[b] = []
        }
        full = []
        for piece in current { body(piece) }
        current = []
    }
}
