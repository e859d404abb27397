import TearsheetCore

/// A paragraph of text in a section; `isWarning` marks data-quality warnings and breaches.
public struct ReportNote: Sendable, Equatable {
    public var text: String
    public var isWarning: Bool

    public init(_ text: String, isWarning: Bool = false) {
        self.text = text
        self.isWarning = isWarning
    }
}

/// A content block of a section, in reading order.
public enum ReportBlock: Sendable, Equatable {
    case table(ReportTable)
    case chart(ReportChart)
    case note(ReportNote)
}

/// One section of the report (summary, metrics, drawdowns ...). `id` is a stable anchor
/// (lowercase letters, digits, `-`), also used for the XLSX sheet name when `title` is unusable.
public struct ReportSection: Sendable, Equatable {
    public var id: String
    public var title: String
    public var intro: String?
    public var blocks: [ReportBlock]

    public init(id: String, title: String, intro: String? = nil, blocks: [ReportBlock]) {
        self.id = id
        self.title = title
        self.intro = intro
        self.blocks = blocks
    }

    public var tables: [ReportTable] { blocks.compactMap { if case .table(let t) = $0 { return t } else { return nil } } }

    /// The section with each table as the reading formats show it (`ReportTable.forReading`).
    public var forReading: ReportSection {
        var s = self
        s.blocks = blocks.map { if case .table(let t) = $0, t.readingView != nil { return .table(t.forReading) } else { return $0 } }
        return s
    }

    public var charts: [ReportChart] { blocks.compactMap { if case .chart(let c) = $0 { return c } else { return nil } } }
}

/// The reporting period, both ends inclusive.
public struct ReportPeriod: Sendable, Equatable {
    public var start: Day
    public var end: Day

    public init(start: Day, end: Day) {
        self.start = start
        self.end = end
    }
}

/// The whole report: one model that every format renders, so every format shows the same numbers.
public struct ReportDocument: Sendable, Equatable {
    public var title: String
    public var subtitle: String?
    public var period: ReportPeriod
    /// When the report was generated (from `SOURCE_DATE_EPOCH` when set), stamped into every format.
    public var generatedAt: GenerationTime
    /// Document properties of the XLSX (author from config, company).
    public var author: String
    public var company: String
    /// The paper the PDF is laid out for (`[report] paper`).
    public var paper: PaperSize = .a4
    /// Firm, logo, accent colour, disclosures and contact (`[report]`, a batch's `[branding]`):
    /// the header and footer of HTML and PDF, the accent of headings and charts.
    public var branding = Branding()
    /// The book's base currency (ISO 4217), named in every amount column's header
    /// (`ReportColumn.header(currency:)`).
    public var baseCurrency = "USD"
    public var provenance: Provenance
    public var sections: [ReportSection]

    public init(title: String, subtitle: String? = nil, period: ReportPeriod, generatedAt: GenerationTime,
                author: String = "", company: String = "", provenance: Provenance, sections: [ReportSection]) {
        self.title = title
        self.subtitle = subtitle
        self.period = period
        self.generatedAt = generatedAt
        self.author = author
        self.company = company
        self.provenance = provenance
        self.sections = sections
    }

    /// Every table of every section, in document order.
    public var allTables: [ReportTable] { sections.flatMap(\.tables) }

    /// The document as the reading formats (Markdown, HTML, PDF, XLSX) show it: every table with a
    /// `readingView` bounded to it; the CSV renders the document itself, with every row.
    public var forReading: ReportDocument {
        guard sections.contains(where: { $0.tables.contains { $0.readingView != nil } }) else { return self }
        var d = self
        d.sections = sections.map(\.forReading)
        return d
    }

    /// Every chart of every section, in document order.
    public var allCharts: [ReportChart] { sections.flatMap(\.charts) }

    /// Checks the invariants the renderers rely on: unique, file-safe table and chart ids, rows as
    /// wide as the columns, series as long as the x axis. Returns one message per problem.
    public func validate() -> [String] {
        var problems: [String] = []
        var tableIDs = Set<String>(), chartIDs = Set<String>(), sectionIDs = Set<String>()
        func safe(_ id: String) -> Bool {
            !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }
        }
        for s in sections {
            if !safe(s.id) { problems.append("section id '\(s.id)' must be lowercase letters, digits, '-' or '_'") }
            if !sectionIDs.insert(s.id).inserted { problems.append("duplicate section id '\(s.id)'") }
            for t in s.tables {
                if !safe(t.id) { problems.append("table id '\(t.id)' must be lowercase letters, digits, '-' or '_'") }
                if !tableIDs.insert(t.id).inserted { problems.append("duplicate table id '\(t.id)'") }
                for (i, r) in t.rows.enumerated() where r.count != t.columns.count {
                    problems.append("table '\(t.id)' row \(i + 1) has \(r.count) cells for \(t.columns.count) columns")
                }
                if let v = t.readingView {
                    for (i, r) in v.rows.enumerated() where r.count != v.columns.count {
                        problems.append("table '\(t.id)' reading view row \(i + 1) has \(r.count) cells for \(v.columns.count) columns")
                    }
                }
            }
            for c in s.charts {
                if !safe(c.id) { problems.append("chart id '\(c.id)' must be lowercase letters, digits, '-' or '_'") }
                if !chartIDs.insert(c.id).inserted { problems.append("duplicate chart id '\(c.id)'") }
                for se in c.series where se.values.count != c.x.count {
                    problems.append("chart '\(c.id)' series '\(se.name)' has \(se.values.count) values for \(c.x.count) x positions")
                }
            }
        }
        return problems
    }
}
