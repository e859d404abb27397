import ArgumentParser
import TearsheetCore

/// The `tearsheet` command: parses arguments, calls the library, maps errors to exit codes
/// (0 ok, 1 bad input or config, 2 usage, 3 internal failure).
@main
struct Tearsheet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tearsheet",
        abstract: "Audited portfolio performance reports from trades, positions, cash flows and prices.",
        version: TearsheetVersion.string,
        subcommands: [ValidateCommand.self, BenchmarksCommand.self, TemplatesCommand.self]
    )
}
