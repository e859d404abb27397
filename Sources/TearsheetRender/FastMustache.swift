import TearsheetReport
import TearsheetCore

/// Tearsheet's Mustache engine, the only one at run time: parses the report templates, says where
/// a template is malformed in words a template author understands, and renders the
/// `TemplateValue` contexts of `TemplateContext`.
///
/// The language (docs/reports.md, "Templates"): text, `{{name}}` (escaped for the content type),
/// `{{{name}}}` and `{{& name}}` (raw), dotted names, `{{.}}` and `{{.name}}` (innermost context
/// only), sections and inverted sections over booleans, lists and objects, comments, partials
/// (`{{> name}}`; a partial alone on its line indents every line it renders by the tag's
/// indentation), and `{{% CONTENT_TYPE: HTML|MARKDOWN|TEXT}}`. A partial starts with HTML escaping
/// (each Markdown template names its own content type) and an empty list is the context of its
/// inverted section. Whitespace follows the Mustache specification's standalone-tag rules.
///
/// Refused with a located error: changed delimiters (`{{=<% %>=}}`), functions (`{{count(x)}}`:
/// values arrive formatted, a template only places them), template inheritance (`{{< parent}}`,
/// `{{$ block}}`), dynamic partials (`{{>*name}}`: a name from report data must never pick a
/// template), other pragmas, and an unclosed or mismatched section or tag.
///
/// Why an engine of our own: lookups go straight into the pre-built `TemplateValue` tree (no
/// dynamic casts, no hashing), and the parsed tree is ours, so the partial-cycle and missing-partial
/// checks (`TemplateGuard`) read it directly. swift-mustache is kept as a test oracle:
/// `FastMustacheTests` renders the bundled templates, tricky templates and seeded random templates
/// with both engines and compares the bytes.
struct FastMustache: Sendable {
    enum ContentType: Sendable { case html, markdown, text }

    indirect enum Node: Sendable {
        case text(String)
        case variable([String], escaped: Bool, topOnly: Bool)
        case section([String], [Node], inverted: Bool, topOnly: Bool)
        /// A partial: its name, the indentation of a standalone tag (`nil` otherwise) and the tag's
        /// position (a Character offset in its template) for errors.
        case partial(String, indentation: String?, offset: Int)
        case contentType(ContentType)
    }

    /// A malformed template, located by 1-based line and column (Characters).
    struct SyntaxError: Error, Equatable, Sendable {
        var template: String
        var line: Int
        var column: Int
        var message: String
        /// The text of the offending line.
        var lineText: String
    }

    /// Parsed templates by name.
    let templates: [String: [Node]]
    /// Template texts by name, to locate partial tags in errors.
    private let texts: [String: String]

