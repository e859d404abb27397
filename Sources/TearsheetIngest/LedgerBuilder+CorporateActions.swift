import TearsheetCore

/// Corporate actions are applied by restating the ledger before valuation, so the daily loop
/// never sees them (docs/valuation.md, "Corporate actions"):
///
/// - `SYMBOL_CHANGE` old -> new on day D: trades and snapshots of `old` dated before D are
///   renamed `new` (one position, one lot history, under the current name), and `new`'s closes
///   before D are `old`'s. A row of `old` dated on or after D is an error.
/// - `SPLIT` of ratio R on ex-date D: every trade and snapshot dated before D has its quantity
///   multiplied by R and its price divided by R, and every close before D is divided by R; splits
///   compose by product. The money of every row (quantity x price) is unchanged, a lot keeps its
///   identity, open day and cost, and a round trip across D is one trip with its true P&L.
/// - Cash in lieu: when a split leaves a sleeve a fraction of a share and the row gives `cash`
///   (per new share), the fraction is sold at that price at the start of D (a trade with id
///   `cash-in-lieu:SYMBOL:D`, fees 0).
extension LedgerBuilder {
    static let cashInLieuPrefix = "cash-in-lieu:"

    mutating func applyCorporateActions() {
        guard !actions.isEmpty else { return }
        actions.sort { ($0.day, $0.line) < ($1.day, $1.line) }
        let af = displayName["corporate_actions"] ?? "corporate_actions.csv"
        func id(_ name: String) -> Int32 {
            var u = Array(name.utf8)
            return u.withUnsafeMutableBufferPointer { symbols.intern(UnsafeBufferPointer($0)).id }
        }
        // Symbol changes, in date order: each (old id) -> [(day, new id)].
        var changes: [Int32: [(Day, Int32)]] = [:]
        for a in actions where a.kind == .symbolChange {
            guard let n = a.newSymbol else { continue }
            changes[id(a.symbol), default: []].append((a.day, id(n)))
        }
        /// The symbol a row of `y` dated `d` is known by today: follows every change after `d`.
        func current(_ y: Int32, _ d: Day) -> Int32 {
            var y = y
            var hops = 0
            while let list = changes[y], let hop = list.first(where: { $0.0 > d }), hops < 64 { y = hop.1; hops += 1 }
            return y
        }
        /// The change day after which `y` no longer trades, if any.
        func retired(_ y: Int32) -> (Day, Int32)? { changes[y]?.first }
        let names = symbols.names
        if !changes.isEmpty {
            let tf = displayName["trades"] ?? "trades.csv", yc = column("trades", "symbol")
            var out: [Finding] = []
            for i in 0..<trades.count where changes[trades.symbol[i]] != nil {
                let y = trades.symbol[i], d = trades.day[i]
                if let (day, to) = retired(y), d >= day {
                    out.append(Finding(file: tf, line: Int(trades.line[i]), column: yc, severity: .error, code: "symbol-changed",
                                       message: "column 'symbol': \(names[Int(y)]) trades as \(names[Int(to)]) from \(day) (\(af) line \(actions.first { $0.kind == .symbolChange && $0.symbol == names[Int(y)] }?.line ?? 0)); write \(names[Int(to)])"))
                    continue
                }
                trades.symbol[i] = current(y, d)
            }
            appendInFileOrder(out)
            if var ps = positions {
                let pf = displayName["positions"] ?? "positions.csv", pc = column("positions", "symbol")
                for i in 0..<ps.count where changes[ps.symbol[i]] != nil {
                    let y = ps.symbol[i], d = ps.day[i]
                    if let (day, to) = retired(y), d >= day {
                        findings.append(Finding(file: pf, line: Int(ps.line[i]), column: pc, severity: .error, code: "symbol-changed",
                                                message: "column 'symbol': \(names[Int(y)]) is \(names[Int(to)]) from \(day); write \(names[Int(to)])"))
                        continue
                    }
                    ps.symbol[i] = current(y, d)
                }
                positions = ps
            }
            // Closes: the new symbol's series takes the old one's closes before the change day.
            for a in actions where a.kind == .symbolChange {
                guard let n = a.newSymbol else { continue }
                let old = id(a.symbol), new = id(n)
                let before = (prices.series[old] ?? DatedSeries()).slice(Day(serial: Int32.min)...Day(serial: a.day.serial - 1))
                guard !before.isEmpty else { continue }
                let after = (prices.series[new] ?? DatedSeries()).slice(a.day...Day(serial: Int32.max))
                prices.series[new] = DatedSeries(days: before.days + after.days, values: before.values + after.values)
                let oldLines = priceSource[old]?.lines ?? [], newSource = priceSource[new]
                let oldFile = priceSource[old]?.file ?? ""
                // Lines of the merged series: only used to point at a close; keep the old file's when it is the one read.
                if newSource == nil { priceSource[new] = (oldFile, Array(oldLines.prefix(before.count))) }
                else { priceSource[new] = nil }
            }
        }
        // Splits per current symbol, by ex-date.
        var splits: [Int32: [(day: Day, ratio: Double)]] = [:]
        for a in actions where a.kind == .split {
            splits[current(id(a.symbol), a.day), default: []].append((a.day, a.ratio))
        }
        guard !splits.isEmpty else { return }
        adjustOptionsOnSplitUnderlyings(&splits, current: current)
        /// Product of the ratios of `y`'s splits after `d` (1 when none).
        func factor(_ list: [(day: Day, ratio: Double)], _ d: Day) -> Double {
            var f = 1.0
            for s in list where s.day > d { f *= s.ratio }
            return f
        }
        var splitOf = [Int32](repeating: -1, count: symbols.count)
        let splitLists = Array(splits.keys.sorted())
        for (k, y) in splitLists.enumerated() { splitOf[Int(y)] = Int32(k) }
        let lists = splitLists.map { splits[$0]! }
        for i in 0..<trades.count where Int(trades.symbol[i]) < splitOf.count && splitOf[Int(trades.symbol[i])] >= 0 {
            let f = factor(lists[Int(splitOf[Int(trades.symbol[i])])], trades.day[i])
            if f != 1 { trades.quantity[i] *= f; trades.price[i] /= f }
        }
        if var ps = positions {
            for i in 0..<ps.count where Int(ps.symbol[i]) < splitOf.count && splitOf[Int(ps.symbol[i])] >= 0 {
                let f = factor(lists[Int(splitOf[Int(ps.symbol[i])])], ps.day[i])
                if f != 1 { ps.quantity[i] *= f; ps.price[i] /= f }
            }
            positions = ps
        }
        for (k, y) in splitLists.enumerated() {
            guard var s = prices.series[y] else { continue }
            for j in s.days.indices {
                let f = factor(lists[k], s.days[j])
                if f != 1 { s.values[j] /= f }
            }
            prices.series[y] = s
        }
        var targets: [(CorporateAction, Int32)] = []
        for a in actions where a.kind == .split && a.cash != nil { targets.append((a, current(id(a.symbol), a.day))) }
        addCashInLieu(targets)
    }

