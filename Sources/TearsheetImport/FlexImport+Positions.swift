import TearsheetCore

extension FlexMapper {
    /// Whether any account holds `symbol` at the close of `day`.
    func isHeld(_ symbol: String, on day: Day) -> Bool {
        guard let list = held[symbol] else { return false }
        var lo = 0, hi = list.count
        while lo < hi { let mid = (lo + hi) / 2; if list[mid].day <= day { lo = mid + 1 } else { hi = mid } }
        return lo > 0 && list[lo - 1].held
    }

    /// positions.csv from OpenPositions; prices.csv from the statement's marks, then the user's
    /// prices file, then fills on days nothing is held at the close; and the held days without any.
    mutating func mapPositionsAndPrices(_ merged: MergedStatements) {
        // Snapshots.
        var snapshotDays: [String: Set<Day>] = [:]   // symbol -> days with a snapshot row
        for p in merged.openPositions.sorted(by: { ($0.day, $0.account, $0.security.symbol) < ($1.day, $1.account, $1.security.symbol) }) {
            let sec = p.security
            let row = "\(p.account) \(p.day) \(Self.number(p.quantity)) \(sec.symbol) @ \(Self.number(p.markPrice))"
            guard FlexSections.supportedAssets.contains(sec.assetCategory) else {
                skip(p.location, "OpenPositions", row, "\(FlexSections.assetName(sec.assetCategory)) are not supported by the book", unsupported: true)
                continue
            }
            if !sec.currency.isEmpty && sec.currency != book.baseCurrency {
                skip(p.location, "OpenPositions", row, "in \(sec.currency), not the base currency \(book.baseCurrency): the book has no FX", unsupported: true)
                continue
            }
            if p.quantity == 0 { continue }
            let holders = snapshotStrategies["\(p.account)|\(p.day)|\(sec.symbol)"] ?? []
            guard holders.count <= 1 else {
                skip(p.location, "OpenPositions", row, "held by \(holders.count) strategies (\(holders.sorted().joined(separator: ", "))): the statement's one row cannot be split between them; the import compared the total instead", unsupported: false)
                continue
            }
            let strategy = holders.first ?? strategy(sec)
            if p.markPrice < 0 || (p.markPrice == 0 && sec.option == nil) {
                error(p.location, "flex-bad-value", "OpenPosition markPrice \(Self.number(p.markPrice)) of \(sec.symbol); expected > 0 (0 only for an option)")
                continue
            }
            book.positions.append(BookPosition(day: p.day, account: p.account, strategy: strategy, symbol: sec.symbol, quantity: p.quantity,
                                               price: p.markPrice, marketValue: p.positionValue, source: p.location))
            snapshotDays[sec.symbol, default: []].insert(p.day)
            mapped("OpenPositions (summary)", "positions.csv snapshot")
        }
        // Marks of the statements.
        var closes: [String: BookPrice] = [:]   // symbol|day
        var zeroMarks = 0
        func mark(_ symbol: String, _ day: Day, _ value: Double, _ origin: BookPrice.Origin, _ at: FlexLocation, _ sec: FlexSecurity) {
            guard FlexSections.supportedAssets.contains(sec.assetCategory), sec.currency.isEmpty || sec.currency == book.baseCurrency else { return }
            guard value > 0 else { zeroMarks += 1; return }
            let k = "\(symbol)|\(day)"
            if let prior = closes[k] {
                if abs(prior.close - value) > 1e-9 * max(1, abs(value)) {
                    error(at, "flex-price-conflict", "the mark of \(symbol) on \(day) is \(Self.number(value)) here and \(Self.number(prior.close)) in \(prior.origin.rawValue); expected one close per symbol and day")
                }
                return
            }
            closes[k] = BookPrice(day: day, symbol: symbol, close: value, origin: origin)
        }
        for p in merged.openPositions { mark(p.security.symbol, p.day, p.markPrice, .openPositions, p.location, p.security) }
        for p in merged.priorPositions { mark(p.security.symbol, p.day, p.price, .priorPeriodPositions, p.location, p.security) }
        for e in merged.optionEvents where e.security.option == nil {
            if let m = e.markPrice, m > 0 { mark(e.security.symbol, e.day, m, .optionEAE, e.location, e.security) }
        }
        let fromStatements = closes.count
        var fromUser = 0, userOverridden = 0
        for u in options.userPrices {
            let k = "\(u.symbol)|\(u.day)"
            if let s = closes[k] {
                if abs(s.close - u.close) > 1e-9 * max(1, abs(u.close)) { userOverridden += 1 }
                continue
            }
            closes[k] = u
            fromUser += 1
        }
        var fromFills = 0
        let terms = Dictionary(merged.optionEvents.compactMap { e in e.security.option.map { (e.security.symbol, $0) } }
                               + merged.trades.compactMap { t in t.security.option.map { (t.security.symbol, $0) } }, uniquingKeysWith: { a, _ in a })
        for t in book.trades {
            // A trade's symbol, or the underlying an assignment or exercise delivers at the strike.
            var symbol = t.symbol, price = t.price ?? 0
            if t.side == "ASSIGN" || t.side == "EXERCISE", let o = terms[t.symbol] { symbol = o.underlying; price = o.strike }
            guard price > 0 else { continue }
            let k = "\(symbol)|\(t.time.day)"
            if closes[k] == nil && !isHeld(symbol, on: t.time.day) {
                closes[k] = BookPrice(day: t.time.day, symbol: symbol, close: price, origin: .tradeFill)
                fromFills += 1
            }
        }
        book.prices = closes.values.sorted { ($0.symbol, $0.day) < ($1.symbol, $1.day) }
        var words = "statement marks: \(fromStatements) closes (OpenPositions markPrice, PriorPeriodPositions price, OptionEAE markPrice of a delivered underlying)"
        if let name = options.userPricesName {
            words += "; prices file \(name): \(fromUser) closes for days the statements give no mark"
            if userOverridden > 0 { words += " (\(userOverridden) of its closes differ from a statement mark and were not used)" }
        } else {
            words += "; no prices file (--prices)"
        }
        if fromFills > 0 { words += "; \(fromFills) fill prices on days no account holds the symbol at the close (the book needs a close on each trade day; nothing is valued at them)" }
        if zeroMarks > 0 { words += "; \(zeroMarks) marks of 0 left out (prices.csv takes closes > 0; a position snapshot keeps its 0)" }
        book.priceSource = words

        // Held days without a close.
        guard let last = lastDay else { return }
        let first = (book.trades.first?.time.day).map { d in min(d, book.flows.first?.day ?? d) } ?? book.flows.first?.day ?? last
        let calendar: [Day]
        if let c = options.calendar {
            calendar = c.filter { $0 >= first && $0 <= last }
            book.calendarSource = options.calendarName
        } else {
            calendar = (0...max(0, first.days(to: last))).map { first.adding(days: $0) }.filter { !$0.isWeekend }
            book.calendarSource = "weekdays (no benchmark calendar given)"
        }
        for symbol in held.keys.sorted() {
            let list = held[symbol]!
            var missing: [Day] = []
            for (i, e) in list.enumerated() where e.held {
                let end = i + 1 < list.count ? list[i + 1].day : last.adding(days: 1)
                var lo = 0, hi = calendar.count
                while lo < hi { let mid = (lo + hi) / 2; if calendar[mid] < e.day { lo = mid + 1 } else { hi = mid } }
                var j = lo
                while j < calendar.count && calendar[j] < end {
                    let d = calendar[j]
                    if closes["\(symbol)|\(d)"] == nil && !(snapshotDays[symbol]?.contains(d) ?? false) { missing.append(d) }
                    j += 1
                }
            }
            if !missing.isEmpty { book.priceGaps.append(PriceGap(symbol: symbol, days: missing)) }
        }
    }

