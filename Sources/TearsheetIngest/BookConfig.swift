import Foundation
import TOMLKit
import TearsheetCore

/// One book's settings, read from `tearsheet.toml`.
///
/// Every path is relative to the config's folder. Data paths (`[inputs]`, `risk_free` as a path)
/// must stay inside it: `..`, an absolute path elsewhere or a symbolic link that leads out are
/// errors unless the operator passes `--allow-outside-paths` (or `allow_outside_paths` in a batch
/// manifest): a book's own config cannot widen what it may read, so `allow_outside_paths = true`
/// in `tearsheet.toml` is an error that says to pass the flag. Every file is also checked again
/// when it is opened (`IngestOptions.pathPolicy`, `SecureOpen`), on the opened descriptor;
/// missing files, folders where a file is expected, devices and FIFOs are errors either way. `benchmarks_dir` and `report.templates` may point
/// outside (a shared benchmark set, a company template folder) but must exist and be folders. Unknown keys are errors that
/// name the key path, so a typo is never silently ignored.
public struct BookConfig: Sendable, Equatable {
    /// When external flows happen within the day (see docs/valuation.md).
    public enum FlowTiming: String, Sendable, Equatable {
        case startOfDay = "start-of-day"
        case endOfDay = "end-of-day"
    }

    public struct Report: Sendable, Equatable {
        public var formats: [String] = ["md", "html", "csv", "xlsx"]
        public var title: String?
        public var author: String?
        public var company: String?
        /// Paper of the PDF: `"a4"` (default) or `"letter"`.
        public var paper: String = "a4"
        /// Whether the workbook holds the daily-series sheet (default `true`: the workbook is the
        /// full report; `false` leaves the series to `csv/daily.csv`, see docs/reports.md).
        public var xlsxDaily = true
        public var disclosures: String?
        /// `include_book_sections = true`: an account's report also carries the book-level
        /// sections (the composites, which name and measure the other accounts). Default `false`:
        /// an account's report holds nothing of another account.
        public var includeBookSections = false
        /// `log_scale = true`: the growth chart's y axis is logarithmic (default linear).
        public var logScale = false
        /// Template folder (absolute path) overriding the bundled templates.
        public var templates: String?
        /// Which reports a run writes: the whole book, one per account, or both (`accounts`).
        public var accounts: Accounts = .book
        /// Reporting period as written (`2024-10`, `2024-Q3`, `2024`, `FROM..TO`); checked when the
        /// run resolves it against the trading calendar.
        public var period: String?
        /// First and last calendar day of the reporting period (ISO dates), instead of `period`.
        public var from: String?
        public var to: String?
        /// `[report] profile`: the analyst's `full` report (default) or the `client` statement.
        public var profile: Profile = .full
        /// `[report] sections`: the section ids to write, in order, instead of the profile's
        /// list (`BookConfig.Report.sectionIDs`); `nil` = the profile's.
        public var sections: [String]?

        /// `[report] accounts`: `"book"` (default), `"each"` (one report per account) or `"both"`.
        public enum Accounts: String, Sendable, Equatable, CaseIterable {
            case book, each, both
        }
    }

    /// Thresholds of the built-in regime classifiers.
    public struct RegimeThresholds: Sendable, Equatable {
        public var trendWindow = 200
        public var volWindow = 21
        public var volLow = 0.12
        public var volHigh = 0.25
        public var ddCorrection = 0.10
        public var ddBear = 0.20
    }

    /// Bands of the market week types (weekly benchmark move).
    public struct WeekTypeBands: Sendable, Equatable {
        public var strong = 0.02
        public var flat = 0.005
    }

    /// Optional exposure limits checked in the report.
    public struct Limits: Sendable, Equatable {
        public var maxPositionWeight: Double?
        public var maxSectorWeight: Double?
        public var maxGrossLeverage: Double?
    }

    /// Stress scenarios applied to the last day's holdings (`[stress]`); every field optional.
    public struct Stress: Sendable, Equatable {
        /// Move of the primary benchmark, passed to each position through its beta (-0.20 = -20%).
        public var marketShock = -0.20
        /// Sector hit by the sector scenario, and its move.
        public var sector = "Technology"
        public var sectorShock = -0.15
        /// Parallel move of yields in basis points, passed to bond ETFs through their modified duration.
        public var ratesBP = 100.0
        /// Modified duration per symbol (years); symbols not listed are not rate-sensitive.
        public var durations: [String: Double] = ["TLT": 16.5, "IEF": 7.3, "SHY": 1.9, "AGG": 6.0, "BND": 6.1]

