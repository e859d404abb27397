import TearsheetCore

/// Errors raised by the daily loop, naming the position and the trade they concern.
extension ValuationEngine {
    func describe(position p: Int) -> String {
        "\(ledger.accounts[posAccount[p]])/\(ledger.strategies[posStrategy[p]])/\(ledger.symbols[posSymbol[p]])"
    }

    func missingPrice(position p: Int, day: Day) -> TearsheetError {
        let symbol = ledger.symbols[posSymbol[p]]
        return .invalidInput([Finding(
            file: options.files.prices, line: 0, column: 0, severity: .error, code: "missing-price",
            message: "no close for \(symbol) on or before \(day), but \(describe(position: p)) is held that day")])
    }
}
