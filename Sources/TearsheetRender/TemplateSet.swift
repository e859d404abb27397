import Foundation
import TearsheetCore
import TearsheetReport

/// The Markdown and HTML templates: the bundled folder, overlaid file by file by a user's folder
/// (`--templates DIR`). Layout of either folder: `markdown/*.mustache` and `html/*.mustache`; a
/// template is named by its file name without the extension (`report`, `table`, ...), which is also
/// its partial name (`{{> table}}`).
public struct TemplateSet: Sendable {
    /// One template's text and the file it came from (for error messages).
    public struct Source: Sendable, Equatable {
        public var text: String
        public var path: String
    }

    /// The flavours of template the renderers use: the folder names.
    public enum Flavour: String, Sendable, CaseIterable {
        case markdown
        case html
    }

    /// Sources by flavour, then by template name.
    public private(set) var sources: [Flavour: [String: Source]] {
        didSet { parsed = Parsed() }
    }

    /// The parsed templates, made once per set and flavour and shared by every render (a batch
    /// renders thousands of reports from one set).
    private var parsed = Parsed()

    init(sources: [Flavour: [String: Source]]) {
        self.sources = sources
    }

    /// The bundled set found by `locateBundled()`, overlaid by `overrides` (`--templates DIR`).
    /// Without overrides the set is read and parsed once per process and folder, and shared by
    /// every report the process writes (the shipped files do not change while it runs); a user's
    /// folder is read on every call, so an edit between two runs of a library caller is seen.
    public static func standard(overrides: URL? = nil) throws(RenderError) -> TemplateSet {
        let bundled = try locateBundled()
        if let overrides { return try load(bundled: bundled, overrides: overrides) }
        return try BundledCache.shared.set(for: bundled) { () throws(RenderError) -> TemplateSet in try load(bundled: bundled) }
    }

