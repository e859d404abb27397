import TearsheetCore

/// A trading calendar: the primary benchmark's days. Weekdays inside its date range that it lacks
/// are holidays; weekdays outside its range are assumed to be trading days (no information).
public struct TradingCalendar: Sendable, Equatable {
    /// Trading days, strictly increasing.
    public let days: [Day]
    private let set: Set<Int32>

    public init(days: [Day]) {
        self.days = days
        self.set = Set(days.map(\.serial))
    }

    /// A weekday that is in the calendar, or outside the calendar's range.
    public func isTradingDay(_ d: Day) -> Bool {
        guard !d.isWeekend else { return false }
        guard let first = days.first, let last = days.last, d >= first, d <= last else { return true }
        return set.contains(d.serial)
    }

    /// The next trading day after `d`.
    public func next(after d: Day) -> Day {
        var x = d.adding(days: 1)
        while !isTradingDay(x) { x = x.adding(days: 1) }
        return x
    }

    /// The last trading day before `d`.
    public func previous(before d: Day) -> Day {
        var x = d.adding(days: -1)
        while !isTradingDay(x) { x = x.adding(days: -1) }
        return x
    }
}

/// Calendar flags of a trading week; a week can carry several.
public struct WeekFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Contains the third Friday of a month (monthly options expiration; when that Friday is a
    /// holiday, expiration moves to the Thursday before it, which lies in the same Monday-Friday week).
    public static let optionsExpiration = WeekFlags(rawValue: 1 << 0)
    /// Contains the last trading day of a month.
    public static let monthEnd = WeekFlags(rawValue: 1 << 1)
    /// Contains the last trading day of March, June, September or December.
    public static let quarterEnd = WeekFlags(rawValue: 1 << 2)
    /// Fewer than 5 trading days.
    public static let holidayShortened = WeekFlags(rawValue: 1 << 3)
    /// Contains the first trading day of a month.
    public static let firstOfMonth = WeekFlags(rawValue: 1 << 4)

    /// Flags in precedence order with their labels: the first one a week carries is its primary type.
    public static let precedence: [(flag: WeekFlags, label: String)] = [
        (.quarterEnd, "quarter-end"),
        (.monthEnd, "month-end"),
        (.optionsExpiration, "options-expiration"),
        (.holidayShortened, "holiday-shortened"),
        (.firstOfMonth, "first-of-month"),
    ]

    /// Labels of the flags carried, in precedence order; `["regular"]` for none.
    public var labels: [String] {
        let l = WeekFlags.precedence.filter { contains($0.flag) }.map(\.label)
        return l.isEmpty ? ["regular"] : l
    }

    /// Primary type: the first flag in `precedence` order, or `regular`.
    public var primary: String { labels[0] }
}

/// One Monday-to-Friday trading week.
public struct TradingWeek: Sendable, Equatable {
    public var monday: Day
    /// Trading days of the week on the calendar (0-5).
    public var tradingDays: Int
    public var flags: WeekFlags
    /// The monthly options-expiration day when the week carries that flag: the third Friday, or the
    /// Thursday before it when the Friday is a holiday.
    public var expirationDay: Day?

    /// Classifies the week starting on `monday` (any day is moved to its week's Monday).
    public init(monday m0: Day, calendar cal: TradingCalendar) {
        let m = m0.weekStart
        monday = m
        var flags: WeekFlags = []
        var n = 0
        for i in 0..<5 {
            let d = m.adding(days: i)
            guard cal.isTradingDay(d) else { continue }
            n += 1
            let next = cal.next(after: d)
            if next.month != d.month {
                flags.insert(.monthEnd)
                if d.month % 3 == 0 { flags.insert(.quarterEnd) }
            }
            if cal.previous(before: d).month != d.month { flags.insert(.firstOfMonth) }
        }
        let friday = m.adding(days: 4)
        if (15...21).contains(friday.dayOfMonth) {
            flags.insert(.optionsExpiration)
            let thursday = m.adding(days: 3)
            expirationDay = cal.isTradingDay(friday) ? friday : (cal.isTradingDay(thursday) ? thursday : nil)
        } else {
            expirationDay = nil
        }
        if n < 5 { flags.insert(.holidayShortened) }
        tradingDays = n
        self.flags = flags
    }
}

/// Market week types from the benchmark's weekly return.
public enum MarketWeekType {
    /// Label of a weekly return `w`: `strong-down` when `w <= -strong`, `strong-up` when `w >= strong`,
    /// `flat` when `|w| <= flat`, otherwise `down` or `up`.
    public static func label(weeklyReturn w: Double, strong: Double, flat: Double) -> String {
        if w <= -strong { return "strong-down" }
        if w >= strong { return "strong-up" }
        if abs(w) <= flat { return "flat" }
        return w < 0 ? "down" : "up"
    }

    /// Label of a week without a weekly return: `warming-up` before the benchmark's first close,
    /// `no-benchmark-data` when the benchmark has no close inside the week.
    public static let noData = "no-benchmark-data"

    /// The benchmark's return over the week starting `monday`: last close on or before Friday divided
    /// by the last close before Monday, minus 1; `nil` when the week has no close or no prior close.
    public static func weeklyReturn(closes: DatedSeries, monday: Day) -> Double? {
        guard let end = closes.indexOnOrBefore(monday.adding(days: 4)), closes.days[end] >= monday,
              let start = closes.indexOnOrBefore(monday.adding(days: -1)), closes.values[start] != 0 else { return nil }
        return closes.values[end] / closes.values[start] - 1
    }

    /// The market label of the week starting `monday` (see `label` and `noData`).
    public static func classify(closes: DatedSeries, monday: Day, strong: Double, flat: Double) -> String {
        if let w = weeklyReturn(closes: closes, monday: monday) { return label(weeklyReturn: w, strong: strong, flat: flat) }
        guard closes.indexOnOrBefore(monday.adding(days: -1)) != nil else { return RegimeClassifiers.warmingUp }
        return noData
    }
}
