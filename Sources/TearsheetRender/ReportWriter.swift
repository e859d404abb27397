import Foundation
import TearsheetCore
import TearsheetReport

/// Writes a report set safely: every format is rendered into a temporary sibling folder (same
/// parent, so the same file system and an atomic rename), hashed into `manifest.json`, flushed to
/// disk with one `syncfs(2)` of that file system (`durable`, the default: one call for the whole
/// set instead of an `fsync` per file), then renamed into place. An existing output folder is replaced only
/// with `force`: on Linux the two folders are swapped in one `renameat2(RENAME_EXCHANGE)` call, so
/// the output path always holds either the complete previous report or the complete new one; where
/// that call is unavailable the previous folder is moved aside first and restored if the final
/// rename fails. On any failure the previous report stays untouched, the temporary folder is
/// removed, and the error (`RenderError.io`, exit code 1) names the output path the failing file
/// would have had. A process killed mid-run (SIGKILL, power loss) can leave a `.NAME.tmp-*` folder
/// beside the output, never a partial report at the output path; the next write of that output
/// removes it (`TempFolders.removeStale`: folders whose writer process is gone). The system calls
/// go through `FileSystem`.
public enum ReportWriter {
    /// What was written: the final folder and the manifest.
    public struct Output: Sendable, Equatable {
        public var folder: URL
        public var manifest: Manifest

        public init(folder: URL, manifest: Manifest) {
            self.folder = folder
            self.manifest = manifest
        }
    }

    /// A step of a write, where tests inject failures (`IO.beforeStep`).
    enum Step: Equatable {
        /// Creating the temporary folder.
        case createTemp
        /// Writing one file (final relative path, e.g. `csv/metrics.csv`).
        case file(String)
        /// Writing `report.xlsx` through libxlsxwriter.
        case xlsx
        /// Writing `manifest.json`.
        case manifest
        /// Swapping the new folder into place (or moving the previous one aside).
        case replace
    }

    /// The file operations of a write. `system` in production; tests substitute failing ones.
    struct IO {
        /// Called before each step; throwing simulates a failure there.
        var beforeStep: (Step) throws(RenderError) -> Void = { _ throws(RenderError) in }
        /// Writes `data` to the file at `path` (created; it must not exist) and flushes it to disk.
        var writeFile: (Data, String) throws(RenderError) -> Void = { data, path throws(RenderError) in try FileSystem.writeNew(data, to: path) }
        /// Flushes the new report's file system before the swap (`durable`).
        var flush: (String) throws(RenderError) -> Void = { path throws(RenderError) in try FileSystem.flushFileSystem(containing: path) }
        /// Whether the atomic folder swap may be used (tests turn it off to cover the fallback).
        var allowExchange = true

        static var system: IO { IO() }
    }

    /// Renders `document` in `formats` into `outDir`. `templates` is required for Markdown and HTML.
    /// `durable: false` skips the flush to disk before the swap (a batch that flushes once at the
    /// end, or a scratch folder); the other guarantees hold either way. `xlsxDaily` is
    /// `XLSXRenderer.dailySheets` (`[report] xlsx_daily`). `workbookThread: false` writes the
    /// workbook on the calling thread, after the CSV, as `render` says.
    @discardableResult
    public static func write(_ document: ReportDocument, formats: Set<ReportFormat>, to outDir: URL,
                             templates: TemplateSet?, force: Bool, discard: Bool = false, durable: Bool = true,
                             xlsxDaily: Bool = true, workbookThread: Bool = true) throws(RenderError) -> Output {
        var io = IO.system
        if !durable { io.flush = { _ throws(RenderError) in } }
        return try write(document, formats: formats, to: outDir, templates: templates, force: force, discard: discard, io: io, xlsxDaily: xlsxDaily,
                         workbookThread: workbookThread)
    }

    static func write(_ document: ReportDocument, formats: Set<ReportFormat>, to outDir: URL,
                      templates: TemplateSet?, force: Bool, discard: Bool = false, io: IO, xlsxDaily: Bool = true,
                      workbookThread: Bool = true) throws(RenderError) -> Output {
        let problems = document.validate()
        guard problems.isEmpty else { throw .invalidDocument(problems) }
        guard !formats.isEmpty else { throw .noFormats }
        var manifest: Manifest?
        let out = try publish(to: outDir, force: force, discard: discard, io: io) { temp throws(RenderError) in
            manifest = try writeReport(document, formats: formats, into: temp, templates: templates, io: io, xlsxDaily: xlsxDaily,
                                       workbookThread: workbookThread)
        }
        guard let manifest else { throw .io(path: out.path, message: "the report was not written") }
        return Output(folder: out, manifest: manifest)
    }

