import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

/// `[[composites]]` in tearsheet.toml: reading every key and locating every mistake.
@Suite struct CompositeConfigTests {
    func load(_ toml: String) throws -> (BookConfig?, Findings) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("composites-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "trade_id,timestamp,account,strategy,symbol,side,quantity,price\n".write(to: dir.appendingPathComponent("trades.csv"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("tearsheet.toml").path
        try ("name = \"b\"\n[inputs]\ntrades = \"trades.csv\"\n" + toml).write(toFile: path, atomically: true, encoding: .utf8)
        return BookConfig.load(path: path)
    }

    @Test func noCompositesByDefault() throws {
        let (c, f) = try load("")
        #expect(!f.hasErrors)
        #expect(c?.composites == [])
    }

    @Test func readsEveryKey() throws {
        let (c, f) = try load("""

            [[composites]]
            name = "Balanced"
            accounts = ["A-1", "B-2"]
            min_accounts_dispersion = 3
            benchmarks = ["QQQ"]

            [[composites]]
            name = "Everything"
            accounts = "all"
            benchmark = "SPY"
            """)
        #expect(!f.hasErrors, "\(f.items)")
        let cs = try #require(c?.composites)
        #expect(cs.count == 2)
        #expect(cs[0] == BookConfig.CompositeDefinition(name: "Balanced", accounts: .named(["A-1", "B-2"]), minAccountsForDispersion: 3,
                                                        benchmarks: ["QQQ"], accountsLine: 7))
        #expect(cs[1].accounts == .all && cs[1].minAccountsForDispersion == 6 && cs[1].benchmarks == ["SPY"])
        #expect(cs[1].accountsLine == 13)
    }

    @Test func mistakesAreLocatedFindings() throws {
        let (c, f) = try load("""
            [[composites]]
            name = "X"
            accounts = []
            min_accounts_dispersion = 1
            benchmarks = ["IWM"]
            colour = "red"

            [[composites]]
            name = "X"
            """)
        #expect(c == nil)
        let byCode = f.errors.map { "\($0.line) \($0.code) \($0.message)" }
        #expect(byCode.contains { $0.hasPrefix("6 config-bad-value key 'composites[1].accounts'") }, "\(byCode)")
        #expect(byCode.contains { $0.hasPrefix("7 config-bad-value key 'composites[1].min_accounts_dispersion'") })
        #expect(byCode.contains { $0.hasPrefix("8 config-bad-value key 'composites[1].benchmarks': \"IWM\" is not one of the book's benchmarks") })
        #expect(byCode.contains { $0.hasPrefix("9 config-unknown-key key 'composites[1].colour'") })
        #expect(byCode.contains { $0.hasPrefix("12 config-bad-value key 'composites[2].name': composite \"X\" is defined twice") })
        #expect(byCode.contains { $0.hasPrefix("11 config-missing-key key 'composites[2].accounts'") })
    }

    @Test func accountsTheBookDoesNotHoldAreLocatedErrors() throws {
        let (c, f) = try load("\n[[composites]]\nname = \"Some\"\naccounts = [\"A-1\", \"B-3\", \"C-9\"]\n\n[[composites]]\nname = \"All\"\naccounts = \"all\"\n")
        #expect(!f.hasErrors)
        let config = try #require(c)
        let found = config.compositeAccountFindings(accounts: ["A-1", "B-2", "C-3"])
        #expect(found.map(\.line) == [7, 7])
        #expect(found.allSatisfy { $0.code == "config-unknown-account" && $0.severity == .error && $0.file == config.file })
        #expect(found[0].message == "key 'composites[1].accounts': composite \"Some\" names account 'B-3', which the book does not hold; the book's accounts are A-1, B-2, C-3")
        #expect(found[1].message.contains("'C-9'"))
        #expect(config.compositeAccountFindings(accounts: ["A-1", "B-3", "C-9"]).isEmpty)
    }

    @Test func aTableInsteadOfAnArrayIsATypeError() throws {
        let (_, f) = try load("[composites]\nname = \"X\"\n")
        #expect(f.errors.contains { $0.code == "config-bad-type" && $0.message.contains("[[composites]]") })
    }
}
