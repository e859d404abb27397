import Foundation
import TearsheetCore

/// The example books `tearsheet demo --book NAME` can generate.
public enum ExampleBook: String, Sendable, CaseIterable {
    /// `examples/demo`: trend, rotation, mean reversion and cash sleeves (`DemoBook`).
    case demo
    /// `examples/options-income`: the weekly SPY/QQQ wheel and a split stock (`OptionsIncomeBook`).
    case optionsIncome = "options-income"

    /// The names, comma-separated, for usage messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Generates the book from the SPY and QQQ files of `benchmarksFolder` and writes its input
    /// files and `tearsheet.toml` into `folder`.
    public func write(benchmarksFolder: URL, to folder: URL) throws(DemoError) {
        switch self {
        case .demo: try DemoBook.generate(benchmarksFolder: benchmarksFolder).write(to: folder)
        case .optionsIncome: try OptionsIncomeBook.generate(benchmarksFolder: benchmarksFolder).write(to: folder)
        }
    }
}

/// What an example book's generator may vary: its name, first and last day (clipped to the
/// trading calendar) and the seed of its SplitMix64 stream. Each book's `standard` is the
/// committed one.
public struct ExampleParameters: Sendable, Equatable {
    public var name: String
    public var start: Day
    public var end: Day
    public var seed: UInt64

    public init(name: String, start: Day, end: Day, seed: UInt64) {
        self.name = name; self.start = start; self.end = end; self.seed = seed
    }
}

/// Writes an example book's rendered files into `folder` (created when missing), replacing
/// existing ones.
func writeExampleFiles(_ files: [(String, String)], to folder: URL) throws(DemoError) {
    do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
        throw .io(path: folder.path, message: "cannot create folder: \(error.localizedDescription)")
    }
    for (name, text) in files {
        let url = folder.appendingPathComponent(name)
        do { try Data(text.utf8).write(to: url) } catch {
            throw .io(path: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }
}
