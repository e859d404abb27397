import Testing
@testable import TearsheetAttribution
import TearsheetCore

/// Three sleeves over two days, by hand.
/// Day 1: w = (0.5, 0.3, 0.2), r = (2%, -1%, 0) -> c = (0.01, -0.003, 0), r_p = 0.007.
/// Day 2: w = (0.4, 0.4, 0.2), r = (-1%, 3%, 0) -> c = (-0.004, 0.012, 0), r_p = 0.008.
/// R = 1.007 x 1.008 - 1 = 0.015056. Carino: k_t = ln(1+r_t)/r_t, k = ln(1+R)/R,
/// C_A = (0.01 k_1 - 0.004 k_2)/k = 0.006025991067013481, C_B = (-0.003 k_1 + 0.012 k_2)/k = 0.009030008932986519.
/// Benchmark b = (0.5%, 1%): B = 0.01505, A = R - B = 6e-6; active daily a_{s,t} = c_{s,t} - w_{s,t} b_t,
/// linked with k_t = (ln(1+r_t) - ln(1+b_t))/(r_t - b_t): (-0.000480499669147, 0.003507497684030, -0.003020998014883).
@Suite struct StrategyAttributionTests {
    let days = [day("2024-03-04"), day("2024-03-05")]
    var book: BookReturns {
        makeBook(days: days, sleeves: ["alpha", "beta", "cash"],
                 weights: [[0.5, 0.4], [0.3, 0.4], [0.2, 0.2]],
                 returns: [[0.02, -0.01], [-0.01, 0.03], [0, 0]],
                 nav: [1007, 1015.056])
    }

    @Test func threeSleevesByHand() throws {
        let res = try Attribution.run(book: book, benchmarks: [makeBenchmark("SPY", days: days, returns: [0.005, 0.01])])
        #expect(abs(res.totalReturn - 0.015056) < 1e-15)
        let c = res.strategy.sleeves.map(\.contribution)
        #expect(abs(c[0] - 0.006025991067013481) < 1e-15)
        #expect(abs(c[1] - 0.009030008932986519) < 1e-15)
        #expect(c[2] == 0)
        #expect(abs(Stats.sum(c) - res.totalReturn) < 1e-15)
        // Own returns and drawdown of sleeve alpha: 1.02 x 0.99 - 1, drawdown -1%.
        #expect(abs(res.strategy.sleeves[0].totalReturn - 0.0098) < 1e-15)
        #expect(abs(res.strategy.sleeves[0].maxDrawdown - -0.01) < 1e-15)
        #expect(abs(res.strategy.sleeves[0].contributionShare! - 0.006025991067013481 / 0.015056) < 1e-12)
        // P&L in currency: day 1 denominator is the first-day flow (0 here) so P&L comes from day 2 only:
        // alpha: -0.004 x 1007, beta: 0.012 x 1007.
        #expect(abs(res.strategy.sleeves[0].pnl! - -4.028) < 1e-9)
        #expect(abs(res.strategy.sleeves[1].pnl! - 12.084) < 1e-9)
        // Active against SPY.
        let a = res.active[0]
        #expect(abs(a.benchmarkReturn - 0.01505) < 1e-12)
        #expect(abs(a.activeReturn - 6e-6) < 1e-12)
        #expect(abs(a.activeContributions[0] - -0.0004804996691472104) < 1e-12)
        #expect(abs(a.activeContributions[1] - 0.003507497684030459) < 1e-12)
        #expect(abs(a.activeContributions[2] - -0.0030209980148832496) < 1e-12)
        #expect(abs(Stats.sum(a.activeContributions) + a.activeResidual - a.activeReturn) < 1e-15)
        // Two days of own returns: the correlation of alpha and beta is -1.
        #expect(abs(res.strategy.correlation[0][1]! - -1) < 1e-12)
        #expect(res.strategy.correlation[2][2] == nil) // cash never moves
    }

    @Test func mencheroGivesTheSameTotal() throws {
        var config = AttributionConfig()
        config.linking = .menchero
        let res = try Attribution.run(book: book, benchmarks: [makeBenchmark("SPY", days: days, returns: [0.005, 0.01])],
                                      config: config)
        #expect(res.linking == .menchero)
        #expect(abs(Stats.sum(res.strategy.sleeves.map(\.contribution)) - 0.015056) < 1e-15)
        #expect(abs(Stats.sum(res.active[0].activeContributions) - res.active[0].activeReturn) < 1e-15)
    }

    @Test func lateSleeveAndZeroNAVDay() throws {
        // Sleeve "late" starts on day 3; sleeve "paused" has zero NAV (weight 0, return 0) on day 2.
        let ds = weekdays(from: day("2024-01-01"), count: 5)
        let w = [[1.0, 1.0, 0.5, 0.5, 0.5], [0, 0, 0.5, 0.5, 0.5], [0, 0, 0, 0, 0]]
        let r = [[0.01, -0.02, 0.03, 0.01, -0.01], [0, 0, 0.02, -0.01, 0.04], [0, 0, 0, 0, 0]]
        let b = makeBook(days: ds, sleeves: ["core", "late", "empty"], weights: w, returns: r)
        let res = try Attribution.run(book: b, benchmarks: [makeBenchmark("SPY", days: ds, returns: [0.01, 0, 0, 0.01, 0])])
        #expect(res.strategy.sleeves[1].activeDays == 3)
        #expect(res.strategy.sleeves[2].activeDays == 0)
        #expect(res.strategy.sleeves[2].volatility == nil)
        #expect(res.strategy.sleeves[2].contribution == 0)
        // Volatility of "late" over its 3 active days only.
        let expected = Stats.stdev([0.02, -0.01, 0.04])! * 252.0.squareRoot()
        #expect(abs(res.strategy.sleeves[1].volatility! - expected) < 1e-14)
        #expect(abs(Stats.sum(res.strategy.sleeves.map(\.contribution)) - res.totalReturn) < 1e-15)
        #expect(res.factors[3].models.isEmpty) // the empty sleeve has no observations
    }

