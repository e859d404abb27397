import Foundation
import PropertyBased
import Testing
import TearsheetMetrics
@testable import TearsheetAttribution
import TearsheetCore

/// An account's daily NAV and time-weighted returns built the way valuation builds them with flows
/// at the start of the day: `NAV_t = (NAV_{t-1} + F_t)(1 + r_t)`, `r_t` the day's return.
private func account(days: [Day], returns: [Day: Double] = [:], flows: [Day: Double]) -> BookReturns {
    var nav: [Double] = [], fl: [Double] = [], r: [Double] = []
    var prev = 0.0
    for d in days {
        let f = flows[d] ?? 0
        let base = prev + f
        let x = base > 0 ? (returns[d] ?? 0) : 0
        prev = base * (1 + x)
        nav.append(prev); fl.append(f); r.append(x)
    }
    return BookReturns(days: days, nav: nav, flows: fl, portfolio: r, sleeves: [], weights: [], sleeveReturns: [],
                       contributions: [], sleeveNAV: [])
}

private func benchmark(_ name: String, days: [Day], returns: [Day: Double]) -> NamedReturns {
    NamedReturns(name, DatedSeries(days: days, values: days.map { returns[$0] ?? 0 }))
}

private func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol
}

@Suite struct CompositeTests {
    /// 2023-12-27 .. 2024-02-29: funded in December, two full months.
    static let days = weekdays(from: day("2023-12-27"), count: 47)

    /// The three-account example of docs/composites.md, by hand.
    ///
    /// Funded on 2023-12-27 (December: no beginning value, so no member). January:
    ///   A: BMV 100, one day of +2%            -> R_A = 0.02,  end 102
    ///   B: BMV 300, deposit 100 on 2024-01-16 (start of day, a 0% day), then one day of -1%
    ///                                          -> R_B = -0.01, end 400 x 0.99 = 396
    ///   C: BMV 600, one day of +4%            -> R_C = 0.04,  end 624
    ///   weights 100/1000, 300/1000, 600/1000 = 0.1, 0.3, 0.6 (the deposit does not move them)
    ///   R_comp = 0.1(0.02) + 0.3(-0.01) + 0.6(0.04) = 0.002 - 0.003 + 0.024 = 0.023
    ///   EW     = (0.02 - 0.01 + 0.04) / 3 = 0.05 / 3 = 0.016666...
    ///   dispersion^2 = 0.1(0.02-0.023)^2 + 0.3(-0.01-0.023)^2 + 0.6(0.04-0.023)^2
    ///                = 0.1(9e-6) + 0.3(1.089e-3) + 0.6(2.89e-4) = 9e-7 + 3.267e-4 + 1.734e-4 = 5.01e-4
    ///   EW st. dev. (n): deviations 0.0033.., -0.0266.., 0.0233..; squares sum 1.2666..e-3; / 3 = 4.2222..e-4
    ///   assets at the end: 102 + 396 + 624 = 1122; high 0.04, low -0.01.
    /// February: A +1%, B 0%, C -2%; BMVs 102, 396, 624 (total 1122)
    ///   R_comp = (102(0.01) + 396(0) + 624(-0.02)) / 1122 = (1.02 - 12.48) / 1122 = -11.46 / 1122
    /// 2024 (Jan-Feb): (1.023)(1 - 11.46/1122) - 1.
    /// SPY: +1% on 2024-01-10, -0.5% on 2024-02-07: 2024 = 1.01 x 0.995 - 1 = 0.00495.
    static func threeAccounts(options: CompositeOptions = CompositeOptions()) -> CompositeResult {
        let start = day("2023-12-27")
        let a = account(days: days, returns: [day("2024-01-09"): 0.02, day("2024-02-06"): 0.01], flows: [start: 100])
        let b = account(days: days, returns: [day("2024-01-22"): -0.01], flows: [start: 300, day("2024-01-16"): 100])
        let c = account(days: days, returns: [day("2024-01-12"): 0.04, day("2024-02-20"): -0.02], flows: [start: 600])
        let spy = benchmark("SPY", days: days, returns: [day("2024-01-10"): 0.01, day("2024-02-07"): -0.005])
        return Composite.compute(name: "Three", accounts: ["A", "B", "C"], series: [a, b, c], benchmarks: [spy], options: options)
    }

