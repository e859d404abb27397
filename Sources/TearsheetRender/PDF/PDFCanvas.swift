import CCairo
import CPango
import CRsvg
import TearsheetCore
import TearsheetReport

/// The only door to cairo, Pango and librsvg: a `final class` that owns every C object of one PDF
/// (the cairo PDF surface writing into memory, its drawing context, the Pango context and layout,
/// the font descriptions and the parsed SVG charts), turns every `cairo_status_t` and `GError` into
/// `RenderError.pdf` naming the operation, and releases each object exactly once in `deinit`.
///
/// Coordinates are PDF points (1/72 inch), origin at the page's top left, y downwards, as cairo
/// draws. Pango measures and draws text at 72 dpi, so a font size is a size in points, with metric
/// hinting off so a measured width is the drawn width.
///
/// Not `Sendable` on purpose: one canvas per task. Pango's default font map is per thread, so
/// canvases on different threads share nothing.
final class PDFCanvas {
    /// The bytes cairo streams out; cairo holds an unretained pointer to it while the surface lives.
    private final class Sink {
        var bytes: [UInt8] = []
    }

    /// A font of the renderer: DejaVu Sans (Debian `fonts-dejavu-core`, which librsvg and Pango
    /// pull in) through fontconfig, so any sans-serif font stands in where it is missing.
    struct Font: Hashable {
        var size: Double
        var bold = false
        var italic = false
        var monospace = false

        var pangoDescription: String {
            (monospace ? "DejaVu Sans Mono" : "DejaVu Sans") + (bold ? " Bold" : "") + (italic ? " Oblique" : "")
                + " " + NumberText.fixed(size, decimals: 2)
        }
    }

    /// An RGB colour, components in 0...1.
    struct Colour: Hashable {
        var r: Double, g: Double, b: Double

        /// `#rrggbb`; black when the text is not six hex digits.
        init(hex: String) {
            let digits = Array(hex.utf8.drop { $0 == 0x23 })
            func v(_ i: Int) -> Double {
                guard digits.count == 6 else { return 0 }
                func nibble(_ c: UInt8) -> Int {
                    switch c {
                    case 0x30...0x39: return Int(c - 0x30)
                    case 0x41...0x46: return Int(c - 0x41 + 10)
                    case 0x61...0x66: return Int(c - 0x61 + 10)
                    default: return 0
                    }
                }
                return Double(nibble(digits[i]) * 16 + nibble(digits[i + 1])) / 255
            }
            r = v(0); g = v(2); b = v(4)
        }
    }

    enum Alignment { case left, right, centre }

    /// Document metadata written into the PDF's information dictionary.
    struct Metadata {
        var title: String
        var author: String
        var subject: String
        var creator: String
        /// `YYYY-MM-DDThh:mm:ssZ`: the report's generation time, for both the creation and the
        /// modification date, so the bytes do not depend on the clock.
        var date: String
    }

    private let sink = Sink()
    private var surface: OpaquePointer?
    private var cr: OpaquePointer?
    private var pango: OpaquePointer?
    private var layout: OpaquePointer?
    private var fonts: [Font: OpaquePointer] = [:]
    private var svgs: [String: UnsafeMutablePointer<RsvgHandle>] = [:]
    private var currentFont: Font?
    private var pageOpen = false

