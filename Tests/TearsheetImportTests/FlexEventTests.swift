import Foundation
import Testing
import TearsheetCore
import TearsheetImport
import TearsheetPipeline

/// Option events the Trades section lacks (OptionEAE alone), reverse splits, symbol changes, and
/// a split whose shares disagree with the position.
@Suite struct FlexEventTests {
    static func statement(_ body: String, endingCash: Double? = nil) -> String {
        FlexErrorTests.head
            + (endingCash.map { "<CashReport>\n<CashReportCurrency accountId=\"U9\" currency=\"BASE_SUMMARY\" startingCash=\"0\" endingCash=\"\($0)\" />\n</CashReport>\n" } ?? "")
            + FlexErrorTests.deposit + body + FlexErrorTests.tail
    }

    static func read(_ text: String, tag: String = #function) throws -> ImportedBook {
        let dir = try Fixture.temporary(tag)
        defer { try? FileManager.default.removeItem(at: dir) }
        var r = ImportRequest(statements: [try Fixture.write(text, "s.xml", in: dir)], out: dir.appendingPathComponent("book").path)
        r.benchmarksDir = Fixture.benchmarks
        return try ImportRunner.read(r)
    }

    static let put = "assetCategory=\"OPT\" symbol=\"XYZ   240607P00100000\" multiplier=\"100\" strike=\"100\" expiry=\"20240607\" putCall=\"P\" underlyingSymbol=\"XYZ\""

    @Test func anAssignmentOnlyInOptionEAEBecomesTheEvent() throws {
        // 1,000 deposited; 1 put sold at 2.00 (0.65 commission); assigned: 100 XYZ bought at 100.
        // Cash by hand: 1,000 + 200 - 0.65 - 10,000 = -8,800.65; the position: 100 XYZ at 95.
        let text = Self.statement("""
            <Trades>
            <Trade accountId="U9" currency="USD" \(Self.put) tradeID="1" dateTime="20240604;100000" quantity="-1" tradePrice="2" ibCommission="-0.65" buySell="SELL" openCloseIndicator="O" />
            </Trades>
            <OptionEAE>
            <OptionEAE accountId="U9" currency="USD" \(Self.put) date="20240607" transactionType="Assignment" quantity="1" tradePrice="0" transactionID="77" />
            <OptionEAE accountId="U9" currency="USD" assetCategory="STK" symbol="XYZ" date="20240607" transactionType="Buy" quantity="100" tradePrice="100" markPrice="95" transactionID="78" />
            </OptionEAE>
            <OpenPositions>
            <OpenPosition accountId="U9" currency="USD" assetCategory="STK" symbol="XYZ" reportDate="20240607" position="100" markPrice="95" positionValue="9500" levelOfDetail="SUMMARY" />
            </OpenPositions>

            """, endingCash: -8800.65)
        let book = try Self.read(text)
        #expect(book.trades.map { "\($0.id) \($0.side) \($0.quantity) \($0.symbol)" } == ["1 SHORT 1.0 XYZ240607P00100000", "EAE-77 ASSIGN 1.0 XYZ240607P00100000"])
        let f = try #require(book.figures.first)
        #expect(abs(f.importedCash - -8800.65) <= 1e-9 && abs(f.nav - (9500 - 8800.65)) <= 1e-9)
        #expect(book.prices.first { $0.symbol == "XYZ" }?.origin == .openPositions)
    }

    @Test func reverseSplitAndSymbolChange() throws {
        let text = Self.statement("""
            <Trades>
            \(FlexErrorTests.trade("1", "BUY", "1000", "1", symbol: "ABC", day: "20240603").trimmingCharacters(in: .newlines))
            \(FlexErrorTests.trade("2", "BUY", "50", "10", symbol: "OLD", day: "20240603").trimmingCharacters(in: .newlines))
            </Trades>
            <CorporateActions>
            <CorporateAction accountId="U9" assetCategory="STK" symbol="ABC" description="ABC(US0000000001) SPLIT 1 FOR 10 (ABC, ABC CORP, US0000000001)" reportDate="20240605" quantity="-1000" proceeds="0" type="RS" actionID="5" transactionID="51" />
            <CorporateAction accountId="U9" assetCategory="STK" symbol="ABC" description="ABC(US0000000001) SPLIT 1 FOR 10 (ABC, ABC CORP, US0000000002)" reportDate="20240605" quantity="100" proceeds="0" type="RS" actionID="5" transactionID="52" />
            <CorporateAction accountId="U9" assetCategory="STK" symbol="OLD" description="OLD(US1) CUSIP/ISIN CHANGE TO (US2) (NEW, NEW CORP, US2)" reportDate="20240606" quantity="-50" proceeds="0" type="IC" actionID="6" transactionID="61" />
            <CorporateAction accountId="U9" assetCategory="STK" symbol="NEW" description="OLD(US1) CUSIP/ISIN CHANGE TO (US2) (NEW, NEW CORP, US2)" reportDate="20240606" quantity="50" proceeds="0" type="IC" actionID="6" transactionID="62" />
            </CorporateActions>
            <OpenPositions>
            <OpenPosition accountId="U9" currency="USD" assetCategory="STK" symbol="ABC" reportDate="20240607" position="100" markPrice="9.5" positionValue="950" levelOfDetail="SUMMARY" />
            <OpenPosition accountId="U9" currency="USD" assetCategory="STK" symbol="NEW" reportDate="20240607" position="50" markPrice="11" positionValue="550" levelOfDetail="SUMMARY" />
            </OpenPositions>

            """)
        let book = try Self.read(text)
        #expect(book.actions.map { "\($0.day) \($0.symbol) \($0.type) \($0.ratio.map { "\($0)" } ?? "") \($0.newSymbol ?? "")" }
                == ["2024-06-05 ABC SPLIT 0.1 ", "2024-06-06 OLD SYMBOL_CHANGE  NEW"])
        #expect(book.positions.map { "\($0.symbol) \($0.quantity)" } == ["ABC 100.0", "NEW 50.0"])
    }

    @Test func aSplitWhoseSharesDisagreeWithThePositionIsAnError() throws {
        let text = Self.statement("""
            <Trades>
            \(FlexErrorTests.trade("1", "BUY", "100", "30", symbol: "ABC", day: "20240603").trimmingCharacters(in: .newlines))
            </Trades>
            <CorporateActions>
            <CorporateAction accountId="U9" assetCategory="STK" symbol="ABC" description="ABC(US0000000001) SPLIT 3 FOR 1 (ABC, ABC CORP, US0000000001)" reportDate="20240605" quantity="100" proceeds="0" type="FS" actionID="5" transactionID="51" />
            </CorporateActions>

            """)
        do {
            _ = try Self.read(text)
            Issue.record("expected flex-split-quantity")
        } catch let TearsheetError.invalidInput(fs) {
            let f = try #require(fs.first { $0.code == "flex-split-quantity" }, "\(fs)")
            #expect(f.line == 13 && f.message.contains("adds 100 shares") && f.message.contains("200 more"), "\(f)")
        }
    }
}
