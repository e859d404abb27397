import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport
import TearsheetPipeline

/// `ReportWriter.publish`, the atomic step under `ReportWriter.write` and `BookReportSet.write`.
@Suite struct PublishTests {
    @Test func aFailingFillLeavesThePreviousFolderAndNoTemporary() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("previous".utf8).write(to: out.appendingPathComponent("report.md"))
        // `force` replaces only a Tearsheet report folder whose files its manifest lists (see WriteFaultTests).
        try Manifest.scan(out, toolVersion: "t", generatedAt: "g").json().write(to: out.appendingPathComponent("manifest.json"))
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

    @Test func aWriteSweepsWhatAKilledWriteOfTheSameOutputLeft() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("out")
        // A `tearsheet report` killed with SIGKILL (pid 2147483646 does not exist), a write of this
        // process still in progress, and another output's leftover.
        let dead = root.appendingPathComponent(".out.tmp-2147483646-17")
        let live = root.appendingPathComponent(".out.tmp-\(getpid())-5")
        let other = root.appendingPathComponent(".out2.tmp-2147483646-1")
        for p in [dead, live, other] {
            try FileManager.default.createDirectory(at: p.appendingPathComponent("csv"), withIntermediateDirectories: true)
        }
        try ReportWriter.publish(to: out, force: false) { temp throws(RenderError) in
            do { try Data("new".utf8).write(to: temp.appendingPathComponent("report.md")) } catch { throw .io(path: temp.path, message: "\(error)") }
        }
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: root.path))
        #expect(names == ["out", ".out.tmp-\(getpid())-5", ".out2.tmp-2147483646-1"])
        #expect(TempFolders.list(for: out.path) == [live.path])
    }

    @Test func aSuccessfulFillReplacesTheFolderWholeWithForce() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("accounts/old"), withIntermediateDirectories: true)
        // An accounts-only report set: each account folder has its Tearsheet manifest.
        try Data("{\n  \"tool\": \"tearsheet\"\n}\n".utf8).write(to: out.appendingPathComponent("accounts/old/manifest.json"))
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