    /// Renders `document` into `folder` (created if needed) and writes its `manifest.json` listing
    /// every file then in the folder: the non-atomic building block of `write` and of report sets.
    @discardableResult
    public static func writeReport(_ document: ReportDocument, formats: Set<ReportFormat>, into folder: URL,
                                   templates: TemplateSet?, inputIdentity: String? = nil, xlsxDaily: Bool = true,
                                   workbookThread: Bool = true) throws(RenderError) -> Manifest {
        try writeReport(document, formats: formats, into: folder, templates: templates, io: .system, inputIdentity: inputIdentity,
                        xlsxDaily: xlsxDaily, workbookThread: workbookThread)
    }

    /// - Parameter inputIdentity: recorded in the manifest (a batch's `--resume` key), when given.
    static func writeReport(_ document: ReportDocument, formats: Set<ReportFormat>, into folder: URL,
                            templates: TemplateSet?, io: IO, inputIdentity: String? = nil, xlsxDaily: Bool = true,
                            workbookThread: Bool = true) throws(RenderError) -> Manifest {
        let problems = document.validate()
        guard problems.isEmpty else { throw .invalidDocument(problems) }
        let written = try render(document, formats: formats, into: folder, templates: templates, io: io, xlsxDaily: xlsxDaily,
                                 workbookThread: workbookThread)
        try io.beforeStep(.manifest)
        var manifest = try Manifest.scan(folder, toolVersion: document.provenance.toolVersion, generatedAt: document.generatedAt.iso8601,
                                         written: written)
        manifest.inputIdentity = inputIdentity
        try io.writeFile(try manifest.json(), folder.appendingPathComponent("manifest.json").path)
        return manifest
    }

    /// Fills a temporary sibling of `outDir` with `fill`, flushes it to disk, then puts it in place
    /// (see the type's documentation): the previous folder (replaced only with `force`, and only
    /// when `checkReplaceable` finds nothing in it a report run did not write) or nothing is left
    /// on any failure, and the temporary folder is removed. Returns the final folder.
    /// `discard` (`--force-discard`) replaces a report folder even when it holds foreign or changed files.
    @discardableResult
    public static func publish(to outDir: URL, force: Bool, discard: Bool = false, durable: Bool = true,
                               fill: (URL) throws(RenderError) -> Void) throws(RenderError) -> URL {
        var io = IO.system
        if !durable { io.flush = { _ throws(RenderError) in } }
        return try publish(to: outDir, force: force, discard: discard, io: io, fill: fill)
    }

    /// `publish(to:force:durable:fill:)` for a `fill` that may throw any error (a report set's
    /// analysis throws the pipeline's errors): `fill`'s error is rethrown as it was thrown (a
    /// `RenderError.io` naming the file's final path), the publish's own as a `RenderError`.
    @discardableResult
    public static func publishSet(to outDir: URL, force: Bool, discard: Bool = false, durable: Bool = true,
                                  fill: (URL) throws -> Void) throws -> URL {
        var io = IO.system
        if !durable { io.flush = { _ throws(RenderError) in } }
        do throws(PublishFailure<any Error>) {
            return try publishing(to: outDir, force: force, discard: discard, io: io, fill: fill)
        } catch {
            switch error {
            case .fill(let e): throw e
            case .publish(let e): throw e
            }
        }
    }

    static func publish(to outDir: URL, force: Bool, discard: Bool = false, io: IO,
                        fill: (URL) throws(RenderError) -> Void) throws(RenderError) -> URL {
        do throws(PublishFailure<RenderError>) {
            return try publishing(to: outDir, force: force, discard: discard, io: io, fill: fill)
        } catch {
            switch error {
            case .fill(let e): throw e
            case .publish(let e): throw e
            }
        }
    }

    /// Where a publish failed: in the caller's `fill` (its error as thrown) or in the publish itself.
    enum PublishFailure<Cause: Error>: Error {
        case fill(Cause)
        case publish(RenderError)
    }

