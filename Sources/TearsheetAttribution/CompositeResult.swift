import TearsheetCore

/// How a standard deviation over a set of observations divides the sum of squared deviations.
public enum StdDevDenominator: String, Sendable, Equatable {
    /// Divide by n: the observations are the whole population (the GIPS Handbook's worked examples).
    case population
    /// Divide by n - 1: the observations are a sample (Bessel's correction).
    case sample

    /// The `ddof` of `Stats.variance`.
    public var ddof: Int { self == .population ? 0 : 1 }
}

/// Conventions of a composite computation; the defaults follow GIPS 2020 (see docs/composites.md).
public struct CompositeOptions: Sendable, Equatable {
    /// Fewest accounts in the composite for the whole year for the annual internal dispersion to be
    /// shown; below it the figure is `nil` with the reason "not meaningful" (GIPS 2020 for Firms,
    /// section 4, requires dispersion only for composites with six or more portfolios for the full year).
    public var minAccountsForDispersion = 6
    /// Months in the ex-post standard deviation window (GIPS 2020 for Firms, section 4: three years of monthly returns).
    public var exPostMonths = 36
    /// Denominator of the ex-post standard deviation and of the equal-weighted dispersion.
    public var denominator = StdDevDenominator.population

    public init(minAccountsForDispersion: Int = 6, exPostMonths: Int = 36, denominator: StdDevDenominator = .population) {
        self.minAccountsForDispersion = minAccountsForDispersion
        self.exPostMonths = exPostMonths
        self.denominator = denominator
    }
}

/// A calendar month, `year * 12 + (month - 1)` so consecutive months differ by 1.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public init(_ day: Day) { self.init(year: day.year, month: day.month) }

    /// Months since year 0; consecutive months differ by exactly 1.
    public var ordinal: Int { year * 12 + month - 1 }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.ordinal < rhs.ordinal }

    /// `2024-03`.
    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
}

/// A number that may be undefined, with the reason a report prints instead of it.
public enum CompositeFigure: Sendable, Equatable {
    case value(Double)
    case undefined(String)

    /// The number, `nil` when undefined.
    public var value: Double? { if case .value(let v) = self { return v } else { return nil } }
    /// Why the figure is undefined, `nil` when it has a value.
    public var reason: String? { if case .undefined(let r) = self { return r } else { return nil } }
}

/// One account's month in a composite.
public struct CompositeMember: Sendable, Equatable {
    public var account: String
    /// Beginning market value: the account's NAV at the close of the last trading day before the month.
    public var beginValue: Double
    /// NAV at the close of the month's last trading day.
    public var endValue: Double
    /// The month's time-weighted return: the account's daily returns chain-linked, prod(1 + r_t) - 1.
    public var monthReturn: Double
    /// `beginValue / sum of the members' beginValue`.
    public var weight: Double
}

/// One calendar month of a composite.
public struct CompositeMonth: Sendable, Equatable {
    public var month: YearMonth
    /// First and last trading days of the month within the valued period.
    public var firstDay: Day
    public var lastDay: Day
    /// Whether the valued period covers the whole month (false for a month cut by the period's start or end).
    public var complete: Bool
    /// The member accounts, in the composite's account order.
    public var members: [CompositeMember]
    /// Asset-weighted return, sum w_i r_i; undefined without members.
    public var assetWeighted: CompositeFigure
    /// Equal-weighted return, mean r_i; undefined without members.
    public var equalWeighted: CompositeFigure
    /// Asset-weighted standard deviation of the members' returns around the asset-weighted return.
    public var dispersion: CompositeFigure
    /// Equal-weighted standard deviation of the members' returns around their mean.
    public var equalWeightedDispersion: CompositeFigure
    /// Highest and lowest member return; `nil` without members.
    public var high: Double?
    public var low: Double?
    /// Composite assets: the members' NAV summed at the month's close.
    public var assets: Double
    /// NAV of every account of the book at the month's close (members or not): the composite's share base.
    public var bookAssets: Double
    /// Each benchmark's return over the month's valued days, in the order of `CompositeResult.benchmarks`.
    public var benchmarkReturns: [Double?]

    /// Number of member accounts.
    public var accountCount: Int { members.count }
}

/// One calendar year of a composite.
public struct CompositeYear: Sendable, Equatable {
    public var year: Int
    /// Months of the year with a composite return, compounded below.
    public var months: Int
    /// Whether those months are all twelve.
    public var complete: Bool
    /// Monthly asset-weighted composite returns compounded over the year's months with members.
    public var compositeReturn: CompositeFigure
    /// Each benchmark compounded over the same months, in the order of `CompositeResult.benchmarks`.
    public var benchmarkReturns: [Double?]
    /// Member accounts and composite assets in the year's last month with members.
    public var accountsAtEnd: Int
    public var assetsAtEnd: Double
    public var bookAssetsAtEnd: Double
    /// Accounts that were members in every month of the year with a composite return.
    public var fullYearAccounts: [String]
    /// Asset-weighted standard deviation of the full-year accounts' annual returns (weights: their
    /// beginning market values of the year's first month); undefined below the configured minimum.
    public var dispersion: CompositeFigure
    /// Equal-weighted standard deviation of the same annual returns.
    public var equalWeightedDispersion: CompositeFigure
    /// Highest and lowest annual return among the full-year accounts; `nil` without any.
    public var high: Double?
    public var low: Double?
    /// Annualised ex-post standard deviation of the composite's monthly returns over the
    /// `exPostMonths` months ending with the year's last month.
    public var exPostStdDev: CompositeFigure
    /// The same for each benchmark over the same months.
    public var benchmarkExPostStdDev: [CompositeFigure]
}

/// A composite's monthly and annual figures.
public struct CompositeResult: Sendable, Equatable {
    public var name: String
    /// The accounts the composite may hold, in config order (membership per month is in `months`).
    public var accounts: [String]
    /// Benchmark symbols, the order of every `benchmarkReturns` array.
    public var benchmarks: [String]
    public var options: CompositeOptions
    public var months: [CompositeMonth]
    public var years: [CompositeYear]
}
