import TearsheetCore

/// The mark of every traded symbol on every valued day, as a dense day-major matrix
/// (`row t` = the closes of all traded symbols on day `t`), so the daily valuation reads one
/// contiguous row instead of chasing one price series per symbol.
///
/// Convention: a position is marked at the day's close. When the symbol has no close that day the
/// last earlier close is used (forward fill) and the run is recorded as a stale-price gap (one
/// warning per symbol and gap). No close on or before the day at all is an error, reported by the
/// caller. Memory: 12 bytes x valued days x traded symbols (15 MB for 500 symbols over 10 years).
struct PriceMarks: Sendable {
    let width: Int
    /// `close[t * width + c]`: forward-filled close of column `c` on day `t`.
    private(set) var close: [Double]
    /// `serial[t * width + c]`: serial of the day that close is from, `Int32.min` when none.
    private(set) var serial: [Int32]
    /// `fresh[t]`: every column has a close dated exactly day `t`, so no cell of the row needs a check.
    private(set) var fresh: [Bool]
    /// Day index on which column `c` was last noted as stale, -1 before.
    private var staleStamp: [Int32]
    /// Open gap per column: index into `gaps`, or -1.
    private var openGap: [Int]
    private let symbolOfColumn: [Int32]
    private(set) var gaps: [StaleGap] = []

    /// A run of held days marked at the same earlier close.
    struct StaleGap: Sendable {
        var symbol: Int32
        var closeDay: Day
        var firstDay: Day
        var lastDay: Day
        var heldDays: Int
    }

    /// - Parameters:
    ///   - symbols: the symbol of each column (the traded symbols).
    ///   - overrides: extra closes per symbol (snapshot prices) that win over the price table.
    init(symbols: [Int32], days: [Day], prices: PriceTable, overrides: [Int32: DatedSeries]) {
        width = symbols.count
        symbolOfColumn = symbols
        // Every column's series, flattened.
        var serials: [Int32] = [], values: [Double] = []
        var start = [Int](repeating: 0, count: width + 1)
        for (c, sym) in symbols.enumerated() {
            var s = prices.series[sym] ?? DatedSeries()
            if let extra = overrides[sym] { s = PriceMarks.merge(s, preferring: extra) }
            for d in s.days { serials.append(d.serial) }
            values.append(contentsOf: s.values)
            start[c + 1] = serials.count
        }
        let n = days.count
        close = [Double](repeating: 0, count: n * width)
        serial = [Int32](repeating: .min, count: n * width)
        // Blocks of 8 columns: 8 sequential read streams, one cache line written per row.
        let block = 8
        var cursor = [Int](repeating: 0, count: block)
        for b in stride(from: 0, to: width, by: block) {
            let hi = min(b + block, width)
            for c in b..<hi { cursor[c - b] = start[c] - 1 }
            for t in 0..<n {
                let day = days[t].serial, row = t * width
                for c in b..<hi {
                    var k = cursor[c - b]
                    let end = start[c + 1]
                    while k + 1 < end && serials[k + 1] <= day { k += 1 }
                    cursor[c - b] = k
                    if k >= start[c] {
                        close[row + c] = values[k]
                        serial[row + c] = serials[k]
                    }
                }
            }
        }
        var fresh = [Bool](repeating: true, count: n)
        for t in 0..<n {
            let day = days[t].serial, row = t * width
            for c in 0..<width where serial[row + c] != day { fresh[t] = false; break }
        }
        self.fresh = fresh
        staleStamp = [Int32](repeating: -1, count: width)
        openGap = [Int](repeating: -1, count: width)
    }

    /// The union of two sorted series; on a day both have, `preferred` wins.
    static func merge(_ base: DatedSeries, preferring preferred: DatedSeries) -> DatedSeries {
        var out = DatedSeries()
        out.days.reserveCapacity(base.count + preferred.count)
        out.values.reserveCapacity(base.count + preferred.count)
        var i = 0, j = 0
        while i < base.count || j < preferred.count {
            if j >= preferred.count || (i < base.count && base.days[i] < preferred.days[j]) {
                out.days.append(base.days[i]); out.values.append(base.values[i]); i += 1
            } else {
                if i < base.count && base.days[i] == preferred.days[j] { i += 1 }
                out.days.append(preferred.days[j]); out.values.append(preferred.values[j]); j += 1
            }
        }
        return out
    }

    /// Records that column `c`, held on day `t`, is marked at the earlier close of `closeSerial`.
    mutating func noteStale(column c: Int, dayIndex t: Int32, day: Day, closeSerial: Int32) {
        guard staleStamp[c] != t else { return }
        staleStamp[c] = t
        let closeDay = Day(serial: closeSerial)
        let g = openGap[c]
        if g >= 0 && gaps[g].closeDay == closeDay {
            gaps[g].lastDay = day
            gaps[g].heldDays += 1
            return
        }
        openGap[c] = gaps.count
        gaps.append(StaleGap(symbol: symbolOfColumn[c], closeDay: closeDay, firstDay: day, lastDay: day, heldDays: 1))
    }
}
