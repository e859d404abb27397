import Foundation
import Testing
@testable import TearsheetRender

/// `ReportWriter.publish`, the atomic step under `ReportWriter.write` and `BookReportSet.write`.
@Suite struct PublishTests {
    @Test func aFailingFillLeavesThePreviousFolderAndNoTemporary() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("previous".utf8).write(to: out.appendingPathComponent("report.md"))
        #expect(throws: RenderError.io(path: "x", message: "boom")) {
            try ReportWriter.publish(to: out, force: true) { temp throws(RenderError) in
                do {
                    try Data("half".utf8).write(to: temp.appendingPathComponent("report.md"))
                    try FileManager.default.createDirectory(at: temp.appendingPathComponent("accounts/a"), withIntermediateDirectories: true)
                } catch { throw .io(path: temp.path, message: "\(error)") }
                throw RenderError.io(path: "x", message: "boom")
            }
        }
        #expect(try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8) == "previous")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out"])
    }

    @Test func aSuccessfulFillReplacesTheFolderWholeWithForce() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("accounts/old"), withIntermediateDirectories: true)
        let final = try ReportWriter.publish(to: out, force: true) { temp throws(RenderError) in
            do { try FileManager.default.createDirectory(at: temp.appendingPathComponent("accounts/new"), withIntermediateDirectories: true) }
            catch { throw .io(path: temp.path, message: "\(error)") }
        }
        #expect(final == out.standardizedFileURL)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("accounts").path) == ["new"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out"])
        #expect(throws: RenderError.outputExists(path: out.standardizedFileURL.path)) {
            try ReportWriter.publish(to: out, force: false) { _ throws(RenderError) in }
        }
    }
}
