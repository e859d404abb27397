import TearsheetCore

/// A row of `trades.csv` that is an event of an option's life rather than a trade.
enum OptionEvent: Sendable {
    /// The contracts expire worthless: closed at 0.
    case expire
    /// A short option is assigned: closed at 0, the underlying delivered at the strike.
    case assign
    /// A long option is exercised: closed at 0, the underlying delivered at the strike.
    case exercise

    var name: String {
        switch self {
        case .expire: return "EXPIRE"
        case .assign: return "ASSIGN"
        case .exercise: return "EXERCISE"
        }
    }
}

/// The options lifecycle is applied by rewriting the ledger into ordinary trades before the
/// sign, price and position checks, so valuation never sees an event (docs/valuation.md,
/// "The options lifecycle"):
///
/// - `EXPIRE` closes the contracts at 0 (SELL of a long, COVER of a short), on or after expiry.
/// - `ASSIGN` (a short option) and `EXERCISE` (a long option) close the contracts at 0 and book
///   the underlying at the strike, quantity contracts x multiplier, in the same account and
///   sleeve: BUY for an assigned put or an exercised call, SELL for an assigned call or an
///   exercised put (SHORT when the sleeve holds no long). The premium therefore stays in the
///   option's round trip, and the underlying's lot opens (or closes) at the strike.
/// - A lifecycle row dated after the expiry (statements date assignments on the Saturday) is
///   booked at the end of the expiry day, with a warning.
/// - Contracts still open at the end of their expiry day expire by themselves: with `S` the
///   underlying's close that day and `K` the strike, intrinsic value is `max(S - K, 0)` for a call
///   and `max(K - S, 0)` for a put. At 0 (out of or at the money) the contracts close at 0;
///   above 0 they close at the intrinsic value and the underlying is delivered at `S` by the
///   rule above (the same cash as delivery at the strike: `K = S -/+ intrinsic`). Each is a
///   warning marked informational, at the option's row of `instruments.csv`. So an option is
///   never held past its expiry day's close and needs no mark of its own that day.
/// - An expiry after the underlying's last close is left open (the book ends before it).
extension LedgerBuilder {
    static let expiryPrefix = "expiry:"

