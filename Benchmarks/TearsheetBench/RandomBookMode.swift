// `tearsheet-bench random-book --seed S --out DIR [--benchmarks DIR]`: writes the random book of
// seed S (TearsheetDemo.RandomBook) into DIR for scripts/soak and prints its summary as one JSON
// line. The calendar is the SPY days of the benchmarks folder (default: benchmarks-data found
// from the current folder), which the book's config also names as `benchmarks_dir`.
import Foundation
import TearsheetDemo
import TearsheetCore

/// Runs the mode; returns the process exit code (0 written, 1 bad arguments or input).
func randomBookMode(_ args: [String]) -> Int32 {
    func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
    guard let seedText = option("--seed"), let seed = UInt64(seedText), let out = option("--out") else {
        FileHandle.standardError.write(Data("usage: tearsheet-bench random-book --seed S --out DIR [--benchmarks DIR]\n".utf8))
        return 1
    }
    var dir = option("--benchmarks") ?? ""
    if dir.isEmpty {
        var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        while true {
            let candidate = folder.appendingPathComponent("benchmarks-data")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("SPY.csv").path) { dir = candidate.path; break }
            if folder.path == "/" { break }
            folder.deleteLastPathComponent()
        }
    }
    guard !dir.isEmpty else {
        FileHandle.standardError.write(Data("error: no benchmarks-data folder with SPY.csv found; pass --benchmarks DIR\n".utf8))
        return 1
    }
    let absolute = URL(fileURLWithPath: dir).standardizedFileURL.path
    do {
        let spy = try SeriesFile.load(URL(fileURLWithPath: absolute).appendingPathComponent("SPY.csv"))
        let summary = try RandomBook.write(seed: seed, calendar: spy.days, to: URL(fileURLWithPath: out), benchmarksDir: absolute)
        print(try summary.json())
        return 0
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        return 1
    }
}
