import TOMLKit
import TearsheetCore

extension BookConfig.Report {
    /// Which report a run writes (docs/reports.md, "Profiles").
    public enum Profile: String, Sendable, Equatable, CaseIterable {
        /// The analyst's report: every section (the default).
        case full
        /// A short statement for one account: cover, performance by period, growth, holdings,
        /// transactions, income and fees, change in value, disclosures.
        case client
    }

    /// Every section id a report may hold, in the full report's order, then the client
    /// statement's own sections. `composites` stands for every `composite-NAME` section.
    /// `ReportBuilder` builds exactly these ids (its tests check both lists agree).
    public static let sectionIDs: [String] = [
        "reporting-period", "summary", "metrics", "returns", "drawdowns", "strategy-attribution", "period-attribution",
        "regime-attribution", "week-type-attribution", "benchmark-factors", "brinson-fachler", "trades", "risk", "stress",
        "holdings", "transactions", "income-fees", "composites", "daily", "data-quality", "methodology",
        "cover", "performance-periods", "growth", "change-in-value", "disclosures",
    ]

    /// The sections of a profile, in order (a section that does not apply to a run, such as
    /// `reporting-period` without a period, is left out when the report is built).
    public static func sections(of profile: Profile) -> [String] {
        switch profile {
        case .full:
            return Array(sectionIDs.prefix { $0 != "cover" })
        case .client:
            return ["cover", "performance-periods", "growth", "holdings", "transactions", "income-fees", "change-in-value", "disclosures"]
        }
    }

    /// The sections this report writes: `sections` when the config names them, else the profile's.
    public var sectionList: [String] { sections ?? Self.sections(of: profile) }
}

extension ConfigLoader {
    static let profileKeys = ["profile", "sections", "firm"]

    /// `[report] profile` and `sections` (known ids, each once). `firm` is a branding key
    /// (`branding(_:folder:into:)`), listed here so the key check knows it.
    mutating func profile(_ t: TOMLTable, into c: inout BookConfig) {
        if let v = string(t, "profile", prefix: "report") {
            if let p = BookConfig.Report.Profile(rawValue: v) { c.report.profile = p }
            else { error("report.profile", "config-bad-value", "\"\(TerminalText.safe(v))\"; expected \"full\" or \"client\"") }
        }
        if let v = t["sections"] {
            let valid = BookConfig.Report.sectionIDs
            guard let arr = v.array, !arr.isEmpty, arr.allSatisfy({ $0.string != nil }) else {
                error("report.sections", "config-bad-type", "expected a non-empty array of section ids, e.g. [\"summary\", \"holdings\"]; the ids are \(valid.joined(separator: ", "))")
                return
            }
            let ids = arr.map { $0.string! }
            var seen = Set<String>(), ok = true
            for id in ids {
                if !valid.contains(id) {
                    error("report.sections", "config-unknown-section", "unknown section \"\(TerminalText.safe(id))\"; expected ids from: \(valid.joined(separator: ", "))")
                    ok = false
                } else if !seen.insert(id).inserted {
                    error("report.sections", "config-bad-value", "section \"\(id)\" is listed twice; list each section once, in the order wanted")
                    ok = false
                }
            }
            if ok { c.report.sections = ids }
        }
    }
}
