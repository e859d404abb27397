import TearsheetAttribution
import TearsheetCore
import TearsheetIngest
import TearsheetMetrics
import TearsheetValuation
import TearsheetCore

/// Everything one run of the pipeline produced, in pipeline order: the hand-off to the report builder.
public struct BookRun: Sendable {
    /// What the run was made from: a book (trades, positions, flows) or a bare daily return series.
    public enum Source: Sendable, Equatable { case book, returnSeries }

    public var source: Source = .book
    public var config: BookConfig
    /// The config file's text, echoed in the provenance ("" when files were named directly).
    public var configText: String
    public var ledger: Ledger
    public var benchmarks: [Benchmark]
    public var valuation: Valuation
    public var metrics: MetricsResult
    public var attribution: AttributionResult
    /// Portfolio and benchmark sector segments behind Brinson-Fachler; `nil` without a segment benchmark.
    public var segments: SegmentReturns? = nil
    /// The config's `[[composites]]`, in config order (empty without any).
    public var composites: [CompositeResult] = []
    /// Every warning of ingestion, benchmark loading and valuation, in that order.
    public var warnings: [Finding]
    /// Inputs with their SHA-256 and row counts (paths relative to the config's folder).
    public var inputs: [ProvenanceInput]
    public var benchmarkSources: [BenchmarkSource]
    /// The account this run reports on (the book filtered to its rows); `nil` for the whole book.
    public var account: String? = nil
    /// The reporting period's first and last trading day; `nil` for a whole-history report. Every
    /// other field is computed up to the period's end (inception to date).
    public var reportingPeriod: ClosedRange<Day>? = nil
    /// Attribution over the reporting period's days only; `nil` without a period.
    public var periodAttribution: AttributionResult? = nil
    /// The money statement of the reporting period; `nil` without a period.
    public var periodStatement: PeriodStatement? = nil
    /// Money-weighted returns of the book over its trailing windows, ITD and calendar years
    /// (empty for a bare return series, which has no flows).
    public var moneyWeighted: [MoneyWeightedRow] = []
    /// Each account's inception-to-date money-weighted return, in the valuation's account order
    /// (empty for a one-account report).
    public var accountMoneyWeighted: [AccountMoneyWeighted] = []
    /// Each sleeve's inception-to-date money-weighted return, for the sleeves that received
    /// external flows of their own (the `name` field holds the sleeve's name), in sleeve order.
    public var sleeveMoneyWeighted: [AccountMoneyWeighted] = []
    /// The money-weighted return of the reporting period itself; `nil` without a period.
    public var periodMoneyWeighted: MoneyWeightedRow? = nil
    /// The book's gross-of-fees time-weighted series (FEE flows added back,
    /// `GrossOfFees.returns`) with its metrics and period tables; `nil` when the book has no FEE
    /// flow (gross and net are then the same series).
    public var grossOfFees: SeriesAnalysis? = nil
    /// `composites` computed on the accounts' gross-of-fees returns, in the same order; empty
    /// when the book has no FEE flow or no composite.
    public var grossComposites: [CompositeResult] = []
    /// Sum of the FEE flows over the valued days, as a positive cost (0 without any).
    public var feeFlows: Double = 0
    /// The FEE flows over the valued days by their `kind` ("unspecified" for rows without one),
    /// as positive costs sorted by kind; empty when no FEE row gives a kind.
    public var feesByKind: [FeeKindTotal] = []

    public init(source: Source, config: BookConfig, configText: String, ledger: Ledger, benchmarks: [Benchmark],
                valuation: Valuation, metrics: MetricsResult, attribution: AttributionResult, segments: SegmentReturns?,
                warnings: [Finding], inputs: [ProvenanceInput], benchmarkSources: [BenchmarkSource]) {
        self.source = source
        self.config = config
        self.configText = configText
        self.ledger = ledger
        self.benchmarks = benchmarks
        self.valuation = valuation
        self.metrics = metrics
        self.attribution = attribution
        self.segments = segments
        self.warnings = warnings
        self.inputs = inputs
        self.benchmarkSources = benchmarkSources
    }
}

/// One account's (or sleeve's) inception-to-date money-weighted return, for the book's tables.
public struct AccountMoneyWeighted: Sendable, Equatable {
    public var account: String
    public var itd: MoneyWeightedRow

    public init(account: String, itd: MoneyWeightedRow) {
        self.account = account
        self.itd = itd
    }
}

/// The FEE flows of one kind (management, performance, custody, ...), as a positive cost.
public struct FeeKindTotal: Sendable, Equatable {
    public var kind: String
    public var amount: Double

    public init(kind: String, amount: Double) {
        self.kind = kind
        self.amount = amount
    }
}
