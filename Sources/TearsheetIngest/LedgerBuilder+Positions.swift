import TearsheetCore

extension LedgerBuilder {
    /// Decodes `positions.csv` (end-of-day snapshots). `market_value`, when present, must equal
    /// quantity x price within 0.01 + 1e-9 x |quantity x price| (cents rounding). A large file is
    /// parsed in blocks on several threads (`readFileInBlocks`), with the same result as on one.
    mutating func readPositions(path: String) {
        let instruments = self.instruments
        var all = PositionRows(accounts: accounts, strategies: strategies, symbols: symbols, instruments: instruments)
        var merged = false
        if readFileInBlocks(role: "positions", path: path, schema: .positions, makeState: {
            PositionRows(accounts: ByteInterner(), strategies: ByteInterner(), symbols: ByteInterner(), instruments: instruments.forBlock())
        }, row: { $0.decode(&$1, $2) }, merge: { block in
            merged = true
            all.append(block)
            block.table = PositionTable()
        }) == false {
            if merged { all = PositionRows(accounts: accounts, strategies: strategies, symbols: symbols, instruments: instruments) }
            _ = readFile(role: "positions", path: path, schema: .positions) { dec, row in all.decode(&dec, row) }
        }
        self.accounts = all.accounts
        self.strategies = all.strategies
        self.symbols = all.symbols
        self.instruments = all.instruments
        self.positions = all.table
    }

    /// Decodes `cashflows.csv`. DEPOSIT amounts must be > 0 and WITHDRAWAL amounts < 0; an empty
    /// or absent `strategy` means the account's unallocated cash; an empty or absent `timing`
    /// (`start` or `end`) means the book's `flow_timing`. A large file is parsed in blocks on
    /// several threads (`readFileInBlocks`), with the same result as on one.
    mutating func readCashFlows(path: String) {
        let adjusted = options.priceBasis == .adjusted
        var all = CashFlowRows(accounts: accounts, strategies: strategies, adjusted: adjusted)
        var merged = false
        if readFileInBlocks(role: "cashflows", path: path, schema: .cashFlows, makeState: {
            CashFlowRows(accounts: ByteInterner(), strategies: ByteInterner(), adjusted: adjusted)
        }, row: { $0.decode(&$1, $2) }, merge: { block in
            merged = true
            all.append(block)
            block.table = CashFlowTable()
        }) == false {
            if merged { all = CashFlowRows(accounts: accounts, strategies: strategies, adjusted: adjusted) }
            _ = readFile(role: "cashflows", path: path, schema: .cashFlows) { dec, row in all.decode(&dec, row) }
        }
        self.accounts = all.accounts
        self.strategies = all.strategies
        self.cashFlows = all.table
    }
}

/// The decoding state of `positions.csv`, or of one block of it (see `TradeRows`).
struct PositionRows {
    var table = PositionTable()
    var accounts: ByteInterner
    var strategies: ByteInterner
    var symbols: ByteInterner
    var instruments: InstrumentLookup
    var sectors = InternedText()
    var cols: [Int] = []

    init(accounts: ByteInterner, strategies: ByteInterner, symbols: ByteInterner, instruments: InstrumentLookup) {
        self.accounts = accounts
        self.strategies = strategies
        self.symbols = symbols
        self.instruments = instruments
    }

