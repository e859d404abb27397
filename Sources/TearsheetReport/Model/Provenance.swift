import TearsheetCore

/// One input file as read: path (as given), SHA-256 of its bytes and its data row count; or, in
/// an account's report, one account's rows of a shared file (`account` set): their count, first
/// and last date and the SHA-256 of those rows alone (`AccountRowDigest`), beside the file's name.
public struct ProvenanceInput: Sendable, Equatable {
    public var path: String
    public var sha256: String
    public var rows: Int
    /// The account whose rows `rows` and `sha256` describe; `nil` for the whole file.
    public var account: String? = nil
    /// First and last date of those rows (account rows only).
    public var firstDay: Day? = nil
    public var lastDay: Day? = nil

    public init(path: String, sha256: String, rows: Int, account: String? = nil, firstDay: Day? = nil, lastDay: Day? = nil) {
        self.path = path
        self.sha256 = sha256
        self.rows = rows
        self.account = account
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    /// What the row count and the hash cover, for people: `whole file`, or
    /// `rows of account X, 2014-01-02 to 2026-07-31` (`rows of account X: none` without a row).
    public var coverage: String {
        guard let account else { return "whole file" }
        guard let f = firstDay, let l = lastDay else { return "rows of account \(account): none" }
        return "rows of account \(account), \(f) to \(l)"
    }
}

/// Where a benchmark series came from (file, vendor, SHA-256 of the file).
public struct BenchmarkSource: Sendable, Equatable {
    public var symbol: String
    public var source: String
    public var sha256: String?

    public init(symbol: String, source: String, sha256: String? = nil) {
        self.symbol = symbol
        self.source = source
        self.sha256 = sha256
    }
}

/// What a compliance reviewer needs to reproduce the report: tool version, the configuration as
/// given, every input with its hash and rows, benchmark sources, the period and the generation time.
public struct Provenance: Sendable, Equatable {
    public var toolVersion: String
    /// The configuration file's text, echoed verbatim.
    public var configText: String
    public var inputs: [ProvenanceInput]
    public var benchmarks: [BenchmarkSource]
    public var period: ReportPeriod
    public var generatedAt: GenerationTime
    /// The risk-free rate the figures use (`RiskFree.disclosure`): the value, or the rate file with
    /// its range and SHA-256 (the file is also one of `inputs`).
    public var riskFree: String

    public init(toolVersion: String, configText: String, inputs: [ProvenanceInput], benchmarks: [BenchmarkSource],
                period: ReportPeriod, generatedAt: GenerationTime, riskFree: String = RiskFree.zero.disclosure) {
        self.riskFree = riskFree
        self.toolVersion = toolVersion
        self.configText = configText
        self.inputs = inputs
        self.benchmarks = benchmarks
        self.period = period
        self.generatedAt = generatedAt
    }
}
