import Foundation
import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport

@Suite struct TemplateSetTests {
    /// A template or partial in a user's template folder that is a link to a file elsewhere (a
    /// secret) is refused at load, on the opened descriptor; nothing of the file is rendered.
    /// A link to another file inside the folder is fine, and a FIFO never blocks the load.
    @Test func aTemplateLinkedOutsideItsFolderIsRefused() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let set = root.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: set.appendingPathComponent("html"), withIntermediateDirectories: true)
        try Data("SECRET-SHADOW-LINE\n".utf8).write(to: root.appendingPathComponent("secret"))
        let note = set.appendingPathComponent("html/note.mustache")
        try FileManager.default.createSymbolicLink(atPath: note.path, withDestinationPath: root.appendingPathComponent("secret").path)
        #expect(throws: RenderError.self) { _ = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: set) }
        do { _ = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: set) } catch {
            #expect("\(error)".contains("outside its template folder"), "\(error)")
            #expect(!"\(error)".contains("SECRET"))
        }
        // A link to a file inside the set's folder is read.
        try FileManager.default.removeItem(at: note)
        try Data("<p class=\"own\">{{text}}</p>\n".utf8).write(to: set.appendingPathComponent("own.mustache"))
        try FileManager.default.createSymbolicLink(atPath: note.path, withDestinationPath: set.appendingPathComponent("own.mustache").path)
        let loaded = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: set)
        #expect(try HTMLRenderer().render(SampleDocuments.small(), templates: loaded).contains("<p class=\"own\">Figures net of fees.</p>"))
        // A FIFO is refused without blocking.
        try FileManager.default.removeItem(at: note)
        #expect(mkfifo(note.path, 0o600) == 0)
        #expect(throws: RenderError.self) { _ = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: set) }
    }

    @Test func userFilesOverrideTheBundledSetFileByFile() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("html"), withIntermediateDirectories: true)
        try Data("<div class=\"mine\">{{text}}</div>\n".utf8).write(to: root.appendingPathComponent("html/note.mustache"))
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: root)
        #expect(set.sources[.html]?["note"]?.path == root.appendingPathComponent("html/note.mustache").path)
        #expect(set.sources[.html]?["table"]?.path.hasPrefix(TestSupport.bundledTemplates.path) == true)
        let html = try HTMLRenderer().render(SampleDocuments.small(), templates: set)
        #expect(html.contains("<div class=\"mine\">Figures net of fees.</div>"))
        #expect(html.contains("<table"))
    }

    @Test func syntaxErrorsNameFileLineAndColumn() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("markdown"), withIntermediateDirectories: true)
        let file = root.appendingPathComponent("markdown/table.mustache")
        try Data("line one\n| {{#rows}} {{text}\n".utf8).write(to: file)
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: root)
        let error = #expect(throws: RenderError.self) { try set.check() }
        guard case .templateSyntax(let path, let line, let column, _, let lineText)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        do {
            #expect(path == file.path)
            #expect(line == 2)
            #expect(column == 19)
            #expect(lineText == "| {{#rows}} {{text}")
        }
    }

    @Test func bundledFolderIsFoundByWalkingUpOrFromTheEnvironment() throws {
        let deep = TestSupport.testsFolder.appendingPathComponent("Fixtures")
        let found = try TemplateSet.locateBundled(environment: [:], currentDirectory: deep, executable: nil)
        #expect(found.standardizedFileURL.path == TestSupport.bundledTemplates.standardizedFileURL.path)
        let viaEnv = try TemplateSet.locateBundled(environment: ["TEARSHEET_TEMPLATES": TestSupport.bundledTemplates.path],
                                                   currentDirectory: URL(fileURLWithPath: "/"), executable: nil)
        #expect(viaEnv.path == TestSupport.bundledTemplates.path)
        #expect(throws: RenderError.self) {
            try TemplateSet.locateBundled(environment: [:], currentDirectory: URL(fileURLWithPath: "/proc"), executable: nil)
        }
    }

    @Test func copyBundledWritesEditableCopies() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let written = try TemplateSet.copyBundled(from: TestSupport.bundledTemplates, to: root)
        #expect(written.contains("html/report.mustache") && written.contains("markdown/report.mustache"))
        #expect(throws: RenderError.self) { try TemplateSet.copyBundled(from: TestSupport.bundledTemplates, to: root) }
        try TemplateSet.load(bundled: root).check()
    }

    @Test func markdownEscapesTableBreakers() {
        #expect(FastMustache.escapeMarkdown("a|b\nc") == "a\\|b<br>c")
        #expect(FastMustache.escapeMarkdown("<script>") == "&lt;script&gt;")
        // A plain ampersand stays readable; one that would start a character reference is escaped,
        // so the value shows as written and never turns into markup.
        #expect(FastMustache.escapeMarkdown("P&L") == "P&L")
        #expect(FastMustache.escapeMarkdown("A & B;") == "A & B;")
        #expect(FastMustache.escapeMarkdown("&lt;b&gt;") == "&amp;lt;b&amp;gt;")
        #expect(FastMustache.escapeMarkdown("&#60;script") == "&amp;#60;script")
        #expect(FastMustache.escapeMarkdown("x&") == "x&")
        #expect(FastMustache.escapeMarkdown("r_t * 2") == "r\\_t \\* 2")
    }

    /// What a template author reads: the file, the line and column of the tag, and what to do.
    @Test(arguments: [
        ("<h1>{{title}}</h1>\n{{#sections}}\n  <p>{{id}}</p>\n", 2, 1,
         "section 'sections' is opened here and never closed; add {{/sections}} where it ends"),
        ("{{#sections}}\n{{#blocks}}\n{{/sections}}\n", 3, 1,
         "{{/sections}} does not close the open section 'blocks' (opened at line 2, column 1); close it first with {{/blocks}}"),
        ("{{/sections}}", 1, 1, "{{/sections}} closes a section that is not open"),
        ("a\n  {{=<% %>=}}", 2, 3, "changing the delimiters ({{=<% %>=}}) is not supported; write every tag with {{ }}"),
        ("{{<layout}}{{/layout}}", 1, 1,
         "template inheritance ({{< parent}}, {{$ block}}) is not supported; include shared parts as partials with {{> name}}"),
        ("{{% CONTENT_TYPE: PDF}}", 1, 19, "unknown content type 'PDF'; expected HTML, MARKDOWN or TEXT"),
        ("é {{! unfinished", 1, 3, "the comment opened here is never closed with '}}'"),
        ("{{title", 1, 1, "the tag opened here is never closed: expected '}}'"),
        ("x {{{title}}", 1, 3, "'{{{title' must be closed with '}}}'"),
        ("{{ }}", 1, 1, "an empty tag; write a name, e.g. {{title}}, or {{.}} for the current value"),
        ("tail {{", 1, 6, "'{{' at the end of the template opens a tag that is never closed"),
    ])
    func syntaxErrorsSpeakToTheTemplateAuthor(text: String, line: Int, column: Int, message: String) throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("html"), withIntermediateDirectories: true)
        let file = root.appendingPathComponent("html/report.mustache")
        try Data(text.utf8).write(to: file)
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates, overrides: root)
        let error = #expect(throws: RenderError.self) { try set.check() }
        guard case .templateSyntax(let path, let l, let c, let m, _)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(path == file.path)
        #expect(l == line && c == column, "\(l):\(c)")
        #expect(m == message)
        #expect(error?.description.hasPrefix("\(file.path):\(line):\(column): error: \(message)") == true)
    }
}