    /// A day with no capital at all (every weight 0, r = 0) while the benchmark moves 1%: the active
    /// return of that day (-1%) cannot be charged to any sleeve and shows up as the linked residual.
    @Test func dayWithoutCapitalGoesToTheActiveResidual() throws {
        let ds = weekdays(from: day("2024-01-01"), count: 3)
        let book = makeBook(days: ds, sleeves: ["a"], weights: [[0, 1, 1]], returns: [[0, 0.02, 0.01]])
        let res = try Attribution.run(book: book, benchmarks: [makeBenchmark("SPY", days: ds, returns: [0.01, 0, 0])])
        let a = res.active[0]
        #expect(abs(a.activeContributions[0] + a.activeResidual - a.activeReturn) < 1e-15)
        #expect(a.activeResidual < -0.009)
        #expect(abs(res.residual) < 1e-17)
    }

    @Test func publicLinkingChecksItsInputs() throws {
        #expect(throws: TearsheetError.self) { try Linking.linked(parts: [[0.1]], portfolio: [0.1, 0.2]) }
        let l = try Linking.linked(parts: [[0.01, 0.02]], portfolio: [0.01, 0.02], method: .menchero)
        #expect(abs(l.parts[0] - (1.01 * 1.02 - 1)) < 1e-15)
    }

    /// issue 18: the correlation covers at most `shownSleeveLimit` sleeves, the largest by
    /// absolute contribution, so memory and time stay linear in the sleeve count.
    @Test func theCorrelationCoversOnlyTheLargestContributors() throws {
        let (book, benchmarks) = randomBook(seed: 7, sleeves: 120, days: 60)
        let res = try Attribution.run(book: book, benchmarks: benchmarks)
        let shown = res.strategy.correlationSleeves
        #expect(shown.count == StrategyAttribution.shownSleeveLimit)
        #expect(shown == shown.sorted())
        #expect(res.strategy.correlation.count == shown.count && res.strategy.correlation.allSatisfy { $0.count == shown.count })
        let magnitudes = res.strategy.sleeves.map { $0.contribution.magnitude }
        let smallestShown = shown.map { magnitudes[$0] }.min()!
        let isShown = Set(shown)
        for i in magnitudes.indices where !isShown.contains(i) { #expect(magnitudes[i] <= smallestShown) }
        // Few sleeves: every one, in book order (as before).
        let few = try Attribution.run(book: self.book, benchmarks: [makeBenchmark("SPY", days: days, returns: [0.005, 0.01])])
        #expect(few.strategy.correlationSleeves == [0, 1, 2])
    }

    @Test func largestContributorsRankByMagnitudeThenIndex() {
        #expect(StrategyAttribution.largestContributors([0.1, -0.5, 0.2, 0.5, .nan], limit: 2) == [1, 3])
        #expect(StrategyAttribution.largestContributors([0.1, 0.1, 0.1], limit: 2) == [0, 1])
        #expect(StrategyAttribution.largestContributors([.nan, 0, 0.3], limit: 2) == [1, 2])
        #expect(StrategyAttribution.largestContributors([1, 2], limit: 5) == [0, 1])
    }
}

/// A sleeve without an own return (`BookReturns.ownReturn` false: funded from the account's cash
/// with no capital base) has no volatility or Sharpe, and says so; its contribution and P&L stay.
@Suite struct SleeveWithoutOwnReturnTests {
    @Test func ownStatisticsAreEmpty() throws {
        let days = [day("2024-03-04"), day("2024-03-05"), day("2024-03-06")]
        var book = makeBook(days: days, sleeves: ["trend", "cash"],
                            weights: [[0, 0.01, -0.02], [1, 0.99, 1.02]],
                            returns: [[0, 0, 0], [0, 0, 0]], nav: [1000, 1010, 990])
        book.contributions = [[0, 0.01, -0.0198019801980198], [0, 0, 0]]
        book.portfolio = [0, 0.01, -0.0198019801980198]
        book.ownReturn = [false, true]
        let res = try Attribution.run(book: book, benchmarks: [makeBenchmark("SPY", days: days, returns: [0, 0.001, 0.002])])
        let trend = res.strategy.sleeves[0]
        #expect(!trend.ownReturn)
        #expect(trend.volatility == nil && trend.sharpe == nil)
        #expect(abs(trend.contribution - (1.01 * (1 - 0.0198019801980198) - 1)) <= 1e-9)
        #expect(res.strategy.sleeves[1].ownReturn)
    }
}
