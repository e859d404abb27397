import ArgumentParser
import Foundation
import TearsheetCore
import TearsheetIngest
import TearsheetPipeline

/// `tearsheet validate`: loads a book exactly as `report` does (`BookRunner.validate`), prints every
/// finding, exits 0 (clean or warnings only) or 1 (errors).
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a book's input files and list every problem as FILE:LINE:COLUMN.")

    @OptionGroup var book: BookOptions
    @Flag(name: .long, help: "Print the findings as a JSON array on stdout.")
    var json = false

    /// Usage errors exit 2 (the root command maps ArgumentParser's validation failures to 2).
    func validate() throws {
        if !book.hasBook { throw ValidationError("Give --config FILE, or at least --trades or --positions.") }
    }

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        resources.startWatchdog("validating the book")
        try finish(BookRunner.validate(book.request()))
    }

    private func finish(_ findings: Findings) throws {
        if json {
            say(try findings.json())
        } else {
            var err = StandardError()
            for l in findings.lines { print(l, to: &err) }
            print(findings.summary, to: &err)
        }
        if findings.hasErrors { throw ExitCode(1) }
    }
}

/// `print(..., to: &stderr)`. Everything is written through `TerminalText.safe`: names from the
/// inputs cannot send escape sequences to the user's terminal.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(TerminalText.safe(string).utf8)) }
}

/// `print(..., to: &stdout)`, through `TerminalText.safe` like `StandardError`.
struct StandardOutput: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardOutput.write(Data(TerminalText.safe(string).utf8)) }
}

/// `print` for the command's own output on stdout, made terminal-safe.
func say(_ text: String) {
    var out = StandardOutput()
    print(text, to: &out)
}
