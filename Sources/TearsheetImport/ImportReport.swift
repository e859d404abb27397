import Foundation
import TearsheetCore

/// `import-report.md`: what was read (files with their SHA-256, accounts, periods, rows per
/// section), what was mapped to what, the statement's own figures the book must reproduce, where
/// the closes came from, and every row skipped with its reason. No clock time: the same
/// statements give the same bytes.
public enum ImportReport {
    public static func markdown(_ b: ImportedBook, toolVersion: String) -> String {
        var s = "# Import report: Interactive Brokers Flex statements\n\n"
        s += "Written by tearsheet \(toolVersion) (`tearsheet import ibkr-flex`). Base currency \(b.baseCurrency); "
        s += "accounts \(b.accounts.joined(separator: ", ")).\n\n"
        s += "The book: \(b.trades.count) trades, \(b.flows.count) cash flows, \(b.positions.count) position snapshots, "
        s += "\(b.prices.count) closes, \(b.actions.count) corporate actions, \(b.instruments.count) instruments. "
        s += "\(b.skipped.count) statement rows skipped (\(b.unsupported.count) unsupported).\n\n"

        s += "## Files read\n\n| file | bytes | SHA-256 |\n|---|---:|---|\n"
        for f in b.sources { s += "| \(cell(f.name)) | \(f.bytes) | `\(f.sha256)` |\n" }

        s += "\n## Statements\n\n| file | account | from | to | rows per section |\n|---|---|---|---|---|\n"
        for st in b.statements {
            let sections = st.sections.map { "\($0.name) \($0.rows)\($0.handling == .mapped ? "" : " (\($0.handling.rawValue))")" }.joined(separator: ", ")
            s += "| \(cell(st.file)) | \(cell(st.account)) | \(st.from?.description ?? "") | \(st.to?.description ?? "") | \(cell(sections)) |\n"
        }

        s += "\n## Mapping\n\n| statement rows | book rows | count |\n|---|---|---:|\n"
        for m in b.mappings { s += "| \(cell(m.from)) | \(cell(m.to)) | \(m.count) |\n" }
        s += "\nStrategies: "
        if b.config.rules.isEmpty {
            s += "no strategy rules (`--config`); every trade is in strategy `\(b.config.defaultStrategy)`, every cash flow in the account's unallocated cash.\n"
        } else {
            let rules = b.config.rules.keys.sorted().map { "\($0) -> \(b.config.rules[$0]!)" }.joined(separator: ", ")
            s += "rules from \(b.config.file ?? "the config") (by symbol, else underlying): \(rules); other trades in `\(b.config.defaultStrategy)`, other cash flows in the account's unallocated cash.\n"
        }

        s += "\n## Statement figures\n\nWhat each statement states on its report date: the book's NAV on that day must equal "
        s += "positions value + ending cash (`tearsheet report`, daily NAV of the account). Imported cash is the cash the book's rows give.\n\n"
        s += "| account | date | positions value | ending cash | NAV | imported cash |\n|---|---|---:|---:|---:|---:|\n"
        for f in b.figures {
            s += "| \(cell(f.account)) | \(f.day) | \(money(f.positionsValue)) | \(money(f.endingCash)) | \(money(f.nav)) | \(money(f.importedCash)) |\n"
        }
        if b.figures.isEmpty { s += "| | | | | | |\n\nNo statement has both OpenPositions and a CashReport: the NAV cannot be checked against the statement.\n" }

        s += "\n## Prices\n\nCloses: \(b.priceSource).\n\nCoverage checked against: \(b.calendarSource).\n\n"
        if b.priceGaps.isEmpty {
            s += "Every day a position is held has a close.\n"
        } else {
            s += "Held at the close without a close on these days (the book marks them at the last earlier close and warns `stale-price`; "
            s += "give them in a prices file with `--prices`):\n\n| symbol | days | first | last |\n|---|---:|---|---|\n"
            for g in b.priceGaps { s += "| \(cell(g.symbol)) | \(g.days.count) | \(g.days.first!) | \(g.days.last!) |\n" }
        }

        s += "\n## Skipped rows\n\n"
        if b.skipped.isEmpty {
            s += "None.\n"
        } else {
            s += "| where | section | row | reason |\n|---|---|---|---|\n"
            for k in b.skipped.sorted(by: { ($0.location.file, $0.location.line) < ($1.location.file, $1.location.line) }) {
                s += "| \(cell(k.location.description)) | \(cell(k.section)) | \(cell(k.row)) | \(k.unsupported ? "**unsupported**: " : "")\(cell(k.reason)) |\n"
            }
        }

        s += "\n## Warnings\n\n"
        if b.warnings.isEmpty { s += "None.\n" } else { for w in b.warnings { s += "- `\(w.code)` \(cell(w.description))\n" } }
        return s
    }

    /// A table cell: `|` escaped, one line.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// Two decimals with a thousands separator (statement amounts are in cents).
    static func money(_ v: Double) -> String {
        let cents = (v * 100).rounded()
        let neg = cents < 0
        var whole = String(Int64(abs(cents)) / 100)
        let frac = Int64(abs(cents)) % 100
        var grouped = ""
        while whole.count > 3 { grouped = "," + whole.suffix(3) + grouped; whole = String(whole.dropLast(3)) }
        return (neg ? "-" : "") + whole + grouped + "." + (frac < 10 ? "0" : "") + String(frac)
    }
}
