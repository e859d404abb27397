import ArgumentParser
import Foundation
import TearsheetCore
import TearsheetPipeline

/// `tearsheet import ibkr-flex`: broker statements into a book folder (docs/import.md).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn broker statements into a book (trades.csv, cashflows.csv, ..., tearsheet.toml).",
        subcommands: [IBKRFlex.self])

    struct IBKRFlex: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ibkr-flex",
            abstract: "Import Interactive Brokers Flex Query statements (XML) into a book folder.",
            discussion: """
                Several statements (months, accounts) are merged; rows repeated by overlapping statements are \
                dropped by tradeID and transactionID. Writes trades.csv, cashflows.csv, positions.csv, prices.csv, \
                corporate_actions.csv, instruments.csv, tearsheet.toml and import-report.md. Exit 1 when a \
                statement is malformed, truncated, empty, has an unknown section, or holds rows the book cannot \
                represent (futures, FX, bonds, ...; --skip-unsupported skips and lists them).
                """)

        @Argument(help: "Flex Query statement files (XML).") var statements: [String] = []
        @Option(name: .long, help: "The book folder to write.") var out: String
        @Flag(name: .long, help: "Replace a book folder an earlier import wrote.") var force = false
        @Flag(name: .long, help: "Skip rows of unsupported asset classes and sections, and list them in import-report.md.")
        var skipUnsupported = false
        @Option(name: .long, help: "An import config with [import] default_strategy and [import.strategy_rules].") var config: String?
        @Option(name: .long, help: "A prices file (date,symbol,close) for days the statements give no mark.") var prices: String?
        @Option(name: .long, help: "Benchmark folder whose SPY.csv gives the trading days checked for prices.") var benchmarksDir: String?

        func validate() throws {
            if statements.isEmpty { throw ValidationError("Give one or more Flex Query statement files (XML).") }
        }

        func run() throws {
            var request = ImportRequest(statements: statements, out: out)
            request.force = force
            request.skipUnsupported = skipUnsupported
            request.configPath = config
            request.pricesPath = prices
            request.benchmarksDir = benchmarksDir
            let (book, folder) = try ImportRunner.run(request)
            WarningOutput.print(book.warnings)
            say("imported \(book.sources.count) statement file\(book.sources.count == 1 ? "" : "s") (accounts \(book.accounts.joined(separator: ", "))) -> \(folder.path): "
                + "\(book.trades.count) trades, \(book.flows.count) cash flows, \(book.positions.count) position snapshots, \(book.prices.count) closes; "
                + "\(book.skipped.count) rows skipped (\(book.unsupported.count) unsupported); see import-report.md")
            if !book.priceGaps.isEmpty {
                var err = StandardError()
                print("warning: \(book.priceGaps.count) held symbol\(book.priceGaps.count == 1 ? " has" : "s have") days without a close (listed in import-report.md); give them with --prices", to: &err)
            }
        }
    }
}
