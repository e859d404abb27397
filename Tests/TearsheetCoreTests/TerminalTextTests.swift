import Foundation
import Testing
import PropertyBased
@testable import TearsheetCore

@Suite struct TerminalTextTests {
    @Test func plainTextIsUnchanged() {
        for s in ["", "Growth sleeve", "tab\there\nand a new line", "Überrendite 日本 📈", "שלום"] {
            #expect(TerminalText.safe(s) == s)
        }
    }

    @Test func controlsAndOverridesAreShownEscaped() {
        #expect(TerminalText.safe("a\u{1B}[2Jb") == "a\\u{1B}[2Jb")
        #expect(TerminalText.safe("\u{1B}]52;c;ZXZpbA==\u{07}") == "\\u{1B}]52;c;ZXZpbA==\\u{7}")
        #expect(TerminalText.safe("fake\rreal") == "fake\\u{D}real")
        #expect(TerminalText.safe("x\u{7F}\u{9B}31m") == "x\\u{7F}\\u{9B}31m")
        #expect(TerminalText.safe("\u{202E}gpj.exe") == "\\u{202E}gpj.exe")
        #expect(TerminalText.safe("a\u{2066}b\u{2069}\u{2028}") == "a\\u{2066}b\\u{2069}\\u{2028}")
        #expect(TerminalText.safe("\u{0}") == "\\u{0}")
    }

    @Test func safeTextHoldsNoUnsafeScalarAndChangesOnlyUnsafeOnes() async {
        let scalars: [Unicode.Scalar] = ["a", " ", "\t", "\n", "\r", "\u{1B}", "\u{7F}", "\u{85}", "\u{9B}",
                                         "\u{202E}", "\u{2067}", "\u{2028}", "é", "日", "📈", "\\", "{"]
        await propertyCheck(input: Gen.int(in: 0...(scalars.count - 1)).array(of: 0...40)) { picks in
            var s = ""
            for i in picks { s.unicodeScalars.append(scalars[i]) }
            let safe = TerminalText.safe(s)
            #expect(!safe.unicodeScalars.contains(where: TerminalText.isUnsafe))
            #expect((safe == s) == !s.unicodeScalars.contains(where: TerminalText.isUnsafe))
            // Every unsafe scalar became exactly one `\u{...}`; nothing else was touched.
            let unsafeCount = s.unicodeScalars.filter(TerminalText.isUnsafe).count
            #expect(safe.components(separatedBy: "\\u{").count - 1 == unsafeCount + s.components(separatedBy: "\\u{").count - 1)
        }
    }

    @Test func jsonEscapesWhatATerminalWouldActOn() throws {
        let s = "a\u{1B}[2J\u{7F}\u{9B}\u{85}\u{202E}\u{2028}\u{2029}\u{2066}é/\"\\"
        let quoted = try JSONOutput.text([s])
        #expect(quoted == "[\n  \"a\\u001b[2J\\u007f\\u009b\\u0085\\u202e\\u2028\\u2029\\u2066é/\\\"\\\\\"\n]")
        #expect(!quoted.unicodeScalars.contains(where: TerminalText.isUnsafe))
        // Still the same string for a JSON reader.
        let back = try JSONSerialization.jsonObject(with: Data(quoted.utf8)) as? [String]
        #expect(back == [s])
        #expect(try JSONOutput.text(["plain", "日本", "\u{2030}‱ stays"]) == "[\n  \"plain\",\n  \"日本\",\n  \"‰‱ stays\"\n]")
    }

    /// Any string survives the escaping: the JSON parses back to it and shows no unsafe scalar.
    @Test func jsonEscapingIsLosslessForAnyString() async {
        let scalars: [Unicode.Scalar] = ["a", "\u{0}", "\t", "\n", "\u{1B}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{202A}",
                                         "\u{2027}", "\u{2028}", "\u{202F}", "\u{2065}", "\u{2069}", "\u{206A}", "é", "€", "📈", "\"", "\\"]
        await propertyCheck(input: Gen.int(in: 0...(scalars.count - 1)).array(of: 0...30)) { picks in
            var s = ""
            for i in picks { s.unicodeScalars.append(scalars[i]) }
            let text = try JSONOutput.text(["k": s])
            #expect(!text.unicodeScalars.contains(where: TerminalText.isUnsafe))
            let back = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
            #expect(back == ["k": s])
        }
    }
}

@Suite struct JSONOutputTests {
    struct Sample: Encodable {
        var zeta = 1
        var alpha: JSONNumber
        var numbers: [JSONNumber]
    }

    /// Keys sorted, integral doubles without `.0`, shortest round-trip decimals, `null` for nil and
    /// non-finite values, a newline only in the file form.
    @Test func oneConfigurationForEveryOutput() throws {
        let tenth = 0.1, third = 1.0 / 3
        let text = try JSONOutput.text(Sample(alpha: JSONNumber(2.0), numbers: [JSONNumber(tenth), JSONNumber(third), JSONNumber(nil),
                                                                                 JSONNumber(.nan), JSONNumber(-.infinity), JSONNumber(1e-7)]))
        #expect(text == """
        {
          "alpha" : 2,
          "numbers" : [
            0.1,
            \(third.description),
            null,
            null,
            null,
            1e-07
          ],
          "zeta" : 1
        }
        """)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((object["numbers"] as? [Any])?[1] as? Double == third)
        #expect(try JSONOutput.file(Sample(alpha: JSONNumber(1), numbers: [])) == Data((try JSONOutput.text(Sample(alpha: JSONNumber(1), numbers: [])) + "\n").utf8))
    }

    /// A bare non-finite Double is a bug: an internal error, never invalid JSON.
    @Test func aBareNonFiniteDoubleIsAnInternalError() {
        #expect(throws: TearsheetError.self) { try JSONOutput.text([Double.nan]) }
        do { _ = try JSONOutput.text([Double.infinity]) } catch {
            #expect(error.exitCode == 3)
        }
    }
}
