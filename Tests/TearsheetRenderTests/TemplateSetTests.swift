import Foundation
import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport

@Suite struct TemplateSetTests {
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
        let error = #expect(throws: RenderError.self) { _ = try set.library(.markdown) }
        guard case .templateSyntax(let path, let line, let column, _, let lineText)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        do {
            #expect(path == file.path)
            #expect(line == 2)
            #expect(column > 1)
            #expect(lineText.contains("{{text}"))
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
        _ = try TemplateSet.load(bundled: root).library(.html)
    }

    @Test func markdownEscapesTableBreakers() {
        let md = MarkdownContentType()
        #expect(md.escapeText("a|b\nc") == "a\\|b<br>c")
        #expect(md.escapeText("<script>") == "&lt;script&gt;")
        #expect(md.escapeText("r_t * 2") == "r\\_t \\* 2")
    }
}
