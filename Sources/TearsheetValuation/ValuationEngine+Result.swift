import TearsheetCore

extension ValuationEngine {
    /// Reconciles every account and day, builds the time-weighted returns and lists round trips,
    /// open lots, holdings and warnings.
    func result() throws -> Valuation {
        try Self.result(of: [self])
    }

    /// The valuation of a book valued in `parts` (engines over contiguous account ranges, in
    /// account order, each run): every output as one engine over all accounts gives it, in the
    /// same order and to the bit. Accounts in part order are accounts in id order; the book's
    /// sleeves are the parts' sleeves in part order (sleeves are numbered by account, then
    /// strategy), so every sum over sleeves or accounts adds the same numbers in the same order.
    /// The run's own findings (snapshot comparisons, stale marks) are listed part by part, which
    /// is the one-engine order only for one part: `value` runs parts only where there are none.
    static func result(of parts: [ValuationEngine]) throws -> Valuation {
        let first = parts[0]
        let n = first.dayCount, days = first.days, options = first.options
        let names = first.ledger.strategies
        func sleeveName(_ s: Int32) -> String { s < 0 ? options.cashSleeveName : names[s] }

        // Per account.
        var accounts: [String] = [], perAccount: [BookReturns] = [], breakdowns: [DailyBreakdown] = []
        var warnings = parts.flatMap(\.warnings)
        for e in parts {
            func series(_ sl: Int) -> (nav: [Double], flows: [Double], start: [Double]) {
                (Array(e.sleeveNAV[sl * n ..< (sl + 1) * n]), Array(e.sleeveFlow[sl * n ..< (sl + 1) * n]),
                 Array(e.sleeveStartFlow[sl * n ..< (sl + 1) * n]))
            }
            var bySleeve: [Int: [Int]] = [:]
            for sl in e.sleeveAccount.indices { bySleeve[Int(e.sleeveAccount[sl]), default: []].append(sl) }
            for a in e.accountRange {
                guard let sleeves = bySleeve[a] else { continue }
                let name = e.ledger.accounts[Int32(a)]
                let list = sleeves.map { sl -> SleeveSeries in
                    let s = series(sl)
                    return SleeveSeries(name: sleeveName(e.sleeveStrategy[sl]), nav: s.nav, flows: s.flows, startFlows: s.start)
                }
                var (book, gaps, losses) = TimeWeightedReturns.book(days: days, sleeves: list)
                warnings += SleeveCapitalBase.apply(to: &book, sleeves: list, isStrategy: sleeves.map { e.sleeveStrategy[$0] >= 0 },
                                                    accounts: sleeves.map { _ in 1 }, capital: options.sleeveCapital,
                                                    bookName: "account \(name)", file: options.files.cashFlows)
                try Reconciliation.check(nav: book.nav, columns: e.accountColumns[a], days: days, account: name,
                                         tolerance: options.reconciliationTolerance)
                warnings += gaps.map { e.noCapitalWarning($0, book: "account \(name)", account: a) }
                warnings += e.lossFindings(losses, book: "account \(name)", account: a)
                accounts.append(name)
                perAccount.append(book)
                breakdowns.append(e.accountColumns[a])
            }
        }

        // Whole book: a sleeve per strategy summed over accounts, the unallocated cash last.
        let sleeveStrategies = parts.flatMap(\.sleeveStrategy)
        var strategyIDs = Array(Set(sleeveStrategies)).sorted { ($0 < 0 ? Int32.max : $0) < ($1 < 0 ? Int32.max : $1) }
        let zeros = [Double](repeating: 0, count: n)
        var totals = strategyIDs.map { SleeveSeries(name: sleeveName($0), nav: zeros, flows: zeros, startFlows: zeros) }
        for e in parts {
            for sl in e.sleeveAccount.indices {
                let k = strategyIDs.firstIndex(of: e.sleeveStrategy[sl])!
                for t in 0..<n {
                    totals[k].nav[t] += e.sleeveNAV[sl * n + t]
                    totals[k].flows[t] += e.sleeveFlow[sl * n + t]
                    totals[k].startFlows[t] += e.sleeveStartFlow[sl * n + t]
                }
            }
        }
        var (total, totalGaps, totalLosses) = TimeWeightedReturns.book(days: days, sleeves: totals)
        let accountsPerStrategy = strategyIDs.map { id in sleeveStrategies.filter { $0 == id }.count }
        let totalCapitalFindings = SleeveCapitalBase.apply(to: &total, sleeves: totals, isStrategy: strategyIDs.map { $0 >= 0 },
                                                           accounts: accountsPerStrategy, capital: options.sleeveCapital,
                                                           bookName: "the book", file: options.files.cashFlows)
        if accounts.count > 1 { warnings += totalCapitalFindings }
        if accounts.count > 1 {
            warnings += totalGaps.map { first.noCapitalWarning($0, book: "the book", account: nil) }
            warnings += first.lossFindings(totalLosses, book: "the book", account: nil)
        }
        var totalBreakdown = DailyBreakdown(zeros: n)
        for b in breakdowns {
            for t in 0..<n {
                totalBreakdown.realised[t] += b.realised[t]
                totalBreakdown.unrealisedChange[t] += b.unrealisedChange[t]
                totalBreakdown.fees[t] += b.fees[t]
                totalBreakdown.income[t] += b.income[t]
                totalBreakdown.externalFlows[t] += b.externalFlows[t]
                totalBreakdown.grossExposure[t] += b.grossExposure[t]
                totalBreakdown.netExposure[t] += b.netExposure[t]
            }
        }
        strategyIDs.removeAll { $0 < 0 }

        for e in parts {
            warnings += e.marks.gaps.map { g in
                Finding(file: options.files.prices, line: 0, column: 0, severity: .warning, code: "stale-price",
                        message: "no close for \(e.ledger.symbols[g.symbol]) on \(g.heldDays) held trading "
                            + "day\(g.heldDays == 1 ? "" : "s") from \(g.firstDay) to \(g.lastDay); "
                            + "marked at the last earlier close, of \(g.closeDay)")
            }
        }

        // Open lots and holdings by account, strategy and symbol name: each part's are in that
        // order, and its accounts are its own, so the parts' runs of one account each are put
        // together in the order of the account names.
        var lots: [[OpenLot]] = [], holdings: [[Holding]] = []
        for e in parts {
            let listed = e.closing ?? e.listClosing()
            lots.append(listed.lots)
            holdings.append(listed.holdings)
        }
        let accountRank = Dictionary(uniqueKeysWithValues: first.ledger.accounts.names.sorted().enumerated().map { ($1, $0) })
        let lotsLeft = Self.mergedByAccount(lots, account: \.account, rank: accountRank)
        let held = Self.mergedByAccount(holdings, account: \.account, rank: accountRank)
        return Valuation(days: days, accounts: accounts, strategies: strategyIDs.map { names[$0] },
                         flowTiming: options.flowTiming, total: total, perAccount: perAccount,
                         totalBreakdown: totalBreakdown, accountBreakdown: breakdowns,
                         roundTrips: RoundTripTable.merged(parts.map(\.trips)), openLots: lotsLeft, holdings: held,
                         warnings: warnings)
    }

