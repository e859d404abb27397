import TearsheetCore

/// Names from the input (strategies, accounts, symbols, sectors, labels, titles) made safe to
/// *display* in HTML, Markdown and SVG. Escaping of markup is the templates' and `SVGChart.escape`'s
/// job; this handles what escaping does not:
///
/// - Bidirectional controls (U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates,
///   U+200E/U+200F/U+061C marks) are removed: an override such as U+202E would make a name read
///   differently from what it is ("Trojan Source"), which a compliance reviewer must never see.
/// - Text holding right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko ...) is wrapped in a
///   first-strong isolate (U+2068 ... U+2069), the plain-text equivalent of HTML's `<bdi>`: the
///   name keeps its own direction and cannot reorder the columns or punctuation around it.
/// - Other control characters (C0 except tab, LF and CR; DEL; C1) become U+FFFD: they are invalid
///   in XML (SVG) and invisible in HTML.
/// - Names longer than `limit` characters (grapheme clusters) are cut to `limit - 1` plus `…`.
///   The full name stays in the CSV and XLSX outputs, which are the machine-readable record.
///
/// Plain printable ASCII within the limit is returned unchanged without allocating.
import TearsheetReport
enum DisplayText {
    /// Longest name shown in HTML and Markdown cells, headers and titles.
    static let nameLimit = 200
    /// Longest series or category label in an SVG chart (legends sit on one line).
    static let chartLabelLimit = 48

    static func display(_ s: String, limit: Int = nameLimit) -> String {
        var simple = true
        var count = 0
        for b in s.utf8 {
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D || b >= 0x7F { simple = false; break }
            count += 1
        }
        if simple && count <= limit { return s }
        var out = String.UnicodeScalarView()
        var rtl = false
        for u in s.unicodeScalars {
            let v = u.value
            if isBidiControl(v) { continue }
            if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (v >= 0x7F && v <= 0x9F) {
                out.append("\u{FFFD}")
                continue
            }
            if isRightToLeft(v) { rtl = true }
            out.append(u)
        }
        var text = String(out)
        if text.count > limit { text = String(text.prefix(max(0, limit - 1))) + "…" }
        return rtl ? "\u{2068}" + text + "\u{2069}" : text
    }

    /// Bidi embedding, override and isolate controls and the directional marks.
    static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// Scalars of right-to-left scripts (strong R and AL ranges of the Unicode blocks).
    static func isRightToLeft(_ v: UInt32) -> Bool {
        (0x0590...0x08FF).contains(v) || (0xFB1D...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v)
            || (0x10800...0x10FFF).contains(v) || (0x1E800...0x1EFFF).contains(v)
    }
}
