/// Text written for Markdown (the metric registry's formulas and references, which also make
/// docs/methodology.md) made plain for a report, where every format places text as text: code
/// spans lose their backticks (`` `worst` `` -> `worst`) and bold or italic markers made of
/// `**` and `__` go. Single `*` and `_` stay: they are multiplication and identifiers
/// (`r_t * w`). So no Markdown syntax reaches the HTML, PDF or XLSX.
public enum MarkdownText {
    public static func plain(_ text: String) -> String {
        guard text.contains("`") || text.contains("**") || text.contains("__") else { return text }
        var out = text.replacing("**", with: "").replacing("__", with: "")
        out.removeAll { $0 == "`" }
        return out
    }
}
