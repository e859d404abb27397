import TearsheetCore

/// Deterministic, locale-free text for the generated CSV files.
///
/// Money is carried as integer cents and printed by integer arithmetic, so no binary rounding
/// can ever show up in a file; closes are printed with Swift's shortest round-trip
/// `description`, which reproduces the benchmark file's text and parses back to the same double.

public enum TextFormat {
    /// `-12.34` for -1234 cents; always two decimals, no thousands separators.
    public static func cents(_ value: Int64) -> String {
        let negative = value < 0
        let magnitude = value.magnitude
        let whole = magnitude / 100, fraction = magnitude % 100
        return (negative ? "-" : "") + String(whole) + (fraction < 10 ? ".0" : ".") + String(fraction)
    }

    /// Rounds a non-negative or negative dollar amount to the nearest cent, halves away from zero.
    public static func roundToCents(_ dollars: Double) -> Int64 {
        Int64((dollars * 100).rounded(.toNearestOrAwayFromZero))
    }

    /// A close as written to `prices.csv` and `positions.csv`: the shortest text that parses back
    /// to exactly this double.
    public static func close(_ value: Double) -> String { value.description }

    /// The America/New_York UTC offset in effect at midday on `day`: `-04:00` during daylight
    /// saving time (since 2007: from the second Sunday of March to the first Sunday of November),
    /// `-05:00` otherwise. Market hours never straddle the 02:00 switch, so midday is exact for
    /// every trading timestamp.
    public static func newYorkOffset(_ day: Day) -> String {
        isNewYorkDaylightTime(day) ? "-04:00" : "-05:00"
    }

    /// Whether US daylight saving time (the post-2007 rule) is in effect at midday on `day`.
    public static func isNewYorkDaylightTime(_ day: Day) -> Bool {
        let y = day.year
        guard let start = nthSunday(2, year: y, month: 3),
              let end = nthSunday(1, year: y, month: 11) else { return false }
        return day >= start && day < end
    }

    /// The `n`th Sunday of a month.
    static func nthSunday(_ n: Int, year: Int, month: Int) -> Day? {
        guard let first = Day(year: year, month: month, day: 1) else { return nil }
        let toSunday = (7 - first.weekday) % 7  // ISO weekday 7 is Sunday
        return first.adding(days: toSunday + 7 * (n - 1))
    }

    /// `YYYY-MM-DDTHH:MM:SS±hh:mm` for a time of day given in seconds after midnight, New York
    /// local time.
    public static func newYorkTimestamp(_ day: Day, secondsAfterMidnight s: Int) -> String {
        let h = s / 3600, m = (s / 60) % 60, sec = s % 60
        return day.description + "T" + two(h) + ":" + two(m) + ":" + two(sec) + newYorkOffset(day)
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0" + String(v) : String(v) }
}
