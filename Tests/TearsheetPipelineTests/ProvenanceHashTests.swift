import Foundation
import Testing
import TearsheetCore
import TearsheetIngest
import TearsheetReport
@testable import TearsheetPipeline

/// Issue 18, item 4: each input's SHA-256 in the provenance is that of the bytes the parser
/// consumed (hashed while reading), so an edit after the read cannot give the report the hash of
/// data it did not use.
@Suite struct ProvenanceHashTests {
    @Test func theProvenanceHashesAreThoseOfTheBytesParsed() throws {
        let (dir, config) = try RiskFreePipelineTests.book(riskFree: "risk_free = \"rates.csv\"", rates: RiskFreePipelineTests.movingRates)
        defer { cleanup(dir) }
        var original: [String: [UInt8]] = [:]
        for f in ["trades.csv", "cashflows.csv", "prices.csv", "rates.csv", "regimes.csv"] {
            original[f] = [UInt8](try Data(contentsOf: dir.appendingPathComponent(f)))
        }
        let book = try BookRunner.load(BookRunRequest(configPath: config, benchmarksDir: RiskFreePipelineTests.benchmarks))
        // Edited in place after the read (same size, other bytes): the hashes do not move.
        for f in ["trades.csv", "cashflows.csv", "prices.csv", "rates.csv", "regimes.csv"] {
            var bytes = original[f]!
            bytes[bytes.count - 2] = bytes[bytes.count - 2] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
            try Data(bytes).write(to: dir.appendingPathComponent(f))
        }
        let byPath = Dictionary(book.inputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        for f in ["trades.csv", "cashflows.csv", "prices.csv", "rates.csv", "regimes.csv"] {
            #expect(byPath[f] == ByteHash.sha256(original[f]!), "\(f): \(byPath[f] ?? "missing")")
            #expect(byPath[f] != ByteHash.sha256([UInt8](try Data(contentsOf: dir.appendingPathComponent(f)))), "\(f)")
        }
        // Benchmarks: the hash kept with the parsed series is that of the file's bytes.
        for b in book.benchmarkSources {
            let file = URL(fileURLWithPath: RiskFreePipelineTests.benchmarks).appendingPathComponent("\(b.symbol).csv")
            #expect(b.sha256 == ByteHash.sha256([UInt8](try Data(contentsOf: file))), "\(b.symbol)")
        }
    }
}