    /// An option whose underlying splits while the option is listed is adjusted as the OCC adjusts
    /// it, in units: every row of the option dated before the ex-date has its quantity (contracts
    /// x multiplier) multiplied by the ratio and its price divided by it, its marks likewise, and
    /// its strike is divided by it, so premium money and delivery money (units x strike) are
    /// unchanged and an assignment after the ex-date delivers the post-split shares at the adjusted
    /// strike. A split counts for an option when its ex-date is after the option's first row
    /// (trade or snapshot) and on or before its expiry: `instruments.csv` gives the terms as listed
    /// when the option was first held. Adds the option's splits to `splits` and restates its strike.
    private mutating func adjustOptionsOnSplitUnderlyings(_ splits: inout [Int32: [(day: Day, ratio: Double)]],
                                                          current: (Int32, Day) -> Int32) {
        var firstDay: [Int32: Day] = [:]
        for i in 0..<trades.count { let y = trades.symbol[i]; firstDay[y] = min(firstDay[y] ?? trades.day[i], trades.day[i]) }
        if let ps = positions {
            for i in 0..<ps.count { let y = ps.symbol[i]; firstDay[y] = min(firstDay[y] ?? ps.day[i], ps.day[i]) }
        }
        var idOf: [String: Int32] = [:]
        for (k, n) in symbols.names.enumerated() { idOf[n] = Int32(k) }
        for (name, inst) in instruments.byName.sorted(by: { $0.key < $1.key }) {
            guard inst.assetClass == .option, let u = inst.underlying, let expiry = inst.expiry,
                  let optionID = idOf[name], let first = firstDay[optionID] else { continue }
            guard let underlyingID = idOf[u], let list = splits[current(underlyingID, first)] else { continue }
            let relevant = list.filter { $0.day > first && $0.day <= expiry }
            guard !relevant.isEmpty else { continue }
            splits[optionID, default: []].append(contentsOf: relevant)
            var adjusted = inst
            if let k = inst.strike { adjusted.strike = k / relevant.reduce(1.0) { $0 * $1.ratio } }
            instruments.byName[name] = adjusted
        }
    }

