import Foundation
import TearsheetCore

/// One benchmark file as `tearsheet benchmarks list` shows it.
public struct BenchmarkListing: Sendable, Equatable {
    public var symbol: String
    public var first: Day?
    public var last: Day?
    public var rows: Int
    public var source: String
    /// Errors in the file (a listing still shows it).
    public var problems: Int
}

/// Benchmark files in a folder: `DIR/SYMBOL.csv` with `date` and one of `adj_close`, `close`
/// (dividend-adjusted closes) or `return` (daily simple returns; turned into an index that is 1 on
/// the weekday before the first return, see `SeriesFile.index(fromReturns:)`).
///
/// Rules: dates strictly increasing (`duplicate-date`, `unsorted-dates`: errors), closes > 0,
/// returns > -1; a run of more than 4 missing weekdays is a warning (`benchmark-gap`); a secondary
/// benchmark missing a day that the primary has inside the book's range is a warning
/// (`benchmark-missing-day`); a primary that does not cover the book's range is a warning
/// (`benchmark-short`).
public struct BenchmarkStore: Sendable {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    /// Largest benchmark file read (bytes).
    public static let maxFileBytes = 64 << 20

    /// Path of `symbol`'s file.
    public func path(of symbol: String) -> String {
        directory.hasSuffix("/") ? directory + symbol + ".csv" : directory + "/" + symbol + ".csv"
    }

    /// Loads one benchmark; `nil` with findings when it is missing or invalid.
    public func load(_ symbol: String, findings: inout Findings) -> Benchmark? {
        let p = path(of: symbol)
        guard FileBytes.isRegularFile(p) else {
            findings.append(Finding(file: p, line: 0, column: 0, severity: .error, code: "missing-benchmark",
                                    message: "no benchmark file for \(symbol); expected \(p) (import one with `tearsheet benchmarks import \(symbol) FILE`)"))
            return nil
        }
        // 300 years of daily rows fit in 8 MiB; a file far larger is not a benchmark series.
        guard FileBytes.size(p) <= BenchmarkStore.maxFileBytes else {
            findings.append(Finding(file: p, line: 0, column: 0, severity: .error, code: "benchmark-too-large",
                                    message: "\(FileBytes.size(p)) bytes; a benchmark file is limited to \(BenchmarkStore.maxFileBytes) bytes (about 1.5 million daily rows)"))
            return nil
        }
        // Parsed once per process while the file is unchanged (a batch reads SPY and QQQ for every book).
        let parsed = Self.parsed.value(for: p) { () -> (Benchmark?, [Finding]) in
            var f = Findings()
            // Held to the benchmark folder: a link in it leading elsewhere is refused at open time.
            guard let c = SeriesFile.read(path: p, accept: [.adjustedClose, .close, .returns], findings: &f,
                                          gapWarnings: true, policy: PathPolicy(roots: [directory])) else { return (nil, f.items) }
            let closes = c.kind == .returns ? SeriesFile.index(fromReturns: c.series) : c.series
            return (Benchmark(symbol: symbol, closes: closes, source: BenchmarkStore.source(from: c.comments, file: p, sidecar: sidecarSource(symbol)),
                              sha256: c.sha256),
                    f.items)
        }
        for f in parsed.1 { findings.append(f) }
        return parsed.0
    }

    /// Parsed benchmark files with their findings, by file identity. The sidecar `SOURCES.csv`
    /// is read with the file, so a changed sidecar alone is picked up by the next process only.
    private static let parsed = FileMemo<(Benchmark?, [Finding])>()

