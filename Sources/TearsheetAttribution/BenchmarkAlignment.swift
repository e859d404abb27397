import TearsheetCore

/// Aligns a benchmark's closes to the book's calendar.
///
/// Rule: the book's days define the calendar. The benchmark's return on book day `t_i` is
/// `close(on or before t_i) / close(on or before t_{i-1}) - 1`; for the first book day the
/// reference is the last close strictly before it. So a benchmark move on a day the book did not
/// trade is compounded into the next book day, and a book day the benchmark lacks gets return 0
/// (its move lands on the next common day). When no close exists on or before a reference day the
/// return is 0 and the day is counted in `missingDays` (reported as a note).
public enum BenchmarkAlignment {
    /// The benchmark's daily returns on `days`, and how many days had no usable close.
    public static func align(_ closes: DatedSeries, to days: [Day]) -> (returns: [Double], missingDays: Int) {
        var out = [Double](repeating: 0, count: days.count)
        var missing = 0
        guard !days.isEmpty else { return (out, 0) }
        var prev: Int? = closes.indexOnOrBefore(days[0].adding(days: -1))
        var j = prev ?? -1
        for i in 0..<days.count {
            // Advance j to the last close on or before days[i] (days and closes both increase).
            while j + 1 < closes.count && closes.days[j + 1] <= days[i] { j += 1 }
            let cur: Int? = j >= 0 ? j : nil
            if let p = prev, let c = cur, closes.values[p] != 0 {
                out[i] = closes.values[c] / closes.values[p] - 1
            } else {
                missing += 1
            }
            prev = cur
        }
        return (out, missing)
    }
}
