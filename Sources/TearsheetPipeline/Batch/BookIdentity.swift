import Foundation
import TearsheetCore
import TearsheetIngest
import TearsheetReport
import TearsheetRender

/// What a book's report set is made from, reduced to one SHA-256: the basis of `--resume`.
///
/// The identity text lists, one per line: the tool version; the formats, conventions, period end,
/// period, the batch's `xlsx_daily` and the template folder; the SHA-256 of the config file's bytes; the SHA-256 of every input the
/// config names (a prices folder: every file in it, sorted); the risk-free series file; each
/// benchmark file of the effective benchmark folder. Changing any byte of any of them, the tool
/// version or an option changes the identity, so the book is rerun. Generation time is not part of
/// it (it is an output, not an input).
public enum BookIdentity {
    /// The identity's text (kept readable so a test or a user can see what counts), for the
    /// config loaded from `path`.
    public static func text(config: BookConfig, path: String, formats: [String], defaults: BatchDefaults, templates: String?,
                            toolVersion: String = TearsheetVersion.string) throws -> String {
        var lines = ["tool \(toolVersion)",
                     "formats \(formats.sorted().joined(separator: ","))",
                     "conventions \(defaults.conventions)",
                     "period_end \(defaults.periodEnd?.description ?? "-")",
                     "period \(defaults.period ?? "-")",
                     "xlsx_daily \(defaults.xlsxDaily.map { String($0) } ?? "-")",
                     "config \(hash(path))"]
        // Only when set, so the identity of a batch without a profile is what it was.
        if let p = defaults.profile { lines.insert("profile \(p.rawValue)", at: lines.count - 1) }
        let b = defaults.branding
        if b != Branding() {
            // The batch's branding is part of what every report shows.
            let logo = b.logo.map { Hashing.sha256Hex(Data($0.bytes)) } ?? "-"
            lines.append("branding " + Hashing.sha256Hex(Data([b.firm ?? "-", b.accentColor ?? "-", b.disclosures ?? "-", b.contact ?? "-", logo].joined(separator: "\u{0}").utf8)))
        }
        let i = config.inputs
        for (key, p) in [("trades", i.trades), ("positions", i.positions), ("cashflows", i.cashFlows), ("prices", i.prices),
                         ("regimes", i.regimes), ("week_types", i.weekTypes), ("segment_benchmark", i.segmentBenchmark)] {
            guard let p else { continue }
            lines += files(under: p).map { "input \(key) \(relative($0, to: config.folder)) \(hash($0))" }
        }
        if case .series(let s) = config.riskFree { lines.append("risk_free \(relative(s.path, to: config.folder)) \(hash(s.path))") }
        let dir = defaults.benchmarksDir ?? config.benchmarksDir ?? BenchmarkStore.defaultDirectory()
        for symbol in config.benchmarks {
            lines.append("benchmark \(symbol) \(dir.map { hash(BenchmarkStore(directory: $0).path(of: symbol)) } ?? "no-folder")")
        }
        if let t = templates {
            lines += files(under: t).map { "template \(relative($0, to: t)) \(hash($0))" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// SHA-256 (hex) of `text`.
    public static func identity(_ text: String) -> String { Hashing.sha256Hex(Data(text.utf8)) }

    /// The identity recorded in the manifest of the account folder `accounts/<slug>/`: derived
    /// from the book's, so it changes whenever the book's does, without carrying the book's own
    /// value (a hash over every client's inputs) into one client's report.
    public static func forAccountFolder(_ identity: String, slug: String) -> String {
        Self.identity("account-folder \(slug)\n\(identity)")
    }

    /// Whether the report folder `out` is complete and was made from exactly `identity`: its
    /// manifest records the identity (an account folder's, `forAccountFolder`) and every listed
    /// file still has its recorded SHA-256.
    public static func isUpToDate(out: String, identity: String) -> Bool {
        let folders = reportFolders(out: out)
        guard !folders.isEmpty else { return false }
        let root = URL(fileURLWithPath: out).standardizedFileURL.path
        for folder in folders {
            let expected = folder.standardizedFileURL.path == root ? identity : forAccountFolder(identity, slug: folder.lastPathComponent)
            guard let m = try? Manifest.read(folder: folder), m.inputIdentity == expected, m.filesMatch(in: folder) else { return false }
        }
        return true
    }

    /// The report folders of a book's output: the book's own (when it has a manifest) and each
    /// account's (`accounts/<slug>/`, with `[report] accounts = "each"` or `"both"`).
    static func reportFolders(out: String) -> [URL] {
        let root = URL(fileURLWithPath: out)
        let fm = FileManager.default
        var folders: [URL] = []
        if fm.fileExists(atPath: root.appendingPathComponent("manifest.json").path) { folders.append(root) }
        let accounts = root.appendingPathComponent("accounts")
        for name in ((try? fm.contentsOfDirectory(atPath: accounts.path)) ?? []).sorted() {
            let f = accounts.appendingPathComponent(name)
            if fm.fileExists(atPath: f.appendingPathComponent("manifest.json").path) { folders.append(f) }
        }
        return folders
    }

    /// `path` itself, or every regular file under it (sorted) when it is a folder.
    static func files(under path: String) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return [path] }
        guard isDir.boolValue else { return [path] }
        let e = FileManager.default.enumerator(atPath: path)
        var out: [String] = []
        while let p = e?.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(p)
            var d: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &d), !d.boolValue { out.append(full) }
        }
        return out.sorted()
    }

    /// The file's SHA-256 through `BookRunner.sha256(ofFile:)`, whose memo the book's provenance
    /// then reuses (and every book of a batch, for the benchmarks); "missing" when unreadable.
    static func hash(_ path: String) -> String { (try? BookRunner.sha256(ofFile: path)) ?? "missing" }

    static func relative(_ path: String, to folder: String) -> String {
        let f = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(f) ? String(path.dropFirst(f.count)) : path
    }
}