    /// Loads `symbols` (the first is primary). With `bookRange`, secondary benchmarks are checked
    /// against the primary's days inside that range.
    public func load(_ symbols: [String], bookRange: ClosedRange<Day>? = nil) -> (benchmarks: [Benchmark], findings: Findings) {
        var findings = Findings()
        var out: [Benchmark] = []
        for s in symbols {
            if let b = load(s, findings: &findings) { out.append(b) }
        }
        if let range = bookRange, let primary = out.first, primary.symbol == symbols.first {
            if let f = primary.closes.days.first, let l = primary.closes.days.last, f > range.lowerBound || l < range.upperBound {
                findings.append(Finding(file: path(of: primary.symbol), line: 0, column: 0, severity: .warning, code: "benchmark-short",
                                        message: "\(primary.symbol) covers \(f) to \(l) but the book runs from \(range.lowerBound) to \(range.upperBound); expected the benchmark to cover the book"))
            }
            let inRange = primary.closes.days.filter { range.contains($0) }
            for b in out.dropFirst() {
                let missing = inRange.filter { b.closes.index(of: $0) == nil }
                if let first = missing.first {
                    findings.append(Finding(file: path(of: b.symbol), line: 0, column: 0, severity: .warning, code: "benchmark-missing-day",
                                            message: "\(b.symbol) lacks \(missing.count) trading day\(missing.count == 1 ? "" : "s") of \(primary.symbol) inside the book's range (first: \(first)); its return over such days is carried to the next close"))
                }
            }
        }
        return (out, findings)
    }

    /// Every `*.csv` in the folder, sorted by symbol.
    public func list() -> [BenchmarkListing] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".csv") && $0 != "SOURCES.csv" }.sorted()
        return names.map { name in
            let symbol = String(name.dropLast(4))
            var f = Findings()
            let c = SeriesFile.read(path: path(of: symbol), accept: [.adjustedClose, .close, .returns], findings: &f,
                                   policy: PathPolicy(roots: [directory]))
            return BenchmarkListing(symbol: symbol, first: c?.series.days.first, last: c?.series.days.last,
                                    rows: c?.series.count ?? 0, source: c.map { BenchmarkStore.source(from: $0.comments, file: name, sidecar: sidecarSource(symbol)) } ?? "unreadable",
                                    problems: f.errorCount)
        }
    }

    /// The provenance text: the `# source:` comment line when present, else all comments, else the file name.
    static func source(from comments: [String], file: String, sidecar: String? = nil) -> String {
        if let s = comments.first(where: { $0.lowercased().hasPrefix("source:") }) {
            return s.dropFirst("source:".count).trimmingCharacters(in: .whitespaces)
        }
        if comments.isEmpty, let sidecar { return sidecar }
        return comments.isEmpty ? (file as NSString).lastPathComponent : comments.joined(separator: "; ")
    }

    /// Sources of files that carry no `# source:` header, from `SOURCES.csv` in the folder
    /// (`symbol,source`, the source text running to the end of the line): how the shipped SPY and
    /// QQQ files, kept byte-identical to their published hashes, name their provenance.
    func sidecarSource(_ symbol: String) -> String? {
        guard let text = try? String(contentsOfFile: directory + "/SOURCES.csv", encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            guard let comma = line.firstIndex(of: ","), line[..<comma].trimmingCharacters(in: .whitespaces) == symbol else { continue }
            return line[line.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// The default benchmark folder, searched as `InstallLayout` says: `$TEARSHEET_BENCHMARKS`
    /// when set (taken as given), else the first `benchmarks-data` folder under `$TEARSHEET_HOME`,
    /// walking up from `currentDirectory`, in `PREFIX/share/tearsheet/` beside an installed binary,
    /// or walking up from the executable's folder; `nil` when none exists (`notFoundMessage` says
    /// how to install one).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment,
                                        currentDirectory: String = FileManager.default.currentDirectoryPath,
                                        executableFolder: String? = nil) -> String? {
        // The running binary (/proc/self/exe on Linux), symbolic links resolved, so an installed
        // link in ~/bin still finds the folders beside the real binary.
        let exe = executableFolder
            ?? Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent().path
        let (paths, explicit) = InstallLayout.candidates(for: .benchmarks, environment: environment,
                                                         currentDirectory: currentDirectory, executableFolder: exe)
        if explicit { return paths.first }
        return paths.first(where: FileBytes.isDirectory)
    }

    /// Why no benchmark folder was found and how to provide one.
    public static let notFoundMessage = "no benchmarks-data folder found; pass --benchmarks-dir, set benchmarks_dir in the config, or "
        + InstallLayout.installHint(for: .benchmarks)
}
