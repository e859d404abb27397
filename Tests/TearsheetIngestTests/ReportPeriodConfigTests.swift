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

    /// issue 18: `period = "2024-13"` is a config error at its line (so `validate` refuses it).
    @Test func aPeriodThatIsNoPeriodIsAnErrorAtItsLine() throws {
        for bad in ["2024-13", "2024-00", "2024-Q5", "24", "2024-10-01..2024-09-01", "2024-1"] {
            let (_, f) = try load("[report]\nperiod = \"\(bad)\"\n")
            let e = try #require(f.errors.first { $0.message.contains("is not a period") }, "\(bad): \(f.items)")
            #expect(e.line == 5, "\(bad): \(e)")   // name, [inputs], trades, [report], period
        }
        for good in ["2024", "2024-01", "2024-12", "2024-Q1", "2024-q4", "2024-01-01..2024-03-31"] {
            let (_, f) = try load("[report]\nperiod = \"\(good)\"\n")
            #expect(!f.hasErrors, "\(good): \(f.items)")
            #expect(BookConfig.Report.isPeriodText(good))
        }
    }

    /// issue 18: `formats = []` would replace a complete report with a lone manifest.
    @Test func anEmptyFormatListIsAnErrorAtItsLine() throws {
        let (_, f) = try load("[report]\nformats = []\n")
        let e = try #require(f.errors.first { $0.message.contains("lists no format") }, "\(f.items)")
        #expect(e.line == 5 && e.column > 0, "\(e)")
        let (c, g) = try load("[report]\nformats = [\"csv\"]\n")
        #expect(!g.hasErrors && c?.report.formats == ["csv"])
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
