import TearsheetCore

/// A trade or option event of the book before the chronological pass gives it its side.
struct PendingTrade {
    enum Kind: String { case trade, expire = "EXPIRE", assign = "ASSIGN", exercise = "EXERCISE" }
    var kind: Kind
    var id: String
    var account: String
    var security: FlexSecurity
    var time: FlexTime
    /// > 0: shares or contracts.
    var quantity: Double
    var price: Double
    var fees: Double
    /// A trade: bought (else sold).
    var buy: Bool
    var openClose: String
    var location: FlexLocation
    /// Order among rows of equal time: statement order.
    var seq: Int
    /// What the statement called it, for the mapping table.
    var from: String
}

extension FlexMapper {
    /// The trades that can enter the book; the others are skipped with their reason.
    mutating func filterTrades(_ trades: [FlexTrade]) -> [FlexTrade] {
        var out: [FlexTrade] = []
        out.reserveCapacity(trades.count)
        for t in trades {
            // Words for the report, built only for a row that is skipped (not per trade).
            var row: String { Self.describe(t) }
            if !t.levelOfDetail.isEmpty && t.levelOfDetail != "EXECUTION" {
                skip(t.location, "Trades", row, "levelOfDetail \(t.levelOfDetail) summarises executions; only EXECUTION rows are imported", unsupported: false)
                continue
            }
            guard FlexSections.supportedAssets.contains(t.security.assetCategory) else {
                skip(t.location, "Trades", row, "\(FlexSections.assetName(t.security.assetCategory)) are not supported by the book", unsupported: true)
                continue
            }
            if !t.security.currency.isEmpty && t.security.currency != book.baseCurrency {
                skip(t.location, "Trades", row, "traded in \(t.security.currency), not the base currency \(book.baseCurrency): the book has no FX", unsupported: true)
                continue
            }
            if t.buySell.utf8.contains(40) || t.notes.contains("Ca") {   // "BUY (Ca.)": a cancellation
                skip(t.location, "Trades", row, "a cancellation: cancelled trades are not imported (cancel and original are both left out only by hand)", unsupported: true)
                continue
            }
            guard t.buySell == "BUY" || t.buySell == "SELL" else {
                error(t.location, "flex-bad-value", "Trade buySell=\"\(t.buySell)\"; expected BUY or SELL")
                continue
            }
            let isEvent = t.security.option != nil && (t.notes.contains("A") || t.notes.contains("Ex") || t.notes.contains("Ep"))
            if t.quantity == 0 || (t.buySell == "BUY") != (t.quantity > 0) {
                error(t.location, "flex-bad-value", "Trade quantity \(Self.number(t.quantity)) does not agree with buySell \(t.buySell); expected > 0 for BUY and < 0 for SELL")
                continue
            }
            if t.price < 0 || (t.price == 0 && t.security.option == nil) {
                error(t.location, "flex-bad-value", "Trade tradePrice \(Self.number(t.price)) of \(t.security.symbol); expected > 0 (0 only for an option)")
                continue
            }
            if isEvent && t.price != 0 {
                error(t.location, "flex-bad-value", "Trade with notes \(t.notes.joined(separator: ";")) (assignment, exercise or expiry) has tradePrice \(Self.number(t.price)); expected 0")
                continue
            }
            if -(t.commission + t.taxes) < -1e-9 {
                skip(t.location, "Trades", row, "a commission rebate (ibCommission + taxes = \(Self.number(t.commission + t.taxes)) > 0): the book's fees are >= 0", unsupported: true)
                continue
            }
            if let p = t.proceeds {
                let expected = -t.quantity * t.security.multiplier * t.price
                if abs(p - expected) > 0.005 + 1e-9 * abs(expected) {
                    warning(t.location, "flex-proceeds", "Trade proceeds \(Self.number(p)) differ from -quantity x multiplier x tradePrice = \(Self.number(expected)); the book uses the latter")
                }
            }
            out.append(t)
        }
        return out
    }

