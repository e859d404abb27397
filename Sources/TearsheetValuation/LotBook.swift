/// FIFO lots of every position in flat parallel arrays, one singly linked queue per
/// (position, direction), with head and tail indices: no object per lot.
///
/// Queue `2p` holds position `p`'s long lots, queue `2p + 1` its short lots. A lot's quantity
/// shrinks as exits match it; it leaves its queue when fully matched.
struct LotBook: Sendable {
    var quantity: [Double] = []
    var price: [Double] = []
    var feePerUnit: [Double] = []
    var day: [Int32] = []
    var next: [Int32] = []
    var head: [Int32] = []
    var tail: [Int32] = []

    init(expectedLots: Int) {
        quantity.reserveCapacity(expectedLots); price.reserveCapacity(expectedLots)
        feePerUnit.reserveCapacity(expectedLots); day.reserveCapacity(expectedLots)
        next.reserveCapacity(expectedLots)
    }

    /// Adds the two queues of a new position.
    mutating func addPosition() {
        head.append(-1); head.append(-1)
        tail.append(-1); tail.append(-1)
    }

    mutating func push(queue q: Int, quantity qty: Double, price px: Double, feePerUnit f: Double, day d: Int32) {
        let id = Int32(quantity.count)
        quantity.append(qty); price.append(px); feePerUnit.append(f); day.append(d); next.append(-1)
        if tail[q] >= 0 { next[Int(tail[q])] = id } else { head[q] = id }
        tail[q] = id
    }

    /// Removes the head lot of queue `q`.
    mutating func pop(queue q: Int) {
        let h = Int(head[q])
        head[q] = next[h]
        if head[q] < 0 { tail[q] = -1 }
    }

    @inline(__always) func isEmpty(position p: Int) -> Bool { head[2 * p] < 0 && head[2 * p + 1] < 0 }

    /// Open quantity of queue `q` (walks the queue; for diagnostics and the final listing only).
    func openQuantity(queue q: Int) -> Double {
        var total = 0.0, i = head[q]
        while i >= 0 { total += quantity[Int(i)]; i = next[Int(i)] }
        return total
    }
}

/// Closed FIFO pieces in columnar form, turned into `RoundTrip` values once at the end.
struct RoundTripColumns: Sendable {
    var position: [Int32] = []
    var isShort: [Bool] = []
    var entryDay: [Int32] = []
    var exitDay: [Int32] = []
    var quantity: [Double] = []
    var entryPrice: [Double] = []
    var exitPrice: [Double] = []
    var fees: [Double] = []

    mutating func append(position p: Int32, isShort s: Bool, entryDay e: Int32, exitDay x: Int32,
                         quantity q: Double, entryPrice ep: Double, exitPrice xp: Double, fees f: Double) {
        position.append(p); isShort.append(s); entryDay.append(e); exitDay.append(x)
        quantity.append(q); entryPrice.append(ep); exitPrice.append(xp); fees.append(f)
    }
}
