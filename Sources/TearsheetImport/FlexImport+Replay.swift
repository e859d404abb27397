import TearsheetCore

extension FlexMapper {
    /// The strategy of a trade of `security`: its rule (symbol, else underlying), else the default.
    func strategy(_ security: FlexSecurity) -> String {
        options.config.rule(symbol: security.symbol, underlying: security.option?.underlying) ?? options.config.defaultStrategy
    }

    /// The one chronological pass. Per day: corporate actions (at the start of the ex-date),
    /// trades and option events in time order, cash flows, then the report-date checks. Each
    /// trade gets its side from the position it meets (a sale of nothing held opens a short:
    /// SHORT; a purchase against a short: COVER), and each report date compares the positions and
    /// cash the rows give with what the statement states.
    mutating func replay(trades: [PendingTrade], flows: [BookFlow], actions: [PendingAction], merged: MergedStatements) {
        var pos: [String: Double] = [:]            // account|strategy|symbol -> quantity
        var keysOf: [String: Set<String>] = [:]    // symbol -> keys holding it (non-zero)
        var cash: [String: Double] = [:]
        var touched = Set<String>()
        let eps = 1e-9

        func key(_ a: String, _ s: String, _ y: String) -> String { a + "\u{1}" + s + "\u{1}" + y }
        func parts(_ k: String) -> [String] { k.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init) }
        func set(_ k: String, _ symbol: String, _ q: Double) {
            let v = abs(q) <= eps ? 0 : q
            pos[k] = v == 0 ? nil : v
            if v == 0 { keysOf[symbol]?.remove(k) } else { keysOf[symbol, default: []].insert(k) }
            touched.insert(symbol)
        }

        // Report dates: per account, the days with positions or cash stated.
        var openByDay: [String: [FlexOpenPosition]] = [:]
        for p in merged.openPositions { openByDay["\(p.account)|\(p.day)", default: []].append(p) }
        var positionDays = Set(openByDay.keys)
        for st in book.statements where st.sections.contains(where: { $0.name == "OpenPositions" }) {
            if let to = st.to { positionDays.insert("\(st.account)|\(to)") }
        }
        var cashByDay: [String: FlexCashReport] = [:]
        for r in baseCashReports(merged.cashReport) { if let to = r.to { cashByDay["\(r.account)|\(to)"] = r } }
        var checks: [Day: Set<String>] = [:]   // day -> accounts
        for k in positionDays.union(cashByDay.keys) {
            let p = k.split(separator: "|", maxSplits: 1)
            if let d = Day(iso: p[1]) { checks[d, default: []].insert(String(p[0])) }
        }

