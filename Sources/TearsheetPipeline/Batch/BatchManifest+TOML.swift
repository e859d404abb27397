import Foundation
import TearsheetCore
import TearsheetIngest
import TearsheetReport
import TOMLKit

extension BatchManifest {
    /// Batch-wide keys of a TOML manifest.
    static let tomlDefaultKeys = ["formats", "benchmarks_dir", "conventions", "templates", "period_end", "period", "allow_outside_paths", "xlsx_daily", "branding", "profile", "book"]
    /// Keys of a `[[book]]` table.
    static let tomlBookKeys = ["config", "out", "name", "formats"]

    /// Parses a TOML manifest:
    /// ```toml
    /// formats = ["md", "html"]          # batch-wide defaults, all optional
    /// benchmarks_dir = "benchmarks-data"
    /// conventions = "tearsheet"
    /// templates = "company-templates"
    /// period_end = "2026-06-30"
    /// period = "2026-06"
    /// xlsx_daily = false                # no daily-series sheet in any workbook (csv/daily.csv has it)
    ///
    /// [branding]                        # optional: each book's [report] keys win over these
    /// firm = "Example Capital"
    /// logo = "brand/logo.svg"           # PNG or SVG, relative to the manifest's folder
    /// accent_color = "#1f4e79"
    /// disclosures = "..."
    /// contact = "clients@example.com"
    ///
    /// [[book]]
    /// config = "clients/acme/tearsheet.toml"
    /// out = "reports/acme"
    /// name = "Acme pension"             # optional
    /// formats = ["xlsx"]                # optional, overrides the default
    /// ```
    /// `document` comes from `TOMLDocument` (read or parsed through `tomlDocument`); relative
    /// paths resolve against its file's folder.
    static func parseTOML(_ document: TOMLDocument) throws(BatchManifestError) -> BatchManifest {
        let file = document.file, folder = absoluteFolder(of: file)
        var problems: [BatchManifestError.Problem] = []
        let locator = TOMLLines(document.text)
        let root = document.root
        func problem(_ line: Int, _ message: String) { problems.append(.init(file: file, line: line, message: message)) }

        for k in root.keys.sorted() where !tomlDefaultKeys.contains(k) {
            problem(locator.line(ofKey: k, inBook: nil), "unknown key '\(k)'; expected one of \(tomlDefaultKeys.joined(separator: ", "))")
        }
        var defaults = BatchDefaults()
        if let v = root["formats"] {
            switch formatList(v) {
            case .success(let f): defaults.formats = f
            case .failure(let m): problem(locator.line(ofKey: "formats", inBook: nil), "key 'formats': \(m)")
            }
        }
        func rootString(_ key: String) -> String? {
            guard let v = root[key] else { return nil }
            guard let s = v.string, !s.isEmpty else {
                problem(locator.line(ofKey: key, inBook: nil), "key '\(key)': expected a non-empty string")
                return nil
            }
            return s
        }
        defaults.benchmarksDir = rootString("benchmarks_dir").map { resolve($0, against: folder) }
        defaults.templates = rootString("templates").map { resolve($0, against: folder) }
        if let c = rootString("conventions") {
            if ["tearsheet", "quantstats", "empyrical"].contains(c) { defaults.conventions = c } else {
                problem(locator.line(ofKey: "conventions", inBook: nil), "key 'conventions': '\(c)' is not one of tearsheet, quantstats, empyrical")
            }
        }
        if let s = rootString("period_end") {
            if let d = Day(iso: s) { defaults.periodEnd = d } else {
                problem(locator.line(ofKey: "period_end", inBook: nil), "key 'period_end': '\(s)' is not a date (YYYY-MM-DD)")
            }
        }
        if let s = rootString("period") {
            if ReportingPeriod.parse(s) != nil { defaults.period = s } else {
                problem(locator.line(ofKey: "period", inBook: nil), "key 'period': '\(s)' is not a period (2024-10, 2024-Q3, 2024 or FROM..TO)")
            }
        }
        if let v = root["xlsx_daily"] {
            if let b = v.bool { defaults.xlsxDaily = b } else {
                problem(locator.line(ofKey: "xlsx_daily", inBook: nil), "key 'xlsx_daily': expected true or false")
            }
        }

        if let s = rootString("profile") {
            if let p = BookConfig.Report.Profile(rawValue: s) { defaults.profile = p } else {
                problem(locator.line(ofKey: "profile", inBook: nil), "key 'profile': '\(s)' is not a profile; expected \"full\" or \"client\"")
            }
        }
        if let v = root["allow_outside_paths"] {
            if let b = v.bool { defaults.allowOutsidePaths = b } else {
                problem(locator.line(ofKey: "allow_outside_paths", inBook: nil), "key 'allow_outside_paths': expected true or false")
            }
        }

        if let v = root["branding"] {
            if let t = v.table {
                defaults.branding = parseBranding(t, folder: folder, locator: locator, problem: problem)
            } else {
                problem(locator.line(ofKey: "branding", inBook: nil), "key 'branding': expected a [branding] table")
            }
        }

        var entries: [BatchEntry] = []
        if let b = root["book"] {
            if let books = b.array {
                for (k, item) in books.enumerated() {
                    let header = locator.bookHeaders.count > k ? locator.bookHeaders[k] : 0
                    guard let t = item.table else { problem(header, "book \(k + 1): expected a [[book]] table"); continue }
                    for key in t.keys.sorted() where !tomlBookKeys.contains(key) {
                        problem(locator.line(ofKey: key, inBook: k), "book \(k + 1): unknown key '\(key)'; expected one of \(tomlBookKeys.joined(separator: ", "))")
                    }
                    func field(_ key: String, required: Bool) -> String? {
                        guard let v = t[key] else {
                            if required { problem(header, "book \(k + 1): missing '\(key)'") }
                            return nil
                        }
                        guard let s = v.string, !s.isEmpty else {
                            problem(locator.line(ofKey: key, inBook: k), "book \(k + 1): '\(key)' must be a non-empty string")
                            return nil
                        }
                        return s
                    }
                    let config = field("config", required: true), out = field("out", required: true), name = field("name", required: false)
                    var formats: [String]?
                    if let v = t["formats"] {
                        switch formatList(v) {
                        case .success(let f): formats = f
                        case .failure(let m): problem(locator.line(ofKey: "formats", inBook: k), "book \(k + 1): 'formats': \(m)")
                        }
                    }
                    guard let config, let out else { continue }
                    let outPath = resolve(out, against: folder)
                    entries.append(BatchEntry(index: entries.count, name: name ?? defaultName(out: outPath),
                                              config: resolve(config, against: folder), out: outPath, formats: formats, line: header))
                }
            } else {
                problem(locator.line(ofKey: "book", inBook: nil), "'book' must be an array of tables: write each book as [[book]]")
            }
        }
        if entries.isEmpty && problems.isEmpty { problem(0, "the manifest lists no books; add [[book]] tables with config and out") }
        guard problems.isEmpty else { throw BatchManifestError(problems) }
        return BatchManifest(file: file, folder: folder, defaults: defaults, entries: entries)
    }

