/// The legacy distributions L1–L7 with their published parameters.
///
/// Sources: T. Sandholm, "Algorithm for optimal winner determination in combinatorial
/// auctions", Artificial Intelligence 135 (2002) (random, weighted random, uniform, decay);
/// Y. Fujishima, K. Leyton-Brown & Y. Shoham, "Taming the computational complexity of
/// combinatorial auctions", IJCAI 1999 (binomial, exponential); H. Hoos & C. Boutilier,
/// AAAI 2000 (normal); all as listed, with these parameter values, in K. Leyton-Brown,
/// M. Pearson & Y. Shoham, "Towards a universal test suite for combinatorial auction
/// algorithms", EC 2000, §2 (and the defaults of the CATS 2.x generator's legacy module).
extension LegacyGenerator {
    /// L1 "random": a uniformly random number of goods in `1...m`, price uniform in [0, 1].
    public static let random = LegacyGenerator(
        name: "L1 random", bundleSize: .uniform, pricing: .fixed(low: 0, high: 1))

    /// L2 "weighted random": as L1, price uniform in [0, n] for a bundle of n goods.
    public static let weightedRandom = LegacyGenerator(
        name: "L2 weighted random", bundleSize: .uniform, pricing: .linear(low: 0, high: 1))

    /// L3 "uniform": exactly 3 goods per bid (the CATS default `const_goods = 3`), price
    /// uniform in [0, 1].
    public static let uniform = LegacyGenerator(
        name: "L3 uniform", bundleSize: .constant(3), pricing: .fixed(low: 0, high: 1))

    /// L4 "decay": one good, then repeatedly one more with probability α = 0.55 until a draw
    /// fails or all goods are in; price uniform in [0, n].
    public static let decay = LegacyGenerator(
        name: "L4 decay", bundleSize: .decay(alpha: 0.55), pricing: .linear(low: 0, high: 1))

    /// L5 "normal": bundle size round(N(4, 1)), price N(16, 3) (Hoos & Boutilier).
    public static let normal = LegacyGenerator(
        name: "L5 normal", bundleSize: .normal(mean: 4, sd: 1), pricing: .normal(mean: 16, sd: 3))

    /// L6 "exponential": P(n) ∝ exp(-n/q), q = 5; price uniform in [0.5n, 1.5n].
    public static let exponential = LegacyGenerator(
        name: "L6 exponential", bundleSize: .exponential(q: 5),
        pricing: .linear(low: 0.5, high: 1.5))

    /// L7 "binomial": each good with probability p = 0.2; price uniform in [0.5n, 1.5n].
    public static let binomial = LegacyGenerator(
        name: "L7 binomial", bundleSize: .binomial(p: 0.2), pricing: .linear(low: 0.5, high: 1.5))
}
