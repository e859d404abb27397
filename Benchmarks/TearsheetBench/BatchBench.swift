// `tearsheet-bench batch [--books N] [--jobs J] [--profile K]`: the monthly client-reporting batch.
//
// Generates N seeded synthetic accounts (5 years, 3 sleeves, ~2,000 trades, 40 symbols each;
// TearsheetDemo.SyntheticBatch) once into the cache, then times `tearsheet batch`'s scheduler with
// the real job writing the full report set (md, html, csv, xlsx) for every book: wall time,
// books/s, CPU time and peak RSS. Then profiles K books stage by stage, single-threaded.
import Foundation
import TearsheetAttribution
import TearsheetPipeline
import TearsheetDemo
import TearsheetIngest
import TearsheetMetrics
import TearsheetReport
import TearsheetRender
import TearsheetValuation
import TearsheetCore

func runBatchBench(books: Int, jobs: Int, profileBooks: Int, cache: URL) async throws {
    let folder = cache.appendingPathComponent("batch")
    let t0 = now()
    let manifestURL = try SyntheticBatch.write(count: books, to: folder)
    print("|  |  |  |  |  | generated or reused \(books) books in \(fmt(now() - t0)) |")
    // Each run writes into a new folder and nothing is deleted here (remove `runs/` by hand):
    // file deletions shortly before a run are charged to it. ext4 without a journal (this
    // machine's disk) skips, at every file creation, each inode freed in the last 60 s (300 s
    // while its inode table block is dirty), so a run after the deletion of an earlier run's 50,000
    // files measures that scan, not Tearsheet; a monthly run into a new folder does not pay it.
    let runs = folder.appendingPathComponent("runs")
    let reports = runs.appendingPathComponent("reports-\(Int(Date().timeIntervalSince1970))-\(getpid())")
    print("|  |  |  |  |  | reports in \(reports.path) (earlier runs are kept: remove \(runs.path) when done) |")
    let manifest = try BatchManifest.load(path: manifestURL.path)
    var defaults = manifest.defaults
    defaults.formats = ["md", "html", "csv", "xlsx"]
    let job = try BatchReportJob(defaults: defaults, force: true)
    var entries = manifest.entries
    for i in entries.indices { entries[i].out = reports.appendingPathComponent(URL(fileURLWithPath: entries[i].out).lastPathComponent).path }
    let recorder = BatchRecorder(entries: entries)
    let cpu0 = cpuSeconds(), w0 = now()
    // As `tearsheet batch` does: the books are written without a sync each, the scheduler
    // flushes the finished ones while the next compute (BatchFlush), then once more at the end.
    let outcomes = await BatchScheduler(jobs: jobs).run(recorder, stop: BatchStop(), flush: BatchFlush(), job: job.job)
    if let failure = recorder.flushFailure { print("|  |  |  |  |  | flush failed: \(failure) |") }
    let wall = now() - w0, cpu = cpuSeconds() - cpu0
    let failed = outcomes.filter { $0.status != .ok }
    if let f = failed.first { print("|  |  |  |  |  | \(failed.count) books failed, first: \(f.message) |") }
    print("| batch: \(books) books x full report set (md+html+csv+xlsx), --jobs \(jobs) | \(fmt(wall)) | | \(fmt(cpu)) | "
          + "\(String(format: "%.0f", peakRSSMB())) | \(String(format: "%.2f", Double(books) / wall)) books/s; "
          + "\(String(format: "%.1f", cpu / Double(books) * 1000)) ms CPU per book; peak \(recorder.peakInFlight) in flight |")
    // After the batch line, so its peak RSS does not include the probe's 96 MiB.
    let probe = speedProbe()
    print("| machine speed probe after the batch: cores (fixed arithmetic loop) | \(fmt(probe.alu)) | | | | "
          + "one thread, none of Tearsheet's code: this virtual machine's speed drifts, so compare batch figures taken at similar probe times |")
    print("| machine speed probe after the batch: memory (random reads, copies) | \(fmt(probe.memory)) | | | | |")

    // Stage profile, one book at a time: where a book's time goes, in CPU time of this thread (wall
    // time on a shared 2-core machine measures the neighbours more than the code).
    guard profileBooks > 0 else { return }
    var stage: [String: Double] = [:]
    let order = ["config + benchmarks", "ingest + validate", "valuation", "metrics", "attribution", "BookRunner.run (all above)",
                 "report model (build)", "render md", "render html", "render csv", "render xlsx",
                 "ReportWriter.write, all formats (charts and template context shared, hashes, manifest, rename)",
                 "SPY + QQQ loaded twice (benchmarks-data)"]
    let templates = try TemplateSet.standard()
    let scratch = cache.appendingPathComponent("batch-profile")
    for entry in manifest.entries.prefix(profileBooks) {
        func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let t = threadCPU()
            defer { stage[name, default: 0] += threadCPU() - t }
            return try body()
        }
        let config = try time("config + benchmarks") { try BookConfig.loadOrThrow(path: entry.config) }
        var findings = Findings()
        let store = BenchmarkStore(directory: config.benchmarksDir ?? config.folder)
        let bench = try time("config + benchmarks") { () throws -> Benchmark in
            guard let b = store.load(config.benchmarks[0], findings: &findings) else { throw TearsheetError.invalidInput(findings.items) }
            return b
        }
        var options = config.ingestOptions
        options.calendar = bench.closes.days
        let ingested = time("ingest + validate") { ingest(config.inputs, options: options) }
        guard let ledger = ingested.ledger else { throw TearsheetError.invalidInput(ingested.findings.items) }
        let valuation = try time("valuation") {
            try value(ledger, calendar: bench.closes.days, options: BookRunner.valuationOptions(config: config, ledger: ledger))
        }
        let named = [NamedReturns(bench.symbol, bench.returns.slice(valuation.days.first!...valuation.days.last!))]
        _ = try time("metrics") {
            try MetricsEngine().compute(book: valuation.total, benchmarks: named, riskFree: .annual(0.02), roundTrips: valuation.roundTrips)
        }
        _ = try time("attribution") { try Attribution.run(book: valuation.total, benchmarks: [bench]) }
        let run = try time("BookRunner.run (all above)") { try BookRunner.run(BookRunRequest(configPath: entry.config)) }
        let document = time("report model (build)") { ReportBuilder(run: run, generatedAt: GenerationTime(secondsSinceEpoch: 1_700_000_000)).build() }
        for (name, format) in [("render md", ReportFormat.markdown), ("render html", .html), ("render csv", .csv), ("render xlsx", .xlsx)] {
            let dir = scratch.appendingPathComponent(name.replacingOccurrences(of: " ", with: "-"))
            try? FileManager.default.removeItem(at: dir)
            try time(name) { try ReportWriter.render(document, formats: [format], into: dir, templates: templates) }
        }
        _ = try time("ReportWriter.write, all formats (charts and template context shared, hashes, manifest, rename)") {
            try ReportWriter.write(document, formats: Set(ReportFormat.allCases), to: scratch.appendingPathComponent("whole"),
                                   templates: templates, force: true)
        }
    }
    // What a real book pays for its benchmarks: BookRunner loads SPY and QQQ from benchmarks-data
    // twice (once for the calendar, once checked against the book's range).
    if let dir = BenchmarkStore.defaultDirectory() {
        let store = BenchmarkStore(directory: dir)
        let t = threadCPU()
        for _ in 0..<min(profileBooks, manifest.entries.count) { _ = store.load(["SPY", "QQQ"]); _ = store.load(["SPY", "QQQ"]) }
        stage["SPY + QQQ loaded twice (benchmarks-data)"] = threadCPU() - t
    }
    let profiled = min(profileBooks, manifest.entries.count)
    let k = Double(profiled)
    for name in order {
        print("| per book: \(name) | \(fmt((stage[name] ?? 0) / k)) | | | | CPU time of the thread, mean of \(profiled) books |")
    }
}

