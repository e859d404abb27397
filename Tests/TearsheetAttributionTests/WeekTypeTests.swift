import Testing
import PropertyBased
@testable import TearsheetAttribution
import TearsheetCore

/// Four weeks around US Independence Day 2024 (Thursday 4 July missing from the benchmark calendar).
/// Week of 24 Jun: holds 28 Jun, the last trading day of June -> quarter-end and month-end (primary quarter-end).
/// Week of 1 Jul: 1 Jul is the first trading day of July, and only 4 trading days -> holiday-shortened
/// (primary, by precedence) and first-of-month. Week of 8 Jul: regular. Week of 15 Jul: Friday 19 Jul is the
/// third Friday -> options-expiration. Benchmark weekly moves: +0.5%/day (1.005^5 - 1 = 2.525%: strong-up),
/// -0.2%/day over 4 days (-0.798%: down), 0 (flat), -0.5%/day (-2.475%: strong-down).
@Suite struct WeekTypeTests {
    let days = weekdays(from: day("2024-06-24"), count: 19, skipping: [day("2024-07-04")])
    var portfolio: [Double] {
        (0..<19).map { t in (5...8).contains(t) ? [0.01, 0.02, -0.005, 0.004][t - 5] : 0.001 }
    }
    var benchmark: [Double] {
        (0..<19).map { t in t < 5 ? 0.005 : (t < 9 ? -0.002 : (t < 14 ? 0 : -0.005)) }
    }

    func run(weekLabels: [(Day, String)] = []) throws -> AttributionResult {
        let book = makeBook(days: days, sleeves: ["only"], weights: [[Double](repeating: 1, count: 19)], returns: [portfolio])
        return try Attribution.run(book: book, benchmarks: [makeBenchmark("SPY", days: days, returns: benchmark)],
                                   weekLabels: weekLabels)
    }

