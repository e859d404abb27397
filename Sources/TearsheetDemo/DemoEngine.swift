import TearsheetCore

// The day-by-day simulation behind `DemoBook.generate(spy:qqq:parameters:)`; the rules are
// documented on that function and in docs/examples.md.


/// Mutable state of one sleeve (or of an account's unallocated cash, strategy "").
struct DemoSleeve {
    struct Tranche { var remaining: Int64; let entry: Int; var halved: Bool }
    let account: String
    let strategy: String
    let initialCents: Int64
    var cash: Int64 = 0
    /// Signed shares per symbol: index 0 = SPY, 1 = QQQ.
    var held: [Int64] = [0, 0]
    var tranches: [Tranche] = []
    /// Mean-reversion thresholds (fractions) for this sleeve.
    var downThreshold = 0.0
    var upThreshold = 0.0
}

/// The simulation: state of every sleeve plus the rows generated so far.
struct DemoEngine {
    let parameters: DemoBook.Parameters
    var calendar: [Day] = []
    var spyClose: [Double] = []
    var qqqClose: [Double] = []
    /// Full histories and the index of calendar day 0 in each.
    let spyAll: [Double], qqqAll: [Double]
    let spyOffset: Int, qqqOffset: Int
    var rng: SplitMix64
    var sleeves: [DemoSleeve] = []
    var trades: [DemoBook.Trade] = []
    var positions: [DemoBook.Position] = []
    var flows: [DemoBook.CashFlow] = []

    static let symbols = DemoBook.symbols
    static let targetWeight = 0.95
    static let driftBand = 0.05
    static let lotFraction = 0.30
    static let maxLots = 2
    static let partialAfter = 2
    static let exitAfter = 5
    static let trendBand = 0.01
    static let smaLength = 200
    static let momentumLength = 63

    init(spy: DatedSeries, qqq: DatedSeries, parameters: DemoBook.Parameters) throws(DemoError) {
        self.parameters = parameters
        rng = SplitMix64(seed: parameters.seed)
        guard parameters.start <= parameters.end else { throw .badParameter("start \(parameters.start) is after end \(parameters.end)") }
        guard let first = spy.days.firstIndex(where: { $0 >= parameters.start }),
              spy.days[first] <= parameters.end else {
            throw .insufficientData("SPY has no day between \(parameters.start) and \(parameters.end)")
        }
        let last = spy.indexOnOrBefore(parameters.end) ?? first
        guard first >= DemoEngine.smaLength else {
            throw .insufficientData("SPY needs \(DemoEngine.smaLength) days before \(parameters.start), has \(first)")
        }
        guard let q0 = qqq.index(of: spy.days[first]), q0 > DemoEngine.momentumLength else {
            throw .insufficientData("QQQ needs \(DemoEngine.momentumLength + 1) days before \(spy.days[first])")
        }
        for k in first...last {
            let day = spy.days[k]
            guard q0 + (k - first) < qqq.count, qqq.days[q0 + (k - first)] == day else {
                throw .insufficientData("QQQ and SPY trading days differ near \(day)")
            }
            calendar.append(day)
            spyClose.append(spy.values[k])
            qqqClose.append(qqq.values[q0 + (k - first)])
        }
        if let qLast = qqq.indexOnOrBefore(parameters.end), qLast != q0 + (last - first) {
            throw .insufficientData("QQQ has trading days that SPY lacks between \(calendar[0]) and \(parameters.end)")
        }
        spyAll = spy.values; qqqAll = qqq.values
        spyOffset = first; qqqOffset = q0

        func sleeve(_ a: String, _ s: String, _ dollars: Int64, down: Double = 0, up: Double = 0) -> DemoSleeve {
            var x = DemoSleeve(account: a, strategy: s, initialCents: dollars * 100)
            x.downThreshold = down; x.upThreshold = up
            return x
        }
        let (p, f, h) = (DemoBook.accounts[0], DemoBook.accounts[1], DemoBook.accounts[2])
        sleeves = [
            sleeve(p, "", 250_000),
            sleeve(p, "trend", 4_000_000),
            sleeve(p, "rotation", 3_000_000),
            sleeve(p, "meanrev", 1_500_000, down: 0.015, up: 0.015),
            sleeve(p, "cash", 1_500_000),
            sleeve(f, "", 100_000),
            sleeve(f, "trend", 1_200_000),
            sleeve(f, "rotation", 1_000_000),
            sleeve(f, "meanrev", 500_000, down: 0.02, up: 0.02),
            sleeve(f, "cash", 800_000),
            sleeve(h, "", 50_000),
            sleeve(h, "rotation", 600_000),
            sleeve(h, "meanrev", 400_000, down: 0.0125, up: 0.0175),
            sleeve(h, "cash", 300_000),
        ]
    }

