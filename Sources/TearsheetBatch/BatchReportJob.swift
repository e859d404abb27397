import Foundation
import TearsheetCore
import TearsheetIngest
import TearsheetMetrics
import TearsheetReport
import TearsheetRender

/// The real batch job: runs one book through the pipeline and writes its report set.
///
/// With `resume`, a book whose output folder's manifest records the same input identity (see
/// `BookIdentity`) and whose files still match their hashes is skipped; any other existing output
/// is replaced. Without `resume`, an existing output folder fails the book unless `force`.
public struct BatchReportJob: Sendable {
    public var defaults: BatchDefaults
    public var resume: Bool
    public var force: Bool
    /// The bundled templates (with the batch's override folder), loaded once for every book.
    let sharedTemplates: TemplateSet

    /// - Throws: `RenderError` when the batch's template folder is unusable (nothing can run).
    public init(defaults: BatchDefaults, resume: Bool = false, force: Bool = false) throws(RenderError) {
        self.defaults = defaults
        self.resume = resume
        self.force = force
        sharedTemplates = try TemplateSet.standard(overrides: defaults.templates.map { URL(fileURLWithPath: $0) })
    }

    /// The job for `BatchScheduler.run`.
    public var job: BatchScheduler.Job { { entry in try self.run(entry) } }

    /// Runs `entry`'s book and writes its reports.
    public func run(_ entry: BatchEntry) throws -> BatchJobResult {
        guard let conventions = Conventions.preset(named: defaults.conventions) else {
            throw BookJobError.unknownConventions(defaults.conventions)
        }
        // Formats and templates of a book with a readable config; a broken config fails below, in BookRunner.
        let config = try? BookConfig.loadOrThrow(path: entry.config)
        let formatNames = entry.formats ?? defaults.formats ?? config?.report.formats ?? ["md", "html", "csv", "xlsx"]
        let templatesPath = defaults.templates ?? config?.report.templates
        let identity = try? BookIdentity.identity(BookIdentity.text(config: entry.config, formats: formatNames,
                                                                     defaults: defaults, templates: templatesPath))
        if resume, let identity, BookIdentity.isUpToDate(out: entry.out, identity: identity) {
            return BatchJobResult(skipped: true)
        }
        TempFolders.removeStale(for: entry.out)
        let formats = try ReportFormat.parseList(formatNames.joined(separator: ","))
        let run = try BookRunner.run(BookRunRequest(configPath: entry.config, benchmarksDir: defaults.benchmarksDir,
                                                    conventions: conventions, endDay: defaults.periodEnd))
        var templates = sharedTemplates
        if defaults.templates == nil, let own = templatesPath { templates = try TemplateSet.standard(overrides: URL(fileURLWithPath: own)) }
        let output = try Self.writeReportSet(run, formats: formats, to: URL(fileURLWithPath: entry.out),
                                             templates: templates, force: force || resume)
        if let identity { try Manifest.stamp(folder: output.folder, inputIdentity: identity) }
        return BatchJobResult(files: output.manifest.files.count)
    }

    /// Writes one book's report set: the single call to switch when the shared report-set writer
    /// (per-account and period reports too) lands.
    static func writeReportSet(_ run: BookRun, formats: Set<ReportFormat>, to out: URL, templates: TemplateSet,
                               force: Bool) throws -> ReportWriter.Output {
        let document = ReportBuilder(run: run, generatedAt: try GenerationTime.current()).build()
        return try ReportWriter.write(document, formats: formats, to: out, templates: templates, force: force)
    }
}
