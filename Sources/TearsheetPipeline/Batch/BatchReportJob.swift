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
/// is replaced when every file in it is one its manifests list unchanged (else the book fails
/// naming the foreign or changed files, unless `forceDiscard`). Without `resume`, an existing
/// output folder fails the book unless `force` (same rule) or `forceDiscard`.
public struct BatchReportJob: Sendable {
    public var defaults: BatchDefaults
    public var resume: Bool
    public var force: Bool
    /// `--force-discard`: replace report folders even with foreign or changed files.
    public var forceDiscard: Bool
    /// Threads that parse one large input of a book (`BookRunRequest.ingestThreads`); `nil`: the
    /// active cores.
    public var ingestThreads: Int?
    /// The bundled templates (with the batch's override folder), checked once before any book runs.
    let sharedTemplates: TemplateSet

    /// - Throws: `RenderError` when the batch's template folder is unusable (nothing can run).
    public init(defaults: BatchDefaults, resume: Bool = false, force: Bool = false, forceDiscard: Bool = false) throws(RenderError) {
        self.defaults = defaults
        self.resume = resume
        self.force = force
        self.forceDiscard = forceDiscard
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
        let config = try? BookConfig.loadOrThrow(path: entry.config, allowOutsidePaths: defaults.allowOutsidePaths)
        let formatNames = entry.formats ?? defaults.formats ?? config?.report.formats ?? ["md", "html", "csv", "xlsx"]
        let templatesPath = defaults.templates ?? config?.report.templates
        let identity = config.flatMap { try? BookIdentity.identity(BookIdentity.text(config: $0, path: entry.config, formats: formatNames,
                                                                                      defaults: defaults, templates: templatesPath)) }
        if resume, let identity, BookIdentity.isUpToDate(out: entry.out, identity: identity) {
            return BatchJobResult(skipped: true)
        }
        let formats = try ReportFormat.parseList(formatNames.joined(separator: ","))
        var request = BookRunRequest(configPath: entry.config, benchmarksDir: defaults.benchmarksDir,
                                     conventions: conventions, endDay: defaults.periodEnd)
        request.allowOutsidePaths = defaults.allowOutsidePaths
        request.profile = defaults.profile
        request.ingestThreads = ingestThreads
        request.period = try defaults.period.flatMap { try ReportingPeriod.make(period: $0, from: nil, to: nil, source: entry.config) }
        // The batch's templates were loaded once; a book naming its own folder loads that one.
        // Every manifest of the set (the book's and each account's) records the identity as it is
        // written, before the set is published, so a resumed batch can tell the whole set is current.
        let preloaded = templatesPath == defaults.templates ? sharedTemplates : nil
        var options = BookReportSet.Options(formats: formats, templates: templatesPath, durable: false,
                                            templateSet: preloaded, inputIdentity: identity, strict: defaults.strict,
                                            xlsxDaily: defaults.xlsxDaily)
        options.forceDiscard = forceDiscard
        options.branding = defaults.branding
        // `--jobs` books already keep every core busy: a second thread per book for its workbook
        // would only add CPU (about 3%, docs/performance.md, "The workbook beside the other formats").
        options.workbookThread = false
        // `resume` replaces a stale report under the same rule as `force`: only a folder whose
        // every file its manifests list unchanged (a reviewer's added file makes the book fail).
        let written = try BookReportSet.write(request: request, options: options,
                                              to: URL(fileURLWithPath: entry.out), force: force || resume)
        return BatchJobResult(files: written.reports.reduce(0) { $0 + $1.output.manifest.files.count }, warnings: written.warnings)
    }
}
