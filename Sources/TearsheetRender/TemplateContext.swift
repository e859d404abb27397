import TearsheetReport

/// Turns the report model into the Mustache context both template flavours read: nested
/// dictionaries of pre-formatted strings and booleans, so templates place values and never compute.
///
/// Every name taken from the inputs passes through `DisplayText.display` (bidi controls removed,
/// right-to-left text isolated, control characters replaced, long names cut); markup escaping is
/// the templates' (HTML) or the Markdown content type's job.
///
/// Keys (see docs/reports.md for the full list): `title`, `subtitle`, `periodStart`, `periodEnd`,
/// `generatedAt`, `toolVersion`, `sections[]` { `id`, `title`, `intro`, `blocks[]` { `isTable` /
/// `isChart` / `isNote`, `table` | `chart` | `note` } }, `provenance` { ... }.
struct TemplateContext {
    let formatter = CellFormatter()
    /// Rows of a daily-series table shown in HTML and Markdown (the full series is in CSV and XLSX).
    let dailySeriesPreviewRows = 10
    /// The SVG text per chart id (HTML inlines it; Markdown links `charts/<id>.svg`).
    let svgByChart: [String: String]

    func document(_ d: ReportDocument) -> [String: Any] {
        var ctx: [String: Any] = [
            "title": DisplayText.display(d.title),
            "periodStart": d.period.start.description,
            "periodEnd": d.period.end.description,
            "generatedAt": d.generatedAt.iso8601,
            "toolVersion": d.provenance.toolVersion,
            "sections": d.sections.map(section),
            "provenance": provenance(d.provenance),
        ]
        if let s = d.subtitle { ctx["subtitle"] = DisplayText.display(s) }
        if !d.author.isEmpty { ctx["author"] = DisplayText.display(d.author) }
        if !d.company.isEmpty { ctx["company"] = DisplayText.display(d.company) }
        return ctx
    }

    func section(_ s: ReportSection) -> [String: Any] {
        var ctx: [String: Any] = ["id": s.id, "title": DisplayText.display(s.title), "blocks": s.blocks.map(block)]
        if let i = s.intro { ctx["intro"] = DisplayText.display(i, limit: .max) }
        return ctx
    }

    func block(_ b: ReportBlock) -> [String: Any] {
        switch b {
        case .table(let t): return ["isTable": true, "table": table(t)]
        case .chart(let c):
            return ["isChart": true, "chart": ["id": c.id, "title": DisplayText.display(c.title), "file": "charts/\(c.id).svg", "svg": svgByChart[c.id] ?? ""] as [String: Any]]
        case .note(let n): return ["isNote": true, "note": ["text": DisplayText.display(n.text, limit: .max), "isWarning": n.isWarning] as [String: Any]]
        }
    }

    func table(_ t: ReportTable) -> [String: Any] {
        let numeric = t.columns.map { $0.kind != .text && $0.kind != .date }
        let columns: [[String: Any]] = t.columns.enumerated().map { i, c in
            ["header": DisplayText.display(c.header), "numeric": numeric[i], "mdAlign": numeric[i] ? "---:" : "---"]
        }
        var rows = t.rows
        var ctx: [String: Any] = ["id": t.id, "title": DisplayText.display(t.title), "csv": "csv/\(t.id).csv", "columns": columns,
                                  "isHeatmap": t.style == .heatmap]
        if let shown = t.style == .dailySeries ? dailySeriesPreviewRows : t.readingRows, rows.count > shown {
            ctx["preview"] = "Last \(shown) of \(rows.count) rows shown; the CSV (csv/\(t.id).csv) and XLSX formats carry the full \(t.style == .dailySeries ? "series" : "table")."
            rows = Array(rows.suffix(shown))
        }
        let coloured = t.colouredColumns
        var maxAbs = 0.0
        for r in t.rows {
            for (i, c) in r.enumerated() where coloured.contains(i) { if let v = c.number { maxAbs = max(maxAbs, abs(v)) } }
        }
        ctx["rows"] = rows.map { r -> [String: Any] in
            ["cells": r.enumerated().map { i, c -> [String: Any] in
                cell(c, rowHeader: i == 0 && !numeric[0], heatMax: coloured.contains(i) ? maxAbs : nil)
            }]
        }
        if let f = t.footnote { ctx["footnote"] = DisplayText.display(f, limit: .max) }
        return ctx
    }

    func cell(_ c: Cell, rowHeader: Bool, heatMax: Double?) -> [String: Any] {
        let numeric = c.number != nil
        let classes: String
        switch c.tone {
        case 1: classes = numeric ? "num pos" : "pos"
        case -1: classes = numeric ? "num neg" : "neg"
        default: classes = numeric ? "num" : ""
        }
        // Every key the cell templates test is present (false when absent): a missing key makes
        // Mustache search every enclosing context up to the document, which dominated HTML time.
        var ctx: [String: Any] = ["text": DisplayText.display(formatter.string(c)), "class": classes, "isRowHeader": rowHeader,
                                  "reason": false, "style": false]
        if case .empty(let reason?) = c { ctx["reason"] = DisplayText.display(reason, limit: .max) }
        if let heatMax, let v = c.number {
            ctx["style"] = "background-color:\(SVGChart.heatColour(v, maxAbs: heatMax));color:\(heatMax > 0 && abs(v) / heatMax > 0.6 ? "#ffffff" : "#000000")"
        }
        return ctx
    }

    func provenance(_ p: Provenance) -> [String: Any] {
        let inputs: [[String: Any]] = p.inputs.map { ["path": DisplayText.display($0.path, limit: .max), "sha256": $0.sha256, "rows": formatter.string(.integer($0.rows))] }
        let benchmarks: [[String: Any]] = p.benchmarks.map { ["symbol": DisplayText.display($0.symbol), "source": DisplayText.display($0.source, limit: .max), "sha256": $0.sha256 ?? "—"] }
        return [
            "toolVersion": p.toolVersion,
            "configText": DisplayText.display(p.configText, limit: .max),
            "hasConfig": !p.configText.isEmpty,
            "configLines": p.configText.split(separator: "\n", omittingEmptySubsequences: false).map { ["line": DisplayText.display(String($0), limit: .max).replacingCR] },
            "inputs": inputs,
            "benchmarks": benchmarks,
            "periodStart": p.period.start.description,
            "periodEnd": p.period.end.description,
            "generatedAt": p.generatedAt.iso8601,
        ]
    }
}

private extension String {
    /// A lone CR would end a Markdown code-block line early: it becomes U+FFFD.
    var replacingCR: String { contains("\r") ? String(unicodeScalars.map { $0 == "\r" ? "\u{FFFD}" : Character($0) }) : self }
}
