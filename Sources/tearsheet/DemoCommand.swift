import ArgumentParser
import Foundation
import TearsheetDemo
import TearsheetIngest
import TearsheetReport
import TearsheetRender
import TearsheetCore
import TearsheetPipeline

/// `tearsheet demo`: generates an example book from benchmarks-data (seeded: the same bytes
/// every time) and writes its full report set.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build an example book (demo or options-income) and write its report set, and a client statement (PDF and Markdown) per account.")

    @Option(name: .long, help: "Example book: demo (default) or options-income.")
    var book: String = ExampleBook.demo.rawValue
    @Option(name: .long, help: "Output folder (default: reports/BOOK, e.g. reports/demo).")
    var out: String?
    @Option(name: .customLong("keep-inputs"), help: "Also keep the generated book's input files in this folder.")
    var keepInputs: String?
    @Option(name: .long, help: "Comma-separated formats: md,html,csv,xlsx,pdf (default: md,html,csv,xlsx for demo, all five for options-income).")
    var format: String?
    @Option(name: .customLong("benchmarks-dir"), help: "Folder of benchmark files (default: $TEARSHEET_BENCHMARKS or benchmarks-data).")
    var benchmarksDir: String?
    @Option(name: .long, help: "Profile of the book's report: full (default) or client. Each account's report is its client statement either way.")
    var profile: String = "full"
    @Flag(name: .long, help: "Replace an existing output folder.")
    var force = false

    var example: ExampleBook? { ExampleBook(rawValue: book) }
    var formats: String { format ?? (example == .optionsIncome ? "md,html,csv,xlsx,pdf" : "md,html,csv,xlsx") }

    func validate() throws {
        if example == nil { throw ValidationError("--book '\(book)' is not an example book; expected one of: \(ExampleBook.names).") }
        if BookConfig.Report.Profile(rawValue: profile) == nil { throw ValidationError("--profile must be full or client.") }
        if (try? ReportFormat.parseList(formats)) == nil { throw ValidationError("--format '\(formats)' is not a comma-separated list of md, html, csv, xlsx and pdf.") }
    }

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        resources.startWatchdog("writing the demo")
        guard let example else { throw ValidationError("--book '\(book)' is not an example book; expected one of: \(ExampleBook.names).") }
        guard let dir = benchmarksDir ?? BenchmarkStore.defaultDirectory() else {
            throw TearsheetError.config(file: "benchmarks-data", message: BenchmarkStore.notFoundMessage)
        }
        let output = URL(fileURLWithPath: out ?? "reports/\(example.rawValue)").standardizedFileURL
        // Findings name their input file by its path, and reports quote them: the temporary folder
        // is named after the output folder (not the process), so a rerun writes the same bytes.
        let folder = keepInputs.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("tearsheet-\(example.rawValue)-\(Self.fnv1a(output.path))")
        defer { if keepInputs == nil { try? FileManager.default.removeItem(at: folder) } }
        if keepInputs == nil {
            // A predictable name in a shared folder: whatever sits there (a stale folder, or a
            // symbolic link planted to redirect the write) is removed, never followed, and the
            // folder is created anew, failing if another process creates it in between.
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        }
        try example.write(benchmarksFolder: URL(fileURLWithPath: dir), to: folder)
        var request = BookRunRequest(configPath: folder.appendingPathComponent("tearsheet.toml").path, benchmarksDir: dir)
        request.profile = BookConfig.Report.Profile(rawValue: profile)
        // The book's report, and each account's monthly client statement in accounts/<slug>/.
        var options = BookReportSet.Options(formats: try ReportFormat.parseList(formats), accounts: .both)
        options.accountProfile = .client
        options.accountFormats = [.markdown, .pdf]
        TearsheetRun.summarise(try BookReportSet.write(request: request, options: options, to: output, force: force))
    }

    /// FNV-1a 64-bit hash of a path, as 16 hex digits: a short stable folder name.
    static func fnv1a(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
