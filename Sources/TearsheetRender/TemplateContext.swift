import Foundation
import TearsheetReport
import TearsheetCore

/// Turns the report model into the Mustache context both template flavours read: nested objects
/// (`TemplateValue`) of pre-formatted strings and booleans, so templates place values and never
/// compute.
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
    /// Whether the workbook holds the daily-series sheets (`[report] xlsx_daily`): the preview
    /// line names only the formats that really carry the full series.
    var xlsxDaily = true

    /// The line under a table shown in part: how many rows are shown and which formats carry the
    /// rest (also the PDF's). The CSV always holds every row; the workbook leaves daily series out
    /// when `xlsxDaily` is off.
    static func previewLine(_ t: ReportTable, shown: Int, xlsxDaily: Bool) -> String {
        let what = t.style == .dailySeries ? "series" : "table"
        if t.style == .dailySeries && !xlsxDaily {
            return "Last \(shown) of \(t.rows.count) rows shown; the CSV format (csv/\(t.id).csv) carries the full series "
                + "(the XLSX leaves it out: xlsx_daily = false)."
        }
        return "Last \(shown) of \(t.rows.count) rows shown; the CSV (csv/\(t.id).csv) and XLSX formats carry the full \(what)."
    }

    func document(_ d: ReportDocument) -> TemplateValue {
        var ctx: TemplateObject = [
            "title": .text(DisplayText.display(d.title)),
            "periodStart": .text(d.period.start.description),
            "periodEnd": .text(d.period.end.description),
            "generatedAt": .text(d.generatedAt.iso8601),
            "toolVersion": .text(d.provenance.toolVersion),
            "sections": .list(d.sections.map(section)),
            "provenance": provenance(d.provenance),
        ]
        if let s = d.subtitle { ctx["subtitle"] = .text(DisplayText.display(s)) }
        if !d.author.isEmpty { ctx["author"] = .text(DisplayText.display(d.author)) }
        if !d.company.isEmpty { ctx["company"] = .text(DisplayText.display(d.company)) }
        // Branding: the header's firm and logo, the footer's contact, the accent of the style.
        let b = d.branding
        ctx["accent"] = .text(b.accent)
        if let f = b.firm, !f.isEmpty { ctx["firm"] = .text(DisplayText.display(f)) }
        if let c = b.contact, !c.isEmpty { ctx["contact"] = .text(DisplayText.display(c, limit: .max)) }
        if let logo = b.logo { ctx["logoDataURI"] = .text(Self.dataURI(logo)) }
        return .object(ctx)
    }

    /// The logo as a `data:` URI, so the HTML stays one self-contained file.
    static func dataURI(_ logo: Branding.Logo) -> String {
        "data:\(logo.format.mimeType);base64,\(Data(logo.bytes).base64EncodedString())"
    }

    func section(_ s: ReportSection) -> TemplateValue {
        var ctx: TemplateObject = ["id": .text(s.id), "title": .text(DisplayText.display(s.title)), "blocks": .list(s.blocks.map(block))]
        if let i = s.intro { ctx["intro"] = .text(DisplayText.display(i, limit: .max)) }
        return .object(ctx)
    }

    func block(_ b: ReportBlock) -> TemplateValue {
        switch b {
        case .table(let t): return .object(["isTable": .flag(true), "table": table(t)])
        case .chart(let c):
            let chart: TemplateObject = ["id": .text(c.id), "title": .text(DisplayText.display(c.title)), "file": .text("charts/\(c.id).svg"),
                                         "svg": .text(svgByChart[c.id] ?? "")]
            return .object(["isChart": .flag(true), "chart": .object(chart)])
        case .note(let n):
            let note: TemplateObject = ["text": .text(DisplayText.display(n.text, limit: .max)), "isWarning": .flag(n.isWarning)]
            return .object(["isNote": .flag(true), "note": .object(note)])
        }
    }

    func table(_ t: ReportTable) -> TemplateValue {
        let numeric = t.columns.map { $0.kind != .text && $0.kind != .date }
        let columns: [TemplateValue] = t.columns.enumerated().map { i, c in
            .object(["header": .text(DisplayText.display(c.header)), "numeric": .flag(numeric[i]), "mdAlign": .text(numeric[i] ? "---:" : "---")])
        }
        var rows = t.rows
        var ctx: TemplateObject = ["id": .text(t.id), "title": .text(DisplayText.display(t.title)), "csv": .text("csv/\(t.id).csv"),
                                   "columns": .list(columns), "isHeatmap": .flag(t.style == .heatmap),
                                   // Ten columns or more: printed smaller so the table fits the page width.
                                   "isWide": .flag(t.columns.count >= 10)]
        if let shown = t.style == .dailySeries ? dailySeriesPreviewRows : t.readingRows, rows.count > shown {
            ctx["preview"] = .text(Self.previewLine(t, shown: shown, xlsxDaily: xlsxDaily))
            rows = Array(rows.suffix(shown))
        }
        let coloured = t.colouredColumns
        var maxAbs = 0.0
        for r in t.rows {
            for (i, c) in r.enumerated() where coloured.contains(i) { if let v = c.number { maxAbs = max(maxAbs, abs(v)) } }
        }
        ctx["rows"] = .list(rows.map { r -> TemplateValue in
            .object(["cells": .list(r.enumerated().map { i, c -> TemplateValue in
                cell(c, rowHeader: i == 0 && !numeric[0], heatMax: coloured.contains(i) ? maxAbs : nil)
            })])
        })
        if let f = t.footnote { ctx["footnote"] = .text(DisplayText.display(f, limit: .max)) }
        return .object(ctx)
    }

    func cell(_ c: Cell, rowHeader: Bool, heatMax: Double?) -> TemplateValue {
        let numeric = c.number != nil
        let classes: String
        switch c.tone {
        case 1: classes = numeric ? "num pos" : "pos"
        case -1: classes = numeric ? "num neg" : "neg"
        default: classes = numeric ? "num" : ""
        }
        // Every key the cell templates test is present (false when absent): a missing key makes
        // Mustache search every enclosing context up to the document, which dominated HTML time.
        var ctx: TemplateObject = ["text": .text(DisplayText.display(formatter.string(c))), "class": .text(classes), "isRowHeader": .flag(rowHeader),
                                   "reason": .flag(false), "style": .flag(false)]
        if case .empty(let reason?) = c { ctx["reason"] = .text(DisplayText.display(reason, limit: .max)) }
        if let heatMax, let v = c.number {
            ctx["style"] = .text("background-color:\(SVGChart.heatColour(v, maxAbs: heatMax));color:\(heatMax > 0 && abs(v) / heatMax > 0.6 ? "#ffffff" : "#000000")")
        }
        return .object(ctx)
    }

    func provenance(_ p: Provenance) -> TemplateValue {
        let inputs: [TemplateValue] = p.inputs.map {
            .object(["path": .text(DisplayText.display($0.path, limit: .max)), "sha256": .text($0.sha256), "rows": .text(formatter.string(.integer($0.rows))),
                     "coverage": .text(DisplayText.display($0.coverage, limit: .max))])
        }
        let benchmarks: [TemplateValue] = p.benchmarks.map {
            .object(["symbol": .text(DisplayText.display($0.symbol)), "source": .text(DisplayText.display($0.source, limit: .max)), "sha256": .text($0.sha256 ?? "—")])
        }
        let lines: [TemplateValue] = p.configText.split(separator: "\n", omittingEmptySubsequences: false).map {
            .object(["line": .text(DisplayText.display(String($0), limit: .max).replacingCR)])
        }
        return .object([
            "toolVersion": .text(p.toolVersion),
            "configText": .text(DisplayText.display(p.configText, limit: .max)),
            "hasConfig": .flag(!p.configText.isEmpty),
            "configLines": .list(lines),
            "inputs": .list(inputs),
            "benchmarks": .list(benchmarks),
            "periodStart": .text(p.period.start.description),
            "periodEnd": .text(p.period.end.description),
            "generatedAt": .text(p.generatedAt.iso8601),
        ])
    }
}

private extension String {
    /// A lone CR would end a Markdown code-block line early: it becomes U+FFFD.
    var replacingCR: String { contains("\r") ? String(unicodeScalars.map { $0 == "\r" ? "\u{FFFD}" : Character($0) }) : self }
}
