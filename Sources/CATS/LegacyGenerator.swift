import Foundation
import InstanceIO

/// The "legacy" bid distributions used before CATS (catalogued in Leyton-Brown, Pearson &
/// Shoham 2000, "Towards a universal test suite for combinatorial auction algorithms", §2):
/// every bid is drawn independently — a bundle size, that many distinct goods uniformly
/// without replacement, and a price. There are no XOR bidders: every bid is its own bidder
/// (`dummy 0`).
///
/// Unlike CATS, dominated bids are not removed, so a file has exactly the requested number of
/// bids. The presets with the published parameters are in `LegacyDistributions.swift`.
///
/// ```swift
/// var rng = SeededGenerator(seed: 3)
/// let file = try LegacyGenerator.uniform.generate(goods: 10, bids: 50, using: &rng)
/// // every bid has exactly 3 goods
/// ```
public struct LegacyGenerator: CATSGenerator {
    /// How many goods a bid asks for.
    public enum BundleSize: Sendable, Equatable {
        /// Uniform on `1...goods` (Sandholm's "random").
        case uniform
        /// Always `n` goods (Sandholm's "uniform").
        case constant(Int)
        /// Start with one good; add one more with probability `alpha` until a draw fails or
        /// all goods are in (Sandholm's "decay").
        case decay(alpha: Double)
        /// `round(N(mean, sd))`, redrawn until in `1...goods` (Hoos & Boutilier's "normal").
        case normal(mean: Double, sd: Double)
        /// `P(n) ∝ exp(-n/q)` on `1...goods` (Fujishima et al.'s "exponential").
        case exponential(q: Double)
        /// Each good independently with probability `p`, redrawn when empty (Fujishima et
        /// al.'s "binomial").
        case binomial(p: Double)
    }

    /// How a bid's price is drawn.
    public enum Pricing: Sendable, Equatable {
        /// Uniform in `[low, high]`, whatever the bundle.
        case fixed(low: Double, high: Double)
        /// Uniform in `[low·n, high·n]` for a bundle of `n` goods.
        case linear(low: Double, high: Double)
        /// `N(mean, sd)`, redrawn while negative (CATS prices are non-negative).
        case normal(mean: Double, sd: Double)
    }

    /// The bundle-size rule.
    public var bundleSize: BundleSize
    /// The pricing rule.
    public var pricing: Pricing
    /// The distribution's name in the literature, e.g. `L4 decay`.
    public var name: String

    /// Creates a legacy distribution.
    public init(name: String, bundleSize: BundleSize, pricing: Pricing) {
        self.name = name
        self.bundleSize = bundleSize
        self.pricing = pricing
    }

    /// The parameters, one per line.
    public var parameterDescription: [String] {
        ["Legacy distribution \(name): bundle size \(sizeText), price \(priceText)",
         "Dominated bids are not removed; every bid is its own bidder."]
    }

    private var sizeText: String {
        switch bundleSize {
        case .uniform: "uniform on 1...goods"
        case .constant(let n): "always \(n)"
        case .decay(let alpha): "decay with alpha = \(alpha)"
        case .normal(let mean, let sd): "round(N(\(mean), \(sd)))"
        case .exponential(let q): "exponential with q = \(q)"
        case .binomial(let p): "binomial, each good with probability \(p)"
        }
    }

    private var priceText: String {
        switch pricing {
        case .fixed(let low, let high): "uniform in [\(low), \(high)]"
        case .linear(let low, let high): "uniform in [\(low), \(high)] x bundle size"
        case .normal(let mean, let sd): "N(\(mean), \(sd)), redrawn while negative"
        }
    }

    /// Draws `bids` independent bids over `goods` goods.
    public func generate(goods: Int, bids: Int, using rng: inout SeededGenerator)
        throws(GeneratorError) -> CATSFile
    {
        if case .constant(let n) = bundleSize, n > goods || n < 1 {
            throw GeneratorError("\(name) bids ask for exactly \(n) goods; --goods must be at "
                + "least \(n), got \(goods)")
        }
        var result: [CATSBid] = []
        result.reserveCapacity(bids)
        for _ in 0..<bids {
            let n = drawSize(goods: goods, using: &rng)
            let bundle = rng.distinctGoods(n, of: goods)
            result.append(CATSBid(price: roundPrice(drawPrice(size: n, using: &rng)), goods: bundle))
        }
        return CATSFile(goodCount: goods, dummyCount: 0, bids: result)
    }

    /// A bundle size in `1...goods`.
    func drawSize(goods m: Int, using rng: inout SeededGenerator) -> Int {
        switch bundleSize {
        case .uniform:
            return Int.random(in: 1...m, using: &rng)
        case .constant(let n):
            return n
        case .decay(let alpha):
            var n = 1
            while n < m && rng.unit() < alpha { n += 1 }
            return n
        case .normal(let mean, let sd):
            while true {
                let n = (mean + sd * rng.nextGaussian()).rounded()
                if n >= 1 && n <= Double(m) { return Int(n) }
            }
        case .exponential(let q):
            // Inverse transform of the exponential truncated to [0, m): floor gives
            // P(n) ∝ exp(-n/q) on 1...m.
            let u = rng.unit()
            let x = -q * log(1 - (1 - exp(-Double(m) / q)) * u)
            return min(m, 1 + Int(x.rounded(.down)))
        case .binomial(let p):
            while true {
                var n = 0
                for _ in 0..<m where rng.unit() < p { n += 1 }
                if n > 0 { return n }
            }
        }
    }

    /// A non-negative price for a bundle of `n` goods.
    func drawPrice(size n: Int, using rng: inout SeededGenerator) -> Double {
        switch pricing {
        case .fixed(let low, let high):
            return low + (high - low) * rng.unit()
        case .linear(let low, let high):
            return Double(n) * (low + (high - low) * rng.unit())
        case .normal(let mean, let sd):
            while true {
                let price = mean + sd * rng.nextGaussian()
                if price >= 0 { return price }
            }
        }
    }
}
