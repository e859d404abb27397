import TearsheetCore

/// A column of a report table: its header and the kind of its cells.
public struct ReportColumn: Sendable, Equatable, Hashable {
    public var header: String
    public var kind: CellKind

    public init(_ header: String, _ kind: CellKind) {
        self.header = header
        self.kind = kind
    }
}

/// How a table is presented beyond plain rows.
public enum TableStyle: String, Sendable, Equatable, Hashable {
    /// An ordinary table.
    case plain
    /// Numeric cells coloured by value (the year x month grid): a 3-colour scale in XLSX, cell
    /// backgrounds in HTML.
    case heatmap
    /// The long daily series (NAV, returns, sleeves, benchmarks, drawdown): written in full to CSV and
    /// XLSX (constant memory), summarised in HTML and Markdown.
    case dailySeries
}

/// A table of typed cells. `id` names the CSV file (`csv/<id>.csv`) and the XLSX sheet, so it must be
/// unique in a document and made of lowercase letters, digits, `-` and `_`.
public struct ReportTable: Sendable, Equatable {
    public var id: String
    public var title: String
    public var columns: [ReportColumn]
    public var rows: [[Cell]]
    public var style: TableStyle
    /// Optional footnote printed under the table.
    public var footnote: String?
    /// For a heatmap: the columns coloured on one shared scale (e.g. the twelve months, not the
    /// year total); `nil` means every percent column.
    public var heatmapColumns: Set<Int>?
    /// The formats meant for reading (Markdown, HTML) show only the last `readingRows` rows, with a
    /// line pointing to the CSV and XLSX, which always carry every row; `nil` shows every row.
    /// Daily series always show their last 10 rows.
    public var readingRows: Int?

    public init(id: String, title: String, columns: [ReportColumn], rows: [[Cell]], style: TableStyle = .plain,
                footnote: String? = nil, heatmapColumns: Set<Int>? = nil, readingRows: Int? = nil) {
        self.id = id
        self.title = title
        self.columns = columns
        self.rows = rows
        self.style = style
        self.footnote = footnote
        self.heatmapColumns = heatmapColumns
        self.readingRows = readingRows
    }

    /// The columns a heatmap colours: `heatmapColumns`, else every percent column; empty unless
    /// `style == .heatmap`.
    public var colouredColumns: Set<Int> {
        guard style == .heatmap else { return [] }
        return heatmapColumns ?? Set(columns.indices.filter { columns[$0].kind == .percent })
    }
}
