import Foundation
import Testing
import PropertyBased
@testable import TearsheetIngest
import TearsheetCore

@Suite struct CSVReaderTests {
    @Test func plainLFAndCRLF() {
        for eol in ["\n", "\r\n", "\r"] {
            let r = readCSV("a,b" + eol + "1,2" + eol + "3,4" + eol)
            #expect(r.header == ["a", "b"])
            #expect(r.rows == [["1", "2"], ["3", "4"]])
            #expect(r.findings.isEmpty)
        }
    }

    @Test func noTrailingNewlineAndEmptyFields() {
        let r = readCSV("a,b,c\n,,\n1,,3")
        #expect(r.rows == [["", "", ""], ["1", "", "3"]])
    }

    @Test func quotingDoubledQuotesCommasAndNewlines() {
        let r = readCSV("a,b\n\"x,y\",\"he said \"\"hi\"\"\"\n\"line1\nline2\",\"\"\nnext,row\n")
        #expect(r.rows == [["x,y", "he said \"hi\""], ["line1\nline2", ""], ["next", "row"]])
        #expect(r.findings.isEmpty)
    }

    @Test func lineNumbersCountEmbeddedNewlines() {
        var findings = Findings()
        var lines: [Int] = []
        var bytes = Array("a,b\n\"1\n2\n3\",x\nq,w\n".utf8)
        _ = CSVReader.read(&bytes, file: "t.csv", findings: &findings) { lines.append($0.line) }
        #expect(lines == [2, 5])
    }

    @Test func byteOrderMarkIsSkipped() {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("date,close\n2024-01-02,1\n".utf8)
        let r = readCSV(bytes: &bytes)
        #expect(r.header == ["date", "close"])
        #expect(r.rows.count == 1)
    }

    @Test func commentLinesOnlyAtTheTop() {
        var findings = Findings()
        var bytes = Array("# source: x\n#  format: y\ndate,close\n2024-01-02,1\n#not a comment,2\n".utf8)
        var rows: [[String]] = []
        let s = CSVReader.read(&bytes, file: "t.csv", findings: &findings) { row in rows.append((0..<row.count).map { row.string($0) }) }
        #expect(s.comments == ["source: x", "format: y"])
        #expect(rows == [["2024-01-02", "1"], ["#not a comment", "2"]])
    }

    @Test func blankLinesAreSkipped() {
        let r = readCSV("a\n\n1\n\n\n2\n")
        #expect(r.rows == [["1"], ["2"]])
    }

    @Test func raggedRowsAreReportedAndSkipped() {
        let r = readCSV("a,b\n1\n1,2,3\n4,5\n")
        #expect(r.rows == [["4", "5"]])
        #expect(r.findings.map(\.code) == ["ragged-row", "ragged-row"])
        #expect(r.findings.map(\.line) == [2, 3])
        #expect(r.findings.map(\.column) == [2, 3])
    }

    @Test func unterminatedQuoteAtEOF() {
        let r = readCSV("a,b\n1,\"open\n2,3\n")
        #expect(r.findings.map(\.code) == ["unterminated-quote"])
        #expect(r.findings.first?.line == 2)
        #expect(r.findings.first?.column == 2)
    }

    @Test func strayQuotes() {
        let r = readCSV("a,b\n1,x\"y\n\"p\"q,2\n3,4\n")
        #expect(r.findings.map(\.code) == ["stray-quote", "stray-quote"])
        #expect(r.rows == [["3", "4"]])
    }

    @Test func invalidUTF8IsLocated() {
        var bytes = Array("a,b\n1,ok\n2,caf".utf8) + [0xE9] + Array("\n3,\u{e9}t\u{e9} \u{1F600}\n".utf8)
        let r = readCSV(bytes: &bytes)
        #expect(r.findings.count == 1)
        #expect(r.findings.first?.code == "invalid-utf8")
        #expect(r.findings.first?.line == 3)
        #expect(r.findings.first?.column == 2)
        #expect(r.rows == [["1", "ok"], ["3", "\u{e9}t\u{e9} \u{1F600}"]])
    }

    @Test func rejectsOverlongAndSurrogateSequences() {
        for bad: [UInt8] in [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80]] {
            var bytes = Array("a\n".utf8) + bad + [0x0A]
            #expect(readCSV(bytes: &bytes).findings.map(\.code) == ["invalid-utf8"])
        }
    }

    @Test func emptyAndCommentOnlyFiles() {
        #expect(readCSV("").findings.map(\.code) == ["empty-file"])
        #expect(readCSV("# only a comment\n\n").findings.map(\.code) == ["empty-file"])
    }

    @Test func trailingCommaMeansEmptyLastField() {
        let r = readCSV("a,b\n1,")
        #expect(r.rows == [["1", ""]])
    }

    /// Writes random fields with RFC 4180 quoting and reads them back unchanged.
    @Test func quotedFieldsRoundTrip() async {
        let alphabet = Array("ab,\"\n\r x1\u{e9}\u{1F600}")
        let field = Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...6).map { idx in String(idx.map { alphabet[$0] }) }
        await propertyCheck(input: field.array(of: 1...5).array(of: 1...6)) { table in
            let width = table[0].count
            let rows = table.map { r in (0..<width).map { $0 < r.count ? r[$0] : "" } }
            func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            let header = (0..<width).map { "c\($0)" }
            let text = ([header.joined(separator: ",")] + rows.map { $0.map(quote).joined(separator: ",") }).joined(separator: "\r\n") + "\r\n"
            let r = readCSV(text)
            #expect(r.findings.isEmpty)
            #expect(r.header == header)
            #expect(r.rows == rows)
        }
    }
}
