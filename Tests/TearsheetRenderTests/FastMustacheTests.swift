import Foundation
import Mustache
import Testing
import TearsheetReport
@testable import TearsheetRender
import TearsheetCore

/// `FastMustache` against swift-mustache, byte for byte: the bundled templates over real report
/// contexts, and seeded random templates and contexts over the whole supported subset
/// (whitespace, standalone tags, CRLF, escaping, nesting, dotted names, pragmas).
@Suite struct FastMustacheTests {
    /// Renders `sources` with both engines; `nil` when the fast renderer declines the templates.
    static func both(_ sources: [String: String], _ context: Any, template: String = "report") throws -> (fast: String, library: String)? {
        MarkdownContentType.registerOnce()
        var lib = MustacheLibrary()
        for (name, text) in sources { lib.register(try MustacheTemplate(string: text), named: name) }
        guard let fast = FastMustache(sources: sources) else { return nil }
        let f = try #require(fast.render(context, template: template))
        let l = try #require(lib.render((context as? TemplateValue)?.any ?? context, withTemplate: template))
        return (f, l)
    }

    @Test(arguments: [TemplateSet.Flavour.html, .markdown])
    func bundledTemplatesRenderIdentically(_ flavour: TemplateSet.Flavour) throws {
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates)
        let sources = (set.sources[flavour] ?? [:]).mapValues(\.text)
        #expect(FastMustache(sources: sources) != nil, "the bundled templates stay inside the fast subset")
        for document in [SampleDocuments.small(), SampleDocuments.realistic(years: 2)] {
            let context = TemplateContext(svgByChart: SVGChart.renderAll(document)).document(document)
            let r = try #require(try Self.both(sources, context))
            #expect(r.fast == r.library)
        }
    }

    @Test func constructsOutsideTheSubsetAreDeclined() {
        for text in ["{{=<% %>=}}", "{{uppercased(name)}}", "{{<parent}}{{/parent}}", "  {{> p}}\n", "{{>*dynamic}}", "{{$block}}{{/block}}",
                     "{{#a}}", "{{/a}}", "{{% CONTENT_TYPE: UNKNOWN}}"] {
            #expect(FastMustache(sources: ["report": text]) == nil, "\(text)")
        }
    }

    @Test func partialsThatIncludeThemselvesStopAtTheDepthBound() {
        let fast = FastMustache(sources: ["report": "x{{> report}}"])
        #expect(fast?.render([String: Any](), template: "report", maxDepth: 10) == nil)
    }

    /// Random templates and contexts from a seeded generator; each pair rendered by both engines
    /// (3,000 pairs; `TEARSHEET_MUSTACHE_ROUNDS=N` runs more).
    @Test func randomTemplatesRenderIdentically() throws {
        let rounds = Int(ProcessInfo.processInfo.environment["TEARSHEET_MUSTACHE_ROUNDS"] ?? "") ?? 3_000
        var rng = TestRandom(seed: 20261124)
        var compared = 0
        for _ in 0..<rounds {
            let report = randomTemplate(&rng, depth: 0)
            let partial = randomTemplate(&rng, depth: 1)
            let context = randomContext(&rng, depth: 0)
            let sources = ["report": report, "p": partial]
            guard (try? MustacheTemplate(string: report)) != nil, (try? MustacheTemplate(string: partial)) != nil else { continue }
            guard let r = try Self.both(sources, context) else { continue }
            #expect(r.fast == r.library, "template \(report.debugDescription) partial \(partial.debugDescription)")
            compared += 1
        }
        #expect(compared > rounds / 2, "most random templates are inside the subset (\(compared))")
    }

    private func randomTemplate(_ rng: inout TestRandom, depth: Int) -> String {
        let names = ["x", "s", "list", "a.b", ".", "missing", "flag", "text", "a"]
        let texts = ["a", " ", "  ", "\t", "\n", "\r\n", "<&>\"'", "|*_", "{", "}", "é", "x\ny", "\r"]
        var out = ""
        for _ in 0..<rng.int(8) {
            switch rng.int(12) {
            case 0, 1, 2: out += texts[rng.int(texts.count)]
            case 3: out += "{{\(names[rng.int(names.count)])}}"
            case 4: out += "{{{\(names[rng.int(names.count)])}}}"
            case 5: out += "{{& \(names[rng.int(names.count)]) }}"
            case 6, 7:
                guard depth < 3 else { continue }
                let n = ["s", "list", "flag", "a", "missing", "text"][rng.int(6)]
                let sigil = rng.int(2) == 0 ? "#" : "^"
                let lead = rng.int(2) == 0 ? "\n" : ""
                out += "\(lead){{\(sigil)\(n)}}\(rng.int(2) == 0 ? "\n" : "")\(randomTemplate(&rng, depth: depth + 1))\(rng.int(2) == 0 ? "\n" : "")\(["", "  "][rng.int(2)]){{/\(n)}}\(rng.int(2) == 0 ? "\n" : "")"
            case 8: out += "\(rng.int(2) == 0 ? "\n" : ""){{! a comment }}\(rng.int(2) == 0 ? "\n" : "")"
            case 9: if depth == 0 { out += "\n{{> p}}\n" }
            case 10: out += "\(rng.int(2) == 0 ? "\n" : ""){{% CONTENT_TYPE: \(["TEXT", "HTML", "MARKDOWN"][rng.int(3)])}}\n"
            default: out += " {{x}} "
            }
        }
        return out
    }

    private func randomContext(_ rng: inout TestRandom, depth: Int) -> [String: Any] {
        var c: [String: Any] = [:]
        let strings = ["", "plain", "<b>&\"'</b>", "a|b*c_", "line\nbreak", "1.5%"]
        if rng.int(3) > 0 { c["x"] = strings[rng.int(strings.count)] }
        if rng.int(3) > 0 { c["flag"] = rng.int(2) == 0 }
        if rng.int(3) > 0 { c["text"] = strings[rng.int(strings.count)] }
        if depth < 2 {
            switch rng.int(4) {
            case 0: c["s"] = randomContext(&rng, depth: depth + 1)
            case 1: c["s"] = rng.int(2) == 0
            case 2: c["s"] = strings[rng.int(strings.count)]
            default: break
            }
            if rng.int(2) == 0 { c["list"] = (0..<rng.int(3)).map { _ in randomContext(&rng, depth: depth + 1) } }
            if rng.int(2) == 0 { c["a"] = ["b": strings[rng.int(strings.count)]] as [String: Any] }
        }
        return c
    }
}
