import Foundation
import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport

@Suite struct ReportWriterTests {
    let set: TemplateSet
    init() throws { set = try TemplateSet.load(bundled: TestSupport.bundledTemplates) }

    func files(_ folder: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: folder.path)!
        for case let p as String in e {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(p).path, isDirectory: &isDir), !isDir.boolValue {
                out[p] = FileManager.default.contents(atPath: folder.appendingPathComponent(p).path)
            }
        }
        return out
    }

    @Test func writesEveryFormatAndAManifest() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("reports/demo")
        let result = try ReportWriter.write(SampleDocuments.realistic(), formats: Set(ReportFormat.allCases), to: out, templates: set, force: false)
        let written = files(out)
        for f in ["report.md", "report.html", "report.xlsx", "manifest.json", "csv/daily-series.csv", "csv/monthly-returns.csv", "charts/equity.svg"] {
            #expect(written[f] != nil, "\(f) missing")
        }
        #expect(result.manifest.files.count == written.count - 1)
        #expect(result.manifest.files.map(\.path) == result.manifest.files.map(\.path).sorted())
        for e in result.manifest.files {
            #expect(Manifest.sha256Hex(written[e.path]!) == e.sha256)
            #expect(written[e.path]!.count == e.bytes)
        }
        let json = try JSONSerialization.jsonObject(with: written["manifest.json"]!) as? [String: Any]
        #expect((json?["files"] as? [[String: Any]])?.count == result.manifest.files.count)
        // Nothing but the report is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("reports").path) == ["demo"])
    }

    /// The manifest takes a written file's hash from its writer only while the file on disk has the
    /// size written; otherwise it reads and hashes the file.
    @Test func manifestRereadsAFileWhoseSizeChanged() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        try Data("hello".utf8).write(to: root.appendingPathComponent("a.txt"))
        try Data("world".utf8).write(to: root.appendingPathComponent("b.txt"))
        let stale = Manifest.Entry(path: "a.txt", sha256: Manifest.sha256Hex(Data("hi".utf8)), bytes: 2)
        let trusted = Manifest.Entry(path: "b.txt", sha256: "from the writer", bytes: 5)
        let m = try Manifest.scan(root, toolVersion: "t", generatedAt: "g", written: ["a.txt": stale, "b.txt": trusted])
        #expect(m.files == [Manifest.Entry(path: "a.txt", sha256: Manifest.sha256Hex(Data("hello".utf8)), bytes: 5), trusted])
    }

    @Test func twoRunsAreByteIdentical() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let doc = SampleDocuments.realistic()
        try ReportWriter.write(doc, formats: Set(ReportFormat.allCases), to: root.appendingPathComponent("a"), templates: set, force: false)
        try ReportWriter.write(doc, formats: Set(ReportFormat.allCases), to: root.appendingPathComponent("b"), templates: set, force: false)
        let a = files(root.appendingPathComponent("a")), b = files(root.appendingPathComponent("b"))
        #expect(a.keys.sorted() == b.keys.sorted())
        for (k, v) in a { #expect(b[k] == v, "\(k) differs between runs") }
    }

    /// The workbook is written on a thread of its own beside the other formats (`render`): every
    /// file is the byte-for-byte file of that format written alone, one format at a time, and of
    /// the set written on one thread (`workbookThread: false`, as a batch writes).
    @Test func formatsWrittenTogetherAreTheFormatsWrittenAlone() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let doc = SampleDocuments.realistic()
        try ReportWriter.render(doc, formats: Set(ReportFormat.allCases), into: root.appendingPathComponent("together"), templates: set)
        try ReportWriter.render(doc, formats: Set(ReportFormat.allCases), into: root.appendingPathComponent("one-thread"), templates: set,
                                workbookThread: false)
        var alone: [String: Data] = [:]
        for format in ReportFormat.allCases {
            let folder = root.appendingPathComponent("alone-\(format.rawValue)")
            try ReportWriter.render(doc, formats: [format], into: folder, templates: set)
            alone.merge(files(folder)) { first, _ in first }   // charts/ is written by md and html alike
        }
        let together = files(root.appendingPathComponent("together"))
        #expect(together.keys.sorted() == alone.keys.sorted())
        #expect(together["report.xlsx"] != nil && together["report.pdf"] != nil)
        for (k, v) in together { #expect(alone[k] == v, "\(k) differs when written beside the other formats") }
        #expect(files(root.appendingPathComponent("one-thread")) == together, "the workbook on the calling thread changes a file")
    }

    /// With the workbook on its own thread, a failure is still the one a format-by-format run
    /// meets first (md, html, csv, xlsx, pdf), and the workbook's thread is done when it is thrown.
    @Test func theFirstFailingFormatIsTheErrorWithTheWorkbookBeside() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let doc = SampleDocuments.realistic(years: 1)
        // Markdown and HTML need templates: without them the Markdown error comes first, though the
        // workbook was started before it and is complete when the error arrives.
        let folder = root.appendingPathComponent("no-templates")
        #expect(throws: RenderError.templateMissing(name: "markdown/report")) {
            try ReportWriter.render(doc, formats: [.markdown, .html, .xlsx, .pdf], into: folder, templates: nil)
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.xlsx").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.pdf").path))
        // The workbook's failure comes before the PDF's, which the workbook's thread does not stop.
        let blocked = root.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("report.xlsx"), withIntermediateDirectories: true)
        var io = ReportWriter.IO.system
        io.beforeStep = { step throws(RenderError) in
            if step == .file("report.pdf") { throw .io(path: "report.pdf", message: "injected failure") }
        }
        let error = #expect(throws: RenderError.self) {
            try ReportWriter.render(doc, formats: [.xlsx, .pdf], into: blocked, templates: nil, io: io)
        }
        #expect(error?.description.contains("report.xlsx") == true, "\(String(describing: error))")
    }

    @Test func existingOutputNeedsForce() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("r")
        try ReportWriter.write(SampleDocuments.small(), formats: [.csv], to: out, templates: nil, force: false)
        #expect(throws: RenderError.outputExists(path: out.standardizedFileURL.path)) {
            try ReportWriter.write(SampleDocuments.small(), formats: [.csv], to: out, templates: nil, force: false)
        }
        try ReportWriter.write(SampleDocuments.small(), formats: [.html], to: out, templates: set, force: true)
        #expect(files(out).keys.sorted() == ["manifest.json", "report.html"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["r"])
    }

    @Test func failedRunLeavesThePreviousReportUntouched() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("r")
        try ReportWriter.write(SampleDocuments.small(), formats: [.csv, .markdown], to: out, templates: set, force: false)
        let before = files(out)
        let broken = root.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken.appendingPathComponent("html"), withIntermediateDirectories: true)
        try Data("{{#sections}}oops".utf8).write(to: broken.appendingPathComponent("html/report.mustache"))
        let bad = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: broken)
        #expect(throws: RenderError.self) {
            try ReportWriter.write(SampleDocuments.small(), formats: Set(ReportFormat.allCases), to: out, templates: bad, force: true)
        }
        #expect(files(out) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["broken", "r"])
    }

    @Test func unwritableOutputFolderIsATypedErrorAndLeavesNothing() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let blocker = root.appendingPathComponent("file.txt")
        try Data("x".utf8).write(to: blocker)
        let out = blocker.appendingPathComponent("report")
        let error = #expect(throws: RenderError.self) {
            try ReportWriter.write(SampleDocuments.small(), formats: [.csv], to: out, templates: nil, force: false)
        }
        guard case .io(let path, let message)? = error else {
            Issue.record("expected an io error, got \(String(describing: error))")
            return
        }
        do {
            #expect(path == blocker.path)
            #expect(!message.isEmpty)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["file.txt"])
    }

    @Test func invalidDocumentsAreRejected() throws {
        var doc = SampleDocuments.small()
        doc.sections.append(doc.sections[0])
        #expect(throws: RenderError.self) {
            try ReportWriter.write(doc, formats: [.csv], to: URL(fileURLWithPath: "/nonexistent/x"), templates: nil, force: false)
        }
        #expect(doc.validate().contains("duplicate section id 'summary'"))
    }

    @Test func formatListsParse() throws {
        #expect(try ReportFormat.parseList("md, html,csv,xlsx,pdf") == Set(ReportFormat.allCases))
        #expect(try ReportFormat.parseList("markdown") == [.markdown])
        #expect(throws: RenderError.self) { try ReportFormat.parseList("docx") }
    }
}

