import TearsheetCore

/// The decoding state of `trades.csv`, or of one block of it (`LedgerBuilder.readFileInBlocks`):
/// the columns decoded so far and the names interned for them. The state of the whole file on
/// one thread interns into the book's interners; a block's interns into its own (ids local to the
/// block, mapped to the book's by `LedgerBuilder.append(_:)` in file order).
struct TradeRows {
    var table = TradeTable()
    var times: [Int64] = []
    var idHashes: [UInt64] = []
    var events: [Int32: OptionEvent] = [:]
    var sectors = InternedText()
    var mapper: TimeZoneDayMapper
    var accounts: ByteInterner
    var strategies: ByteInterner
    var symbols: ByteInterner
    var instruments: InstrumentLookup
    let base: [UInt8]
    let baseCurrency: String
    /// Column indices, looked up once (not per row).
    var cols: [Int] = []

    init(mapper: TimeZoneDayMapper, accounts: ByteInterner, strategies: ByteInterner, symbols: ByteInterner,
         instruments: InstrumentLookup, baseCurrency: String, expectedRows: Int) {
        self.mapper = mapper
        self.accounts = accounts
        self.strategies = strategies
        self.symbols = symbols
        self.instruments = instruments
        self.baseCurrency = baseCurrency
        base = Array(baseCurrency.utf8)
        // Sized from the file (about 60 bytes a row), so a large file does not pay for repeated growth.
        idHashes.reserveCapacity(expectedRows)
        times.reserveCapacity(expectedRows)
        table.reserve(expectedRows)
        table.tradeID.adviseHugePages(); table.sector.adviseHugePages()
        MemoryAdvice.hugePages(&table.quantity); MemoryAdvice.hugePages(&table.price)
        MemoryAdvice.hugePages(&table.fees); MemoryAdvice.hugePages(&table.day)
        table.account.adviseHugePages(); table.strategy.adviseHugePages()
        table.symbol.adviseHugePages(); MemoryAdvice.hugePages(&table.line)
        MemoryAdvice.hugePages(&table.side); MemoryAdvice.hugePages(&idHashes)
    }

    /// Decodes one row: appended to the columns when valid, findings for every problem.
    mutating func decode(_ dec: inout FieldDecoder, _ row: CSVRow) {
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
        var idBytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var idHash: UInt64 = 0
        if let b = dec.text(row, cID) {
            idBytes = b
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
        idHashes.append(idHash)
        times.append(time)
        table.tradeID.append(utf8: idBytes)
        table.day.append(day)
        table.account.append(a)
        table.strategy.append(s)
        table.symbol.append(y)
        table.side.append(side)
        table.quantity.append(q)
        table.price.append(p)
        table.fees.append(f)
        table.line.append(Int32(row.line))
        if cSector >= 0 { sectors.append(row[cSector], to: &table.sector) } else { table.sector.append(id: 0) }
        if let e = event { events[Int32(row.line)] = e }
    }

    /// Frees the columns (after `append` copied them).
    mutating func release() {
        table = TradeTable()
        times = []
        idHashes = []
        events = [:]
    }

    /// Appends the rows of a block decoded after these, its names interned here in its order of
    /// first appearance (which makes the ids those of reading the two in one pass).
    mutating func append(_ block: TradeRows) {
        let acc = block.accounts.remap(into: &accounts)
        let strat = block.strategies.remap(into: &strategies)
        let sym = block.symbols.remap(into: &symbols)
        let b = block.table
        table.tradeID.append(contentsOf: b.tradeID)
        table.day.append(contentsOf: b.day)
        table.account.append(contentsOf: b.account.lazy.map { acc[Int($0)] })
        table.strategy.append(contentsOf: b.strategy.lazy.map { strat[Int($0)] })
        table.symbol.append(contentsOf: b.symbol.lazy.map { sym[Int($0)] })
        table.side.append(contentsOf: b.side)
        table.quantity.append(contentsOf: b.quantity)
        table.price.append(contentsOf: b.price)
        table.fees.append(contentsOf: b.fees)
        table.line.append(contentsOf: b.line)
        table.sector.append(contentsOf: b.sector)
        times.append(contentsOf: block.times)
        idHashes.append(contentsOf: block.idHashes)
        events.merge(block.events) { a, _ in a }
    }
}

extension LedgerBuilder {
    /// Decodes `trades.csv` into `trades`: one pass, columnar, interned names, trade ids checked
    /// for duplicates by hashing their bytes. A large file is parsed in blocks on several threads
    /// (`readFileInBlocks`), with the same ledger and findings as on one.
    mutating func readTrades(path: String) {
        let size = FileBytes.size(path)
        let (mapper, instruments, currency) = (self.mapper, self.instruments, options.baseCurrency)
        let perBlock = max(16, min(size, 2 * options.chunkSize) / 60)
        var all = TradeRows(mapper: mapper, accounts: accounts, strategies: strategies, symbols: symbols,
                            instruments: instruments, baseCurrency: currency, expectedRows: size / 60)
        var merged = false
        if readFileInBlocks(role: "trades", path: path, schema: .trades, makeState: {
            TradeRows(mapper: mapper, accounts: ByteInterner(), strategies: ByteInterner(), symbols: ByteInterner(),
                      instruments: instruments.forBlock(), baseCurrency: currency, expectedRows: perBlock)
        }, row: { $0.decode(&$1, $2) }, merge: { block in
            merged = true
            all.append(block)
            block.release()
        }) {
            adopt(&all, path: path)
            return
        }
        // On one thread, into the book's interners directly (what blocks gave before the block
        // reader gave up part way is dropped).
        if merged {
            all = TradeRows(mapper: mapper, accounts: accounts, strategies: strategies, symbols: symbols,
                            instruments: instruments, baseCurrency: currency, expectedRows: size / 60)
        }
        _ = readFile(role: "trades", path: path, schema: .trades) { dec, row in all.decode(&dec, row) }
        adopt(&all, path: path)
    }

    /// Takes the decoded trades and checks their ids for duplicates, each reported at its later
    /// line with the line that used it first.
    private mutating func adopt(_ rows: inout TradeRows, path: String) {
        let table = rows.table
        let file = path
        let idColumn = column("trades", "trade_id")
        let pairs = DuplicateKeys(taking: &rows.idHashes).duplicates { table.tradeID[$0] == table.tradeID[$1] }
        let dupFindings = pairs.map { first, dup in
            Finding(file: file, line: Int(table.line[dup]), column: idColumn, severity: .error, code: "duplicate-trade-id",
                    message: "column 'trade_id': trade id \"\(Bytes.showString(table.tradeID[dup]))\" is already used on line \(table.line[first]); expected unique ids")
        }
        if !dupFindings.isEmpty { mergeInFileOrder(dupFindings, file: file) }
        self.mapper = rows.mapper
        self.accounts = rows.accounts
        self.strategies = rows.strategies
        self.symbols = rows.symbols
        self.instruments = rows.instruments
        self.trades = table
        self.tradeTime = rows.times
        self.optionEvents = rows.events
    }
}
