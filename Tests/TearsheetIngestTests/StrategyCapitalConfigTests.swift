import Testing
@testable import TearsheetIngest
import TearsheetCore

/// `[strategies.NAME] capital = AMOUNT` or `allocation = FRACTION` (issue 17, item 1).
@Suite struct StrategyCapitalConfigTests {
    func load(_ extra: String) -> (BookConfig?, Findings) {
        let d = Fixtures.tempDir()
        _ = Fixtures.write("x", name: "trades.csv", in: d)
        let p = Fixtures.write("name = \"b\"\n[inputs]\ntrades = \"trades.csv\"\n" + extra, name: "tearsheet.toml", in: d)
        return BookConfig.load(path: p)
    }

    @Test func capitalAndAllocationAreRead() throws {
        let (c, f) = load("[strategies.trend]\ncapital = 1000000\n[strategies.meanrev]\nallocation = 0.25\n")
        #expect(!f.hasErrors, "\(f.lines)")
        let config = try #require(c)
        #expect(config.strategyCapital["trend"] == StrategyCapital(capital: 1_000_000))
        #expect(config.strategyCapital["meanrev"] == StrategyCapital(allocation: 0.25))
    }

    @Test func badValuesAreErrors() {
        let (_, both) = load("[strategies.trend]\ncapital = 1000\nallocation = 0.5\n")
        #expect(both.errors.contains { $0.message.contains("either capital or allocation") })
        let (_, bad) = load("[strategies.trend]\nallocation = 1.5\ncolour = 1\n")
        #expect(bad.errors.contains { $0.code == "config-bad-value" })
        #expect(bad.errors.contains { $0.code == "config-unknown-key" })
    }
}
