import TearsheetCore

extension OptionsIncomeEngine {
    /// Scheduled external flows: inception deposits, a top-up, withdrawals (docs/examples.md).
    static let inception: [(strategy: String, dollars: Int64)] = [
        ("", 50_000), ("spy-wheel", 1_000_000), ("qqq-wheel", 1_000_000), (Book.stockStrategy, 250_000)]
    static let laterFlows: [(date: (Int, Int, Int), strategy: String, dollars: Int64)] = [
        ((2024, 1, 2), "qqq-wheel", 250_000),
        ((2024, 10, 15), Book.stockStrategy, -150_000),
        ((2025, 6, 30), "", -20_000),
    ]

    mutating func run() {
        var stockBought = false, stockSold = false
        for i in calendar.indices {
            let day = calendar[i]
            if i == 0 || calendar[i - 1].weekStart != day.weekStart { startWeek(i) }
            if i == 0 { for f in Self.inception { flow(i, f.strategy, f.dollars * 100, .deposit) } }
            for f in Self.laterFlows {
                let date = Day(serial: Int32(Day.daysFromCivil(year: f.date.0, month: f.date.1, day: f.date.2)))
                if day >= date && (i == 0 || calendar[i - 1] < date) {
                    flow(i, f.strategy, f.dollars * 100, f.dollars > 0 ? .deposit : .withdrawal)
                }
            }
            if !stockBought && day >= Book.stockBuyDate { buyStock(i); stockBought = true }
            if stockBought && !stockSold && day >= Book.stockSellDate { sellStock(i); stockSold = true }
            var openToday: [Book.Option] = []
            for w in wheels.indices {
                openToday += [wheels[w].written?.option, wheels[w].collar?.option].compactMap { $0 }
                settle(w, i)
                roll(w, i)
                write(w, i)
                openToday += [wheels[w].written?.option, wheels[w].collar?.option].compactMap { $0 }
            }
            var seen = Set<String>()
            for o in openToday where o.expiry > day && seen.insert(o.symbol).inserted {
                // A mark is at least the $0.01 tick: closes must be > 0, and a far out-of-the-money
                // option is still quoted at a cent.
                marks.append(.init(day: day, symbol: o.symbol, close: Double(max(1, TextFormat.roundToCents(value(o, i)))) / 100))
            }
            if isLastOfMonth(i) { creditInterest(i) }
            if i == calendar.count - 1 || calendar[i + 1].weekStart != day.weekStart { endWeek(day) }
        }
    }

    /// On the last trading day of a month: INTEREST on each sleeve's cash at the close (the
    /// collateral of the puts earns the book's rate, as a broker pays on cash), balance x `rate`
    /// x calendar days of the month / 365, rounded to the cent; nothing on a balance <= 0.
    mutating func creditInterest(_ i: Int) {
        let c = calendar[i].components
        let days = Double(Day.daysInMonth(year: c.year, month: c.month))
        let balances = wheels.map { ($0.strategy, $0.cash) } + [(Book.stockStrategy, stockCash)]
        for (strategy, cash) in balances where cash > 0 {
            let cents = TextFormat.roundToCents(Double(cash) / 100 * Book.rate * days / Book.daysPerYear)
            if cents > 0 { flow(i, strategy, cents, .interest) }
        }
    }

    // MARK: - Weeks

    mutating func startWeek(_ i: Int) {
        weekAssigned = false; weekRolled = false
        weekCovered = wheels.contains { $0.shares > 0 }
    }

    mutating func endWeek(_ day: Day) {
        let label = weekAssigned ? "assignment" : weekRolled ? "roll" : weekCovered ? "covered-call" : "put-income"
        weekLabels.append(.init(weekStart: day.weekStart, label: label))
    }

    // MARK: - The wheel

    /// On the first trading day of a week (when the week's expiry is a later day): a sleeve with no
    /// written option sells puts (no shares) or covered calls (shares), plus the collar.
    mutating func write(_ w: Int, _ i: Int) {
        let day = calendar[i]
        guard i == 0 || calendar[i - 1].weekStart != day.weekStart,
              wheels[w].written == nil, let expiry = expiry(ofWeekOf: i), expiry > day else { return }
        let u = wheels[w].index, name = wheels[w].underlying, strategy = wheels[w].strategy
        let fee = Book.optionFeeCentsPerContract
        if wheels[w].shares == 0 {
            let k = strike(.put, underlying: u, i, expiry: expiry, target: Book.shortDelta)
            let option = Book.Option(underlying: name, expiry: expiry, strike: k, right: .put)
            let n = wheels[w].cash / (k * 100 * Book.multiplier)
            let premium = TextFormat.roundToCents(value(option, i))
            guard n > 0, premium > 0 else { return }
            remember(option)
            book(day, strategy, option.symbol, .short, n, price: premium, fee: n * fee)
            wheels[w].cash += n * premium * Book.multiplier - n * fee
            wheels[w].written = OpenOption(option: option, contracts: n, rolled: false)
        } else {
            let k = strike(.call, underlying: u, i, expiry: expiry, target: Book.shortDelta)
            let option = Book.Option(underlying: name, expiry: expiry, strike: k, right: .call)
            let n = wheels[w].shares / Book.multiplier
            let premium = TextFormat.roundToCents(value(option, i))
            guard n > 0, premium > 0 else { return }
            remember(option)
            book(day, strategy, option.symbol, .short, n, price: premium, fee: n * fee)
            wheels[w].cash += n * premium * Book.multiplier - n * fee
            wheels[w].written = OpenOption(option: option, contracts: n, rolled: false)
            guard volatility(u, i) >= Book.collarVolatility, wheels[w].collar == nil else { return }
            let kp = strike(.put, underlying: u, i, expiry: expiry, target: Book.collarDelta)
            let put = Book.Option(underlying: name, expiry: expiry, strike: kp, right: .put)
            let cost = TextFormat.roundToCents(value(put, i))
            guard cost > 0 else { return }
            let m = min(n, wheels[w].cash / (cost * Book.multiplier + fee))
            guard m > 0 else { return }
            remember(put)
            book(day, strategy, put.symbol, .buy, m, price: cost, fee: m * fee)
            wheels[w].cash -= m * cost * Book.multiplier + m * fee
            wheels[w].collar = OpenOption(option: put, contracts: m, rolled: false)
        }
    }

