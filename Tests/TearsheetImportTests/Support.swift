import Foundation
import TearsheetCore
import TearsheetImport
import TearsheetPipeline

/// Paths of the fixtures and helpers shared by the import tests.
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.appendingPathComponent("Tests/TearsheetImportTests/Fixtures/flex")
    static let benchmarks = root.appendingPathComponent("benchmarks-data").path
    static var statements: [String] { ["2024-06a.xml", "2024-06b.xml"].map { folder.appendingPathComponent($0).path } }

    /// A fresh temporary folder.
    static func temporary(_ tag: String = #function) throws -> URL {
        let safe = tag.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tearsheet-import-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The strategy rules of the main fixture's config.
    static func rules(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("import.toml")
        try """
            [import]
            default_strategy = "core"
            [import.strategy_rules]
            AAPL = "wheel"
            SPY = "index"

            """.write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    /// A request for the main fixture writing into `out`.
    static func request(out: URL, config: String?) -> ImportRequest {
        var r = ImportRequest(statements: statements, out: out.path)
        r.configPath = config
        r.benchmarksDir = benchmarks
        return r
    }

    /// A statement file in `dir` holding `text`.
    static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The findings of a failed read (empty when it succeeded).
    static func findings(_ request: ImportRequest) -> [Finding] {
        do { _ = try ImportRunner.read(request); return [] } catch {
            if case .invalidInput(let fs) = error { return fs }
            return [Finding(file: "", line: 0, column: 0, severity: .error, code: "other", message: error.description)]
        }
    }
}
