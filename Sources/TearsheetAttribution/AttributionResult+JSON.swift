import TearsheetCore

extension AttributionResult {
    /// Deterministic JSON of the whole result, unrounded (shortest round-trip doubles, `null` for an
    /// undefined statistic). Sleeves, labels and benchmarks appear sorted by name, so the output does
    /// not depend on the order the book lists its sleeves in.
    ///
    /// Shape: `{"period": {...}, "linking", "total_return", "residual", "sleeves": {NAME: {...}},
    /// "correlation", "active": {SYMBOL: {"active_return", "sleeves": {NAME: {"contribution"}}}},
    /// "periods": [...], "regimes": {CLASSIFIER: {LABEL: {"days", "log_return", ...}}},
    /// "week_types": {CLASSIFIER: {LABEL: {"weeks", "days", "log_return", ...}}},
    /// "factors": {SERIES: {MODEL: {...}}}, "brinson_fachler": {...} (when given), "notes": [...]}`.
    public func json() -> String {
        var w = JSONWriter()
        let sleeveOrder = sleeves.indices.sorted { sleeves[$0] < sleeves[$1] }
        let benchOrder = benchmarks.indices.sorted { benchmarks[$0] < benchmarks[$1] }
        w.beginObject()
        w.beginObject("period")
        w.value("start", period.lowerBound.description)
        w.value("end", period.upperBound.description)
        w.value("days", days)
        w.endObject()
        w.value("linking", linking.rawValue)
        w.value("primary_benchmark", primaryBenchmark)
        w.value("total_return", totalReturn)
        w.value("residual", residual)
        w.beginObject("sleeves")
        for s in sleeveOrder {
            let a = strategy.sleeves[s]
            w.beginObject(a.name)
            w.value("contribution", a.contribution)
            w.value("contribution_share", a.contributionShare)
            w.value("return", a.totalReturn)
            w.value("volatility", a.volatility)
            w.value("sharpe", a.sharpe)
            w.value("max_drawdown", a.maxDrawdown)
            w.value("pnl", a.pnl)
            w.value("pnl_share", a.pnlShare)
            w.value("active_days", a.activeDays)
            w.endObject()
        }
        w.endObject()
        w.beginObject("correlation")
        for i in sleeveOrder {
            w.beginObject(sleeves[i])
            for j in sleeveOrder { w.value(sleeves[j], strategy.correlation[i][j]) }
            w.endObject()
        }
        w.endObject()
        w.beginObject("active")
        for k in benchOrder { writeBenchmark(&w, active[k], sleeveOrder) }
        w.endObject()
        w.beginArray("periods")
        for p in periods {
            w.beginObject()
            w.value("kind", p.kind.rawValue)
            w.value("label", p.label)
            w.value("start", p.start.description)
            w.value("end", p.end.description)
            w.value("days", p.days)
            w.value("total_return", p.totalReturn)
            w.value("annualized_return", p.annualizedReturn)
            w.value("residual", p.residual)
            w.beginObject("sleeves")
            for s in sleeveOrder { w.beginObject(sleeves[s]); w.value("contribution", p.contributions[s]); w.endObject() }
            w.endObject()
            w.beginObject("benchmarks")
            for k in benchOrder { writeBenchmark(&w, p.benchmarks[k], sleeveOrder) }
            w.endObject()
            w.endObject()
        }
        w.endArray()
        writeClassifications(&w, "regimes", regimes, sleeveOrder, benchOrder)
        writeClassifications(&w, "week_types", weekTypes, sleeveOrder, benchOrder)
        w.beginObject("factors")
        for f in factors {
            w.beginObject(f.series)
            for m in f.models {
                w.beginObject(m.name)
                w.value("observations", m.observations)
                w.value("alpha", m.alpha)
                w.value("alpha_annualized", m.alphaAnnualized)
                w.value("alpha_standard_error", m.alphaStandardError)
                w.value("alpha_t", m.alphaTStat)
                w.beginObject("betas")
                for (j, sym) in m.symbols.enumerated() {
                    w.beginObject(sym)
                    w.value("beta", m.betas[j])
                    w.value("standard_error", m.betaStandardErrors[j])
                    w.value("t", m.betaTStats[j])
                    w.value("beta_return", m.betaReturnBySymbol[j])
                    w.endObject()
                }
                w.endObject()
                w.value("r_squared", m.rSquared)
                w.value("total_return", m.totalReturn)
                w.value("beta_return", m.betaReturn)
                w.value("residual_return", m.residualReturn)
                w.endObject()
            }
            w.endObject()
        }
        w.endObject()
        if let bf = brinsonFachler {
            w.beginObject("brinson_fachler")
            w.value("portfolio_return", bf.portfolioReturn)
            w.value("benchmark_return", bf.benchmarkReturn)
            w.value("active_return", bf.activeReturn)
            w.value("allocation", bf.allocation)
            w.value("selection", bf.selection)
            w.value("interaction", bf.interaction)
            w.value("residual", bf.residual)
            w.beginObject("segments")
            for seg in bf.segments.sorted(by: { $0.name < $1.name }) {
                w.beginObject(seg.name)
                w.value("allocation", seg.allocation)
                w.value("selection", seg.selection)
                w.value("interaction", seg.interaction)
                w.value("total", seg.total)
                w.endObject()
            }
            w.endObject()
            w.endObject()
        }
        w.beginArray("notes")
        for n in notes { w.value(nil, n) }
        w.endArray()
        w.endObject()
        return w.text
    }

    private func writeBenchmark(_ w: inout JSONWriter, _ b: PeriodBenchmark, _ sleeveOrder: [Int]) {
        w.beginObject(b.symbol)
        w.value("benchmark_return", b.benchmarkReturn)
        w.value("active_return", b.activeReturn)
        w.value("residual", b.activeResidual)
        w.value("hit_rate", b.hitRate)
        w.value("hit_rate_basis", b.hitRateBasis.rawValue)
        w.value("subperiods", b.subperiods)
        w.beginObject("sleeves")
        for s in sleeveOrder { w.beginObject(sleeves[s]); w.value("contribution", b.activeContributions[s]); w.endObject() }
        w.endObject()
        w.endObject()
    }

    private func writeClassifications(_ w: inout JSONWriter, _ key: String, _ cs: [Classification],
                                      _ sleeveOrder: [Int], _ benchOrder: [Int]) {
        w.beginObject(key)
        for c in cs {
            w.beginObject(c.name)
            for g in c.groups {
                w.beginObject(g.label)
                if let weeks = g.weeks { w.value("weeks", weeks) }
                w.value("days", g.days)
                w.value("share_of_days", g.shareOfDays)
                w.value("return", g.totalReturn)
                w.value("annualized_return", g.annualizedReturn)
                w.value("volatility", g.volatility)
                w.value("sharpe", g.sharpe)
                w.value("log_return", g.logReturn)
                w.value("residual", g.residual)
                w.beginObject("benchmarks")
                for k in benchOrder {
                    let b = g.benchmarks[k]
                    w.beginObject(b.symbol)
                    w.value("benchmark_return", b.benchmarkReturn)
                    w.value("active_return", b.activeReturn)
                    w.value("beta", b.beta)
                    w.endObject()
                }
                w.endObject()
                w.beginObject("sleeves")
                for s in sleeveOrder {
                    w.beginObject(sleeves[s])
                    w.value("contribution", g.sleeves[s].contribution)
                    w.value("log_contribution", g.sleeves[s].logContribution)
                    w.endObject()
                }
                w.endObject()
                w.endObject()
            }
            w.endObject()
        }
        w.endObject()
    }
}
