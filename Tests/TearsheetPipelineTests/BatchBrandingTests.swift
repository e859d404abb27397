import Foundation
import Testing
import TearsheetDemo
import TearsheetRender
@testable import TearsheetPipeline
import TearsheetCore
import TearsheetReport

/// A batch manifest's `[branding]`: every book's reports carry it, a book's own `[report]` keys
/// win, and a bad value is an error at its line.
@Suite struct BatchBrandingTests {
    @Test func manifestBrandingIsParsedAndLocated() throws {
        let dir = try temporaryFolder()
        defer { cleanup(dir) }
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".utf8).write(to: dir.appendingPathComponent("logo.svg"))
        let good = """
        formats = ["md"]

        [branding]
        firm = "Batch Firm"
        logo = "logo.svg"
        accent_color = "#336699"
        contact = "desk@example.com"

        [[book]]
        config = "a/tearsheet.toml"
        out = "reports/a"
        """
        let m = try BatchManifest.parse(good, file: dir.appendingPathComponent("batch.toml").path, csv: false)
        #expect(m.defaults.branding.firm == "Batch Firm" && m.defaults.branding.accentColor == "#336699")
        #expect(m.defaults.branding.contact == "desk@example.com" && m.defaults.branding.logo?.format == .svg)
        let bad = good.replacingOccurrences(of: "#336699", with: "teal").replacingOccurrences(of: "contact", with: "phone")
        #expect {
            _ = try BatchManifest.parse(bad, file: dir.appendingPathComponent("batch.toml").path, csv: false)
        } throws: { error in
            guard let e = error as? BatchManifestError else { return false }
            return e.problems.contains { $0.line == 6 && $0.message.contains("accent_color") && $0.message.contains("#RRGGBB") }
                && e.problems.contains { $0.line == 7 && $0.message.contains("unknown key 'phone'") }
        }
    }

    @Test func theBooksOwnKeysWinOverTheBatchs() throws {
        let dir = try temporaryFolder()
        defer { cleanup(dir) }
        let url = try SyntheticBatch.write(count: 1, to: dir) { seed in
            SyntheticBook.Parameters(trades: 60, symbols: 3, years: 1, accounts: 1, strategies: 1, seed: seed, sleeveDeposit: 100_000)
        }
        let m = try BatchManifest.load(path: url.path)
        let config = m.entries[0].config
        try Data((try String(contentsOfFile: config, encoding: .utf8) + "\n[report]\ncontact = \"book contact\"\n").utf8).write(to: URL(fileURLWithPath: config))
        var options = BookReportSet.Options(formats: [.html], generatedAt: GenerationTime(secondsSinceEpoch: 0))
        options.branding = Branding(firm: "Batch Firm", accentColor: "#336699", contact: "batch contact")
        let out = dir.appendingPathComponent("out")
        _ = try BookReportSet.write(request: BookRunRequest(configPath: config, benchmarksDir: m.defaults.benchmarksDir), options: options, to: out, force: false)
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<span class=\"firm\">Batch Firm</span>"))
        #expect(html.contains("--accent: #336699;"))
        #expect(html.contains("book contact") && !html.contains("batch contact"))
    }
}
