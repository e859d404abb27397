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
        /// Row of the trade that opened the lot (its fees give the lot's fee per unit).
        var trade: Int32
        /// Index of the valued day the lot was opened on.
        var day: Int32
        /// Next lot of the same queue, or -1 (or the next free slot, for a slot on the free list).
        var next: Int32
    }

    var lots: [Lot] = []
    var head: [Int32] = []
    var tail: [Int32] = []
    /// Slots of fully matched lots, reused by later lots (linked through `next`), so the array
    /// holds at most the lots open at one time, not one slot for every lot ever opened.
    private var free: Int32 = -1

    init(expectedLots: Int) {
        lots.reserveCapacity(expectedLots)
        MemoryAdvice.hugePages(&lots)
    }

    /// Adds the two queues of a new position.
    mutating func addPosition() {
        head.append(-1); head.append(-1)
        tail.append(-1); tail.append(-1)
    }

    mutating func push(queue q: Int, quantity qty: Double, price px: Double, trade row: Int32, day d: Int32) {
        let lot = Lot(quantity: qty, price: px, trade: row, day: d, next: -1)
        let id: Int32
        if free >= 0 {
            id = free
            free = lots[Int(id)].next
            lots[Int(id)] = lot
        } else {
            id = Int32(lots.count)
            lots.append(lot)
        }
        if tail[q] >= 0 { lots[Int(tail[q])].next = id } else { head[q] = id }
        tail[q] = id
    }

    /// Removes the head lot of queue `q`.
    mutating func pop(queue q: Int) {
        let h = Int(head[q])
        head[q] = lots[h].next
        if head[q] < 0 { tail[q] = -1 }
        lots[h].next = free
        free = Int32(h)
    }

    @inline(__always) func isEmpty(position p: Int) -> Bool { head[2 * p] < 0 && head[2 * p + 1] < 0 }
}