        public init() {}
    }

    /// Path of the config file as given.
    public var file: String
    /// Data paths may lead outside the config's folder: set by the operator (`--allow-outside-paths`,
    /// a batch manifest's `allow_outside_paths`), and for paths named on the command line; never
    /// by the book's own config.
    public var allowOutsidePaths = false
    /// Absolute folder the config lives in; relative paths start here.
    public var folder: String
    public var name: String
    /// Absolute paths of the inputs.
    public var inputs = InputFiles()
    public var baseCurrency = "USD"
    public var timeZone = "America/New_York"
    /// Benchmark symbols; the first is primary and defines the trading calendar.
    public var benchmarks = ["SPY", "QQQ"]
    /// Absolute path of the benchmark folder, `nil` for the tool's bundled `benchmarks-data`.
    public var benchmarksDir: String?
    /// `risk_free`: an annual constant, or the `date,rate` file of annual rates read (and checked)
    /// when the config is loaded, with `risk_free_fill` and `risk_free_fill_max_days`.
    public var riskFree = RiskFree.zero
    public var periodsPerYear = 252
    public var flowTiming = FlowTiming.startOfDay
    /// `strict = true`: any warning fails `report` and `batch` (exit 1) before anything is written.
    public var strict = false
    public var report = Report()
    /// Firm, logo, accent colour, disclosures and contact of the reports (`[report]` keys).
    public var branding = Branding()
    public var regimes = RegimeThresholds()
    public var weekTypes = WeekTypeBands()
    public var limits = Limits()
    public var stress = Stress()
    /// GIPS-style composites of accounts (`[[composites]]`), in config order.
    public var composites: [CompositeDefinition] = []
    /// `[strategies.NAME]` capital bases of sleeves funded from their account's cash.
    public var strategyCapital: [String: StrategyCapital] = [:]
    // Broker books (issue 16): see BookConfig+Books.swift.
    public var priceBasis: PriceBasis = .raw
    public var fillTolerance = 0.20
    public var rollNonTradingDays = false
    public var intradayByTimestamp = true

    /// Ingest options implied by the config (calendar left empty: it comes from the benchmark).
    public var ingestOptions: IngestOptions {
        var o = IngestOptions(timeZone: TimeZone(identifier: timeZone) ?? .gmt, baseCurrency: baseCurrency)
        brokerBookOptions(&o)
        o.pathPolicy = allowOutsidePaths ? .unrestricted : PathPolicy(roots: [folder])
        return o
    }

    /// Loads and checks `path`; every problem is a finding (`config-*` codes) on the config file.
    /// `allowOutsidePaths` is the operator's `--allow-outside-paths` (never the config's own key).
    public static func load(path: String, allowOutsidePaths: Bool = false) -> (config: BookConfig?, findings: Findings) {
        var loader = ConfigLoader(path: path)
        loader.allowOutside = allowOutsidePaths
        let c = loader.run()
        // Report in file order: the config's own findings, then those of a file it names (the rate series).
        var sorted = Findings()
        for f in loader.findings.items.enumerated().sorted(by: { ($0.element.file == path ? 0 : 1, $0.element.line, $0.offset) < ($1.element.file == path ? 0 : 1, $1.element.line, $1.offset) }) {
            sorted.append(f.element)
        }
        return (sorted.hasErrors ? nil : c, sorted)
    }

    /// Loads `path`, throwing `TearsheetError.config` with every problem listed.
    public static func loadOrThrow(path: String, allowOutsidePaths: Bool = false) throws(TearsheetError) -> BookConfig {
        let (c, f) = load(path: path, allowOutsidePaths: allowOutsidePaths)
        // Every problem located at its FILE:LINE:COLUMN, as `validate` prints them.
        guard let c, !f.hasErrors else { throw .invalidInput(f.errors) }
        return c
    }
}

/// The checks behind `BookConfig.load`.
struct ConfigLoader {
    let path: String
    var findings = Findings()
    var lines: [Substring] = []
    /// The operator's `--allow-outside-paths`, set before `run`.
    var allowOutside = false

    init(path: String) { self.path = path }

