/// Closing prices per symbol read forward in time with one cursor per symbol, so marking every
/// open position on every day costs O(days + price points) per symbol, with no per-day lookups.
///
/// Convention: a position is marked at the day's close. When the symbol has no close that day the
/// last earlier close is used and the run is recorded as a stale-price gap (one warning per symbol
/// and gap). No close on or before the day at all is an error.
struct PriceMarks: Sendable {
    private var days: [[Day]]
    private var closes: [[Double]]
    private var cursor: [Int]
    /// Open gap per symbol: index into `gaps`, or -1.
    private var openGap: [Int]
    private(set) var gaps: [StaleGap] = []

    /// A run of held days marked at the same earlier close.
    struct StaleGap: Sendable {
        var symbol: Int32
        var closeDay: Day
        var firstDay: Day
        var lastDay: Day
        var heldDays: Int
    }

    /// The close used for a mark and the day it is from.
    struct Mark { var close: Double; var day: Day }

    init(symbolCount: Int, prices: PriceTable, overrides: [Int32: DatedSeries]) {
        days = Array(repeating: [], count: symbolCount)
        closes = Array(repeating: [], count: symbolCount)
        for (sym, s) in prices.series where Int(sym) < symbolCount && sym >= 0 {
            days[Int(sym)] = s.days
            closes[Int(sym)] = s.values
        }
        for (sym, extra) in overrides where Int(sym) < symbolCount && sym >= 0 {
            let merged = PriceMarks.merge(DatedSeries(days: days[Int(sym)], values: closes[Int(sym)]), preferring: extra)
            days[Int(sym)] = merged.days
            closes[Int(sym)] = merged.values
        }
        cursor = Array(repeating: -1, count: symbolCount)
        openGap = Array(repeating: -1, count: symbolCount)
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

    /// The close of `symbol` for `day` (days must not go backwards per symbol); `nil` when the
    /// symbol has no close on or before `day`. Records stale gaps.
    @inline(__always)
    mutating func mark(symbol sym: Int32, on day: Day) -> Mark? {
        let y = Int(sym)
        var c = cursor[y]
        let ds = days[y]
        while c + 1 < ds.count && ds[c + 1] <= day { c += 1 }
        cursor[y] = c
        guard c >= 0 else { return nil }
        let closeDay = ds[c]
        if closeDay != day { noteStale(y, closeDay: closeDay, day: day) }
        return Mark(close: closes[y][c], day: closeDay)
    }

    private mutating func noteStale(_ y: Int, closeDay: Day, day: Day) {
        let g = openGap[y]
        if g >= 0 && gaps[g].closeDay == closeDay {
            if gaps[g].lastDay != day { gaps[g].lastDay = day; gaps[g].heldDays += 1 }
            return
        }
        openGap[y] = gaps.count
        gaps.append(StaleGap(symbol: Int32(y), closeDay: closeDay, firstDay: day, lastDay: day, heldDays: 1))
    }
}