    /// At the close of the expiry day: out of the money (or at it) expires worthless; a written
    /// put in the money is assigned (shares bought at the strike), a written call in the money is
    /// assigned (shares called away at the strike), a collar put in the money is exercised (shares
    /// sold at the strike). Rows are written except at a year's last expiry (the tool settles those).
    mutating func settle(_ w: Int, _ i: Int) {
        let day = calendar[i], s = closes[wheels[w].index][i], strategy = wheels[w].strategy
        for collar in [false, true] {
            guard let open = collar ? wheels[w].collar : wheels[w].written, open.option.expiry == day else { continue }
            if collar { wheels[w].collar = nil } else { wheels[w].written = nil }
            let o = open.option, n = open.contracts, k = Double(o.strike)
            let inTheMoney = o.right == .put ? s < k : s > k
            let automatic = isYearLastExpiry(day)
            let outcome: Book.Settlement.Outcome = !inTheMoney ? .worthless : collar ? .exercised : .assigned
            settlements.append(.init(option: o, strategy: strategy, contracts: n, underlyingClose: s,
                                     outcome: outcome, automatic: automatic))
            let action: Book.Action = outcome == .worthless ? .expire : outcome == .assigned ? .assign : .exercise
            if !automatic { book(day, strategy, o.symbol, action, n, price: nil, fee: 0) }
            guard inTheMoney else { continue }
            weekAssigned = true
            let units = n * Book.multiplier, money = units * o.strike * 100
            // A put assigned buys the shares; a call assigned or a put exercised sells them.
            if o.right == .put && !collar {
                wheels[w].shares += units; wheels[w].cash -= money
            } else {
                wheels[w].shares -= units; wheels[w].cash += money
            }
        }
    }

    /// On the week's second-to-last trading day: a written put not rolled before, whose underlying
    /// closes more than `rollTrigger` below the strike, is bought back at its value and the same
    /// strike sold for next week's expiry (rolled out), once.
    mutating func roll(_ w: Int, _ i: Int) {
        guard let open = wheels[w].written, open.option.right == .put, !open.rolled,
              offsets[0] + i + 1 < fullDays.count else { return }
        let day = calendar[i], nextDay = fullDays[offsets[0] + i + 1]
        guard nextDay == open.option.expiry, nextDay.weekStart == day.weekStart,
              let next = nextExpiry(after: open.option.expiry) else { return }
        let s = closes[wheels[w].index][i], k = Double(open.option.strike)
        guard s < k * (1 - Book.rollTrigger) else { return }
        let n = open.contracts, fee = Book.optionFeeCentsPerContract, strategy = wheels[w].strategy
        let back = TextFormat.roundToCents(value(open.option, i))
        let to = Book.Option(underlying: open.option.underlying, expiry: next, strike: open.option.strike, right: .put)
        let premium = TextFormat.roundToCents(value(to, i))
        book(day, strategy, open.option.symbol, .cover, n, price: back, fee: n * fee)
        remember(to)
        book(day, strategy, to.symbol, .short, n, price: premium, fee: n * fee)
        wheels[w].cash += (premium - back) * n * Book.multiplier - 2 * n * fee
        wheels[w].written = OpenOption(option: to, contracts: n, rolled: true)
        rolls.append(.init(day: day, strategy: strategy, from: open.option, to: to))
        weekRolled = true
    }

    // MARK: - The split stock

    /// Buys round lots of ACME with 90% of the sleeve's cash, at the raw close.
    mutating func buyStock(_ i: Int) {
        let px = acmeCents[i]
        let shares = (stockCash * 9 / 10) / px / 100 * 100
        guard shares > 0 else { return }
        let fee = Self.stockFee(shares)
        book(calendar[i], Book.stockStrategy, Book.stockSymbol, .buy, shares, price: px, fee: fee)
        stockCash -= shares * px + fee
        stockShares = shares
    }

    /// Sells the whole holding (after the split: ratio x the shares bought) at the raw close.
    mutating func sellStock(_ i: Int) {
        let shares = calendar[i] >= Book.splitDate ? stockShares * Book.splitRatio : stockShares
        guard shares > 0 else { return }
        let px = acmeCents[i], fee = Self.stockFee(shares)
        book(calendar[i], Book.stockStrategy, Book.stockSymbol, .sell, shares, price: px, fee: fee)
        stockCash += shares * px - fee
        stockShares = 0
    }
}
