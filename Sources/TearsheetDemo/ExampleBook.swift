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
