import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TearsheetCore

/// Reads one Flex Query statement file (XML) in one streaming pass (SAX: Foundation's
/// `XMLParser`), turning each row element into a typed row as it arrives, so memory holds the
/// rows, never a tree of the document.
///
/// Structure: `<FlexQueryResponse>` > `<FlexStatements>` > `<FlexStatement accountId fromDate
/// toDate>` > sections (`<Trades>`, ...) > rows (`<Trade .../>`). Problems are findings located at
/// FILE:LINE:COLUMN: XML that is not well formed or ends early (the parser's line and column),
/// an unknown section, a statement without rows, a value that is not a number or a date.
public enum FlexParser {
    /// The statements of `data` (the bytes of `file`, which names it in findings).
    public static func parse(_ data: Data, file: String) -> (statements: [FlexStatement], findings: Findings) {
        let delegate = FlexParserDelegate(file: file, lineCount: lineCount(data))
        // A stream, not `XMLParser(data:)`: that hands libxml2 the whole file as one chunk, which
        // it refuses over 10 MB ("huge input lookup"); a stream is fed in chunks.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        delegate.parser = parser
        let ok = parser.parse()
        if delegate.aborted {
            // The delegate said why.
        } else if let e = delegate.xmlError {
            delegate.structuralError(e.error, line: e.line, column: e.column)
        } else if !ok {
            delegate.structuralError(parser.parserError, line: parser.lineNumber, column: parser.columnNumber)
        } else {
            delegate.finish()
        }
        return (delegate.statements, delegate.findings)
    }

    /// Lines in `data` (a last line without a line end counts).
    static func lineCount(_ data: Data) -> Int {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int in
            var n = 0
            for b in raw where b == 0x0A { n += 1 }
            if let last = raw.last, last != 0x0A { n += 1 }
            return n
        }
    }
}

/// The `XMLParser` delegate behind `FlexParser`: a stack of open elements, the statement being
/// read and its current section.
final class FlexParserDelegate: NSObject, XMLParserDelegate {
    let file: String
    let lineCount: Int
    weak var parser: XMLParser?
    var statements: [FlexStatement] = []
    var findings = Findings()
    /// Set when the delegate stopped the parse itself (the document is not a Flex statement).
    var aborted = false
    private var stack: [String] = []
    private var statement: FlexStatement?
    private var section: FlexSectionRead?
    private var statementsLine = 0
    private var rootLine = 0

    init(file: String, lineCount: Int) {
        self.file = file
        self.lineCount = lineCount
    }

    private var line: Int { parser?.lineNumber ?? 0 }
    private var location: FlexLocation { FlexLocation(file: file, line: line) }

    func error(_ code: String, _ message: String, line: Int? = nil, column: Int = 0) {
        findings.append(Finding(file: file, line: line ?? self.line, column: column, severity: .error, code: code, message: message))
    }

    // MARK: - Structure

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
        let depth = stack.count
        stack.append(name)
        switch depth {
        case 0:
            rootLine = line
            guard name == "FlexQueryResponse" else {
                error("flex-not-a-statement", "the document's root element is <\(name)>; expected <FlexQueryResponse>, the root of a Flex Query statement (XML)")
                aborted = true
                parser.abortParsing()
                return
            }
        case 1:
            guard name == "FlexStatements" else {
                error("flex-unknown-element", "<\(name)> inside <FlexQueryResponse>; expected <FlexStatements>")
                return
            }
            statementsLine = line
        case 2:
            guard name == "FlexStatement" else {
                error("flex-unknown-element", "<\(name)> inside <FlexStatements>; expected <FlexStatement>")
                return
            }
            let account = a["accountId"] ?? ""
            if account.isEmpty { error("flex-missing-attribute", "<FlexStatement> has no accountId; expected the account the statement is for") }
            statement = FlexStatement(location: location, account: account,
                                      from: optionalDay(a, "fromDate", name), to: optionalDay(a, "toDate", name))
        case 3:
            guard statement != nil else { return }
            beginSection(name, a)
        case 4:
            guard statement != nil, var s = section else { return }
            s.rows += 1
            section = s
            switch s.handling {
            case .mapped: row(section: s.name, element: name, a)
            case .unsupported:
                statement!.skipped.append(FlexSkip(location: location, section: s.name, row: "<\(name)> \(summary(a))",
                                                       reason: "section \(s.name) moves money the book cannot represent; it is not imported",
                                                       unsupported: true))
            case .informational: break
            }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let depth = stack.count - 1
        stack.removeLast()
        switch depth {
        case 3:
            if let s = section { statement?.sections.append(s) }
            section = nil
        case 2:
            guard var st = statement else { return }
            if st.rowCount == 0 && st.skipped.isEmpty && !st.sections.contains(where: { $0.rows > 0 && $0.name != "AccountInformation" }) {
                error("flex-empty-statement", "the statement of account \(st.account.isEmpty ? "?" : st.account) has no rows in any section; "
                      + "expected Trades, CashTransactions or OpenPositions rows (check the Flex Query's sections and period)", line: st.location.line)
            }
            st.sections.sort { $0.location.line < $1.location.line }
            statements.append(st)
            statement = nil
        default:
            break
        }
    }

