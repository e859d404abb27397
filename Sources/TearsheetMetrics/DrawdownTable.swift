import TearsheetCore

/// One row of the drawdown table.
public struct DrawdownRow: Sendable, Equatable {
    /// First day under water.
    public var start: Day
    /// Deepest day.
    public var trough: Day
    /// First day back at the high-water mark; nil: not recovered.
    public var recovery: Day?
    /// Drawdown at the trough (negative).
    public var depth: Double
    /// Trading days under water (start through the day before recovery, or the last day).
    public var lengthDays: Int
    /// Calendar days from start to the last underwater day, inclusive (QuantStats 'days').
    public var calendarDays: Int
    /// Trading days from the trough to the recovery; nil when not recovered.
    public var recoveryDays: Int?
}

/// The top-N drawdown table.
public enum DrawdownTable {
    /// The `n` deepest underwater episodes, deepest first (ties: earlier first).
    public static func top(_ c: SeriesContext, _ n: Int) -> [DrawdownRow] {
        // The n deepest episodes, deepest first, earlier first among equal depths: a bounded
        // insertion into at most n kept rows instead of sorting every episode (a 25-year series
        // has hundreds). Scanning in date order keeps ties in date order.
        let limit = max(n, 0)
        var top: [DrawdownEpisode] = []
        top.reserveCapacity(limit)
        if limit > 0 {
            for e in c.episodes {
                if top.count == limit {
                    guard e.depth < top[limit - 1].depth else { continue }
                    top.removeLast()
                }
                var k = top.count
                while k > 0 && e.depth < top[k - 1].depth { k -= 1 }
                top.insert(e, at: k)
            }
        }
        return top.map { e in
            return DrawdownRow(
                start: c.days[e.start], trough: c.days[e.trough],
                recovery: e.recovered ? c.days[e.end + 1] : nil, depth: e.depth,
                lengthDays: e.end - e.start + 1, calendarDays: DrawdownMetrics.calendarDays(c, e),
                recoveryDays: e.recovered ? e.end + 1 - e.trough : nil)
        }
    }
}
