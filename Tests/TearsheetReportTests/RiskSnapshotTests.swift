import Foundation
import Testing
import TearsheetMetrics
@testable import TearsheetReport
import TearsheetCore

@Suite struct RiskSnapshotTests {
    let day = Day(iso: "2024-06-28")!

    func row(_ sym: String, _ sector: String, _ q: Double, _ px: Double, strategy: String = "s") -> HoldingRow {
        HoldingRow(account: "A", strategy: strategy, symbol: sym, sector: sector, quantity: q, close: px, marketValue: q * px)
    }

    @Test func exposuresLeverageAndBreaches() {
        // NAV 100,000: long SPY 60,000 (two sleeves), long QQQ 30,000, short IWM -20,000.
        let h = [row("SPY", "Broad", 100, 400), row("SPY", "Broad", 50, 400, strategy: "t"),
                 row("QQQ", "Technology", 60, 500), row("IWM", "Broad", -100, 200)]
        let snap = RiskSnapshot(day: day, nav: 100_000, holdings: h,
                                limits: RiskLimits(maxPositionWeight: 0.5, maxSectorWeight: 0.5, maxGrossLeverage: 1.0))
        #expect(snap.long == 90_000)
        #expect(snap.short == -20_000)
        #expect(snap.gross == 110_000)
        #expect(snap.net == 70_000)
        #expect(abs(snap.leverage! - 1.1) < 1e-12)
        #expect(snap.bySymbol.map(\.name) == ["SPY", "QQQ", "IWM"])
        #expect(abs(snap.bySymbol[0].weight - 0.6) < 1e-12)
        #expect(snap.bySector.map(\.name) == ["Broad", "Technology"])
        #expect(abs(snap.bySector[0].exposure - 40_000) < 1e-9)
        #expect(snap.breaches.map(\.kind) == [.position, .leverage])
        #expect(snap.breaches[0].name == "SPY")
    }

    @Test func noBreachesWithoutNAV() {
        let snap = RiskSnapshot(day: day, nav: 0, holdings: [row("SPY", "", 1, 1)], limits: RiskLimits(maxPositionWeight: 0.1))
        #expect(snap.leverage == nil)
        #expect(snap.breaches.isEmpty)
        #expect(snap.bySector.first?.name == "Unclassified")
    }

    @Test func stressThroughBetaSectorAndDuration() {
        // A symbol that moves exactly 2x the benchmark every day has beta 2.
        var days: [Day] = [], bench: [Double] = [], twice: [Double] = []
        var b = 100.0, t = 50.0
        for i in 0..<60 {
            let r = (i % 2 == 0 ? 0.01 : -0.008)
            days.append(day.adding(days: i - 59))
            bench.append(b); twice.append(t)
            b *= 1 + r; t *= 1 + 2 * r
        }
        let prices = ["LEV": DatedSeries(days: days, values: twice), "TLT": DatedSeries(days: days, values: bench)]
        let h = [row("LEV", "Technology", 100, 50), row("TLT", "Rates", 10, 100)]
        let results = StressTest.run(StressScenario.defaults, holdings: h, nav: 10_000, day: day,
                                     prices: prices, benchmark: DatedSeries(days: days, values: bench))
        #expect(results.count == 3)
        let market = results[0]
        let lev = market.lines.first { $0.symbol == "LEV" }!
        #expect(abs(lev.sensitivity - 2) < 1e-9)
        #expect(abs(lev.pnl - 5_000 * 2 * -0.2) < 1e-6)
        let sector = results[1]
        #expect(sector.lines.map(\.symbol) == ["LEV"])
        #expect(abs(sector.pnl - -750) < 1e-9)
        let rates = results[2]
        #expect(rates.lines.map(\.symbol) == ["TLT"])
        #expect(abs(rates.pnl - 1_000 * -16.5 * 0.01) < 1e-9)
        #expect(abs(rates.pnlPct! - rates.pnl / 10_000) < 1e-15)
    }

    @Test func betaFallsBackToOneOnShortHistory() {
        let d = [day.adding(days: -1), day]
        let results = StressTest.run([.market(name: "m", shock: -0.1)], holdings: [row("X", "", 1, 100)], nav: 100, day: day,
                                     prices: ["X": DatedSeries(days: d, values: [1, 2])], benchmark: DatedSeries(days: d, values: [1, 1.1]))
        #expect(results[0].lines[0].sensitivity == 1)
        #expect(results[0].lines[0].basis.contains("beta 1 assumed"))
    }

    /// A short put counts as its delta-equivalent long position in the underlying, under the
    /// underlying's name; the market scenario reprices it at the shocked spot.
    @Test func optionsCountThroughTheirUnderlying() {
        let spot = 500.0, strike = 490.0, expiry = day.adding(days: 7)
        let years = 7.0 / 365, rate = log(1.05)
        let mark = BlackScholes.price(.put, spot: spot, strike: strike, years: years, rate: rate, volatility: 0.2)
        let o = OptionView(underlying: "SPY", spot: spot, strike: strike, right: .put, mark: mark, day: day, expiry: expiry, annualRate: 0.05)
        #expect(o.impliedVolatility.map { abs($0 - 0.2) < 1e-6 } == true)
        let delta = BlackScholes.delta(.put, spot: spot, strike: strike, years: years, rate: rate, volatility: 0.2)
        #expect(abs(o.delta - delta) < 1e-6)
        // Short one contract (100 units): long exposure -100 x delta x 500.
        let put = HoldingRow(account: "A", strategy: "s", symbol: "SPYP490", sector: "", quantity: -100, close: mark,
                             marketValue: -100 * mark, option: o)
        let snap = RiskSnapshot(day: day, nav: 100_000, holdings: [row("SPY", "Broad", 100, spot), put], limits: RiskLimits())
        #expect(snap.bySymbol.map(\.name) == ["SPY"])
        #expect(abs(snap.bySymbol[0].exposure - (50_000 - 100 * delta * spot)) < 1e-6)
        #expect(abs(snap.long - (50_000 - 100 * delta * spot)) < 1e-6)
        let d = [day.adding(days: -1), day]
        let results = StressTest.run([.market(name: "m", shock: -0.1)], holdings: [put], nav: 100_000, day: day,
                                     prices: [:], benchmark: DatedSeries(days: d, values: [1, 1]))
        // Beta 1 (no history): SPY to 450; the put is repriced there at the same volatility.
        let repriced = BlackScholes.price(.put, spot: 450, strike: strike, years: years, rate: rate, volatility: o.impliedVolatility!)
        #expect(abs(results[0].pnl - -100 * (repriced - mark)) < 1e-6)
        #expect(results[0].pnl < -100 * 30, "a 10% fall puts the 490 put 40 in the money")
    }
}
