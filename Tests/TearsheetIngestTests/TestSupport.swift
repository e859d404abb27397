import Foundation
@testable import TearsheetIngest
import TearsheetCore

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static var happy: URL { root.appendingPathComponent("happy") }
    static var malformed: URL { root.appendingPathComponent("malformed") }

    /// Trading calendar of the fixtures: the weekdays of 2024 without the NYSE holidays.
    static let calendar: [Day] = {
        let holidays: Set<String> = ["2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19",
                                     "2024-07-04", "2024-09-02", "2024-11-28", "2024-12-25"]
        var d = Day(year: 2024, month: 1, day: 1)!
        var out: [Day] = []
        while d.year == 2024 {
            if !d.isWeekend && !holidays.contains(d.description) { out.append(d) }
            d = d.adding(days: 1)
        }
        return out
    }()

    static var options: IngestOptions {
        IngestOptions(timeZone: TimeZone(identifier: "America/New_York")!, baseCurrency: "USD", calendar: calendar)
    }

    /// A fresh temporary folder.
    static func tempDir() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("tearsheet-ingest-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// Writes `text` to `name` in a fresh temporary folder and returns its path.
    static func write(_ text: String, name: String = "file.csv", in dir: URL? = nil) -> String {
        let d = dir ?? tempDir()
        let u = d.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: u)
        return u.path
    }
}

/// Reads CSV text and returns (rows as strings, findings).
func readCSV(_ text: String) -> (header: [String], rows: [[String]], findings: [Finding]) {
    var bytes = Array(text.utf8)
    return readCSV(bytes: &bytes)
}

func readCSV(bytes: inout [UInt8]) -> (header: [String], rows: [[String]], findings: [Finding]) {
    var findings = Findings()
    var rows: [[String]] = []
    let summary = CSVReader.read(&bytes, file: "t.csv", findings: &findings) { row in
        rows.append((0..<row.count).map { row.string($0) })
    }
    return (summary.header, rows, findings.items)
}
