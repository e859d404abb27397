import Foundation
import TearsheetCore

extension ImportedBook {
    /// The book's files (relative path -> bytes): the CSV inputs that have rows, `tearsheet.toml`
    /// naming them, and `import-report.md`.
    public func files(toolVersion: String) -> [(path: String, data: Data)] {
        var out: [(String, Data)] = []
        var inputs: [(String, String)] = []
        func add(_ key: String, _ name: String, _ header: String, _ rows: [String]) {
            guard !rows.isEmpty else { return }
            var text = header + "\n"
            text.reserveCapacity(rows.count * 64)
            for r in rows { text += r }
            out.append((name, Data(text.utf8)))
            inputs.append((key, name))
        }
        let n = CSVText.number
        add("trades", "trades.csv", "trade_id,timestamp,account,strategy,symbol,side,quantity,price,fees,currency",
            trades.map { CSVText.row([$0.id, $0.time.iso, $0.account, $0.strategy, $0.symbol, $0.side, n($0.quantity),
                                      $0.price.map(n) ?? "", n($0.fees), $0.currency]) })
        add("positions", "positions.csv", "date,account,strategy,symbol,quantity,price,market_value",
            positions.map { CSVText.row([$0.day.description, $0.account, $0.strategy, $0.symbol, n($0.quantity), n($0.price), n($0.marketValue)]) })
        add("cashflows", "cashflows.csv", "date,account,amount,type,strategy,symbol,kind",
            flows.map { CSVText.row([$0.day.description, $0.account, n($0.amount), $0.type, $0.strategy, $0.symbol, $0.kind]) })
        add("prices", "prices.csv", "date,symbol,close",
            prices.sorted { ($0.day, $0.symbol) < ($1.day, $1.symbol) }.map { CSVText.row([$0.day.description, $0.symbol, n($0.close)]) })
        add("corporate_actions", "corporate_actions.csv", "date,symbol,type,ratio,new_symbol,cash,note",
            actions.map { CSVText.row([$0.day.description, $0.symbol, $0.type, $0.ratio.map(n) ?? "", $0.newSymbol ?? "", "", $0.note]) })
        add("instruments", "instruments.csv", "symbol,asset_class,multiplier,underlying,expiry,strike,right,currency",
            instruments.map { i in CSVText.row([i.symbol, i.assetClass, n(i.multiplier), i.option?.underlying ?? "",
                                                i.option.map { $0.expiry.description } ?? "", i.option.map { n($0.strike) } ?? "",
                                                i.option?.right ?? "", i.currency]) })
        var toml = "# Written by tearsheet import ibkr-flex from \(sources.count) statement file\(sources.count == 1 ? "" : "s"); see import-report.md.\n"
        toml += "name = \(tomlString("IBKR " + accounts.joined(separator: ", ")))\n"
        toml += "base_currency = \(tomlString(baseCurrency))\n"
        toml += "benchmarks = [\"SPY\", \"QQQ\"]\n\n[inputs]\n"
        for (k, v) in inputs { toml += "\(k) = \(tomlString(v))\n" }
        out.append(("tearsheet.toml", Data(toml.utf8)))
        out.append(("import-report.md", Data(ImportReport.markdown(self, toolVersion: toolVersion).utf8)))
        return out
    }
}
