import ArgumentParser
import Dispatch
import Foundation
import TearsheetPipeline
import TearsheetReport
import TearsheetRender
import TearsheetCore

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
    @Flag(name: .long, help: "Replace existing output folders.")
    var force = false
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

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if shard != nil && shardFromEnv != nil { throw ValidationError("Give either --shard or --shard-from-env, not both.") }
        if shardFromEnv != nil && shardCount == nil { throw ValidationError("--shard-from-env needs --shard-count N.") }
        if shardFromEnv == nil && shardCount != nil { throw ValidationError("--shard-count goes with --shard-from-env.") }
        if let period, ReportingPeriod.parse(period) == nil {
            throw ValidationError("--period: '\(period)' is not a period; expected 2024-10, 2024-Q3, 2024 or FROM..TO.")
        }
    }

    func run() async throws {
        let selected: Shard
        do {
            if let shard { selected = try Shard.parse(shard) } else if let v = shardFromEnv, let n = shardCount {
                selected = try Shard.fromEnvironment(v, count: n, base: shardBase, environment: ProcessInfo.processInfo.environment)
            } else { selected = .all }
        } catch { throw ValidationError(error.description) }

        var err = StandardError()
        let parsed: BatchManifest
        do { parsed = try BatchManifest.load(path: manifest) } catch {
            print(error.description, to: &err)
            throw ExitCode(1)
        }
        let defaults = try overriddenDefaults(parsed.defaults)
        let job = try BatchReportJob(defaults: defaults, resume: resume, force: force)
        // --format wins over the manifest's per-book formats too.
        let entries = selected.select(parsed.entries).map { e in
            var e = e
            if format != nil { e.formats = nil }
            return e
        }
        let recorder = BatchRecorder(entries: entries)
        let stop = BatchStop()
        let summaryFolder = summary ?? parsed.folder
        let summarise: @Sendable (Bool) -> BatchSummary = { interrupted in
            BatchSummary(manifest: manifest, shard: selected, outcomes: recorder.snapshot(),
                         seconds: BatchClock.now() - recorder.started, interrupted: interrupted)
        }
        let signals = BatchSignals(stop: stop) {
            // Second signal: abandon the books in flight, leave no partial folder, record and exit.
            for e in recorder.inFlight { TempFolders.removeOwn(for: e.out) }
            _ = try? summarise(true).write(to: summaryFolder)
            _exit(130)
        }

        let progress = ProgressLine()
        let ticker = Task {
            while !Task.isCancelled {
                progress.update(recorder.counts())
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
        // Books are written without a flush each (a syncfs per book would serialise the batch on
        // the disk): the disk writes finished books in the background while the next compute, and
        // the file systems they went to are flushed once more here, before the summary.
        let finishedFolders: @Sendable () -> [URL] = {
            recorder.snapshot().filter { $0.status == .ok }.map { URL(fileURLWithPath: $0.entry.out).standardizedFileURL.deletingLastPathComponent() }
        }
        let writeBehind = BatchWriteBehind(folders: finishedFolders)
        writeBehind.start()
        let scheduler = BatchScheduler(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        _ = await scheduler.run(recorder, stop: stop, job: job.job) { progress.update(recorder.counts()) }
        ticker.cancel()
        progress.update(recorder.counts(), final: true)

        var flushFailure = writeBehind.finish()
        var flushed = Set<String>()
        for parent in finishedFolders() where flushed.insert(parent.path).inserted {
            do { try ReportWriter.flush(folder: parent) } catch { flushFailure = "\(error)" }
        }

        let result = summarise(stop.isRequested)
        let paths = try result.write(to: summaryFolder)
        // Only now: a second signal while the summary is written must not kill the process before it is.
        signals.cancel()
        for o in result.outcomes where o.status == .failed {
            print("failed: \(o.entry.name) (\(parsed.file):\(o.entry.line)): \(o.message)", to: &err)
        }
        let shardText = selected.count > 1 ? " (shard \(selected))" : ""
        say("batch\(shardText): \(result.count(.ok)) ok, \(result.count(.failed)) failed, \(result.count(.skipped)) skipped, "
              + "\(result.count(.interrupted)) interrupted in \(String(format: "%.1f", result.seconds)) s; summary: \(paths[0])")
        if let flushFailure {
            print("error: the reports were written but could not be flushed to disk: \(flushFailure)", to: &err)
            throw ExitCode(3)
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }

    /// The manifest's defaults with the command line's overrides (paths relative to the working folder).
    func overriddenDefaults(_ d: BatchDefaults) throws -> BatchDefaults {
        var d = d
        let cwd = FileManager.default.currentDirectoryPath
        if let format {
            let names = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if let bad = names.first(where: { !BatchManifest.knownFormats.contains($0) }) {
                throw ValidationError("--format: '\(bad)' is not a format; expected md, html, csv, xlsx or pdf.")
            }
            d.formats = names
        }
        if let benchmarksDir { d.benchmarksDir = BatchManifest.resolve(benchmarksDir, against: cwd) }
        if let templates { d.templates = BatchManifest.resolve(templates, against: cwd) }
        if let period { d.period = period }
        if let conventions {
            _ = try tearsheet.conventions(named: conventions)
            d.conventions = conventions
        }
        return d
    }
}

/// SIGINT/SIGTERM handling for a batch: the first signal stops new books from starting (books in
/// flight finish, so their reports are complete); a second one calls `abandon`.
final class BatchSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var count = 0

    init(stop: BatchStop, abandon: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { [self] in
                let n = lock.withLock { count += 1; return count }
                if n == 1 {
                    stop.request()
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
