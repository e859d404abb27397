import Foundation
import TearsheetCore

/// A corporate action of the book with, per account, the shares the statement says it added
/// (to check against the position the import holds).
struct PendingAction {
    var action: BookAction
    /// account -> shares added (+) or removed (-) in the statement's rows.
    var added: [String: Double]
    var locations: [String: FlexLocation]
}

extension FlexMapper {
    /// `N FOR M` in a split's description: N new shares for M old, ratio N/M.
    static func splitRatio(_ description: String) -> Double? {
        let words = description.uppercased().split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" || $0 == "," })
        for i in words.indices where words[i] == "SPLIT" && i + 3 < words.count && words[i + 2] == "FOR" {
            if let n = Double(words[i + 1]), let m = Double(words[i + 3]), n > 0, m > 0, n != m { return n / m }
        }
        for i in words.indices where words[i] == "FOR" && i > 0 && i + 1 < words.count {
            if let n = Double(words[i - 1]), let m = Double(words[i + 1]), n > 0, m > 0, n != m { return n / m }
        }
        return nil
    }

    /// `CorporateActions` rows as the book's SPLIT and SYMBOL_CHANGE rows (one per ex-date and
    /// symbol for every account), in date order.
    mutating func mapActions(_ rows: [FlexCorporateAction]) -> [PendingAction] {
        var out: [PendingAction] = []
        var index: [String: Int] = [:]
        // Rows of one action of one account (a reverse split or a symbol change has two).
        var groups: [String: [FlexCorporateAction]] = [:]
        var order: [String] = []
        for a in rows {
            let row = "\(a.account) \(a.day) \(a.type) \(a.symbol) \(Self.number(a.quantity))"
            guard a.assetCategory.isEmpty || a.assetCategory == "STK" else {
                skip(a.location, "CorporateActions", row, "an action on \(FlexSections.assetName(a.assetCategory)) is not supported by the book", unsupported: true)
                continue
            }
            switch a.type.uppercased() {
            case "FS", "RS", "IC":
                let id = a.actionID.isEmpty ? a.description : a.actionID
                let key = "\(a.account)|\(a.day)|\(a.type.uppercased())|\(id)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(a)
            default:
                skip(a.location, "CorporateActions", row, "type \(a.type) (\(a.description.isEmpty ? "no description" : a.description)) is not modelled by the book (SPLIT and SYMBOL_CHANGE only): enter it as trades and cash flows", unsupported: true)
            }
        }
        func add(_ action: BookAction, account: String, added: Double, at: FlexLocation) {
            let key = "\(action.day)|\(action.symbol)|\(action.type)"
            if let i = index[key] {
                let prior = out[i].action
                if prior.ratio != action.ratio || prior.newSymbol != action.newSymbol {
                    error(at, "flex-conflicting-action", "\(action.type) of \(action.symbol) on \(action.day) differs from the one at \(prior.source); expected one action for every account")
                    return
                }
                out[i].added[account, default: 0] += added
                out[i].locations[account] = out[i].locations[account] ?? at
                return
            }
            index[key] = out.count
            out.append(PendingAction(action: action, added: [account: added], locations: [account: at]))
        }
        for key in order {
            let g = groups[key]!
            let first = g[0]
            let row = "\(first.account) \(first.day) \(first.type) \(first.symbol)"
            switch first.type.uppercased() {
            case "FS", "RS":
                guard Set(g.map(\.symbol)).count == 1 else {
                    skip(first.location, "CorporateActions", row, "a split that also changes the symbol (\(g.map(\.symbol).joined(separator: " -> "))): enter it as a SPLIT and a SYMBOL_CHANGE by hand", unsupported: true)
                    continue
                }
                guard let ratio = Self.splitRatio(first.description) else {
                    skip(first.location, "CorporateActions", row, "the split's ratio is not in its description (\"\(first.description)\"); expected 'SPLIT N FOR M'", unsupported: true)
                    continue
                }
                if g.contains(where: { $0.proceeds != 0 }) {
                    skip(first.location, "CorporateActions", row, "cash in lieu of fractional shares: enter the fraction's sale as a trade", unsupported: true)
                    continue
                }
                add(BookAction(day: first.day, symbol: first.symbol, type: "SPLIT", ratio: ratio, newSymbol: nil,
                               note: first.type.uppercased() == "RS" ? "reverse split \(Self.number(ratio))" : "split \(Self.number(ratio))-for-1",
                               source: first.location),
                    account: first.account, added: g.reduce(0) { $0 + $1.quantity }, at: first.location)
                mapped("CorporateActions \(first.type.uppercased())", "SPLIT")
            default:   // IC: the old symbol's shares out, the new symbol's in
                let gone = g.filter { $0.quantity < 0 }, came = g.filter { $0.quantity > 0 }
                guard gone.count == 1, came.count == 1, abs(gone[0].quantity + came[0].quantity) <= 1e-9 * abs(gone[0].quantity),
                      gone[0].symbol != came[0].symbol else {
                    skip(first.location, "CorporateActions", row, "an issue change that is not one symbol's shares exchanged one for one for another's (\(g.map { "\($0.symbol) \(Self.number($0.quantity))" }.joined(separator: ", ")))", unsupported: true)
                    continue
                }
                add(BookAction(day: first.day, symbol: gone[0].symbol, type: "SYMBOL_CHANGE", ratio: nil, newSymbol: came[0].symbol,
                               note: "\(gone[0].symbol) -> \(came[0].symbol)", source: gone[0].location),
                    account: first.account, added: 0, at: gone[0].location)
                mapped("CorporateActions IC (issue change)", "SYMBOL_CHANGE")
            }
        }
        out.sort { ($0.action.day, $0.action.symbol) < ($1.action.day, $1.action.symbol) }
        book.actions = out.map(\.action)
        return out
    }
}
