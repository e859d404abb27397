import ArgumentParser
import Foundation
import TearsheetIngest
import TearsheetCore

/// `tearsheet benchmarks import|list`: the benchmark files a book is compared against.
struct BenchmarksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmarks",
        abstract: "Import vendor benchmark exports and list the benchmark files.",
        subcommands: [Import.self, List.self])

    /// The folder: `--dir`, else `$TEARSHEET_BENCHMARKS`, else `benchmarks-data` found by walking up.
    static func directory(_ dir: String?) throws -> String {
        if let d = dir { return d }
        guard let d = BenchmarkStore.defaultDirectory() else {
            throw TearsheetError.config(file: "benchmarks-data", message: "no benchmarks-data folder found; pass --dir, or " + InstallLayout.installHint(for: .benchmarks))
        }
        return d
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a Yahoo, Stooq, date,close or date,return export into DIR/SYMBOL.csv.")

        @Argument(help: "Benchmark symbol, e.g. SPY.") var symbol: String
        @Argument(help: "The vendor export (CSV).") var file: String
        @Option(name: .long, help: "Benchmark folder.") var dir: String?
        @Option(name: .long, help: "Provenance note, e.g. \"Yahoo Finance, retrieved 2026-01-05\".") var source: String?

        func run() throws {
            let directory = try BenchmarksCommand.directory(dir)
            // Import date: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC).
            let seconds = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init)
                ?? Date().timeIntervalSince1970
            let today = Day(serial: Int32((seconds / 86400).rounded(.down)))
            var err = StandardError()
            do {
                let (out, findings) = try BenchmarkImporter.importFile(path: file, symbol: symbol, directory: directory,
                                                                       importDate: today, note: source)
                for l in findings.lines { print(l, to: &err) }
                say("\(symbol): \(out.rows) rows, \(out.first) to \(out.last), format \(out.format.rawValue) -> \(directory)/\(symbol).csv")
            } catch {
                if case .invalidInput(let fs) = error {
                    for f in fs { print(f.description, to: &err) }
                } else {
                    print(error.description, to: &err)
                }
                throw ExitCode(error.exitCode)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show symbol, first/last date, rows and source of each benchmark file.")

        @Option(name: .long, help: "Benchmark folder.") var dir: String?

        func run() throws {
            let directory = try BenchmarksCommand.directory(dir)
            let rows = BenchmarkStore(directory: directory).list()
            func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
            say(pad("symbol", 8) + pad("first", 12) + pad("last", 12) + pad("rows", 8) + "source")
            for r in rows {
                say(pad(r.symbol, 8) + pad(r.first?.description ?? "-", 12) + pad(r.last?.description ?? "-", 12)
                      + pad(String(r.rows), 8) + r.source + (r.problems > 0 ? " (\(r.problems) errors: run validate)" : ""))
            }
        }
    }
}