    /// Parses every template (in name order, so the first error reported does not depend on
    /// dictionary order).
    /// - Throws: the first template's first `SyntaxError`.
    init(sources: [String: String]) throws(SyntaxError) {
        var parsed: [String: [Node]] = [:]
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            var p = Parser(Array(text))
            do {
                parsed[name] = try p.parse(section: nil, newLine: true)
            } catch {
                let (line, column, lineText) = p.location(error.offset)
                throw SyntaxError(template: name, line: line, column: column, message: error.message, lineText: lineText)
            }
        }
        templates = parsed
        texts = sources
    }

    /// The partial tags of template `name`, in text order, with their lines and columns.
    func partials(of name: String) -> [(name: String, line: Int, column: Int)] {
        var out: [(String, Int)] = []
        func walk(_ nodes: [Node]) {
            for n in nodes {
                switch n {
                case .partial(let p, _, let offset): out.append((p, offset))
                case .section(_, let children, _, _): walk(children)
                default: break
                }
            }
        }
        walk(templates[name] ?? [])
        let parser = Parser(Array(texts[name] ?? ""))
        return out.map { p, offset in
            let (line, column, _) = parser.location(offset)
            return (p, line, column)
        }
    }

    /// How a bounded render ended.
    enum Outcome: Equatable {
        case text(String)
        /// No template of that name.
        case missing
        /// More section iterations (list elements) than the limit: the section's name as written
        /// (`{{#rows}}` is `rows`), its list's length, and the `id`s of the objects around it,
        /// innermost first (a table's, then its report section's), so the error names the data.
        case tooManyIterations(section: String, elements: Int, within: [String])
        /// Partials nested deeper than the limit (only a cycle does that; `TemplateGuard` refuses
        /// cycles at load, so this is a second line of defence).
        case tooDeep
    }

    /// Renders template `name` over `object` (a `TemplateValue`, or a `[String: Any]` tree, which
    /// is converted first); `nil` unless the render completes.
    func render(_ object: Any, template name: String, maxDepth: Int = 64) -> String? {
        if case .text(let t) = renderBounded(TemplateValue(any: object), template: name, maxDepth: maxDepth, iterationLimit: .max) { return t }
        return nil
    }

    /// Renders template `name` with at most `iterationLimit` section iterations (list elements) in
    /// all and partials nested at most `maxDepth` deep.
    func renderBounded(_ object: TemplateValue, template name: String, maxDepth: Int = 64, iterationLimit: Int) -> Outcome {
        guard let nodes = templates[name] else { return .missing }
        var r = Render(maxDepth: maxDepth, budget: iterationLimit)
        var stack: [TemplateValue] = [object]
        var out = ""
        out.reserveCapacity(1 << 16)
        render(nodes, stack: &stack, contentType: .html, indentation: "", depth: 0, state: &r, into: &out)
        switch r.stop {
        case nil: return .text(out)
        case .tooManyIterations(let s, let n, let w)?: return .tooManyIterations(section: s, elements: n, within: w)
        default: return .tooDeep
        }
    }

    /// The mutable state of one render: bounds and why it stopped.
    private struct Render {
        let maxDepth: Int
        var budget: Int
        var stop: Outcome?
        init(maxDepth: Int, budget: Int) { self.maxDepth = maxDepth; self.budget = budget }
    }

    /// Renders `nodes` into `out`. With an `indentation` (inside a standalone partial), a node
    /// whose output is not empty and follows a newline written by this same call is indented
    /// (swift-mustache's rule, node by node: each section iteration and partial starts afresh).
    private func render(_ nodes: [Node], stack: inout [TemplateValue], contentType: ContentType, indentation: String,
                        depth: Int, state: inout Render, into out: inout String) {
        var contentType = contentType
        if indentation.isEmpty {
            for node in nodes {
                render(node, stack: &stack, contentType: &contentType, indentation: indentation, depth: depth, state: &state, into: &out)
                if state.stop != nil { return }
            }
            return
        }
        let start = out.utf8.count
        for node in nodes {
            // The Character "\n": after a CRLF ("\r\n", one Character) nothing is indented, as in swift-mustache.
            let afterNewline = out.utf8.count > start && out.last == "\n"
            var piece = ""
            render(node, stack: &stack, contentType: &contentType, indentation: indentation, depth: depth, state: &state, into: &piece)
            if afterNewline && !piece.isEmpty { out += indentation }
            out += piece
            if state.stop != nil { return }
        }
    }

    private func render(_ node: Node, stack: inout [TemplateValue], contentType: inout ContentType, indentation: String,
                        depth: Int, state: inout Render, into out: inout String) {
        switch node {
        case .text(let t):
            out += t
        case .variable(let name, let escaped, let topOnly):
            guard let value = Self.lookup(name, in: stack, topOnly: topOnly) else { return }
            let text: String
            switch value {
            case .text(let s): text = s
            case .flag(let b): text = b ? "true" : "false"
            default: text = String(describing: value.any)
            }
            out += escaped ? Self.escape(text, contentType) : text
        case .section(let name, let children, let inverted, let topOnly):
            let value = Self.lookup(name, in: stack, topOnly: topOnly)
            if inverted {
                guard Self.isFalsy(value) else { return }
                // An empty list is itself the context of its inverted section (as in swift-mustache).
                var pushed = false
                if case .list? = value, let value { stack.append(value); pushed = true }
                render(children, stack: &stack, contentType: contentType, indentation: indentation, depth: depth, state: &state, into: &out)
                if pushed { stack.removeLast() }
                return
            }
            switch value {
            case nil: break
            case .flag(let b)?:
                if b { render(children, stack: &stack, contentType: contentType, indentation: indentation, depth: depth, state: &state, into: &out) }
            case .list(let list)?:
                // Each element spends one unit of the render's iteration budget.
                for element in list {
                    state.budget -= 1
                    if state.budget < 0 {
                        let ids: [String] = stack.reversed().compactMap { v in
                            if case .object(let o) = v, case .text(let id)? = o["id"] { return id }
                            return nil
                        }
                        state.stop = .tooManyIterations(section: name.joined(separator: "."), elements: list.count, within: ids)
                        return
                    }
                    stack.append(element)
                    render(children, stack: &stack, contentType: contentType, indentation: indentation, depth: depth, state: &state, into: &out)
                    stack.removeLast()
                    if state.stop != nil { return }
                }
            case let v?:
                stack.append(v)
                render(children, stack: &stack, contentType: contentType, indentation: indentation, depth: depth, state: &state, into: &out)
                stack.removeLast()
            }
        case .partial(let name, let indent, _):
            guard let nodes = templates[name] else { return }
            guard depth < state.maxDepth else { state.stop = .tooDeep; return }
            // A partial starts in HTML escaping whatever its caller used (swift-mustache's rule).
            render(nodes, stack: &stack, contentType: .html, indentation: indentation + (indent ?? ""), depth: depth + 1,
                   state: &state, into: &out)
        case .contentType(let c):
            contentType = c
        }
    }

    /// Missing, `false` and empty lists render an inverted section.
    private static func isFalsy(_ value: TemplateValue?) -> Bool {
        switch value {
        case nil: return true
        case .flag(let b)?: return !b
        case .list(let l)?: return l.isEmpty
        default: return false
        }
    }

    /// Mustache's lookup: the first name is searched from the innermost context outwards (only
    /// the innermost for a name written with a leading dot), the rest descend into objects; an
    /// empty name (`.`) is the innermost context itself.
    private static func lookup(_ name: [String], in stack: [TemplateValue], topOnly: Bool) -> TemplateValue? {
        guard let first = name.first else { return stack.last }
        var value: TemplateValue?
        if topOnly {
            value = stack.last.flatMap { child(first, of: $0) }
        } else {
            for frame in stack.reversed() {
                if let v = child(first, of: frame) { value = v; break }
            }
        }
        for component in name.dropFirst() {
            guard let v = value else { return nil }
            value = child(component, of: v)
        }
        return value
    }

    private static func child(_ name: String, of value: TemplateValue) -> TemplateValue? {
        if case .object(let o) = value { return o[name] }
        return nil
    }

    static func escape(_ text: String, _ contentType: ContentType) -> String {
        switch contentType {
        case .text: return text
        case .markdown: return escapeMarkdown(text)
        case .html:
            guard text.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else { return text }
            var out = ""
            out.reserveCapacity(text.utf8.count + 16)
            for ch in text {
                switch ch {
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "&": out += "&amp;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                default: out.append(ch)
                }
            }
            return out
        }
    }

    /// Escaping for values placed in Markdown (`{{% CONTENT_TYPE: MARKDOWN}}` at the top of every
    /// Markdown template): `|` becomes `\|` and line breaks `<br>` so a value never breaks a GFM
    /// table; `<` and `>` become entities so a value cannot inject HTML, and so does an `&` that
    /// would start a character reference (`&name;`, `&#60;`), so the value shows as written; a
    /// plain `&` (as in "P&L") stays readable; `\`, `` ` ``, `*`, `_`, `[`, `]` are
    /// backslash-escaped so a value cannot start emphasis, code or a link.
    static func escapeMarkdown(_ text: String) -> String {
        // Most values (numbers, dates, plain names) hold none of the characters below.
        guard text.utf8.contains(where: { b in
            switch b {
            case 0x7C, 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C, 0x3E, 0x26, 0x0D, 0x0A: return true
            default: return false
            }
        }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var lastWasCR = false
        let scalars = Array(text.unicodeScalars)
        /// Whether the `&` at `i` starts a character reference: `#`? then letters or digits, then `;`.
        func startsReference(_ i: Int) -> Bool {
            var j = i + 1
            if j < scalars.count && scalars[j] == "#" { j += 1 }
            let first = j
            while j < scalars.count, scalars[j].properties.isASCIIHexDigit || ("a"..."z").contains(scalars[j]) || ("A"..."Z").contains(scalars[j]) { j += 1 }
            return j > first && j < scalars.count && scalars[j] == ";"
        }
        for (i, ch) in scalars.enumerated() {
            switch ch {
            case "|": out += "\\|"
            case "\\", "`", "*", "_", "[", "]": out += "\\"; out.unicodeScalars.append(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += startsReference(i) ? "&amp;" : "&"
            case "\r": out += "<br>"
            case "\n": if !lastWasCR { out += "<br>" }
            default: out.unicodeScalars.append(ch)
            }
            lastWasCR = ch == "\r"
        }
        return out
    }
}