    /// 1-based line where `keyPath` (e.g. `inputs.trades`) is set, 0 when not found.
    func line(of keyPath: String) -> Int {
        let parts = keyPath.split(separator: ".")
        let key = String(parts.last ?? "")
        let table = parts.dropLast().joined(separator: ".")
        var current = ""
        for (i, l) in lines.enumerated() {
            let t = l.drop(while: { $0 == " " || $0 == "\t" })
            if t.hasPrefix("[") {
                current = String(t.dropFirst().prefix(while: { $0 != "]" })).trimmingCharacters(in: .whitespaces)
                if current == keyPath { return i + 1 }
                continue
            }
            if current == table, t.hasPrefix(key) {
                let rest = t.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("=") { return i + 1 }
            }
        }
        return 0
    }

    mutating func error(_ keyPath: String, _ code: String, _ message: String) {
        findings.append(Finding(file: path, line: line(of: keyPath), column: 1, severity: .error, code: code,
                                message: "key '\(keyPath)': \(message)"))
    }

    mutating func run() -> BookConfig? {
        let document: TOMLDocument
        do { document = try TOMLDocument.read(path: path) } catch {
            let code: String
            switch error.kind {
            case .unreadable: code = "config-unreadable"
            case .encoding: code = "config-encoding"
            case .syntax: code = "config-syntax"
            }
            findings.append(Finding(file: path, line: error.line, column: error.column, severity: .error, code: code,
                                    message: error.kind == .unreadable ? error.message : error.explanation))
            return nil
        }
        lines = document.text.split(separator: "\n", omittingEmptySubsequences: false)
        let root = document.root
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let folder = (absolute as NSString).deletingLastPathComponent
        var c = BookConfig(file: path, folder: folder, name: "")
        c.allowOutsidePaths = allowOutside
        known(root, "", ["name", "inputs", "base_currency", "time_zone", "benchmarks", "benchmarks_dir", "risk_free",
                         "risk_free_fill", "risk_free_fill_max_days",
                         "periods_per_year", "flow_timing", "report", "regimes", "week_types", "limits", "stress",
                         "composites", "allow_outside_paths", "strict", "strategies"] + ConfigLoader.brokerBookKeys)
        if let v = root["strict"] {
            if let b = v.bool { c.strict = b } else { error("strict", "config-bad-type", "expected true or false") }
        }
        if let v = root["allow_outside_paths"] {
            // A config handed in by someone else must not widen what the run may read.
            if v.bool == true {
                error("allow_outside_paths", "config-outside-not-allowed",
                      "a book's own config cannot allow paths outside its folder; expected the operator to pass --allow-outside-paths (or allow_outside_paths in a batch manifest), or remove the key")
            } else if v.bool == nil {
                error("allow_outside_paths", "config-bad-type", "expected true or false")
            }
        }
        if let n = string(root, "name") { c.name = n } else if root["name"] == nil {
            error("name", "config-missing-key", "missing; expected the book's name, e.g. name = \"Demo book\"")
        }
        if let t = table(root, "inputs") {
            known(t, "inputs", ["trades", "positions", "cashflows", "prices", "regimes", "week_types", "segment_benchmark",
                                "corporate_actions", "instruments"])
            c.inputs.corporateActions = inputPath(t, "inputs", "corporate_actions", folder: folder, allowDirectory: false)
            c.inputs.instruments = inputPath(t, "inputs", "instruments", folder: folder, allowDirectory: false)
            c.inputs.trades = inputPath(t, "inputs", "trades", folder: folder, allowDirectory: false)
            c.inputs.positions = inputPath(t, "inputs", "positions", folder: folder, allowDirectory: false)
            c.inputs.cashFlows = inputPath(t, "inputs", "cashflows", folder: folder, allowDirectory: false)
            c.inputs.prices = inputPath(t, "inputs", "prices", folder: folder, allowDirectory: true)
            c.inputs.regimes = inputPath(t, "inputs", "regimes", folder: folder, allowDirectory: false)
            c.inputs.weekTypes = inputPath(t, "inputs", "week_types", folder: folder, allowDirectory: false)
            c.inputs.segmentBenchmark = inputPath(t, "inputs", "segment_benchmark", folder: folder, allowDirectory: false)
            if t["trades"] == nil && t["positions"] == nil {
                error("inputs", "config-missing-key", "has neither trades nor positions; expected at least one")
            }
        } else if root["inputs"] == nil {
            error("inputs", "config-missing-key", "missing; expected an [inputs] table naming trades and/or positions")
        }
        if let v = string(root, "base_currency") {
            if v.count == 3 && v.allSatisfy({ $0.isASCII && $0.isUppercase }) { c.baseCurrency = v }
            else { error("base_currency", "config-bad-value", "\"\(v)\" is not an ISO 4217 code; expected e.g. USD") }
        }
        if let v = string(root, "time_zone") {
            if TimeZone(identifier: v) != nil { c.timeZone = v }
            else { error("time_zone", "config-bad-value", "unknown time zone \"\(v)\"; expected an IANA name such as America/New_York") }
        }
        if let a = root["benchmarks"] {
            if let arr = a.array, arr.count > 0, arr.allSatisfy({ $0.string != nil }) {
                c.benchmarks = arr.map { $0.string! }
                if Set(c.benchmarks).count != c.benchmarks.count { error("benchmarks", "config-bad-value", "a symbol is listed twice") }
                // A symbol names the file SYMBOL.csv in the benchmark folder: no path may hide in it.
                for sym in c.benchmarks where !ConfigLoader.isSafeSymbol(sym) {
                    error("benchmarks", "config-bad-value", "\"\(sym)\" is not a ticker symbol; expected 1 to 32 letters, digits, '.', '-', '_', '^' or '=' (not starting with '.')")
                }
            } else {
                error("benchmarks", "config-bad-type", "expected a non-empty array of symbols, e.g. [\"SPY\", \"QQQ\"]")
            }
        }
        if root["benchmarks_dir"] != nil {
            c.benchmarksDir = inputPath(root, "", "benchmarks_dir", folder: folder, allowDirectory: true, requireDirectory: true,
                                         confined: false)
        }
        riskFree(root, folder: folder, into: &c)
        if let v = root["periods_per_year"] {
            if let i = v.int, i > 0 { c.periodsPerYear = i }
            else { error("periods_per_year", "config-bad-value", "expected a positive integer such as 252") }
        }
        if let v = string(root, "flow_timing") {
            if let t = BookConfig.FlowTiming(rawValue: v) { c.flowTiming = t }
            else { error("flow_timing", "config-bad-value", "\"\(v)\"; expected \"start-of-day\" or \"end-of-day\"") }
        }
        if let t = table(root, "report") {
            known(t, "report", ["formats", "title", "author", "company", "disclosures", "templates", "accounts", "period", "from", "to", "paper", "xlsx_daily",
                                "logo", "accent_color", "contact", "include_book_sections", "log_scale"] + ConfigLoader.profileKeys)
            profile(t, into: &c)
            if let v = string(t, "accounts", prefix: "report") {
                if let a = BookConfig.Report.Accounts(rawValue: v) { c.report.accounts = a }
                else { error("report.accounts", "config-bad-value", "\"\(v)\"; expected \"book\", \"each\" or \"both\"") }
            }
            c.report.period = string(t, "period", prefix: "report")
            if let p = c.report.period, !BookConfig.Report.isPeriodText(p) {
                error("report.period", "config-bad-value", "\"\(TerminalText.safe(p))\" is not a period; expected 2024-10, 2024-Q3, 2024 or FROM..TO with ISO dates")
            }
            for key in ["from", "to"] {
                guard let v = t[key] else { continue }
                // A TOML date (from = 2024-10-01) or a string ("2024-10-01").
                let text = v.date.map { String(format: "%04d-%02d-%02d", $0.year, $0.month, $0.day) } ?? v.string
                guard let text, Day(iso: text) != nil else {
                    error("report." + key, "config-bad-value", "expected an ISO date such as 2024-10-31")
                    continue
                }
                if key == "from" { c.report.from = text } else { c.report.to = text }
            }
            if c.report.period != nil && (c.report.from != nil || c.report.to != nil) {
                error("report.period", "config-bad-value", "give either period or from/to, not both")
            }
            if let a = t["formats"] {
                let allowed = ["md", "html", "csv", "xlsx", "pdf"]
                if let arr = a.array, arr.isEmpty {
                    // An empty list would replace a complete report with a folder holding only its manifest.
                    error("report.formats", "config-bad-value", "lists no format; name at least one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", ")) (or remove the key for the default)")
                } else if let arr = a.array, arr.allSatisfy({ $0.string.map(allowed.contains) ?? false }) {
                    c.report.formats = arr.map { $0.string! }
                } else {
                    error("report.formats", "config-bad-value", "expected an array drawn from \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))")
                }
            }
            c.report.title = string(t, "title", prefix: "report")
            c.report.author = string(t, "author", prefix: "report")
            c.report.company = string(t, "company", prefix: "report")
            c.report.disclosures = string(t, "disclosures", prefix: "report")
            if let v = string(t, "paper", prefix: "report") {
                if ["a4", "letter"].contains(v) { c.report.paper = v }
                else { error("report.paper", "config-bad-value", "\"\(v)\"; expected \"a4\" or \"letter\"") }
            }
            if let v = t["xlsx_daily"] {
                if let b = v.bool { c.report.xlsxDaily = b }
                else { error("report.xlsx_daily", "config-bad-type", "expected true or false") }
            }
            for (key, path) in [("include_book_sections", \BookConfig.Report.includeBookSections), ("log_scale", \BookConfig.Report.logScale)] {
                guard let v = t[key] else { continue }
                if let b = v.bool { c.report[keyPath: path] = b }
                else { error("report." + key, "config-bad-type", "expected true or false") }
            }
            branding(t, folder: folder, into: &c)
            if t["templates"] != nil {
                c.report.templates = inputPath(t, "report", "templates", folder: folder, allowDirectory: true, requireDirectory: true,
                                               confined: false)
            }
        }
        if let t = table(root, "regimes") {
            known(t, "regimes", ["trend_window", "vol_window", "vol_low", "vol_high", "dd_correction", "dd_bear"])
            if let v = positiveInt(t, "regimes", "trend_window") { c.regimes.trendWindow = v }
            if let v = positiveInt(t, "regimes", "vol_window") { c.regimes.volWindow = v }
            if let v = fraction(t, "regimes", "vol_low") { c.regimes.volLow = v }
            if let v = fraction(t, "regimes", "vol_high") { c.regimes.volHigh = v }
            if let v = fraction(t, "regimes", "dd_correction") { c.regimes.ddCorrection = v }
            if let v = fraction(t, "regimes", "dd_bear") { c.regimes.ddBear = v }
            if c.regimes.volLow >= c.regimes.volHigh { error("regimes.vol_low", "config-bad-value", "must be below vol_high") }
            if c.regimes.ddCorrection >= c.regimes.ddBear { error("regimes.dd_correction", "config-bad-value", "must be below dd_bear") }
        }
        if let t = table(root, "week_types") {
            known(t, "week_types", ["strong", "flat"])
            if let v = fraction(t, "week_types", "strong") { c.weekTypes.strong = v }
            if let v = fraction(t, "week_types", "flat") { c.weekTypes.flat = v }
            if c.weekTypes.flat >= c.weekTypes.strong { error("week_types.flat", "config-bad-value", "must be below strong") }
        }
        if let t = table(root, "limits") {
            known(t, "limits", ["max_position_weight", "max_sector_weight", "max_gross_leverage"])
            c.limits.maxPositionWeight = positive(t, "limits", "max_position_weight")
            c.limits.maxSectorWeight = positive(t, "limits", "max_sector_weight")
            c.limits.maxGrossLeverage = positive(t, "limits", "max_gross_leverage")
        }
        if let t = table(root, "stress") {
            known(t, "stress", ["market_shock", "sector", "sector_shock", "rates_bp", "durations"])
            if let v = shock(t, "market_shock") { c.stress.marketShock = v }
            if let v = string(t, "sector", prefix: "stress") { c.stress.sector = v }
            if let v = shock(t, "sector_shock") { c.stress.sectorShock = v }
            if let v = t["rates_bp"] {
                if let d = number(v), abs(d) <= 2_000 { c.stress.ratesBP = d } else { error("stress.rates_bp", "config-bad-value", "expected basis points between -2000 and 2000, e.g. 100") }
            }
            if let v = t["durations"] {
                if let d = v.table {
                    var durations: [String: Double] = [:]
                    for k in d.keys.sorted() {
                        if let x = d[k].flatMap(number), x >= 0, x < 100 { durations[k] = x } else { error("stress.durations." + k, "config-bad-value", "expected a modified duration in years, e.g. 7.3") }
                    }
                    c.stress.durations = durations
                } else {
                    error("stress.durations", "config-bad-type", "expected a table of SYMBOL = duration, e.g. { TLT = 16.5 }")
                }
            }
        }
        composites(root, into: &c)
        brokerBooks(root, into: &c)
        strategies(root, into: &c)
        return c
    }