    // MARK: - Day loop

    mutating func run() {
        for i in calendar.indices {
            scheduledFlows(i)
            for s in sleeves.indices {
                switch sleeves[s].strategy {
                case "trend": trend(s, i)
                case "rotation": rotation(s, i)
                case "meanrev": meanReversion(s, i)
                default: break
                }
            }
            monthEndFlows(i)
            snapshot(i)
        }
    }

    func isFirstOfMonth(_ i: Int) -> Bool { i == 0 || calendar[i - 1].month != calendar[i].month }
    func isLastOfMonth(_ i: Int) -> Bool { i == calendar.count - 1 || calendar[i + 1].month != calendar[i].month }
    func close(_ symbol: Int, _ i: Int) -> Double { symbol == 0 ? spyClose[i] : qqqClose[i] }

    /// Sleeve NAV at day i's close, in dollars.
    func nav(_ s: Int, _ i: Int) -> Double {
        let x = sleeves[s]
        return Double(x.cash) / 100 + Double(x.held[0]) * spyClose[i] + Double(x.held[1]) * qqqClose[i]
    }

    // MARK: - Flows

    mutating func flow(_ s: Int, _ i: Int, _ cents: Int64, _ type: CashFlowType) {
        guard cents != 0 else { return }
        sleeves[s].cash += cents
        flows.append(.init(day: calendar[i], account: sleeves[s].account, amountCents: cents,
                           type: type, strategy: sleeves[s].strategy))
    }

    func sleeveIndex(_ account: Int, _ strategy: String) -> Int? {
        sleeves.firstIndex { $0.account == DemoBook.accounts[account] && $0.strategy == strategy }
    }

    /// Pays a withdrawal from a sleeve, first selling enough of its long holding at the close.
    mutating func withdraw(_ s: Int, _ i: Int, cents wanted: Int64) {
        var amount = wanted
        let shortfall = amount - sleeves[s].cash + 500
        if shortfall > 0 {
            for sym in 0..<2 where sleeves[s].held[sym] > 0 {
                let px = TextFormat.roundToCents(close(sym, i))
                let q = min(sleeves[s].held[sym], (shortfall + px - 1) / px)
                book(s, sym, .sell, q, px, i, timestamp: calendar[i].description)
                break
            }
        }
        amount = min(amount, max(0, sleeves[s].cash))
        flow(s, i, -amount, .withdrawal)
    }

    mutating func scheduledFlows(_ i: Int) {
        let day = calendar[i]
        if i == 0 {
            for s in sleeves.indices { flow(s, i, sleeves[s].initialCents, .deposit) }
            return
        }
        let newYear = calendar[i - 1].year != day.year
        let firstOfMonth = isFirstOfMonth(i)
        if newYear {
            // Pension: annual contribution to the trend sleeve; family: a gift to unallocated cash.
            if let s = sleeveIndex(0, "trend") { flow(s, i, 300_000_00, .deposit) }
            if let s = sleeveIndex(2, "") { flow(s, i, Int64(rng.int(in: 20...60)) * 1_000_00, .deposit) }
        }
        if firstOfMonth, [1, 4, 7, 10].contains(day.month), let s = sleeveIndex(1, "rotation") {
            // Foundation: quarterly spending-policy distribution of 1.25% of the rotation sleeve.
            let cents = Int64((nav(s, i - 1) * 0.0125 / 100).rounded(.down)) * 100_00
            withdraw(s, i, cents: cents)
        }
        if firstOfMonth, day.month == 6, let s = sleeveIndex(2, "meanrev") {
            flow(s, i, Int64(rng.int(in: 10...40)) * 1_000_00, .deposit)
        }
        if firstOfMonth, day.month == 12, let s = sleeveIndex(0, "cash") {
            withdraw(s, i, cents: 120_000_00)
        }
        if firstOfMonth, (day.year == 2020 && day.month == 9) || (day.year == 2025 && day.month == 3),
           let s = sleeveIndex(2, "") {
            withdraw(s, i, cents: 75_000_00)
        }
        if firstOfMonth, day.month == 9, day.year % 3 == 0, let s = sleeveIndex(0, "rotation") {
            // Pension: a one-off transfer out of the rotation sleeve every third year.
            withdraw(s, i, cents: 250_000_00)
        }
    }

