import ArgumentParser
import Foundation
import TearsheetDemo
import TearsheetIngest
import TearsheetReport
import TearsheetRender
import TearsheetCore
import TearsheetPipeline

/// `tearsheet demo`: generates the bundled example book from benchmarks-data (seeded: the same
/// bytes every time) and writes its full report set.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build the example book (examples/demo) and write its full report set, and a client statement (PDF and Markdown) per account.")

    @Option(name: .long, help: "Output folder (default: reports/demo).")
    var out: String = "reports/demo"
    @Option(name: .long, help: "Also keep the generated book's input files in this folder.")
    var book: String?
    @Option(name: .long, help: "Comma-separated formats: md,html,csv,xlsx,pdf (default: md,html,csv,xlsx).")
    var format: String = "md,html,csv,xlsx"
    @Option(name: .customLong("benchmarks-dir"), help: "Folder of benchmark files (default: $TEARSHEET_BENCHMARKS or benchmarks-data).")
    var benchmarksDir: String?
    @Option(name: .long, help: "Profile of the book's report: full (default) or client. Each account's report is its client statement either way.")
    var profile: String = "full"
    @Flag(name: .long, help: "Replace an existing output folder.")
    var force = false

    func validate() throws {
        if BookConfig.Report.Profile(rawValue: profile) == nil { throw ValidationError("--profile must be full or client.") }
        if (try? ReportFormat.parseList(format)) == nil { throw ValidationError("--format '\(format)' is not a comma-separated list of md, html, csv, xlsx and pdf.") }
    }

    func run() throws {
        guard let dir = benchmarksDir ?? BenchmarkStore.defaultDirectory() else {
            throw TearsheetError.config(file: "benchmarks-data", message: BenchmarkStore.notFoundMessage)
        }
        let spy = try SeriesFile.load(URL(fileURLWithPath: dir).appendingPathComponent("SPY.csv"))
        let qqq = try SeriesFile.load(URL(fileURLWithPath: dir).appendingPathComponent("QQQ.csv"))
        let demo = try DemoBook.generate(spy: spy, qqq: qqq)
        let folder = book.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("tearsheet-demo-book-\(ProcessInfo.processInfo.processIdentifier)")
        try demo.write(to: folder)
        defer { if book == nil { try? FileManager.default.removeItem(at: folder) } }
        var request = BookRunRequest(configPath: folder.appendingPathComponent("tearsheet.toml").path, benchmarksDir: dir)
        request.profile = BookConfig.Report.Profile(rawValue: profile)
        // The book's report, and each account's monthly client statement in accounts/<slug>/.
        var options = BookReportSet.Options(formats: try ReportFormat.parseList(format), accounts: .both)
        options.accountProfile = .client
        options.accountFormats = [.markdown, .pdf]
        TearsheetRun.summarise(try BookReportSet.write(request: request, options: options, to: URL(fileURLWithPath: out), force: force))
    }
}
