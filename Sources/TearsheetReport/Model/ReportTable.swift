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
    /// What the formats meant for reading (Markdown, HTML, PDF, XLSX) show instead of `columns`
    /// and `rows`; the CSV always carries the full table. Set for tables with a row or column per
    /// sleeve above `StrategyAttribution.shownSleeveLimit` sleeves (the largest contributors and
    /// an "Other (N sleeves)" row or column), so a reading format's size is bounded whatever
    /// the sleeve count. `nil`: every format shows the full table.
    public var readingView: ReadingView?

    /// A bounded presentation of a table for the reading formats (see `readingView`).
    public struct ReadingView: Sendable, Equatable {
        public var columns: [ReportColumn]
        public var rows: [[Cell]]
        /// Says what is left out and where the full table is; appended to the footnote.
        public var note: String

        public init(columns: [ReportColumn], rows: [[Cell]], note: String) {
            self.columns = columns
            self.rows = rows
            self.note = note
        }
    }

    /// The table as the reading formats show it: `readingView`'s columns and rows with its note
    /// after the footnote; the table itself when it has no reading view.
    public var forReading: ReportTable {
        guard let v = readingView else { return self }
        var t = self
        t.columns = v.columns
        t.rows = v.rows
        t.footnote = [footnote, v.note].compactMap { $0 }.joined(separator: " ")
        t.readingView = nil
        return t
    }

    public init(id: String, title: String, columns: [ReportColumn], rows: [[Cell]], style: TableStyle = .plain,
                footnote: String? = nil, heatmapColumns: Set<Int>? = nil, readingRows: Int? = nil, readingView: ReadingView? = nil) {
        self.id = id
        self.title = title
        self.columns = columns
        self.rows = rows
        self.style = style
        self.footnote = footnote
        self.heatmapColumns = heatmapColumns
        self.readingRows = readingRows
        self.readingView = readingView
    }

    /// The columns a heatmap colours: `heatmapColumns`, else every percent column; empty unless
    /// `style == .heatmap`.
    public var colouredColumns: Set<Int> {
        guard style == .heatmap else { return [] }
        return heatmapColumns ?? Set(columns.indices.filter { columns[$0].kind == .percent })
    }
}