    static func publishing<Cause: Error>(to outDir: URL, force: Bool, discard: Bool = false, io: IO,
                                         fill: (URL) throws(Cause) -> Void) throws(PublishFailure<Cause>) -> URL {
        let fm = FileManager.default
        let out = outDir.standardizedFileURL
        let parent = out.deletingLastPathComponent()
        do throws(RenderError) {
            if fm.fileExists(atPath: out.path) || FileSystem.isSymlink(out.path) {
                guard force || discard else { throw .outputExists(path: out.path) }
                try checkReplaceable(out, discard: discard)
            }
        } catch { throw .publish(error) }
        do { try fm.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
            throw .publish(.io(path: parent.path, message: "cannot create the output's parent folder: \(reason(error))"))
        }
        // What a killed earlier write of this output left beside it.
        TempFolders.removeStale(for: out.path)
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let temp = parent.appendingPathComponent(".\(siblingStem(out)).tmp-\(token)")
        do throws(RenderError) { try io.beforeStep(.createTemp) } catch { throw .publish(error) }
        do { try fm.createDirectory(at: temp, withIntermediateDirectories: false) } catch {
            throw .publish(.io(path: out.path, message: "cannot write in \(parent.path): \(reason(error))"))
        }
        // After a swap the temporary path holds the previous report: removed on every path out,
        // and by the memory watchdog if it stops the process mid-write.
        MemoryWatchdog.register(temp.path)
        defer { try? fm.removeItem(at: temp); MemoryWatchdog.unregister(temp.path) }

        // Errors name the file's final path; the message says nothing was replaced.
        func located(_ e: RenderError) -> RenderError {
            guard case .io(let path, let message) = e, path.hasPrefix(temp.path) else { return e }
            return .io(path: out.path + path.dropFirst(temp.path.count),
                       message: message + " (while writing the new report in \(temp.lastPathComponent); the previous report, if any, is untouched)")
        }
        do throws(Cause) { try fill(temp) } catch {
            if let e = error as? RenderError, let relocated = located(e) as? Cause { throw .fill(relocated) }
            throw .fill(error)
        }
        do throws(RenderError) {
            try io.flush(temp.path)
            try io.beforeStep(.replace)
            try replace(out, with: temp, parent: parent, token: token, force: force || discard, discard: discard, io: io)
            FileSystem.syncDirectory(parent.path)
            return out
        } catch {
            throw .publish(located(error))
        }
    }

    /// The output's name as the stem of its sibling folders, cut to 200 bytes (whole characters) so
    /// `.NAME.tmp-PID-RANDOM` stays within the 255-byte file-name limit.
    static func siblingStem(_ out: URL) -> String {
        var stem = ""
        for ch in out.lastPathComponent {
            if stem.utf8.count + String(ch).utf8.count > 200 { break }
            stem.append(ch)
        }
        return stem
    }

