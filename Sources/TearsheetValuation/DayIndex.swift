import TearsheetCore

/// Maps a `Day` to its index among the valued trading days in O(1), through a table over the
/// serial range of the calendar (a few thousand entries for ten years).
struct DayIndex: Sendable {
    let days: [Day]
    private let base: Int
    private let table: [Int32]

    init(days: [Day]) {
        self.days = days
        guard let first = days.first, let last = days.last else { base = 0; table = []; return }
        base = Int(first.serial)
        var t = [Int32](repeating: -1, count: Int(last.serial) - base + 1)
        for (i, d) in days.enumerated() { t[Int(d.serial) - base] = Int32(i) }
        table = t
    }

    /// Index of `day`, or -1 when it is not a valued trading day.
    @inline(__always)
    func index(of day: Day) -> Int {
        let o = Int(day.serial) - base
        guard o >= 0, o < table.count else { return -1 }
        return Int(table[o])
    }
}

/// Stable counting sort of rows by their day index: rows `row(k)` for `k` in `rows(of: d)` are the
/// rows of day `d` in input order. O(rows + days), no comparisons.
///
/// Rows that are already in day order (the trades after ingestion sorts them) keep no order array:
/// row `k` is row `k` (at ten million trades, 40 MB not held during the valuation).
struct DayBuckets: Sendable {
    /// The rows in day order; empty when that is the input order.
    private var order: [Int32]
    private var start: [Int]

    /// `dayOf[i]` is row `i`'s day index, or -1 for a row left out of the run.
    init(dayOf: [Int32], dayCount: Int) {
        var counts = [Int](repeating: 0, count: dayCount + 1)
        // In order: day indices never decrease, and rows left out (after the end day) only at the end.
        var inOrder = true, last: Int32 = 0, leftOut = false
        for d in dayOf {
            if d < 0 { leftOut = true; continue }
            if leftOut || d < last { inOrder = false }
            last = d
            counts[Int(d) + 1] += 1
        }
        for d in 0..<dayCount { counts[d + 1] += counts[d] }
        start = counts
        guard !inOrder else { order = []; return }
        var next = counts
        order = [Int32](repeating: 0, count: counts[dayCount])
        for (i, d) in dayOf.enumerated() where d >= 0 {
            order[next[Int(d)]] = Int32(i)
            next[Int(d)] += 1
        }
    }

    @inline(__always) func rows(of day: Int) -> Range<Int> { start[day]..<start[day + 1] }
    /// The row at position `k` of the day order.
    @inline(__always) func row(_ k: Int) -> Int { order.isEmpty ? k : Int(order[k]) }
    /// Number of rows in the run.
    var count: Int { start.last ?? 0 }
}
