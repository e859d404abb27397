import TearsheetCore

extension LedgerBuilder {
    /// Decodes `trades.csv` into `trades`: one pass, columnar, interned names, trade ids checked
    /// for duplicates by hashing their bytes.
    mutating func readTrades(path: String) {
        // Size the columns and the id table from the file size (about 60 bytes a row), so a
        // large file does not pay for repeated growth.
        let expectedRows = FileBytes.size(path) / 60
        var idHashes: [UInt64] = []
        idHashes.reserveCapacity(expectedRows)
        var sectors = InternedText()
        var table = TradeTable()
        table.reserve(expectedRows)
        MemoryAdvice.hugePages(&table.tradeID); MemoryAdvice.hugePages(&table.sector)
        MemoryAdvice.hugePages(&table.quantity); MemoryAdvice.hugePages(&table.price)
        MemoryAdvice.hugePages(&table.fees); MemoryAdvice.hugePages(&table.day)
        MemoryAdvice.hugePages(&table.account); MemoryAdvice.hugePages(&table.strategy)
        MemoryAdvice.hugePages(&table.symbol); MemoryAdvice.hugePages(&table.line)
        MemoryAdvice.hugePages(&table.side); MemoryAdvice.hugePages(&idHashes)
        var mapper = self.mapper
        var accounts = self.accounts, strategies = self.strategies, symbols = self.symbols
        var instruments = self.instruments
        var events: [Int32: OptionEvent] = [:]
        var times: [Int64] = []
        times.reserveCapacity(expectedRows)
        let base = Array(options.baseCurrency.utf8)
        let baseCurrency = options.baseCurrency
        // Column indices, looked up once (not per row).
        var cols: [Int] = []
        _ = readFile(role: "trades", path: path, schema: .trades) { dec, row in
            if cols.isEmpty {
                let h = dec.header
                cols = ["trade_id", "timestamp", "account", "strategy", "symbol", "side", "quantity", "price",
                        "fees", "currency", "sector"].map { h($0) }
            }
            let cID = cols[0], cTime = cols[1], cAcc = cols[2], cStrat = cols[3]
            let cSym = cols[4], cSide = cols[5], cQty = cols[6], cPrice = cols[7]
            let cFees = cols[8], cCur = cols[9], cSector = cols[10]
            var ok = true
            // trade_id
            var idText = ""
            var idHash: UInt64 = 0
            if let b = dec.text(row, cID) {
                idText = String(decoding: b, as: UTF8.self)
                idHash = ByteInterner.hash(b)
            } else { ok = false }
            // timestamp
            var day = Day(serial: 0)
            var time: Int64 = 0
            let tb = Bytes.trim(row[cTime])
            switch Timestamps.parse(tb, mapper: &mapper, localSeconds: &time) {
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
            let acc = dec.text(row, cAcc, identifier: true).map { accounts.intern($0).id }
            let strat = dec.text(row, cStrat, identifier: true).map { strategies.intern($0).id }
            let sym = dec.text(row, cSym, identifier: true).map { symbols.intern($0).id }
            if acc == nil || strat == nil || sym == nil { ok = false }
            // side
            var side = Side.buy
            var event: OptionEvent?
            let sb = Bytes.trim(row[cSide])
            if Bytes.equalsUpper(sb, "BUY") { side = .buy }
            else if Bytes.equalsUpper(sb, "SELL") { side = .sell }
            else if Bytes.equalsUpper(sb, "SHORT") { side = .short }
            else if Bytes.equalsUpper(sb, "COVER") { side = .cover }
            else if Bytes.equalsUpper(sb, "EXPIRE") { event = .expire }
            else if Bytes.equalsUpper(sb, "ASSIGN") { event = .assign }
            else if Bytes.equalsUpper(sb, "EXERCISE") { event = .exercise }
            else {
                dec.report(row, cSide, "unknown-side", "unknown value \"\(Bytes.show(sb))\"; expected one of BUY, SELL, SHORT, COVER, EXPIRE, ASSIGN, EXERCISE")
                ok = false
            }
            if let e = event, let y = sym, !instruments.isOption(y, symbols) {
                dec.report(row, cSide, "event-not-option",
                           "\(e.name) applies to an option, but \(symbols.names[Int(y)]) is not declared one; expected an option in instruments.csv (asset_class option, with underlying, expiry, strike and right), or BUY/SELL/SHORT/COVER")
                ok = false
            }
            var qty = dec.number(row, cQty, .positive)
            // A lifecycle row needs no price (the option closes at 0); one given must be 0.
            var price: Double?
            if let e = event {
                price = dec.number(row, cPrice, .nonNegative, defaultValue: 0)
                if let p = price, p != 0 {
                    dec.report(row, cPrice, "event-price", "\(e.name) closes the contracts at 0, but the price is \(fmt(p)); expected an empty price or 0 (to close at a price, write a SELL or COVER)")
                    ok = false
                }
            } else {
                price = dec.number(row, cPrice, .price)
            }
            // A price of 0 is valid only for an option (a worthless close-out).
            if let p = price, p == 0, event == nil, let y = sym, !instruments.isOption(y, symbols) {
                dec.report(row, cPrice, "not-positive", "0 is not > 0; expected a number > 0 (0 is valid only for a symbol declared an option in instruments.csv)")
                ok = false
            }
            if let y = sym, let q = qty { qty = q * instruments.multiplier(y, symbols) }
            let fees = dec.number(row, cFees, .nonNegative, defaultValue: 0)
            if qty == nil || price == nil || fees == nil { ok = false }
            if cCur >= 0 {
                let cb = Bytes.trim(row[cCur])
                if !cb.isEmpty && !base.withUnsafeBufferPointer({ b in
                    b.count == cb.count && zip(b, cb).allSatisfy { ($0 | 0x20) == ($1 | 0x20) }
                }) {
                    dec.report(row, cCur, "currency-mismatch",
                               "currency \"\(Bytes.show(cb))\" differs from the book's base currency \(baseCurrency); expected \(baseCurrency) (no FX conversion)")
                    ok = false
                }
            }
            guard ok, let a = acc, let s = strat, let y = sym, let q = qty, let p = price, let f = fees else { return }
            let sector = cSector >= 0 ? sectors.text(row[cSector]) : ""
            idHashes.append(idHash)
            times.append(time)
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
            if let e = event { events[Int32(row.line)] = e }
        }
        // Duplicate ids, each reported at its later line with the line that used it first.
        let file = path
        let idColumn = column("trades", "trade_id")
        let pairs = DuplicateKeys(taking: &idHashes).duplicates { table.tradeID[$0] == table.tradeID[$1] }
        let dupFindings = pairs.map { first, dup in
            Finding(file: file, line: Int(table.line[dup]), column: idColumn, severity: .error, code: "duplicate-trade-id",
                    message: "column 'trade_id': trade id \"\(Bytes.showString(table.tradeID[dup]))\" is already used on line \(table.line[first]); expected unique ids")
        }
        if !dupFindings.isEmpty { mergeInFileOrder(dupFindings, file: file) }
        self.mapper = mapper
        self.accounts = accounts
        self.strategies = strategies
        self.symbols = symbols
        self.instruments = instruments
        self.trades = table
        self.tradeTime = times
        self.optionEvents = events
    }
}
