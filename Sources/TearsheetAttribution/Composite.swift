import Foundation
import TearsheetCore
import TearsheetMetrics

/// GIPS-style composites: monthly asset-weighted returns of a set of accounts, internal dispersion,
/// and the annual table of a GIPS composite report (see docs/composites.md).
///
/// Conventions, each a GIPS 2020 choice (CFA Institute, "Global Investment Performance Standards
/// for Firms", 2020; "GIPS Standards Handbook for Firms"):
/// - Account returns: the account's daily time-weighted returns chain-linked over the month,
///   `R_i = prod(1 + r_t) - 1` (section 2: time-weighted returns, linked geometrically).
/// - Membership: an account is a member of month m when it held capital at the close of the last
///   trading day before m (beginning market value `BMV_i > 0`) and at the close of every trading
///   day of m. So a new account joins at the start of the first full month after its inception and
///   an account leaves after its last full month (section 3, Composite and Pooled Fund
///   Maintenance: the firm's policy, here the Handbook's "first full measurement period"); a month
///   cut by the valued period's start or end is not reported.
/// - Asset-weighted return: `R_C = sum_i w_i R_i` with `w_i = BMV_i / sum_j BMV_j` (section 2,
///   Input Data and Calculation Methodology: beginning-of-period market value weights); an account
///   with no BMV has no weight.
/// - Equal-weighted return: `mean_i R_i`, shown beside it.
/// - Internal dispersion: the asset-weighted standard deviation
///   `sqrt(sum_i w_i (R_i - R_C)^2)` (Handbook, "Internal dispersion"); also the equal-weighted
///   standard deviation (population, n, by default) and the high and low. Annually it is measured
///   on the annual returns of the accounts in the composite for every month of the year, weighted
///   by their BMV of the year's first month, and shown only with at least
///   `minAccountsForDispersion` such accounts (section 4, Composite Time-Weighted Return
///   Report: required from six portfolios for the full year).
/// - Ex-post risk: the annualised standard deviation of the last 36 monthly returns ending with
///   each year, `sigma_monthly * sqrt(12)`, of the composite and of each benchmark over the same
///   months (section 4); the standards leave n or n - 1 to the firm: the population (n)
///   form of the Handbook's examples is the default, `CompositeOptions.denominator` selects.
public enum Composite {
    /// Computes a composite's monthly and annual figures.
    ///
    /// - Parameters:
    ///   - name: the composite's name.
    ///   - accounts: the member candidates' names, in the order of `series`.
    ///   - series: each candidate's daily days, NAV and time-weighted returns (valuation's `perAccount`).
    ///   - book: the whole book (all accounts) for the composite's share of assets; `nil` = the candidates.
    ///   - benchmarks: benchmark daily returns, compounded over each month's valued days.
    ///   - calendar: the trading calendar beyond the valued period (the primary benchmark's days):
    ///     a month in which it has days before or after the valued days is partial and not
    ///     reported; `nil` = the first benchmark's days.
    ///   - options: conventions (GIPS defaults).
    public static func compute(name: String, accounts: [String], series: [BookReturns], book: BookReturns? = nil,
                               benchmarks: [NamedReturns], calendar: [Day]? = nil,
                               options: CompositeOptions = CompositeOptions()) -> CompositeResult {
        let count = min(accounts.count, series.count)
        // Per account and month: BMV, end value, return, whether it held capital all month.
        struct AccountMonth { var begin: Double; var end: Double; var ret: Double; var funded: Bool }
        var perAccount: [[YearMonth: AccountMonth]] = []
        var spans: [YearMonth: (first: Day, last: Day)] = [:]
        for a in 0..<count {
            let s = series[a]
            var months: [YearMonth: AccountMonth] = [:]
            forEachMonth(s.days) { ym, lo, hi in
                let begin = lo > 0 && lo - 1 < s.nav.count ? s.nav[lo - 1] : 0
                let end = hi < s.nav.count ? s.nav[hi] : 0
                let funded = hi < s.nav.count && s.nav[lo...hi].allSatisfy { $0 > 0 }
                let ret = hi < s.portfolio.count ? Stats.compound(s.portfolio[lo...hi]) : 0
                months[ym] = AccountMonth(begin: begin, end: end, ret: ret, funded: funded)
                let span = spans[ym] ?? (s.days[lo], s.days[hi])
                spans[ym] = (min(span.first, s.days[lo]), max(span.last, s.days[hi]))
            }
            perAccount.append(months)
        }
        var bookEnd: [YearMonth: Double] = [:]
        if let book {
            forEachMonth(book.days) { ym, _, hi in bookEnd[ym] = hi < book.nav.count ? book.nav[hi] : 0 }
        }
        let calendar = calendar ?? benchmarks.first?.returns.days ?? []

        var months: [CompositeMonth] = []
        for (ym, span) in spans.sorted(by: { $0.key < $1.key }) {
            let complete = !hasDay(calendar, in: ym.start..<span.first) && !hasDay(calendar, in: span.last.adding(days: 1)..<ym.next.start)
            var members: [CompositeMember] = []
            if complete {
                for a in 0..<count {
                    guard let m = perAccount[a][ym], m.begin > 0, m.funded else { continue }
                    members.append(CompositeMember(account: accounts[a], beginValue: m.begin, endValue: m.end, monthReturn: m.ret, weight: 0))
                }
            }
            let totalBegin = Stats.sum(members.map(\.beginValue))
            for i in members.indices { members[i].weight = members[i].beginValue / totalBegin }
            let stats = moments(returns: members.map(\.monthReturn), weights: members.map(\.weight), options: options)
            let none = complete
                ? "no account held capital through the whole month"
                : "partial month: the valued period covers only \(span.first) to \(span.last)"
            let endAssets = Stats.sum(members.map(\.endValue))
            let allEnd = book == nil ? Stats.sum((0..<count).map { perAccount[$0][ym]?.end ?? 0 }) : (bookEnd[ym] ?? 0)
            months.append(CompositeMonth(
                month: ym, firstDay: span.first, lastDay: span.last, complete: complete, members: members,
                assetWeighted: members.isEmpty ? .undefined(none) : .value(stats.mean),
                equalWeighted: members.isEmpty ? .undefined(none) : .value(Stats.mean(members.map(\.monthReturn)) ?? 0),
                dispersion: members.isEmpty ? .undefined(none) : stats.dispersion,
                equalWeightedDispersion: members.isEmpty ? .undefined(none) : stats.equalDispersion,
                high: members.map(\.monthReturn).max(), low: members.map(\.monthReturn).min(),
                assets: endAssets, bookAssets: allEnd,
                benchmarkReturns: benchmarks.map { compounded($0.returns, from: span.first, through: span.last) }))
        }
        let years = annual(months, accounts: accounts, benchmarks: benchmarks.count, options: options)
        return CompositeResult(name: name, accounts: Array(accounts.prefix(count)), benchmarks: benchmarks.map(\.name),
                               options: options, months: months, years: years)
    }