    /// The open lots and holdings after the run, by account, strategy and symbol name.
    func listClosing() -> (lots: [OpenLot], holdings: [Holding]) {
        let openSorted = sortedOpen()
        return (openLots(openSorted), holdings(openSorted))
    }

    /// The lists (each ordered by account name first, no account in two lists) as one list in
    /// that order: their runs of one account, ordered by `rank` of the account's name.
    private static func mergedByAccount<T>(_ lists: [[T]], account: (T) -> String, rank: [String: Int]) -> [T] {
        guard lists.count > 1 else { return lists.first ?? [] }
        var runs: [(rank: Int, list: Int, rows: Range<Int>)] = []
        for (k, list) in lists.enumerated() {
            var i = 0
            while i < list.count {
                let a = account(list[i])
                var j = i + 1
                while j < list.count && account(list[j]) == a { j += 1 }
                runs.append((rank[a] ?? 0, k, i..<j))
                i = j
            }
        }
        runs.sort { $0.rank < $1.rank }
        var out: [T] = []
        out.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for r in runs { out += lists[r.list][r.rows] }
        return out
    }

    func noCapitalWarning(_ g: CapitalGap, book: String, account: Int?) -> Finding {
        let span = g.days == 1 ? "on \(g.firstDay)" : "on \(g.days) days from \(g.firstDay) to \(g.lastDay)"
        let denominator = "NAV_{t-1} + start-of-day flows"
        let lines = flowLines(day: g.firstIndex, account: account)
        let flowsText = lines.isEmpty ? "" : "; the flow\(lines.count == 1 ? "" : "s") of \(g.firstDay) on line"
            + "\(lines.count == 1 ? "" : "s") " + lines.map(String.init).joined(separator: ", ")
        return Finding(file: options.files.cashFlows, line: lines.first ?? 0, column: 0, severity: .warning, code: "no-capital",
                       message: "\(book) has no capital at the start of the day \(span) (\(denominator) <= 0\(flowsText)); "
                           + "its return is 0 there and P&L of \(g.pnl) is left out of the returns")
    }