/// CPU seconds consumed by the calling thread.
/// Two fixed workloads on one thread, none of Tearsheet's code, whose CPU times tell how fast this
/// virtual machine runs right now, so batch figures from different minutes can be compared
/// (docs/performance.md, "Batch"): 30 million xorshift steps and floating-point additions (the
/// cores), and 4 million dependent reads at random places of a 64 MiB array plus eight copies of
/// 16 MiB (caches and memory).
func speedProbe() -> (alu: Double, memory: Double) {
    var t0 = threadCPU()
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    var sum = 0.0
    for _ in 0..<30_000_000 {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17
        sum += Double(x & 0xFFFF) * 1e-5
    }
    let alu = threadCPU() - t0
    let count = 8 << 20                         // 8 Mi UInt64 = 64 MiB
    var table = [UInt64](repeating: 0, count: count)
    for i in 0..<count { x ^= x << 13; x ^= x >> 7; x ^= x << 17; table[i] = x }
    var source = [UInt8](repeating: 1, count: 16 << 20), target = [UInt8](repeating: 0, count: 16 << 20)
    t0 = threadCPU()
    var k = 0
    for _ in 0..<4_000_000 { k = Int(table[k] & UInt64(count - 1)) }
    for round in 0..<8 {
        source[round] = UInt8(truncatingIfNeeded: k)
        target.withUnsafeMutableBytes { t in source.withUnsafeBytes { s in t.copyMemory(from: s) } }
    }
    let memory = threadCPU() - t0
    if sum == 42 || k == -1 || target[3] == 42 { print("") }     // keeps the loops
    return (alu, memory)
}

func threadCPU() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
