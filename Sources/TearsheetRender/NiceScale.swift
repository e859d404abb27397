import TearsheetCore

/// Axis ticks at "nice" round numbers (1, 2, 2.5, 5 x 10^k), after Heckbert, "Nice numbers for graph
/// labels", Graphics Gems (1990).
import TearsheetReport
struct NiceScale: Equatable {
    var lower: Double
    var upper: Double
    var step: Double
    var ticks: [Double]
    /// Decimals needed to print the ticks exactly.
    var decimals: Int

    init(min lo: Double, max hi: Double, maxTicks: Int = 6) {
        var lo = lo, hi = hi
        if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
        if lo == hi { let pad = lo == 0 ? 1 : abs(lo) * 0.1; lo -= pad; hi += pad }
        let range = NiceScale.nice(hi - lo, round: false)
        let step = NiceScale.nice(range / Double(max(2, maxTicks) - 1), round: true)
        let lower = (lo / step).rounded(.down) * step
        let upper = (hi / step).rounded(.up) * step
        var ticks: [Double] = []
        var i = 0.0
        while lower + i * step <= upper + step * 1e-9 && ticks.count < 50 {
            let t = lower + i * step
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            i += 1
        }
        self.lower = lower
        self.upper = upper
        self.step = step
        self.ticks = ticks
        let e = -Int((step.magnitude).log10Floor)
        self.decimals = Swift.max(0, e + (NiceScale.fractionDigit(step) ? 1 : 0))
    }

    private static func fractionDigit(_ step: Double) -> Bool {
        // 2.5 x 10^k needs one digit more than 10^k.
        let m = step / pow10(Int(step.log10Floor))
        return abs(m - 2.5) < 1e-9
    }

    static func nice(_ x: Double, round: Bool) -> Double {
        guard x > 0 else { return 1 }
        let exp = x.log10Floor
        let f = x / pow10(Int(exp))
        let nf: Double
        if round {
            nf = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10
        } else {
            nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
        }
        return nf * pow10(Int(exp))
    }

    static func pow10(_ k: Int) -> Double {
        var r = 1.0
        if k >= 0 { for _ in 0..<k { r *= 10 } } else { for _ in 0..<(-k) { r /= 10 } }
        return r
    }
}

extension Double {
    /// floor(log10(self)) for positive values, computed without Foundation.
    var log10Floor: Double {
        guard self > 0, isFinite else { return 0 }
        var k = 0
        var v = self
        while v >= 10 { v /= 10; k += 1 }
        while v < 1 { v *= 10; k -= 1 }
        return Double(k)
    }
}
