import TearsheetAttribution
import TearsheetCore

/// GIPS-style composites: one section per `[[composites]]` table of the config, showing
/// `BookRun.composites` (computed by `Composite.compute`).
extension ReportBuilder {
    /// A section per composite: the annual GIPS table, the monthly table, the membership table and
    /// notes on the conventions. No composites in the config: no section.
    func compositeSections() -> [ReportSection] {
        var used = Set<String>()
        return run.composites.enumerated().map { i, c in
            var slug = Self.slug(c.name)
            var n = 2
            while !used.insert(slug).inserted { slug = Self.slug(c.name) + "-\(n)"; n += 1 }
            return compositeSection(c, gross: i < run.grossComposites.count ? run.grossComposites[i] : nil, slug: slug)
        }
    }

    /// - Parameter gross: the same composite on gross-of-fees returns (`BookRun.grossComposites`);
    ///   with it, the annual and monthly tables show the gross return beside the (net) one.
    func compositeSection(_ c: CompositeResult, gross: CompositeResult? = nil, slug: String) -> ReportSection {
        let b = c.benchmarks
        func fig(_ f: CompositeFigure, _ p: Polarity) -> Cell { .number(f.value, kind: .percent, polarity: p, reason: f.reason) }
        func share(_ part: Double, _ whole: Double) -> Cell {
            whole > 0 ? .percent(part / whole, .neutral) : .empty(reason: "the book holds no assets")
        }
        let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

        // Annual table.
        var annualCols = [ReportColumn("Year", .text), ReportColumn("Months", .integer),
                          ReportColumn(gross == nil ? "Composite return" : "Composite return (net of fees)", .percent)]
        if gross != nil { annualCols.append(ReportColumn("Composite return (gross of fees)", .percent)) }
        annualCols += b.map { ReportColumn("\($0) return", .percent) }
        annualCols += [ReportColumn("Accounts at year end", .integer), ReportColumn("Composite assets", .currency),
                       ReportColumn("Share of book assets", .percent), ReportColumn("Full-year accounts", .integer),
                       ReportColumn("Internal dispersion (asset-weighted)", .percent),
                       ReportColumn("Dispersion (equal-weighted)", .percent), ReportColumn("High", .percent), ReportColumn("Low", .percent),
                       ReportColumn("3-yr st. dev. composite", .percent)]
        annualCols += b.map { ReportColumn("3-yr st. dev. \($0)", .percent) }
        let annualRows: [[Cell]] = c.years.map { y in
            let live = c.months.filter { $0.month.year == y.year && $0.assetWeighted.value != nil }
            var label = String(y.year)
            if !y.complete, let f = live.first, let l = live.last {
                label += f.month == l.month ? " (\(monthNames[f.month.month - 1]))" : " (\(monthNames[f.month.month - 1])-\(monthNames[l.month.month - 1]))"
            }
            var row: [Cell] = [.text(label), .integer(y.months), fig(y.compositeReturn, .higherIsBetter)]
            if let gross {
                row.append(gross.years.first { $0.year == y.year }.map { fig($0.compositeReturn, .higherIsBetter) } ?? .empty(reason: "no gross-of-fees figure"))
            }
            row += y.benchmarkReturns.map { Self.pct($0, .higherIsBetter, reason: "no benchmark return in some month") }
            row += [.integer(y.accountsAtEnd), .currency(y.assetsAtEnd, .neutral), share(y.assetsAtEnd, y.bookAssetsAtEnd),
                    .integer(y.fullYearAccounts.count), fig(y.dispersion, .neutral), fig(y.equalWeightedDispersion, .neutral),
                    Self.pct(y.high, .neutral, reason: "no full-year account"), Self.pct(y.low, .neutral, reason: "no full-year account"),
                    fig(y.exPostStdDev, .neutral)]
            row += y.benchmarkExPostStdDev.map { fig($0, .neutral) }
            return row
        }

        // Monthly table.
        var monthCols = [ReportColumn("Month", .text), ReportColumn("Accounts", .integer), ReportColumn("Composite assets", .currency),
                         ReportColumn("Composite return (asset-weighted)", .percent)]
        if gross != nil { monthCols.append(ReportColumn("Composite return gross of fees (asset-weighted)", .percent)) }
        monthCols.append(ReportColumn("Equal-weighted return", .percent))
        monthCols += b.map { ReportColumn("\($0) return", .percent) }
        monthCols += [ReportColumn("Internal dispersion (asset-weighted)", .percent), ReportColumn("Dispersion (equal-weighted)", .percent),
                      ReportColumn("High", .percent), ReportColumn("Low", .percent)]
        let monthRows: [[Cell]] = c.months.map { m in
            var row: [Cell] = [.text(m.month.description), .integer(m.accountCount), .currency(m.assets, .neutral),
                               fig(m.assetWeighted, .higherIsBetter)]
            if let gross {
                row.append(gross.months.first { $0.month == m.month }.map { fig($0.assetWeighted, .higherIsBetter) } ?? .empty(reason: "no gross-of-fees figure"))
            }
            row.append(fig(m.equalWeighted, .higherIsBetter))
            row += m.benchmarkReturns.map { Self.pct($0, .higherIsBetter, reason: "no benchmark return in the month") }
            row += [fig(m.dispersion, .neutral), fig(m.equalWeightedDispersion, .neutral),
                    Self.pct(m.high, .neutral, reason: "no member accounts"), Self.pct(m.low, .neutral, reason: "no member accounts")]
            return row
        }

        // Membership: each account's months in the composite.
        let memberCols = [ReportColumn("Account", .text), ReportColumn("First month", .text), ReportColumn("Last month", .text),
                          ReportColumn("Months in composite", .integer), ReportColumn("Months out (after joining)", .integer)]
        // One pass over the months: composites of thousands of accounts stay linear.
        var spans: [String: (first: YearMonth, last: YearMonth, months: Int)] = [:]
        for m in c.months {
            for member in m.members {
                if let s = spans[member.account] { spans[member.account] = (s.first, m.month, s.months + 1) } else { spans[member.account] = (m.month, m.month, 1) }
            }
        }
        let memberRows: [[Cell]] = c.accounts.map { name in
            guard let s = spans[name] else {
                return [.text(name), .empty(reason: "never held capital through a whole month"), .empty(reason: "never a member"), .integer(0), .integer(0)]
            }
            let span = s.last.ordinal - s.first.ordinal + 1
            return [.text(name), .text(s.first.description), .text(s.last.description), .integer(s.months), .integer(span - s.months)]
        }

        let min = c.options.minAccountsForDispersion
        let denominator = c.options.denominator == .population ? "n (population)" : "n - 1 (sample)"
        let notes = [
            "Membership: an account is in the composite for a month when it held capital at the close of the last trading day before the month (its beginning market value) and at the close of every trading day of the month. A new account therefore joins at the start of the first full month after its inception and a closing account leaves after its last full month; a month cut by the report period's start or end is not reported.",
            "Composite return: the members' monthly time-weighted returns (daily returns chain-linked) weighted by beginning market value, R_C = sum w_i R_i with w_i = BMV_i / sum BMV (GIPS 2020 for Firms, section 2); annual returns compound the monthly composite returns, and each benchmark is compounded over the same months.",
            "Internal dispersion: the asset-weighted standard deviation sqrt(sum w_i (R_i - R_C)^2) of the member returns; annually, of the annual returns of the accounts in the composite for every month of the year, weighted by their beginning market value, and shown only with at least \(min) such accounts (GIPS 2020 for Firms, section 4). The equal-weighted standard deviation divides by \(denominator).",
            "3-yr st. dev.: the standard deviation of the \(c.options.exPostMonths) monthly returns ending with the year's last month, times sqrt(12), dividing by \(denominator), for the composite and each benchmark over the same months (GIPS 2020 for Firms, section 4); blank with fewer than \(c.options.exPostMonths) consecutive monthly composite returns.",
        ]
        var blocks: [ReportBlock] = [
            .table(ReportTable(id: "composite-\(slug)-annual", title: "Annual composite statistics", columns: annualCols, rows: annualRows,
                               footnote: "Composite assets and accounts are those of the year's last month with a composite return; share of book assets divides by the NAV of every account of the book then.")),
            .table(ReportTable(id: "composite-\(slug)-monthly", title: "Monthly composite returns", columns: monthCols, rows: monthRows,
                               readingRows: 36)),
            .table(ReportTable(id: "composite-\(slug)-members", title: "Member accounts", columns: memberCols, rows: memberRows)),
        ]
        blocks += notes.map { .note(ReportNote($0)) }
        if gross != nil {
            blocks.append(.note(ReportNote("Net and gross of fees: the composite return is net of the accounts' FEE flows (their own time-weighted returns); the gross-of-fees return computes the same composite on the accounts' returns with each day's FEE flows added back over that day's denominator (see the methodology). Dispersion and the 3-yr st. dev. are of the net returns.")))
        }
        let members = c.accounts.count == 1 ? "1 account" : "\(c.accounts.count) accounts"
        return ReportSection(id: "composite-\(slug)", title: "\(c.name) composite",
                             intro: "A GIPS-style composite of \(members) (\(c.accounts.joined(separator: ", "))) against \(b.isEmpty ? "no benchmark" : b.joined(separator: " and ")): asset-weighted monthly returns, internal dispersion, composite assets and the three-year ex-post standard deviation, as a GIPS composite report presents them.",
                             blocks: blocks)
    }
}