    /// Open positions sorted by account, strategy and symbol name (names ranked once, then
    /// positions compared as integer triples).
    func sortedOpen() -> [Int] {
        func ranks(_ interner: Interner) -> [Int] {
            var r = [Int](repeating: 0, count: interner.count)
            for (rank, id) in interner.names.indices.sorted(by: { interner.names[$0] < interner.names[$1] }).enumerated() {
                r[id] = rank
            }
            return r
        }
        let ra = ranks(ledger.accounts), rs = ranks(ledger.strategies), ry = ranks(ledger.symbols)
        return open.map(Int.init).sorted { l, r in
            (ra[Int(posAccount[l])], rs[Int(posStrategy[l])], ry[Int(posSymbol[l])])
                < (ra[Int(posAccount[r])], rs[Int(posStrategy[r])], ry[Int(posSymbol[r])])
        }
    }

    func openLots(_ sorted: [Int]) -> [OpenLot] {
        var out: [OpenLot] = []
        var total = 0
        for p in sorted {
            for queue in [2 * p, 2 * p + 1] {
                var h = lots.head[queue]
                while h >= 0 { total += 1; h = lots.lots[Int(h)].next }
            }
        }
        out.reserveCapacity(total)
        MemoryAdvice.hugePages(&out)
        for p in sorted {
            let mark = marks.close(dayCount - 1, Int(state[p].column))
            for isShort in [false, true] {
                var h = lots.head[2 * p + (isShort ? 1 : 0)]
                while h >= 0 {
                    let lot = lots.lots[Int(h)], q = lot.quantity, entry = lot.price
                    out.append(OpenLot(
                        account: ledger.accounts[posAccount[p]], strategy: ledger.strategies[posStrategy[p]],
                        symbol: ledger.symbols[posSymbol[p]], direction: isShort ? .short : .long,
                        entryDay: days[Int(lot.day)], quantity: q, entryPrice: entry,
                        entryFees: trades.fees[Int(lot.trade)] / trades.quantity[Int(lot.trade)] * q, mark: mark,
                        unrealised: (isShort ? -1 : 1) * (mark - entry) * q))
                    h = lot.next
                }
            }
        }
        return out
    }

    func holdings(_ sorted: [Int]) -> [Holding] {
        let sectors = sectorBySymbol()
        return sorted.map { p in
            let column = Int(state[p].column)
            let close = marks.close(dayCount - 1, column)
            let sector = sectors[Int(posSymbol[p])]
            return Holding(account: ledger.accounts[posAccount[p]], strategy: ledger.strategies[posStrategy[p]],
                           symbol: ledger.symbols[posSymbol[p]], quantity: state[p].quantity, close: close,
                           closeDay: Day(serial: marks.serial(dayCount - 1, column)), marketValue: state[p].quantity * close,
                           sector: sector.isEmpty ? nil : sector)
        }
    }

    /// The last non-empty sector given for each symbol, in trades or snapshots.
    private func sectorBySymbol() -> [String] {
        var out = [String](repeating: "", count: ledger.symbols.count)
        let t = ledger.trades
        for i in 0..<t.count where !t.sector.isEmpty(at: i) { out[Int(t.symbol[i])] = t.sector[i] }
        if let ps = ledger.positions {
            for i in 0..<ps.count where !ps.sector.isEmpty(at: i) && out[Int(ps.symbol[i])].isEmpty {
                out[Int(ps.symbol[i])] = ps.sector[i]
            }
        }
        return out
    }
}