    /// The `[branding]` table of a manifest (keys as in a book's `[report]`); the logo path is
    /// relative to the manifest's folder and may lie anywhere (the operator writes the manifest).
    static func parseBranding(_ t: TOMLTable, folder: String, locator: TOMLLines, problem: (Int, String) -> Void) -> Branding {
        var b = Branding()
        let keys = ["firm", "logo", "accent_color", "disclosures", "contact"]
        for k in t.keys.sorted() where !keys.contains(k) {
            problem(locator.line(ofKey: k, inTable: "branding"), "[branding]: unknown key '\(k)'; expected one of \(keys.joined(separator: ", "))")
        }
        func text(_ k: String) -> String? {
            guard let v = t[k] else { return nil }
            guard let s = v.string else { problem(locator.line(ofKey: k, inTable: "branding"), "[branding] key '\(k)': expected a string"); return nil }
            return s
        }
        b.firm = text("firm")
        b.disclosures = text("disclosures")
        b.contact = text("contact")
        if let c = text("accent_color") {
            if let colour = Branding.parseColor(c) { b.accentColor = colour } else {
                problem(locator.line(ofKey: "accent_color", inTable: "branding"), "[branding] key 'accent_color': \"\(TerminalText.safe(c))\" is not a colour; expected #RRGGBB, e.g. \"#1f4e79\"")
            }
        }
        if let l = text("logo") {
            switch Branding.Logo.read(path: resolve(l, against: folder), display: l, policy: .unrestricted) {
            case .success(let logo): b.logo = logo
            case .failure(let e): problem(locator.line(ofKey: "logo", inTable: "branding"), "[branding] key 'logo': \(e.message)")
            }
        }
        return b
    }