    /// `risk_free` (a number, or a `date,rate` file read and checked here), `risk_free_fill`
    /// (`"none"` or `"previous"`) and `risk_free_fill_max_days` (calendar days, with `"previous"`).
    mutating func riskFree(_ root: TOMLTable, folder: String, into c: inout BookConfig) {
        var fill = RiskFreeFill.none
        if let v = string(root, "risk_free_fill") {
            switch v {
            case "none": fill = .none
            case "previous": fill = .previous(maxDays: nil)
            default: error("risk_free_fill", "config-bad-value", "\"\(v)\"; expected \"none\" (every valued day needs its own rate) or \"previous\" (a missing day takes the last earlier rate)")
            }
        }
        if let v = root["risk_free_fill_max_days"] {
            if let i = v.int, i > 0, i <= 3_660 {
                if case .previous = fill { fill = .previous(maxDays: i) }
                else { error("risk_free_fill_max_days", "config-bad-value", "applies only with risk_free_fill = \"previous\"") }
            } else {
                error("risk_free_fill_max_days", "config-bad-value", "expected a number of calendar days between 1 and 3660, e.g. 7")
            }
        }
        guard let v = root["risk_free"] else {
            if root["risk_free_fill"] != nil { error("risk_free_fill", "config-bad-value", "applies only to a risk_free series (risk_free = \"rates.csv\")") }
            return
        }
        if let d = number(v) {
            if d > -1 && d < 1 { c.riskFree = .annual(d) }
            else { error("risk_free", "config-bad-value", "\(d) is not an annual rate as a fraction; expected e.g. 0.02 for 2%") }
            if root["risk_free_fill"] != nil { error("risk_free_fill", "config-bad-value", "applies only to a risk_free series, not to a constant rate") }
        } else if let rel = v.string {
            guard let p = inputPath(root, "", "risk_free", folder: folder, allowDirectory: false) else { return }
            var fileFindings = Findings()
            // The hash is that of the bytes parsed (provenance), not of a second read.
            if let read = SeriesFile.read(path: p, display: p, accept: [.rate], findings: &fileFindings,
                                          policy: allowOutside ? .unrestricted : PathPolicy(roots: [folder])) {
                c.riskFree = .series(RiskFreeSeries(rates: read.series, source: rel, path: p, sha256: read.sha256, fill: fill))
            }
            for f in fileFindings.items { findings.append(f) }
        } else {
            error("risk_free", "config-bad-type", "expected an annual rate (number) or the path of a date,rate file")
        }
    }

