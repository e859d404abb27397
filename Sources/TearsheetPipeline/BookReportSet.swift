import Foundation
import TearsheetCore
import TearsheetIngest
import TearsheetRender
import TearsheetReport

/// Everything one book asks for, written in one step: the book's report, one report per account,
/// or both (`[report] accounts`), each a complete report set with its own `manifest.json`. The
/// library entry point behind `tearsheet report`, `tearsheet demo` and batch runs.
///
/// Layout of `folder`:
/// - `folder/` holds the book's report (when the book is included);
/// - `folder/accounts/<account-slug>/` holds each account's report. The slug is
///   `ReportBuilder.slug(account)`; two accounts with the same slug are a config error (a suffix
///   would make an account's folder depend on which other accounts exist that month).
///
/// Atomic: the whole set is built in a temporary sibling folder and renamed into place at the end
/// (`ReportWriter.publish`), so a failure or an interrupt leaves the previous output or nothing.
public enum BookReportSet {
    /// How to write: formats, templates and which reports. `nil` fields take the config's value.
    public struct Options: Sendable {
        /// Formats to write; `nil` = the config's `[report] formats`.
        public var formats: Set<ReportFormat>?
        /// Template folder overriding the bundled templates; `nil` = the config's `[report] templates`.
        public var templates: String?
        /// Which reports; `nil` = the config's `[report] accounts`.
        public var accounts: BookConfig.Report.Accounts?
        /// Generation time stamped in every report; `nil` = `GenerationTime.current()`.
        public var generatedAt: GenerationTime?
        /// Flush the set's file system to disk before it is swapped into place (the default). A
        /// batch writes its books with `false` and flushes once at the end (`ReportWriter.flush`).
        public var durable: Bool
        /// Templates already loaded, used instead of loading `templates` (or the book's own folder):
        /// a batch loads and parses one set for all its books. The caller makes sure it is the set
        /// the book would load.
        public var templateSet: TemplateSet?
        /// Recorded in every manifest of the set (a batch's `--resume` key), when given.
        public var inputIdentity: String?
        /// Any warning fails the set before anything is published (`--strict`); the config's
        /// `strict = true` turns it on too.
        public var strict = false
        /// `--force-discard`: replace an existing report folder even when it holds files its
        /// manifests do not list or that changed since (see `ReportWriter.checkReplaceable`).
        public var forceDiscard = false
        /// Whether the workbook holds the daily-series sheet; `nil` = the config's `[report] xlsx_daily`.
        public var xlsxDaily: Bool?
        /// Branding under the book's own (a batch manifest's `[branding]`): each key the book's
        /// config does not set comes from here.
        public var branding = Branding()
        /// The profile of each account's report when it differs from the book's (the demo writes
        /// the book's full report and a client statement per account); `nil` = the book's.
        public var accountProfile: BookConfig.Report.Profile?
        /// Formats of each account's report; `nil` = `formats`.
        public var accountFormats: Set<ReportFormat>?
        /// Write each workbook on a thread of its own beside the other formats (the default;
        /// `ReportWriter.render`). A batch, whose books already fill every core, sets `false`.
        public var workbookThread = true

        public init(formats: Set<ReportFormat>? = nil, templates: String? = nil,
                    accounts: BookConfig.Report.Accounts? = nil, generatedAt: GenerationTime? = nil, durable: Bool = true,
                    templateSet: TemplateSet? = nil, inputIdentity: String? = nil, strict: Bool = false, xlsxDaily: Bool? = nil) {
            self.inputIdentity = inputIdentity
            self.strict = strict
            self.xlsxDaily = xlsxDaily
            self.formats = formats
            self.templates = templates
            self.templateSet = templateSet
            self.accounts = accounts
            self.generatedAt = generatedAt
            self.durable = durable
        }
    }

    /// One report of the set, as written (its `output.folder` is the final location).
    public struct Report: Sendable, Equatable {
        /// `nil` for the book's report.
        public var account: String?
        public var output: ReportWriter.Output
        /// Valued trading days, trades and warnings of the run, for a one-line summary.
        public var days: Int
        public var trades: Int
        public var warnings: Int
        /// The run's warnings themselves (`FILE:LINE:COLUMN: warning: message` each), in the run's order.
        public var findings: [Finding] = []
    }

    /// What was written: the set's folder, its reports (book first, then accounts in the order the
    /// book first mentions them) and the accounts left out with the reason.
    public struct Written: Sendable, Equatable {
        public var folder: URL
        public var reports: [Report]
        /// Accounts with no trading day in the reporting period (closed before it, opened after it).
        public var skipped: [Skipped]

