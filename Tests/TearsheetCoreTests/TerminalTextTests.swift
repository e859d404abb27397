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
        let s = "a\u{1B}[2J\u{7F}\u{9B}\u{202E}\u{2028}é"
        let quoted = JSONText.quote(s)
        #expect(quoted == "\"a\\u001b[2J\\u007f\\u009b\\u202e\\u2028é\"")
        // Still the same string for a JSON reader.
        let back = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
        #expect(back == [s])
        #expect(JSONText.quote("plain") == "\"plain\"")
        #expect(JSONText.quote("日本") == "\"日本\"")
    }
}