    mutating func monthEndFlows(_ i: Int) {
        guard isLastOfMonth(i) else { return }
        let day = calendar[i]
        let rate = DemoCashRates.annualRate(year: day.year)
        let daysInMonth = Double(Day.daysInMonth(year: day.year, month: day.month))
        for s in sleeves.indices where sleeves[s].strategy == "cash" && sleeves[s].cash > 0 {
            let cents = TextFormat.roundToCents(Double(sleeves[s].cash) / 100 * rate * daysInMonth / 365)
            flow(s, i, cents, .interest)
        }
        if day.month % 3 == 0 {
            // Quarterly custody fee charged to each account's unallocated cash.
            for s in sleeves.indices where sleeves[s].strategy == "" && sleeves[s].cash >= 150_00 {
                flow(s, i, -150_00, .fee)
            }
        }
    }

    // MARK: - Trades

    /// Commission: $0.005 a share rounded half up to the cent, minimum $1.00.
    static func commission(_ quantity: Int64) -> Int64 { max(100, (quantity + 1) / 2) }

    /// Shares a sleeve can buy with its cash at `px` cents, leaving room for the commission.
    func affordable(_ s: Int, _ px: Int64) -> Int64 {
        var q = max(0, sleeves[s].cash / px)
        while q > 0 && q * px + DemoEngine.commission(q) > sleeves[s].cash { q -= 1 }
        return q
    }

