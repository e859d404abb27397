import Foundation
import Testing

/// `tearsheet demo` writes each account's monthly client statement beside the book's report:
/// a PDF of 2 to 6 pages whose text holds the holdings, the month's transactions, the time- and
/// money-weighted returns and the risk-free rate, byte-identical across runs under SOURCE_DATE_EPOCH.
@Suite struct ClientStatementEndToEndTests {
    static let poppler = ["/usr/bin", "/usr/local/bin"].first { FileManager.default.isExecutableFile(atPath: $0 + "/pdftotext") }

    /// A poppler tool's standard output (through the suite's one process runner).
    static func tool(_ name: String, _ arguments: [String]) throws -> String {
        try CLIRunner.run(arguments, executable: URL(fileURLWithPath: (poppler ?? "/usr/bin") + "/" + name)).stdout
    }

    @Test(.enabled(if: poppler != nil, "poppler-utils (pdftotext, pdfinfo) is not installed; bash scripts/setup installs it"))
    func demoWritesAClientStatementPerAccount() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        var pdfs: [[Data]] = []
        for run in ["a", "b"] {
            let out = tmp.appendingPathComponent(run)
            let r = try CLIRunner.run(["demo", "--out", out.path, "--format", "md"], environment: ["SOURCE_DATE_EPOCH": "1780000000"])
            #expect(r.status == 0, "\(r.stderr)")
            var bytes: [Data] = []
            for account in ["pension-001", "foundation-002", "family-003"] {
                let pdf = out.appendingPathComponent("accounts/\(account)/report.pdf")
                bytes.append(try Data(contentsOf: pdf))
                guard run == "a" else { continue }
                let info = try Self.tool("pdfinfo", [pdf.path])
                let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
                #expect((2...6).contains(pages), "\(account): \(pages) pages")
                let text = try Self.tool("pdftotext", [pdf.path, "-"])
                let lower = text.lowercased()
                for needle in ["statement for account \(account)", "holdings on 2026-07-31", "total (nav)", "trades from 2026-07-01 to 2026-07-31",
                               "time-weighted", "money-weighted", "risk-free rate: 2.00%", "change in value", "disclosures"] {
                    #expect(lower.contains(needle), "\(account): the statement lacks \(needle)")
                }
                #expect(text.contains("QQQ") || text.contains("SPY"), "\(account): no holding")
                #expect(text.contains("2026-07-"), "\(account): no transaction of the month")
                let md = try String(contentsOf: out.appendingPathComponent("accounts/\(account)/report.md"), encoding: .utf8)
                #expect(!md.contains("not reconcile"), "\(account): a statement does not reconcile")
            }
            pdfs.append(bytes)
        }
        #expect(pdfs[0] == pdfs[1], "two runs with SOURCE_DATE_EPOCH gave different PDFs")
    }
}
