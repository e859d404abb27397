import Foundation
import Testing
@testable import TearsheetDemo
import TearsheetCore
import TearsheetIngest
import TearsheetValuation

/// The benchmark's seeded books (`SyntheticBook`, what `tearsheet-bench ingest` reads) give the
/// same ledger, findings, file records and valuation when their files are parsed in blocks on
/// several threads as on one (`IngestOptions.parallelism`; the block path forced on these small
/// files with a zero threshold and small blocks).
@Suite struct BlockIngestTests {
    @Test(arguments: [(3 as UInt64, 30_000, 4096), (4, 8_000, 333), (5, 12_000, 1 << 16)])
    func aSeededBookIsTheSameOnEveryThreadCount(seed: UInt64, trades: Int, block: Int) throws {
        let folder = temporaryFolder("block-ingest")
        defer { try? FileManager.default.removeItem(at: folder) }
        let p = SyntheticBook.Parameters(trades: trades, symbols: 40, years: 2, accounts: 4, strategies: 3, seed: seed,
                                         sleeveDeposit: 2_000_000)
        let summary = try SyntheticBook.write(p, to: folder)
        let files = InputFiles(trades: folder.appendingPathComponent("trades.csv").path,
                               cashFlows: folder.appendingPathComponent("cashflows.csv").path,
                               prices: folder.appendingPathComponent("prices.csv").path)
        var one = IngestOptions(calendar: summary.calendar)
        one.parallelism = 1
        let reference = ingest(files, options: one)
        let ledger = try #require(reference.ledger)
        #expect(ledger.trades.count == summary.tradeRows)
        let valued = try value(ledger, calendar: summary.calendar)
        for threads in [2, 3] {
            var many = one
            many.parallelism = threads
            many.parallelThreshold = 0
            many.chunkSize = block
            let result = ingest(files, options: many)
            #expect(result.ledger == reference.ledger, "\(threads) threads")
            #expect(result.findings == reference.findings, "\(threads) threads")
            #expect(result.files == reference.files, "\(threads) threads")
            let v = try value(try #require(result.ledger), calendar: summary.calendar)
            #expect(v == valued, "\(threads) threads: bit for bit")
        }
    }
}