        /// Every report's warnings, each once (an account's report repeats the book's warnings
        /// about that account), in report order.
        public var warnings: [Finding] {
            var seen = Set<String>(), out: [Finding] = []
            for r in reports { for f in r.findings where seen.insert(f.description).inserted { out.append(f) } }
            return out
        }
    }

    /// An account left out of a set, and why.
    public struct Skipped: Sendable, Equatable {
        public var account: String
        public var reason: String
    }

    /// Runs the book of `request` and writes every report it asks for into `folder` (`nil` =
    /// `reports/<book-slug>` in the current folder).
    /// - Throws: `TearsheetError` from the pipeline (bad inputs or config, a period outside the
    ///   book, colliding account slugs), `RenderError` from rendering or writing (an existing
    ///   `folder` without `force`).
    public static func write(request: BookRunRequest, options: Options = Options(), to folder: URL?, force: Bool) throws -> Written {
        // A client statement without a period of its own covers the latest full month (reports
        // only: `attribution` and `validate` on the same config keep the whole history).
        var loaded = try BookRunner.load(request)
        loaded.config.branding = loaded.config.branding.overriding(options.branding)
        let book = BookRunner.withProfile(loaded, loaded.config.report.profile)
        let mode = options.accounts ?? book.config.report.accounts
        let formats = try options.formats ?? ReportFormat.parseList(book.config.report.formats.joined(separator: ","))
        let templates = try options.templateSet ?? TemplateSet.standard(overrides: (options.templates ?? book.config.report.templates).map { URL(fileURLWithPath: $0) })
        let generated = try options.generatedAt ?? GenerationTime.current()
        let xlsxDaily = options.xlsxDaily ?? book.config.report.xlsxDaily
        let accounts = mode == .book ? [] : try slugs(book.accounts, file: book.config.file)
        // The book's run is made before anything is written, so a bad period fails with nothing on disk.
        let bookRun = mode == .each ? nil : try BookRunner.analyse(book, account: nil)
        let strict = options.strict || book.config.strict
        if strict { try refuseWarnings(bookRun?.warnings ?? book.warnings, suppressed: book.suppressedWarnings) }

        var reports: [Report] = []
        var skipped: [Skipped] = []
        let final = (folder ?? URL(fileURLWithPath: "reports/" + ReportBuilder.slug(book.config.name))).standardizedFileURL
        // One pass over the ledger for every account's rows.
        let rows = accounts.isEmpty ? [] : book.ledger.rowsByAccount()
        // One pass over each shared input for every account's own rows (provenance).
        let accountInputs = accounts.isEmpty ? [:] : try BookRunner.accountInputs(book)
        func fill(_ temp: URL) throws {
            if let run = bookRun {
                let manifest = try write(run, formats: formats, templates: templates, generated: generated, into: temp,
                                         inputIdentity: options.inputIdentity, xlsxDaily: xlsxDaily, workbookThread: options.workbookThread)
                reports.append(Report(account: nil, output: ReportWriter.Output(folder: final, manifest: manifest),
                                      days: run.valuation.days.count, trades: run.ledger.trades.count, warnings: run.warnings.count,
                                      findings: run.warnings))
            }
            // Each account's report in its own profile (a client statement covers its own period).
            let accountBook = options.accountProfile.map { BookRunner.withProfile(book, $0) } ?? book
            for (account, slug) in accounts {
                let ledger = book.ledger.filtered(account: account, rows: rows[Int(book.ledger.accounts.id(of: account) ?? 0)])
                if accountBook.period != nil, BookRunner.reportingRange(accountBook, account: account, ledger: ledger) == nil {
                    skipped.append(Skipped(account: account, reason: "no trading day of the account in the reporting period"))
                    continue
                }
                let run = try BookRunner.analyse(accountBook, account: account, ledger: ledger, inputs: accountInputs[account])
                if strict { try refuseWarnings(run.warnings, suppressed: book.suppressedWarnings) }
                let sub = "accounts/" + slug
                // The account's manifest carries an identity derived for its folder, not the book's
                // (a hash over every client's inputs).
                let manifest = try write(run, formats: options.accountFormats ?? formats, templates: templates, generated: generated,
                                         into: temp.appendingPathComponent(sub),
                                         inputIdentity: options.inputIdentity.map { BookIdentity.forAccountFolder($0, slug: slug) }, xlsxDaily: xlsxDaily,
                                         workbookThread: options.workbookThread)
                reports.append(Report(account: account, output: ReportWriter.Output(folder: final.appendingPathComponent(sub), manifest: manifest),
                                      days: run.valuation.days.count, trades: run.ledger.trades.count, warnings: run.warnings.count,
                                      findings: run.warnings))
            }
            if reports.isEmpty, let period = book.period {
                // Every account outside the period: an error, not an empty set.
                throw TearsheetError.config(file: book.config.file, message: "the reporting period \(period) holds no trading day of any account")
            }
        }
        // The set's own error (a pipeline or render error of one report) aborts the publish and is
        // rethrown as it was (a render error naming the failing file's final path, not the
        // temporary folder's); the publish's errors (existing folder, failed rename) as they are.
        try ReportWriter.publishSet(to: final, force: force, discard: options.forceDiscard, durable: options.durable, fill: fill)
        return Written(folder: final, reports: reports, skipped: skipped)
    }