    /// `force` replaces only what a report run wrote and nobody changed since: the folder must be
    /// empty, or a report folder (a Tearsheet `manifest.json` at its top, or a report set of
    /// accounts: `accounts/<slug>/manifest.json`) in which every file is either such a manifest or
    /// listed in one with the same size and SHA-256. A file a reviewer added (a signed approval),
    /// edited, or any symlink or special file makes the run refuse and list them (at most
    /// `listedProblems`). `discard` (`--force-discard`) replaces a report folder whatever it holds;
    /// a folder with no Tearsheet manifest at all (`--out ~`, `--out .`) is refused even then.
    static func checkReplaceable(_ out: URL, discard: Bool = false) throws(RenderError) {
        let fm = FileManager.default
        let attributes = try? fm.attributesOfItem(atPath: out.path)   // lstat: a symlink is not followed
        guard attributes?[.type] as? FileAttributeType == .typeDirectory else {
            throw .io(path: out.path, message: "exists and is not a folder; refusing to replace it even with --force")
        }
        let entries = (try? fm.contentsOfDirectory(atPath: out.path)) ?? []
        if entries.isEmpty { return }
        // Every manifest of the set, and the files they list (paths relative to `out`).
        var manifests: Set<String> = []
        var listed: [String: Manifest.Entry] = [:]
        let accounts = ((try? fm.contentsOfDirectory(atPath: out.appendingPathComponent("accounts").path)) ?? []).sorted()
        for prefix in [""] + accounts.map({ "accounts/\($0)/" }) {
            let url = out.appendingPathComponent(prefix + "manifest.json")
            guard isTearsheetManifest(url), let data = fm.contents(atPath: url.path) else { continue }
            manifests.insert(prefix + "manifest.json")
            guard let manifest = try? Manifest.parse(data, path: url.path) else { continue }
            for e in manifest.files { listed[prefix + e.path] = e }
        }
        guard !manifests.isEmpty else {
            throw .io(path: out.path, message: "is not a Tearsheet report folder (no manifest.json from tearsheet); refusing to replace it even with --force")
        }
        if discard { return }
        var foreign: [String] = []
        var changed: [String] = []
        let base = out.path.hasSuffix("/") ? out.path : out.path + "/"
        if let walk = fm.enumerator(atPath: out.path) {
            for case let p as String in walk {
                let type = (try? fm.attributesOfItem(atPath: base + p))?[.type] as? FileAttributeType
                if type == .typeDirectory || manifests.contains(p) { continue }
                guard type == .typeRegular, let known = listed[p] else { foreign.append(p); continue }
                guard FileSystem.fileSize(base + p) == known.bytes, let data = fm.contents(atPath: base + p),
                      Manifest.sha256Hex(data) == known.sha256 else { changed.append(p); continue }
            }
        }
        guard foreign.isEmpty && changed.isEmpty else {
            throw .io(path: out.path, message: replaceRefusal(foreign: foreign.sorted(), changed: changed.sorted()))
        }
    }

    /// How many foreign or changed files a refusal names before it counts the rest.
    static let listedProblems = 20

    /// The refusal's words: what is in the way and the two ways out.
    static func replaceRefusal(foreign: [String], changed: [String]) -> String {
        func names(_ paths: [String]) -> String {
            let shown = paths.prefix(listedProblems).map { TerminalText.safe($0).replacingOccurrences(of: "\n", with: "\\n") }.joined(separator: ", ")
            return paths.count > listedProblems ? shown + " and \(paths.count - listedProblems) more" : shown
        }
        var parts: [String] = []
        if !foreign.isEmpty { parts.append("\(foreign.count) file(s) not written by tearsheet (\(names(foreign)))") }
        if !changed.isEmpty { parts.append("\(changed.count) file(s) changed since the report was written (\(names(changed)))") }
        return "holds " + parts.joined(separator: " and ") + "; refusing to replace it with --force, which would delete them. "
            + "Move them out of the folder, or pass --force-discard to replace the folder and lose them"
    }

