/// A calendar date with no time of day and no time zone: the unit of every daily series.
///
/// Stored as the number of days since 1970-01-01 (proleptic Gregorian), so comparison,
/// hashing and day arithmetic are integer operations. Conversions use Howard Hinnant's
/// `days_from_civil` / `civil_from_days` algorithms (exact for every representable date).
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let serial: Int32

    public init(serial: Int32) { self.serial = serial }

    /// A validated date; `nil` for impossible dates such as 2024-02-30.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysInMonth(year: year, month: month) else { return nil }
        self.serial = Int32(Day.daysFromCivil(year: year, month: month, day: day))
    }

    /// Parses `YYYY-MM-DD` exactly (no surrounding spaces); `nil` when malformed or impossible.
    public init?(iso text: some StringProtocol) {
        var bytes = Array(text.utf8)
        guard let d = bytes.withUnsafeMutableBufferPointer({ Day.parseISO(UnsafeBufferPointer($0)) }) else { return nil }
        self = d
    }

    /// Parses `YYYY-MM-DD` from raw bytes; `nil` when malformed or impossible.
    @inlinable
    public static func parseISO(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        var y = 0, m = 0, d = 0
        for i in 0..<4 { let c = Int(b[i]) - 48; guard c >= 0 && c <= 9 else { return nil }; y = y * 10 + c }
        for i in 5..<7 { let c = Int(b[i]) - 48; guard c >= 0 && c <= 9 else { return nil }; m = m * 10 + c }
        for i in 8..<10 { let c = Int(b[i]) - 48; guard c >= 0 && c <= 9 else { return nil }; d = d * 10 + c }
        return Day(year: y, month: m, day: d)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.serial < rhs.serial }

    /// Year, month (1-12) and day of month (1-31).
    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(Int(serial)) }
    public var year: Int { components.year }
    public var month: Int { components.month }
    public var dayOfMonth: Int { components.day }
    /// Quarter of the year, 1-4.
    public var quarter: Int { (month - 1) / 3 + 1 }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (ISO 4).
        let w = (Int(serial) + 3) % 7
        return (w < 0 ? w + 7 : w) + 1
    }
    public var isWeekend: Bool { weekday >= 6 }

    /// The Monday of this date's ISO week.
    public var weekStart: Day { Day(serial: serial - Int32(weekday - 1)) }

    public func adding(days n: Int) -> Day { Day(serial: serial + Int32(n)) }
    /// Signed number of calendar days from `self` to `other`.
    public func days(to other: Day) -> Int { Int(other.serial) - Int(serial) }

    /// The same day of month `n` months later, clamped to the month's last day.
    public func adding(months n: Int) -> Day {
        let c = components
        let total = c.year * 12 + (c.month - 1) + n
        let y = total / 12, m = total % 12 + 1
        return Day(year: y, month: m, day: min(c.day, Day.daysInMonth(year: y, month: m)))!
    }

    /// First day of the month containing this date.
    public var monthStart: Day { let c = components; return Day(year: c.year, month: c.month, day: 1)! }
    /// Last day of the month containing this date.
    public var monthEnd: Day { let c = components; return Day(year: c.year, month: c.month, day: Day.daysInMonth(year: c.year, month: c.month))! }

    /// `YYYY-MM-DD`.
    public var description: String {
        let c = components
        return Day.pad(c.year, 4) + "-" + Day.pad(c.month, 2) + "-" + Day.pad(c.day, 2)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeap(year) ? 29 : 28
        default: return 0
        }
    }

    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Array where Element == Day {
    /// In days sorted ascending: the index of the first day on or after `day` (binary search);
    /// `count` when every day is earlier.
    public func lowerBound(of day: Day) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