    /// The document `make` reads or parses; its error becomes the manifest's, at the same
    /// FILE:LINE:COLUMN.
    static func tomlDocument(_ make: () throws(TOMLDocumentError) -> TOMLDocument) throws(BatchManifestError) -> TOMLDocument {
        do { return try make() } catch {
            throw BatchManifestError([.init(file: error.file, line: error.line, column: error.column,
                                            message: error.kind == .unreadable ? "cannot read the manifest: \(error.message)" : error.explanation)])
        }
    }

    /// A `formats` value: an array of format names or one comma-separated string.
    static func formatList(_ v: TOMLValueConvertible) -> Result<[String], FormatListError> {
        var names: [String]
        if let s = v.string {
            names = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        } else if let a = v.array, a.allSatisfy({ $0.string != nil }) {
            names = a.compactMap(\.string)
        } else {
            return .failure(FormatListError("expected an array of strings like [\"md\", \"html\"] or \"md,html\""))
        }
        names = names.map { $0.lowercased() }
        if names.isEmpty { return .failure(FormatListError("lists no format")) }
        if let bad = names.first(where: { !knownFormats.contains($0) }) {
            return .failure(FormatListError("'\(bad)' is not a format; expected md, html, csv, xlsx or pdf"))
        }
        return .success(names)
    }

    struct FormatListError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}

/// Finds where keys sit in a TOML manifest's text (TOMLKit reports only syntax errors' positions).
struct TOMLLines {
    /// Text of each line, without the newline.
    let lines: [Substring]
    /// 1-based lines of the `[[book]]` headers, in order.
    let bookHeaders: [Int]
    /// 1-based line of the first table header, if any: root keys sit above it.
    let firstHeader: Int?

    init(_ text: String) {
        lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        var headers: [Int] = [], first: Int?
        for (i, l) in lines.enumerated() {
            let t = l.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("[") {
                if first == nil { first = i + 1 }
                if t.replacingOccurrences(of: " ", with: "").hasPrefix("[[book]]") { headers.append(i + 1) }
            }
        }
        bookHeaders = headers
        firstHeader = first
    }

    /// 1-based line where `key` is set inside the `[table]` table; the header's line (or 0).
    func line(ofKey key: String, inTable table: String) -> Int {
        guard let h = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "[\(table)]" }) else { return 0 }
        for i in (h + 1)..<lines.count {
            let t = lines[i].drop(while: { $0 == " " || $0 == "\t" })
            if t.hasPrefix("[") { break }
            guard t.hasPrefix(key) else { continue }
            if t.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("=") { return i + 1 }
        }
        return h + 1
    }

    /// 1-based line where `key` is set: among the root keys (`inBook` nil) or in the k-th `[[book]]`
    /// table; the table's header line (or 0) when not found.
    func line(ofKey key: String, inBook k: Int?) -> Int {
        let start: Int, end: Int
        if let k {
            guard k < bookHeaders.count else { return 0 }
            start = bookHeaders[k]
            end = lines.indices.dropFirst(start).first { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("[") } ?? lines.count
        } else {
            start = 0
            end = (firstHeader ?? lines.count + 1) - 1
        }
        for i in start..<min(end, lines.count) {
            let t = lines[i].drop(while: { $0 == " " || $0 == "\t" })
            let bare = t.hasPrefix("\"") ? t.dropFirst() : t
            guard bare.hasPrefix(key) else { continue }
            let rest = bare.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" || $0 == "\"" })
            if rest.hasPrefix("=") { return i + 1 }
        }
        return k.map { bookHeaders[$0] } ?? 0
    }
}
