import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

/// `[report] accounts`, `period`, `from`, `to` in tearsheet.toml.
@Suite struct ReportPeriodConfigTests {
    func load(_ toml: String) throws -> (BookConfig?, Findings) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "trade_id,timestamp,account,strategy,symbol,side,quantity,price\n".write(to: dir.appendingPathComponent("trades.csv"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("tearsheet.toml").path
        try ("name = \"b\"\n[inputs]\ntrades = \"trades.csv\"\n" + toml).write(toFile: path, atomically: true, encoding: .utf8)
        return BookConfig.load(path: path)
    }

    @Test func defaultsToTheWholeBookAndHistory() throws {
        let (c, f) = try load("")
        #expect(!f.hasErrors)
        #expect(c?.report.accounts == .book && c?.report.period == nil && c?.report.from == nil && c?.report.to == nil)
    }

    @Test func readsAccountsPeriodAndDates() throws {
        let (c, f) = try load("[report]\naccounts = \"both\"\nperiod = \"2024-Q3\"\n")
        #expect(!f.hasErrors, "\(f.items)")
        #expect(c?.report.accounts == .both && c?.report.period == "2024-Q3")
        // A TOML date and a string date are the same.
        let (d, g) = try load("[report]\naccounts = \"each\"\nfrom = 2024-10-01\nto = \"2024-10-31\"\n")
        #expect(!g.hasErrors, "\(g.items)")
        #expect(d?.report.accounts == .each && d?.report.from == "2024-10-01" && d?.report.to == "2024-10-31")
    }

    @Test func rejectsBadValues() throws {
        let (_, f) = try load("[report]\naccounts = \"all\"\nfrom = \"soon\"\nto = 5\nperiod = \"2024\"\n")
        let messages = f.errors.map(\.message).joined(separator: "\n")
        #expect(messages.contains("'report.accounts'"), "\(messages)")
        #expect(messages.contains("'report.from'"))
        #expect(messages.contains("'report.to'"))
        let (_, g) = try load("[report]\nperiod = \"2024\"\nto = \"2024-06-30\"\n")
        #expect(g.errors.map(\.message).joined().contains("either period or from/to"))
    }

    @Test func xlsxDailyDefaultsToTrueAndMustBeABoolean() throws {
        let (c, f) = try load("")
        #expect(!f.hasErrors && c?.report.xlsxDaily == true)
        let (d, g) = try load("[report]\nxlsx_daily = false\n")
        #expect(!g.hasErrors, "\(g.items)")
        #expect(d?.report.xlsxDaily == false)
        let (_, h) = try load("[report]\nxlsx_daily = \"no\"\n")
        #expect(h.errors.map(\.message).joined(separator: "\n").contains("'report.xlsx_daily'"), "\(h.items)")
    }
}
