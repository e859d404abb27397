import TearsheetReport
import TearsheetCore

/// A renderer for the subset of Mustache the report templates use, producing exactly the bytes
/// swift-mustache produces for it, at a fraction of its cost.
///
/// Why: profiling the batch of monthly account reports showed swift-mustache's rendering as the
/// largest single cost of a report set (every lookup splits the name and tries several dynamic
/// protocol casts; every section copies the context stack). This renderer parses the same
/// template text with the same whitespace rules (standalone tags, the `CONTENT_TYPE` pragma) and
/// looks values up in the `TemplateValue` contexts of `TemplateContext` without casts or hashing.
///
/// Supported: text, `{{name}}`, `{{{name}}}`, `{{& name}}`, dotted names and `{{.}}`, sections and
/// inverted sections over booleans, arrays and objects, comments, partials (`{{> name}}`) that are
/// not indented, and `{{% CONTENT_TYPE: HTML|MARKDOWN|TEXT}}`. As in swift-mustache, a partial
/// starts with HTML escaping (each Markdown template names its own content type) and an empty list
/// is the context of its inverted section. Anything else (set delimiters, transforms such as
/// `{{uppercased(name)}}`, template inheritance, dynamic or indented partials, another pragma)
/// makes `init` return `nil`, and the caller renders with swift-mustache, which stays the parser
/// of record: its syntax errors (file, line, column) are reported before this renderer is tried.
/// `FastMustacheTests` renders the bundled templates and seeded random templates with both
/// engines and compares the bytes.
struct FastMustache {
    enum ContentType: Sendable { case html, markdown, text }

    indirect enum Node {
        case text(String)
        case variable([String], escaped: Bool, topOnly: Bool)
        case section([String], [Node], inverted: Bool, topOnly: Bool)
        case partial(String)
        case contentType(ContentType)
    }

    /// Parsed templates by name.
    let templates: [String: [Node]]

    /// Parses every template; `nil` when one of them uses a construct outside the subset or does
    /// not parse (the caller then uses swift-mustache, which reports syntax errors).
    init?(sources: [String: String]) {
        var parsed: [String: [Node]] = [:]
        for (name, text) in sources {
            var p = Parser(Array(text))
            guard let nodes = p.parse(section: nil, newLine: true), p.isAtEnd else { return nil }
            parsed[name] = nodes
        }
        templates = parsed
    }

    /// Renders template `name` over `object` (a `TemplateValue`, or a `[String: Any]` tree, which
    /// is converted first); `nil` when the template is missing or partials nest deeper than
    /// `maxDepth` (a template that includes itself).
    func render(_ object: Any, template name: String, maxDepth: Int = 64) -> String? {
        renderBounded(TemplateValue(any: object), template: name, maxDepth: maxDepth, iterationLimit: .max).text
    }

    /// `render` with at most `iterationLimit` section iterations (list elements) in all;
    /// `exceeded` tells a render stopped by that bound from one this renderer cannot do.
    func renderBounded(_ object: TemplateValue, template name: String, maxDepth: Int = 64, iterationLimit: Int) -> (text: String?, exceeded: Bool) {
        guard let nodes = templates[name] else { return (nil, false) }
        var out = ""
        out.reserveCapacity(1 << 16)
        var stack: [TemplateValue] = [object]
        var ok = true
        var budget = iterationLimit
        render(nodes, stack: &stack, contentType: .html, depth: 0, maxDepth: maxDepth, budget: &budget, into: &out, ok: &ok)
        return (ok ? out : nil, budget < 0)
    }