    /// Option events (trades with notes A, Ex, Ep, and OptionEAE rows the Trades section lacks)
    /// and the other trades; the underlying deliveries of assignments and exercises are paired
    /// with their event, which books them at the strike, and left out.
    mutating func pairEvents(trades: [FlexTrade], eae: [FlexOptionEvent]) -> [PendingTrade] {
        var out: [PendingTrade] = []
        out.reserveCapacity(trades.count)
        var deliveries: [String: [Int]] = [:]   // account|day|underlying -> indices into `trades`
        var delivered = Set<Int>()
        for (i, t) in trades.enumerated() {
            let fees = -(t.commission + t.taxes)
            if t.security.option != nil, t.notes.contains("A") || t.notes.contains("Ex") || t.notes.contains("Ep") {
                let kind: PendingTrade.Kind = t.notes.contains("A") ? .assign : t.notes.contains("Ex") ? .exercise : .expire
                let code = kind == .assign ? "A" : kind == .exercise ? "Ex" : "Ep"
                out.append(PendingTrade(kind: kind, id: t.tradeID, account: t.account, security: t.security, time: t.time,
                                        quantity: abs(t.quantity), price: 0, fees: fees, buy: t.quantity > 0, openClose: t.openClose,
                                        location: t.location, seq: i, from: "Trades OPT notes \(code)"))
            } else if t.security.option == nil && (t.notes.contains("A") || t.notes.contains("Ex")) {
                deliveries["\(t.account)|\(t.time.day)|\(t.security.symbol)", default: []].append(i)
            } else {
                out.append(PendingTrade(kind: .trade, id: t.tradeID, account: t.account, security: t.security, time: t.time,
                                        quantity: abs(t.quantity), price: t.price, fees: fees, buy: t.quantity > 0, openClose: t.openClose,
                                        location: t.location, seq: i,
                                        from: "Trades \(t.security.assetCategory) \(t.buySell)\(t.openClose.isEmpty ? "" : " " + t.openClose)"))
            }
        }
        // OptionEAE: confirms the events of the Trades section, or supplies those it lacks.
        var eventIndex: [String: [Int]] = [:]
        for (k, p) in out.enumerated() where p.kind != .trade {
            eventIndex["\(p.account)|\(p.time.day)|\(p.security.symbol)|\(p.kind.rawValue)", default: []].append(k)
        }
        var confirmed = Set<Int>()
        for (j, e) in eae.enumerated() {
            let row = "\(e.account) \(e.day) \(e.transactionType) \(Self.number(e.quantity)) \(e.security.symbol)"
            let kind: PendingTrade.Kind
            switch e.transactionType.lowercased() {
            case "assignment": kind = .assign
            case "exercise": kind = .exercise
            case "expiration": kind = .expire
            case "buy", "sell":
                skip(e.location, "OptionEAE", row, "the underlying's delivery: the ASSIGN or EXERCISE row books it at the strike", unsupported: false)
                continue
            default:
                skip(e.location, "OptionEAE", row, "transactionType '\(e.transactionType)' is not an assignment, exercise or expiration", unsupported: true)
                continue
            }
            guard e.security.option != nil else {
                skip(e.location, "OptionEAE", row, "\(FlexSections.assetName(e.security.assetCategory)) are not supported by the book", unsupported: true)
                continue
            }
            let key = "\(e.account)|\(e.day)|\(e.security.symbol)|\(kind.rawValue)"
            if let k = eventIndex[key]?.first(where: { !confirmed.contains($0) && out[$0].quantity == abs(e.quantity) }) {
                confirmed.insert(k)
                skip(e.location, "OptionEAE", row, "confirms the Trades row \(out[k].location) (tradeID \(out[k].id))", unsupported: false)
                continue
            }
            let id = e.transactionID.isEmpty ? "EAE-\(e.account)-\(e.day)-\(e.security.symbol)-\(j)" : "EAE-\(e.transactionID)"
            out.append(PendingTrade(kind: kind, id: id, account: e.account, security: e.security,
                                    time: FlexTime(day: e.day, seconds: 16 * 3600 + 20 * 60), quantity: abs(e.quantity), price: 0,
                                    fees: max(0, -e.commission), buy: e.quantity > 0, openClose: "C", location: e.location,
                                    seq: trades.count + j, from: "OptionEAE \(e.transactionType)"))
        }
        // Each assignment or exercise takes the delivery row at its strike, if the statement has one.
        for k in out.indices where out[k].kind == .assign || out[k].kind == .exercise {
            let p = out[k]
            guard let o = p.security.option else { continue }
            let units = p.quantity * o.multiplier
            // Put assigned or call exercised: the underlying is bought; otherwise sold.
            let buys = (p.kind == .assign) == (o.right == "P")
            let key = "\(p.account)|\(p.time.day)|\(o.underlying)"
            guard let list = deliveries[key], let i = list.first(where: { i in
                !delivered.contains(i) && abs(abs(trades[i].quantity) - units) <= 1e-9 * max(1, units) && (trades[i].quantity > 0) == buys
            }) else { continue }
            let d = trades[i]
            if abs(d.price - o.strike) > 1e-9 * max(1, o.strike) {
                error(d.location, "flex-delivery-price", "the delivery of \(p.kind.rawValue) \(p.id) is at \(Self.number(d.price)), not the strike \(Self.number(o.strike)); the book delivers at the strike")
            }
            delivered.insert(i)
            out[k].fees += -(d.commission + d.taxes)
            skip(d.location, "Trades", Self.describe(d), "the underlying's delivery of \(p.kind.rawValue) \(p.id) (\(p.location)): booked by that row at the strike", unsupported: false)
        }
        for list in deliveries.values {
            for i in list where !delivered.contains(i) {
                let d = trades[i]
                error(d.location, "flex-unpaired-delivery", "Trade \(d.tradeID) of \(d.security.symbol) has notes \(d.notes.joined(separator: ";")) (an assignment or exercise delivery) but no assigned or exercised option of \(d.account) on \(d.time.day) delivers \(Self.number(abs(d.quantity))) units of it; expected the option's row with the same notes")
            }
        }
        out.sort { ($0.time, $0.seq) < ($1.time, $1.seq) }
        return out
    }
}