    /// instruments.csv: every security the book holds or trades, options with their terms.
    mutating func mapInstruments(_ merged: MergedStatements, trades: [FlexTrade]) {
        var seen: [String: (BookInstrument, FlexLocation)] = [:]
        func add(_ sec: FlexSecurity, _ at: FlexLocation) {
            guard FlexSections.supportedAssets.contains(sec.assetCategory) else { return }
            let inst = BookInstrument(symbol: sec.symbol, assetClass: sec.option != nil ? "option" : sec.subCategory == "ETF" ? "etf" : "equity",
                                      multiplier: sec.option?.multiplier ?? 1, option: sec.option, currency: sec.currency)
            if let (prior, where_) = seen[sec.symbol] {
                if prior.option != inst.option || prior.assetClass != inst.assetClass {
                    error(at, "flex-conflicting-terms", "\(sec.symbol) is \(Self.terms(inst)) here but \(Self.terms(prior)) at \(where_); expected the same terms for a symbol")
                }
                return
            }
            seen[sec.symbol] = (inst, at)
        }
        for t in trades { add(t.security, t.location) }
        for e in merged.optionEvents where e.security.option != nil { add(e.security, e.location) }
        for p in merged.openPositions { add(p.security, p.location) }
        for p in merged.priorPositions { add(p.security, p.location) }
        book.instruments = seen.values.map(\.0).sorted { $0.symbol < $1.symbol }
    }

    static func terms(_ i: BookInstrument) -> String {
        guard let o = i.option else { return i.assetClass }
        return "an option on \(o.underlying) \(o.right) \(number(o.strike)) expiring \(o.expiry) x\(number(o.multiplier))"
    }
}
