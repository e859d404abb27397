import Foundation
import TearsheetCore
import TearsheetIngest
import TearsheetRender

/// A batch run, the library entry point behind `tearsheet batch`: loads the manifest, selects this
/// process's shard, runs the books with one `BatchScheduler` (write-behind flush included), and
/// writes the summary.
///
/// Stopping is the caller's to trigger (the CLI does it from SIGINT/SIGTERM): `requestStop()`
/// starts no new book and lets the books in flight finish; `abandon()` gives up the books in
/// flight, leaving no partial folder, and writes the summary at once (the caller then exits).
public final class BatchRun: Sendable {
    /// What to run: the manifest, this process's shard and the command line's settings.
    public struct Request: Sendable, Equatable {
        /// Path of the manifest (TOML or CSV), as given.
        public var manifest: String
        public var shard: Shard
        /// Most books in flight at once.
        public var jobs: Int
        /// Skip books whose report is up to date; rerun (replace) the others.
        public var resume: Bool
        /// Replace existing output folders (only report folders nobody added to or changed).
        public var force: Bool
        /// Replace existing report folders even with foreign or changed files (`--force-discard`).
        public var forceDiscard: Bool
        /// Folder for the summary files; `nil` = the manifest's folder.
        public var summaryFolder: String?
        /// Settings for every book, over the manifest's defaults.
        public var overrides: Overrides
        /// Seconds between two write-behind flushes of the finished books.
        public var flushInterval: Double

        public init(manifest: String, shard: Shard = .all, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                    resume: Bool = false, force: Bool = false, forceDiscard: Bool = false, summaryFolder: String? = nil,
                    overrides: Overrides = Overrides(), flushInterval: Double = 5) {
            self.manifest = manifest; self.shard = shard; self.jobs = jobs; self.resume = resume; self.force = force
            self.forceDiscard = forceDiscard
            self.summaryFolder = summaryFolder; self.overrides = overrides; self.flushInterval = flushInterval
        }
    }

    /// Settings that replace the manifest's defaults for every book (`nil` = keep the manifest's).
    /// Paths are relative to the working folder.
    public struct Overrides: Sendable, Equatable {
        /// Formats (`md`, `html`, `csv`, `xlsx`); they also win over each book's own `formats`.
        public var formats: [String]?
        public var benchmarksDir: String?
        public var conventions: String?
        public var templates: String?
        public var period: String?
        /// `--strict`: any warning fails its book.
        public var strict: Bool
        /// `--profile`: the report profile of every book.
        public var profile: BookConfig.Report.Profile?

        public init(formats: [String]? = nil, benchmarksDir: String? = nil, conventions: String? = nil,
                    templates: String? = nil, period: String? = nil, strict: Bool = false) {
            self.formats = formats; self.benchmarksDir = benchmarksDir; self.conventions = conventions
            self.templates = templates; self.period = period; self.strict = strict
        }

        /// `defaults` with these overrides applied (paths resolved against `folder`).
        public func applied(to defaults: BatchDefaults, folder: String) -> BatchDefaults {
            var d = defaults
            if let formats { d.formats = formats }
            if let benchmarksDir { d.benchmarksDir = BatchManifest.resolve(benchmarksDir, against: folder) }
            if let templates { d.templates = BatchManifest.resolve(templates, against: folder) }
            if let period { d.period = period }
            if let conventions { d.conventions = conventions }
            if strict { d.strict = true }
            if let profile { d.profile = profile }
            return d
        }
    }

    /// Why a batch could not start; nothing has run.
    public enum StartError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The manifest is unreadable or invalid: every problem, located FILE:LINE.
        case manifest(BatchManifestError)
        /// The batch's template folder is unusable.
        case templates(RenderError)