    private func render(_ nodes: [Node], stack: inout [TemplateValue], contentType: ContentType, depth: Int, maxDepth: Int,
                        budget: inout Int, into out: inout String, ok: inout Bool) {
        var contentType = contentType
        for node in nodes {
            switch node {
            case .text(let t):
                out += t
            case .variable(let name, let escaped, let topOnly):
                guard let value = Self.lookup(name, in: stack, topOnly: topOnly) else { continue }
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
                    guard Self.isFalsy(value) else { continue }
                    // An empty list is itself the context of its inverted section (as in swift-mustache).
                    var pushed = false
                    if case .list? = value, let value { stack.append(value); pushed = true }
                    render(children, stack: &stack, contentType: contentType, depth: depth, maxDepth: maxDepth, budget: &budget, into: &out, ok: &ok)
                    if pushed { stack.removeLast() }
                    continue
                }
                switch value {
                case nil: break
                case .flag(let b)?:
                    if b { render(children, stack: &stack, contentType: contentType, depth: depth, maxDepth: maxDepth, budget: &budget, into: &out, ok: &ok) }
                case .list(let list)?:
                    // Each element spends one unit of the render's iteration budget.
                    for element in list {
                        budget -= 1
                        if budget < 0 { ok = false; return }
                        stack.append(element)
                        render(children, stack: &stack, contentType: contentType, depth: depth, maxDepth: maxDepth, budget: &budget, into: &out, ok: &ok)
                        stack.removeLast()
                        if !ok { return }
                    }
                case let v?:
                    stack.append(v)
                    render(children, stack: &stack, contentType: contentType, depth: depth, maxDepth: maxDepth, budget: &budget, into: &out, ok: &ok)
                    stack.removeLast()
                }
            case .partial(let name):
                guard let nodes = templates[name] else { continue }
                guard depth < maxDepth else { ok = false; return }
                // A partial starts in HTML escaping whatever its caller used (swift-mustache's rule).
                render(nodes, stack: &stack, contentType: .html, depth: depth + 1, maxDepth: maxDepth, budget: &budget, into: &out, ok: &ok)
            case .contentType(let c):
                contentType = c
            }
            if !ok { return }
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
        case .markdown: return MarkdownContentType().escapeText(text)
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

    /// The template parser: the whitespace rules of swift-mustache's parser (a section, inverted
    /// section, closing, comment, partial or pragma tag alone on its line removes the line),
    /// over Characters as it reads them. Returns `nil` for anything outside the subset.
    struct Parser {
        let chars: [Character]
        var i = 0
        init(_ chars: [Character]) { self.chars = chars }

        var isAtEnd: Bool { i >= chars.count }
        var current: Character? { i < chars.count ? chars[i] : nil }

        mutating func parse(section: String?, newLine startNewLine: Bool) -> [Node]? {
            var nodes: [Node] = []
            var newLine = startNewLine
            var whitespaceBefore = ""
            while !isAtEnd {
                if newLine { whitespaceBefore = readSpacesAndTabs() }
                let text = readUntilTagOrNewline()
                if let c = current, c == "\n" || c == "\r\n" {
                    nodes.append(.text(whitespaceBefore + text + String(c)))
                    newLine = true
                    i += 1
                    continue
                }
                if !text.isEmpty {
                    nodes.append(.text(whitespaceBefore + text))
                    whitespaceBefore = ""
                    newLine = false
                }
                if isAtEnd { break }
                // Just after "{{".
                var setNewLine = false
                let sigil = chars[i]
                switch sigil {
                case "#", "^":
                    i += 1
                    guard let name = readName() else { return nil }
                    if isStandalone(newLine) {
                        setNewLine = true
                    } else if !whitespaceBefore.isEmpty {
                        nodes.append(.text(whitespaceBefore))
                        whitespaceBefore = ""
                    }
                    guard let children = parse(section: name, newLine: setNewLine) else { return nil }
                    let (path, top) = Self.path(name)
                    nodes.append(.section(path, children, inverted: sigil == "^", topOnly: top))
                case "/":
                    i += 1
                    guard let name = readName(), name == section else { return nil }
                    if !isStandalone(newLine), !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                    return nodes
                case "!":
                    i += 1
                    guard skipPast("}}") else { return nil }
                    setNewLine = isStandalone(newLine)
                case "{", "&":
                    if !whitespaceBefore.isEmpty {
                        nodes.append(.text(whitespaceBefore))
                        whitespaceBefore = ""
                    }
                    i += 1
                    guard let name = readName() else { return nil }
                    if sigil == "{" {
                        guard current == "}" else { return nil }
                        i += 1
                    }
                    let (path, top) = Self.path(name)
                    nodes.append(.variable(path, escaped: false, topOnly: top))
                case ">":
                    i += 1
                    while let c = current, c.isWhitespace { i += 1 }
                    guard current != "*", let name = readName(partial: true) else { return nil }
                    // An indented partial indents every line it renders: not in the subset.
                    guard whitespaceBefore.isEmpty else { return nil }
                    setNewLine = isStandalone(newLine)
                    nodes.append(.partial(name))
                case "%":
                    i += 1
                    guard let type = readContentType() else { return nil }
                    nodes.append(.contentType(type))
                    setNewLine = isStandalone(newLine)
                case "<", "$", "=":
                    return nil
                default:
                    if !whitespaceBefore.isEmpty {
                        nodes.append(.text(whitespaceBefore))
                        whitespaceBefore = ""
                    }
                    guard let name = readName() else { return nil }
                    let (path, top) = Self.path(name)
                    nodes.append(.variable(path, escaped: true, topOnly: top))
                }
                newLine = setNewLine
            }
            return section == nil ? nodes : nil
        }

        static func path(_ name: String) -> ([String], Bool) {
            (name.split(separator: ".", omittingEmptySubsequences: true).map(String.init), name.first == "." && name != ".")
        }

        mutating func readSpacesAndTabs() -> String {
            let start = i
            while let c = current, c == " " || c == "\t" { i += 1 }
            return String(chars[start..<i])
        }

        /// Text up to a newline ("\n" or "\r\n", not consumed) or up to and including "{{".
        mutating func readUntilTagOrNewline() -> String {
            var text = ""
            while let c = current {
                if c == "\n" || c == "\r\n" { break }
                if c == "{", i + 1 < chars.count, chars[i + 1] == "{" {
                    i += 2
                    break
                }
                text.append(c)
                i += 1
            }
            return text
        }

        static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
        static let partialNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*/")

        /// A tag's name and its closing "}}"; `nil` for a transform (parentheses) or no "}}".
        /// Partial names (`partial: true`) may hold "/" and start right after the sigil's blanks.
        mutating func readName(partial: Bool = false) -> String? {
            if !partial { skipWhitespace() }
            let allowed = partial ? Self.partialNameCharacters : Self.nameCharacters
            let start = i
            while let c = current, allowed.contains(c) { i += 1 }
            if current == "(" || current == ")" { return nil }
            let name = String(chars[start..<i])
            skipWhitespace()
            return readClose() ? name : nil
        }

        mutating func skipWhitespace() { while let c = current, c.isWhitespace { i += 1 } }

        mutating func readContentType() -> ContentType? {
            while let c = current, c.isWhitespace { i += 1 }
            let start = i
            while let c = current, Self.nameCharacters.contains(c) { i += 1 }
            guard String(chars[start..<i]) == "CONTENT_TYPE" else { return nil }
            while let c = current, c.isWhitespace { i += 1 }
            guard current == ":" else { return nil }
            i += 1
            while let c = current, c.isWhitespace { i += 1 }
            let vstart = i
            while let c = current, Self.nameCharacters.contains(c) { i += 1 }
            let value = String(chars[vstart..<i])
            while let c = current, c.isWhitespace { i += 1 }
            guard readClose() else { return nil }
            switch value {
            case "HTML": return .html
            case "MARKDOWN": return .markdown
            case "TEXT": return .text
            default: return nil
            }
        }

        mutating func readClose() -> Bool {
            guard i + 1 < chars.count, chars[i] == "}", chars[i + 1] == "}" else { return false }
            i += 2
            return true
        }

        mutating func skipPast(_ end: String) -> Bool {
            let e = Array(end)
            while i + e.count <= chars.count {
                if Array(chars[i..<(i + e.count)]) == e { i += e.count; return true }
                i += 1
            }
            return false
        }

        /// A tag alone on its line: the line started with only spaces or tabs before the tag, and
        /// only spaces or tabs follow it up to a newline (consumed) or the end.
        mutating func isStandalone(_ newLine: Bool) -> Bool {
            guard newLine else { return false }
            if isAtEnd { return true }
            var j = i
            while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
            if j < chars.count, chars[j].isNewline {
                i = j + 1
                return true
            }
            return false
        }
    }
}
