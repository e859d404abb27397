extension LedgerBuilder {
    /// Decodes `trades.csv` into `trades`: one pass, columnar, interned names, trade ids checked
    /// for duplicates by hashing their bytes.
    mutating func readTrades(path: String) {
        var tradeIDs = ByteInterner(capacity: 1 << 16)
        var firstLine: [Int32] = []
        var sectors = ByteInterner()
        var sectorNames: [String] = []
        var table = TradeTable()
        var mapper = self.mapper
        var accounts = self.accounts, strategies = self.strategies, symbols = self.symbols
        var base = Array(options.baseCurrency.utf8)
        let baseCurrency = options.baseCurrency
        _ = readFile(role: "trades", path: path, schema: .trades) { dec, row in
            let h = dec.header
            let cID = h("trade_id"), cTime = h("timestamp"), cAcc = h("account"), cStrat = h("strategy")
            let cSym = h("symbol"), cSide = h("side"), cQty = h("quantity"), cPrice = h("price")
            let cFees = h("fees"), cCur = h("currency"), cSector = h("sector")
            var ok = true
            // trade_id
            var idText = ""
            if let b = dec.text(row, cID) {
                let r = tradeIDs.intern(b)
                if r.isNew {
                    firstLine.append(Int32(row.line))
                    idText = String(decoding: b, as: UTF8.self)
                } else {
                    dec.report(row, cID, "duplicate-trade-id",
                               "trade id \"\(Bytes.show(b))\" is already used on line \(firstLine[Int(r.id)]); expected unique ids")
                    ok = false
                }
            } else { ok = false }
            // timestamp
            var day = Day(serial: 0)
            let tb = Bytes.trim(row[cTime])
            switch Timestamps.parse(tb, mapper: &mapper) {
            case .day(let d): day = d
            case .impossibleDate:
                dec.report(row, cTime, "impossible-date", "\"\(Bytes.show(tb))\" is not a calendar date; expected a real date YYYY-MM-DD")
                ok = false
            case .malformed:
                if tb.isEmpty {
                    dec.report(row, cTime, "empty-value", "value is empty; expected a timestamp")
                } else {
                    dec.report(row, cTime, "bad-timestamp",
                               "\"\(Bytes.show(tb))\" is not a timestamp; expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.fff]] or that with Z or +HH:MM")
                }
                ok = false
            }
            let acc = dec.text(row, cAcc).map { accounts.intern($0).id }
            let strat = dec.text(row, cStrat).map { strategies.intern($0).id }
            let sym = dec.text(row, cSym).map { symbols.intern($0).id }
            if acc == nil || strat == nil || sym == nil { ok = false }
            // side
            var side = Side.buy
            let sb = Bytes.trim(row[cSide])
            if Bytes.equalsUpper(sb, "BUY") { side = .buy }
            else if Bytes.equalsUpper(sb, "SELL") { side = .sell }
            else if Bytes.equalsUpper(sb, "SHORT") { side = .short }
            else if Bytes.equalsUpper(sb, "COVER") { side = .cover }
            else {
                dec.report(row, cSide, "unknown-side", "unknown value \"\(Bytes.show(sb))\"; expected one of BUY, SELL, SHORT, COVER")
                ok = false
            }
            let qty = dec.number(row, cQty, .positive)
            let price = dec.number(row, cPrice, .positive)
            let fees = dec.number(row, cFees, .nonNegative, defaultValue: 0)
            if qty == nil || price == nil || fees == nil { ok = false }
            if cCur >= 0 {
                let cb = Bytes.trim(row[cCur])
                if !cb.isEmpty && !base.withUnsafeMutableBufferPointer({ b in
                    b.count == cb.count && zip(b, cb).allSatisfy { ($0 | 0x20) == ($1 | 0x20) }
                }) {
                    dec.report(row, cCur, "currency-mismatch",
                               "currency \"\(Bytes.show(cb))\" differs from the book's base currency \(baseCurrency); expected \(baseCurrency) (no FX conversion)")
                    ok = false
                }
            }
            guard ok, let a = acc, let s = strat, let y = sym, let q = qty, let p = price, let f = fees else { return }
            var sector = ""
            if cSector >= 0 {
                let b = Bytes.trim(row[cSector])
                if !b.isEmpty {
                    let r = sectors.intern(b)
                    if r.isNew { sectorNames.append(String(decoding: b, as: UTF8.self)) }
                    sector = sectorNames[Int(r.id)]
                }
            }
            table.tradeID.append(idText)
            table.day.append(day)
            table.account.append(a)
            table.strategy.append(s)
            table.symbol.append(y)
            table.side.append(side)
            table.quantity.append(q)
            table.price.append(p)
            table.fees.append(f)
            table.line.append(Int32(row.line))
            table.sector.append(sector)
        }
        self.mapper = mapper
        self.accounts = accounts
        self.strategies = strategies
        self.symbols = symbols
        self.trades = table
    }
}
