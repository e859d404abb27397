import ArgumentParser
import Foundation
import TearsheetCore
import TearsheetIngest
import TearsheetReport
import TearsheetValuation
import TearsheetPipeline

/// `tearsheet validate`: reads a book's inputs, prints every finding, exits 0 (clean or warnings
/// only) or 1 (errors).
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

    func run() throws {
        var findings = Findings()
        var inputs = InputFiles(trades: book.trades, positions: book.positions, cashFlows: book.cashflows, prices: book.prices)
        var options = IngestOptions()
        var symbols = ["SPY", "QQQ"]
        var benchDir = book.benchmarksDir
        var config = BookConfig(directInputs: inputs)
        if let path = book.config {
            let (c, f) = BookConfig.load(path: path)
            findings.append(contentsOf: f)
            guard let c else { return try finish(findings) }
            config = c
            inputs = c.inputs
            options = c.ingestOptions
            symbols = c.benchmarks
            if benchDir == nil { benchDir = c.benchmarksDir }
        }
        let dir = benchDir ?? BenchmarkStore.defaultDirectory()
        var benchmarkFindings = Findings()
        var benchmarks: [Benchmark] = []
        let store = dir.map(BenchmarkStore.init(directory:))
        if let store {
            (benchmarks, benchmarkFindings) = store.load(symbols)
            if let primary = benchmarks.first, primary.symbol == symbols.first {
                options.calendar = primary.closes.days
            }
        } else {
            findings.append(Finding(file: "benchmarks-data", line: 0, column: 0, severity: .error, code: "missing-benchmarks",
                                    message: "no benchmark folder found; pass --benchmarks-dir or set TEARSHEET_BENCHMARKS"))
        }
        let result = ingest(inputs, options: options)
        findings.append(contentsOf: result.findings)
        for f in result.ledger.map({ config.compositeAccountFindings(accounts: $0.accounts.names) }) ?? [] { findings.append(f) }
        if let store, let range = result.ledger?.dateRange {
            // Re-run with the book's range for the coverage checks.
            benchmarkFindings = store.load(symbols, bookRange: range).findings
        }
        findings.append(contentsOf: benchmarkFindings)
        if let ledger = result.ledger, !findings.hasErrors, !options.calendar.isEmpty {
            checkValuation(ledger, calendar: options.calendar, config: config, findings: &findings)
        }
        try finish(findings)
    }

    /// What only valuing the book can find: stale or missing prices, days without capital, a NAV
    /// that does not reconcile, and the segment benchmark file, exactly as `report` would see them.
    private func checkValuation(_ ledger: Ledger, calendar: [Day], config: BookConfig, findings: inout Findings) {
        do {
            let v = try value(ledger, calendar: calendar, options: BookRunner.valuationOptions(config: config, ledger: ledger))
            for w in v.warnings { findings.append(w) }
            for w in BookRunner.capitalFindings(ledger) { findings.append(w) }
        } catch TearsheetError.invalidInput(let fs) {
            for f in fs { findings.append(f) }
        } catch let e as TearsheetError {
            findings.append(Finding(file: config.inputs.trades ?? config.inputs.positions ?? config.file, line: 0, column: 0,
                                    severity: .error, code: "valuation", message: e.description))
        } catch {
            findings.append(Finding(file: config.file, line: 0, column: 0, severity: .error, code: "valuation", message: "\(error)"))
        }
        if let path = config.inputs.segmentBenchmark {
            _ = SegmentBenchmarkFile.read(path: path, findings: &findings)
        }
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