    mutating func decode(_ dec: inout FieldDecoder, _ row: CSVRow) {
        if cols.isEmpty {
            cols = ["date", "account", "strategy", "symbol", "quantity", "price", "market_value", "sector"].map { dec.header($0) }
        }
        let cDate = cols[0], cAcc = cols[1], cStrat = cols[2], cSym = cols[3]
        let cQty = cols[4], cPrice = cols[5], cMV = cols[6], cSector = cols[7]
        let day = dec.day(row, cDate)
        let acc = dec.text(row, cAcc, identifier: true).map { accounts.intern($0).id }
        let strat = dec.text(row, cStrat, identifier: true).map { strategies.intern($0).id }
        let sym = dec.text(row, cSym, identifier: true).map { symbols.intern($0).id }
        var qty = dec.number(row, cQty, .any)
        var price = dec.number(row, cPrice, .price)
        if let p = price, p == 0, let y = sym, !instruments.isOption(y, symbols) {
            dec.report(row, cPrice, "not-positive", "0 is not > 0; expected a number > 0 (0 is valid only for a symbol declared an option in instruments.csv)")
            price = nil
        }
        // In units: a market value is quantity x multiplier x price.
        if let y = sym, let q = qty { qty = q * instruments.multiplier(y, symbols) }
        var mvOK = true
        if cMV >= 0, let q = qty, let p = price, !Bytes.trim(row[cMV]).isEmpty {
            if let mv = dec.number(row, cMV, .any) {
                let expected = q * p
                if abs(mv - expected) > 0.01 + 1e-9 * abs(expected) {
                    dec.report(row, cMV, "market-value-mismatch",
                               "\(Bytes.show(Bytes.trim(row[cMV]))) is not quantity x price = \(fmt(expected)); expected it within 0.01")
                    mvOK = false
                }
            } else { mvOK = false }
        }
        guard mvOK, let d = day, let a = acc, let s = strat, let y = sym, let q = qty, let p = price else { return }
        table.day.append(d)
        table.account.append(a)
        table.strategy.append(s)
        table.symbol.append(y)
        table.quantity.append(q)
        table.price.append(p)
        if cSector >= 0 { sectors.append(row[cSector], to: &table.sector) } else { table.sector.append(id: 0) }
        table.line.append(Int32(row.line))
    }

    /// Appends the rows of a block decoded after these, its names interned here in its order of
    /// first appearance.
    mutating func append(_ block: PositionRows) {
        let acc = block.accounts.remap(into: &accounts)
        let strat = block.strategies.remap(into: &strategies)
        let sym = block.symbols.remap(into: &symbols)
        let b = block.table
        table.day.append(contentsOf: b.day)
        table.account.append(contentsOf: b.account.lazy.map { acc[Int($0)] })
        table.strategy.append(contentsOf: b.strategy.lazy.map { strat[Int($0)] })
        table.symbol.append(contentsOf: b.symbol.lazy.map { sym[Int($0)] })
        table.quantity.append(contentsOf: b.quantity)
        table.price.append(contentsOf: b.price)
        table.sector.append(contentsOf: b.sector)
        table.line.append(contentsOf: b.line)
    }
}

/// The decoding state of `cashflows.csv`, or of one block of it (see `TradeRows`).
struct CashFlowRows {
    var table = CashFlowTable()
    var accounts: ByteInterner
    var strategies: ByteInterner
    let adjusted: Bool
    var cols: [Int] = []

    init(accounts: ByteInterner, strategies: ByteInterner, adjusted: Bool) {
        self.accounts = accounts
        self.strategies = strategies
        self.adjusted = adjusted
    }

