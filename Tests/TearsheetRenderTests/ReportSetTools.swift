import Foundation
import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport

/// Two checks that double as tools. Without any variable they run on small built-in documents;
/// `TEARSHEET_SAMPLE_OUT=DIR` keeps a 10-year sample report set in DIR for inspection in real
/// applications, and `TEARSHEET_PERF=1` runs the per-format renders on large documents and prints
/// the time of each (best with `swift test -c release -Xswiftc -enable-testing`). The assertions
/// are the same in every mode.
@Suite struct ReportSetTools {
    static let env = ProcessInfo.processInfo.environment

    /// Paths of the regular files under `folder`, relative to it.
    static func files(under folder: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        for p in (try? FileManager.default.subpathsOfDirectory(atPath: folder.path)) ?? [] {
            var isDir: ObjCBool = false
            let url = folder.appendingPathComponent(p)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue,
               let data = FileManager.default.contents(atPath: url.path) { out[p] = data }
        }
        return out
    }

    @Test func sampleReportSetIsCompleteAndListedInItsManifest() throws {
        let temp = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(temp) }
        let kept = Self.env["TEARSHEET_SAMPLE_OUT"].map { URL(fileURLWithPath: $0) }
        let out = kept ?? temp.appendingPathComponent("sample")
        let doc = SampleDocuments.realistic(years: kept == nil ? 2 : 10)
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates)
        let result = try ReportWriter.write(doc, formats: Set(ReportFormat.allCases), to: out, templates: set, force: true)

        let written = Self.files(under: out)
        #expect(Set(result.manifest.files.map(\.path)) == Set(written.keys).subtracting(["manifest.json"]),
                "the manifest lists every file of the set and nothing else")
        for e in result.manifest.files {
            #expect(written[e.path].map(Manifest.sha256Hex) == e.sha256, "\(e.path): hash")
        }
        let daily = try #require(doc.allTables.first { $0.style == .dailySeries })
        let csv = try #require(written["csv/daily-series.csv"].map { String(decoding: $0, as: UTF8.self) })
        #expect(csv.split(whereSeparator: \.isNewline).count == daily.rows.count + 1, "a header and one line per day")
    }

    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    /// The file each format must produce when rendered alone.
    static let mainFile: [ReportFormat: String] = [
        .markdown: "report.md", .html: "report.html", .csv: "csv/daily-series.csv", .xlsx: "report.xlsx", .pdf: "report.pdf",
    ]

    @Test func eachFormatRendersAlone() throws {
        let perf = Self.env["TEARSHEET_PERF"] == "1"
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let set = try TemplateSet.load(bundled: TestSupport.bundledTemplates)
        let sleeves10 = (1...9).map { "Sleeve \($0)" } + ["Cash"]
        let cases = perf
            ? [("10y x 4 sleeves", SampleDocuments.realistic(years: 10)),
               ("25y x 10 sleeves", SampleDocuments.realistic(years: 25, sleeves: sleeves10))]
            : [("1y x 10 sleeves", SampleDocuments.realistic(years: 1, sleeves: sleeves10))]
        for (label, doc) in cases {
            for format in ReportFormat.allCases {
                let dir = root.appendingPathComponent("\(label)-\(format.rawValue)")
                let t = try seconds { try ReportWriter.render(doc, formats: [format], into: dir, templates: set) }
                let file = try #require(Self.mainFile[format])
                let bytes = FileManager.default.contents(atPath: dir.appendingPathComponent(file).path)
                #expect((bytes?.count ?? 0) > 0, "\(label) \(format.rawValue): \(file) written")
                if format == .xlsx { #expect(bytes?.prefix(2) == Data("PK".utf8), "an XLSX is a zip archive") }
                if format == .pdf { #expect(bytes?.prefix(5) == Data("%PDF-".utf8), "a PDF file") }
                if perf { print("PERF \(label) \(format.rawValue): \(NumberText.fixed(t, decimals: 3)) s") }
            }
        }
        guard perf else { return }
        let big = SampleDocuments.realistic(years: 100_000 / 252 + 1, sleeves: sleeves10)
        let dir = root.appendingPathComponent("big")
        let t = try seconds { try ReportWriter.render(big, formats: [.xlsx], into: dir, templates: set) }
        #expect((FileManager.default.contents(atPath: dir.appendingPathComponent("report.xlsx").path)?.count ?? 0) > 0)
        print("PERF xlsx \(big.allTables.first { $0.style == .dailySeries }?.rows.count ?? 0) daily rows x 16 columns: \(NumberText.fixed(t, decimals: 3)) s")
    }
}
