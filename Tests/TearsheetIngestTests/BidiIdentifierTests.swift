import Testing
@testable import TearsheetIngest

/// issue 18 (second hostile corpus): a bidirectional control in an account, strategy or symbol
/// is refused like a control byte, since `DisplayText` removes it and `co<U+202E>re` would read
/// as `core`. Offsets and scalars counted by hand from the UTF-8 bytes.
@Suite struct BidiIdentifierTests {
    func find(_ s: String) -> (Int, UInt32)? {
        Array(s.utf8).withUnsafeBufferPointer { FieldDecoder.bidiControl($0) }
    }

    @Test func everyBidiControlIsFoundAtItsByte() {
        #expect(find("co\u{202E}re")! == (2, 0x202E))        // c o | E2 80 AE
        #expect(find("A\u{2068}B\u{2069}")! == (1, 0x2068))  // A | E2 81 A8
        #expect(find("\u{061C}x")! == (0, 0x061C))           // D8 9C
        #expect(find("ab\u{200F}")! == (2, 0x200F))          // E2 80 8F at the end
        #expect(find("\u{202A}")! == (0, 0x202A))
    }

    @Test func otherTextIsNotABidiControl() {
        for s in ["core", "€uro", "ü", "صندوق gnp.exe عربي", "שוק", "\u{2010}dash", "\u{2070}", "\u{2030}", "", "x"] {
            #expect(find(s) == nil, "\(s)")
        }
    }
}