    mutating func book(_ s: Int, _ sym: Int, _ side: Side, _ q: Int64, _ px: Int64, _ i: Int, timestamp: String) {
        guard q > 0 else { return }
        let fee = DemoEngine.commission(q)
        switch side {
        case .buy, .cover:
            sleeves[s].held[sym] += q
            sleeves[s].cash -= q * px + fee
        case .sell, .short:
            sleeves[s].held[sym] -= q
            sleeves[s].cash += q * px - fee
        }
        let symbol = DemoEngine.symbols[sym]
        trades.append(.init(id: "T" + DemoEngine.pad(trades.count + 1, 6), day: calendar[i], timestamp: timestamp,
                            account: sleeves[s].account, strategy: sleeves[s].strategy, symbol: symbol,
                            side: side, quantity: q, priceCents: px, feeCents: fee,
                            sector: DemoBook.sector(of: symbol)))
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Moves a long holding towards `target` shares (buying only what the cash allows).
    mutating func trade(toTarget target: Int64, _ s: Int, _ sym: Int, _ px: Int64, _ i: Int, timestamp: String) {
        let held = sleeves[s].held[sym]
        if target > held {
            book(s, sym, .buy, min(target - held, affordable(s, px)), px, i, timestamp: timestamp)
        } else if target < held {
            book(s, sym, .sell, held - target, px, i, timestamp: timestamp)
        }
    }

    func targetShares(_ s: Int, _ i: Int, _ sym: Int) -> Int64 {
        Int64((DemoEngine.targetWeight * nav(s, i) / close(sym, i)).rounded(.down))
    }

    func offTarget(_ held: Int64, _ target: Int64) -> Bool {
        Double(abs(target - held)) > DemoEngine.driftBand * Double(target)
    }

    /// Trend: long SPY at 95% of NAV while SPY's previous close is above its 200-day average
    /// by more than 1%, flat once it is below by more than 1% (the band damps whipsaws).
    mutating func trend(_ s: Int, _ i: Int) {
        let k = spyOffset + i
        var sum = 0.0
        for j in (k - DemoEngine.smaLength)..<k { sum += spyAll[j] }
        let sma = sum / Double(DemoEngine.smaLength)
        let signal = spyAll[k - 1]
        let px = TextFormat.roundToCents(spyClose[i])
        let stamp = calendar[i].description
        let held = sleeves[s].held[0]
        if held == 0 && signal > sma * (1 + DemoEngine.trendBand) {
            trade(toTarget: targetShares(s, i, 0), s, 0, px, i, timestamp: stamp)
        } else if held > 0 && signal < sma * (1 - DemoEngine.trendBand) {
            book(s, 0, .sell, held, px, i, timestamp: stamp)
        } else if held > 0 && isFirstOfMonth(i) {
            let target = targetShares(s, i, 0)
            if offTarget(held, target) { trade(toTarget: target, s, 0, px, i, timestamp: stamp) }
        }
    }

    /// Rotation: on the first trading day of each month, hold whichever of SPY and QQQ had the
    /// higher 63-trading-day return up to the previous close (SPY on a tie), at 95% of NAV.
    mutating func rotation(_ s: Int, _ i: Int) {
        guard isFirstOfMonth(i) else { return }
        let ks = spyOffset + i, kq = qqqOffset + i
        let mSPY = spyAll[ks - 1] / spyAll[ks - 1 - DemoEngine.momentumLength]
        let mQQQ = qqqAll[kq - 1] / qqqAll[kq - 1 - DemoEngine.momentumLength]
        let pick = mQQQ > mSPY ? 1 : 0
        let other = 1 - pick
        let stamp = TextFormat.newYorkTimestamp(calendar[i], secondsAfterMidnight: 15 * 3600 + 58 * 60 + rng.below(90))
        if sleeves[s].held[other] > 0 {
            book(s, other, .sell, sleeves[s].held[other], TextFormat.roundToCents(close(other, i)), i, timestamp: stamp)
        }
        let target = targetShares(s, i, pick)
        let held = sleeves[s].held[pick]
        if held == 0 || offTarget(held, target) {
            trade(toTarget: target, s, pick, TextFormat.roundToCents(close(pick, i)), i, timestamp: stamp)
        }
    }

    /// Mean reversion on QQQ: after a previous-day move below -down, buy a lot; after a move
    /// above +up, short a lot (never against an open position of the other direction; at most two
    /// lots). Each lot is half closed after 2 trading days and fully closed after 5.
    mutating func meanReversion(_ s: Int, _ i: Int) {
        let k = qqqOffset + i
        let move = qqqAll[k - 1] / qqqAll[k - 2] - 1
        let held = sleeves[s].held[1]
        // Exits first: one trade for everything due today.
        var due: Int64 = 0
        for t in sleeves[s].tranches.indices {
            let age = i - sleeves[s].tranches[t].entry
            if age >= DemoEngine.exitAfter {
                due += sleeves[s].tranches[t].remaining
                sleeves[s].tranches[t].remaining = 0
            } else if age >= DemoEngine.partialAfter && !sleeves[s].tranches[t].halved {
                let half = sleeves[s].tranches[t].remaining / 2
                due += half
                sleeves[s].tranches[t].remaining -= half
                sleeves[s].tranches[t].halved = true
            }
        }
        sleeves[s].tranches.removeAll { $0.remaining == 0 }
        // Each of the day's times is drawn in booking order and never earlier than the one
        // before it, so replaying the day by timestamp is replaying it in file order.
        var after = -1
        if due > 0 {
            book(s, 1, held > 0 ? .sell : .cover, min(due, abs(held)), fill(i), i, timestamp: meanRevStamp(i, after: &after))
        }
        guard sleeves[s].tranches.count < DemoEngine.maxLots else { return }
        let now = sleeves[s].held[1]
        let px = fill(i)
        let lot = Int64((DemoEngine.lotFraction * nav(s, i) / qqqClose[i]).rounded(.down))
        if move <= -sleeves[s].downThreshold && now >= 0 {
            let q = min(lot, affordable(s, px))
            guard q > 0 else { return }
            book(s, 1, .buy, q, px, i, timestamp: meanRevStamp(i, after: &after))
            sleeves[s].tranches.append(.init(remaining: q, entry: i, halved: false))
        } else if move >= sleeves[s].upThreshold && now <= 0 && lot > 0 {
            book(s, 1, .short, lot, px, i, timestamp: meanRevStamp(i, after: &after))
            sleeves[s].tranches.append(.init(remaining: lot, entry: i, halved: false))
        }
    }

    /// A fill within +/-0.15% of the close, in cents.
    mutating func fill(_ i: Int) -> Int64 {
        TextFormat.roundToCents(qqqClose[i] * (1 + (rng.unit() - 0.5) * 0.003))
    }

    /// A time between 15:45 and 15:59 on day `i`, no earlier than `after` (seconds after
    /// midnight of the day's previous mean-reversion trade, -1 for none), which it then becomes.
    /// One draw per call whatever `after` is, so the random stream (and every other figure of the
    /// book) does not depend on the clamp.
    mutating func meanRevStamp(_ i: Int, after: inout Int) -> String {
        let drawn = 15 * 3600 + 45 * 60 + rng.below(14 * 60)
        after = max(drawn, after)
        return TextFormat.newYorkTimestamp(calendar[i], secondsAfterMidnight: after)
    }

    // MARK: - Snapshots

    mutating func snapshot(_ i: Int) {
        for x in sleeves {
            for sym in 0..<2 where x.held[sym] != 0 {
                let symbol = DemoEngine.symbols[sym]
                positions.append(.init(day: calendar[i], account: x.account, strategy: x.strategy, symbol: symbol,
                                       quantity: x.held[sym], close: close(sym, i), sector: DemoBook.sector(of: symbol)))
            }
        }
    }
}
