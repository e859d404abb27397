import TearsheetCore

/// Key of one sleeve's holding: account, strategy, symbol.
struct HoldingKey: Hashable {
    var account: Int32
    var strategy: Int32
    var symbol: Int32
}

/// Signed quantity per holding: a dense array indexed by (account, strategy, symbol) ids when
/// the id space is small (no hashing on the per-trade path), a dictionary otherwise.
struct HoldingQuantities {
    private let strategies: Int
    private let symbols: Int
    private var dense: [Double]
    private var sparse: [HoldingKey: Double] = [:]
    private let isDense: Bool

    init(accounts: Int, strategies: Int, symbols: Int) {
        self.strategies = strategies
        self.symbols = symbols
        let cells = accounts * strategies * symbols
        isDense = cells <= 1 << 22
        dense = isDense ? [Double](repeating: 0, count: cells) : []
    }

    @inline(__always) private func cell(_ k: HoldingKey) -> Int {
        (Int(k.account) * strategies + Int(k.strategy)) * symbols + Int(k.symbol)
    }

    subscript(key: HoldingKey) -> Double {
        get { isDense ? dense[cell(key)] : sparse[key] ?? 0 }
        set { if isDense { dense[cell(key)] = newValue } else { sparse[key] = newValue } }
    }
}

extension LedgerBuilder {
    /// Sorts trades by (day, line), or with `intradayByTimestamp` by (day, local time, line): the
    /// order valuation replays them in, so lots are matched by timestamp within a day even when the
    /// file is not time-sorted (rows with equal timestamps keep file order). A date without a time
    /// says nothing about the order within its day, so a day with any such row keeps file order.
    /// Synthetic rows (cash in lieu) carry a time before the day's first second, so they sort first.
    mutating func sortTrades() {
        let t = trades
        let n = t.count
        let timed = tradeTime.count == n && options.intradayByTimestamp
        // Days with a row without a time; a book of dates only (the common daily book) needs no set.
        var untimed = Set<Int32>(), untimedRows = 0, lastDay = Int32.min
        if timed {
            for i in 0..<n where tradeTime[i] == .min {
                untimedRows += 1
                if t.day[i].serial != lastDay { untimed.insert(t.day[i].serial); lastDay = t.day[i].serial }
            }
        }
        let allUntimed = !timed || untimedRows == n
        /// The time a row sorts by within its day: 0 on a day with any row without a time.
        func time(_ i: Int) -> Int64 {
            if allUntimed { return 0 }
            let v = tradeTime[i]
            return v == .min || (untimedRows > 0 && untimed.contains(t.day[i].serial)) ? 0 : v
        }
        // Checked in place (no copy of the times) before anything is sorted: most files are in order.
        var sorted = true
        for i in 1..<max(n, 1) where t.day[i] < t.day[i - 1] || (t.day[i] == t.day[i - 1] && !allUntimed && time(i) < time(i - 1)) {
            sorted = false; break
        }
        if sorted { return }
        let key = (0..<n).map(time)
        let order = (0..<n).sorted { (t.day[$0], key[$0], t.line[$0]) < (t.day[$1], key[$1], t.line[$1]) }
        var s = TradeTable()
        s.reserve(n)
        var st: [Int64] = []
        st.reserveCapacity(n)
        for i in order {
            s.day.append(t.day[i]); s.account.append(t.account[i])
            s.strategy.append(t.strategy[i]); s.symbol.append(t.symbol[i]); s.side.append(t.side[i])
            s.quantity.append(t.quantity[i]); s.price.append(t.price[i]); s.fees.append(t.fees[i])
            s.line.append(t.line[i]); st.append(tradeTime.count == n ? tradeTime[i] : 0)
        }
        s.sector = t.sector.gathering(order)
        s.tradeID = t.tradeID.gathering(order)
        trades = s
        tradeTime = st
    }

    /// Trading-day membership over the calendar's span, as a bitmap by day serial.
    struct CalendarSet {
        let first: Int32
        let last: Int32
        let bits: [Bool]

        init?(_ days: [Day]) {
            guard let f = days.first, let l = days.last else { return nil }
            first = f.serial
            last = l.serial
            var b = [Bool](repeating: false, count: Int(last - first) + 1)
            for d in days { b[Int(d.serial - first)] = true }
            bits = b
        }

        func contains(_ d: Day) -> Bool { d.serial >= first && d.serial <= last && bits[Int(d.serial - first)] }
        func reason(_ d: Day) -> String {
            if d.serial < first || d.serial > last {
                return "\(d) is outside the trading calendar (\(Day(serial: first)) to \(Day(serial: last)))"
            }
            return "\(d) is not a trading day (\(d.isWeekend ? "a weekend" : "a market holiday") in the primary benchmark's calendar)"
        }
    }

