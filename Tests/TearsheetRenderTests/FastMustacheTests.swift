import Foundation
import Mustache
import Testing
import TearsheetReport
@testable import TearsheetRender
import TearsheetCore

/// `FastMustache`, the only template engine at run time, against swift-mustache, kept as a
/// test-only oracle, byte for byte: the bundled templates over real report contexts, hand-written
/// tricky templates, and seeded random templates and contexts over the whole language
/// (whitespace, standalone tags, CRLF, escaping, nesting, dotted names, pragmas, indented partials).
@Suite struct FastMustacheTests {
    /// The oracle's Markdown content type: the engine's own escaping, so the comparison is about
    /// parsing and rendering.
    struct OracleMarkdown: MustacheContentType {
        func escapeText(_ text: String) -> String { FastMustache.escapeMarkdown(text) }
        static let registration: Void = { MustacheContentTypes.register(OracleMarkdown(), named: "MARKDOWN") }()
    }

    /// Renders `sources` with both engines; `nil` when either refuses the templates.
    static func both(_ sources: [String: String], _ context: Any, template: String = "report") throws -> (fast: String, library: String)? {
        _ = OracleMarkdown.registration
        var lib = MustacheLibrary()
        for (name, text) in sources {
            guard let t = try? MustacheTemplate(string: text) else { return nil }
            lib.register(t, named: name)
        }
        guard let fast = try? FastMustache(sources: sources) else { return nil }
        let f = try #require(fast.render(context, template: template))
        let l = try #require(lib.render((context as? TemplateValue)?.any ?? context, withTemplate: template))
        return (f, l)
    }

    @Test(arguments: [TemplateSet.Flavour.html, .markdown])
    func bundledTemplatesRenderIdentically(_ flavour: TemplateSet.Flavour) throws {
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates)
        let sources = (set.sources[flavour] ?? [:]).mapValues(\.text)
        #expect(throws: Never.self) { _ = try FastMustache(sources: sources) }
        for document in [SampleDocuments.small(), SampleDocuments.realistic(years: 2)] {
            let context = TemplateContext(svgByChart: SVGChart.renderAll(document)).document(document)
            let r = try #require(try Self.both(sources, context))
            #expect(r.fast == r.library)
        }
    }

    /// Templates chosen for the corners of the whitespace and partial rules.
    static let tricky: [(report: String, partial: String)] = [
        // Indented standalone partials indent every line they render, nested ones add up.
        ("<ul>\n  {{> p}}\n</ul>\n", "<li>a</li>\n<li>{{x}}</li>\n"),
        ("{{#list}}\n    {{> p}}\n{{/list}}\n", "line {{x}}\n{{#flag}}\nflag\n{{/flag}}\nend\n"),
        ("\t{{> p}}\r\n", "a\r\nb\r\n"),
        // Not standalone: the indentation is text, the partial is not indented.
        ("  {{> p}} tail\n", "a\nb\n"),
        ("x\n  {{> p}}", "one\ntwo"),
        // Standalone tags with trailing blanks, CRLF, at the end of the text.
        ("{{#flag}}  \r\nyes\r\n{{/flag}}\t\r\n{{^flag}}\nno\n{{/flag}}", ""),
        ("  {{! comment }}  \nafter\n  {{% CONTENT_TYPE: TEXT}}\n<{{x}}>", ""),
        ("{{#list}}{{.}}{{/list}}|{{#a}}{{b}}{{.b}}{{/a}}|{{a.b}}|{{^list}}empty{{/list}}", ""),
        ("{{% CONTENT_TYPE: MARKDOWN}}\n| {{x}} | {{{x}}} | {{& x}} |\n  {{> p}}\n", "{{x}}\n"),
        ("{{#s}}\n  {{#list}}\n  - {{x}}\n  {{/list}}\n{{/s}}\n", ""),
    ]

    @Test func trickyTemplatesRenderIdentically() throws {
        var rng = TestRandom(seed: 7)
        for (report, partial) in Self.tricky {
            for _ in 0..<20 {
                let context = randomContext(&rng, depth: 0)
                let r = try #require(try Self.both(["report": report, "p": partial], context), "\(report.debugDescription)")
                #expect(r.fast == r.library, "template \(report.debugDescription) partial \(partial.debugDescription)")
            }
        }
    }

    @Test func partialsThatIncludeThemselvesStopAtTheDepthBound() throws {
        let fast = try FastMustache(sources: ["report": "x{{> report}}"])
        #expect(fast.render([String: Any](), template: "report", maxDepth: 10) == nil)
        #expect(fast.renderBounded(.object([:]), template: "report", maxDepth: 10, iterationLimit: 10) == .tooDeep)
    }

    /// The partial tags of a template, located, whatever sections enclose them.
    @Test func partialsAreReadFromTheParseTree() throws {
        let fast = try FastMustache(sources: ["report": "{{> a}}\n{{#s}}\n  {{>b}}\n{{/s}}{{^t}}x{{> a}}{{/t}}", "a": "", "b": ""])
        let refs = fast.partials(of: "report").map { "\($0.name)@\($0.line):\($0.column)" }
        #expect(refs == ["a@1:1", "b@3:3", "a@4:14"])
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
            case 9: if depth == 0 { out += ["\n{{> p}}\n", "\n  {{> p}}\n", " {{> p}} ", "\n\t{{> p}}"][rng.int(4)] }
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
