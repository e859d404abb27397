import Foundation
import Mustache
import TearsheetCore
import TearsheetReport

/// Bounds on user templates, so a template folder can never hang or crash a run.
///
/// - Files: a template must be a regular file (a FIFO or device named `x.mustache` would block or
///   read forever) of at most `maxTemplateBytes`.
/// - Partials: swift-mustache expands `{{> name}}` and `{{< parent}}` at render time without a
///   depth limit, so a template that includes itself (directly or through others) recurses until
///   the stack overflows. Every parsed template's partial references are collected from its token
///   tree and a cycle is refused at load, naming the chain. Dynamic partials (`{{>*name}}`), whose
///   name comes from report data, are refused: a strategy named `report` must never pick a template.
/// - Output: nested sections over the report's arrays can multiply (`{{#sections}}{{#sections}}...`).
///   One render may visit at most `maxSectionIterations` list elements in all: `FastMustache`
///   counts them itself (`renderBounded`); for swift-mustache every array of the context is a
///   `BudgetedSequence` that stops yielding once the budget is spent. Either way the render is then
///   refused, as is rendered text over `maxOutputBytes` (`TemplateSet.renderReport`).
enum TemplateGuard {
    /// Largest template file accepted (bytes). The bundled templates are a few KiB each.
    static let maxTemplateBytes = 1 << 20
    /// Section iterations allowed in one render: far above a real report (the bundled HTML of a
    /// realistic report takes under 50,000, see HostileInputTests), far below what a nested-loop
    /// bomb needs to exhaust memory.
    static let maxSectionIterations = 2_000_000
    /// Largest rendered report.md / report.html accepted (bytes).
    static let maxOutputBytes = 256 << 20

    /// Reads a template file after checking that it is a regular file within the size bound.
    static func readTemplate(_ url: URL) throws(RenderError) -> String {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path) } catch {
            throw .io(path: url.path, message: "cannot read the template: \(error.localizedDescription)")
        }
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw .io(path: url.path, message: "the template is not a regular file (a device, FIFO or folder); expected a .mustache text file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxTemplateBytes else {
            throw .io(path: url.path, message: "the template is \(size) bytes; templates are limited to \(maxTemplateBytes) bytes")
        }
        // An empty template is "" without a read: swift-foundation leaks a buffer on zero-size
        // reads (docs/reliability.md, fuzzing finding 2).
        if size == 0 { return "" }
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw .io(path: url.path, message: "cannot read the template") }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: maxTemplateBytes + 1) ?? Data() } catch {
            throw .io(path: url.path, message: "cannot read the template: \(error.localizedDescription)")
        }
        guard data.count <= maxTemplateBytes else {
            throw .io(path: url.path, message: "the template grew past \(maxTemplateBytes) bytes while being read")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .io(path: url.path, message: "template is not UTF-8") }
        return text
    }

    /// Partial names a parsed template refers to: `static` (`{{> name}}`, `{{< name}}`) and whether
    /// it holds a dynamic partial (`{{>*name}}`). Read from the token tree by reflection, so the
    /// answer is exactly what the renderer will expand, whatever delimiters the text set.
    static func references(of template: MustacheTemplate) -> (names: Set<String>, dynamic: Bool) {
        var names = Set<String>()
        var dynamic = false
        func walk(_ value: Any, depth: Int) {
            guard depth < 200 else { return }
            // Leaves that hold no token (text, names, transforms, indentation) are skipped without
            // building a Mirror (the templates fuzz target: 123 -> 142 executions per second).
            if value is String || value is [String] || value is String? { return }
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .enum, let child = mirror.children.first {
                switch child.label {
                case "partial":
                    if let name = Mirror(reflecting: child.value).children.first?.value as? String { names.insert(name) }
                case "dynamicNamePartial":
                    dynamic = true
                default: break
                }
            }
            for c in mirror.children { walk(c.value, depth: depth + 1) }
        }
        walk(template, depth: 0)
        return (names, dynamic)
    }

    /// Refuses a flavour's templates when partials form a cycle or a dynamic partial is used.
    static func checkPartials(_ templates: [String: (template: MustacheTemplate, path: String)]) throws(RenderError) {
        var edges: [String: [String]] = [:]
        for (name, t) in templates {
            let refs = references(of: t.template)
            if refs.dynamic {
                throw .templateUnsupported(file: t.path, message: "dynamic partials ({{>*name}}) are not allowed: a partial's name must be written in the template")
            }
            edges[name] = refs.names.filter { templates[$0] != nil }.sorted()
        }
        // Depth-first search with colours; the first back edge found gives the cycle.
        var state: [String: Int] = [:]   // 1 on the stack, 2 done
        var stack: [String] = []
        func visit(_ n: String) -> [String]? {
            state[n] = 1
            stack.append(n)
            for m in edges[n] ?? [] {
                if state[m] == 1, let i = stack.firstIndex(of: m) { return Array(stack[i...]) + [m] }
                if state[m] == nil, let cycle = visit(m) { return cycle }
            }
            stack.removeLast()
            state[n] = 2
            return nil
        }
        for n in edges.keys.sorted() where state[n] == nil {
            if let cycle = visit(n) {
                throw .templateRecursion(file: templates[cycle[0]]?.path ?? cycle[0], chain: cycle)
            }
        }
    }
}

/// Shared count of the section iterations of one render.
final class RenderBudget: @unchecked Sendable {
    let limit: Int
    private(set) var used = 0
    private(set) var exceeded = false
    init(limit: Int) { self.limit = limit }

    /// Takes one iteration from the budget; `false` once it is spent.
    func take() -> Bool {
        if used >= limit { exceeded = true; return false }
        used += 1
        return true
    }

    /// Replaces every array in a context tree by a `BudgetedSequence` drawing on this budget.
    func wrap(_ value: Any) -> Any {
        switch value {
        case let d as [String: Any]: return d.mapValues(wrap)
        case let a as [Any]: return BudgetedSequence(elements: a.map(wrap), budget: self)
        default: return value
        }
    }
}

/// An array in the render context that stops yielding elements once the render's budget is spent.
struct BudgetedSequence: MustacheSequence, MustacheTransformable {
    let elements: [Any]
    let budget: RenderBudget

    struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Any]>
        let budget: RenderBudget
        mutating func next() -> Any? {
            guard let e = base.next(), budget.take() else { return nil }
            return e
        }
    }

    func makeIterator() -> Iterator { Iterator(base: elements.makeIterator(), budget: budget) }

    /// The transforms swift-mustache offers on arrays.
    func transform(_ name: String) -> Any? {
        switch name {
        case "first": return elements.first
        case "last": return elements.last
        case "reversed": return BudgetedSequence(elements: elements.reversed(), budget: budget)
        case "count": return elements.count
        case "empty": return elements.isEmpty
        default: return nil
        }
    }
}
