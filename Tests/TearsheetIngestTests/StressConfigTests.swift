import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

@Suite struct StressConfigTests {
    func load(_ toml: String) throws -> (BookConfig?, Findings) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "trade_id,timestamp,account,strategy,symbol,side,quantity,price\n".write(to: dir.appendingPathComponent("trades.csv"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("tearsheet.toml").path
        try ("name = \"b\"\n[inputs]\ntrades = \"trades.csv\"\n" + toml).write(toFile: path, atomically: true, encoding: .utf8)
        let (c, f) = BookConfig.load(path: path)
        return (c, f)
    }

    @Test func defaultsWithoutATable() throws {
        let (c, f) = try load("")
        #expect(!f.hasErrors)
        #expect(c?.stress == BookConfig.Stress())
        #expect(c?.stress.marketShock == -0.20)
    }

    @Test func readsEveryKey() throws {
        let (c, f) = try load("[stress]\nmarket_shock = -0.3\nsector = \"Energy\"\nsector_shock = 0.05\nrates_bp = -50\ndurations = { TLT = 17, IEF = 7.5 }\n")
        #expect(!f.hasErrors, "\(f.items)")
        let s = try #require(c?.stress)
        #expect(s.marketShock == -0.3)
        #expect(s.sector == "Energy")
        #expect(s.sectorShock == 0.05)
        #expect(s.ratesBP == -50)
        #expect(s.durations == ["TLT": 17, "IEF": 7.5])
    }

    @Test func rejectsBadValuesAndUnknownKeys() throws {
        let (_, f) = try load("[stress]\nmarket_shock = -1.5\nrates_bp = 5000\ndurations = { TLT = -1 }\nshock = 1\n")
        let messages = f.errors.map(\.message).joined(separator: "\n")
        #expect(messages.contains("'stress.market_shock'"))
        #expect(messages.contains("'stress.rates_bp'"))
        #expect(messages.contains("'stress.durations.TLT'"))
        #expect(messages.contains("'stress.shock': unknown key"))
    }
}