    /// Per calendar year: compounded monthly composite and benchmark returns, year-end accounts and
    /// assets, dispersion of the full-year accounts' annual returns, and the ex-post standard deviations.
    static func annual(_ months: [CompositeMonth], accounts: [String], benchmarks: Int, options: CompositeOptions) -> [CompositeYear] {
        let byOrdinal = Dictionary(months.map { ($0.month.ordinal, $0) }, uniquingKeysWith: { a, _ in a })
        var years: [CompositeYear] = []
        for year in Set(months.map(\.month.year)).sorted() {
            let live = months.filter { $0.month.year == year && $0.assetWeighted.value != nil }
            guard let last = live.last else { continue }
            let composite = Stats.compound(live.compactMap { $0.assetWeighted.value })
            let bench: [Double?] = (0..<benchmarks).map { b in
                let rs = live.compactMap { $0.benchmarkReturns[b] }
                return rs.count == live.count ? Stats.compound(rs) : nil
            }
            // Accounts in the composite in every month of the year that has a composite return.
            let lookup = live.map { m in Dictionary(m.members.map { ($0.account, $0) }, uniquingKeysWith: { a, _ in a }) }
            let full = accounts.filter { name in lookup.allSatisfy { $0[name] != nil } }
            let annualReturns = full.map { name in Stats.compound(lookup.compactMap { $0[name]?.monthReturn }) }
            let begins = full.map { name in lookup[0][name]?.beginValue ?? 0 }
            let total = Stats.sum(begins)
            let stats = moments(returns: annualReturns, weights: begins.map { $0 / total }, options: options)
            let meaningful = full.count >= options.minAccountsForDispersion
            let why = "not meaningful: \(full.count) account\(full.count == 1 ? "" : "s") in the composite for the full year, fewer than \(options.minAccountsForDispersion)"

            // Ex-post standard deviation over the window of months ending with the year's last month.
            let window = (last.month.ordinal - options.exPostMonths + 1)...last.month.ordinal
            let inWindow = window.compactMap { byOrdinal[$0] }
            let compositeWindow = inWindow.compactMap { $0.assetWeighted.value }
            let short = "fewer than \(options.exPostMonths) monthly composite returns end in \(last.month) (\(compositeWindow.count) in that window)"
            let exPost: CompositeFigure = compositeWindow.count == options.exPostMonths
                ? annualisedStdDev(compositeWindow, options) : .undefined(short)
            let benchExPost: [CompositeFigure] = (0..<benchmarks).map { b in
                guard compositeWindow.count == options.exPostMonths else { return .undefined(short) }
                let rs = inWindow.compactMap { $0.benchmarkReturns[b] }
                guard rs.count == options.exPostMonths else { return .undefined("the benchmark has no return in some month of the window") }
                return annualisedStdDev(rs, options)
            }
            years.append(CompositeYear(
                year: year, months: live.count, complete: live.count == 12, compositeReturn: .value(composite),
                benchmarkReturns: bench, accountsAtEnd: last.accountCount, assetsAtEnd: last.assets, bookAssetsAtEnd: last.bookAssets,
                fullYearAccounts: full,
                dispersion: meaningful ? stats.dispersion : .undefined(why),
                equalWeightedDispersion: meaningful ? stats.equalDispersion : .undefined(why),
                high: annualReturns.max(), low: annualReturns.min(),
                exPostStdDev: exPost, benchmarkExPostStdDev: benchExPost))
        }
        return years
    }

