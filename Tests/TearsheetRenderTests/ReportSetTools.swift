import Foundation
import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport

/// Opt-in tools, not checks: write a sample report set for inspection in real applications
/// (`TEARSHEET_SAMPLE_OUT=DIR`), and time the renderers (`TEARSHEET_PERF=1`, best run with
/// `swift test -c release -Xswiftc -enable-testing`).
@Suite struct ReportSetTools {
    static let env = ProcessInfo.processInfo.environment

    @Test(.enabled(if: env["TEARSHEET_SAMPLE_OUT"] != nil))
    func writeSampleReportSet() throws {
        let out = URL(fileURLWithPath: Self.env["TEARSHEET_SAMPLE_OUT"]!)
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates)
        try ReportWriter.write(SampleDocuments.realistic(years: 10), formats: Set(ReportFormat.allCases), to: out, templates: set, force: true)
    }

    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    @Test(.enabled(if: env["TEARSHEET_PERF"] == "1"))
    func timings() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates)
        let all = Set(ReportFormat.allCases)
        let sleeves10 = (1...9).map { "Sleeve \($0)" } + ["Cash"]
        for (label, doc) in [("10y x 4 sleeves", SampleDocuments.realistic(years: 10)),
                             ("25y x 10 sleeves", SampleDocuments.realistic(years: 25, sleeves: sleeves10))] {
            for format in ReportFormat.allCases {
                let t = try seconds { try ReportWriter.render(doc, formats: [format], into: root.appendingPathComponent("\(label)-\(format.rawValue)"), templates: set) }
                print("PERF \(label) \(format.rawValue): \(NumberText.fixed(t, decimals: 3)) s")
            }
            let t = try seconds { try ReportWriter.write(doc, formats: all, to: root.appendingPathComponent(label), templates: set, force: true) }
            print("PERF \(label) full set with manifest: \(NumberText.fixed(t, decimals: 3)) s")
        }
        let big = SampleDocuments.realistic(years: 100_000 / 252 + 1, sleeves: sleeves10)
        let t = try seconds { try XLSXRenderer().write(big, to: root.appendingPathComponent("big.xlsx").path, tmpdir: root.path) }
        print("PERF xlsx \(big.allTables.first { $0.style == .dailySeries }!.rows.count) daily rows x 16 columns: \(NumberText.fixed(t, decimals: 3)) s")
    }
}
