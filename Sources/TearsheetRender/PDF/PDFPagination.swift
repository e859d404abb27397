import TearsheetCore
import TearsheetReport

/// One drawing operation of a PDF page, in points from the top-left corner of the content box
/// (or of the page, for headers and footers). Pure values: the layout is computed without drawing,
/// so the page count is known before the first page is drawn ("page N of M").
enum PDFOp {
    case text(String, PDFCanvas.Font, x: Double, y: Double, width: Double?, alignment: PDFCanvas.Alignment, colour: PDFCanvas.Colour)
    case fill(x: Double, y: Double, width: Double, height: Double, colour: PDFCanvas.Colour)
    case line(x1: Double, y1: Double, x2: Double, y2: Double, width: Double, colour: PDFCanvas.Colour)
    case svg(id: String, x: Double, y: Double, width: Double, height: Double)
    /// The page number on which `anchor` was placed (a contents entry), known after pagination.
    case pageOf(anchor: String, PDFCanvas.Font, x: Double, y: Double, width: Double, colour: PDFCanvas.Colour)

    func moved(dx: Double, dy: Double) -> PDFOp {
        switch self {
        case let .text(t, f, x, y, w, a, c): return .text(t, f, x: x + dx, y: y + dy, width: w, alignment: a, colour: c)
        case let .fill(x, y, w, h, c): return .fill(x: x + dx, y: y + dy, width: w, height: h, colour: c)
        case let .line(x1, y1, x2, y2, w, c): return .line(x1: x1 + dx, y1: y1 + dy, x2: x2 + dx, y2: y2 + dy, width: w, colour: c)
        case let .svg(id, x, y, w, h): return .svg(id: id, x: x + dx, y: y + dy, width: w, height: h)
        case let .pageOf(a, f, x, y, w, c): return .pageOf(anchor: a, f, x: x + dx, y: y + dy, width: w, colour: c)
        }
    }
}

/// An unbreakable slice of the flow: a heading, a line of a paragraph, a table row, a chart. Its
/// operations are relative to its own top-left corner.
struct PDFUnit {
    var height: Double
    var ops: [PDFOp]
    /// Stays on the same page as the unit after it (headings, a table's title and header and its
    /// first rows, a paragraph's first line): no heading is left alone at the bottom of a page.
    var keepWithNext = false
    /// Needs a landscape page (a table too wide for portrait; every unit of it, so its
    /// continuation pages are landscape too).
    var landscape = false
    /// For the rows of a table: what a new page repeats before the row (the title marked
    /// "continued" and the column headers), so no table continues without its header.
    var repeatOnNewPage: [PDFUnit] = []
    /// A heading's anchor: recorded with its page and position (contents and PDF outline).
    var anchor: (id: String, title: String, level: Int)? = nil
    /// Space left above the unit unless it opens a page.
    var spaceBefore = 0.0
}

/// A laid-out page: its size and what is drawn on it (content-box coordinates).
struct PDFPage {
    var width: Double
    var height: Double
    var ops: [PDFOp] = []
}

/// Where each anchor landed: 1-based page and the y of its top in page coordinates.
struct PDFAnchor {
    var id: String
    var title: String
    var level: Int
    var page: Int
    var y: Double
}

/// Cuts a flow of units into pages: a unit that does not fit on what is left of the page opens a
/// new one; a chain of keep-with-next units moves as a whole (unless it is taller than a page); a
/// table row on a new page is preceded by its table's repeated title and header; a landscape unit
/// on a portrait page opens a landscape page, and a new page is portrait unless its first unit
/// needs landscape.
struct PDFPaginator {
    var paper: PaperSize
    var margins: PDFGeometry.Margins

    func paginate(_ units: [PDFUnit]) -> (pages: [PDFPage], anchors: [PDFAnchor]) {
        var pages: [PDFPage] = []
        var anchors: [PDFAnchor] = []
        var y = 0.0
        var bottom = 0.0
        var landscape = false
        var empty = true

        func open(landscape l: Bool) {
            let size = PDFGeometry.pageSize(paper, landscape: l)
            pages.append(PDFPage(width: size.width, height: size.height))
            landscape = l
            y = 0
            bottom = size.height - margins.top - margins.bottom
            empty = true
        }
        func place(_ u: PDFUnit) {
            if !empty { y += u.spaceBefore }
            for op in u.ops { pages[pages.count - 1].ops.append(op.moved(dx: 0, dy: y)) }
            if let a = u.anchor { anchors.append(PDFAnchor(id: a.id, title: a.title, level: a.level, page: pages.count, y: margins.top + y)) }
            y += u.height
            empty = false
        }

        open(landscape: units.first?.landscape ?? false)
        for (i, u) in units.enumerated() {
            var need = u.height + (empty ? 0 : u.spaceBefore)
            if u.keepWithNext {
                var j = i
                while j + 1 < units.count, units[j].keepWithNext {
                    j += 1
                    need += units[j].height + units[j].spaceBefore
                }
            }
            let wrongOrientation = u.landscape && !landscape
            let pageHeight = PDFGeometry.pageSize(paper, landscape: u.landscape).height - margins.top - margins.bottom
            if wrongOrientation || (!empty && y + need > bottom && need <= pageHeight) || (!empty && y + u.height + u.spaceBefore > bottom) {
                open(landscape: u.landscape)
                for r in u.repeatOnNewPage { place(r) }
            }
            place(u)
        }
        return (pages, anchors)
    }
}

/// Page sizes and margins.
enum PDFGeometry {
    struct Margins {
        var top: Double, bottom: Double, left: Double, right: Double
    }

    /// 15 mm at the sides, room for the running header above and the footer below.
    static let margins = Margins(top: 56, bottom: 50, left: 42, right: 42)

    static func pageSize(_ paper: PaperSize, landscape: Bool) -> (width: Double, height: Double) {
        let p = paper.points
        return landscape ? (p.height, p.width) : (p.width, p.height)
    }

    static func contentWidth(_ paper: PaperSize, landscape: Bool) -> Double {
        pageSize(paper, landscape: landscape).width - margins.left - margins.right
    }
}
