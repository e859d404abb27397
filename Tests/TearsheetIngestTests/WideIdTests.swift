import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

/// A book with more symbols than 16-bit ids hold: the trade table's symbol column widens part way
/// through the file and every row still names its own symbol (issue 20, `IdColumn`).
@Suite struct WideIdTests {
    @Test func seventyThousandSymbolsReadBackRowByRow() throws {
        let n = 70_000
        let dir = Fixtures.tempDir()
        var trades = "trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees\n"
        var prices = "date,symbol,close\n"
        for i in 0..<n {
            trades += "T\(i),2024-01-02,A\(i % 3),s\(i % 5),X\(i),BUY,1,10,0\n"
            prices += "2024-01-02,X\(i),10\n"
        }
        let files = InputFiles(trades: Fixtures.write(trades, name: "trades.csv", in: dir),
                               prices: Fixtures.write(prices, name: "prices.csv", in: dir))
        let r = ingest(files, options: Fixtures.options)
        let l = try #require(r.ledger, "\(r.findings.lines)")
        #expect(l.symbols.count == n)
        #expect(!l.trades.symbol.isNarrow && l.trades.account.isNarrow)
        for i in stride(from: 0, to: n, by: 997) + [65_535, 65_536, n - 1] {
            #expect(l.symbols[l.trades.symbol[i]] == "X\(i)")
            #expect(l.accounts[l.trades.account[i]] == "A\(i % 3)" && l.strategies[l.trades.strategy[i]] == "s\(i % 5)")
            #expect(l.trades.tradeID[i] == "T\(i)")
        }
        // Read in blocks on two threads (each block's ids narrow until they do not fit, merged in
        // file order): the same ledger, row for row.
        var blocks = Fixtures.options
        blocks.parallelism = 2
        blocks.parallelThreshold = 1 << 16
        blocks.chunkSize = 1 << 16
        let b = try #require(ingest(files, options: blocks).ledger)
        #expect(b == l)
    }
}
