import TearsheetCore

extension LedgerBuilder {
    /// Decodes `instruments.csv`: one row per symbol, `asset_class` one of equity, etf, option,
    /// future, cash (default equity), `multiplier` > 0 (default 1); an option needs `underlying`,
    /// `expiry` (a date), `strike` > 0 and `right` C or P. A symbol listed twice is an error.
    mutating func readInstruments(path: String) {
        var found: [String: Instrument] = [:]
        var lines: [String: Int] = [:]
        _ = readFile(role: "instruments", path: path, schema: .instruments) { dec, row in
            let h = dec.header
            let cSym = h("symbol"), cClass = h("asset_class"), cMult = h("multiplier"), cUnder = h("underlying")
            let cExp = h("expiry"), cStrike = h("strike"), cRight = h("right"), cCur = h("currency"), cSector = h("sector")
            func optionalText(_ c: Int) -> String? {
                guard c >= 0 else { return nil }
                let b = Bytes.trim(row[c])
                return b.isEmpty ? nil : String(decoding: b, as: UTF8.self)
            }
            guard let symBytes = dec.text(row, cSym, identifier: true) else { return }
            let symbol = String(decoding: symBytes, as: UTF8.self)
            var ok = true
            var assetClass = AssetClass.equity
            if let t = optionalText(cClass) {
                if let a = AssetClass(rawValue: t.lowercased()) { assetClass = a } else {
                    dec.report(row, cClass, "unknown-asset-class", "unknown value \"\(t)\"; expected one of equity, etf, option, future, cash")
                    ok = false
                }
            }
            let multiplier = dec.number(row, cMult, .positive, defaultValue: 1)
            if multiplier == nil { ok = false }
            var inst = Instrument(symbol: symbol, assetClass: assetClass, multiplier: multiplier ?? 1,
                                  underlying: optionalText(cUnder), currency: optionalText(cCur), sector: optionalText(cSector))
            if cExp >= 0 && !Bytes.trim(row[cExp]).isEmpty {
                if let d = dec.day(row, cExp) { inst.expiry = d } else { ok = false }
            }
            if cStrike >= 0 && !Bytes.trim(row[cStrike]).isEmpty {
                if let k = dec.number(row, cStrike, .positive) { inst.strike = k } else { ok = false }
            }
            if let r = optionalText(cRight) {
                switch r.uppercased() {
                case "C", "CALL": inst.right = .call
                case "P", "PUT": inst.right = .put
                default:
                    dec.report(row, cRight, "unknown-right", "unknown value \"\(r)\"; expected C (call) or P (put)")
                    ok = false
                }
            }
            if assetClass == .option && ok {
                var missing: [(Int, String)] = []
                if inst.underlying == nil { missing.append((cUnder, "underlying")) }
                if inst.expiry == nil { missing.append((cExp, "expiry")) }
                if inst.strike == nil { missing.append((cStrike, "strike")) }
                if inst.right == nil { missing.append((cRight, "right")) }
                for (c, name) in missing {
                    dec.report(row, c >= 0 ? c : cClass, "option-terms",
                               "option \(symbol) has no \(name); expected underlying, expiry, strike and right (C or P) for every option")
                    ok = false
                }
            }
            if let first = lines[symbol] {
                dec.report(row, cSym, "duplicate-instrument", "\(symbol) is already declared on line \(first); expected one row per symbol")
                return
            }
            lines[symbol] = row.line
            if ok { found[symbol] = inst }
        }
        instruments.byName = found
        instruments.lines = lines
    }

    /// Decodes `corporate_actions.csv`: `SPLIT` needs `ratio` > 0 and != 1 (new shares per old
    /// share) and takes an optional `cash` >= 0 (cash in lieu per new share for fractions);
    /// `SYMBOL_CHANGE` needs `new_symbol`. Any other type is an error: a spin-off or a merger
    /// changes money in ways this tool does not model, so it is never silently skipped.
    mutating func readCorporateActions(path: String) {
        var out: [CorporateAction] = []
        var seen: [String: Int] = [:]
        _ = readFile(role: "corporate_actions", path: path, schema: .corporateActions) { dec, row in
            let h = dec.header
            let cDate = h("date"), cSym = h("symbol"), cType = h("type"), cRatio = h("ratio")
            let cNew = h("new_symbol"), cCash = h("cash"), cNote = h("note")
            let day = dec.day(row, cDate)
            let sym = dec.text(row, cSym, identifier: true).map { String(decoding: $0, as: UTF8.self) }
            let tb = Bytes.trim(row[cType])
            let typeText = String(decoding: tb, as: UTF8.self).uppercased()
            guard let kind = CorporateAction.Kind(rawValue: typeText) else {
                dec.report(row, cType, "unknown-action-type",
                           "unknown value \"\(Bytes.show(tb))\"; expected SPLIT or SYMBOL_CHANGE (other actions, such as spin-offs and cash mergers, are not modelled: enter them as trades and cash flows)")
                return
            }
            var action = CorporateAction(day: day ?? Day(serial: 0), symbol: sym ?? "", kind: kind, line: row.line)
            var ok = day != nil && sym != nil
            switch kind {
            case .split:
                if cRatio < 0 {
                    dec.report(row, cType, "missing-ratio", "SPLIT needs a ratio column; expected new shares per old share (4 for 4:1, 0.1 for 1:10)")
                    ok = false
                } else if let r = dec.number(row, cRatio, .positive) {
                    if r == 1 {
                        dec.report(row, cRatio, "split-ratio-one", "a ratio of 1 changes nothing; expected new shares per old share (4 for 4:1, 0.1 for 1:10)")
                        ok = false
                    }
                    action.ratio = r
                } else { ok = false }
                if cCash >= 0 && !Bytes.trim(row[cCash]).isEmpty {
                    if let c = dec.number(row, cCash, .nonNegative) { action.cash = c } else { ok = false }
                }
            case .symbolChange:
                let nb = cNew >= 0 ? Bytes.trim(row[cNew]) : UnsafeBufferPointer(start: nil, count: 0)
                if nb.isEmpty {
                    dec.report(row, cNew >= 0 ? cNew : cType, "missing-new-symbol", "SYMBOL_CHANGE needs new_symbol; expected the symbol that replaces \(sym ?? "the old one")")
                    ok = false
                } else {
                    let n = String(decoding: nb, as: UTF8.self)
                    if n == sym {
                        dec.report(row, cNew, "same-symbol", "new_symbol is the old symbol; expected a different symbol")
                        ok = false
                    }
                    action.newSymbol = n
                }
            }
            if cNote >= 0 { action.note = String(decoding: Bytes.trim(row[cNote]), as: UTF8.self) }
            guard ok, let d = day, let s = sym else { return }
            let key = "\(d) \(s) \(kind.rawValue)"
            if let first = seen[key] {
                dec.report(row, cDate, "duplicate-action", "\(kind.rawValue) of \(s) on \(d) is already given on line \(first); expected one row per symbol, type and date")
                return
            }
            seen[key] = row.line
            out.append(action)
        }
        actions = out
    }
}
