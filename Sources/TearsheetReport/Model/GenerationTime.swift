import TearsheetCore

/// The moment a report was generated, as whole seconds since 1970-01-01T00:00:00Z.
///
/// Reproducible builds: `fromEnvironment` reads `SOURCE_DATE_EPOCH`
/// (https://reproducible-builds.org/specs/source-date-epoch/) so reruns produce identical bytes.
public struct GenerationTime: Sendable, Equatable, Hashable, Comparable {
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    public static func < (a: GenerationTime, b: GenerationTime) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    /// `SOURCE_DATE_EPOCH` when it is set to a non-negative integer, else `now` (the caller's clock,
    /// seconds since the epoch). An invalid value is an error, not silently ignored.
    public static func fromEnvironment(_ environment: [String: String], now: Int64) throws(ReportModelError) -> GenerationTime {
        guard let raw = environment["SOURCE_DATE_EPOCH"] else { return GenerationTime(secondsSinceEpoch: now) }
        guard let v = Int64(raw), v >= 0 else { throw .invalidSourceDateEpoch(raw) }
        return GenerationTime(secondsSinceEpoch: v)
    }

    /// The UTC calendar day.
    public var day: Day {
        let d = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        return Day(serial: Int32(d))
    }

    /// Hour, minute, second of the UTC time of day.
    public var timeOfDay: (hour: Int, minute: Int, second: Int) {
        let s = Int(secondsSinceEpoch - Int64(day.serial) * 86_400)
        return (s / 3600, (s % 3600) / 60, s % 60)
    }

    /// ISO 8601 in UTC, e.g. `2023-11-14T22:13:20Z`.
    public var iso8601: String {
        let t = timeOfDay
        func p(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(day)T\(p(t.hour)):\(p(t.minute)):\(p(t.second))Z"
    }
}

/// Errors of the report model itself.
public enum ReportModelError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidSourceDateEpoch(String)

    public var description: String {
        switch self {
        case .invalidSourceDateEpoch(let v):
            return "SOURCE_DATE_EPOCH must be a non-negative integer number of seconds, got '\(v)'"
        }
    }
}