/// `FileSystem`, the one wrapper of the POSIX calls behind a report's write (renameat2 and syncfs
/// through the declared `CFileSystem` shim).
@Suite struct FileSystemTests {
    @Test func exchangeSwapsTwoFoldersAtomically() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: a, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: b, withIntermediateDirectories: true)
        try Data("A".utf8).write(to: a.appendingPathComponent("f"))
        try Data("B".utf8).write(to: b.appendingPathComponent("f"))
        #if os(Linux)
        #expect(FileSystem.exchange(a.path, b.path))
        #expect(try String(contentsOf: a.appendingPathComponent("f"), encoding: .utf8) == "B")
        #expect(try String(contentsOf: b.appendingPathComponent("f"), encoding: .utf8) == "A")
        #endif
        // A missing side: no swap, nothing changed.
        #expect(!FileSystem.exchange(a.path, root.appendingPathComponent("missing").path))
        #expect(FileManager.default.fileExists(atPath: a.appendingPathComponent("f").path))
    }

    @Test func writeNewRefusesAnExistingFileAndFlushNamesAMissingFolder() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let path = root.appendingPathComponent("x.txt").path
        try FileSystem.writeNew(Data("one".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("one".utf8))
        #expect(throws: RenderError.io(path: path, message: "cannot create the file: File exists")) {
            try FileSystem.writeNew(Data("two".utf8), to: path)
        }
        try FileSystem.flushFileSystem(containing: root.path)
        let missing = root.appendingPathComponent("missing").path
        #expect(throws: RenderError.io(path: missing, message: "cannot open the folder to flush it: No such file or directory")) {
            try FileSystem.flushFileSystem(containing: missing)
        }
    }
}
