import ArgumentParser
import Dispatch
import Foundation
import TearsheetCore
import TearsheetIngest
import TearsheetPipeline
import TearsheetReport

/// `tearsheet batch MANIFEST`: many books, bounded parallelism, a summary, shards and resume.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Write the report set of every book listed in a manifest (TOML or CSV).",
        discussion: """
        Exit codes: 0 every book ok or skipped; 1 a book failed on bad input or config, or the \
        manifest is invalid; 3 a book failed internally; 2 usage; 130 interrupted (SIGINT/SIGTERM). \
        See docs/scale.md.
        """)

    @Argument(help: "The manifest: TOML ([[book]] tables) or CSV (config,out[,name]); paths relative to its folder.")
    var manifest: String
    @Option(name: .long, help: "Books in flight at once (default: the number of active cores).")
    var jobs: Int?
    @Option(name: .long, help: "Run only shard i of n (0-based, round-robin over manifest order), e.g. 0/4.")
    var shard: String?
    @Option(name: .customLong("shard-from-env"), help: "Read the shard index from this environment variable (e.g. JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID); needs --shard-count.")
    var shardFromEnv: String?
    @Option(name: .customLong("shard-count"), help: "With --shard-from-env: the number of shards.")
    var shardCount: Int?
    @Option(name: .customLong("shard-base"), help: "With --shard-from-env: the index the variable starts at (0, or 1 for e.g. a Slurm --array=1-N).")
    var shardBase: Int = 0
    @Flag(name: .long, help: "Skip books whose report folder's manifest still matches their inputs; rerun (replace) the others.")
    var resume = false
    @Flag(name: .long, help: "Replace existing report folders, only those whose every file is listed in their manifest unchanged.")
    var force = false
    @Flag(name: .customLong("force-discard"), help: "Replace existing report folders even if they hold files tearsheet did not write or that changed (they are lost).")
    var forceDiscard = false
    @Option(name: .long, help: "Folder for batch-summary.csv and .json (default: the manifest's folder).")
    var summary: String?
    @Option(name: .long, help: "Comma-separated formats for every book (overrides the manifest and the configs).")
    var format: String?
    @Option(name: .customLong("benchmarks-dir"), help: "Benchmark folder for every book (overrides the manifest and the configs).")
    var benchmarksDir: String?
    @Option(name: .long, help: "Metric conventions for every book: tearsheet, quantstats or empyrical.")
    var conventions: String?
    @Option(name: .long, help: "Template folder for every book.")
    var templates: String?
    @Option(name: .long, help: "Reporting period of every book: 2024-10, 2024-Q3, 2024 or FROM..TO (overrides the manifest and the configs).")
    var period: String?
    @Option(name: .long, help: "Report profile of every book: full or client (overrides the manifest and the configs).")
    var profile: String?
    @Flag(name: .long, help: "Fail a book (nothing written for it, exit 1) when its run has any warning; a book's strict = true does the same.")
    var strict = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if shard != nil && shardFromEnv != nil { throw ValidationError("Give either --shard or --shard-from-env, not both.") }
        if shardFromEnv != nil && shardCount == nil { throw ValidationError("--shard-from-env needs --shard-count N.") }
        if shardFromEnv == nil && shardCount != nil { throw ValidationError("--shard-count goes with --shard-from-env.") }
        if let period, ReportingPeriod.parse(period) == nil {
            throw ValidationError("--period: '\(period)' is not a period; expected 2024-10, 2024-Q3, 2024 or FROM..TO.")
        }
        if let formats, formats.allSatisfy(\.isEmpty) {
            throw ValidationError("--format: lists no format; name at least one of md, html, csv, xlsx and pdf.")
        }
        if let bad = formats?.first(where: { !$0.isEmpty && !BatchManifest.knownFormats.contains($0) }) {
            throw ValidationError("--format: '\(bad)' is not a format; expected md, html, csv, xlsx or pdf.")
        }
        if let conventions { _ = try tearsheet.conventions(named: conventions) }
        if let p = profile, BookConfig.Report.Profile(rawValue: p) == nil { throw ValidationError("--profile must be full or client.") }
    }

    /// `--format` as a list of lower-case names.
    var formats: [String]? {
        format.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() } }
    }

    @OptionGroup var resources: ResourceOptions

    func run() async throws {
        resources.startWatchdog("running the batch")
        let selected: Shard
        do {
            if let shard { selected = try Shard.parse(shard) } else if let v = shardFromEnv, let n = shardCount {
                selected = try Shard.fromEnvironment(v, count: n, base: shardBase, environment: ProcessInfo.processInfo.environment)
            } else { selected = .all }
        } catch { throw ValidationError(error.description) }
        var overrides = BatchRun.Overrides(formats: formats, benchmarksDir: benchmarksDir, conventions: conventions,
                                           templates: templates, period: period, strict: strict)
        overrides.profile = profile.flatMap(BookConfig.Report.Profile.init(rawValue:))
        let request = BatchRun.Request(
            manifest: manifest, shard: selected, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            resume: resume, force: force, forceDiscard: forceDiscard, summaryFolder: summary,
            overrides: overrides)

        var err = StandardError()
        let batch: BatchRun
        do { batch = try BatchRun(request) } catch {
            print(error.description, to: &err)
            throw ExitCode(1)
        }
        let signals = BatchSignals(
            stop: { batch.requestStop() },
            abandon: {
                // Second signal: the books in flight are given up (no partial folder), the summary written.
                batch.abandon()
                _exit(130)
            })
        let progress = ProgressLine()
        let result = try await batch.run { progress.update($0) }
        progress.update(result.progress, final: true)
        // Only now: a second signal while the summary is written must not kill the process before it is.
        signals.cancel()

        for o in result.summary.outcomes where o.status == .ok && !o.warnings.isEmpty {
            print("\(o.entry.name) (\(batch.manifest.file):\(o.entry.line)): \(o.warnings.count) warning\(o.warnings.count == 1 ? "" : "s")", to: &err)
            WarningOutput.print(o.warnings, prefix: "  ")
        }
        for o in result.summary.outcomes where o.status == .failed {
            print("failed: \(o.entry.name) (\(batch.manifest.file):\(o.entry.line)): \(o.message)", to: &err)
        }
        let s = result.summary
        let shardText = selected.count > 1 ? " (shard \(selected))" : ""
        say("batch\(shardText): \(s.count(.ok)) ok, \(s.count(.failed)) failed, \(s.count(.skipped)) skipped, "
              + "\(s.count(.interrupted)) interrupted in \(String(format: "%.1f", s.seconds)) s; summary: \(result.summaryPaths[0])")
        if let failure = result.flushFailure {
            print("error: the reports were written but could not be flushed to disk: \(failure)", to: &err)
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}

/// SIGINT/SIGTERM handling for a batch: the first signal calls `stop` (no new book starts; books in
/// flight finish, so their reports are complete); a second one calls `abandon`.
final class BatchSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var count = 0

    init(stop: @escaping @Sendable () -> Void, abandon: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { [self] in
                let n = lock.withLock { count += 1; return count }
                if n == 1 {
                    stop()
                    var err = StandardError()
                    print("\ninterrupted: finishing the books in flight, starting no new ones (signal again to abandon them)", to: &err)
                } else {
                    abandon()
                }
            }
            s.resume()
            sources.append(s)
        }
    }

    /// Stops listening and restores the default handlers.
    func cancel() {
        for s in sources { s.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
