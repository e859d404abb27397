import Foundation
import TearsheetCore

/// The batch summary: one row per book of this process's shard, as `batch-summary.csv` and
/// `batch-summary.json` (a sharded run writes `batch-summary-shard-I-of-N.*` so shards sharing a
/// folder do not overwrite each other).
public struct BatchSummary: Sendable, Equatable {
    public var manifest: String
    public var shard: Shard
    public var outcomes: [BookOutcome]
    /// Wall time of the whole batch, seconds.
    public var seconds: Double
    /// A stop was requested (SIGINT/SIGTERM), even if every book happened to finish.
    public var interrupted: Bool

    public init(manifest: String, shard: Shard, outcomes: [BookOutcome], seconds: Double, interrupted: Bool = false) {
        self.manifest = manifest; self.shard = shard; self.outcomes = outcomes; self.seconds = seconds
        self.interrupted = interrupted
    }

    public func count(_ status: BatchStatus) -> Int { outcomes.filter { $0.status == status }.count }

    /// The process's exit code: 130 if interrupted (128 + SIGINT, the shell's convention), else 3 if any book failed internally, else 1 if
    /// any book failed on bad input or config, else 0.
    public var exitCode: Int32 {
        if interrupted || outcomes.contains(where: { $0.status == .interrupted }) { return 130 }
        if outcomes.contains(where: { $0.category == .internal }) { return 3 }
        if outcomes.contains(where: { $0.category == .input }) { return 1 }
        return 0
    }

    /// File name without extension.
    public var baseName: String { shard.count == 1 ? "batch-summary" : "batch-summary-shard-\(shard.index)-of-\(shard.count)" }

    /// Columns: `book,status,category,output,seconds,files,error,config,line`; `category` is
    /// `ok`, `skipped`, `interrupted`, or for a failure `input` (exit 1) or `internal` (exit 3).
    public var csv: String {
        var s = "book,status,category,output,seconds,files,error,config,line\n"
        for o in outcomes {
            let fields = [o.entry.name, o.status.rawValue, o.category?.rawValue ?? o.status.rawValue, o.entry.out,
                          String(format: "%.3f", o.seconds), String(o.files), o.message, o.entry.config, String(o.entry.line)]
            s += fields.map(Self.csvField).joined(separator: ",") + "\n"
        }
        return s
    }

    /// The same rows as JSON, with totals and the exit code.
    public var json: String {
        var s = "{\n  \"manifest\": \(JSONText.quote(manifest)),\n  \"shard\": \(JSONText.quote(shard.description)),\n"
        s += "  \"total\": \(outcomes.count),\n"
        for st in BatchStatus.allCases { s += "  \(JSONText.quote(st.rawValue)): \(count(st)),\n" }
        s += "  \"exitCode\": \(exitCode),\n" + String(format: "  \"seconds\": %.3f,\n", seconds) + "  \"books\": ["
        for (i, o) in outcomes.enumerated() {
            s += (i == 0 ? "\n" : ",\n") + "    {\"book\": \(JSONText.quote(o.entry.name)), \"status\": \(JSONText.quote(o.status.rawValue)), "
            s += "\"category\": \(JSONText.quote(o.category?.rawValue ?? o.status.rawValue)), \"output\": \(JSONText.quote(o.entry.out)), "
            s += String(format: "\"seconds\": %.3f, ", o.seconds) + "\"files\": \(o.files), \"error\": \(JSONText.quote(o.message)), "
            s += "\"config\": \(JSONText.quote(o.entry.config)), \"line\": \(o.entry.line)}"
        }
        return s + (outcomes.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }

    /// Writes `<baseName>.csv` and `.json` into `folder`, each atomically (a temporary file renamed
    /// over the old one), and returns their paths.
    /// - Throws: `TearsheetError.io` when the folder cannot be written.
    @discardableResult
    public func write(to folder: String) throws(TearsheetError) -> [String] {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw .io(path: folder, message: "cannot create the summary folder: \(error.localizedDescription)")
        }
        var paths: [String] = []
        for (ext, text) in [("csv", csv), ("json", json)] {
            let path = (folder as NSString).appendingPathComponent("\(baseName).\(ext)")
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                throw .io(path: path, message: "cannot write the batch summary: \(error.localizedDescription)")
            }
            paths.append(path)
        }
        return paths
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break; newlines in messages become `; `.
    static func csvField(_ s: String) -> String {
        let flat = s.replacingOccurrences(of: "\r\n", with: "; ").replacingOccurrences(of: "\n", with: "; ")
        guard flat.contains(where: { $0 == "," || $0 == "\"" }) else { return flat }
        return "\"" + flat.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
