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

    static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : x.description }
}
