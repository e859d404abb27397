#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TearsheetCore
import TearsheetMetrics

// The day-by-day simulation behind `OptionsIncomeBook.generate(spy:qqq:parameters:)`; the rules
// are documented on `OptionsIncomeBook`'s constants and in docs/examples.md.

/// An option position of a wheel sleeve.
struct OpenOption {
    var option: OptionsIncomeBook.Option
    var contracts: Int64
    /// A put that was rolled once is not rolled again.
    var rolled: Bool
}

/// One wheel sleeve: its cash, its shares of the underlying, the written option and the collar.
struct WheelSleeve {
    let strategy: String
    let underlying: String
    /// 0 for SPY, 1 for QQQ.
    let index: Int
    var cash: Int64 = 0
    var shares: Int64 = 0
    var written: OpenOption?
    var collar: OpenOption?
}

struct OptionsIncomeEngine {
    typealias Book = OptionsIncomeBook
    let parameters: Book.Parameters
    var calendar: [Day] = []
    /// Closes on `calendar`: [SPY, QQQ].
    var closes: [[Double]] = [[], []]
    /// Full histories (SPY's days and both series' closes) and the index of calendar day 0 in each.
    let fullDays: [Day]
    let history: [[Double]]
    let offsets: [Int]
    var acmeCents: [Int64] = []
    var rng: SplitMix64

    var wheels: [WheelSleeve] = []
    var stockCash: Int64 = 0, stockShares: Int64 = 0
    var unallocatedCash: Int64 = 0

    var trades: [Book.Trade] = []
    var flows: [Book.CashFlow] = []
    var marks: [Book.Mark] = []
    var options: [Book.Option] = []
    var knownOptions: Set<Book.Option> = []
    var settlements: [Book.Settlement] = []
    var weekLabels: [Book.WeekLabel] = []
    var rolls: [Book.Roll] = []

    // Flags of the current week, for its label.
    var weekAssigned = false, weekRolled = false, weekCovered = false

    init(spy: DatedSeries, qqq: DatedSeries, parameters: Book.Parameters) throws(DemoError) {
        self.parameters = parameters
        rng = SplitMix64(seed: parameters.seed)
        guard parameters.start <= parameters.end else { throw .badParameter("start \(parameters.start) is after end \(parameters.end)") }
        guard let first = spy.days.firstIndex(where: { $0 >= parameters.start }), spy.days[first] <= parameters.end,
              let last = spy.indexOnOrBefore(parameters.end) else {
            throw .insufficientData("SPY has no day between \(parameters.start) and \(parameters.end)")
        }
        guard first > Book.volWindow else {
            throw .insufficientData("SPY needs \(Book.volWindow + 1) days before \(parameters.start), has \(first)")
        }
        guard let q0 = qqq.index(of: spy.days[first]), q0 > Book.volWindow else {
            throw .insufficientData("QQQ needs \(Book.volWindow + 1) days before \(spy.days[first])")
        }
        for k in first...last {
            let day = spy.days[k]
            guard q0 + (k - first) < qqq.count, qqq.days[q0 + (k - first)] == day else {
                throw .insufficientData("QQQ and SPY trading days differ near \(day)")
            }
            calendar.append(day)
            closes[0].append(spy.values[k])
            closes[1].append(qqq.values[q0 + (k - first)])
        }
        fullDays = spy.days
        history = [spy.values, qqq.values]
        offsets = [first, q0]
        wheels = Book.wheels.enumerated().map { WheelSleeve(strategy: $0.element.strategy, underlying: $0.element.underlying, index: $0.offset) }
        acmeCents = syntheticStock()
    }

    // MARK: - Market inputs

    /// ACME's raw closes in cents: a GBM on the post-split basis, times the split ratio before
    /// the ex-date (as traded).
    mutating func syntheticStock() -> [Int64] {
        var level = Book.stockStart
        let dt = 1.0 / 252, s = Book.stockVolatility
        return calendar.indices.map { i in
            if i > 0 { level *= exp((Book.stockDrift - 0.5 * s * s) * dt + s * dt.squareRoot() * rng.normal()) }
            let raw = calendar[i] < Book.splitDate ? level * Double(Book.splitRatio) : level
            return TextFormat.roundToCents(raw)
        }
    }