    /// A price shock: a fraction above -1 (the price cannot go below zero) and at most +10.
    mutating func shock(_ t: TOMLTable, _ key: String) -> Double? {
        guard let v = t[key] else { return nil }
        if let d = number(v), d > -1, d <= 10 { return d }
        error("stress." + key, "config-bad-value", "expected a fraction above -1, e.g. -0.2 for -20%")
        return nil
    }

    // MARK: typed look-ups

    mutating func known(_ t: TOMLTable, _ prefix: String, _ keys: [String]) {
        for k in t.keys.sorted() where !keys.contains(k) {
            let kp = prefix.isEmpty ? k : prefix + "." + k
            error(kp, "config-unknown-key", "unknown key; expected one of \(keys.joined(separator: ", "))")
        }
    }

    func number(_ v: TOMLValueConvertible) -> Double? {
        if let d = v.double { return d.isFinite ? d : nil }
        if let i = v.int { return Double(i) }
        return nil
    }

    mutating func table(_ t: TOMLTable, _ key: String) -> TOMLTable? {
        guard let v = t[key] else { return nil }
        if let tt = v.table { return tt }
        error(key, "config-bad-type", "expected a table [\(key)]")
        return nil
    }

    mutating func string(_ t: TOMLTable, _ key: String, prefix: String = "") -> String? {
        guard let v = t[key] else { return nil }
        if let s = v.string { return s }
        error(prefix.isEmpty ? key : prefix + "." + key, "config-bad-type", "expected a string")
        return nil
    }

