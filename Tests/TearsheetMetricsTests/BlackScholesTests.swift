import Foundation
import Testing
@testable import TearsheetMetrics

/// Black-Scholes against Hull's worked example and its identities.
@Suite struct BlackScholesTests {
    /// Hull, Example 15.6: S = 42, K = 40, r = 10%, sigma = 20%, T = 0.5: d1 = 0.7693,
    /// d2 = 0.6278, c = 4.76, p = 0.81 (the book rounds to the cent; computed here to 1e-4 from
    /// N(0.769263) = 0.779131 and N(0.627841) = 0.734947).
    @Test func hullExample() {
        let c = BlackScholes.price(.call, spot: 42, strike: 40, years: 0.5, rate: 0.1, volatility: 0.2)
        let p = BlackScholes.price(.put, spot: 42, strike: 40, years: 0.5, rate: 0.1, volatility: 0.2)
        #expect(abs(c - 4.7594) < 1e-4)
        #expect(abs(p - 0.8086) < 1e-4)
        #expect(abs(BlackScholes.delta(.call, spot: 42, strike: 40, years: 0.5, rate: 0.1, volatility: 0.2) - 0.779131) < 1e-5)
        #expect(abs(BlackScholes.delta(.put, spot: 42, strike: 40, years: 0.5, rate: 0.1, volatility: 0.2) - (0.779131 - 1)) < 1e-5)
    }

    /// Put-call parity c - p = S - K e^(-rT), and the implied volatility of a price is the
    /// volatility it was computed with.
    @Test func parityAndImpliedVolatility() {
        for (s, k, t, v) in [(100.0, 95.0, 7.0 / 365, 0.18), (480, 500, 30.0 / 365, 0.25), (50, 50, 1, 0.6)] {
            let r = 0.05
            let c = BlackScholes.price(.call, spot: s, strike: k, years: t, rate: r, volatility: v)
            let p = BlackScholes.price(.put, spot: s, strike: k, years: t, rate: r, volatility: v)
            #expect(abs((c - p) - (s - k * exp(-r * t))) < 1e-9)
            for (right, mark) in [(BlackScholes.Right.call, c), (.put, p)] {
                let iv = BlackScholes.impliedVolatility(right, mark: mark, spot: s, strike: k, years: t, rate: r)
                #expect(iv.map { abs($0 - v) < 1e-6 } == true, "\(right) \(s) \(k)")
            }
        }
    }

    /// At expiry: intrinsic value, delta by moneyness, and no implied volatility; a mark below
    /// intrinsic value has none either.
    @Test func expiryAndImpossibleMarks() {
        #expect(BlackScholes.price(.put, spot: 95, strike: 100, years: 0, rate: 0.05, volatility: 0.2) == 5)
        #expect(BlackScholes.delta(.put, spot: 95, strike: 100, years: 0, rate: 0.05, volatility: 0.2) == -1)
        #expect(BlackScholes.delta(.call, spot: 95, strike: 100, years: 0, rate: 0.05, volatility: 0.2) == 0)
        #expect(BlackScholes.delta(.call, spot: 100, strike: 100, years: 0, rate: 0, volatility: 0) == 0.5)
        #expect(BlackScholes.impliedVolatility(.put, mark: 5, spot: 95, strike: 100, years: 0, rate: 0) == nil)
        #expect(BlackScholes.impliedVolatility(.call, mark: 1, spot: 110, strike: 100, years: 0.1, rate: 0) == nil)
    }
}
