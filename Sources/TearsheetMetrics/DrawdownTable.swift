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
        let ranked = c.episodes.enumerated().sorted { a, b in
            a.element.depth != b.element.depth ? a.element.depth < b.element.depth : a.offset < b.offset
        }.prefix(max(n, 0))
        return ranked.map { item in
            let e = item.element
            return DrawdownRow(
                start: c.days[e.start], trough: c.days[e.trough],
                recovery: e.recovered ? c.days[e.end + 1] : nil, depth: e.depth,
                lengthDays: e.end - e.start + 1, calendarDays: DrawdownMetrics.calendarDays(c, e),
                recoveryDays: e.recovered ? e.end + 1 - e.trough : nil)
        }
    }
}