    /// The first error libxml2 reports (it may recover and go on, and `parse()` may still
    /// return true): the document is not well formed, whatever follows.
    var xmlError: (error: Error, line: Int, column: Int)?

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if xmlError == nil { xmlError = (parseError, parser.lineNumber, parser.columnNumber) }
    }

    /// After a parse that succeeded: elements still open mean the input ended early (the parser
    /// does not always say so); a document without any statement is an empty statement.
    func finish() {
        if !stack.isEmpty {
            structuralError(nil, line: max(lineCount, line), column: parser?.columnNumber ?? 0)
            return
        }
        if rootLine == 0 {
            error("flex-empty-file", "the file holds no XML element; expected a Flex Query statement (XML)", line: max(lineCount, 1))
            return
        }
        if statements.isEmpty && !findings.hasErrors {
            error("flex-empty-statement", "the file holds no <FlexStatement>; expected at least one statement (the Flex Query returned nothing for its period?)",
                  line: statementsLine > 0 ? statementsLine : rootLine)
        }
    }

    /// The parser stopped on XML that is not well formed: a truncated file when it ran out of
    /// input with elements still open, else malformed XML, at the parser's line and column.
    func structuralError(_ e: Error?, line: Int, column: Int) {
        // Findings of rows read before the parser gave up describe a document it misread.
        findings = Findings()
        let code = (e as NSError?)?.code ?? 0
        let open = stack.count
        let atEnd = line >= lineCount
        let reason = (e as NSError?)?.localizedDescription ?? "not well-formed"
        // Input that runs out on its last line with elements open is truncated, whatever libxml2
        // calls it (5: the document ends early, 41/77: inside an attribute or a tag).
        if open > 0 && (e == nil || atEnd || code == XMLParser.ErrorCode.prematureDocumentEndError.rawValue) {
            let inner = stack.last.map { "<\($0)>" } ?? "the document"
            error("flex-truncated", "the file ends inside \(inner) (\(open) element\(open == 1 ? "" : "s") still open): the statement is truncated; download or export it again",
                  line: line, column: column)
        } else if stack.isEmpty && rootLine == 0 && atEnd {
            error("flex-empty-file", "the file holds no XML element; expected a Flex Query statement (XML)", line: max(lineCount, 1))
        } else {
            error("flex-malformed-xml", "the XML is not well formed (\(reason)); expected a Flex Query statement exported as XML", line: line, column: column)
        }
    }

    // MARK: - Sections and rows

    private func beginSection(_ name: String, _ a: [String: String]) {
        if name == "AccountInformation" {
            statement!.baseCurrency = a["currency"].flatMap { $0.isEmpty ? nil : $0 }
            statement!.accountName = a["name"] ?? a["acctAlias"]
            section = FlexSectionRead(name: name, location: location, rows: 1, handling: .mapped)
            return
        }
        guard let handling = FlexSections.handling(of: name) else {
            error("flex-unknown-section", "unknown section <\(name)>: its rows might move money the book would miss; "
                  + "remove the section from the Flex Query, or report it so the import learns it")
            section = FlexSectionRead(name: name, location: location, rows: 0, handling: .informational)
            return
        }
        section = FlexSectionRead(name: name, location: location, rows: 0, handling: handling)
    }

    private func row(section: String, element: String, _ a: [String: String]) {
        let account = nonEmpty(a["accountId"]) ?? statement!.account
        switch section {
        case "Trades":
            guard element == "Trade" else {
                skipSummary(section, element, a)
                return
            }
            guard let sec = security(a, element), let time = dateTime(a, element, required: true),
                  let qty = number(a, "quantity", element), let price = number(a, "tradePrice", element) else { return }
            guard let id = required(a, "tradeID", element) else { return }
            statement!.trades.append(FlexTrade(
                location: location, account: account, security: sec, buySell: (a["buySell"] ?? "").uppercased(),
                quantity: qty, price: price, commission: number(a, "ibCommission", element, required: false) ?? 0,
                taxes: number(a, "taxes", element, required: false) ?? 0, proceeds: number(a, "proceeds", element, required: false),
                openClose: a["openCloseIndicator"] ?? "", notes: codes(a["notes"]), tradeID: id, time: time,
                levelOfDetail: (a["levelOfDetail"] ?? "").uppercased(), element: element))
        case "OptionEAE":
            guard let sec = security(a, element), let day = requiredDay(a, "date", element),
                  let qty = number(a, "quantity", element) else { return }
            let commission = number(a, "commisionsAndTax", element, required: false) ?? number(a, "commissionsAndTax", element, required: false) ?? 0
            statement!.optionEvents.append(FlexOptionEvent(
                location: location, account: account, security: sec, transactionType: a["transactionType"] ?? "",
                quantity: qty, price: number(a, "tradePrice", element, required: false) ?? 0,
                markPrice: number(a, "markPrice", element, required: false), commission: commission, day: day,
                transactionID: a["transactionID"] ?? ""))
        case "CashTransactions":
            guard element == "CashTransaction" else { skipSummary(section, element, a); return }
            guard let amount = number(a, "amount", element) else { return }
            let time: FlexTime?
            if nonEmpty(a["dateTime"]) != nil { time = dateTime(a, element, required: true) }
            else if let d = optionalDay(a, "date", element) ?? optionalDay(a, "reportDate", element) { time = FlexTime(day: d) }
            else { error("flex-missing-attribute", "<\(element)> has no dateTime; expected the date of the cash transaction"); time = nil }
            guard let time else { return }
            statement!.cash.append(FlexCashTransaction(
                location: location, account: account, currency: a["currency"] ?? "", assetCategory: a["assetCategory"] ?? "",
                symbol: compact(a["symbol"] ?? ""), underlying: a["underlyingSymbol"] ?? "", type: a["type"] ?? "",
                amount: amount, time: time, transactionID: a["transactionID"] ?? "", description: a["description"] ?? "",
                levelOfDetail: (a["levelOfDetail"] ?? "").uppercased()))
        case "CorporateActions":
            guard element == "CorporateAction" else { skipSummary(section, element, a); return }
            let day = optionalDay(a, "reportDate", element) ?? dateTime(a, element, required: true)?.day
            guard let day, let symbol = required(a, "symbol", element) else { return }
            statement!.actions.append(FlexCorporateAction(
                location: location, account: account, assetCategory: a["assetCategory"] ?? "", symbol: compact(symbol),
                type: a["type"] ?? "", description: a["description"] ?? a["actionDescription"] ?? "",
                quantity: number(a, "quantity", element, required: false) ?? 0, proceeds: number(a, "proceeds", element, required: false) ?? 0,
                day: day, actionID: a["actionID"] ?? "", transactionID: a["transactionID"] ?? ""))
        case "OpenPositions":
            guard element == "OpenPosition" else { skipSummary(section, element, a); return }
            if let level = a["levelOfDetail"], level.uppercased() == "LOT" { return }
            let qtyKey = a["position"] != nil ? "position" : "quantity"
            guard let sec = security(a, element), let qty = number(a, qtyKey, element),
                  let mark = number(a, "markPrice", element), let value = number(a, "positionValue", element) else { return }
            guard let day = optionalDay(a, "reportDate", element) ?? statement!.to else {
                error("flex-missing-attribute", "<\(element)> has no reportDate and the statement no toDate; expected the date of the position")
                return
            }
            statement!.openPositions.append(FlexOpenPosition(location: location, account: account, security: sec, day: day,
                                                             quantity: qty, markPrice: mark, positionValue: value))
        case "PriorPeriodPositions":
            guard element == "PriorPeriodPosition" else { skipSummary(section, element, a); return }
            guard let sec = security(a, element), let day = requiredDay(a, "date", element),
                  let price = number(a, "price", element) else { return }
            statement!.priorPositions.append(FlexPriorPosition(location: location, account: account, security: sec, day: day, price: price))
        case "CashReport":
            guard element == "CashReportCurrency" else { skipSummary(section, element, a); return }
            guard let ending = number(a, "endingCash", element) else { return }
            statement!.cashReport.append(FlexCashReport(
                location: location, account: account, currency: a["currency"] ?? "",
                from: optionalDay(a, "fromDate", element) ?? statement!.from, to: optionalDay(a, "toDate", element) ?? statement!.to,
                startingCash: number(a, "startingCash", element, required: false) ?? 0, endingCash: ending))
        default:
            break
        }
    }

    private func skipSummary(_ section: String, _ element: String, _ a: [String: String]) {
        statement!.skipped.append(FlexSkip(location: location, section: section, row: "<\(element)> \(summary(a))",
                                               reason: "a <\(element)> row summarises other rows; not imported", unsupported: false))
    }

    /// A short account of a row for the import report.
    private func summary(_ a: [String: String]) -> String {
        ["accountId", "assetCategory", "symbol", "type", "buySell", "quantity", "amount", "dateTime", "date", "reportDate"]
            .compactMap { k in nonEmpty(a[k]).map { "\(k)=\($0)" } }.joined(separator: " ")
    }

    // MARK: - Values

    private func nonEmpty(_ s: String?) -> String? {
        guard let s else { return nil }
        let t = trimmedSpaces(s)
        return t.isEmpty ? nil : t
    }

    private func required(_ a: [String: String], _ key: String, _ element: String) -> String? {
        guard let v = nonEmpty(a[key]) else {
            error("flex-missing-attribute", "<\(element)> has no \(key); expected it (add the field to the Flex Query)")
            return nil
        }
        return v
    }

    private func number(_ a: [String: String], _ key: String, _ element: String, required: Bool = true) -> Double? {
        guard let text = nonEmpty(a[key]) else {
            if required { error("flex-missing-attribute", "<\(element)> has no \(key); expected a number (add the field to the Flex Query)") }
            return nil
        }
        guard let v = Double(text), v.isFinite, abs(v) <= 1e18 else {
            error("flex-bad-number", "<\(element)> \(key)=\"\(text)\" is not a number; expected digits with '.' as the decimal separator")
            return nil
        }
        return v
    }

    private func optionalDay(_ a: [String: String], _ key: String, _ element: String) -> Day? {
        guard let text = nonEmpty(a[key]) else { return nil }
        guard let d = FlexDate.day(Substring(text)) else {
            error("flex-bad-date", "<\(element)> \(key)=\"\(text)\" is not a date; expected yyyyMMdd, yyyy-MM-dd or MM/dd/yyyy")
            return nil
        }
        return d
    }

    private func requiredDay(_ a: [String: String], _ key: String, _ element: String) -> Day? {
        guard nonEmpty(a[key]) != nil else {
            error("flex-missing-attribute", "<\(element)> has no \(key); expected a date (add the field to the Flex Query)")
            return nil
        }
        return optionalDay(a, key, element)
    }

    /// `dateTime`, else `tradeDate` with `tradeTime`.
    private func dateTime(_ a: [String: String], _ element: String, required: Bool) -> FlexTime? {
        if let text = nonEmpty(a["dateTime"]) {
            guard let t = FlexDate.time(text) else {
                error("flex-bad-date", "<\(element)> dateTime=\"\(text)\" is not a date-time; expected yyyyMMdd;HHmmss or yyyy-MM-dd, HH:mm:ss")
                return nil
            }
            return t
        }
        if let d = optionalDay(a, "tradeDate", element) {
            guard let tt = nonEmpty(a["tradeTime"]) else { return FlexTime(day: d) }
            guard let s = FlexDate.seconds(Substring(tt)) else {
                error("flex-bad-date", "<\(element)> tradeTime=\"\(tt)\" is not a time; expected HHmmss or HH:mm:ss")
                return nil
            }
            return FlexTime(day: d, seconds: s)
        }
        if required { error("flex-missing-attribute", "<\(element)> has no dateTime (nor tradeDate); expected when it happened") }
        return nil
    }

    private func codes(_ s: String?) -> [String] {
        guard let s, !s.isEmpty else { return [] }
        return s.split(separator: ";").map { trimmedSpaces(String($0)) }.filter { !$0.isEmpty }
    }

    /// IB's option symbols pad the root with spaces (`AAPL  240119C00190000`); the book's are compact.
    private func compact(_ symbol: String) -> String {
        symbol.utf8.contains(32) || symbol.utf8.contains(9) ? symbol.filter { !$0.isWhitespace } : symbol
    }

    private func security(_ a: [String: String], _ element: String) -> FlexSecurity? {
        guard let symbol = required(a, "symbol", element) else { return nil }
        let category = (a["assetCategory"] ?? "STK").uppercased()
        let multiplier = number(a, "multiplier", element, required: false) ?? 1
        guard multiplier > 0 else {
            error("flex-bad-number", "<\(element)> multiplier=\(multiplier) is not > 0")
            return nil
        }
        var sec = FlexSecurity(assetCategory: category, subCategory: (a["subCategory"] ?? "").uppercased(), symbol: compact(symbol),
                               currency: a["currency"] ?? "", option: nil, multiplier: multiplier)
        guard category == "OPT" else { return sec }
        guard let underlying = required(a, "underlyingSymbol", element), let expiry = requiredDay(a, "expiry", element),
              let strike = number(a, "strike", element) else { return nil }
        let pc = (a["putCall"] ?? "").uppercased()
        let right = pc == "C" || pc == "CALL" ? "C" : pc == "P" || pc == "PUT" ? "P" : ""
        guard !right.isEmpty else {
            error("flex-bad-value", "<\(element)> putCall=\"\(a["putCall"] ?? "")\" is neither C nor P")
            return nil
        }
        sec.option = FlexOptionTerms(underlying: compact(underlying), expiry: expiry, strike: strike, right: right, multiplier: multiplier)
        return sec
    }
}