    mutating func positiveInt(_ t: TOMLTable, _ prefix: String, _ key: String) -> Int? {
        guard let v = t[key] else { return nil }
        if let i = v.int, i > 0 { return i }
        error(prefix + "." + key, "config-bad-value", "expected a positive integer")
        return nil
    }

    mutating func fraction(_ t: TOMLTable, _ prefix: String, _ key: String) -> Double? {
        guard let v = t[key] else { return nil }
        if let d = number(v), d > 0, d < 1 { return d }
        error(prefix + "." + key, "config-bad-value", "expected a fraction between 0 and 1, e.g. 0.1 for 10%")
        return nil
    }

    mutating func positive(_ t: TOMLTable, _ prefix: String, _ key: String) -> Double? {
        guard let v = t[key] else { return nil }
        if let d = number(v), d > 0 { return d }
        error(prefix + "." + key, "config-bad-value", "expected a number > 0")
        return nil
    }

    /// Resolves a path key against the config folder and checks it stays inside and exists.
    mutating func inputPath(_ t: TOMLTable, _ prefix: String, _ key: String, folder: String,
                            allowDirectory: Bool, requireDirectory: Bool = false, confined confinedByDefault: Bool = true) -> String? {
        guard let v = t[key] else { return nil }
        let confined = confinedByDefault && !allowOutside
        let kp = prefix.isEmpty ? key : prefix + "." + key
        guard let rel = v.string, !rel.isEmpty else {
            error(kp, "config-bad-type", "expected a path relative to the config's folder")
            return nil
        }
        let joined = rel.hasPrefix("/") ? rel : folder + "/" + rel
        let standard = (joined as NSString).standardizingPath
        guard let realFolder = ConfigLoader.realPath(folder) else {
            error(kp, "config-path", "cannot resolve the config's folder \(folder)")
            return nil
        }
        let lexicalFolder = (folder as NSString).standardizingPath
        if confined && !(standard == lexicalFolder || standard.hasPrefix(lexicalFolder + "/")) && !(standard.hasPrefix(realFolder + "/")) {
            error(kp, "config-path-outside", "\"\(rel)\" leads outside the config's folder; expected a path inside it (or pass --allow-outside-paths)")
            return nil
        }
        guard let real = ConfigLoader.realPath(standard) else {
            error(kp, "config-missing-file", "\"\(rel)\" does not exist; expected a file relative to the config's folder")
            return nil
        }
        if confined && !(real == realFolder || real.hasPrefix(realFolder + "/")) {
            error(kp, "config-path-outside", "\"\(rel)\" resolves through a symbolic link to a file outside the config's folder; expected a path inside it (or pass --allow-outside-paths)")
            return nil
        }
        if FileBytes.isDirectory(real) {
            if !allowDirectory {
                error(kp, "config-not-a-file", "\"\(rel)\" is a folder; expected a CSV file")
                return nil
            }
            return standard
        }
        if requireDirectory {
            error(kp, "config-not-a-folder", "\"\(rel)\" is not a folder; expected a folder")
            return nil
        }
        if !FileBytes.isRegularFile(real) {
            error(kp, "config-not-a-file", "\"\(rel)\" is a device or special file; expected a regular file")
            return nil
        }
        return standard
    }

