import Foundation
import TOMLKit
import TearsheetCore

extension BookConfig {
    /// A GIPS-style composite of accounts: one `[[composites]]` table of `tearsheet.toml`.
    ///
    /// ```toml
    /// [[composites]]
    /// name = "Balanced mandates"
    /// accounts = ["PENSION-001", "FOUNDATION-002"]   # or accounts = "all"
    /// min_accounts_dispersion = 6                    # optional, GIPS default
    /// benchmarks = ["SPY"]                           # optional, default: the book's benchmarks
    /// ```
    public struct CompositeDefinition: Sendable, Equatable {
        /// Which accounts the composite may hold.
        public enum Accounts: Sendable, Equatable {
            /// Every account of the book.
            case all
            /// The named accounts, in config order.
            case named([String])
        }

        public var name: String
        public var accounts: Accounts
        /// Fewest full-year accounts for the annual internal dispersion to be shown.
        public var minAccountsForDispersion: Int
        /// Benchmarks shown beside the composite; `nil` = every benchmark of the book.
        public var benchmarks: [String]?
        /// 1-based line of the table's `accounts` key (of its `[[composites]]` header when the key is
        /// missing), so that an account the ledger does not know is reported where it is written.
        public var accountsLine: Int

        public init(name: String, accounts: Accounts, minAccountsForDispersion: Int = 6, benchmarks: [String]? = nil,
                    accountsLine: Int = 0) {
            self.name = name
            self.accounts = accounts
            self.minAccountsForDispersion = minAccountsForDispersion
            self.benchmarks = benchmarks
            self.accountsLine = accountsLine
        }
    }
}

extension BookConfig {
    /// One located error (`config-unknown-account`, on the line of the composite's `accounts` key)
    /// per account a `[[composites]]` table names that the book does not hold; the config alone
    /// cannot know the accounts, so the book run and `tearsheet validate` call this after ingestion.
    public func compositeAccountFindings(accounts: [String]) -> [Finding] {
        let known = Set(accounts)
        var out: [Finding] = []
        for (k, def) in composites.enumerated() {
            guard case .named(let names) = def.accounts else { continue }
            for n in names where !known.contains(n) {
                out.append(Finding(file: file, line: def.accountsLine, column: 1, severity: .error, code: "config-unknown-account",
                                   message: "key 'composites[\(k + 1)].accounts': composite \"\(def.name)\" names account '\(n)', which the book does not hold; the book's accounts are \(accounts.joined(separator: ", "))"))
            }
        }
        return out
    }
}

extension ConfigLoader {
    /// Reads the `[[composites]]` array of tables into `c.composites`; every problem is a located
    /// `config-*` finding. Account names are checked against the ledger later, by the book run.
    mutating func composites(_ root: TOMLTable, into c: inout BookConfig) {
        guard let v = root["composites"] else { return }
        guard let array = v.array else {
            compositeError(0, nil, "composites", "config-bad-type", "expected an array of tables: write each composite as [[composites]]")
            return
        }
        var names = Set<String>()
        for (k, item) in array.enumerated() {
            let path = "composites[\(k + 1)]"
            guard let t = item.table else {
                compositeError(k, nil, path, "config-bad-type", "expected a table with name and accounts")
                continue
            }
            for key in t.keys.sorted() where !["name", "accounts", "min_accounts_dispersion", "benchmarks", "benchmark"].contains(key) {
                compositeError(k, key, path + "." + key, "config-unknown-key",
                               "unknown key; expected one of name, accounts, min_accounts_dispersion, benchmarks")
            }
            var name = ""
            if let n = t["name"]?.string, !n.trimmingCharacters(in: .whitespaces).isEmpty {
                name = n
                if !names.insert(n).inserted { compositeError(k, "name", path + ".name", "config-bad-value", "composite \"\(n)\" is defined twice") }
            } else {
                compositeError(k, t["name"] == nil ? nil : "name", path + ".name", t["name"] == nil ? "config-missing-key" : "config-bad-type",
                               "expected the composite's name, e.g. name = \"Balanced mandates\"")
            }
            var accounts = BookConfig.CompositeDefinition.Accounts.all
            if let a = t["accounts"] {
                if let s = a.string, s == "all" {
                    accounts = .all
                } else if let arr = a.array, !arr.isEmpty, arr.allSatisfy({ $0.string.map { !$0.isEmpty } ?? false }) {
                    let list = arr.compactMap(\.string)
                    if Set(list).count != list.count { compositeError(k, "accounts", path + ".accounts", "config-bad-value", "an account is listed twice") }
                    accounts = .named(list)
                } else {
                    compositeError(k, "accounts", path + ".accounts", "config-bad-value",
                                   "expected \"all\" or a non-empty array of account names, e.g. [\"A-001\", \"B-002\"]")
                }
            } else {
                compositeError(k, nil, path + ".accounts", "config-missing-key", "missing; expected accounts = \"all\" or an array of account names")
            }
            var minAccounts = 6
            if let m = t["min_accounts_dispersion"] {
                if let i = m.int, i >= 2 { minAccounts = i } else {
                    compositeError(k, "min_accounts_dispersion", path + ".min_accounts_dispersion", "config-bad-value",
                                   "expected an integer of at least 2 (GIPS: 6)")
                }
            }
            var benchmarks: [String]?
            if t["benchmarks"] != nil && t["benchmark"] != nil {
                compositeError(k, "benchmark", path + ".benchmark", "config-bad-value", "give benchmarks or benchmark, not both")
            }
            for key in ["benchmarks", "benchmark"] {
                guard let b = t[key] else { continue }
                let list = b.string.map { [$0] } ?? b.array.flatMap { arr in arr.allSatisfy { $0.string != nil } ? arr.compactMap(\.string) : nil }
                guard let list, !list.isEmpty else {
                    compositeError(k, key, path + "." + key, "config-bad-type", "expected benchmark symbols, e.g. [\"SPY\"]")
                    continue
                }
                for s in list where !c.benchmarks.contains(s) {
                    compositeError(k, key, path + "." + key, "config-bad-value",
                                   "\"\(s)\" is not one of the book's benchmarks (\(c.benchmarks.joined(separator: ", ")))")
                }
                benchmarks = list
            }
            c.composites.append(BookConfig.CompositeDefinition(
                name: name, accounts: accounts, minAccountsForDispersion: minAccounts, benchmarks: benchmarks,
                accountsLine: compositeLine(k, "accounts") ?? compositeLine(k, nil) ?? 0))
        }
    }

    /// 1-based line of `key` in the `index`-th `[[composites]]` table, or of its header when `key`
    /// is `nil`; `nil` when not found (e.g. an inline array of tables).
    func compositeLine(_ index: Int, _ key: String?) -> Int? {
        var seen = -1
        for (i, l) in lines.enumerated() {
            let t = l.drop(while: { $0 == " " || $0 == "\t" })
            if t.hasPrefix("[") {
                let header = t.filter { $0 != " " && $0 != "\t" }
                if header.hasPrefix("[[composites]]") {
                    seen += 1
                    if seen == index && key == nil { return i + 1 }
                } else if seen == index {
                    return nil
                }
                continue
            }
            if seen == index, let key, t.hasPrefix(key) {
                let rest = t.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("=") { return i + 1 }
            }
        }
        return nil
    }

    mutating func compositeError(_ index: Int, _ key: String?, _ keyPath: String, _ code: String, _ message: String) {
        let line = compositeLine(index, key) ?? compositeLine(index, nil) ?? line(of: "composites")
        findings.append(Finding(file: path, line: line, column: 1, severity: .error, code: code, message: "key '\(keyPath)': \(message)"))
    }
}
