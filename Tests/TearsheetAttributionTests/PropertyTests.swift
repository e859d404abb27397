import Testing
import PropertyBased
@testable import TearsheetAttribution
import TearsheetCore

/// Identities over random books (sleeves that start late or pause, drifting weights, two benchmarks).
@Suite struct PropertyTests {
    @Test func contributionsAndLogSharesAddUp() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...6), Gen.int(in: 2...400)) { seed, S, n in
            let (book, benches) = randomBook(seed: seed, sleeves: S, days: n)
            for method in LinkingMethod.allCases {
                var config = AttributionConfig()
                config.linking = method
                config.trendWindow = 20
                guard let res = try? Attribution.run(book: book, benchmarks: benches, config: config,
                                                     regimeLabels: [(book.days[n / 2], "half")],
                                                     weekLabels: [(book.days[0], "first")]) else {
                    Issue.record("attribution failed"); return
                }
                let R = Stats.compound(book.portfolio)
                #expect(abs(res.totalReturn - R) < 1e-15)
                #expect(abs(Stats.sum(res.strategy.sleeves.map(\.contribution)) - R) < 1e-12)
                #expect(abs(res.residual) < 1e-12)
                for a in res.active {
                    #expect(abs(Stats.sum(a.activeContributions) - a.activeReturn) < 1e-12)
                }
                let logR = ReturnStatistics.logReturn([R])!
                for c in res.regimes + res.weekTypes where c.isPartition {
                    #expect(abs(Stats.sum(c.groups.map { $0.logReturn! }) - logR) < 1e-12)
                    #expect(c.groups.reduce(0) { $0 + $1.days } == n)
                    for g in c.groups {
                        #expect(abs(Stats.sum(g.sleeves.map(\.contribution)) - g.totalReturn) < 1e-12)
                        #expect(abs(Stats.sum(g.sleeves.map { $0.logContribution! }) - g.logReturn!) < 1e-12)
                    }
                }
                for f in res.factors { for m in f.models {
                    #expect(abs(m.betaReturn + m.residualReturn - m.totalReturn) < 1e-12)
                } }
            }
        }
    }

    @Test func sleeveOrderDoesNotMatter() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...6)) { seed, S in
            let (book, benches) = randomBook(seed: seed, sleeves: S, days: 120)
            var g = SplitMix(seed: seed &+ 1)
            let perm = Array(0..<S).shuffled(using: &g)
            let shuffled = BookReturns(days: book.days, nav: book.nav, flows: book.flows, portfolio: book.portfolio,
                                       sleeves: perm.map { book.sleeves[$0] }, weights: perm.map { book.weights[$0] },
                                       sleeveReturns: perm.map { book.sleeveReturns[$0] },
                                       contributions: perm.map { book.contributions[$0] }, sleeveNAV: [])
            guard let a = try? Attribution.run(book: book, benchmarks: benches),
                  let b = try? Attribution.run(book: shuffled, benchmarks: benches) else {
                Issue.record("attribution failed"); return
            }
            for (i, p) in perm.enumerated() {
                let x = a.strategy.sleeves[p], y = b.strategy.sleeves[i]
                #expect(x.name == y.name)
                #expect(abs(x.contribution - y.contribution) < 1e-15)
                #expect(abs(a.active[1].activeContributions[p] - b.active[1].activeContributions[i]) < 1e-15)
                for (ca, cb) in zip(a.regimes, b.regimes) {
                    for (ga, gb) in zip(ca.groups, cb.groups) {
                        #expect(abs(ga.sleeves[p].contribution - gb.sleeves[i].contribution) < 1e-15)
                    }
                }
            }
            #expect(a.totalReturn == b.totalReturn)
        }
    }
}