    /// Asset-weighted mean and standard deviation, and the equal-weighted standard deviation.
    ///
    /// Formula: `R_C = sum w_i R_i`, `sigma_AW = sqrt(sum w_i (R_i - R_C)^2)` (weights sum to 1);
    /// `sigma_EW = sqrt(sum (R_i - mean)^2 / (n - ddof))`.
    /// Undefined: fewer than two returns (one account has no dispersion).
    static func moments(returns rs: [Double], weights ws: [Double], options: CompositeOptions)
        -> (mean: Double, dispersion: CompositeFigure, equalDispersion: CompositeFigure) {
        let mean = Stats.sum(zip(rs, ws).map { $0 * $1 })
        guard rs.count >= 2 else {
            let why = rs.isEmpty ? "no accounts" : "one account: a dispersion needs at least two"
            return (mean, .undefined(why), .undefined(why))
        }
        let aw = Stats.sum(zip(rs, ws).map { r, w in w * (r - mean) * (r - mean) }).squareRoot()
        let ew = Stats.variance(rs, ddof: options.denominator.ddof).map { CompositeFigure.value($0.squareRoot()) }
            ?? .undefined("one account: a dispersion needs at least two")
        return (mean, .value(aw), ew)
    }

    /// `stdev(monthly) * sqrt(12)` with the configured denominator.
    static func annualisedStdDev(_ rs: [Double], _ options: CompositeOptions) -> CompositeFigure {
        guard let v = Stats.variance(rs, ddof: options.denominator.ddof) else { return .undefined("too few months") }
        return .value(v.squareRoot() * 12.0.squareRoot())
    }

    /// Calls `body` with each calendar month of `days` (sorted) and its first and last index.
    static func forEachMonth(_ days: [Day], _ body: (YearMonth, Int, Int) -> Void) {
        var lo = 0
        while lo < days.count {
            let ym = YearMonth(days[lo])
            var hi = lo
            while hi + 1 < days.count && YearMonth(days[hi + 1]) == ym { hi += 1 }
            body(ym, lo, hi)
            lo = hi + 1
        }
    }

    /// Whether the sorted `days` hold a day in `range`.
    static func hasDay(_ days: [Day], in range: Range<Day>) -> Bool {
        guard !range.isEmpty else { return false }
        let i = days.lowerBound(of: range.lowerBound)
        return i < days.count && days[i] < range.upperBound
    }

    /// The series' returns dated from `lo` through `hi` compounded; `nil` when it has none there.
    static func compounded(_ s: DatedSeries, from lo: Day, through hi: Day) -> Double? {
        let i = s.days.lowerBound(of: lo), j = s.days.lowerBound(of: hi.adding(days: 1))
        return i < j ? Stats.compound(s.values[i..<j]) : nil
    }
}

extension YearMonth {
    /// The month's first calendar day.
    var start: Day { Day(serial: Int32(Day.daysFromCivil(year: year, month: month, day: 1))) }
    /// The following month.
    var next: YearMonth { month == 12 ? YearMonth(year: year + 1, month: 1) : YearMonth(year: year, month: month + 1) }
}
