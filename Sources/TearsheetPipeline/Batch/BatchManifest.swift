import Foundation
import TearsheetCore
import TearsheetIngest
import TearsheetReport

/// One book of a batch: where its config is, where its report set goes, and how it is labelled.
///
/// Paths are absolute and standardised (relative paths in the manifest resolve against the
/// manifest's folder), so two spellings of one folder compare equal.
public struct BatchEntry: Sendable, Equatable {
    /// 0-based position in the manifest: the key of sharding and of the summary's order.
    public var index: Int
    /// The label in the summary and the progress line (the manifest's `name`, else the output folder's name).
    public var name: String
    /// Absolute path of the book's `tearsheet.toml`.
    public var config: String
    /// Absolute path of the book's output folder.
    public var out: String
    /// Formats for this book (`md`, `html`, `csv`, `xlsx`); `nil` = the batch default, else the book config's.
    public var formats: [String]?
    /// 1-based line of the entry in the manifest (the `[[book]]` header or the CSV row).
    public var line: Int

    public init(index: Int, name: String, config: String, out: String, formats: [String]? = nil, line: Int = 0) {
        self.index = index; self.name = name; self.config = config; self.out = out
        self.formats = formats; self.line = line
    }
}

/// Settings that apply to every book of a batch unless the book overrides them.
public struct BatchDefaults: Sendable, Equatable {
    /// Formats for every book; `nil` = each book's config decides.
    public var formats: [String]?
    /// Benchmark folder for every book (overrides each config's `benchmarks_dir`).
    public var benchmarksDir: String?
    /// Metric conventions preset: `tearsheet`, `quantstats` or `empyrical`.
    public var conventions: String = "tearsheet"
    /// Template folder overriding the bundled templates; `nil` = each config's `report.templates`.
    public var templates: String?
    /// Last day of every report (inclusive); `nil` = each book's last day.
    public var periodEnd: Day?
    /// Reporting period of every report (`2024-10`, `2024-Q3`, `2024`, `A..B`; see
    /// `ReportingPeriod`); `nil` = each config's `[report] period`, if any.
    public var period: String?
    /// Any warning fails the book (`--strict`); a book's own `strict = true` does too.
    public var strict: Bool
    /// `allow_outside_paths = true`: every book's config inputs may lead outside its folder (the
    /// operator's manifest may widen the roots; a book's own config may not).
    public var allowOutsidePaths = false
    /// Whether every book's workbook holds the daily-series sheet; `nil` = each config's
    /// `[report] xlsx_daily` (a batch of many books sets `false` to leave the series to the CSV).
    public var xlsxDaily: Bool?
    /// `[branding]`: firm, logo, accent colour, disclosures and contact of every book whose own
    /// config does not set them (`Branding.overriding`).
    public var branding = Branding()
    /// The report profile of every book (`profile = "client"`); `nil` = each config's `[report] profile`.
    public var profile: BookConfig.Report.Profile?

    public init(formats: [String]? = nil, benchmarksDir: String? = nil, conventions: String = "tearsheet",
                templates: String? = nil, periodEnd: Day? = nil, period: String? = nil, strict: Bool = false, xlsxDaily: Bool? = nil) {
        self.formats = formats; self.benchmarksDir = benchmarksDir; self.conventions = conventions
        self.templates = templates; self.periodEnd = periodEnd; self.period = period; self.strict = strict; self.xlsxDaily = xlsxDaily
    }
}

/// A parsed batch manifest: its file, the batch-wide defaults and the books in manifest order.
public struct BatchManifest: Sendable, Equatable {
    /// Path of the manifest as given.
    public var file: String
    /// Absolute folder of the manifest; relative paths start here.
    public var folder: String
    public var defaults: BatchDefaults
    public var entries: [BatchEntry]

    public init(file: String, folder: String, defaults: BatchDefaults = BatchDefaults(), entries: [BatchEntry]) {
        self.file = file; self.folder = folder; self.defaults = defaults; self.entries = entries
    }

    /// The formats accepted in a manifest (the `--format` spellings).
    public static let knownFormats: Set<String> = ["md", "markdown", "html", "csv", "xlsx", "pdf"]

    /// Loads a manifest: `.csv` files are read as CSV (`config,out[,name]` with a header), anything
    /// else as TOML (through `TOMLDocument`, so a malformed file is an error at FILE:LINE:COLUMN,
    /// never a crash). Every problem is collected before throwing, each located FILE:LINE.
    /// - Throws: `BatchManifestError` listing every problem.
    public static func load(path: String) throws(BatchManifestError) -> BatchManifest {
        if !path.lowercased().hasSuffix(".csv") {
            let manifest = try parseTOML(try tomlDocument { () throws(TOMLDocumentError) in try TOMLDocument.read(path: path) })
            try manifest.validateOutputs()
            return manifest
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BatchManifestError([.init(file: path, line: 0, message: "cannot read the manifest")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BatchManifestError([.init(file: path, line: 0, message: "the manifest is not valid UTF-8")])
        }
        return try parse(text, file: path, csv: path.lowercased().hasSuffix(".csv"))
    }

    /// Parses manifest text; `file` names it in errors and its folder anchors relative paths.
    public static func parse(_ text: String, file: String, csv: Bool) throws(BatchManifestError) -> BatchManifest {
        let folder = absoluteFolder(of: file)
        let manifest = csv ? try parseCSV(text, file: file, folder: folder)
            : try parseTOML(try tomlDocument { () throws(TOMLDocumentError) in try TOMLDocument.parse(Array(text.utf8), file: file) })
        try manifest.validateOutputs()
        return manifest
    }

    /// The absolute folder a file path lives in.
    static func absoluteFolder(of file: String) -> String {
        let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        return ((absolute as NSString).deletingLastPathComponent as NSString).standardizingPath
    }

    /// `path` made absolute against `folder` and standardised (`.`, `..`, double slashes removed).
    public static func resolve(_ path: String, against folder: String) -> String {
        var p = path
        if p.hasPrefix("~") { p = (p as NSString).expandingTildeInPath }
        if !p.hasPrefix("/") { p = folder + "/" + p }
        var parts: [Substring] = []
        for c in p.split(separator: "/", omittingEmptySubsequences: true) {
            if c == "." { continue }
            if c == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The label of a book without a `name`: its output folder's last component.
    static func defaultName(out: String) -> String { (out as NSString).lastPathComponent }
}
