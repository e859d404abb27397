import TearsheetCore

/// The chart types every renderer knows how to draw.
public enum ChartKind: String, Sendable, Equatable, Hashable {
    /// Lines over dates or categories (equity vs benchmarks, rolling Sharpe and beta).
    case line
    /// A filled area down from zero (the underwater drawdown).
    case area
    /// Vertical bars, grouped by series, negative values below the axis (contributions, regimes).
    case bar
    /// A grid of cells coloured by value: x = categories (months), one series per row (years).
    case heatmap
}

/// The unit of a chart's values: decides axis labels.
public enum ChartUnit: String, Sendable, Equatable, Hashable {
    case percent
    case currency
    case ratio
    /// A count (a histogram's bars): whole numbers.
    case count
}

/// What a series stands for, which fixes its colour in every chart of every format: the
/// portfolio always in one colour and drawn last (on top), each benchmark in its own colour
/// (by its position in the config's benchmark list), anything else from the rest of the palette.
public enum SeriesRole: Sendable, Equatable, Hashable {
    case portfolio
    case benchmark(Int)
    case other
}

/// The x axis of a chart: dates (a time axis) or named categories.
public enum ChartAxis: Sendable, Equatable {
    case dates([Day])
    case categories([String])

    public var count: Int {
        switch self {
        case .dates(let d): return d.count
        case .categories(let c): return c.count
        }
    }
}

/// One named series of a chart; `nil` values are gaps (no data that day), never zeros.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var values: [Double?]
    public var role: SeriesRole

    public init(name: String, values: [Double?], role: SeriesRole = .other) {
        self.name = name
        self.values = values
        self.role = role
    }
}

/// A chart in the report model: the renderers draw it as inline SVG (HTML), an SVG file (Markdown)
/// or a native chart (XLSX, for line, area and bar charts).
public struct ReportChart: Sendable, Equatable {
    /// Unique in the document; names `charts/<id>.svg`.
    public var id: String
    public var title: String
    public var kind: ChartKind
    public var x: ChartAxis
    /// Every series has exactly `x.count` values.
    public var series: [ChartSeries]
    public var unit: ChartUnit
    /// Log scale on the y axis (equity curves); ignored when a value is not positive.
    public var logScale: Bool
    /// Date ranges shaded behind the lines (the top drawdowns on the growth chart, from their
    /// start to their recovery or the chart's end); date axes only.
    public var shaded: [ClosedRange<Day>] = []

    public init(id: String, title: String, kind: ChartKind, x: ChartAxis, series: [ChartSeries], unit: ChartUnit, logScale: Bool = false) {
        self.id = id
        self.title = title
        self.kind = kind
        self.x = x
        self.series = series
        self.unit = unit
        self.logScale = logScale
    }
}
