import Foundation
import TearsheetReport

/// Writes a report set safely: every format is rendered into a temporary sibling folder, hashed into
/// `manifest.json`, then renamed into place. An existing output folder is replaced only with
/// `force` (it is moved aside first and restored if the final rename fails); on any failure the
/// previous report stays untouched and the temporary folder is removed.
public enum ReportWriter {
    /// What was written: the final folder and the manifest.
    public struct Output: Sendable, Equatable {
        public var folder: URL
        public var manifest: Manifest
    }

    /// Renders `document` in `formats` into `outDir`. `templates` is required for Markdown and HTML.
    @discardableResult
    public static func write(_ document: ReportDocument, formats: Set<ReportFormat>, to outDir: URL,
                             templates: TemplateSet?, force: Bool) throws(RenderError) -> Output {
        let problems = document.validate()
        guard problems.isEmpty else { throw .invalidDocument(problems) }
        var manifest: Manifest?
        let out = try publish(to: outDir, force: force) { temp throws(RenderError) in
            manifest = try writeReport(document, formats: formats, into: temp, templates: templates)
        }
        guard let manifest else { throw .io(path: out.path, message: "the report was not written") }
        return Output(folder: out, manifest: manifest)
    }

    /// Renders `document` into `folder` (created if needed) and writes its `manifest.json` listing
    /// every file then in the folder: the non-atomic building block of `write` and of report sets.
    @discardableResult
    public static func writeReport(_ document: ReportDocument, formats: Set<ReportFormat>, into folder: URL,
                                   templates: TemplateSet?) throws(RenderError) -> Manifest {
        let problems = document.validate()
        guard problems.isEmpty else { throw .invalidDocument(problems) }
        try render(document, formats: formats, into: folder, templates: templates)
        let manifest = try Manifest.scan(folder, toolVersion: document.provenance.toolVersion, generatedAt: document.generatedAt.iso8601)
        try writeFile(manifest.json, to: folder.appendingPathComponent("manifest.json"))
        return manifest
    }

    /// Fills a temporary sibling of `outDir` with `fill`, then renames it into place: the previous
    /// folder (replaced only with `force`, moved aside and restored if the rename fails) or nothing
    /// is left on any failure, and the temporary folder is removed. Returns the final folder.
    @discardableResult
    public static func publish(to outDir: URL, force: Bool, fill: (URL) throws(RenderError) -> Void) throws(RenderError) -> URL {
        let fm = FileManager.default
        let out = outDir.standardizedFileURL
        let parent = out.deletingLastPathComponent()
        if fm.fileExists(atPath: out.path) && !force { throw .outputExists(path: out.path) }
        do { try fm.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
            throw .io(path: parent.path, message: "cannot create the output's parent folder: \(reason(error))")
        }
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let temp = parent.appendingPathComponent(".\(out.lastPathComponent).tmp-\(token)")
        do { try fm.createDirectory(at: temp, withIntermediateDirectories: false) } catch {
            throw .io(path: out.path, message: "cannot write in \(parent.path): \(reason(error))")
        }
        var moved = false
        defer { if !moved { try? fm.removeItem(at: temp) } }

        try fill(temp)

        var aside: URL?
        if fm.fileExists(atPath: out.path) {
            let old = parent.appendingPathComponent(".\(out.lastPathComponent).old-\(token)")
            do { try fm.moveItem(at: out, to: old) } catch {
                throw .io(path: out.path, message: "cannot move the previous report aside: \(reason(error))")
            }
            aside = old
        }
        do {
            try fm.moveItem(at: temp, to: out)
            moved = true
        } catch {
            if let aside { try? fm.moveItem(at: aside, to: out) }
            throw .io(path: out.path, message: "cannot move the new report into place: \(reason(error))")
        }
        if let aside { try? fm.removeItem(at: aside) }
        return out
    }

    /// Renders the formats into `folder`, created if needed (no manifest, no move): the building block of `write`.
    public static func render(_ document: ReportDocument, formats: Set<ReportFormat>, into folder: URL, templates: TemplateSet?) throws(RenderError) {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .io(path: folder.path, message: "cannot create the folder: \(reason(error))")
        }
        // Markdown and HTML show the same charts: draw them once.
        let charts = formats.contains(.markdown) || formats.contains(.html) ? SVGChart.renderAll(document) : [:]
        for format in formats.sorted() {
            switch format {
            case .markdown:
                guard let templates else { throw .templateMissing(name: "markdown/report") }
                for f in try MarkdownRenderer().files(for: document, templates: templates, charts: charts) {
                    try writeFile(f.contents, to: folder.appendingPathComponent(f.path))
                }
            case .html:
                guard let templates else { throw .templateMissing(name: "html/report") }
                try writeFile(try HTMLRenderer().render(document, templates: templates, charts: charts), to: folder.appendingPathComponent("report.html"))
            case .csv:
                for f in CSVRenderer().files(for: document) {
                    try writeFile(f.contents, to: folder.appendingPathComponent(f.path))
                }
            case .xlsx:
                try XLSXRenderer().write(document, to: folder.appendingPathComponent("report.xlsx").path, tmpdir: folder.path)
            }
        }
    }

    static func writeFile(_ text: String, to url: URL) throws(RenderError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        } catch {
            throw .io(path: url.path, message: "cannot write the file: \(reason(error))")
        }
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