    /// Annualised realised volatility of underlying `u` through calendar day `i` (the last
    /// `volWindow` simple returns, sample st. dev. x sqrt 252), floored at `volFloor`.
    func volatility(_ u: Int, _ i: Int) -> Double {
        let end = offsets[u] + i, c = history[u]
        let returns = (end - Book.volWindow + 1...end).map { c[$0] / c[$0 - 1] - 1 }
        return max(Book.volFloor, (Stats.stdev(returns) ?? 0) * 252.0.squareRoot())
    }

    /// Black-Scholes value of `option` at the close of calendar day `i`.
    func value(_ option: Book.Option, _ i: Int) -> Double {
        let u = option.underlying == "SPY" ? 0 : 1
        return BlackScholes.price(option.right, spot: closes[u][i], strike: Double(option.strike),
                                  years: years(to: option.expiry, from: calendar[i]), rate: Book.rate,
                                  volatility: volatility(u, i))
    }

    func years(to expiry: Day, from day: Day) -> Double { Double(expiry.serial - day.serial) / Book.daysPerYear }

    /// The $1 strike out of the money (at or below the close for a put, at or above it for a
    /// call) whose |delta| is nearest `target`; ties go further out of the money.
    func strike(_ right: OptionRight, underlying u: Int, _ i: Int, expiry: Day, target: Double) -> Int64 {
        let s = closes[u][i], t = years(to: expiry, from: calendar[i]), v = volatility(u, i)
        let atm = right == .put ? Int64(s.rounded(.down)) : Int64(s.rounded(.up))
        var best = atm, bestGap = Double.infinity
        let step: Int64 = right == .put ? -1 : 1
        var k = atm
        for _ in 0..<Int(s * 0.25) {
            guard k > 0 else { break }
            let d = abs(BlackScholes.delta(right, spot: s, strike: Double(k), years: t, rate: Book.rate, volatility: v))
            let gap = abs(d - target)
            if gap <= bestGap { best = k; bestGap = gap }
            if d < target { break }
            k += step
        }
        return best
    }

    // MARK: - Calendar of weeks (from the full SPY history, so a week crossing the book's end
    // still expires on its real last trading day)

    /// The last trading day of the week holding full-history index `k`.
    func weekLastDay(fromFull k: Int) -> Day {
        var j = k
        while j + 1 < fullDays.count && fullDays[j + 1].weekStart == fullDays[k].weekStart { j += 1 }
        return fullDays[j]
    }

    /// The expiry of calendar day `i`'s week; `nil` when the data ends inside that week.
    func expiry(ofWeekOf i: Int) -> Day? {
        let last = weekLastDay(fromFull: offsets[0] + i)
        return last == fullDays.last ? nil : last
    }

    /// The expiry of the week after the one ending `expiry`; `nil` past the data.
    func nextExpiry(after expiry: Day) -> Day? {
        guard let k = fullDays.firstIndex(of: expiry), k + 1 < fullDays.count else { return nil }
        let next = weekLastDay(fromFull: k + 1)
        // The data may end inside that week: its last trading day is then unknown.
        return next == fullDays.last ? nil : next
    }

    /// The last weekly expiry of a calendar year: those are left to the tool's automatic expiry.
    func isYearLastExpiry(_ expiry: Day) -> Bool {
        guard let next = nextExpiry(after: expiry) else { return false }
        return next.year != expiry.year
    }

    /// Whether calendar day `i` is the last trading day of its month.
    func isLastOfMonth(_ i: Int) -> Bool {
        let k = offsets[0] + i
        return k + 1 >= fullDays.count || fullDays[k + 1].month != calendar[i].month
    }

    // MARK: - Booking

    mutating func book(_ day: Day, _ strategy: String, _ symbol: String, _ action: Book.Action, _ quantity: Int64,
                       price: Int64?, fee: Int64) {
        trades.append(.init(id: "OI" + String(100_000 + trades.count + 1).dropFirst(), day: day, strategy: strategy,
                            symbol: symbol, action: action, quantity: quantity, priceCents: price, feeCents: fee))
    }

    mutating func flow(_ i: Int, _ strategy: String, _ cents: Int64, _ type: CashFlowType) {
        flows.append(.init(day: calendar[i], amountCents: cents, type: type, strategy: strategy))
        switch strategy {
        case "": unallocatedCash += cents
        case Book.stockStrategy: stockCash += cents
        default: if let w = wheels.firstIndex(where: { $0.strategy == strategy }) { wheels[w].cash += cents }
        }
    }

    mutating func remember(_ option: Book.Option) {
        if knownOptions.insert(option).inserted { options.append(option) }
    }

    static func stockFee(_ shares: Int64) -> Int64 { max(100, (shares + 1) / 2) }
}
