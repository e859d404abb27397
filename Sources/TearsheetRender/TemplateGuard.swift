import Foundation
import TearsheetCore
import TearsheetReport

/// Bounds on user templates, so a template folder can never hang or crash a run.
///
/// - Files: a template must be a regular file (a FIFO or device named `x.mustache` would block or
///   read forever) of at most `maxTemplateBytes`.
/// - Partials: from the engine's own parse tree (`FastMustache.partials(of:)`), every
///   `{{> name}}` must name a template of the flavour (a misspelt partial is an error at its tag,
///   never an empty render), and partials must not include each other in a cycle (a template
///   that includes itself, directly or through others, would recurse without end): the cycle is
///   refused at load, naming the chain. Dynamic partials (`{{>*name}}`) do not parse.
/// - Output: nested sections over the report's arrays can multiply (`{{#sections}}{{#sections}}...`).
///   One render may visit at most `maxSectionIterations` list elements in all, and partials may
///   nest at most `maxPartialDepth` deep; the render is then refused, as is rendered text over
///   `maxOutputBytes` (`TemplateSet.renderReport`).
enum TemplateGuard {
    /// Largest template file accepted (bytes). The bundled templates are a few KiB each.
    static let maxTemplateBytes = 1 << 20
    /// Section iterations allowed in one render: far above a real report (the bundled HTML of a
    /// realistic report takes under 50,000, see HostileInputTests), far below what a nested-loop
    /// bomb needs to exhaust memory.
    static let maxSectionIterations = 2_000_000
    /// Largest rendered report.md / report.html accepted (bytes).
    static let maxOutputBytes = 256 << 20
    /// Deepest nesting of partials in a render. Without a cycle the depth is at most the number
    /// of templates; the bound keeps the stack small whatever a template folder holds.
    static let maxPartialDepth = 64

    /// Reads a template file under `policy` (`SecureOpen`: opened without following a final link
    /// and without blocking, then checked on the descriptor: a regular file inside the template
    /// folder, so a template linked to a file elsewhere is never read), within the size bound.
    static func readTemplate(_ url: URL, policy: PathPolicy = .unrestricted) throws(RenderError) -> String {
        let fd: Int32, size: Int
        switch SecureOpen.open(url.path, policy: policy) {
        case .success(let opened): (fd, size) = opened
        case .failure(let refusal):
            let message = refusal.kind == .notRegular
                ? "the template is not a regular file (a device, FIFO or folder); expected a .mustache text file"
                : refusal.kind == .outside
                    ? "the template resolves to a file outside its template folder; expected a .mustache file inside it"
                    : "cannot read the template: \(refusal.message)"
            throw .io(path: url.path, message: message)
        }
        defer { close(fd) }
        guard size <= maxTemplateBytes else {
            throw .io(path: url.path, message: "the template is \(size) bytes; templates are limited to \(maxTemplateBytes) bytes")
        }
        // Read from the checked descriptor (never the path again), at most one byte past the bound.
        var bytes = [UInt8](repeating: 0, count: min(size, maxTemplateBytes) + 1)
        var got = 0
        while got < bytes.count {
            let r = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, $0.count - got) }
            if r < 0 { if errno == EINTR { continue }; throw .io(path: url.path, message: "cannot read the template: \(String(cString: strerror(errno)))") }
            if r == 0 { break }
            got += r
        }
        guard got <= maxTemplateBytes else {
            throw .io(path: url.path, message: "the template grew past \(maxTemplateBytes) bytes while being read")
        }
        guard let text = String(validating: bytes[0..<got], as: UTF8.self) else { throw .io(path: url.path, message: "template is not UTF-8") }
        return text
    }

    /// Refuses a flavour's templates when a partial tag names no template of the set, or when
    /// partials form a cycle. `paths` gives each template's file, for the errors.
    static func checkPartials(_ engine: FastMustache, paths: [String: String]) throws(RenderError) {
        var edges: [String: [String]] = [:]
        for name in engine.templates.keys.sorted() {
            var targets = Set<String>()
            for p in engine.partials(of: name) {
                guard engine.templates[p.name] != nil else {
                    throw .templatePartialMissing(file: paths[name] ?? name, line: p.line, column: p.column, partial: p.name)
                }
                targets.insert(p.name)
            }
            edges[name] = targets.sorted()
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
                throw .templateRecursion(file: paths[cycle[0]] ?? cycle[0], chain: cycle)
            }
        }
    }
}