    /// Merges `list` into the findings of `file` in line order (used for checks that run after
    /// the file was read, such as duplicate trade ids).
    mutating func mergeInFileOrder(_ list: [Finding], file: String) {
        let old = findings
        let merged = (old.items + list).enumerated().sorted { x, y in
            let fx = x.element.file == file ? 0 : 1, fy = y.element.file == file ? 0 : 1
            if fx != fy { return x.offset < y.offset }
            if fx == 1 { return x.offset < y.offset }
            return (x.element.line, x.element.column, x.offset) < (y.element.line, y.element.column, y.offset)
        }
        var fresh = Findings(cap: old.cap)
        for f in merged { fresh.append(f.element) }
        if old.suppressed > 0 { fresh.appendSuppressed(old.suppressed, errors: old.suppressedErrorCount) }
        findings = fresh
    }

    /// Appends `list` in file order (line, then column): cross-file checks walk trades by day.
    mutating func appendInFileOrder(_ list: [Finding]) {
        for f in list.enumerated().sorted(by: { ($0.element.file, $0.element.line, $0.element.column, $0.offset) < ($1.element.file, $1.element.line, $1.element.column, $1.offset) }) {
            findings.append(f.element)
        }
    }

    /// Days that are not in the trading calendar. A cash flow or a corporate action dated on a
    /// weekend or holiday inside the calendar moves to the next trading day (statements date
    /// dividends and assignments on Saturdays), with a warning that says so, and so does an EXPIRE,
    /// ASSIGN or EXERCISE row of `trades.csv`; a trade on such a day is an error unless
    /// `rollNonTradingDays` moves it too. Any row outside the calendar's span is
    /// an error (corporate actions excepted: they restate the rows before them wherever they fall).
    mutating func checkCalendar() {
        guard let cal = CalendarSet(options.calendar) else { return }
        let calendar = options.calendar
        /// The first trading day after `d`, when `d` is a non-trading day inside the calendar.
        func next(_ d: Day) -> Day? {
            guard d.serial > cal.first && d.serial < cal.last else { return nil }
            var lo = 0, hi = calendar.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if calendar[mid] > d { hi = mid } else { lo = mid + 1 }
            }
            return calendar[lo]
        }
        let tf = displayName["trades"] ?? "trades.csv", tc = column("trades", "timestamp")
        var out: [Finding] = []
        for i in 0..<trades.count where !cal.contains(trades.day[i]) {
            // An EXPIRE, ASSIGN or EXERCISE row always moves (statements date them on Saturdays).
            let event = optionEvents[trades.line[i]]
            if options.rollNonTradingDays || event != nil, let to = next(trades.day[i]) {
                out.append(Finding(file: tf, line: Int(trades.line[i]), column: tc, severity: .info, code: "trade-rolled",
                                   message: "column 'timestamp': \(event?.name ?? "trade") \(trades.tradeID[i]) on \(trades.day[i]) (\(trades.day[i].isWeekend ? "a weekend" : "a market holiday")) is booked on the next trading day, \(to) (\(event == nil ? "roll_non_trading_days = true" : "an option event past its expiry is then booked on the expiry day"))"))
                trades.day[i] = to
                if tradeTime.count > i { tradeTime[i] = .min }
                continue
            }
            out.append(Finding(file: tf, line: Int(trades.line[i]), column: tc, severity: .error, code: "trade-non-trading-day",
                               message: "column 'timestamp': trade \(trades.tradeID[i]): \(cal.reason(trades.day[i])); expected a trading day (or set roll_non_trading_days = true to book it on the next one)"))
        }
        appendInFileOrder(out)
        let cf = displayName["cashflows"] ?? "cashflows.csv", cc = column("cashflows", "date")
        for i in 0..<cashFlows.count where !cal.contains(cashFlows.day[i]) {
            let d = cashFlows.day[i]
            if let to = next(d) {
                findings.append(Finding(file: cf, line: Int(cashFlows.line[i]), column: cc, severity: .info, code: "flow-rolled",
                                        message: "column 'date': \(cashFlows.type[i]) on \(d) (\(d.isWeekend ? "a weekend" : "a market holiday")) is booked on the next trading day, \(to)"))
                cashFlows.day[i] = to
                continue
            }
            findings.append(Finding(file: cf, line: Int(cashFlows.line[i]), column: cc, severity: .error, code: "flow-non-trading-day",
                                    message: "column 'date': cash flow: \(cal.reason(d)); expected a trading day"))
        }
        let af = displayName["corporate_actions"] ?? "corporate_actions.csv", ac = column("corporate_actions", "date")
        for k in actions.indices where !cal.contains(actions[k].day) {
            let d = actions[k].day
            guard let to = next(d) else { continue }
            findings.append(Finding(file: af, line: actions[k].line, column: ac, severity: .info, code: "action-rolled",
                                    message: "column 'date': \(actions[k].kind.rawValue) of \(actions[k].symbol) on \(d) (\(d.isWeekend ? "a weekend" : "a market holiday")) takes effect at the start of the next trading day, \(to)"))
            actions[k].day = to
        }
    }

    /// Replays trades in order, as brokers report them: a trade first closes lots on the other
    /// side and opens the rest on its own side, so a SELL larger than the long (a BUY larger than
    /// the short) flips the position in one row. SELL needs an open long and COVER an open short
    /// (a SELL of a position never bought is an error; SHORT opens a short). Also records, per
    /// symbol, the spans of days at whose close some sleeve held it (`heldSpans`).
    mutating func checkTradeSigns() {
        let tf = displayName["trades"] ?? "trades.csv", sc = column("trades", "side")
        let accounts = self.accounts.names, strategies = self.strategies.names, symbols = self.symbols.names
        var held = HoldingQuantities(accounts: accounts.count, strategies: strategies.count, symbols: symbols.count)
        let tol = options.quantityTolerance
        var openCount = [Int32](repeating: 0, count: symbols.count)
        var spanStart = [Day](repeating: Day(serial: 0), count: symbols.count)
        var spans: [Int32: [(Day, Day)]] = [:]
        var out: [Finding] = []
        defer { appendInFileOrder(out) }
        for i in 0..<trades.count {
            let key = HoldingKey(account: trades.account[i], strategy: trades.strategy[i], symbol: trades.symbol[i])
            let before = held[key]
            var pos = before
            let q = trades.quantity[i]
            var name: String { "\(accounts[Int(key.account)])/\(strategies[Int(key.strategy)])/\(symbols[Int(key.symbol)])" }
            var bad: (Int, String, String)?
            switch trades.side[i] {
            case .buy, .cover:
                if trades.side[i] == .cover && pos >= -tol {
                    bad = (sc, "cover-without-position", "column 'side': COVER of \(fmt(q)) but \(name) has no open short position; expected BUY to open a long")
                } else { pos += q }
            case .sell, .short:
                if trades.side[i] == .sell && pos <= tol {
                    bad = (sc, "sell-without-position", "column 'side': SELL of \(fmt(q)) but \(name) has no open long position; expected SHORT to open a short")
                } else { pos -= q }
            }
            if abs(pos) <= tol * max(1, q) { pos = 0 }
            if let (col, code, msg) = bad {
                out.append(Finding(file: tf, line: Int(trades.line[i]), column: col, severity: .error, code: code, message: msg))
            }
            held[key] = pos
            let y = Int(key.symbol)
            if before == 0 && pos != 0 {
                if openCount[y] == 0 { spanStart[y] = trades.day[i] }
                openCount[y] += 1
            } else if before != 0 && pos == 0 {
                openCount[y] -= 1
                if openCount[y] == 0 && spanStart[y] < trades.day[i] { spans[key.symbol, default: []].append((spanStart[y], trades.day[i])) }
            }
        }
        for y in openCount.indices where openCount[y] > 0 {
            spans[Int32(y), default: []].append((spanStart[y], Day(serial: Int32.max)))
        }
        heldSpans = spans
    }

    /// Every traded symbol needs closes, and no trade may come after its symbol's last close.
    mutating func checkPrices() {
        let tf = displayName["trades"] ?? "trades.csv", yc = column("trades", "symbol"), tc = column("trades", "timestamp")
        let symbols = self.symbols.names
        var reported = Set<Int32>()
        var out: [Finding] = []
        defer { appendInFileOrder(out) }
        // Last close per symbol id, looked up once per symbol (not per trade); nil: no closes.
        let lastClose: [Day?] = (0..<symbols.count).map { prices.series[Int32($0)]?.days.last }
        // The fill check walks each symbol's closes with a cursor (trades are sorted by day).
        var cursor = [Int](repeating: 0, count: symbols.count)
        let tolerance = options.fillTolerance, pc = column("trades", "price")
        var instruments = self.instruments
        let symbolTable = self.symbols
        // Closes per symbol id, looked up once (not a dictionary probe per trade); options are
        // left out of the fill check (their fills move far from the close within a day).
        let seriesOf: [DatedSeries?] = (0..<symbols.count).map { y in
            instruments.isOption(Int32(y), symbolTable) ? nil : prices.series[Int32(y)]
        }
        let lifecycle = lifecycleIDs
        for i in 0..<trades.count {
            let s = trades.symbol[i]
            // Booked by the options lifecycle: an underlying delivered at the strike is no fill,
            // and an option's close-out on its expiry day needs no close of the option.
            let isEvent = !lifecycle.isEmpty && lifecycle.contains(trades.tradeID[i])
            if isEvent && instruments.isOption(s, symbolTable) { continue }
            if let series = seriesOf[Int(s)], trades.price[i] > 0, !isEvent {
                var k = cursor[Int(s)]
                while k < series.count && series.days[k] < trades.day[i] { k += 1 }
                cursor[Int(s)] = k
                if k < series.count && series.days[k] == trades.day[i] {
                    let close = series.values[k], move = trades.price[i] / close - 1
                    if abs(move) > tolerance && !trades.tradeID[i].hasPrefix(LedgerBuilder.cashInLieuPrefix) {
                        out.append(Finding(file: tf, line: Int(trades.line[i]), column: pc, severity: .warning, code: "fill-far-from-close",
                                           message: "column 'price': fill \(fmt(trades.price[i])) of \(symbols[Int(s)]) is \(fmt((move * 1000).rounded() / 10))% from the close of \(trades.day[i]) (\(fmt(close))); check the price, the symbol and for a missing SPLIT row (the limit is fill_tolerance = \(fmt(tolerance)))"))
                    }
                }
            }
            guard let last = lastClose[Int(s)] else {
                if reported.insert(s).inserted {
                    out.append(Finding(file: tf, line: Int(trades.line[i]), column: yc, severity: .error, code: "missing-price",
                                            message: "column 'symbol': \(symbols[Int(s)]) is traded but has no closing prices; expected it in the prices input"))
                }
                continue
            }
            if trades.day[i] > last {
                out.append(Finding(file: tf, line: Int(trades.line[i]), column: tc, severity: .error, code: "trade-after-last-price",
                                        message: "column 'timestamp': trade on \(trades.day[i]) is after the last close of \(symbols[Int(s)]) (\(last)); expected prices through the trade day"))
            }
        }
    }

    /// Each snapshot day's positions must equal the cumulative trades through that day, per
    /// account/strategy/symbol, within the quantity tolerance (1e-9 by default).
    mutating func checkPositionsAgainstTrades() {
        guard let pos = positions, pos.count > 0 else { return }
        let pf = displayName["positions"] ?? "positions.csv", qc = column("positions", "quantity")
        let accounts = self.accounts.names, strategies = self.strategies.names, symbols = self.symbols.names
        let order = (0..<pos.count).sorted { (pos.day[$0], pos.line[$0]) < (pos.day[$1], pos.line[$1]) }
        var held: [HoldingKey: Double] = [:]
        var t = 0
        var k = 0
        let tol = options.quantityTolerance
        while k < order.count {
            let day = pos.day[order[k]]
            while t < trades.count && trades.day[t] <= day {
                let key = HoldingKey(account: trades.account[t], strategy: trades.strategy[t], symbol: trades.symbol[t])
                held[key, default: 0] += trades.side[t].sign * trades.quantity[t]
                t += 1
            }
            var seen = Set<HoldingKey>()
            let firstLine = Int(pos.line[order[k]])
            while k < order.count && pos.day[order[k]] == day {
                let i = order[k]
                let key = HoldingKey(account: pos.account[i], strategy: pos.strategy[i], symbol: pos.symbol[i])
                if !seen.insert(key).inserted {
                    findings.append(Finding(file: pf, line: Int(pos.line[i]), column: 0, severity: .error, code: "duplicate-position",
                                            message: "\(accounts[Int(key.account)])/\(strategies[Int(key.strategy)])/\(symbols[Int(key.symbol)]) appears twice on \(day); expected one row per account, strategy and symbol and day"))
                } else {
                    let expected = held[key] ?? 0
                    if abs(pos.quantity[i] - expected) > tol * max(1, abs(expected)) {
                        findings.append(Finding(file: pf, line: Int(pos.line[i]), column: qc, severity: .error, code: "position-mismatch",
                                                message: "column 'quantity': \(fmt(pos.quantity[i])) for \(accounts[Int(key.account)])/\(strategies[Int(key.strategy)])/\(symbols[Int(key.symbol)]) on \(day) disagrees with the trades, which give \(fmt(expected))"))
                    }
                }
                k += 1
            }
            for key in held.keys.sorted(by: { ($0.account, $0.strategy, $0.symbol) < ($1.account, $1.strategy, $1.symbol) })
                where !seen.contains(key) && abs(held[key]!) > tol {
                findings.append(Finding(file: pf, line: firstLine, column: qc, severity: .error, code: "position-missing",
                                        message: "column 'quantity': no row for \(accounts[Int(key.account)])/\(strategies[Int(key.strategy)])/\(symbols[Int(key.symbol)]) on \(day), but the trades give \(fmt(held[key]!))"))
            }
        }
    }
}
