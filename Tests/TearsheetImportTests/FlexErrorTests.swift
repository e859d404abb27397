import Foundation
import Testing
import TearsheetCore
import TearsheetImport
import TearsheetPipeline

/// Statements the import must refuse, each with a finding at its file and line; and rows the book
/// cannot represent, refused unless `--skip-unsupported`.
@Suite struct FlexErrorTests {
    static let head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <FlexQueryResponse queryName="q" type="AF">
        <FlexStatements count="1">
        <FlexStatement accountId="U9" fromDate="20240603" toDate="20240607">
        <AccountInformation accountId="U9" currency="USD" />

        """
    static let tail = "</FlexStatement>\n</FlexStatements>\n</FlexQueryResponse>\n"
    static let deposit = """
        <CashTransactions>
        <CashTransaction accountId="U9" currency="USD" dateTime="20240603" amount="1000" type="Deposits/Withdrawals" transactionID="1" />
        </CashTransactions>

        """
    static func trade(_ id: String, _ buySell: String, _ qty: String, _ price: String, asset: String = "STK", symbol: String = "AAPL",
                      day: String = "20240604", oc: String = "O", currency: String = "USD") -> String {
        "<Trade accountId=\"U9\" currency=\"\(currency)\" assetCategory=\"\(asset)\" symbol=\"\(symbol)\" tradeID=\"\(id)\" dateTime=\"\(day);100000\" "
            + "quantity=\"\(qty)\" tradePrice=\"\(price)\" ibCommission=\"-1\" buySell=\"\(buySell)\" openCloseIndicator=\"\(oc)\" />\n"
    }

    static func run(_ text: String, skipUnsupported: Bool = false, tag: String = #function) throws -> (findings: [Finding], file: String) {
        let dir = try Fixture.temporary(tag)
        let file = try Fixture.write(text, "statement.xml", in: dir)
        var r = ImportRequest(statements: [file], out: dir.appendingPathComponent("book").path)
        r.skipUnsupported = skipUnsupported
        r.benchmarksDir = Fixture.benchmarks
        return (Fixture.findings(r), file)
    }

    @Test func malformedXMLIsLocated() throws {
        // Line 7: an attribute without quotes.
        let (f, file) = try Self.run(Self.head + "<Trades>\n<Trade accountId=U9 />\n</Trades>\n" + Self.tail)
        #expect(f.count == 1)
        #expect(f.first?.code == "flex-malformed-xml" && f.first?.file == file && f.first?.line == 7, "\(f)")
    }

    @Test func aTruncatedFileIsLocatedAtItsEnd() throws {
        let text = Self.head + Self.deposit + "<Trades>\n" + Self.trade("1", "BUY", "10", "190")
        let (f, _) = try Self.run(String(text.dropLast(20)))
        #expect(f.first?.code == "flex-truncated", "\(f)")
        #expect(f.first?.line == text.split(separator: "\n", omittingEmptySubsequences: false).count - 1, "\(f)")
        #expect(f.first?.message.contains("truncated") == true)
    }

    @Test func anUnknownSectionIsLocated() throws {
        let (f, _) = try Self.run(Self.head + Self.deposit + "<CryptoStaking>\n<Stake amount=\"1\" />\n</CryptoStaking>\n" + Self.tail)
        #expect(f.map(\.code) == ["flex-unknown-section"], "\(f)")
        #expect(f.first?.line == 9 && f.first?.message.contains("<CryptoStaking>") == true, "\(f)")
    }

    @Test func anEmptyStatementIsLocated() throws {
        let (f, _) = try Self.run(Self.head + "<Trades />\n<CashTransactions />\n" + Self.tail)
        #expect(f.map(\.code) == ["flex-empty-statement"], "\(f)")
        #expect(f.first?.line == 4, "\(f)")
        let (g, _) = try Self.run("<?xml version=\"1.0\"?>\n<FlexQueryResponse>\n<FlexStatements count=\"0\">\n</FlexStatements>\n</FlexQueryResponse>\n")
        #expect(g.map(\.code) == ["flex-empty-statement"] && g.first?.line == 3, "\(g)")
    }

    @Test func notAFlexStatement() throws {
        let (f, _) = try Self.run("<?xml version=\"1.0\"?>\n<FlexStatementResponse><Status>Fail</Status></FlexStatementResponse>\n")
        #expect(f.map(\.code) == ["flex-not-a-statement"] && f.first?.line == 2, "\(f)")
        let (g, _) = try Self.run("")
        #expect(g.map(\.code) == ["flex-empty-file"], "\(g)")
    }

    @Test func unsupportedRowsStopTheImportUnlessSkipped() throws {
        let text = Self.head + Self.deposit + "<Trades>\n" + Self.trade("1", "BUY", "1", "5000", asset: "FUT", symbol: "ESM4")
            + Self.trade("2", "BUY", "10", "190") + "</Trades>\n<Transfers>\n<Transfer type=\"ACATS\" symbol=\"MSFT\" quantity=\"10\" />\n</Transfers>\n"
            + "<PriorPeriodPositions>\n<PriorPeriodPosition accountId=\"U9\" assetCategory=\"STK\" symbol=\"AAPL\" date=\"20240604\" price=\"191\" />\n</PriorPeriodPositions>\n" + Self.tail
        let (f, _) = try Self.run(text)
        #expect(f.map(\.code) == ["flex-unsupported", "flex-unsupported"], "\(f)")
        #expect(f[0].line == 10 && f[0].message.contains("futures"), "\(f)")
        #expect(f[1].line == 14 && f[1].message.contains("Transfers"), "\(f)")
        // Skipped: imported, and both rows listed as unsupported in the report.
        let dir = try Fixture.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        var r = ImportRequest(statements: [try Fixture.write(text, "s.xml", in: dir)], out: dir.appendingPathComponent("book").path)
        r.skipUnsupported = true
        r.benchmarksDir = Fixture.benchmarks
        let book = try ImportRunner.read(r)
        #expect(book.trades.map(\.id) == ["2"])
        #expect(book.unsupported.count == 2)
        let report = ImportReport.markdown(book, toolVersion: "T")
        #expect(report.contains("**unsupported**: futures are not supported by the book"))
        #expect(report.contains("**unsupported**: section Transfers moves money"))
    }

    @Test func aCloseOfAPositionOpenedBeforeTheStatementsIsAnError() throws {
        let (f, _) = try Self.run(Self.head + Self.deposit + "<Trades>\n" + Self.trade("1", "SELL", "-10", "190", oc: "C") + "</Trades>\n" + Self.tail)
        #expect(f.map(\.code).contains("flex-close-without-open"), "\(f)")
        #expect(f.first { $0.code == "flex-close-without-open" }?.line == 10)
    }

    @Test func theStatementsCashMustBeReproduced() throws {
        // The CashReport says 1,000 - 1,901 = -901, but a fee row of -10 the book has no type for... is missing:
        // the statement's ending cash is -911.
        let text = Self.head + "<CashReport>\n<CashReportCurrency accountId=\"U9\" currency=\"BASE_SUMMARY\" fromDate=\"20240603\" toDate=\"20240607\" startingCash=\"0\" endingCash=\"-911\" />\n</CashReport>\n"
            + Self.deposit + "<Trades>\n" + Self.trade("1", "BUY", "10", "190") + "</Trades>\n"
            + "<PriorPeriodPositions>\n<PriorPeriodPosition accountId=\"U9\" assetCategory=\"STK\" symbol=\"AAPL\" date=\"20240604\" price=\"191\" />\n</PriorPeriodPositions>\n" + Self.tail
        let (f, _) = try Self.run(text)
        let cash = try #require(f.first { $0.code == "flex-cash-mismatch" }, "\(f)")
        #expect(cash.line == 7 && cash.message.contains("-911") && cash.message.contains("-901"), "\(cash)")
    }

    @Test func nonBaseCurrencyAndBadNumbers() throws {
        let (f, _) = try Self.run(Self.head + Self.deposit + "<Trades>\n" + Self.trade("1", "BUY", "10", "1,90") + Self.trade("2", "BUY", "10", "abc") + "</Trades>\n" + Self.tail)
        #expect(f.map(\.code) == ["flex-bad-number", "flex-bad-number"], "\(f)")
        #expect(f[0].line == 10 && f[1].line == 11 && f[0].message.contains("tradePrice=\"1,90\""), "\(f)")
        let (g, _) = try Self.run(Self.head + Self.deposit + "<Trades>\n" + Self.trade("2", "BUY", "10", "190", currency: "EUR") + "</Trades>\n" + Self.tail)
        #expect(g.map(\.code) == ["flex-unsupported"] && g.first?.line == 10 && g.first?.message.contains("no FX") == true, "\(g)")
    }

    @Test func dateForms() {
        #expect(FlexDateProbe.time("20240119;162000") == "2024-01-19T16:20:00")
        #expect(FlexDateProbe.time("2024-01-19, 16:20:00") == "2024-01-19T16:20:00")
        #expect(FlexDateProbe.time("2024-01-19 16:20:00") == "2024-01-19T16:20:00")
        #expect(FlexDateProbe.time("20240119") == "2024-01-19")
        #expect(FlexDateProbe.time("01/19/2024") == "2024-01-19")
        #expect(FlexDateProbe.time("20240230") == nil)
        #expect(FlexDateProbe.time("2024-01-19;25:00:00") == nil)
        #expect(FlexDateProbe.time("19.01.2024") == nil)
    }
}

/// Closes: the statement's marks first, then the user's prices file; held days without either
/// are listed.
@Suite struct FlexPriceTests {
    static let text = FlexErrorTests.head + FlexErrorTests.deposit + "<Trades>\n" + FlexErrorTests.trade("1", "BUY", "10", "190")
        + "</Trades>\n<OpenPositions>\n<OpenPosition accountId=\"U9\" assetCategory=\"STK\" symbol=\"AAPL\" reportDate=\"20240607\" position=\"10\" markPrice=\"196.89\" positionValue=\"1968.9\" levelOfDetail=\"SUMMARY\" />\n</OpenPositions>\n"
        + FlexErrorTests.tail

    @Test func heldDaysWithoutACloseAreListedAndThePricesFileFillsThem() throws {
        let dir = try Fixture.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        var r = ImportRequest(statements: [try Fixture.write(Self.text, "s.xml", in: dir)], out: dir.appendingPathComponent("book").path)
        r.benchmarksDir = Fixture.benchmarks
        let book = try ImportRunner.read(r)
        // Bought on Tuesday June 4, marked only on Friday June 7 (OpenPositions): June 4, 5 and 6 have no close.
        #expect(book.priceGaps.map(\.symbol) == ["AAPL"])
        #expect(book.priceGaps.first?.days.map(\.description) == ["2024-06-04", "2024-06-05", "2024-06-06"])
        #expect(ImportReport.markdown(book, toolVersion: "T").contains("| AAPL | 3 | 2024-06-04 | 2024-06-06 |"))
        // A prices file gives them; its close for June 7 differs from the statement's mark, which wins.
        let prices = try Fixture.write("date,symbol,close\n2024-06-04,AAPL,194.35\n2024-06-05,AAPL,195.87\n2024-06-06,AAPL,194.48\n2024-06-07,AAPL,197\n", "p.csv", in: dir)
        r.pricesPath = prices
        let priced = try ImportRunner.read(r)
        #expect(priced.priceGaps.isEmpty)
        #expect(priced.prices.map { "\($0.day) \($0.close) \($0.origin.rawValue)" } == [
            "2024-06-04 194.35 prices file", "2024-06-05 195.87 prices file", "2024-06-06 194.48 prices file", "2024-06-07 196.89 OpenPositions markPrice"])
        #expect(priced.priceSource.contains("3 closes for days the statements give no mark (1 of its closes differ from a statement mark and were not used)"))
    }
}

/// The import config: `[import]` only, each problem at its line.
@Suite struct ImportConfigTests {
    @Test func rulesAndErrors() throws {
        let dir = try Fixture.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try Fixture.write("[import]\ndefault_strategy = \"core\"\n[import.strategy_rules]\nAAPL = \"wheel\"\n", "good.toml", in: dir)
        let c = try ImportConfig.read(path: good)
        #expect(c.defaultStrategy == "core" && c.rules == ["AAPL": "wheel"])
        #expect(c.rule(symbol: "AAPL240621C00200000", underlying: "AAPL") == "wheel")
        #expect(c.rule(symbol: "MSFT", underlying: nil) == nil)
        let bad = try Fixture.write("[import]\ndefault_strategy = \"core\"\nstrategy_rule = 1\n", "bad.toml", in: dir)
        #expect(throws: TearsheetError.invalidInput([Finding(file: bad, line: 3, column: 1, severity: .error, code: "config-unknown-key",
                                                             message: "unknown key 'import.strategy_rule'; expected default_strategy or strategy_rules")])) {
            try ImportConfig.read(path: bad)
        }
    }
}