    /// Loads `bundled`, then replaces or adds every template found in `overrides`, which must be a
    /// folder holding `markdown/` or `html/` (a mistyped `--templates` path, a file or a device is
    /// an error, never a silent fall-back to the bundled look).
    public static func load(bundled: URL, overrides: URL? = nil) throws(RenderError) -> TemplateSet {
        if let overrides {
            let fm = FileManager.default
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: overrides.path, isDirectory: &isDir), isDir.boolValue else {
                throw .io(path: overrides.path, message: "template folder not found (or not a folder); expected a folder with markdown/ and/or html/")
            }
            guard Flavour.allCases.contains(where: { fm.fileExists(atPath: overrides.appendingPathComponent($0.rawValue).path) }) else {
                throw .io(path: overrides.path, message: "holds neither markdown/ nor html/; expected the layout `tearsheet templates init` writes")
            }
        }
        var set = TemplateSet(sources: [:])
        for flavour in Flavour.allCases {
            var map = try read(folder: bundled.appendingPathComponent(flavour.rawValue), required: true)
            if let overrides {
                for (k, v) in try read(folder: overrides.appendingPathComponent(flavour.rawValue), required: false) { map[k] = v }
            }
            set.sources[flavour] = map
        }
        return set
    }

    private static func read(folder: URL, required: Bool) throws(RenderError) -> [String: Source] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            if required { throw .io(path: folder.path, message: "template folder not found") }
            return [:]
        }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: folder.path) } catch {
            throw .io(path: folder.path, message: "cannot list the folder: \(error.localizedDescription)")
        }
        var out: [String: Source] = [:]
        // Every template and partial must resolve inside its template set's folder.
        let policy = PathPolicy(roots: [folder.deletingLastPathComponent().path])
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let url = folder.appendingPathComponent(name)
            let text = try TemplateGuard.readTemplate(url, policy: policy)
            out[String(name.dropLast(".mustache".count))] = Source(text: text, path: url.path)
        }
        return out
    }

    /// The engine over every template of `flavour`, parsed once per set (a batch renders
    /// thousands of reports from one set) and checked: a syntax error names the file, line and
    /// column; a partial that is missing, or partials that include each other in a cycle, are
    /// refused (`TemplateGuard`); `report` must exist.
    func engine(_ flavour: Flavour) throws(RenderError) -> FastMustache {
        try parsed.engine(flavour) { () throws(RenderError) -> FastMustache in try parseEngine(flavour) }
    }

    /// Parses and checks every template of both flavours, as a render would: the errors a
    /// template author must fix, before any report is written.
    public func check() throws(RenderError) {
        for flavour in Flavour.allCases { _ = try engine(flavour) }
    }

    private func parseEngine(_ flavour: Flavour) throws(RenderError) -> FastMustache {
        let sources = self.sources[flavour] ?? [:]
        let engine: FastMustache
        do { engine = try FastMustache(sources: sources.mapValues(\.text)) } catch {
            throw .templateSyntax(file: sources[error.template]?.path ?? "\(flavour.rawValue)/\(error.template)", line: error.line,
                                  column: error.column, message: error.message, lineText: error.lineText)
        }
        guard engine.templates["report"] != nil else { throw .templateMissing(name: "\(flavour.rawValue)/report") }
        try TemplateGuard.checkPartials(engine, paths: sources.mapValues(\.path))
        return engine
    }

    /// Renders the `report` template of `flavour` over `context` within the bounds of
    /// `TemplateGuard`: at most `maxSectionIterations` section iterations (list elements) and
    /// `maxOutputBytes` of text.
    func renderReport(_ flavour: Flavour, context: TemplateValue,
                      iterationLimit: Int = TemplateGuard.maxSectionIterations,
                      outputLimit: Int = TemplateGuard.maxOutputBytes) throws(RenderError) -> String {
        let engine = try engine(flavour)
        let file = sources[flavour]?["report"]?.path ?? "\(flavour.rawValue)/report"
        let text: String
        switch engine.renderBounded(context, template: "report", maxDepth: TemplateGuard.maxPartialDepth, iterationLimit: iterationLimit) {
        case .text(let t): text = t
        case .missing: throw .templateMissing(name: "\(flavour.rawValue)/report")
        case .tooManyIterations(let section, let elements, let within):
            let place = within.isEmpty ? "" : " in " + within.prefix(3).map { "'\(TerminalText.safe($0))'" }.joined(separator: " of ")
            throw .templateOutputTooLarge(file: file, message: "more than \(iterationLimit) section iterations: stopped in {{#\(section)}} over \(elements) elements\(place) "
                                          + "(nested loops over the report's lists? a table that wide or long belongs in the CSV output)")
        case .tooDeep:
            throw .templateOutputTooLarge(file: file, message: "partials nest more than \(TemplateGuard.maxPartialDepth) deep")
        }
        if text.utf8.count > outputLimit {
            throw .templateOutputTooLarge(file: file, message: "\(text.utf8.count) bytes of output, over the limit of \(outputLimit)")
        }
        return text
    }

    /// Finds the bundled `templates` folder (one holding `html/report.mustache`) where
    /// `InstallLayout` says: `TEARSHEET_TEMPLATES` when set (and then only there), else under
    /// `TEARSHEET_HOME`, walking up from the current folder, in `PREFIX/share/tearsheet/` beside
    /// an installed binary, or walking up from the executable's folder.
    public static func locateBundled(environment: [String: String] = ProcessInfo.processInfo.environment,
                                     currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                                     executable: URL? = Bundle.main.executableURL) throws(RenderError) -> URL {
        let exe = executable?.resolvingSymlinksInPath().deletingLastPathComponent().path
        let (paths, explicit) = InstallLayout.candidates(for: .templates, environment: environment,
                                                         currentDirectory: currentDirectory.standardizedFileURL.path,
                                                         executableFolder: exe)
        if explicit {
            let url = URL(fileURLWithPath: paths[0])
            if isTemplateFolder(url) { return url }
            throw .io(path: paths[0], message: "TEARSHEET_TEMPLATES does not point to a templates folder (no html/report.mustache)")
        }
        if let hit = paths.first(where: { isTemplateFolder(URL(fileURLWithPath: $0)) }) { return URL(fileURLWithPath: hit) }
        throw .templatesNotFound(searched: paths)
    }

    static func isTemplateFolder(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent("html/report.mustache").path)
    }

    /// Copies the bundled set into `destination` (created; existing files are not overwritten
    /// unless `force`). Returns the relative paths written.
    @discardableResult
    public static func copyBundled(from bundled: URL, to destination: URL, force: Bool = false) throws(RenderError) -> [String] {
        let fm = FileManager.default
        var written: [String] = []
        for flavour in Flavour.allCases {
            let src = bundled.appendingPathComponent(flavour.rawValue)
            let dst = destination.appendingPathComponent(flavour.rawValue)
            do { try fm.createDirectory(at: dst, withIntermediateDirectories: true) } catch {
                throw .io(path: dst.path, message: "cannot create the folder: \(error.localizedDescription)")
            }
            let names = ((try? fm.contentsOfDirectory(atPath: src.path)) ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
            for name in names {
                let to = dst.appendingPathComponent(name)
                if fm.fileExists(atPath: to.path) {
                    guard force else { throw .outputExists(path: to.path) }
                    try? fm.removeItem(at: to)
                }
                do { try fm.copyItem(at: src.appendingPathComponent(name), to: to) } catch {
                    throw .io(path: to.path, message: "cannot copy the template: \(error.localizedDescription)")
                }
                written.append("\(flavour.rawValue)/\(name)")
            }
        }
        return written
    }
}

extension TemplateSet {
    /// The bundled sets loaded in this process, by folder. Sets share their `Parsed` memo, so a
    /// cached set is also parsed only once. Failures are not cached: a fixed folder is seen on retry.
    final class BundledCache: @unchecked Sendable {
        static let shared = BundledCache()
        private let lock = NSLock()
        private var sets: [String: TemplateSet] = [:]
        private var loads = 0

        func set(for folder: URL, load: () throws(RenderError) -> TemplateSet) throws(RenderError) -> TemplateSet {
            lock.lock()
            defer { lock.unlock() }
            if let memo = sets[folder.standardizedFileURL.path] { return memo }
            let made = try load()
            loads += 1
            sets[folder.standardizedFileURL.path] = made
            return made
        }

        /// How many sets were loaded from disk so far (tests check that a second call loads none).
        var loadCount: Int {
            lock.lock()
            defer { lock.unlock() }
            return loads
        }
    }

    /// Memo of parsed templates. A class so copies of a set share it; the lock makes the first
    /// parse of a flavour happen once when several books render at the same time.
    final class Parsed: @unchecked Sendable {
        private let lock = NSLock()
        private var engines: [Flavour: Result<FastMustache, RenderError>] = [:]

        func engine(_ flavour: Flavour, make: () throws(RenderError) -> FastMustache) throws(RenderError) -> FastMustache {
            lock.lock()
            defer { lock.unlock() }
            if let memo = engines[flavour] { return try memo.get() }
            let result: Result<FastMustache, RenderError>
            do { result = .success(try make()) } catch { result = .failure(error) }
            engines[flavour] = result
            return try result.get()
        }
    }
}