    /// A new document whose first page is `width` x `height` points.
    init(width: Double, height: Double, metadata: Metadata) throws(RenderError) {
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        let s = cairo_pdf_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(), width, height)
        surface = s
        try Self.check(cairo_surface_status(s), "cairo_pdf_surface_create_for_stream")
        for (key, value) in [(CAIRO_PDF_METADATA_TITLE, metadata.title), (CAIRO_PDF_METADATA_AUTHOR, metadata.author),
                             (CAIRO_PDF_METADATA_SUBJECT, metadata.subject), (CAIRO_PDF_METADATA_CREATOR, metadata.creator),
                             (CAIRO_PDF_METADATA_CREATE_DATE, metadata.date), (CAIRO_PDF_METADATA_MOD_DATE, metadata.date)]
        where !value.isEmpty {
            cairo_pdf_surface_set_metadata(s, key, value)
        }
        try Self.check(cairo_surface_status(s), "cairo_pdf_surface_set_metadata")
        let c = cairo_create(s)
        cr = c
        try Self.check(cairo_status(c), "cairo_create")
        guard let p = pango_cairo_create_context(c) else {
            throw .pdf(operation: "pango_cairo_create_context", message: "Pango could not make a context")
        }
        pango = p
        pango_cairo_context_set_resolution(p, 72)
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(p, options)
        guard let l = pango_layout_new(p) else {
            throw .pdf(operation: "pango_layout_new", message: "Pango could not make a layout")
        }
        layout = l
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR)
    }

    deinit {
        for (_, handle) in svgs { g_object_unref(UnsafeMutableRawPointer(handle)) }
        for (_, desc) in fonts { pango_font_description_free(desc) }
        if let layout { g_object_unref(UnsafeMutableRawPointer(layout)) }
        if let pango { g_object_unref(UnsafeMutableRawPointer(pango)) }
        if let cr { cairo_destroy(cr) }
        // Destroying an unfinished surface finishes it into `sink`, which outlives this body.
        if let surface { cairo_surface_destroy(surface) }
    }

    private static func check(_ status: cairo_status_t, _ op: @autoclosure () -> String) throws(RenderError) {
        guard status != CAIRO_STATUS_SUCCESS else { return }
        throw .pdf(operation: op(), message: String(cString: cairo_status_to_string(status)))
    }

    private func live(_ op: String) throws(RenderError) -> (OpaquePointer, OpaquePointer, OpaquePointer) {
        guard let surface, let cr, let layout else { throw .pdf(operation: op, message: "the document is already finished") }
        return (surface, cr, layout)
    }

    // MARK: - Text

    private func setText(_ text: String, font: Font, width: Double?, alignment: Alignment) throws(RenderError) -> OpaquePointer {
        let (_, _, l) = try live("text")
        if currentFont != font {
            let desc: OpaquePointer
            if let known = fonts[font] {
                desc = known
            } else {
                guard let made = pango_font_description_from_string(font.pangoDescription) else {
                    throw .pdf(operation: "pango_font_description_from_string(\(font.pangoDescription))", message: "no font description")
                }
                fonts[font] = made
                desc = made
            }
            pango_layout_set_font_description(l, desc)
            currentFont = font
        }
        pango_layout_set_width(l, width.map { Int32(($0 * Double(PANGO_SCALE)).rounded(.down)) } ?? -1)
        switch alignment {
        case .left: pango_layout_set_alignment(l, PANGO_ALIGN_LEFT)
        case .right: pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT)
        case .centre: pango_layout_set_alignment(l, PANGO_ALIGN_CENTER)
        }
        pango_layout_set_text(l, text, -1)
        return l
    }

    /// Width and height of `text` laid out in `font`, wrapped at `width` when given.
    func measure(_ text: String, _ font: Font, width: Double? = nil) throws(RenderError) -> (width: Double, height: Double) {
        let l = try setText(text, font: font, width: width, alignment: .left)
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_size(l, &w, &h)
        return (Double(w) / Double(PANGO_SCALE), Double(h) / Double(PANGO_SCALE))
    }

    /// The lines `text` wraps into at `width` (explicit line breaks kept), each as its own text.
    func lines(_ text: String, _ font: Font, width: Double) throws(RenderError) -> [String] {
        let l = try setText(text, font: font, width: width, alignment: .left)
        let bytes = Array(text.utf8)
        var out: [String] = []
        let n = pango_layout_get_line_count(l)
        for i in 0..<n {
            guard let line = pango_layout_get_line_readonly(l, i) else { continue }
            let start = max(0, min(bytes.count, Int(line.pointee.start_index)))
            let end = max(start, min(bytes.count, start + Int(line.pointee.length)))
            var piece = String(decoding: bytes[start..<end], as: UTF8.self)
            while piece.last == "\n" || piece.last == "\r" { piece.removeLast() }
            out.append(piece)
        }
        return out.isEmpty ? [""] : out
    }

    /// Draws `text` with its top-left corner at (x, y); with `width`, wrapped and aligned in it.
    func text(_ text: String, _ font: Font, x: Double, y: Double, width: Double? = nil, alignment: Alignment = .left,
              colour: Colour) throws(RenderError) {
        let l = try setText(text, font: font, width: width, alignment: alignment)
        let (_, cr, _) = try live("text")
        cairo_set_source_rgb(cr, colour.r, colour.g, colour.b)
        cairo_move_to(cr, x, y)
        pango_cairo_update_layout(cr, l)
        pango_cairo_show_layout(cr, l)
        try Self.check(cairo_status(cr), "pango_cairo_show_layout")
    }

    // MARK: - Shapes

    func fill(x: Double, y: Double, width: Double, height: Double, colour: Colour) throws(RenderError) {
        let (_, cr, _) = try live("fill")
        cairo_set_source_rgb(cr, colour.r, colour.g, colour.b)
        cairo_rectangle(cr, x, y, width, height)
        cairo_fill(cr)
        try Self.check(cairo_status(cr), "cairo_fill")
    }

    func line(x1: Double, y1: Double, x2: Double, y2: Double, width: Double, colour: Colour) throws(RenderError) {
        let (_, cr, _) = try live("line")
        cairo_set_source_rgb(cr, colour.r, colour.g, colour.b)
        cairo_set_line_width(cr, width)
        cairo_move_to(cr, x1, y1)
        cairo_line_to(cr, x2, y2)
        cairo_stroke(cr)
        try Self.check(cairo_status(cr), "cairo_stroke")
    }

    // MARK: - SVG

    /// Parses `svg` (kept under `id` until the canvas goes) and returns its intrinsic size in
    /// user units; a malformed document is an error naming the chart.
    func loadSVG(id: String, _ svg: String) throws(RenderError) -> (width: Double, height: Double) {
        if svgs[id] == nil {
            var error: UnsafeMutablePointer<GError>?
            let bytes = Array(svg.utf8)
            let handle = bytes.withUnsafeBufferPointer { rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }
            guard let handle else { throw Self.gerror(error, "rsvg_handle_new_from_data(chart \(id))") }
            rsvg_handle_set_dpi(handle, 72)
            svgs[id] = handle
        }
        guard let handle = svgs[id] else { throw .pdf(operation: "chart \(id)", message: "not loaded") }
        var w = 0.0, h = 0.0
        guard rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) != 0, w > 0, h > 0 else {
            throw .pdf(operation: "rsvg_handle_get_intrinsic_size_in_pixels(chart \(id))", message: "the chart has no width and height")
        }
        return (w, h)
    }

    /// Draws the chart loaded as `id` into the box (x, y, width, height), keeping its aspect ratio.
    func drawSVG(id: String, x: Double, y: Double, width: Double, height: Double) throws(RenderError) {
        let (_, cr, _) = try live("svg")
        guard let handle = svgs[id] else { throw .pdf(operation: "chart \(id)", message: "drawn before it was loaded") }
        var viewport = RsvgRectangle(x: x, y: y, width: width, height: height)
        var error: UnsafeMutablePointer<GError>?
        cairo_save(cr)
        let ok = rsvg_handle_render_document(handle, cr, &viewport, &error)
        cairo_restore(cr)
        guard ok != 0 else { throw Self.gerror(error, "rsvg_handle_render_document(chart \(id))") }
        try Self.check(cairo_status(cr), "rsvg_handle_render_document(chart \(id))")
    }

    private static func gerror(_ error: UnsafeMutablePointer<GError>?, _ op: String) -> RenderError {
        guard let error else { return .pdf(operation: op, message: "failed without a message") }
        defer { g_error_free(error) }
        return .pdf(operation: op, message: error.pointee.message.map { String(cString: $0) } ?? "failed without a message")
    }

    // MARK: - Pages and the document

    /// Starts a page of `width` x `height` points (each page has its own size and orientation).
    func beginPage(width: Double, height: Double) throws(RenderError) {
        let (surface, _, _) = try live("beginPage")
        cairo_pdf_surface_set_size(surface, width, height)
        try Self.check(cairo_surface_status(surface), "cairo_pdf_surface_set_size")
        pageOpen = true
    }

    func endPage() throws(RenderError) {
        let (_, cr, _) = try live("endPage")
        cairo_show_page(cr)
        try Self.check(cairo_status(cr), "cairo_show_page")
        pageOpen = false
    }

    /// A bookmark in the PDF's outline pointing at `page` (1-based) at height `y`; returns its id,
    /// the `parent` of nested entries (0 is the root).
    @discardableResult
    func outline(_ title: String, page: Int, y: Double, parent: Int32 = 0) throws(RenderError) -> Int32 {
        let (surface, _, _) = try live("outline")
        let id = cairo_pdf_surface_add_outline(surface, parent, title, "page=\(page) pos=[0 \(NumberText.fixed(y, decimals: 2))]",
                                               cairo_pdf_outline_flags_t(0))
        try Self.check(cairo_surface_status(surface), "cairo_pdf_surface_add_outline")
        return Int32(id)
    }

    /// Ends the document and returns the PDF's bytes; the canvas cannot draw afterwards.
    func finish() throws(RenderError) -> [UInt8] {
        let (surface, cr, _) = try live("finish")
        if pageOpen { try endPage() }
        cairo_surface_finish(surface)
        try Self.check(cairo_surface_status(surface), "cairo_surface_finish")
        try Self.check(cairo_status(cr), "cairo_surface_finish")
        return sink.bytes
    }
}