    /// A benchmark symbol usable as a file name: `SPY`, `BRK.B`, `^GSPC`, `EURUSD=X`.
    static func isSafeSymbol(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 32 && !s.hasPrefix(".") && s.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                || $0 == 0x2E || $0 == 0x2D || $0 == 0x5F || $0 == 0x5E || $0 == 0x3D
        }
    }

    static func realPath(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }
}

extension BookConfig.Report {
    /// Whether `text` reads as a reporting period: `YYYY`, `YYYY-MM` (month 01 to 12), `YYYY-Qn`
    /// (n 1 to 4) or `FROM..TO` with ISO dates, `FROM` not after `TO`. The same grammar as
    /// `ReportingPeriod.parse` (TearsheetReport), checked here so a bad `[report] period` is a
    /// config error at its line, found by `validate` too, not a late error without one.
    public static func isPeriodText(_ text: String) -> Bool {
        let s = text.trimmingCharacters(in: .whitespaces)
        if let r = s.range(of: "..") {
            guard let a = Day(iso: s[..<r.lowerBound]), let b = Day(iso: s[r.upperBound...]) else { return false }
            return a <= b
        }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let y = Int(parts[0]), (1900...9999).contains(y) else { return false }
        if parts.count == 1 { return true }
        guard parts.count == 2, parts[1].count == 2, parts[1].allSatisfy(\.isASCII) else { return false }
        let p = parts[1]
        if p.first == "Q" || p.first == "q" { return Int(p.dropFirst()).map { (1...4).contains($0) } ?? false }
        return Int(p).map { (1...12).contains($0) } ?? false
    }
}