    /// Sells the fraction of a share each sleeve holds after a split whose row gives `cash` (per
    /// new share), at the start of the ex-date.
    private mutating func addCashInLieu(_ splits: [(CorporateAction, Int32)]) {
        guard !splits.isEmpty, trades.count > 0 else { return }
        var added = 0
        for (a, y) in splits {
            guard let cash = a.cash else { continue }
            var held: [HoldingKey: Double] = [:]
            var order: [HoldingKey] = []
            for i in 0..<trades.count where trades.symbol[i] == y && trades.day[i] < a.day {
                let key = HoldingKey(account: trades.account[i], strategy: trades.strategy[i], symbol: y)
                if held[key] == nil { order.append(key) }
                held[key, default: 0] += trades.side[i].sign * trades.quantity[i]
            }
            for key in order {
                let q = held[key] ?? 0
                let whole = q.rounded(.towardZero), fraction = q - whole
                // A fraction within rounding noise of a whole share is not a fraction.
                guard abs(fraction) > 1e-9 * max(1, abs(q)), abs(abs(fraction) - 1) > 1e-9 * max(1, abs(q)) else { continue }
                trades.tradeID.append("\(LedgerBuilder.cashInLieuPrefix)\(a.symbol):\(a.day)")
                trades.day.append(a.day); trades.account.append(key.account); trades.strategy.append(key.strategy)
                trades.symbol.append(y); trades.side.append(fraction > 0 ? .sell : .cover)
                trades.quantity.append(abs(fraction)); trades.price.append(cash); trades.fees.append(0)
                trades.line.append(0); trades.sector.append("")
                tradeTime.append(Int64(a.day.serial) * 86400 - 1)
                added += 1
            }
        }
        if added > 0 { sortTrades() }
    }

    /// Split ratios a close-to-close move is compared with (new shares per old share).
    static let splitLikeRatios: [Double] = [2, 3, 4, 5, 10, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 10]

    /// A move between consecutive closes of a symbol held overnight that matches a split ratio R
    /// is reported quoting the `corporate_actions.csv` row to add: with raw closes an unrecorded
    /// split silently moves NAV by the ratio. Within 2% (`|move x R - 1| <= 0.02`) it is an error;
    /// within 10% a warning, because a real split day also moves (AAPL's 4:1 ex-date closed 3.4%
    /// above the split-adjusted prior close) and a crash can look like a split (AAPL fell 52% on
    /// 2000-09-29): loud either way, blocking only when unmistakable. Skipped for adjusted closes,
    /// and for options and futures (a premium halving is no split).
    mutating func checkSplitLikeMoves() {
        guard options.priceBasis == .raw else { return }
        let names = symbols.names
        var out: [Finding] = []
        // Snapshots held overnight count as held too (a book given as snapshots only).
        var all = heldSpans
        if let ps = positions {
            for i in 0..<ps.count where ps.quantity[i] != 0 {
                all[ps.symbol[i], default: []].append((ps.day[i], Day(serial: ps.day[i].serial + 1)))
            }
        }
        for (y, unsorted) in all.sorted(by: { $0.key < $1.key }) {
            // Disjoint spans in day order, so one cursor walks them beside the closes.
            var spans: [(Day, Day)] = []
            for sp in unsorted.sorted(by: { $0.0 < $1.0 }) {
                if let last = spans.last, sp.0 <= last.1 { spans[spans.count - 1].1 = max(last.1, sp.1) } else { spans.append(sp) }
            }
            guard let s = prices.series[y], s.count > 1 else { continue }
            // Options and futures do not split (their premiums halve routinely): shares only.
            if let i = instruments.byName[names[Int(y)]], i.assetClass == .option || i.assetClass == .future { continue }
            let source = priceSource[y]
            var k = 0
            for j in 1..<s.count {
                let prev = s.days[j - 1]
                while k < spans.count && spans[k].1 <= prev { k += 1 }
                guard k < spans.count, spans[k].0 <= prev else { continue }
                let move = s.values[j] / s.values[j - 1]
                for r in LedgerBuilder.splitLikeRatios where abs(move * r - 1) <= 0.10 {
                    let severity: Severity = abs(move * r - 1) <= 0.02 ? .error : .warning
                    let ratio = r >= 1 ? fmt(r) : fmt((r * 1e6).rounded() / 1e6)
                    let file = source?.file ?? (displayName["prices"] ?? "prices.csv")
                    let line = source.map { j < $0.lines.count ? Int($0.lines[j]) : 0 } ?? 0
                    let closeColumn = file == displayName["prices"] ? column("prices", "close") : column("prices:" + names[Int(y)], "close")
                    out.append(Finding(file: file, line: line, column: closeColumn, severity: severity, code: "split-like-move",
                                       message: "column 'close': \(names[Int(y)]) moves from \(fmt(s.values[j - 1])) on \(s.days[j - 1]) to \(fmt(s.values[j])) on \(s.days[j]) while held, a \(r >= 1 ? "\(fmt(r)):1 split" : "1:\(fmt((1 / r).rounded())) reverse split") with no corporate action; if it is one, add the row \"\(s.days[j]),\(names[Int(y)]),SPLIT,\(ratio),,,\" to corporate_actions.csv (config [inputs] corporate_actions), else check the closes"))
                    break
                }
            }
        }
        appendInFileOrder(out)
    }
}