    @Test func threeAccountExampleByHand() throws {
        let r = Self.threeAccounts()
        #expect(r.months.map(\.month.description) == ["2023-12", "2024-01", "2024-02"])
        let dec = r.months[0]
        #expect(dec.members.isEmpty)
        #expect(dec.assetWeighted.value == nil && dec.assetWeighted.reason != nil)

        let jan = r.months[1]
        #expect(jan.members.map(\.account) == ["A", "B", "C"])
        #expect(jan.members.map(\.beginValue) == [100, 300, 600])
        for (m, w) in zip(jan.members, [0.1, 0.3, 0.6]) { #expect(close(m.weight, w, 1e-15)) }
        for (m, x) in zip(jan.members, [0.02, -0.01, 0.04]) { #expect(close(m.monthReturn, x, 1e-15)) }
        #expect(close(jan.assetWeighted.value, 0.023))
        #expect(close(jan.equalWeighted.value, 0.05 / 3))
        #expect(close(jan.dispersion.value, 5.01e-4.squareRoot()))
        #expect(close(jan.equalWeightedDispersion.value, (1.2666666666666667e-3 / 3).squareRoot()))
        #expect(close(jan.assets, 1122, 1e-9))
        #expect(close(jan.high, 0.04, 1e-15) && close(jan.low, -0.01, 1e-15))
        #expect(close(jan.benchmarkReturns[0], 0.01))

        let feb = r.months[2]
        #expect(feb.members.map(\.beginValue).map { ($0 * 1e6).rounded() / 1e6 } == [102, 396, 624])
        #expect(close(feb.assetWeighted.value, -11.46 / 1122))
        #expect(close(feb.benchmarkReturns[0], -0.005))

        let y = try #require(r.years.first)
        #expect(r.years.count == 1 && y.year == 2024 && y.months == 2 && !y.complete)
        #expect(close(y.compositeReturn.value, 1.023 * (1 - 11.46 / 1122) - 1))
        #expect(close(y.benchmarkReturns[0], 0.00495))
        #expect(y.accountsAtEnd == 3 && y.fullYearAccounts == ["A", "B", "C"])
        // Three full-year accounts, fewer than GIPS's six: not meaningful.
        #expect(y.dispersion.value == nil)
        #expect(y.dispersion.reason?.contains("not meaningful") == true)
        #expect(y.exPostStdDev.value == nil && y.exPostStdDev.reason?.contains("36") == true)
    }

    /// Annual dispersion with the minimum lowered to 2.
    /// Annual returns: A 1.02 x 1.01 - 1 = 0.0302, B -0.01, C 1.04 x 0.98 - 1 = 0.0192;
    /// weights (January BMV) 0.1, 0.3, 0.6; mean 0.00302 - 0.003 + 0.01152 = 0.01154;
    /// variance 0.1(0.01866)^2 + 0.3(-0.02154)^2 + 0.6(0.00766)^2
    ///        = 3.481956e-5 + 1.3919148e-4 + 3.520536e-5 = 2.092164e-4.
    @Test func annualDispersionByHand() throws {
        let y = try #require(Self.threeAccounts(options: CompositeOptions(minAccountsForDispersion: 2)).years.first)
        #expect(close(y.dispersion.value, 2.092164e-4.squareRoot()))
        #expect(close(y.high, 0.0302) && close(y.low, -0.01))
        let mean = (0.0302 - 0.01 + 0.0192) / 3
        let ew = ([0.0302, -0.01, 0.0192].map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
        #expect(close(y.equalWeightedDispersion.value, ew))
    }

    @Test func anAccountJoiningMidMonthWaitsForTheNextFullMonth() {
        let d = weekdays(from: day("2024-01-02"), count: 62)   // January to March 2024
        let a = account(days: d, returns: [day("2024-02-05"): 0.03], flows: [d[0]: 1000])
        let late = account(days: d, returns: [day("2024-01-25"): 0.5, day("2024-02-06"): 0.01], flows: [day("2024-01-16"): 500])
        let r = Composite.compute(name: "c", accounts: ["A", "LATE"], series: [a, late], benchmarks: [])
        #expect(r.months.map { $0.members.map(\.account) } == [[], ["A", "LATE"], ["A", "LATE"]])
        // LATE's +50% in January is not in the composite; February weights are 1000 : 750.
        let feb = r.months[1]
        #expect(close(feb.members[1].beginValue, 750, 1e-9))
        #expect(close(feb.assetWeighted.value, (1000 * 0.03 + 750 * 0.01) / 1750))
    }

    @Test func aClosingAccountLeavesAfterItsLastFullMonth() {
        let d = weekdays(from: day("2023-12-27"), count: 47)   // to 2024-02-29
        let a = account(days: d, returns: [day("2024-02-05"): 0.03], flows: [d[0]: 1000])
        // Withdraws everything on 2024-02-15 (start of day): no capital from then on.
        let gone = account(days: d, returns: [day("2024-01-10"): 0.1], flows: [d[0]: 1000, day("2024-02-15"): -1100])
        let r = Composite.compute(name: "c", accounts: ["A", "GONE"], series: [a, gone], benchmarks: [])
        #expect(r.months.map { $0.members.map(\.account) } == [[], ["A", "GONE"], ["A"]])
        #expect(close(r.months[1].assetWeighted.value, 0.05))
        #expect(close(r.years[0].compositeReturn.value, 1.05 * 1.03 - 1))
        // GONE was not in the composite in February: only A is a full-year account.
        #expect(r.years[0].fullYearAccounts == ["A"])
    }

    @Test func aSingleAccountMonthHasNoDispersion() {
        let d = weekdays(from: day("2023-12-27"), count: 26)
        let a = account(days: d, returns: [day("2024-01-05"): 0.02], flows: [d[0]: 1000])
        let r = Composite.compute(name: "c", accounts: ["A"], series: [a], benchmarks: [])
        let jan = r.months[1]
        #expect(close(jan.assetWeighted.value, 0.02) && close(jan.equalWeighted.value, 0.02))
        #expect(jan.dispersion.value == nil)
        #expect(jan.dispersion.reason?.contains("one account") == true)
        #expect(jan.equalWeightedDispersion.value == nil)
    }

    @Test func aMonthCutByThePeriodEndIsNotReported() {
        let d = weekdays(from: day("2023-12-27"), count: 30)   // ends 2024-02-06
        let cal = weekdays(from: day("2023-12-27"), count: 47)  // the benchmark trades to 2024-02-29
        let a = account(days: d, returns: [:], flows: [d[0]: 1000])
        let spy = benchmark("SPY", days: cal, returns: [:])
        let r = Composite.compute(name: "c", accounts: ["A"], series: [a], benchmarks: [spy])
        #expect(!r.months[2].complete && r.months[2].members.isEmpty)
        #expect(r.months[2].assetWeighted.reason?.contains("partial month") == true)
        #expect(r.months[1].complete && r.months[1].members.count == 1)
    }

    /// 42 months of random daily returns for two accounts with flows; the 3-year figure checked
    /// against monthly returns and a standard deviation computed here, loop by loop.
    @Test func threeYearStandardDeviationMatchesAnIndependentComputation() throws {
        var g = SplitMix(seed: 36)
        let d = weekdays(from: day("2020-12-01"), count: 930)   // to mid-2024
        var ra: [Day: Double] = [:], rb: [Day: Double] = [:], rs: [Day: Double] = [:], flowsB: [Day: Double] = [d[0]: 2000]
        for x in d.dropFirst() {
            ra[x] = Double.random(in: -0.02...0.021, using: &g)
            rb[x] = Double.random(in: -0.015...0.016, using: &g)
            rs[x] = Double.random(in: -0.01...0.011, using: &g)
            if Double.random(in: 0...1, using: &g) < 0.02 { flowsB[x] = Double.random(in: -200...300, using: &g) }
        }
        let a = account(days: d, returns: ra, flows: [d[0]: 1000]), b = account(days: d, returns: rb, flows: flowsB)
        let spy = benchmark("SPY", days: d, returns: rs)
        let r = Composite.compute(name: "c", accounts: ["A", "B"], series: [a, b], benchmarks: [spy])

        // Independent: month boundaries, BMV = NAV at the previous month's last day, chain-linked returns.
        var monthly: [(key: Int, comp: Double, spy: Double)] = []
        var i = 0
        while i < d.count {
            let key = d[i].year * 12 + d[i].month
            var j = i
            while j + 1 < d.count && d[j + 1].year * 12 + d[j + 1].month == key { j += 1 }
            if i > 0 {
                var ga = 1.0, gb = 1.0, gs = 1.0
                for t in i...j { ga *= 1 + a.portfolio[t]; gb *= 1 + b.portfolio[t]; gs *= 1 + (rs[d[t]] ?? 0) }
                let wa = a.nav[i - 1] / (a.nav[i - 1] + b.nav[i - 1])
                monthly.append((key, wa * (ga - 1) + (1 - wa) * (gb - 1), gs - 1))
            }
            i = j + 1
        }
        func annualisedPopulationSD(_ xs: [Double]) -> Double {
            var mean = 0.0
            for x in xs { mean += x }
            mean /= Double(xs.count)
            var ss = 0.0
            for x in xs { ss += (x - mean) * (x - mean) }
            return (ss / Double(xs.count)).squareRoot() * 12.0.squareRoot()
        }
        #expect(r.years.map(\.year) == [2020, 2021, 2022, 2023, 2024] || r.years.map(\.year) == [2021, 2022, 2023, 2024])
        for y in r.years {
            let last = monthly.lastIndex { ($0.key - 1) / 12 == y.year }!
            if last < 35 {
                #expect(y.exPostStdDev.value == nil, "\(y.year)")
                #expect(y.benchmarkExPostStdDev[0].value == nil)
                continue
            }
            let window = monthly[(last - 35)...last]
            #expect(close(y.exPostStdDev.value, annualisedPopulationSD(window.map(\.comp))), "\(y.year)")
            #expect(close(y.benchmarkExPostStdDev[0].value, annualisedPopulationSD(window.map(\.spy))), "\(y.year)")
        }
        #expect(r.years.first { $0.year == 2023 }?.exPostStdDev.value != nil)
        #expect(r.years.first { $0.year == 2022 }?.exPostStdDev.value == nil)
        // The sample form is the population form times sqrt(36 / 35).
        let sample = Composite.compute(name: "c", accounts: ["A", "B"], series: [a, b], benchmarks: [spy],
                                       options: CompositeOptions(denominator: .sample))
        let pop = try #require(r.years.first { $0.year == 2023 }?.exPostStdDev.value)
        #expect(close(sample.years.first { $0.year == 2023 }?.exPostStdDev.value, pop * (36.0 / 35.0).squareRoot()))
    }
}

/// Identities over random composites.
@Suite struct CompositePropertyTests {
    /// `k` accounts over about five months with random returns, random flows and random inception days.
    static func randomAccounts(seed: Int, k: Int) -> (days: [Day], books: [BookReturns]) {
        var g = SplitMix(seed: seed)
        let d = weekdays(from: day("2023-11-01"), count: 110)
        let books = (0..<k).map { _ -> BookReturns in
            let start = Int.random(in: 0..<40, using: &g)
            var returns: [Day: Double] = [:], flows: [Day: Double] = [d[start]: Double.random(in: 100...10_000, using: &g)]
            for t in d.indices {
                returns[d[t]] = Double.random(in: -0.03...0.03, using: &g)
                if t > start && Double.random(in: 0...1, using: &g) < 0.03 { flows[d[t]] = Double.random(in: -50...500, using: &g) }
            }
            return account(days: d, returns: returns, flows: flows)
        }
        return (d, books)
    }

    @Test func compositeReturnLiesBetweenTheLowestAndHighestAccount() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...7)) { seed, k in
            let (_, books) = Self.randomAccounts(seed: seed, k: k)
            let r = Composite.compute(name: "p", accounts: (0..<k).map { "A\($0)" }, series: books, benchmarks: [])
            for m in r.months {
                guard let aw = m.assetWeighted.value, let lo = m.low, let hi = m.high, let ew = m.equalWeighted.value else {
                    #expect(m.members.isEmpty); continue
                }
                #expect(lo - 1e-15 <= aw && aw <= hi + 1e-15)
                #expect(lo - 1e-15 <= ew && ew <= hi + 1e-15)
                #expect(abs(Stats.sum(m.members.map(\.weight)) - 1) < 1e-12)
                if let disp = m.dispersion.value { #expect(disp <= (hi - lo) / 2 + 1e-15) }
            }
        }
    }

    /// Without flows after funding, the asset-weighted return is the members' dollar gain over
    /// their beginning value: sum_i w_i R_i = (sum EMV - sum BMV) / sum BMV.
    @Test func withoutFlowsTheCompositeReturnIsTheDollarGainOverBeginningValue() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...7)) { seed, k in
            var g = SplitMix(seed: seed)
            let d = weekdays(from: day("2023-11-01"), count: 110)
            let books = (0..<k).map { _ -> BookReturns in
                let start = Int.random(in: 0..<60, using: &g)
                var returns: [Day: Double] = [:]
                for x in d { returns[x] = Double.random(in: -0.03...0.03, using: &g) }
                return account(days: d, returns: returns, flows: [d[start]: Double.random(in: 100...10_000, using: &g)])
            }
            let r = Composite.compute(name: "p", accounts: (0..<k).map { "A\($0)" }, series: books, benchmarks: [])
            for m in r.months where !m.members.isEmpty {
                let begin = m.members.reduce(0) { $0 + $1.beginValue }, end = m.members.reduce(0) { $0 + $1.endValue }
                #expect(close(m.assetWeighted.value, (end - begin) / begin, 1e-13))
                #expect(abs(end - m.assets) <= 1e-9 * end)
            }
        }
    }

    /// Books that pay out each day's gain at the close (end-of-day flow): NAV stays at its
    /// deposit, so equal deposits mean equal BMVs and the asset-weighted return is the equal-weighted one.
    @Test func equalBeginningValuesMakeAssetAndEqualWeightsAgree() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...6)) { seed, k in
            var g = SplitMix(seed: seed)
            let d = weekdays(from: day("2023-12-01"), count: 80)
            let books = (0..<k).map { _ -> BookReturns in
                let r = d.map { _ in Double.random(in: -0.03...0.03, using: &g) }
                return BookReturns(days: d, nav: d.map { _ in 5000 }, flows: r.map { -5000 * $0 }, portfolio: r, sleeves: [],
                                   weights: [], sleeveReturns: [], contributions: [], sleeveNAV: [])
            }
            let res = Composite.compute(name: "p", accounts: (0..<k).map { "A\($0)" }, series: books, benchmarks: [])
            for m in res.months where !m.members.isEmpty {
                #expect(close(m.assetWeighted.value, m.equalWeighted.value ?? .nan, 1e-14))
                #expect(close(m.dispersion.value, m.equalWeightedDispersion.value ?? .nan, 1e-14))
            }
        }
    }

    @Test func scalingEveryAccountLeavesReturnsAlone() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...6), Gen.double(in: 0.001...1000)) { seed, k, c in
            let (_, books) = Self.randomAccounts(seed: seed, k: k)
            let scaled = books.map { b in
                BookReturns(days: b.days, nav: b.nav.map { $0 * c }, flows: b.flows.map { $0 * c }, portfolio: b.portfolio, sleeves: [],
                            weights: [], sleeveReturns: [], contributions: [], sleeveNAV: [])
            }
            let names = (0..<k).map { "A\($0)" }
            let x = Composite.compute(name: "p", accounts: names, series: books, benchmarks: [])
            let y = Composite.compute(name: "p", accounts: names, series: scaled, benchmarks: [])
            #expect(x.months.map { $0.members.map(\.account) } == y.months.map { $0.members.map(\.account) })
            for (m, n) in zip(x.months, y.months) {
                #expect(m.assetWeighted.value == nil || close(n.assetWeighted.value, m.assetWeighted.value!, 1e-14))
                #expect(m.dispersion.value == nil || close(n.dispersion.value, m.dispersion.value!, 1e-14))
                #expect(abs(n.assets - c * m.assets) <= 1e-9 * max(1, c * m.assets))
            }
            for (u, v) in zip(x.years, y.years) {
                #expect(close(v.compositeReturn.value, u.compositeReturn.value ?? .nan, 1e-13))
            }
        }
    }
}