        public var description: String {
            switch self {
            case .manifest(let e): e.description
            case .templates(let e): "error: " + e.description
            }
        }
    }

    /// How a batch ended.
    public struct Result: Sendable, Equatable {
        public var summary: BatchSummary
        /// The summary files written (CSV, then JSON).
        public var summaryPaths: [String]
        /// The first failure to flush the finished books to disk: their reports were written but
        /// may not survive a power loss.
        public var flushFailure: RenderError?
        /// The final counts, for a last progress line.
        public var progress: BatchProgress

        /// The process's exit code: 3 when the reports could not be flushed to disk, else the summary's.
        public var exitCode: Int32 { flushFailure != nil ? 3 : summary.exitCode }
    }

    public let request: Request
    public let manifest: BatchManifest
    /// The books this process runs (its shard), in manifest order.
    public var entries: [BatchEntry] { recorder.entries }
    /// The folder the summary files go to.
    public let summaryFolder: String
    let recorder: BatchRecorder
    let stop = BatchStop()
    let job: BatchReportJob

    /// Loads and checks the manifest and the batch's templates; nothing runs yet.
    /// - Throws: `StartError` naming every problem of the manifest, or the template folder's.
    public init(_ request: Request) throws(StartError) {
        self.request = request
        do { manifest = try BatchManifest.load(path: request.manifest) } catch { throw .manifest(error) }
        let defaults = request.overrides.applied(to: manifest.defaults, folder: FileManager.default.currentDirectoryPath)
        do {
            var j = try BatchReportJob(defaults: defaults, resume: request.resume, force: request.force, forceDiscard: request.forceDiscard)
            // Books already run side by side: each reads its files on its own thread, so `--jobs`
            // stays the bound on the batch's threads.
            if request.jobs > 1 { j.ingestThreads = 1 }
            job = j
        } catch { throw .templates(error) }
        let entries = request.shard.select(manifest.entries).map { e in
            var e = e
            if request.overrides.formats != nil { e.formats = nil }
            return e
        }
        recorder = BatchRecorder(entries: entries)
        summaryFolder = request.summaryFolder ?? manifest.folder
    }

    /// Starts no new book; the books in flight finish. Safe from any thread, any number of times.
    public func requestStop() { stop.request() }

    public var isStopRequested: Bool { stop.isRequested }

    /// Gives up the books in flight: removes their temporary folders (so no partial output is
    /// left) and writes the summary with every unfinished book `interrupted`. For a second
    /// interrupt: the caller exits (130) right after; the books' threads are not waited for.
    /// - Returns: the summary files written, or `nil` when they could not be written.
    @discardableResult
    public func abandon() -> [String]? {
        for e in recorder.inFlight { TempFolders.removeOwn(for: e.out) }
        return try? summary(interrupted: true).write(to: summaryFolder)
    }

    /// Runs the books and writes the summary. `progress` receives the counts after each book and
    /// about once a second (it must not block).
    /// - Throws: `TearsheetError.io` when the summary cannot be written (the books' reports are).
    public func run(progress: (@Sendable (BatchProgress) -> Void)? = nil) async throws(TearsheetError) -> Result {
        if request.resume { sweepStaleTemporaryFolders() }
        let scheduler = BatchScheduler(jobs: request.jobs)
        _ = await scheduler.run(recorder, stop: stop, flush: BatchFlush(interval: request.flushInterval), job: job.job, progress: progress)
        let summary = summary(interrupted: stop.isRequested)
        let paths = try summary.write(to: summaryFolder)
        return Result(summary: summary, summaryPaths: paths, flushFailure: recorder.flushFailure, progress: recorder.counts())
    }

    /// `--resume` after a kill: removes the hidden temporary folders that dead writers left beside
    /// every book's output in the manifest (all shards: only folders whose process is gone go, so
    /// another shard's live writes stay). A book skipped as up to date would otherwise never sweep
    /// its own. Returns the folders removed.
    @discardableResult
    public func sweepStaleTemporaryFolders() -> [String] {
        manifest.entries.flatMap { TempFolders.removeStale(for: URL(fileURLWithPath: $0.out).standardizedFileURL.path) }
    }

    private func summary(interrupted: Bool) -> BatchSummary {
        BatchSummary(manifest: request.manifest, shard: request.shard, outcomes: recorder.snapshot(),
                     seconds: BatchClock.now() - recorder.started, interrupted: interrupted)
    }
}