    /// The trading day an option expiring on `expiry` is settled on: the last close of the
    /// underlying on or before `expiry`, when the underlying has closes through `expiry`.
    private func settlement(_ underlying: DatedSeries?, _ expiry: Day) -> (day: Day, close: Double)? {
        guard let s = underlying, let last = s.days.last, last >= expiry else { return nil }
        var lo = 0, hi = s.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if s.days[mid] <= expiry { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        return (s.days[lo - 1], s.values[lo - 1])
    }

    mutating func applyOptionEvents() {
        let names = symbols.names
        // Options of the book by symbol id, with their underlying's id and settlement.
        struct Terms {
            var inst: Instrument
            var underlying: Int32
            var settle: (day: Day, close: Double)?
        }
        var terms: [Int32: Terms] = [:]
        for (k, name) in names.enumerated() {
            guard let inst = instruments.byName[name], inst.assetClass == .option,
                  let u = inst.underlying, let e = inst.expiry else { continue }
            var bytes = Array(u.utf8)
            let uid = bytes.withUnsafeMutableBufferPointer { symbols.intern(UnsafeBufferPointer($0)).id }
            terms[Int32(k)] = Terms(inst: inst, underlying: uid, settle: settlement(prices.series[uid], e))
        }
        guard !terms.isEmpty else { return }
        let tf = displayName["trades"] ?? "trades.csv", tc = column("trades", "timestamp")
        let sc = column("trades", "side"), qc = column("trades", "quantity")
        let inf = displayName["instruments"] ?? "instruments.csv", ec = column("instruments", "expiry")
        var out: [Finding] = []
        // Lifecycle rows dated after the expiry move to the settlement day (then re-sorted).
        var moved = false
        for i in 0..<trades.count {
            guard let e = optionEvents[trades.line[i]], trades.line[i] > 0, let t = terms[trades.symbol[i]],
                  let expiry = t.inst.expiry, trades.day[i] > expiry else { continue }
            guard let s = t.settle else { continue }
            out.append(Finding(file: tf, line: Int(trades.line[i]), column: tc, severity: .info, code: "event-after-expiry",
                               message: "column 'timestamp': \(e.name) of \(names[Int(trades.symbol[i])]) on \(trades.day[i]) is after its expiry (\(expiry)); booked at the close of \(s.day)"))
            trades.day[i] = s.day
            if tradeTime.count > i { tradeTime[i] = .max }
            moved = true
        }
        if moved { sortTrades() }

        // Replay in order, rewriting events and inserting expiries as the days pass.
        var held: [HoldingKey: Double] = [:]
        var heldKeys: [Int32: [HoldingKey]] = [:]
        let tol = options.quantityTolerance
        let src = trades, srcTime = tradeTime
        var dst = TradeTable()
        dst.reserve(src.count)
        var dstTime: [Int64] = []
        dstTime.reserveCapacity(src.count)
        var ids = lifecycleIDs
        func emit(_ id: String, _ day: Day, _ key: HoldingKey, _ side: Side, _ q: Double, _ px: Double, _ fee: Double,
                  _ line: Int32, _ sector: String, _ time: Int64) {
            dst.tradeID.append(id); dst.day.append(day); dst.account.append(key.account); dst.strategy.append(key.strategy)
            dst.symbol.append(key.symbol); dst.side.append(side); dst.quantity.append(q); dst.price.append(px)
            dst.fees.append(fee); dst.line.append(line); dst.sector.append(sector); dstTime.append(time)
            let before = held[key] ?? 0
            let after = before + side.sign * q
            held[key] = abs(after) <= tol * max(1, q) ? 0 : after
            if before == 0 && terms[key.symbol] != nil { heldKeys[key.symbol, default: []].append(key) }
        }
        /// Side of a delivery of `q` units of the underlying in sleeve `key`: buying closes a
        /// short or opens a long; selling closes a long, and SHORT opens a short.
        func delivery(_ key: HoldingKey, buys: Bool) -> Side {
            if buys { return .buy }
            return (held[key] ?? 0) > tol ? .sell : .short
        }
        func underlyingBuys(_ right: OptionRight, long: Bool) -> Bool {
            // Long call or short put: receive the underlying. Long put or short call: deliver it.
            (right == .call) == long
        }
        // Settlements in day order, fired before the first row of a later day.
        let pending = terms.filter { $0.value.settle != nil }.sorted { ($0.value.settle!.day, $0.key) < ($1.value.settle!.day, $1.key) }
        var next = 0
        func settle(before day: Day?) {
            while next < pending.count, day == nil || pending[next].value.settle!.day < day! {
                let (opt, t) = pending[next]
                next += 1
                let s = t.settle!
                guard let k = t.inst.strike, let right = t.inst.right else { continue }
                let intrinsic = right == .call ? max(s.close - k, 0) : max(k - s.close, 0)
                for key in heldKeys[opt] ?? [] {
                    let pos = held[key] ?? 0
                    guard pos != 0 else { continue }
                    let long = pos > 0
                    let sleeve = "\(accounts.names[Int(key.account)])/\(strategies.names[Int(key.strategy)])"
                    let id = "\(LedgerBuilder.expiryPrefix)\(names[Int(opt)]):\(sleeve)"
                    ids.insert(id)
                    tradeEvents[id] = intrinsic == 0 ? .expiredAtExpiry : long ? .exercisedAtExpiry : .assignedAtExpiry
                    emit(id, s.day, key, long ? .sell : .cover, abs(pos), intrinsic, 0, 0, "", .max)
                    let contracts = fmt(abs(pos) / t.inst.multiplier)
                    let line = instruments.lines[names[Int(opt)]] ?? 0
                    if intrinsic > 0 {
                        let uk = HoldingKey(account: key.account, strategy: key.strategy, symbol: t.underlying)
                        let uid = id + ":underlying"
                        ids.insert(uid)
                        tradeEvents[uid] = .delivery
                        emit(uid, s.day, uk, delivery(uk, buys: underlyingBuys(right, long: long)), abs(pos), s.close, 0, 0, "", .max)
                        out.append(Finding(file: inf, line: line, column: ec, severity: .info, code: "option-auto-exercised",
                                           message: "column 'expiry': \(contracts) \(long ? "long" : "short") contracts of \(names[Int(opt)]) in \(sleeve) are open at the close of \(s.day) and \(fmt(intrinsic)) in the money (\(names[Int(t.underlying)]) closed at \(fmt(s.close)), strike \(fmt(k))): closed at intrinsic value and \(long ? "exercised" : "assigned") at that close (write an ASSIGN, EXERCISE or closing trade to book it otherwise)"))
                    } else {
                        out.append(Finding(file: inf, line: line, column: ec, severity: .info, code: "option-auto-expired",
                                           message: "column 'expiry': \(contracts) \(long ? "long" : "short") contracts of \(names[Int(opt)]) in \(sleeve) are open at the close of \(s.day) and out of the money (\(names[Int(t.underlying)]) closed at \(fmt(s.close)), strike \(fmt(k))): expired worthless"))
                    }
                }
            }
        }
        for i in 0..<src.count {
            settle(before: src.day[i])
            let key = HoldingKey(account: src.account[i], strategy: src.strategy[i], symbol: src.symbol[i])
            let time = i < srcTime.count ? srcTime[i] : 0
            guard src.line[i] > 0, let e = optionEvents[src.line[i]], let t = terms[key.symbol] else {
                if let t = terms[key.symbol], let s = t.settle, src.day[i] > s.day, src.line[i] > 0 {
                    out.append(Finding(file: tf, line: Int(src.line[i]), column: tc, severity: .error, code: "trade-after-expiry",
                                       message: "column 'timestamp': \(names[Int(key.symbol)]) expired on \(t.inst.expiry.map { "\($0)" } ?? "?") (settled at the close of \(s.day)), but this trade is dated \(src.day[i]); expected a date on or before the expiry (or check the symbol's expiry in instruments.csv)"))
                    continue
                }
                emit(src.tradeID[i], src.day[i], key, src.side[i], src.quantity[i], src.price[i], src.fees[i], src.line[i], src.sector[i], time)
                continue
            }
            let name = "\(accounts.names[Int(key.account)])/\(strategies.names[Int(key.strategy)])/\(names[Int(key.symbol)])"
            let pos = held[key] ?? 0, q = src.quantity[i], contracts = fmt(q / t.inst.multiplier)
            func bad(_ col: Int, _ code: String, _ msg: String) {
                out.append(Finding(file: tf, line: Int(src.line[i]), column: col, severity: .error, code: code, message: msg))
            }
            if pos == 0 {
                bad(sc, "event-without-position", "column 'side': \(e.name) of \(contracts) contracts but \(name) holds no open position on \(src.day[i]); expected the option to be open (check the account, strategy, symbol and date)")
                continue
            }
            if q > abs(pos) * (1 + 1e-9) + tol {
                bad(qc, "event-exceeds-position", "column 'quantity': \(e.name) of \(contracts) contracts but \(name) holds \(fmt(abs(pos) / t.inst.multiplier)); expected at most the open contracts")
                continue
            }
            if e == .assign && pos > 0 {
                bad(sc, "assign-long-option", "column 'side': ASSIGN applies to a short option, but \(name) is long; expected EXERCISE for a long option")
                continue
            }
            if e == .exercise && pos < 0 {
                bad(sc, "exercise-short-option", "column 'side': EXERCISE applies to a long option, but \(name) is short; expected ASSIGN for a short option")
                continue
            }
            if e == .expire, let expiry = t.inst.expiry, src.day[i] < expiry {
                bad(tc, "expire-before-expiry", "column 'timestamp': EXPIRE of \(names[Int(key.symbol)]) on \(src.day[i]) is before its expiry (\(expiry)); expected the expiry date (to close earlier, write a SELL or COVER at its price)")
                continue
            }
            let long = pos > 0
            ids.insert(src.tradeID[i])
            tradeEvents[src.tradeID[i]] = e == .expire ? .expire : e == .assign ? .assign : .exercise
            emit(src.tradeID[i], src.day[i], key, long ? .sell : .cover, q, 0, src.fees[i], src.line[i], src.sector[i], time)
            if e != .expire, let k = t.inst.strike, let right = t.inst.right {
                let uk = HoldingKey(account: key.account, strategy: key.strategy, symbol: t.underlying)
                let uid = src.tradeID[i] + ":underlying"
                ids.insert(uid)
                tradeEvents[uid] = .delivery
                emit(uid, src.day[i], uk, delivery(uk, buys: underlyingBuys(right, long: long)), q, k, 0, src.line[i], src.sector[i], time)
            }
        }
        settle(before: nil)
        trades = dst
        tradeTime = dstTime
        lifecycleIDs = ids
        appendInFileOrder(out)
    }
}
