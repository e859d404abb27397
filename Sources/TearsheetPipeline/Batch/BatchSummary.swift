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

    /// The same rows as JSON, with the totals per status and the exit code:
    /// `{"books": [{"book", "category", "config", "error", "files", "line", "output", "seconds",
    /// "status"}], "exitCode", "failed", "interrupted", "manifest", "ok", "seconds", "shard",
    /// "skipped", "total"}`; seconds rounded to the millisecond, as in the CSV.
    /// - Throws: `TearsheetError.internalFailure` only if encoding fails (a bug).
    public func json() throws(TearsheetError) -> String { try JSONOutput.text(SummaryJSON(self)) }

    /// Writes `<baseName>.csv` and `.json` into `folder`, each atomically (a temporary file renamed
    /// over the old one), and returns their paths.
    /// - Throws: `TearsheetError.io` when the folder cannot be written.
    @discardableResult
    public func write(to folder: String) throws(TearsheetError) -> [String] {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw .io(path: folder, message: "cannot create the summary folder: \(error.localizedDescription)")
        }
        var paths: [String] = []
        for (ext, data) in [("csv", Data(csv.utf8)), ("json", try JSONOutput.file(SummaryJSON(self)))] {
            let path = (folder as NSString).appendingPathComponent("\(baseName).\(ext)")
            do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
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

    /// Seconds as the summary shows them: rounded to the millisecond.
    static func milliseconds(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}

/// The `Encodable` form of a `BatchSummary` (see `BatchSummary.json()`).
struct SummaryJSON: Encodable {
    struct Book: Encodable {
        var book, status, category, output: String
        var seconds: Double
        var files: Int
        var error, config: String
        var line: Int
    }

    var manifest, shard: String
    var total, ok, failed, skipped, interrupted: Int
    var exitCode: Int32
    var seconds: Double
    var books: [Book]

    init(_ s: BatchSummary) {
        manifest = s.manifest
        shard = s.shard.description
        total = s.outcomes.count
        ok = s.count(.ok); failed = s.count(.failed); skipped = s.count(.skipped); interrupted = s.count(.interrupted)
        exitCode = s.exitCode
        seconds = BatchSummary.milliseconds(s.seconds)
        books = s.outcomes.map { o in
            Book(book: o.entry.name, status: o.status.rawValue, category: o.category?.rawValue ?? o.status.rawValue, output: o.entry.out,
                 seconds: BatchSummary.milliseconds(o.seconds), files: o.files, error: o.message, config: o.entry.config, line: o.entry.line)
        }
    }
}
