import TearsheetReport
import TearsheetCore

/// Draws a `ReportChart` as a standalone, accessible SVG (a `<title>`, `role="img"`), in the
/// Okabe-Ito colour-blind-safe palette, with every coordinate printed with fixed decimals so the
/// bytes are deterministic. Used inline in the HTML and as `charts/<id>.svg` beside the Markdown.
///
/// Line and area charts put dates on a proportional time axis (year or month ticks) and values on a
/// nice-number axis, optionally logarithmic; bar charts group series per category with negative
/// bars below zero; heatmaps draw one row per series (years) and one column per category (months),
/// cells coloured on a diverging scale centred on zero, with a legend.
public struct SVGChart: Sendable {
    /// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]

    /// The portfolio's colour in every chart (Okabe-Ito blue).
    public static let portfolioColour = "#0072B2"
    /// Benchmarks by their position in the config's list: SPY orange, QQQ bluish green, then more.
    public static let benchmarkColours = ["#E69F00", "#009E73", "#CC79A7", "#56B4E9"]
    /// Series that are neither (contributions, Brinson effects), in order: never the portfolio's
    /// or the first benchmarks' colour, so a colour means one thing across the report.
    public static let otherColours = ["#56B4E9", "#D55E00", "#CC79A7", "#000000", "#F0E442", "#999999"]

    /// The colour of a series: fixed by its role, so the portfolio and each benchmark look the
    /// same in every chart (SVG and the XLSX's native charts).
    public static func colour(_ s: ChartSeries, index: Int) -> String {
        switch s.role {
        case .portfolio: return portfolioColour
        case .benchmark(let i): return benchmarkColours[i % benchmarkColours.count]
        case .other: return otherColours[index % otherColours.count]
        }
    }

    /// Indices of `series` in drawing order: the portfolio last, so no benchmark covers it.
    static func drawingOrder(_ series: [ChartSeries]) -> [Int] {
        series.indices.filter { series[$0].role != .portfolio } + series.indices.filter { series[$0].role == .portfolio }
    }

    public var width: Double = 760
    public var height: Double = 320
    let formatter = CellFormatter()

    public init() {}

    /// The SVG text of `chart`.
    public func render(_ chart: ReportChart) -> String {
        switch chart.kind {
        case .line, .area: return lineChart(chart)
        case .bar: return barChart(chart)
        case .heatmap: return heatmap(chart)
        }
    }

    // MARK: - Shared pieces

    /// The SVG of every chart of `document`, by chart id: drawn once and shared by the Markdown
    /// (as `charts/<id>.svg` files) and the HTML (inline).
    public static func renderAll(_ document: ReportDocument) -> [String: String] {
        let svg = SVGChart()
        var out: [String: String] = [:]
        for c in document.allCharts { out[c.id] = svg.render(c) }
        return out
    }

    /// A coordinate with two decimals, as `NumberText.fixed(v, decimals: 2)` spells it. Charts
    /// print thousands of coordinates, so the common case goes through integer arithmetic; a value
    /// within 1e-6 of a rounding tie (where the binary value and its shortest decimal spelling
    /// could round apart) or out of range takes the exact decimal path.
    static func f(_ v: Double) -> String {
        let scaled = v * 100
        let r = scaled.rounded()
        guard abs(scaled) < 1e15, abs(abs(scaled - r) - 0.5) > 1e-6 else { return NumberText.fixed(v, decimals: 2) }
        let n = Int64(r), m = n.magnitude
        let cents = m % 100
        var text = n < 0 ? "-" : ""
        text += String(m / 100)
        text += cents < 10 ? ".0" : "."
        text += String(cents)
        return text
    }

