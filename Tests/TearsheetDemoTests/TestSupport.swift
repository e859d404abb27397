import Foundation
import TearsheetDemo
import TearsheetCore

/// The repository root: the first folder above this file that holds `benchmarks-data/SPY.csv`.
func repositoryRoot(file: String = #filePath) -> URL? {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    for _ in 0..<8 {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("benchmarks-data/SPY.csv").path) { return url }
        url = url.deletingLastPathComponent()
    }
    return nil
}

enum DemoFixture {
    /// The standard demo book, generated once for the whole test run.
    static let book: Result<DemoBook, DemoError> = {
        guard let root = repositoryRoot() else { return .failure(.insufficientData("benchmarks-data not found")) }
        do throws(DemoError) {
            return .success(try DemoBook.generate(benchmarksFolder: root.appendingPathComponent("benchmarks-data")))
        } catch {
            return .failure(error)
        }
    }()
}

/// A fresh temporary folder, removed by the caller.
func temporaryFolder(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("tearsheet-demo-tests-\(name)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Data rows of a generated CSV file (the generator never quotes), header dropped.
func csvRows(_ text: String) -> [[String]] {
    text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}
