import Testing
import TearsheetCore

/// The compact text columns of the trade table read back exactly what was written, whatever
/// layout they chose (issue 20, memory).
@Suite struct CompactColumnTests {
    @Test func shortASCIIIdsArePackedAndReadBack() {
        let ids = ["", "T", "T0000001", "S1234567", "a-b_c.d", "12345678", "S10000000", "~~~~~~~~~", "\u{7f}\u{1}z"]
        var c = TextColumn()
        for id in ids { c.append(id) }
        #expect(c.isPacked)
        #expect(Array(c) == ids)
        var fromBytes = TextColumn()
        for id in ids { var u = Array(id.utf8); u.withUnsafeMutableBufferPointer { fromBytes.append(utf8: UnsafeBufferPointer($0)) } }
        #expect(fromBytes == c && fromBytes.isPacked)
    }

    @Test func anIdThatDoesNotFitTurnsTheColumnIntoStrings() {
        for long in ["1234567890", "café", "a\u{0}b", "T0000001:underlying"] {
            var c: TextColumn = ["T1", "T22"]
            c.append(long)
            c.append("T3")
            #expect(!c.isPacked)
            #expect(Array(c) == ["T1", "T22", long, "T3"])
        }
    }

    @Test func appendingAndGatheringKeepTheRowsAcrossLayouts() {
        let packed: TextColumn = ["A", "B", "C"]
        let strings: TextColumn = ["a-long-identifier", "D"]
        var c = packed
        c.append(contentsOf: packed)
        #expect(c.isPacked && Array(c) == ["A", "B", "C", "A", "B", "C"])
        c.append(contentsOf: strings)
        #expect(!c.isPacked && Array(c) == ["A", "B", "C", "A", "B", "C", "a-long-identifier", "D"])
        #expect(Array(c.gathering([7, 0, 6])) == ["D", "A", "a-long-identifier"])
        #expect(Array(packed.gathering([2, 1])) == ["C", "B"])
        // Equality is by text, not by layout.
        var mixed: TextColumn = ["A"]
        mixed.append("identifier-9")
        var same: TextColumn = ["A", "identifier-9"]
        same.append(contentsOf: TextColumn())
        #expect(mixed == same)
    }

    @Test func internedColumnsHoldEachTextOnce() {
        var c: InternedColumn = ["Tech", "", "Energy", "Tech"]
        #expect(c.texts.count == 3)
        #expect(Array(c) == ["Tech", "", "Energy", "Tech"])
        #expect(c.isEmpty(at: 1) && !c.isEmpty(at: 0))
        let other: InternedColumn = ["Utilities", "Tech"]
        c.append(contentsOf: other)
        #expect(Array(c) == ["Tech", "", "Energy", "Tech", "Utilities", "Tech"])
        #expect(c.texts.count == 4)
        c[1] = "Energy"
        #expect(c[1] == "Energy")
        #expect(Array(c.gathering([4, 0])) == ["Utilities", "Tech"])
        // Equal by text even when the ids differ.
        let a: InternedColumn = ["x", "y"], b = InternedColumn(["y", "x"]).gathering([1, 0])
        #expect(a == b)
    }
}

/// Ids stay 16 bits until one does not fit, then the column widens once and reads the same.
@Suite struct IdColumnTests {
    @Test func narrowUntilAnIdDoesNotFitThenWideWithTheSameRows() {
        var c: IdColumn = [0, 7, 65_535]
        #expect(c.isNarrow)
        c.append(65_536)
        c.append(-1)
        #expect(!c.isNarrow)
        #expect(Array(c) == [0, 7, 65_535, 65_536, -1])
        c[1] = 70_000
        #expect(c[1] == 70_000)
        var n: IdColumn = [1, 2, 3]
        n[0] = 100_000
        #expect(!n.isNarrow && Array(n) == [100_000, 2, 3])
        #expect(Array(c.gathering([3, 0])) == [65_536, 0])
        #expect(IdColumn([4, 5]) == [4, 5])
        #expect(IdColumn([70_000, 5]).gathering([1]) == [5])
    }
}
