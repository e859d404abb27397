import TearsheetCore

/// The columns one kind of input file has: required, optional, and their order in the schema.
public struct Schema: Sendable, Equatable {
    /// Kind of file, for messages (`trades`, `positions`, ...).
    public var name: String
    public var required: [String]
    public var optional: [String]
    /// Columns this file does not read but that change money when ignored (a contract multiplier):
    /// their presence is an error saying where they belong, never an unknown-column warning.
    public var moneyColumns: [String] = []

    public init(name: String, required: [String], optional: [String] = [], moneyColumns: [String] = []) {
        self.name = name
        self.required = required
        self.optional = optional
        self.moneyColumns = moneyColumns
    }

    public static let trades = Schema(
        name: "trades",
        required: ["trade_id", "timestamp", "account", "strategy", "symbol", "side", "quantity", "price"],
        optional: ["fees", "currency", "sector", "asset_class"], moneyColumns: ["multiplier", "contract_size", "ratio"])
    public static let positions = Schema(
        name: "positions",
        required: ["date", "account", "strategy", "symbol", "quantity", "price"],
        optional: ["market_value", "sector"], moneyColumns: ["multiplier", "contract_size", "ratio"])
    public static let cashFlows = Schema(
        name: "cashflows", required: ["date", "account", "amount", "type"], optional: ["strategy", "symbol", "timing", "kind"])
    public static let corporateActions = Schema(
        name: "corporate_actions", required: ["date", "symbol", "type"], optional: ["ratio", "new_symbol", "cash", "note"])
    public static let instruments = Schema(
        name: "instruments", required: ["symbol"],
        optional: ["asset_class", "multiplier", "underlying", "expiry", "strike", "right", "currency", "sector"])
    public static let prices = Schema(name: "prices", required: ["date", "symbol", "close"])
    public static let priceFolderFile = Schema(name: "prices", required: ["date", "close"])
    public static let regimes = Schema(name: "regimes", required: ["date", "regime"])
    public static let weekTypes = Schema(name: "week_types", required: ["week_start", "week_type"])
    public static let returns = Schema(name: "returns", required: ["date", "return"])
    public static let rates = Schema(name: "rates", required: ["date", "rate"])
}

/// Where each schema column sits in a file's header (0-based field index, or -1 when absent).
public struct HeaderMap: Sendable, Equatable {
    public var schema: Schema
    /// Index by column name (lower-case schema name).
    public var index: [String: Int]
    /// Header names as written, trimmed.
    public var names: [String]

    /// 0-based field index of `column`, or -1 when the file does not have it.
    public func callAsFunction(_ column: String) -> Int { index[column] ?? -1 }

    /// Maps `header` onto `schema`: names are trimmed and compared case-insensitively. A missing
    /// required column (`missing-column`) or a repeated one (`duplicate-column`) is an error and the
    /// result is `nil`; an unknown column is a warning (`unknown-column`), never silently dropped.
    public static func map(header: [String], schema: Schema, file: String, findings: inout Findings) -> HeaderMap? {
        var index: [String: Int] = [:]
        var names: [String] = []
        var ok = true
        var unknown: [(Int, String)] = []
        let known = Set(schema.required + schema.optional)
        for (i, raw) in header.enumerated() {
            let name = raw.trimmingASCIISpaces()
            names.append(name)
            let key = name.lowercased()
            if let first = index[key] {
                findings.append(Finding(file: file, line: 1, column: i + 1, severity: .error, code: "duplicate-column",
                                        message: "column '\(key)' appears twice (first as column \(first + 1)); keep one"))
                ok = false
                continue
            }
            if known.contains(key) {
                index[key] = i
            } else {
                unknown.append((i, name))
                index[key] = i
            }
        }
        for (i, name) in unknown {
            index[name.lowercased()] = nil
            if schema.moneyColumns.contains(name.lowercased()) {
                findings.append(Finding(file: file, line: 1, column: i + 1, severity: .error, code: "money-column",
                                        message: "column '\(name)' changes money but \(schema.name) files do not read it; declare it per symbol in instruments.csv (column multiplier, config [inputs] instruments) and remove it here"))
                ok = false
                continue
            }
            findings.append(Finding(file: file, line: 1, column: i + 1, severity: .warning, code: "unknown-column",
                                    message: "unknown column '\(name)' is ignored; \(schema.name) files have \((schema.required + schema.optional).joined(separator: ", "))"))
        }
        for col in schema.required where index[col] == nil {
            findings.append(Finding(file: file, line: 1, column: 0, severity: .error, code: "missing-column",
                                    message: "missing required column '\(col)'; expected \(schema.required.joined(separator: ", "))"))
            ok = false
        }
        return ok ? HeaderMap(schema: schema, index: index, names: names) : nil
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
