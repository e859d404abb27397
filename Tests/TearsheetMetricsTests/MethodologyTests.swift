import Foundation
import Testing
import TearsheetMetrics
import TearsheetCore

/// docs/methodology.md is generated from the registry; the committed file must equal the output.
/// Re-record on purpose with `TEARSHEET_RECORD=1 swift test --filter TearsheetMetricsTests`.
@Suite struct MethodologyTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/methodology.md")

    @Test func committedMethodologyIsCurrent() throws {
        let generated = Methodology.markdown()
        if ProcessInfo.processInfo.environment["TEARSHEET_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: Self.path.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: Self.path, atomically: true, encoding: .utf8)
        }
        let committed = try? String(contentsOf: Self.path, encoding: .utf8)
        #expect(committed != nil, "docs/methodology.md is missing: record it with TEARSHEET_RECORD=1")
        #expect(committed == generated, "docs/methodology.md differs from Methodology.markdown(): re-record with TEARSHEET_RECORD=1")
    }

    @Test func registryIsCompleteAndDocumented() {
        let ids = MetricRegistry.all.map(\.id)
        #expect(ids.count >= 60)
        #expect(Set(ids).count == ids.count, "ids are unique")
        for d in MetricRegistry.all {
            #expect(d.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(d.id) is snake_case")
            #expect(!d.name.isEmpty && !d.formula.isEmpty && !d.undefined.isEmpty, "\(d.id) is documented")
        }
        let required = ["total_return", "cagr", "volatility", "sharpe", "sortino", "calmar", "omega", "max_drawdown",
                        "max_drawdown_duration", "longest_drawdown_days", "avg_drawdown", "current_drawdown", "ulcer_index",
                        "ulcer_performance_index", "pain_index", "var_95", "var_95_parametric", "var_95_cornish_fisher",
                        "cvar_95", "skewness", "excess_kurtosis", "tail_ratio", "common_sense_ratio", "gain_to_pain",
                        "recovery_factor", "stability", "kelly_criterion", "probabilistic_sharpe", "smart_sharpe",
                        "smart_sortino", "best_day", "worst_day", "best_month", "worst_month", "best_year", "worst_year",
                        "win_rate_daily", "avg_win_daily", "avg_loss_daily", "payoff_ratio_daily", "profit_factor_daily",
                        "positive_months_pct", "exposure", "alpha", "beta", "correlation", "r_squared", "tracking_error",
                        "information_ratio", "active_return", "up_capture", "down_capture", "capture_ratio",
                        "batting_average", "treynor", "m_squared", "trades", "win_rate", "avg_win", "avg_loss",
                        "payoff_ratio", "profit_factor", "expectancy", "sqn", "largest_win", "largest_loss",
                        "avg_holding_days", "max_consecutive_wins", "max_consecutive_losses", "gross_profit",
                        "gross_loss", "total_fees", "turnover"]
        for id in required { #expect(MetricRegistry.definition(id) != nil, "\(id) is registered") }
        #expect(Methodology.markdown().contains("`sharpe`"))
    }
}
