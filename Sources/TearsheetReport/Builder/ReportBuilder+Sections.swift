import TearsheetIngest

/// Which sections a report holds: the profile's list (`[report] profile`) or the config's own
/// (`[report] sections`), in that order; a section that does not apply to the run is left out.
extension ReportBuilder {
    /// The sections of `id` (`BookConfig.Report.sectionIDs`): none when it does not apply (the
    /// reporting period without one; a ledger section for a bare return series), several for `composites`.
    func sections(for id: String) -> [ReportSection] {
        let book = run.source == .book
        switch id {
        case "reporting-period": return reportingPeriodSection().map { [$0] } ?? []
        case "summary": return [summarySection()]
        case "metrics": return [metricsSection()]
        case "returns": return [returnsSection()]
        case "drawdowns": return [drawdownSection()]
        case "strategy-attribution": return book ? [strategySection()] : []
        case "period-attribution": return [periodSection()]
        case "regime-attribution": return [regimeSection()]
        case "week-type-attribution": return [weekTypeSection()]
        case "benchmark-factors": return [factorSection()]
        case "brinson-fachler": return book ? [brinsonSection()] : []
        case "trades": return book ? [tradeSection()] : []
        case "risk": return book ? [riskSection()] : []
        case "stress": return book ? [stressSection()] : []
        case "holdings": return book ? [holdingsSection()] : []
        case "transactions": return book ? [transactionsSection()] : []
        case "income-fees": return book ? [incomeFeesSection()] : []
        case "composites": return book ? compositeSections() : []
        case "daily": return [dailySection()]
        case "data-quality": return [dataQualitySection()]
        case "methodology": return [methodologySection()]
        case "cover": return [coverSection()]
        case "performance-periods": return [performancePeriodsSection()]
        case "growth": return [growthSection()]
        case "change-in-value": return book ? [changeInValueSection()] : []
        case "disclosures": return [disclosuresSection()]
        default: return []
        }
    }

    /// The sections of this run's report, in order.
    func selectedSections() -> [ReportSection] {
        run.config.report.sectionList.flatMap { sections(for: $0) }
    }
}
