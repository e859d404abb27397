import Foundation
import TOMLKit
import TearsheetCore
import TearsheetIngest

/// The `[import]` table of an optional import config (`--config FILE`): which strategy (sleeve)
/// the imported rows belong to, since a broker statement names none.
///
/// ```toml
/// [import]
/// default_strategy = "core"          # trades of a symbol no rule names (default "default")
/// [import.strategy_rules]            # by symbol or by an option's underlying
/// AAPL = "wheel"
/// SPY = "index"
/// ```
/// Trades take the rule of their symbol, else of their underlying, else `default_strategy`.
/// Cash rows (dividends, withholding, interest, fees) take the rule of their symbol or
/// underlying, else none: the account's unallocated cash.
public struct ImportConfig: Sendable, Equatable {
    /// The strategy of a trade no rule names.
    public var defaultStrategy: String = "default"
    /// Symbol or underlying -> strategy.
    public var rules: [String: String] = [:]
    /// The file it was read from (`nil` for the defaults).
    public var file: String?

    public init(defaultStrategy: String = "default", rules: [String: String] = [:], file: String? = nil) {
        self.defaultStrategy = defaultStrategy
        self.rules = rules
        self.file = file
    }

    /// The strategy of a row of `symbol` (an option's `underlying`); `nil` when no rule names either.
    public func rule(symbol: String, underlying: String?) -> String? {
        if let s = rules[symbol] { return s }
        if let u = underlying, !u.isEmpty, let s = rules[u] { return s }
        return nil
    }

    /// Reads `[import]` from the TOML file at `path`.
    /// - Throws: `TearsheetError.invalidInput` with each problem located at FILE:LINE:COLUMN.
    public static func read(path: String) throws(TearsheetError) -> ImportConfig {
        let doc: TOMLDocument
        do { doc = try TOMLDocument.read(path: path) } catch {
            throw .invalidInput([Finding(file: path, line: error.line, column: error.column, severity: .error,
                                         code: "config-syntax", message: error.message)])
        }
        let lines = doc.text.split(separator: "\n", omittingEmptySubsequences: false)
        func line(of key: String) -> Int {
            (lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key) }).map { $0 + 1 } ?? 0
        }
        var findings: [Finding] = []
        func bad(_ key: String, _ code: String, _ message: String) {
            findings.append(Finding(file: path, line: line(of: key), column: 1, severity: .error, code: code, message: message))
        }
        var config = ImportConfig(file: path)
        for key in doc.root.keys where key != "import" {
            bad(key, "config-unknown-key", "unknown key '\(key)'; an import config holds only an [import] table")
        }
        guard let t = doc.root["import"]?.table else {
            if doc.root["import"] != nil { bad("import", "config-bad-type", "'import' must be a table [import]") }
            else { bad("", "config-missing-key", "no [import] table; expected [import] with default_strategy and [import.strategy_rules]") }
            throw .invalidInput(findings)
        }
        for key in t.keys where key != "default_strategy" && key != "strategy_rules" {
            bad(key, "config-unknown-key", "unknown key 'import.\(key)'; expected default_strategy or strategy_rules")
        }
        if let v = t["default_strategy"] {
            if let s = v.string, !s.trimmingCharacters(in: .whitespaces).isEmpty, !s.contains(where: \.isNewline) {
                config.defaultStrategy = s
            } else {
                bad("default_strategy", "config-bad-value", "default_strategy must be a non-empty name on one line, e.g. \"core\"")
            }
        }
        if let v = t["strategy_rules"] {
            if let rules = v.table {
                for symbol in rules.keys.sorted() {
                    if let s = rules[symbol]?.string, !s.trimmingCharacters(in: .whitespaces).isEmpty, !s.contains(where: \.isNewline) {
                        config.rules[symbol] = s
                    } else {
                        bad(symbol, "config-bad-value", "import.strategy_rules.\(symbol) must be a strategy name, e.g. \(symbol) = \"wheel\"")
                    }
                }
            } else {
                bad("strategy_rules", "config-bad-type", "strategy_rules must be a table of SYMBOL = \"strategy\"")
            }
        }
        if !findings.isEmpty { throw .invalidInput(findings) }
        return config
    }
}