    mutating func decode(_ dec: inout FieldDecoder, _ row: CSVRow) {
        if cols.isEmpty { cols = ["date", "account", "amount", "type", "strategy", "symbol", "timing", "kind"].map { dec.header($0) } }
        let cDate = cols[0], cAcc = cols[1], cAmount = cols[2], cType = cols[3], cStrat = cols[4], cSym = cols[5]
        let cTiming = cols[6], cKind = cols[7]
        let day = dec.day(row, cDate)
        let acc = dec.text(row, cAcc, identifier: true).map { accounts.intern($0).id }
        var amount = dec.number(row, cAmount, .nonZero)
        let tb = Bytes.trim(row[cType])
        var type: CashFlowType?
        for t in CashFlowType.allCases {
            let name = t.description.utf8
            if tb.count == name.count && zip(tb, name).allSatisfy({ ($0 & 0xDF) == $1 }) { type = t; break }
        }
        if type == nil {
            dec.report(row, cType, "unknown-flow-type",
                       "unknown value \"\(Bytes.show(tb))\"; expected one of DEPOSIT, WITHDRAWAL, DIVIDEND, INTEREST, FEE")
        }
        if let t = type, let a = amount {
            if t == .deposit && a < 0 {
                dec.report(row, cAmount, "flow-sign", "DEPOSIT of \(fmt(a)) is negative; expected an amount > 0 (money in)")
                amount = nil
            } else if t == .withdrawal && a > 0 {
                dec.report(row, cAmount, "flow-sign", "WITHDRAWAL of \(fmt(a)) is positive; expected an amount < 0 (money out)")
                amount = nil
            } else if t == .fee && a > 0 {
                dec.report(row, cAmount, "flow-sign", "FEE of \(fmt(a)) is positive, which would add to the return; fees are outflows: write -\(fmt(a))")
                amount = nil
            }
            if t == .dividend && adjusted {
                let what = cSym >= 0 && !Bytes.trim(row[cSym]).isEmpty ? " on \(Bytes.show(Bytes.trim(row[cSym])))" : ""
                dec.report(row, cType, "dividend-on-adjusted",
                           "DIVIDEND\(what) while price_basis = \"adjusted\": dividend-adjusted closes already hold it, so it counts twice; drop the row or give raw closes", severity: .warning)
            }
        }
        var strat: Int32 = -1
        if cStrat >= 0 {
            let b = Bytes.trim(row[cStrat])
            if !b.isEmpty { strat = strategies.intern(b).id }
        }
        var timing: CashFlowTiming? = nil
        if cTiming >= 0 {
            let b = Bytes.trim(row[cTiming])
            if !b.isEmpty {
                let text = Bytes.show(b).lowercased()
                if let v = CashFlowTiming(rawValue: text) {
                    timing = v
                } else {
                    dec.report(row, cTiming, "unknown-flow-timing",
                               "unknown timing \"\(Bytes.show(b))\"; expected start or end (or empty for the book's flow_timing)")
                    return
                }
                if let t = type, t != .deposit && t != .withdrawal {
                    dec.report(row, cTiming, "timing-on-performance-flow",
                               "a timing on a \(t.description) row has no effect (only DEPOSIT and WITHDRAWAL are external flows); leave it empty",
                               severity: .warning)
                }
            }
        }
        var kind = ""
        if cKind >= 0 {
            let b = Bytes.trim(row[cKind])
            if !b.isEmpty {
                if let t = type, t != .fee {
                    dec.report(row, cKind, "kind-on-non-fee",
                               "a kind on a \(t.description) row has no effect (it says what a FEE pays for); leave it empty",
                               severity: .warning)
                } else {
                    kind = Bytes.show(b).lowercased()
                }
            }
        }
        guard let d = day, let a = acc, let m = amount, let t = type else { return }
        if timing != nil && table.timing.count < table.count { table.timing = [CashFlowTiming?](repeating: nil, count: table.count) }
        if timing != nil || !table.timing.isEmpty { table.timing.append(timing) }
        if !kind.isEmpty && table.kind.count < table.count { table.kind = [String](repeating: "", count: table.count) }
        if !kind.isEmpty || !table.kind.isEmpty { table.kind.append(kind) }
        table.day.append(d)
        table.account.append(a)
        table.amount.append(m)
        table.type.append(t)
        table.strategy.append(strat)
        table.line.append(Int32(row.line))
    }

    /// Appends the rows of a block decoded after these, its names interned here in its order of
    /// first appearance; `timing` and `kind` stay empty until a row gives one, then hold one
    /// entry per row (as one pass fills them).
    mutating func append(_ block: CashFlowRows) {
        let acc = block.accounts.remap(into: &accounts)
        let strat = block.strategies.remap(into: &strategies)
        let b = block.table
        if !b.timing.isEmpty || !table.timing.isEmpty {
            if table.timing.count < table.count { table.timing += [CashFlowTiming?](repeating: nil, count: table.count - table.timing.count) }
            table.timing += b.timing.isEmpty ? [CashFlowTiming?](repeating: nil, count: b.count) : b.timing
        }
        if !b.kind.isEmpty || !table.kind.isEmpty {
            if table.kind.count < table.count { table.kind += [String](repeating: "", count: table.count - table.kind.count) }
            table.kind += b.kind.isEmpty ? [String](repeating: "", count: b.count) : b.kind
        }
        table.day.append(contentsOf: b.day)
        table.account.append(contentsOf: b.account.lazy.map { acc[Int($0)] })
        table.amount.append(contentsOf: b.amount)
        table.type.append(contentsOf: b.type)
        table.strategy.append(contentsOf: b.strategy.lazy.map { $0 < 0 ? $0 : strat[Int($0)] })
        table.line.append(contentsOf: b.line)
    }
}