    /// Whether `url` is a regular file holding a JSON object whose `tool` is `tearsheet` (a FIFO
    /// or device is not opened; a file over 64 MiB, far beyond any manifest, is not read).
    static func isTearsheetManifest(_ url: URL) -> Bool {
        let fm = FileManager.default
        guard let attributes = try? fm.attributesOfItem(atPath: url.path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              ((attributes[.size] as? NSNumber)?.intValue ?? Int.max) <= 64 << 20,
              let data = fm.contents(atPath: url.path) else { return false }
        return Manifest.isMarked(data)
    }

    /// How many times a `force` write retries when another run puts a folder at the output
    /// between this run's check and its swap.
    static let concurrentAttempts = 3

    /// Puts the complete folder `temp` at `out`, replacing what is there. The output is checked
    /// again at the swap: another run may have written it meanwhile. Without `force` that is
    /// reported in words; with it the new folder is checked (`checkReplaceable`) and swapped in.
    private static func replace(_ out: URL, with temp: URL, parent: URL, token: String, force: Bool, discard: Bool,
                                io: IO) throws(RenderError) {
        let fm = FileManager.default
        for attempt in 1...concurrentAttempts {
            if !(fm.fileExists(atPath: out.path) || FileSystem.isSymlink(out.path)) {
                // rename(2) does not replace a folder that is not empty: a concurrent run's report stays.
                if rename(temp.path, out.path) == 0 { return }
                let code = errno
                guard code == EEXIST || code == ENOTEMPTY || code == ENOTDIR || code == EISDIR else {
                    throw .io(path: out.path, message: "cannot move the new report into place: \(String(cString: strerror(code)))")
                }
                guard force else {
                    throw .io(path: out.path, message: "another run wrote this folder while this one was writing; "
                              + "nothing was replaced (pass --force to replace it)")
                }
                if attempt == concurrentAttempts { break }
                continue
            }
            guard force else { throw .outputExists(path: out.path) }
            if attempt > 1 { try checkReplaceable(out, discard: discard) }
            if io.allowExchange, FileSystem.exchange(temp.path, out.path) { return }
            let old = parent.appendingPathComponent(".\(siblingStem(out)).old-\(token)")
            if rename(out.path, old.path) != 0 {
                let code = errno
                if code == ENOENT && attempt < concurrentAttempts { continue }   // moved by another run meanwhile
                throw .io(path: out.path, message: "cannot move the previous report aside: \(String(cString: strerror(code)))")
            }
            if rename(temp.path, out.path) == 0 {
                try? fm.removeItem(at: old)
                return
            }
            let code = errno
            _ = rename(old.path, out.path)
            throw .io(path: out.path, message: "cannot move the new report into place: \(String(cString: strerror(code)))")
        }
        throw .io(path: out.path, message: "other runs keep writing this folder at the same time as this one; "
                  + "nothing was replaced: run again when they have finished")
    }

    /// Renders the formats into `folder`, created if needed (no manifest, no move): the building block of `write`.
    public static func render(_ document: ReportDocument, formats: Set<ReportFormat>, into folder: URL, templates: TemplateSet?,
                              xlsxDaily: Bool = true, workbookThread: Bool = true) throws(RenderError) {
        try render(document, formats: formats, into: folder, templates: templates, io: .system, xlsxDaily: xlsxDaily,
                   workbookThread: workbookThread)
    }

    /// Returns the size and SHA-256 of every file it wrote itself (by path relative to `folder`),
    /// hashed from the bytes written, so the manifest need not read them back (the workbook, which
    /// libxlsxwriter writes, is read and hashed by `Manifest.scan`).
    @discardableResult
    static func render(_ document: ReportDocument, formats: Set<ReportFormat>, into folder: URL, templates: TemplateSet?,
                       io: IO, xlsxDaily: Bool = true, workbookThread: Bool = true) throws(RenderError) -> [String: Manifest.Entry] {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .io(path: folder.path, message: "cannot create the folder: \(reason(error))")
        }
        // Sub-folders (csv/, charts/) are created once, not before each of their files.
        var made: Set<String> = [""]
        var written: [String: Manifest.Entry] = [:]
        func put(_ text: String, _ relative: String) throws(RenderError) {
            try io.beforeStep(.file(relative))
            let url = folder.appendingPathComponent(relative, isDirectory: false)   // no stat to ask
            let sub = (relative as NSString).deletingLastPathComponent
            if !made.contains(sub) {
                do { try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true) } catch {
                    throw .io(path: url.deletingLastPathComponent().path, message: "cannot create the folder: \(reason(error))")
                }
                made.insert(sub)
            }
            let data = Data(text.utf8)
            try io.writeFile(data, url.path)
            written[relative] = Manifest.Entry(path: relative, sha256: Manifest.sha256Hex(data), bytes: data.count)
        }
        // The reading formats show bounded tables (the largest sleeves and "Other"); the CSV, the
        // machine format, every row and column (`ReportTable.readingView`).
        let reading = formats.contains(.markdown) || formats.contains(.html) || formats.contains(.pdf) || formats.contains(.xlsx) ? document.forReading : document
        // The workbook is the slowest format (libxlsxwriter's deflate and number formatting) and
        // needs nothing the others produce, so it is written on a thread of its own while this one
        // draws the charts and renders the rest: on 2 cores that takes the shorter of the two off
        // a report set's wall time. Its step is announced here, first, so `io` is only ever called
        // from this thread. Errors are those of a one-format-at-a-time run: of md, html, csv,
        // xlsx, pdf, the first that fails. A batch, whose books already fill every core, passes
        // `workbookThread: false`: the workbook is then written in its turn on this thread.
        var workbook: WorkbookThread?
        if formats.contains(.xlsx) && workbookThread {
            try io.beforeStep(.xlsx)
            workbook = WorkbookThread(reading, to: folder.appendingPathComponent("report.xlsx").path, tmpdir: folder.path,
                                      dailySheets: xlsxDaily)
        }
        // Markdown and HTML show the same charts: draw them once.
        // ... and read the same template context, built once.
        let charts = formats.contains(.markdown) || formats.contains(.html) || formats.contains(.pdf) ? SVGChart.renderAll(document) : [:]
        let context = formats.contains(.markdown) || formats.contains(.html) ? TemplateContext(svgByChart: charts, xlsxDaily: xlsxDaily).document(reading) : .object([:])
        func renderOne(_ format: ReportFormat) throws(RenderError) {
            switch format {
            case .markdown:
                guard let templates else { throw .templateMissing(name: "markdown/report") }
                for f in try MarkdownRenderer().files(for: reading, templates: templates, charts: charts, context: context) { try put(f.contents, f.path) }
            case .html:
                guard let templates else { throw .templateMissing(name: "html/report") }
                try put(try HTMLRenderer().render(reading, templates: templates, charts: charts, context: context), "report.html")
            case .csv:
                for f in CSVRenderer().files(for: document) { try put(f.contents, f.path) }
            case .pdf:
                try io.beforeStep(.file("report.pdf"))
                let data = Data(try PDFRenderer(xlsxDaily: xlsxDaily).render(reading, charts: charts))
                try io.writeFile(data, folder.appendingPathComponent("report.pdf").path)
                written["report.pdf"] = Manifest.Entry(path: "report.pdf", sha256: Manifest.sha256Hex(data), bytes: data.count)
            case .xlsx:   // reached only without `workbook`
                try io.beforeStep(.xlsx)
                if let error = writeWorkbook(reading, to: folder.appendingPathComponent("report.xlsx").path, tmpdir: folder.path,
                                             dailySheets: xlsxDaily) { throw error }
            }
        }
        var before: RenderError?, after: RenderError?
        do {
            for format in formats.sorted() where workbook == nil || format < .xlsx { try renderOne(format) }
        } catch { before = error }
        if before == nil, workbook != nil {
            do {
                for format in formats.sorted() where format > .xlsx { try renderOne(format) }
            } catch { after = error }
        }
        // Always joined, also after a failure: the thread writes into `folder`, which the caller
        // removes when this throws.
        let workbookError = workbook?.wait()
        if let error = before ?? workbookError ?? after { throw error }
        return written
    }

    /// Writes `report.xlsx` at `path`; the error, if it failed.
    private static func writeWorkbook(_ document: ReportDocument, to path: String, tmpdir: String, dailySheets: Bool) -> RenderError? {
        do throws(RenderError) {
            // libxlsxwriter's temporary files go into the report's own temporary folder:
            // the output's file system, so a full disk is reported for the report's path.
            try XLSXRenderer(dailySheets: dailySheets).write(document, to: path, tmpdir: tmpdir)
            return nil
        } catch {
            // libxlsxwriter reports a full disk or an unwritable folder as a file error at close.
            if case .xlsx(let operation, let code, let message) = error {
                return .io(path: path, message: "cannot write the workbook: \(message) (\(operation), lxw_error \(code))")
            }
            return error
        }
    }

    /// `report.xlsx` being written on a thread of its own (`render`): started by `init`, joined by `wait`.
    private final class WorkbookThread: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        /// Set by the thread before it signals `done`, read only after `wait` took that signal.
        private var error: RenderError?

        init(_ document: ReportDocument, to path: String, tmpdir: String, dailySheets: Bool) {
            let thread = Thread { [self] in
                self.error = ReportWriter.writeWorkbook(document, to: path, tmpdir: tmpdir, dailySheets: dailySheets)
                self.done.signal()
            }
            thread.stackSize = 8 << 20   // as the main thread's (and a batch job's)
            thread.start()
        }

        /// Waits for the workbook; its error, if writing it failed.
        func wait() -> RenderError? {
            done.wait()
            return error
        }
    }

    /// Flushes the file system holding `folder` to disk: what a batch that wrote its books with
    /// `durable: false` calls once at the end.
    public static func flush(folder: URL) throws(RenderError) {
        try FileSystem.flushFileSystem(containing: folder.standardizedFileURL.path)
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? error.localizedDescription
    }
}

extension GenerationTime {
    /// The generation time of a run: `SOURCE_DATE_EPOCH` when set (reproducible reruns), else the
    /// system clock. An invalid `SOURCE_DATE_EPOCH` is an error.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ReportModelError) -> GenerationTime {
        try fromEnvironment(environment, now: Int64(Date().timeIntervalSince1970))
    }
}