        let days = Set(trades.map(\.time.day)).union(flows.map(\.day)).union(actions.map(\.action.day)).union(checks.keys)
        if days.isEmpty { return }
        lastDay = days.max()
        let sortedFlows = flows.sorted { $0.day < $1.day }
        var ti = 0, fi = 0, ai = 0
        book.trades.reserveCapacity(trades.count)
        // With unsupported rows skipped, the statement's own figures are expected to differ: warnings.
        let soft = !book.unsupported.isEmpty
        for day in days.sorted() {
            touched.removeAll(keepingCapacity: true)
            // 1. Corporate actions at the start of the ex-date.
            while ai < actions.count && actions[ai].action.day <= day {
                let pa = actions[ai]; ai += 1
                let a = pa.action
                let holders = keysOf[a.symbol] ?? []
                var before: [String: Double] = [:]
                for k in holders { before[parts(k)[0], default: 0] += pos[k] ?? 0 }
                if a.type == "SPLIT", let r = a.ratio {
                    for k in holders { set(k, a.symbol, (pos[k] ?? 0) * r) }
                    for (account, added) in pa.added {
                        let expected = (before[account] ?? 0) * (r - 1)
                        if abs(added - expected) > 1e-6 * max(1, abs(expected)) {
                            error(pa.locations[account] ?? a.source, "flex-split-quantity",
                                  "the split of \(a.symbol) on \(a.day) adds \(Self.number(added)) shares to \(account), but the imported rows hold \(Self.number(before[account] ?? 0)) before it, which a ratio of \(Self.number(r)) turns into \(Self.number(expected)) more; a trade is missing before the split, or the ratio in the description is not the split's")
                        }
                    }
                } else if a.type == "SYMBOL_CHANGE", let new = a.newSymbol {
                    for k in holders {
                        let p = parts(k)
                        let q = pos[k] ?? 0
                        set(k, a.symbol, 0)
                        let nk = key(p[0], p[1], new)
                        set(nk, new, (pos[nk] ?? 0) + q)
                    }
                }
            }
            // 2. Trades and option events, in time order.
            while ti < trades.count && trades[ti].time.day == day {
                let p = trades[ti]; ti += 1
                let sec = p.security
                let strat = strategy(sec)
                let k = key(p.account, strat, sec.symbol)
                var q = pos[k] ?? 0
                let mult = sec.option?.multiplier ?? sec.multiplier
                var c = cash[p.account] ?? 0
                let side: String
                var row: String { "\(p.account) \(p.time.iso) \(p.kind == .trade ? (p.buy ? "BUY" : "SELL") : p.kind.rawValue) \(Self.number(p.quantity)) \(sec.symbol)" }
                switch p.kind {
                case .trade:
                    let closes = p.openClose.utf8.contains(67)   // "C" or "C;O"
                    if p.buy {
                        if closes && q >= 0 {
                            error(p.location, "flex-close-without-open", "\(row) closes a short position (openCloseIndicator \(p.openClose)) but the imported rows hold \(Self.number(q)) in \(p.account)/\(strat); the position was opened before the first statement: import the statements from when it was opened")
                        }
                        side = q < -eps ? "COVER" : "BUY"
                        q += p.quantity
                        c -= p.quantity * mult * p.price
                    } else {
                        if closes && q <= 0 {
                            error(p.location, "flex-close-without-open", "\(row) closes a long position (openCloseIndicator \(p.openClose)) but the imported rows hold \(Self.number(q)) in \(p.account)/\(strat); the position was opened before the first statement: import the statements from when it was opened")
                        }
                        side = q > eps ? "SELL" : "SHORT"
                        q -= p.quantity
                        c += p.quantity * mult * p.price
                    }
                    set(k, sec.symbol, q)
                case .expire, .assign, .exercise:
                    side = p.kind.rawValue
                    let needLong = p.kind == .exercise, needShort = p.kind == .assign
                    if q == 0 || (needLong && q < 0) || (needShort && q > 0) || p.quantity > abs(q) + eps {
                        error(p.location, "flex-event-without-position", "\(row): the imported rows hold \(Self.number(q)) contracts in \(p.account)/\(strat); expected \(needShort ? "a short" : needLong ? "a long" : "an open") position of at least \(Self.number(p.quantity)) (import the statement in which it was opened)")
                    }
                    q += q > 0 ? -p.quantity : p.quantity
                    set(k, sec.symbol, q)
                    if p.kind != .expire, let o = sec.option {
                        let units = p.quantity * o.multiplier
                        let buys = (p.kind == .assign) == (o.right == "P")
                        let uk = key(p.account, strat, o.underlying)
                        set(uk, o.underlying, (pos[uk] ?? 0) + (buys ? units : -units))
                        c += buys ? -units * o.strike : units * o.strike
                    }
                }
                c -= p.fees
                cash[p.account] = c
                book.trades.append(BookTrade(id: p.id, time: p.time, account: p.account, strategy: strat, symbol: sec.symbol, side: side,
                                             quantity: p.quantity, price: p.kind == .trade ? p.price : nil, fees: p.fees,
                                             currency: book.baseCurrency, source: p.location))
                mapped(p.from, side)
            }
            // 3. Cash flows of the day.
            while fi < sortedFlows.count && sortedFlows[fi].day <= day {
                let f = sortedFlows[fi]; fi += 1
                cash[f.account, default: 0] += f.amount
                book.flows.append(f)
            }
            // 4. What each account held at the close, where the statement says what it held.
            for account in (checks[day] ?? []).sorted() {
                let id = "\(account)|\(day)"
                var mine: [String: Double] = [:]
                for (k, q) in pos {
                    let p = parts(k)
                    guard p[0] == account else { continue }
                    mine[p[2], default: 0] += q
                    snapshotStrategies["\(account)|\(day)|\(p[2])", default: []].append(p[1])
                }
                let stated = openByDay[id] ?? []
                if positionDays.contains(id) {
                    var theirs: [String: (Double, FlexLocation)] = [:]
                    for s in stated { theirs[s.security.symbol] = ((theirs[s.security.symbol]?.0 ?? 0) + s.quantity, s.location) }
                    let at = stated.first?.location ?? cashByDay[id]?.location ?? book.statements.first.map { FlexLocation(file: $0.file, line: 0) }
                        ?? FlexLocation(file: "", line: 0)
                    for symbol in Set(mine.keys).union(theirs.keys).sorted() {
                        let m = mine[symbol] ?? 0, t = theirs[symbol]?.0 ?? 0
                        if abs(m - t) > 1e-9 * max(1, abs(t)) {
                            problem(soft, theirs[symbol]?.1 ?? at, "flex-position-mismatch",
                              "OpenPositions of \(account) on \(day) states \(Self.number(t)) \(symbol); the imported rows hold \(Self.number(m)): a row is missing, skipped or outside the statements' periods")
                        }
                    }
                }
                if let r = cashByDay[id] {
                    let mineCash = cash[account] ?? 0
                    let tolerance = 0.01 + 1e-9 * abs(r.endingCash)
                    if abs(mineCash - r.endingCash) > tolerance {
                        problem(soft, r.location, "flex-cash-mismatch",
                          "CashReport endingCash of \(account) on \(day) is \(Self.number(r.endingCash)); the imported rows give \(Self.number(mineCash)) (off by \(Self.number(mineCash - r.endingCash))): a cash row is missing, skipped or mapped otherwise")
                    }
                    if positionDays.contains(id) {
                        book.figures.append(StatementFigure(account: account, day: day, positionsValue: stated.reduce(0) { $0 + $1.positionValue },
                                                            endingCash: r.endingCash, importedCash: mineCash, source: r.location))
                    }
                }
            }
            // 5. Whether each symbol that moved today is held at the close.
            for s in touched {
                let h = !(keysOf[s]?.isEmpty ?? true)
                if var list = held[s], let last = list.last, last.day == day { list[list.count - 1].held = h; held[s] = list }
                else { held[s, default: []].append((day, h)) }
            }
        }
    }
}
