import TearsheetCore

/// The methodology document, generated from the registry and the presets: `docs/methodology.md`
/// and the reports' methodology appendix both come from here.
public enum Methodology {
    /// The whole document as Markdown.
    public static func markdown() -> String {
        var s = """
        # Methodology

        Generated from the metric registry (`Sources/TearsheetMetrics/MetricRegistry.swift`) by
        `Methodology.markdown()`; do not edit by hand (`TEARSHEET_RECORD=1 swift test --filter
        TearsheetMetricsTests` re-records it).

        ## Conventions

        - Inputs are daily simple returns as fractions (0.01 is 1%), sorted by date; a repeated date
          or a non-finite value is an input error.
        - k = 252 periods a year unless configured. Standard deviations are sample (n - 1).
        - Risk-free rate: an annual constant, or a dated series of annual rates; each annual rate is
          converted to a per-period rate as (1 + rf)^(1/k) - 1, in one place, for the metrics and the
          attribution alike. A series must have a rate for every valued day, unless the config allows
          a day to take the last earlier rate (`risk_free_fill = "previous"`).
        - Benchmark alignment: the portfolio and each benchmark are joined on date (inner join); a day
          missing from either series is dropped from both for the relative metrics. A benchmark's own
          metrics use its own full series.
        - Drawdowns start from a phantom wealth of 1 before the first day, so a first-day loss is a
          drawdown. Episode lengths are calendar days from the first to the last day under water,
          inclusive; an unrecovered episode runs to the last date.
        - A metric that cannot be computed is `null` with a note saying why; never NaN or infinity.
        - Compounding: prod(1 + r) - 1 is the wealth product minus 1, except for a series that ends
          within 2^-7 of where it started (and never lost half its wealth), whose compounded return is
          accumulated as the growth itself, g = g + r + g r (a fused multiply-add): that keeps the
          digits of small returns, which a plain product loses (about 1e-4 of a 1e-12 daily return
          over 25 years). A return of -100% or worse is a total loss: wealth
          stays at zero, so the compounded return and the drawdown stay at -100% from that day on.
        - A constant series has a volatility of exactly 0, and the ratios that divide by it (Sharpe,
          Sortino, probabilistic Sharpe, skewness, kurtosis) are `null` with a reason.
        - Trailing returns: the N-year window ending on the last date L holds the returns dated after
          L - N years; it is shown only when the first return is dated within 7 calendar days after
          that boundary (never extrapolated); MTD, QTD and YTD likewise need history from the period's
          first day. 3Y and 5Y are annualised as (1 + R)^(1/N) - 1; ITD is the CAGR.
        - No annualising under a year (GIPS): a series covers a year when its first return is dated
          within 7 calendar days after L - 12 months (the 1Y window's rule). Under Tearsheet's preset,
          a shorter series has no CAGR (and no ratio built on it: Calmar, the Ulcer performance index),
          each empty with a note, and its ITD trailing row is the cumulative return, labelled so; the
          quantstats and empyrical presets annualise whatever the span, as those libraries do. A
          calendar year the series starts more than 7 days after 1 January, or ends more than 7 days
          before 31 December, is labelled "(partial)" in the yearly tables.
        - Rolling series (Sharpe, volatility, beta) use a window of 126 periods by default, computed in
          O(n) with running sums of mean-centred values, re-summed every 1,024 steps.
        - GIPS-style composites (asset-weighted monthly returns of accounts, internal dispersion, the
          3-year ex-post standard deviation of monthly returns, population by default) are not
          registry metrics: their conventions and references are in [composites.md](composites.md).

        ## Presets

        `--conventions` selects how the choices below are made. Under `quantstats` and `empyrical`
        every metric that library has is computed its way, under the same id; the others keep
        Tearsheet's defaults.

        | choice | tearsheet | quantstats | empyrical |
        |---|---|---|---|

        """
        let presets = Conventions.presets
        func row(_ label: String, _ f: (Conventions) -> String) {
            s += "| \(label) | " + presets.map(f).joined(separator: " | ") + " |\n"
        }
        row("periods a year") { Self.number($0.periodsPerYear) }
        row("stdev ddof") { String($0.stdevDDOF) }
        row("CAGR basis") { $0.cagrBasis.rawValue }
        row("alpha annualisation") { $0.alphaAnnualisation.rawValue }
        row("alpha returns") { $0.alphaRiskFree.rawValue }
        row("information ratio") { $0.informationRatio.rawValue }
        row("zero days in win rates") { $0.winRateZeroDays.rawValue }
        row("Ulcer index denominator") { $0.ulcerDenominator.rawValue }
        row("recovery factor, UPI numerator") { $0.recoveryNumerator.rawValue }
        row("rf in total-return ratios") { $0.riskFreeInTotals.rawValue }
        row("VaR confidence") { Self.number($0.varConfidence) }
        row("annualise under a year") { $0.annualisesShortSeries ? "yes" : "no" }
        s += Self.moneyWeightedAndFees
        s += "\n## Metrics\n"
        for scope in MetricScope.allCases {
            let title: String
            switch scope {
            case .series: title = "Return and risk (per series)"
            case .relative: title = "Benchmark-relative (per benchmark)"
            case .trades: title = "Trade statistics (closed round trips)"
            }
            s += "\n### \(title)\n"
            for d in MetricRegistry.all where d.scope == scope {
                s += "\n#### `\(d.id)`: \(d.name)\n\n"
                s += "- Unit: \(d.unit.rawValue); better: \(d.polarity.rawValue)\n"
                s += "- Formula: `\(d.formula)`\n"
                if !d.convention.isEmpty { s += "- Convention: \(d.convention)\n" }
                s += "- Undefined when: \(d.undefined)\n"
                if !d.reference.isEmpty { s += "- Reference: \(d.reference)\n" }
            }
        }
        s += "\n## Known differences from the reference libraries\n\n"
        s += """
        - `ulcer_index`: ffn reports percentage points and includes its base price row; Tearsheet gives a fraction.
        - `exposure`: QuantStats rounds up to a whole percent; Tearsheet does not round.
        - `recovery_factor`, `ulcer_performance_index`: QuantStats divides the sum of daily returns
          (and the total return) rather than the compounded (annualised) return; only the quantstats preset follows it.
        - `information_ratio`: both libraries report it per period; Tearsheet's default annualises it.
        - `alpha`: QuantStats annualises arithmetically and ignores rf; empyrical compounds; Tearsheet's default
          is the arithmetic CAPM alpha on excess returns.
        - `cagr_calendar`: ffn starts its price series one calendar day before the first return; Tearsheet
          measures from the first to the last return date.

        """
        return s
    }

