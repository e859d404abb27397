import TearsheetCore

/// The instruments of `instruments.csv` by name, and per symbol id the multiplier and whether it
/// is an option, filled lazily as readers intern symbols (nothing to do for a book without the file).
struct InstrumentLookup {
    var byName: [String: Instrument] = [:]
    /// 1-based line of each instrument's row.
    var lines: [String: Int] = [:]
    private(set) var multipliers: [Double] = []
    private(set) var options: [Bool] = []

    var isEmpty: Bool { byName.isEmpty }

    /// The same instruments for a block with its own symbol ids (`TradeRows`): nothing cached by id.
    func forBlock() -> InstrumentLookup {
        var fresh = InstrumentLookup()
        fresh.byName = byName
        fresh.lines = lines
        return fresh
    }

    private mutating func sync(_ symbols: ByteInterner) {
        let names = symbols.names
        for k in multipliers.count..<names.count {
            let i = byName[names[k]]
            multipliers.append(i?.multiplier ?? 1)
            options.append(i?.assetClass == .option)
        }
    }

    /// Units per quantity of symbol `id` (1 for a symbol not in the file).
    @inline(__always)
    mutating func multiplier(_ id: Int32, _ symbols: ByteInterner) -> Double {
        if byName.isEmpty { return 1 }
        if Int(id) >= multipliers.count { sync(symbols) }
        return multipliers[Int(id)]
    }

    /// Whether symbol `id` is declared an option (a price of 0 is then valid).
    mutating func isOption(_ id: Int32, _ symbols: ByteInterner) -> Bool {
        if byName.isEmpty { return false }
        if Int(id) >= options.count { sync(symbols) }
        return options[Int(id)]
    }
}
