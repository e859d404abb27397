import Testing
import PropertyBased
@testable import TearsheetIngest
import TearsheetCore

/// The plain-record scan (`CSVReader.Parser.plainRecord`: ASCII rows without quotes or carriage
/// returns, cut by word masks) against the plainest reference there is: split the text at line
/// feeds, then at commas. Rows of 1 to 150 fields cross the 64 fields the scan's first bounds
/// hold (it then leaves the record to the general scan); empty fields, trailing commas, NUL, DEL
/// and tab bytes are all plain. Every chunk size reads the same (`CSVStreamTests` compares the
/// general scan with itself across chunk sizes, which also mixes both scans on one file).
@Suite struct PlainRecordTests {
    static let alphabet: [UInt8] = Array("ab1.-_ Z".utf8) + [0x00, 0x7F, 0x09]

    @Test func plainRowsAreSplitAtEveryCommaAndLineFeed() async {
        let field = Gen.int(in: 0...(Self.alphabet.count - 1)).array(of: 0...12).map { $0.map { Self.alphabet[$0] } }
        await propertyCheck(input: Gen.int(in: 1...150), Gen.int(in: 1...6), field.array(of: 1...40)) { width, rowCount, pool in
            // `rowCount` rows of `width` fields, drawn from the pool in turn.
            var rows: [[[UInt8]]] = []
            var k = 0
            for _ in 0..<rowCount {
                rows.append((0..<width).map { _ in defer { k += 1 }; return pool[k % pool.count] })
            }
            let header = (0..<width).map { Array("c\($0)".utf8) }
            let text = ([header] + rows).map { r in Array(r.joined(separator: [0x2C])) + [0x0A] }.joined()
            let bytes = Array(text)
            let whole = readWhole(bytes)
            // Blank rows (one empty field) are skipped as blank lines, as the reader documents.
            let expected = rows.enumerated().filter { !(width == 1 && $0.element[0].isEmpty) }
            #expect(whole.findings.isEmpty)
            #expect(whole.rows == expected.map { $0.element.map { String(decoding: $0, as: UTF8.self) } })
            #expect(whole.lines == expected.map { $0.offset + 2 })
            for chunk in [1, 7, 8, 9, 64] {
                #expect(readStreamed(bytes, chunk: chunk) == whole, "chunk \(chunk)")
            }
        }
    }
}