    /// The money-weighted returns (`MoneyWeighted`, `MoneyWeightedTable`) and the gross- and
    /// net-of-fees series (`GrossOfFees`): not registry metrics, so described here.
    static let moneyWeightedAndFees = """

        ## Money-weighted returns

        What the money invested earned, flows included, beside the time-weighted return (which removes
        the effect of the flows' timing). Computed for the book and each account, over MTD, QTD, YTD,
        1Y, 3Y, 5Y (the trailing windows' coverage rule), ITD and each calendar year
        (`MoneyWeightedTable`).

        - Period: from the close of the trading day before the window's first day (value V0) to the
          close of its last day (V1). A window that starts with the book starts from nothing: V0 = 0
          at the close of the calendar day before the first valued day.
        - Flows F_i: deposits > 0, withdrawals < 0 (external flows only; dividends, interest and fees
          are performance). Day counting: calendar days. A flow on day d sits at D_i = d - start - 1
          days into the period when flows arrive at the start of the day (it is invested from the
          previous midnight), at D_i = d - start days when it arrives after the close; each flow at the
          timing the valuation used for it (its `timing` column, else the book's `flow_timing` and the
          full-withdrawal rule).
        - Modified Dietz: `(V1 - V0 - sum F_i) / (V0 + sum w_i F_i)`, `w_i = (CD - D_i) / CD`, CD the
          period's calendar days. Not annualised. Undefined (empty with a note) when the denominator,
          the average invested capital, is zero or negative. Reference: Dietz (1966); GIPS 2020
          calculation methodology guidance; Bacon (2008) 2.3.
        - XIRR: the rate r > -1 solving `-V0 - sum F_i (1 + r)^(-D_i / 365) + V1 (1 + r)^(-CD / 365) = 0`
          (actual/365, as spreadsheet XIRR counts days), solved by Newton's method from the Modified
          Dietz estimate with a bisection fallback on log(1 + r); the root is accepted when the net
          present value is below 1e-12 times the sum of the absolute amounts. Undefined when the flows and values do not
          change sign or no root lies in (-1, 1e9). Reference: Bacon (2008) 2.3; Excel/LibreOffice
          XIRR.
        - XIRR over the period: `(1 + r)^(CD / 365) - 1`, defined for any length. XIRR annualised:
          only for periods of at least 358 calendar days (a year between trading-day closes, less the
          week the trailing windows allow); a shorter period's is empty with a note (GIPS: no
          annualising under a year). A calendar year the book covers only in part is
          labelled "(partial year)".

        ## Gross and net of fees

        - Net of fees is the book's own time-weighted return: FEE cash flows (management,
          performance, custody) are costs inside the day's P&L, so they drag the return.
        - Gross of fees adds them back on the same denominator: `r_gross_t = r_t + fee_t / D_t`, fee_t
          the day's FEE flows as a positive cost, D_t the denominator of the day's time-weighted
          return as the valuation computed it (`NAV_{t-1}` plus the flows that arrived at the start of
          the day, per flow). The NAV path is the book's: the fee is not re-invested. A day with
          no capital (D_t <= 0) keeps the net return.
        - Trade commissions are transaction costs: they stay in both series (GIPS: gross of fees is
          after transaction costs).
        - The gross series goes through the same metrics and period tables as the net one: the
          report's summary shows the total return and CAGR gross of fees (CAGR only over a year or
          more), and the trailing and yearly tables a gross-of-fees column, whenever the book has a
          FEE flow.

        """

    static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : x.description }
}
