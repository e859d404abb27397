import Testing
import TearsheetCore
import TearsheetIngest
import TearsheetReport
@testable import TearsheetPipeline

/// Which of the book's ingestion warnings an account's report may show.
@Suite struct AccountWarningsTests {
    @Test func rowFindingsBelongToTheRowsAccountOnly() {
        var l = Ledger()
        l.trades.line = [2, 5]
        l.cashFlows.line = [3]
        l.positions = PositionTable()
        l.positions?.line = [7]
        let inputs = InputFiles(trades: "/b/trades.csv", positions: "/b/positions.csv", cashFlows: "/b/cashflows.csv", prices: "/b/prices.csv")
        let lines = AccountLines(l)
        func f(_ file: String, _ line: Int) -> Finding {
            Finding(file: file, line: line, column: 1, severity: .warning, code: "w", message: "m")
        }
        #expect(lines.owns(f("/b/trades.csv", 5), inputs: inputs))
        #expect(!lines.owns(f("/b/trades.csv", 3), inputs: inputs))
        #expect(lines.owns(f("/b/cashflows.csv", 3), inputs: inputs))
        #expect(!lines.owns(f("/b/cashflows.csv", 2), inputs: inputs))
        #expect(lines.owns(f("/b/positions.csv", 7), inputs: inputs))
        #expect(!lines.owns(f("/b/positions.csv", 2), inputs: inputs))
        // Header and file-level findings, and shared files, belong to everyone.
        #expect(lines.owns(f("/b/trades.csv", 1), inputs: inputs))
        #expect(lines.owns(f("/b/trades.csv", 0), inputs: inputs))
        #expect(lines.owns(f("/b/prices.csv", 9), inputs: inputs))
    }
}