    @Test func weekWithAHoliday() throws {
        let res = try run()
        let cal = res.weekTypes.first { $0.name == "calendar" }!
        let g = Dictionary(uniqueKeysWithValues: cal.groups.map { ($0.label, $0) })
        #expect(Set(g.keys) == ["quarter-end", "holiday-shortened", "regular", "options-expiration"])
        #expect(g["holiday-shortened"]!.days == 4 && g["holiday-shortened"]!.weeks == 1)
        #expect(abs(g["holiday-shortened"]!.totalReturn - (1.01 * 1.02 * 0.995 * 1.004 - 1)) < 1e-15)
        #expect(g["quarter-end"]!.days == 5)
        let flags = res.weekTypes.first { $0.name == "calendar-flags" }!
        #expect(!flags.isPartition)
        let f = Dictionary(uniqueKeysWithValues: flags.groups.map { ($0.label, $0.weeks!) })
        #expect(f == ["quarter-end": 1, "month-end": 1, "holiday-shortened": 1, "first-of-month": 1,
                      "options-expiration": 1, "regular": 1])
        let market = res.weekTypes.first { $0.name == "market" }!
        #expect(market.groups.map(\.label) == ["down", "flat", "strong-down", "strong-up"])
        #expect(market.groups.map(\.days) == [4, 5, 5, 5])
        // Log shares of each partition add up.
        for c in res.weekTypes where c.isPartition {
            #expect(abs(c.groups.reduce(0) { $0 + $1.logReturn! } - log1pRef(res.totalReturn)) < 1e-13)
        }
    }

    @Test func goodFridayMovesExpirationToThursday() {
        // 18 April 2025 is both the third Friday of April and Good Friday.
        let cal = TradingCalendar(days: weekdays(from: day("2025-04-01"), count: 30, skipping: [day("2025-04-18")]))
        let w = TradingWeek(monday: day("2025-04-16"), calendar: cal)
        #expect(w.monday == day("2025-04-14"))
        #expect(w.flags == [.optionsExpiration, .holidayShortened])
        #expect(w.expirationDay == day("2025-04-17"))
        #expect(w.tradingDays == 4)
    }

    @Test func marketLabelsWithoutData() {
        let closes = DatedSeries(days: [day("2024-01-05"), day("2024-01-19")], values: [100, 103])
        #expect(MarketWeekType.classify(closes: closes, monday: day("2024-01-01"), strong: 0.02, flat: 0.005) == "warming-up")
        #expect(MarketWeekType.classify(closes: closes, monday: day("2024-01-08"), strong: 0.02, flat: 0.005) == "no-benchmark-data")
        // Week of 15 Jan: 103 / 100 - 1 = 3% (the gap week's move lands here).
        #expect(MarketWeekType.classify(closes: closes, monday: day("2024-01-15"), strong: 0.02, flat: 0.005) == "strong-up")
        #expect(MarketWeekType.label(weeklyReturn: -0.02, strong: 0.02, flat: 0.005) == "strong-down")
        #expect(MarketWeekType.label(weeklyReturn: 0.005, strong: 0.02, flat: 0.005) == "flat")
        #expect(MarketWeekType.label(weeklyReturn: -0.0051, strong: 0.02, flat: 0.005) == "down")
    }

    @Test func userWeekLabels() throws {
        let res = try run(weekLabels: [(day("2024-07-03"), "protocol-B"), (day("2024-06-24"), "protocol-A")])
        let user = res.weekTypes.first { $0.name == "user" }!
        #expect(user.groups.map(\.label) == ["protocol-A", "protocol-B", "unlabelled"])
        #expect(user.groups.map(\.weeks!) == [1, 1, 2])
        #expect(user.groups.map(\.days) == [5, 4, 10])
    }

    @Test func periodShorterThanAWeek() throws {
        let book = makeBook(days: days, sleeves: ["only"], weights: [[Double](repeating: 1, count: 19)], returns: [portfolio])
        let spy = saw(19, step: 3, modulus: 7, scale: 0.01), qqq = saw(19, step: 5, modulus: 11, scale: 0.01)
        let res = try Attribution.run(book: book, benchmarks: [makeBenchmark("SPY", days: days, returns: spy),
                                                               makeBenchmark("QQQ", days: days, returns: qqq)],
                                      period: day("2024-07-09")...day("2024-07-11"))
        #expect(res.days == 3)
        #expect(res.weekTypes[0].groups.map(\.weeks!) == [1])
        #expect(!res.periods.contains { $0.kind == .trailing1Y })
        #expect(res.periods.map(\.kind) == [.month, .quarter, .year, .monthToDate, .quarterToDate, .yearToDate, .inceptionToDate])
        // Joint regression needs more than 3 observations.
        #expect(res.factors[0].models.map(\.name) == ["SPY", "QQQ"])
    }

    /// Independent count: the third Friday of each month is the Friday whose day of month is the third
    /// Friday seen scanning from the 1st; the last trading day of a month is found by scanning back
    /// from its last calendar day over weekdays that are not holidays.
    @Test func calendarYearMatchesIndependentCount() async {
        await propertyCheck(input: Gen.int(in: 1990...2060), Gen.int(in: 0...1_000_000)) { year, seed in
            var g = SplitMix(seed: seed)
            let jan1 = Day(year: year, month: 1, day: 1)!, dec31 = Day(year: year, month: 12, day: 31)!
            var holidays: Set<Day> = []
            for _ in 0..<8 { holidays.insert(jan1.adding(days: Int.random(in: 0..<365, using: &g))) }
            let cal = TradingCalendar(days: weekdays(from: Day(year: year - 1, month: 12, day: 1)!, count: 320,
                                                     skipping: holidays))
            var thirdFridays: Set<Day> = []
            var monthEnds: Set<Day> = [], quarterEnds: Set<Day> = []
            for (y, m) in [(year - 1, 12)] + (1...12).map({ (year, $0) }) {
                if y == year {
                    var fridays = 0
                    for d in 1...Day.daysInMonth(year: y, month: m) {
                        let x = Day(year: y, month: m, day: d)!
                        if x.weekday == 5 { fridays += 1; if fridays == 3 { thirdFridays.insert(x.weekStart) } }
                    }
                }
                var last = Day(year: y, month: m, day: Day.daysInMonth(year: y, month: m))!
                while last.isWeekend || holidays.contains(last) { last = last.adding(days: -1) }
                monthEnds.insert(last.weekStart)
                if m % 3 == 0 { quarterEnds.insert(last.weekStart) }
            }
            var opex: Set<Day> = [], me: Set<Day> = [], qe: Set<Day> = []
            var m = jan1.weekStart
            let mondays = m...dec31.weekStart
            while m <= dec31 {
                let w = TradingWeek(monday: m, calendar: cal)
                if w.flags.contains(.optionsExpiration) {
                    opex.insert(m)
                    let fri = m.adding(days: 4)
                    #expect(w.expirationDay == (holidays.contains(fri) ? (holidays.contains(fri.adding(days: -1)) ? nil : fri.adding(days: -1)) : fri))
                }
                if w.flags.contains(.monthEnd) { me.insert(m) }
                if w.flags.contains(.quarterEnd) { qe.insert(m) }
                let missing = (0..<5).filter { holidays.contains(m.adding(days: $0)) }.count
                #expect(w.flags.contains(.holidayShortened) == (missing > 0))
                m = m.adding(days: 7)
            }
            #expect(opex.count == 12)
            #expect(opex == thirdFridays)
            #expect(me == monthEnds.filter { mondays.contains($0) })
            #expect(qe == quarterEnds.filter { mondays.contains($0) })
        }
    }
}
