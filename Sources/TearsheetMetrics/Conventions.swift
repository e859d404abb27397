import TearsheetCore

/// The choices on which the reference libraries disagree, as values (STYLE.md: "conventions are
/// values, not magic numbers"). A preset is a set of them: `.tearsheet` (the documented defaults),
/// `.quantstats` (QuantStats 0.0.86) and `.empyrical` (empyrical-reloaded 0.7.1). Under a library's
/// preset every metric that library has is computed exactly its way, under the same id.
public struct Conventions: Sendable, Equatable {
    /// How many years a return series spans when annualising a compounded return (CAGR).
    public enum CAGRBasis: String, Sendable, Equatable {
        /// years = n / periodsPerYear (QuantStats 0.0.86, empyrical).
        case tradingPeriods
        /// years = (last date - first date) / 365.25 calendar days (ffn-style).
        case calendarDays
    }

    /// How a CAPM alpha per period is annualised.
    public enum AlphaAnnualisation: String, Sendable, Equatable {
        /// alpha_period x k (QuantStats `greeks`).
        case arithmetic
        /// (1 + alpha_period)^k - 1 (empyrical `alpha`).
        case geometric
    }

    /// Whether a ratio of per-period moments is scaled by sqrt(k).
    public enum RatioScaling: String, Sendable, Equatable {
        case perPeriod
        case annualised
    }

    /// How days with a return of exactly zero enter a daily win rate.
    public enum ZeroDays: String, Sendable, Equatable {
        /// wins / non-zero days (QuantStats `win_rate`).
        case excluded
        /// wins / all days: a flat day is not a win.
        case countedAsNonWins
    }

    /// Denominator of the Ulcer index mean of squared drawdowns.
    public enum UlcerDenominator: String, Sendable, Equatable {
        /// n: Martin & McCann (1989).
        case observations
        /// n - 1 (QuantStats `ulcer_index`).
        case observationsMinusOne
    }

    /// Numerator of the recovery factor.
    public enum RecoveryNumerator: String, Sendable, Equatable {
        /// Compounded total return (the textbook definition).
        case compoundedReturn
        /// |sum of daily returns - rf| (QuantStats `recovery_factor`).
        case sumOfReturns
    }

    /// Whether alpha subtracts the risk-free rate from both series (CAPM) or not.
    public enum AlphaRiskFree: String, Sendable, Equatable {
        /// mean(r - rf) - beta x mean(b - rf): Jensen's CAPM alpha.
        case excessReturns
        /// mean(r) - beta x mean(b): QuantStats `greeks` ignores rf.
        case rawReturns
    }

    /// How a risk-free rate is taken off a total (not annualised) return in the recovery factor,
    /// the Ulcer performance index and the Treynor ratio.
    public enum RiskFreeInTotals: String, Sendable, Equatable {
        /// The rate compounded over the same days: prod(1 + rf_t) - 1.
        case compoundedOverPeriod
        /// The annual rate as given, whatever the span (QuantStats subtracts its `rf` argument
        /// unconverted); a rate series falls back to the compounded rate.
        case annualRateAsGiven
    }

    /// Preset name, as given to `--conventions`.
    public var name: String
    /// Periods per year k used by every annualisation (252 for trading days).
    public var periodsPerYear: Double
    /// Degrees of freedom removed from n in standard deviations (1: sample, 0: population).
    public var stdevDDOF: Int
    public var cagrBasis: CAGRBasis
    public var alphaAnnualisation: AlphaAnnualisation
    public var alphaRiskFree: AlphaRiskFree
    /// Information ratio per period (QuantStats, empyrical `excess_sharpe`) or x sqrt(k).
    public var informationRatio: RatioScaling
    public var winRateZeroDays: ZeroDays
    public var ulcerDenominator: UlcerDenominator
    public var recoveryNumerator: RecoveryNumerator
    public var riskFreeInTotals: RiskFreeInTotals
    /// Confidence of the VaR and CVaR metrics (0.95 for the `_95` ids).
    public var varConfidence: Double
    /// Rolling-window length in periods for the rolling series.
    public var rollingWindow: Int
    /// Number of rows of the drawdown table.
    public var drawdownTableRows: Int
    /// Whether a return over less than a year is annualised (CAGR, the ITD trailing row and the
    /// ratios built on CAGR). `false` under Tearsheet's preset, as GIPS requires (no annualising of
    /// a period under a year; the cumulative return stands instead); `true` under the library
    /// presets, which annualise whatever the span.
    public var annualisesShortSeries: Bool

