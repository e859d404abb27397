import TearsheetCore

/// The mark of every traded symbol on every valued day.
///
/// Convention: a position is marked at the day's close. When the symbol has no close that day the
/// last earlier close is used (forward fill) and the run is recorded as a stale-price gap (one
/// warning per symbol and gap). No close on or before the day at all is an error, reported by the
/// caller.
///
/// Two layouts with the same answers (`close(t, c)`, `serial(t, c)`):
/// - **dense** (the default): a day-major matrix (`row t` = the closes of all traded symbols on day
///   `t`), so the daily valuation reads one contiguous row instead of chasing one price series per
///   symbol. Memory and build time: 12 bytes x valued days x traded symbols (15 MB for 500
///   symbols over 10 years).
/// - **by column**, when that matrix would pass `denseCellLimit` cells: each symbol's own closes,
///   looked up by binary search for the positions actually held. A book of 1,000,000 symbols
///   each held a day or two over a year would need 250M cells (3 GB, and as many steps to fill)
///   for about 2M marks; by column it costs its closes plus a search per held position-day.
struct PriceMarks: Sendable {
    /// Most cells (days x traded symbols) of the dense layout: 32M cells, 384 MB
    /// (`ValuationOptions.denseMarkCellLimit`).
    static let denseCellLimit = ValuationOptions().denseMarkCellLimit

    let width: Int
    /// Dense layout: `close[t * width + c]`, the forward-filled close of column `c` on day `t`;
    /// empty by column.
    private(set) var close: [Double]
    /// Dense layout: `serial[t * width + c]`, the serial of the day that close is from,
    /// `Int32.min` when none; empty by column.
    private(set) var serial: [Int32]
    /// `fresh[t]`: every column has a close dated exactly day `t`, so no cell of the row needs a
    /// check (and the dense marking pass may read the row). Always false by column.
    private(set) var fresh: [Bool]
    /// Whether the dense matrix was built.
    let isDense: Bool
    /// By column: every column's closes flattened, column `c` at `start[c]..<start[c + 1]`.
    private let columnSerials: [Int32]
    private let columnValues: [Double]
    private let start: [Int]
    /// Serials of the valued days.
    private let daySerials: [Int32]
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
    ///   - denseCellLimit: above this many cells the layout is by column.
    init(symbols: [Int32], days: [Day], prices: PriceTable, overrides: [Int32: DatedSeries], denseCellLimit: Int = PriceMarks.denseCellLimit) {
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
        daySerials = days.map(\.serial)
        staleStamp = [Int32](repeating: -1, count: width)
        openGap = [Int](repeating: -1, count: width)
        let (cells, overflow) = n.multipliedReportingOverflow(by: width)
        isDense = !overflow && cells <= denseCellLimit
        guard isDense else {
            close = []; serial = []
            fresh = [Bool](repeating: false, count: n)
            columnSerials = serials; columnValues = values; self.start = start
            return
        }
        columnSerials = []; columnValues = []; self.start = []
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
    }

    /// By column: the index of column `c`'s last close on or before day `t`, or -1.
    @inline(__always)
    private func lastIndex(_ t: Int, _ c: Int) -> Int {
        let day = daySerials[t]
        var lo = start[c], hi = start[c + 1]   // first index with serial > day, in lo..<hi
        while lo < hi {
            let mid = (lo + hi) >> 1
            if columnSerials[mid] <= day { lo = mid + 1 } else { hi = mid }
        }
        return lo > start[c] ? lo - 1 : -1
    }

    /// The forward-filled close of column `c` on day index `t` (0 when there is none: check `serial`).
    @inline(__always)
    func close(_ t: Int, _ c: Int) -> Double {
        if isDense { return close[t * width + c] }
        let k = lastIndex(t, c)
        return k >= 0 ? columnValues[k] : 0
    }

    /// The serial of the day the close of column `c` on day index `t` is from; `Int32.min` when none.
    @inline(__always)
    func serial(_ t: Int, _ c: Int) -> Int32 {
        if isDense { return serial[t * width + c] }
        let k = lastIndex(t, c)
        return k >= 0 ? columnSerials[k] : .min
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
