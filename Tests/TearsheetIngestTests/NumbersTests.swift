import Foundation
import Testing
import PropertyBased
@testable import TearsheetIngest
import TearsheetCore

private func parse(_ s: String) -> NumberParse {
    var b = Array(s.utf8)
    return b.withUnsafeMutableBufferPointer { Numbers.parse(UnsafeBufferPointer($0)) }
}

@Suite struct NumbersTests {
    @Test func parsesCommonForms() {
        let cases: [(String, Double)] = [("0", 0), ("1", 1), ("-2.5", -2.5), ("+3", 3), (".5", 0.5), ("5.", 5),
                                         ("1e3", 1000), ("1.5E-3", 0.0015), ("0.1", 0.1), ("470.5", 470.5),
                                         ("123456789012345678901234567890", 123456789012345678901234567890.0),
                                         ("0.30000000000000004", 0.30000000000000004), ("1e-320", 1e-320)]
        for (s, v) in cases { #expect(parse(s) == .value(v), "\(s)") }
    }

    @Test func rejectsWhatItShould() {
        #expect(parse("") == .empty)
        #expect(parse("1,234.5") == .thousandsSeparator)
        #expect(parse("NaN") == .nonFinite)
        #expect(parse("-inf") == .nonFinite)
        #expect(parse("Infinity") == .nonFinite)
        #expect(parse("1e400") == .nonFinite)
        for s in ["abc", "1.2.3", "--1", "1e", "0x10", ".", "-", "1 2", "1e+"] { #expect(parse(s) == .malformed, "\(s)") }
    }

    /// Every double printed in its shortest form and in fixed notation parses back to itself,
    /// exactly as `Double(String)` would.
    @Test func roundTripsLikeDoubleString() async {
        await propertyCheck(input: Gen.double(in: -1e12...1e12), Gen.int(in: -30...30)) { x, e in
            let v = x * pow10(e)
            for s in [v.description, String(format: "%.17g", v), String(format: "%.6f", v)] {
                #expect(parse(s) == .value(Double(s)!), "\(s)")
            }
        }
    }

    /// Short fixed decimals (the plain path: at most 15 digits, optional sign and point, leading
    /// and trailing zeros) parse exactly as `Double(String)`, and `-0` keeps its sign.
    @Test func shortDecimalsParseLikeDoubleString() async {
        let digit = Gen.int(in: 0...9)
        await propertyCheck(input: digit.array(of: 0...9), digit.array(of: 0...8), Gen.int(in: 0...3)) { whole, fraction, form in
            let w = whole.map(String.init).joined(), f = fraction.map(String.init).joined()
            let body = form == 3 ? w : w + "." + f
            guard body.contains(where: \.isNumber) else { return }
            for s in [body, "-" + body, "+" + body] {
                #expect(parse(s) == .value(Double(s)!), "\(s)")
            }
        }
        #expect(parse("-0") == .value(-0.0))
        if case .value(let z) = parse("-0.00") { #expect(z.sign == .minus) }
    }
}

private func pow10(_ e: Int) -> Double {
    var v = 1.0
    for _ in 0..<abs(e) { v *= 10 }
    return e < 0 ? 1 / v : v
}
