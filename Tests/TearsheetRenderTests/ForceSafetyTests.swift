import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import TearsheetRender
import TearsheetCore
import TearsheetReport

/// `--force` never loses data (issue 18): a report folder is replaced only when every file in it
/// is listed in its manifest unchanged; an empty format list is refused; two runs writing one
/// folder at once say so in words.
@Suite struct ForceSafetyTests {
    func files(_ folder: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: folder.path) else { return out }
        for case let p as String in e {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(p).path, isDirectory: &isDir), !isDir.boolValue {
                out[p] = FileManager.default.contents(atPath: folder.appendingPathComponent(p).path)
            }
        }
        return out
    }

    /// The message of a refused replacement, or `nil` when the error is another one.
    func refusal(_ error: (any Error)?) -> String? {
        guard case RenderError.io(_, let message)? = error as? RenderError else { return nil }
        return message
    }

    @Test func aReviewersFileStopsForceAndForceDiscardReplacesAnyway() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("r")
        try ReportWriter.write(SampleDocuments.small(), formats: [.csv], to: out, templates: nil, force: false)
        // An unchanged report is replaced with --force (the monthly rerun).
        try ReportWriter.write(SampleDocuments.small(), formats: [.csv], to: out, templates: nil, force: true)
        try Data("signed by the reviewer".utf8).write(to: out.appendingPathComponent("approval.sig"))
        let before = files(out)
        let error = #expect(throws: RenderError.self) {
            try ReportWriter.write(SampleDocuments.small(), formats: [.csv], to: out, templates: nil, force: true)
        }
        let message = try #require(refusal(error))
        #expect(message.contains("1 file(s) not written by tearsheet (approval.sig)"), "\(message)")
        #expect(message.contains("--force-discard"))
        #expect(files(out) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["r"])
        // --force-discard replaces it (the reviewer's file goes with the old report).
        try ReportWriter.write(SampleDocuments.small(), formats: [.csv], to: out, templates: nil, force: false, discard: true)
        #expect(files(out)["approval.sig"] == nil)
        #expect(try Manifest.read(folder: out).filesMatch(in: out))
    }

    @Test func anEditedOrSymlinkedFileStopsForce() throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("r")
        let written = try ReportWriter.write(SampleDocuments.small(), formats: [.csv], to: out, templates: nil, force: false)
        let edited = try #require(written.manifest.files.first { $0.path.hasPrefix("csv/") }).path
        // Same size, other bytes: only the hash tells.
        var bytes = try Data(contentsOf: out.appendingPathComponent(edited))
        bytes[bytes.startIndex] = bytes[bytes.startIndex] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        try bytes.write(to: out.appendingPathComponent(edited))
        #expect(symlink("/etc/hostname", out.appendingPathComponent("notes.txt").path) == 0)
        let error = #expect(throws: RenderError.self) {
            try ReportWriter.write(SampleDocuments.small(), formats: [.csv], to: out, templates: nil, force: true)
        }
        let message = try #require(refusal(error))
        #expect(message.contains("1 file(s) changed since the report was written (\(edited))"), "\(message)")
        #expect(message.contains("1 file(s) not written by tearsheet (notes.txt)"), "\(message)")
        #expect(try Data(contentsOf: out.appendingPathComponent(edited)) == bytes)
    }

    @Test func aRefusalNamesAtMostTwentyFilesAndEscapesControls() {
        let many = (0..<25).map { "extra-\($0).txt" }
        let text = ReportWriter.replaceRefusal(foreign: many + ["bad\nname\u{1B}[2J"], changed: [])
        #expect(text.contains("26 file(s) not written by tearsheet"))
        #expect(text.contains("and 6 more"))
        #expect(!text.contains("extra-24.txt"))
        let odd = ReportWriter.replaceRefusal(foreign: ["bad\nname\u{1B}[2J"], changed: [])
        #expect(odd.contains("bad\\nname\\u{1B}[2J"), "\(odd)")
        #expect(!odd.contains("\n") && !odd.contains("\u{1B}"))
    }

    @Test func anEmptyFormatListIsRefusedAndLeavesTheReport() throws {
        #expect(throws: RenderError.noFormats) { try ReportFormat.parseList("") }
        #expect(throws: RenderError.noFormats) { try ReportFormat.parseList(",") }
        #expect(throws: RenderError.noFormats) { try ReportFormat.parseList(" , ") }
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        let out = root.appendingPathComponent("r")
        try ReportWriter.write(SampleDocuments.small(), formats: [.csv], to: out, templates: nil, force: false)
        let before = files(out)
        #expect(throws: RenderError.noFormats) {
            try ReportWriter.write(SampleDocuments.small(), formats: [], to: out, templates: nil, force: true)
        }
        #expect(files(out) == before)
        #expect(RenderError.noFormats.description.contains("no report format"))
    }

    /// Two runs to one new folder at once: one writes it; the other either replaces it (`force`)
    /// or says in words that the folder exists or another run wrote it, never a Cocoa error code.
    @Test(arguments: [false, true]) func concurrentRunsToOneFolderSayWhatHappened(force: Bool) throws {
        let root = try TestSupport.tempFolder()
        defer { TestSupport.cleanup(root) }
        for round in 0..<8 {
            let out = root.appendingPathComponent("r\(round)")
            let errors = Errors()
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                do { try ReportWriter.write(SampleDocuments.small(), formats: [.csv], to: out, templates: nil, force: force, durable: false) }
                catch { errors.add(error) }
            }
            let seen = errors.all
            if force {
                #expect(seen.isEmpty, "\(seen)")
            } else {
                #expect(seen.count == 1, "\(seen)")
                for e in seen {
                    let text = "\(e)"
                    #expect(!text.contains("NSCocoaErrorDomain") && !text.contains("error 512"), "\(text)")
                    #expect(text.contains("already exists") || text.contains("another run wrote this folder"), "\(text)")
                }
            }
            #expect(try Manifest.read(folder: out).filesMatch(in: out))
            let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
            #expect(!names.contains { $0.hasPrefix(".") }, "\(names)")
        }
    }

    final class Errors: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [any Error] = []
        func add(_ e: any Error) { lock.lock(); list.append(e); lock.unlock() }
        var all: [any Error] { lock.lock(); defer { lock.unlock() }; return list }
    }
}