    /// XML-escapes `s` after `DisplayText.display` (no control characters, which XML forbids; no
    /// bidi overrides; right-to-left names isolated; at most `limit` characters).
    static func escape(_ s: String, limit: Int = DisplayText.nameLimit) -> String {
        var out = ""
        for ch in DisplayText.display(s, limit: limit).unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    private func open(_ chart: ReportChart, height h: Double? = nil) -> String {
        let hh = h ?? height
        let tid = "chart-\(chart.id)-title"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-labelledby=\"\(tid)\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(hh))\" width=\"\(Self.f(width))\" height=\"\(Self.f(hh))\" font-family=\"sans-serif\" font-size=\"11\">\n"
            + "<title id=\"\(tid)\">\(Self.escape(chart.title))</title>\n"
            + "<rect x=\"0\" y=\"0\" width=\"\(Self.f(width))\" height=\"\(Self.f(hh))\" fill=\"#ffffff\"/>\n"
            + "<text x=\"\(Self.f(width / 2))\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">\(Self.escape(chart.title))</text>\n"
    }

    private func legend(_ series: [ChartSeries], y: Double) -> String {
        var out = "<g class=\"legend\">\n"
        var x = 60.0
        for (i, s) in series.enumerated() {
            let n = s.name
            let c = Self.colour(s, index: i)
            let label = DisplayText.display(n, limit: DisplayText.chartLabelLimit)
            out += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y - 9))\" width=\"12\" height=\"10\" fill=\"\(c)\"/>"
            out += "<text x=\"\(Self.f(x + 16))\" y=\"\(Self.f(y))\">\(Self.escape(label))</text>\n"
            x += 30 + Double(label.count) * 6.5
        }
        return out + "</g>\n"
    }

    private func valueRange(_ chart: ReportChart, includeZero: Bool) -> (Double, Double) {
        var lo = Double.infinity, hi = -Double.infinity
        for s in chart.series { for v in s.values { if let v, v.isFinite { lo = min(lo, v); hi = max(hi, v) } } }
        if lo > hi { return (0, 1) }
        if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        return (lo, hi)
    }

    // MARK: - Line and area

    private func lineChart(_ chart: ReportChart) -> String {
        let left = 70.0, right = width - 20, top = 30.0, bottom = height - 50
        let isArea = chart.kind == .area
        var (lo, hi) = valueRange(chart, includeZero: isArea)
        let useLog = chart.logScale && lo > 0
        let scale: NiceScale
        var ticks: [Double]
        if useLog {
            scale = NiceScale(min: lo, max: hi)
            ticks = scale.ticks.filter { $0 > 0 && $0 >= lo * 0.999 && $0 <= hi * 1.001 }
            if ticks.isEmpty { ticks = [lo, hi] }
            lo = min(lo, ticks.first ?? lo); hi = max(hi, ticks.last ?? hi)
        } else {
            scale = NiceScale(min: lo, max: hi)
            ticks = scale.ticks
            lo = scale.lower; hi = scale.upper
        }
        let lnLo = useLog ? Self.ln(lo) : 0, lnHi = useLog ? Self.ln(hi) : 0
        func y(_ v: Double) -> Double {
            let t: Double
            if useLog { t = lnHi == lnLo ? 0.5 : (Self.ln(v) - lnLo) / (lnHi - lnLo) } else { t = hi == lo ? 0.5 : (v - lo) / (hi - lo) }
            return bottom - t * (bottom - top)
        }
        let n = chart.x.count
        let xs: [Double]
        var xTicks: [(Double, String)] = []
        switch chart.x {
        case .dates(let days):
            let d0 = Double(days.first?.serial ?? 0), d1 = Double(days.last?.serial ?? 1)
            let span = max(1, d1 - d0)
            xs = days.map { left + (Double($0.serial) - d0) / span * (right - left) }
            if let first = days.first, let last = days.last {
                for (d, label) in Self.dateTicks(first, last) {
                    xTicks.append((left + (Double(d.serial) - d0) / span * (right - left), label))
                }
            }
        case .categories(let cats):
            let step = n > 1 ? (right - left) / Double(n - 1) : 0
            xs = (0..<n).map { left + Double($0) * step }
            let every = max(1, n / 10)
            for (i, c) in cats.enumerated() where i % every == 0 { xTicks.append((xs[i], c)) }
        }
        var out = open(chart)
        out += "<g class=\"axes\" stroke=\"#cccccc\" stroke-width=\"1\">\n"
        for t in ticks { out += "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(y(t)))\" x2=\"\(Self.f(right))\" y2=\"\(Self.f(y(t)))\"/>\n" }
        out += "</g>\n<g class=\"ylabels\" text-anchor=\"end\">\n"
        let decimals = chart.unit == .percent ? max(0, scale.decimals - 2) : scale.decimals
        for t in ticks { out += "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(y(t) + 4))\">\(Self.escape(formatter.axisLabel(t, unit: chart.unit, decimals: decimals)))</text>\n" }
        out += "</g>\n<g class=\"xlabels\" text-anchor=\"middle\">\n"
        for (x, label) in xTicks {
            out += "<line x1=\"\(Self.f(x))\" y1=\"\(Self.f(bottom))\" x2=\"\(Self.f(x))\" y2=\"\(Self.f(bottom + 4))\" stroke=\"#666666\"/>"
            out += "<text x=\"\(Self.f(x))\" y=\"\(Self.f(bottom + 16))\">\(Self.escape(label))</text>\n"
        }
        out += "</g>\n<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(bottom))\" x2=\"\(Self.f(right))\" y2=\"\(Self.f(bottom))\" stroke=\"#666666\"/>\n"
        if case .dates(let days) = chart.x, let d0 = days.first, let d1 = days.last, !chart.shaded.isEmpty {
            // Shaded periods (drawdowns) behind the lines, clipped to the axis.
            let span = max(1, Double(d0.days(to: d1)))
            func x(_ d: Day) -> Double { left + Double(d0.days(to: d)) / span * (right - left) }
            out += "<g class=\"shaded\" fill=\"#D55E00\" fill-opacity=\"0.12\">\n"
            for r in chart.shaded where r.upperBound >= d0 && r.lowerBound <= d1 {
                let a = x(max(r.lowerBound, d0)), b = x(min(r.upperBound, d1))
                out += "<rect x=\"\(Self.f(a))\" y=\"\(Self.f(top))\" width=\"\(Self.f(max(0.5, b - a)))\" height=\"\(Self.f(bottom - top))\"><title>Drawdown \(r.lowerBound) to \(r.upperBound)</title></rect>\n"
            }
            out += "</g>\n"
        }
        for si in Self.drawingOrder(chart.series) {
            let s = chart.series[si]
            let c = Self.colour(s, index: si)
            var points: [(Double, Double)] = []
            for (i, v) in s.values.enumerated() where i < xs.count {
                if let v, v.isFinite, !(useLog && v <= 0) { points.append((xs[i], y(v))) } else { points.append((.nan, .nan)) }
            }
            let path = Self.path(Self.decimated(points), closeToY: isArea ? y(useLog ? lo : 0) : nil)
            // The portfolio's line is the heaviest; benchmark areas are lighter than its own.
            let width = s.role == .portfolio ? "2" : "1.25"
            if isArea {
                let opacity = s.role == .portfolio ? "0.45" : "0.2"
                out += "<path d=\"\(path)\" fill=\"\(c)\" fill-opacity=\"\(opacity)\" stroke=\"\(c)\" stroke-width=\"\(width)\"><title>\(Self.escape(s.name))</title></path>\n"
            } else {
                out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(c)\" stroke-width=\"\(width)\"><title>\(Self.escape(s.name))</title></path>\n"
            }
        }
        out += legend(chart.series, y: height - 12)
        if !chart.shaded.isEmpty {
            out += "<rect x=\"\(Self.f(right - 150))\" y=\"\(Self.f(height - 21))\" width=\"12\" height=\"10\" fill=\"#D55E00\" fill-opacity=\"0.12\" stroke=\"#D55E00\" stroke-opacity=\"0.4\"/>"
            out += "<text x=\"\(Self.f(right - 134))\" y=\"\(Self.f(height - 12))\">Top drawdowns</text>\n"
        }
        if useLog { out += "<text x=\"\(Self.f(right))\" y=\"\(Self.f(top - 4))\" text-anchor=\"end\" fill=\"#666666\">log scale</text>\n" }
        return out + "</svg>\n"
    }

    /// M4 decimation (Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation",
    /// VLDB 2014): per pixel column keep the first, lowest, highest and last point, so the drawn
    /// line is pixel-identical while a 25-year daily series shrinks to a few points per pixel.
    /// NaN points are gaps and are kept as separators.
    static func decimated(_ points: [(Double, Double)]) -> [(Double, Double)] {
        guard points.count > 1_500 else { return points }
        var out: [(Double, Double)] = []
        out.reserveCapacity(2_800)
        var bucket: [(Double, Double)] = []
        var column = Int.min
        func flush() {
            guard let first = bucket.first, let last = bucket.last else { return }
            var lo = first, hi = first
            for p in bucket { if p.1 < lo.1 { lo = p }; if p.1 > hi.1 { hi = p } }
            var keep = [first]
            for p in (lo.0 <= hi.0 ? [lo, hi] : [hi, lo]) where p != keep.last! { keep.append(p) }
            if last != keep.last! { keep.append(last) }
            out.append(contentsOf: keep)
            bucket.removeAll(keepingCapacity: true)
        }
        for p in points {
            if p.0.isNaN { flush(); out.append(p); column = Int.min; continue }
            let col = Int(p.0.rounded(.down))
            if col != column { flush(); column = col }
            bucket.append(p)
        }
        flush()
        return out
    }

    /// SVG path data through `points` (NaN = a gap); with `closeToY`, each run is closed down to
    /// that baseline (an area).
    static func path(_ points: [(Double, Double)], closeToY base: Double?) -> String {
        var path: [UInt8] = []
        path.reserveCapacity(points.count * 16)
        var penDown = false
        var runStart = 0.0, lastX = 0.0
        func point(_ command: UInt8, _ x: Double, _ y: Double) {
            path.append(command)
            appendCoordinate(x, to: &path)
            path.append(0x20)
            appendCoordinate(y, to: &path)
        }
        func close() {
            if let base, penDown {
                point(0x4C, lastX, base)
                point(0x4C, runStart, base)
                path.append(0x5A)
            }
        }
        for (x, y) in points {
            if x.isNaN { close(); penDown = false; continue }
            point(penDown ? 0x4C : 0x4D, x, y)
            if !penDown { runStart = x }
            penDown = true
            lastX = x
        }
        close()
        return String(decoding: path, as: UTF8.self)
    }

    /// Appends `f(v)` as bytes: the same text, without a String per coordinate.
    static func appendCoordinate(_ v: Double, to out: inout [UInt8]) {
        let scaled = v * 100
        let r = scaled.rounded()
        guard abs(scaled) < 1e15, abs(abs(scaled - r) - 0.5) > 1e-6 else {
            out.append(contentsOf: NumberText.fixed(v, decimals: 2).utf8)
            return
        }
        let n = Int64(r), m = n.magnitude
        if n < 0 { out.append(0x2D) }
        var whole = m / 100
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            repeat {
                buf[count] = UInt8(whole % 10) + 0x30
                whole /= 10
                count += 1
            } while whole > 0
            while count > 0 { count -= 1; out.append(buf[count]) }
        }
        let cents = m % 100
        out.append(0x2E)
        out.append(UInt8(cents / 10) + 0x30)
        out.append(UInt8(cents % 10) + 0x30)
    }

    /// Natural logarithm by range reduction and the atanh series (no Foundation on this path).
    static func ln(_ x: Double) -> Double {
        guard x > 0 else { return -.infinity }
        var m = x, k = 0.0
        while m > 2 { m /= 2; k += 1 }
        while m < 1 { m *= 2; k -= 1 }
        let z = (m - 1) / (m + 1), z2 = z * z
        var term = z, sum = 0.0, i = 1.0
        while i < 60 { sum += term / i; term *= z2; i += 2 }
        return 2 * sum + k * 0.6931471805599453
    }

    /// Year starts when the span exceeds about 2.5 years (thinned to at most 10), else month starts.
    static func dateTicks(_ first: Day, _ last: Day) -> [(Day, String)] {
        let years = last.year - first.year
        var out: [(Day, String)] = []
        if first.days(to: last) > 900 {
            let every = max(1, (years + 9) / 10)
            var y = first.year + (first.month == 1 && first.dayOfMonth == 1 ? 0 : 1)
            while y <= last.year {
                if (y - first.year) % every == 0, let d = Day(year: y, month: 1, day: 1) { out.append((d, String(y))) }
                y += 1
            }
        } else {
            let months = (last.year - first.year) * 12 + last.month - first.month
            let every = max(1, (months + 7) / 8)
            var d = first.dayOfMonth == 1 ? first : first.monthStart.adding(months: 1)
            var i = 0
            while d <= last {
                if i % every == 0 { out.append((d, String(d.description.prefix(7)))) }
                d = d.adding(months: 1); i += 1
            }
        }
        return out
    }

    // MARK: - Bars

    private func barChart(_ chart: ReportChart) -> String {
        let left = 70.0, right = width - 20, top = 30.0, bottom = height - 70
        let (lo0, hi0) = valueRange(chart, includeZero: true)
        let scale = NiceScale(min: lo0, max: hi0)
        let lo = scale.lower, hi = scale.upper
        func y(_ v: Double) -> Double { bottom - (hi == lo ? 0.5 : (v - lo) / (hi - lo)) * (bottom - top) }
        let cats: [String]
        switch chart.x {
        case .categories(let c): cats = c
        case .dates(let d): cats = d.map(\.description)
        }
        let n = max(1, cats.count), k = max(1, chart.series.count)
        let band = (right - left) / Double(n)
        let barW = band * 0.8 / Double(k)
        var out = open(chart)
        out += "<g class=\"axes\" stroke=\"#cccccc\" stroke-width=\"1\">\n"
        for t in scale.ticks { out += "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(y(t)))\" x2=\"\(Self.f(right))\" y2=\"\(Self.f(y(t)))\"/>\n" }
        out += "</g>\n<g class=\"ylabels\" text-anchor=\"end\">\n"
        let decimals = chart.unit == .percent ? max(0, scale.decimals - 2) : scale.decimals
        for t in scale.ticks { out += "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(y(t) + 4))\">\(Self.escape(formatter.axisLabel(t, unit: chart.unit, decimals: decimals)))</text>\n" }
        out += "</g>\n"
        for si in Self.drawingOrder(chart.series) {
            let s = chart.series[si]
            let c = Self.colour(s, index: si)
            out += "<g class=\"series\" fill=\"\(c)\">\n"
            for (i, v) in s.values.enumerated() where i < cats.count {
                guard let v, v.isFinite else { continue }
                let x = left + Double(i) * band + band * 0.1 + Double(si) * barW
                let y0 = y(0), y1 = y(v)
                out += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(min(y0, y1)))\" width=\"\(Self.f(barW))\" height=\"\(Self.f(abs(y1 - y0)))\">"
                out += "<title>\(Self.escape(s.name)), \(Self.escape(cats[i])): \(Self.escape(formatter.axisLabel(v, unit: chart.unit, decimals: 2)))</title></rect>\n"
            }
            out += "</g>\n"
        }
        out += "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(y(0)))\" x2=\"\(Self.f(right))\" y2=\"\(Self.f(y(0)))\" stroke=\"#333333\"/>\n"
        out += "<g class=\"xlabels\" text-anchor=\"middle\">\n"
        // Labels thinned when the bands are narrower than the labels (a histogram's many bins).
        let longest = Double(min(16, cats.map(\.count).max() ?? 1)) * 6.2 + 8
        let every = max(1, Int((longest / band).rounded(.up)))
        for (i, c) in cats.enumerated() where i % every == 0 {
            let label = c.count > 16 ? String(c.prefix(15)) + "…" : c
            out += "<text x=\"\(Self.f(left + (Double(i) + 0.5) * band))\" y=\"\(Self.f(bottom + 16))\">\(Self.escape(label))</text>\n"
        }
        out += "</g>\n"
        out += legend(chart.series, y: height - 12)
        return out + "</svg>\n"
    }

    // MARK: - Heatmap

    /// A diverging colour for `v` in [-maxAbs, maxAbs]: vermillion (negative) - white - blue (positive).
    static func heatColour(_ v: Double, maxAbs: Double) -> String {
        let t = maxAbs > 0 ? min(1, abs(v) / maxAbs) : 0
        let target: (Double, Double, Double) = v < 0 ? (213, 94, 0) : (0, 114, 178)
        func mix(_ c: Double) -> Int { Int((255 + (c - 255) * t).rounded()) }
        return hex(mix(target.0), mix(target.1), mix(target.2))
    }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789abcdef")
        func two(_ v: Int) -> String { let c = max(0, min(255, v)); return String(digits[c / 16]) + String(digits[c % 16]) }
        return "#" + two(r) + two(g) + two(b)
    }

    private func heatmap(_ chart: ReportChart) -> String {
        let cats: [String]
        switch chart.x {
        case .categories(let c): cats = c
        case .dates(let d): cats = d.map(\.description)
        }
        let left = 60.0, top = 30.0, cellH = 22.0
        let cellW = (width - left - 20) / Double(max(1, cats.count))
        let rows = chart.series.count
        let h = top + 20 + Double(rows) * cellH + 50
        var maxAbs = 0.0
        for s in chart.series { for v in s.values { if let v, v.isFinite { maxAbs = max(maxAbs, abs(v)) } } }
        var out = open(chart, height: h)
        out += "<g class=\"xlabels\" text-anchor=\"middle\">\n"
        for (i, c) in cats.enumerated() { out += "<text x=\"\(Self.f(left + (Double(i) + 0.5) * cellW))\" y=\"\(Self.f(top + 12))\">\(Self.escape(c, limit: DisplayText.chartLabelLimit))</text>\n" }
        out += "</g>\n"
        for (r, s) in chart.series.enumerated() {
            let y = top + 20 + Double(r) * cellH
            out += "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(y + 15))\" text-anchor=\"end\">\(Self.escape(s.name, limit: DisplayText.chartLabelLimit))</text>\n"
            for (i, v) in s.values.enumerated() where i < cats.count {
                let x = left + Double(i) * cellW
                guard let v, v.isFinite else {
                    out += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(cellW))\" height=\"\(Self.f(cellH))\" fill=\"#f2f2f2\" stroke=\"#ffffff\"/>\n"
                    continue
                }
                let label = formatter.axisLabel(v, unit: chart.unit, decimals: 1)
                out += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(cellW))\" height=\"\(Self.f(cellH))\" fill=\"\(Self.heatColour(v, maxAbs: maxAbs))\" stroke=\"#ffffff\"><title>\(Self.escape(s.name)) \(Self.escape(cats[i])): \(Self.escape(label))</title></rect>"
                let dark = maxAbs > 0 && abs(v) / maxAbs > 0.6
                out += "<text x=\"\(Self.f(x + cellW / 2))\" y=\"\(Self.f(y + 15))\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(dark ? "#ffffff" : "#000000")\">\(Self.escape(label))</text>\n"
            }
        }
        // Legend: five swatches from -max to +max.
        let ly = top + 20 + Double(rows) * cellH + 18
        out += "<g class=\"legend\">\n"
        for (i, frac) in [-1.0, -0.5, 0, 0.5, 1].enumerated() {
            let v = frac * maxAbs
            let x = left + Double(i) * 90
            out += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(ly))\" width=\"20\" height=\"12\" fill=\"\(Self.heatColour(v, maxAbs: maxAbs))\" stroke=\"#999999\"/>"
            out += "<text x=\"\(Self.f(x + 24))\" y=\"\(Self.f(ly + 10))\">\(Self.escape(formatter.axisLabel(v, unit: chart.unit, decimals: 1)))</text>\n"
        }
        return out + "</g>\n</svg>\n"
    }
}