    /// Writes one run (e.g. a bare return series) as a single report set into `folder`, atomically.
    public static func write(run: BookRun, options: Options = Options(), to folder: URL, force: Bool) throws -> Written {
        if options.strict || run.config.strict { try refuseWarnings(run.warnings) }
        let formats = try options.formats ?? ReportFormat.parseList(run.config.report.formats.joined(separator: ","))
        let templates = try options.templateSet ?? TemplateSet.standard(overrides: (options.templates ?? run.config.report.templates).map { URL(fileURLWithPath: $0) })
        let generated = try options.generatedAt ?? GenerationTime.current()
        let document = ReportBuilder(run: run, generatedAt: generated).build()
        let output = try ReportWriter.write(document, formats: formats, to: folder, templates: templates, force: force, discard: options.forceDiscard,
                                            durable: options.durable, xlsxDaily: options.xlsxDaily ?? run.config.report.xlsxDaily,
                                            workbookThread: options.workbookThread)
        return Written(folder: output.folder,
                       reports: [Report(account: run.account, output: output, days: run.valuation.days.count,
                                        trades: run.ledger.trades.count, warnings: run.warnings.count, findings: run.warnings)],
                       skipped: [])
    }

    /// Strict mode: a run with any warning is refused, with every warning listed (exit 1).
    /// - Throws: `TearsheetError.invalidInput` holding the warnings and a last finding that says
    ///   why they fail the run.
    /// - Parameter suppressed: warnings past the findings cap, not in `notices` but counted.
    static func refuseWarnings(_ notices: [Finding], suppressed: Int = 0) throws(TearsheetError) {
        // Informational findings record a documented rule the tool applied: never a failure.
        let warnings = notices.filter { $0.severity == .warning }
        guard let first = warnings.first else { return }
        let n = warnings.count + suppressed
        let listed = suppressed > 0 ? " (the first \(warnings.count) listed above)" : ""
        let why = Finding(file: first.file, line: first.line, column: first.column, severity: .error, code: "strict-warnings",
                          message: "strict mode (--strict or strict = true) refuses \(n) warning\(n == 1 ? "" : "s")\(listed): fix the input\(n == 1 ? "" : "s") above or run without strict; nothing was written")
        throw .invalidInput(warnings + [why])
    }

    /// Each account with its folder name, in the book's order.
    /// - Throws: `TearsheetError.config` naming two accounts whose folder names collide.
    public static func slugs(_ accounts: [String], file: String) throws(TearsheetError) -> [(account: String, slug: String)] {
        var seen: [String: String] = [:]
        var out: [(String, String)] = []
        for a in accounts {
            let s = ReportBuilder.slug(a)
            if let other = seen[s] {
                throw .config(file: file, message: "accounts \"\(other)\" and \"\(a)\" would both be written to accounts/\(s); rename one of them so their folder names differ")
            }
            seen[s] = a
            out.append((a, s))
        }
        return out
    }

    static func write(_ run: BookRun, formats: Set<ReportFormat>, templates: TemplateSet, generated: GenerationTime,
                      into folder: URL, inputIdentity: String?, xlsxDaily: Bool, workbookThread: Bool) throws(RenderError) -> Manifest {
        let document = ReportBuilder(run: run, generatedAt: generated).build()
        return try ReportWriter.writeReport(document, formats: formats, into: folder, templates: templates, inputIdentity: inputIdentity,
                                            xlsxDaily: xlsxDaily, workbookThread: workbookThread)
    }
}