    public init(name: String, periodsPerYear: Double = 252, stdevDDOF: Int = 1,
                cagrBasis: CAGRBasis = .tradingPeriods, alphaAnnualisation: AlphaAnnualisation = .arithmetic,
                alphaRiskFree: AlphaRiskFree = .excessReturns, informationRatio: RatioScaling = .annualised,
                winRateZeroDays: ZeroDays = .countedAsNonWins, ulcerDenominator: UlcerDenominator = .observations,
                recoveryNumerator: RecoveryNumerator = .compoundedReturn,
                riskFreeInTotals: RiskFreeInTotals = .compoundedOverPeriod, varConfidence: Double = 0.95,
                rollingWindow: Int = 126, drawdownTableRows: Int = 10, annualisesShortSeries: Bool = false) {
        self.name = name
        self.periodsPerYear = periodsPerYear
        self.stdevDDOF = stdevDDOF
        self.cagrBasis = cagrBasis
        self.alphaAnnualisation = alphaAnnualisation
        self.alphaRiskFree = alphaRiskFree
        self.informationRatio = informationRatio
        self.winRateZeroDays = winRateZeroDays
        self.ulcerDenominator = ulcerDenominator
        self.recoveryNumerator = recoveryNumerator
        self.riskFreeInTotals = riskFreeInTotals
        self.varConfidence = varConfidence
        self.rollingWindow = rollingWindow
        self.drawdownTableRows = drawdownTableRows
        self.annualisesShortSeries = annualisesShortSeries
    }

    /// Tearsheet's documented defaults: 252 periods, sample stdev, CAGR on trading periods, CAPM
    /// alpha on excess returns annualised arithmetically, annualised information ratio, flat days
    /// are not wins, Martin's Ulcer index (n), recovery factor on the compounded return, nothing
    /// annualised over less than a year.
    public static let tearsheet = Conventions(name: "tearsheet")

    /// QuantStats 0.0.86: alpha = (mean(r) - beta mean(b)) x k without rf, information ratio per
    /// period, win rate over non-zero days, Ulcer index over n - 1, recovery factor on the sum of returns.
    public static let quantstats = Conventions(
        name: "quantstats", alphaAnnualisation: .arithmetic, alphaRiskFree: .rawReturns,
        informationRatio: .perPeriod, winRateZeroDays: .excluded,
        ulcerDenominator: .observationsMinusOne, recoveryNumerator: .sumOfReturns,
        riskFreeInTotals: .annualRateAsGiven, annualisesShortSeries: true)

    /// empyrical-reloaded 0.7.1: alpha = (1 + mean(r - rf - beta (b - rf)))^k - 1, information
    /// ratio per period (`excess_sharpe`); other choices as Tearsheet's defaults.
    public static let empyrical = Conventions(
        name: "empyrical", alphaAnnualisation: .geometric, alphaRiskFree: .excessReturns,
        informationRatio: .perPeriod, annualisesShortSeries: true)

    /// The presets by `--conventions` name.
    public static let presets: [Conventions] = [.tearsheet, .quantstats, .empyrical]

    /// The preset called `name` (case-insensitive), or `nil`.
    public static func preset(named name: String) -> Conventions? {
        presets.first { $0.name == name.lowercased() }
    }
}
