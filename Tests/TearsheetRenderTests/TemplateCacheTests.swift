import Foundation
import Testing
@testable import TearsheetRender

/// The bundled templates are read and parsed once per process, however many reports it writes.
@Suite struct TemplateCacheTests {
    @Test func theBundledSetIsLoadedOncePerProcess() throws {
        let first = try TemplateSet.standard()
        let loads = TemplateSet.BundledCache.shared.loadCount
        #expect(loads >= 1)
        for _ in 0..<5 {
            let again = try TemplateSet.standard()
            #expect(again.sources == first.sources)
        }
        #expect(TemplateSet.BundledCache.shared.loadCount == loads, "a second call reads nothing from disk")
    }

    @Test func aFailedLoadIsNotCached() throws {
        let cache = TemplateSet.BundledCache()
        let folder = URL(fileURLWithPath: "/nonexistent/templates")
        #expect(throws: RenderError.self) {
            _ = try cache.set(for: folder) { () throws(RenderError) -> TemplateSet in throw .templatesNotFound(searched: [folder.path]) }
        }
        #expect(cache.loadCount == 0)
        let made = try cache.set(for: folder) { () throws(RenderError) -> TemplateSet in try TemplateSet.load(bundled: TestSupport.bundledTemplates) }
        let memo = try cache.set(for: folder) { () throws(RenderError) -> TemplateSet in throw .templatesNotFound(searched: []) }
        #expect(cache.loadCount == 1)
        #expect(memo.sources == made.sources)
    }

    @Test func overridesAreReadOnEveryCall() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let md = root.appendingPathComponent("markdown")
        try FileManager.default.createDirectory(at: md, withIntermediateDirectories: true)
        try "one {{x}}".write(to: md.appendingPathComponent("extra.mustache"), atomically: true, encoding: .utf8)
        #expect(try TemplateSet.standard(overrides: root).sources[.markdown]?["extra"]?.text == "one {{x}}")
        try "two {{x}}".write(to: md.appendingPathComponent("extra.mustache"), atomically: true, encoding: .utf8)
        #expect(try TemplateSet.standard(overrides: root).sources[.markdown]?["extra"]?.text == "two {{x}}")
    }
}
