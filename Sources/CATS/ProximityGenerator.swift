import Foundation
import InstanceIO

/// The CATS paper's "regions" and "arbitrary" distributions (Leyton-Brown, Pearson & Shoham
/// 2000, sections "Proximity in space" and "Arbitrary relationships"), with the paper's and
/// the CATS 2.x generator's default parameters and uniform private values.
///
/// The process, per bidder:
/// 1. every good g has a common value `c_g ~ U[1, maxGoodValue]` (drawn once per auction);
///    the bidder draws private values `p_g ~ U[-deviation·maxGoodValue, +deviation·maxGoodValue]`
///    and normalized weights `pn_g ∝ p_g + deviation·maxGoodValue`;
/// 2. the first good is drawn with probability `pn_g`; then, while a uniform draw is
///    `≤ additionalLocation`, one more good is added: with probability `jumpProbability` a
///    uniformly random new good, otherwise a new good `g` with probability
///    `∝ pn_g · Σ_{h in bundle} affinity(h, g)` (regions: 1 for grid neighbours, 0 otherwise;
///    arbitrary: a random `d(h, g) ∈ (0, 1]`);
/// 3. the bundle's value is `Σ_g (c_g + p_g) + n^(1 + additivity)` for `n` goods; a
///    non-positive value restarts the bidder;
/// 4. substitutes: for each good of the bundle, a bundle of the same size grown from that good
///    by step 2's rule; a substitute is kept when its value is in `[0, budgetFactor · value]`,
///    its common value is `≥ resaleFactor ·` the bundle's common value and it differs from the
///    bundle; the `maxSubstitutableBids` most valuable distinct ones join the bidder's bid in one
///    XOR set, which the file marks with a dummy good.
///
/// Interpretations (documented deviations from the CATS 2.x code):
/// - regions lays `m` goods on a grid of `⌊√m⌋` rows filled row by row (the last row may be
///   short) rather than rounding `m` down to a square, so the file has the requested goods;
/// - when no new good has positive weight while a substitute is being grown (its region is
///   exhausted), a uniformly random new good is added (CATS would retry until its jump fires);
/// - bidders are added until the requested number of bids is reached; the last bidder's XOR set
///   is cut to fit (keeping its own bundle and the most valuable substitutes), so a file has
///   exactly the requested bids; dominated bids are not removed.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let file = try ProximityGenerator.regions.generate(goods: 16, bids: 40, using: &rng)
/// file.bidders  // XOR groups of up to 6 bids of equal bundle size
/// ```
public struct ProximityGenerator: CATSGenerator {
    /// Which relation between goods makes bundles complementary.
    public enum Affinity: Sendable, Equatable {
        /// Goods on a grid, neighbours horizontally and vertically (each edge removed with
        /// probability `removeNeighbor`) and, with probability `addDiagonal` per cell, along one
        /// random diagonal (regions).
        case grid(removeNeighbor: Double, addDiagonal: Double)
        /// Every pair of goods has an affinity drawn uniformly from (0, 1] (arbitrary).
        case arbitrary
    }

    /// The relation between goods.
    public var affinity: Affinity
    /// Largest common value of a good (CATS `goodvl`, 100).
    public var maxGoodValue = 100.0
    /// Most substitutes per bidder besides its own bundle (CATS `maxbid`, 5).
    public var maxSubstitutableBids = 5
    /// Probability of growing the bundle by one more good (CATS `addloc`, 0.9).
    public var additionalLocation = 0.9
    /// Probability that a new good is drawn uniformly instead of by affinity (CATS `jump`,
    /// 0.05 for regions; 0 for arbitrary).
    public var jumpProbability: Double
    /// Superadditivity exponent α of `n^(1+α)` (CATS `addit`, 0.2).
    public var additivity = 0.2
    /// Half-width of the private values relative to `maxGoodValue` (CATS `dev`, 0.5).
    public var deviation = 0.5
    /// A substitute may be worth at most this times the bundle (CATS `budget`, 1.5).
    public var budgetFactor = 1.5
    /// A substitute's common value must be at least this times the bundle's (CATS `resale`,
    /// 0.5).
    public var resaleFactor = 0.5

    /// Creates a generator with the CATS default parameters for the given affinity.
    public init(affinity: Affinity, jumpProbability: Double) {
        self.affinity = affinity
        self.jumpProbability = jumpProbability
    }

    /// "regions" with its defaults: remove an edge with probability 0.1, add a diagonal with
    /// probability 0.2, jump probability 0.05.
    public static let regions = ProximityGenerator(
        affinity: .grid(removeNeighbor: 0.1, addDiagonal: 0.2), jumpProbability: 0.05)

    /// "arbitrary" with its defaults (no jumps).
    public static let arbitrary = ProximityGenerator(affinity: .arbitrary, jumpProbability: 0)

    /// The parameters, one per line.
    public var parameterDescription: [String] {
        let kind: String
        switch affinity {
        case .grid(let remove, let diagonal):
            kind = "Regions (grid; removing HV neighbor = \(remove), adding DIAG neighbor = \(diagonal))"
        case .arbitrary:
            kind = "Arbitrary (random pairwise affinities in (0, 1])"
        }
        return [
            "\(kind) distribution parameters:",
            "Max substitutable bids = \(maxSubstitutableBids), additional location = "
                + "\(additionalLocation), jump probability = \(jumpProbability)",
            "Additivity = \(additivity), budget factor = \(budgetFactor), resale factor = "
                + "\(resaleFactor)",
            "Uniform private values: deviation = \(deviation), max good value = \(maxGoodValue)",
        ]
    }

    /// Draws bidders until `bids` bids are reached (the last XOR set is cut to fit).
    public func generate(goods m: Int, bids: Int, using rng: inout SeededGenerator)
        throws(GeneratorError) -> CATSFile
    {
        guard m >= 2 else {
            throw GeneratorError("regions and arbitrary need at least 2 goods, got \(m)")
        }
        let weights = affinityMatrix(goods: m, using: &rng)
        let common = (0..<m).map { _ in 1 + rng.unit() * (maxGoodValue - 1) }
        var result: [CATSBid] = []
        var dummyCount = 0
        while result.count < bids {
            var set = drawBidder(goods: m, affinity: weights, common: common, using: &rng)
            set = Array(set.prefix(bids - result.count))
            let dummy: [Int] = set.count > 1 ? [m + dummyCount] : []
            if set.count > 1 { dummyCount += 1 }
            for bundle in set {
                result.append(CATSBid(price: roundPrice(bundle.value), goods: bundle.goods + dummy))
            }
        }
        return CATSFile(goodCount: m, dummyCount: dummyCount, bids: result)
    }

    /// A bundle being built, its values, and for every good its summed affinity to the
    /// bundle (kept up to date as goods are added, so growing a bundle costs O(m) a good).
    struct Bundle {
        var goods: [Int] = []
        var inBundle: [Bool]
        var pull: [Double]
        var value = 0.0
        var commonValue = 0.0

        init(start: Int, affinity: [[Double]]) {
            inBundle = [Bool](repeating: false, count: affinity.count)
            pull = [Double](repeating: 0, count: affinity.count)
            insert(start, affinity: affinity)
        }

        mutating func insert(_ g: Int, affinity: [[Double]]) {
            goods.append(g)
            inBundle[g] = true
            let row = affinity[g]
            for h in pull.indices { pull[h] += row[h] }
        }
    }

    /// One bidder's XOR set: its own bundle first, then the kept substitutes by value.
    func drawBidder(goods m: Int, affinity: [[Double]], common: [Double],
                    using rng: inout SeededGenerator) -> [Bundle] {
        let spread = deviation * maxGoodValue
        while true {
            let privateValues = (0..<m).map { _ in -spread + rng.unit() * 2 * spread }
            let shifted = privateValues.map { $0 + spread }
            let total = shifted.reduce(0, +)
            guard total > 0 else { continue }
            let pn = shifted.map { $0 / total }
            var bundle = Bundle(start: rng.weightedIndex(pn, total: 1), affinity: affinity)
            while rng.unit() <= additionalLocation {
                _ = addGood(to: &bundle, goods: m, pn: pn, affinity: affinity, using: &rng)
            }
            evaluate(&bundle, privateValues: privateValues, common: common)
            if bundle.value <= 0 { continue }  // CATS restarts the bidder
            let budget = budgetFactor * bundle.value
            let minResale = resaleFactor * bundle.commonValue
            let ownSet = Set(bundle.goods)
            var candidates: [Bundle] = []
            for start in bundle.goods {
                var sub = Bundle(start: start, affinity: affinity)
                while sub.goods.count < bundle.goods.count {
                    if !addGood(to: &sub, goods: m, pn: pn, affinity: affinity, using: &rng) {
                        addUniformGood(to: &sub, affinity: affinity, using: &rng)
                    }
                }
                evaluate(&sub, privateValues: privateValues, common: common)
                if sub.value >= 0 && sub.value <= budget && sub.commonValue >= minResale
                    && Set(sub.goods) != ownSet {
                    candidates.append(sub)
                }
            }
            // Most valuable first; equal values keep their drawing order (stable).
            let ranked = candidates.enumerated().sorted {
                $0.element.value != $1.element.value
                    ? $0.element.value > $1.element.value : $0.offset < $1.offset
            }.map(\.element)
            var chosen = [bundle]
            var seen: Set<Set<Int>> = [ownSet]
            for sub in ranked where chosen.count <= maxSubstitutableBids {
                if seen.insert(Set(sub.goods)).inserted { chosen.append(sub) }
            }
            return chosen.map { var b = $0; b.goods.sort(); return b }
        }
    }

    /// Step 2's growth rule; `false` when no new good has positive weight (nothing added).
    func addGood(to bundle: inout Bundle, goods m: Int, pn: [Double], affinity: [[Double]],
                 using rng: inout SeededGenerator) -> Bool {
        if bundle.goods.count >= m { return false }
        if jumpProbability > 0 && rng.unit() < jumpProbability {
            addUniformGood(to: &bundle, affinity: affinity, using: &rng)
            return true
        }
        var weights = [Double](repeating: 0, count: m)
        var total = 0.0
        for g in 0..<m where !bundle.inBundle[g] {
            weights[g] = pn[g] * bundle.pull[g]
            total += weights[g]
        }
        guard total > 0 else { return false }
        bundle.insert(rng.weightedIndex(weights, total: total), affinity: affinity)
        return true
    }

    /// Adds a uniformly random good not yet in the bundle.
    func addUniformGood(to bundle: inout Bundle, affinity: [[Double]], using rng: inout SeededGenerator) {
        let outside = bundle.inBundle.indices.filter { !bundle.inBundle[$0] }
        bundle.insert(outside[Int.random(in: 0..<outside.count, using: &rng)], affinity: affinity)
    }

    /// Step 3's value and the common value.
    func evaluate(_ bundle: inout Bundle, privateValues: [Double], common: [Double]) {
        let c = bundle.goods.reduce(0) { $0 + common[$1] }
        let p = bundle.goods.reduce(0) { $0 + privateValues[$1] }
        bundle.commonValue = c
        bundle.value = c + p + pow(Double(bundle.goods.count), 1 + additivity)
    }

    /// The symmetric affinity matrix: grid adjacency (redrawn until every good has a
    /// neighbour, as CATS does) or random weights in (0, 1].
    func affinityMatrix(goods m: Int, using rng: inout SeededGenerator) -> [[Double]] {
        var a = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        switch affinity {
        case .arbitrary:
            for i in 0..<m {
                for j in (i + 1)..<m {
                    let d = 1 - rng.unit()  // in (0, 1]
                    a[i][j] = d
                    a[j][i] = d
                }
            }
            return a
        case .grid(let remove, let diagonal):
            let rows = max(1, Int(Double(m).squareRoot()))
            let cols = (m + rows - 1) / rows
            func cell(_ r: Int, _ c: Int) -> Int? {
                r >= 0 && c >= 0 && r < rows && c < cols && r * cols + c < m ? r * cols + c : nil
            }
            while true {
                a = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
                func connect(_ x: Int?, _ y: Int?) {
                    if let x, let y { a[x][y] = 1; a[y][x] = 1 }
                }
                for r in 0..<rows {
                    for c in 0..<cols where cell(r, c) != nil {
                        if rng.unit() > remove { connect(cell(r, c), cell(r + 1, c)) }
                        if rng.unit() > remove { connect(cell(r, c), cell(r, c + 1)) }
                        if rng.unit() < diagonal {
                            if Bool.random(using: &rng) {
                                connect(cell(r, c), cell(r + 1, c + 1))
                            } else {
                                connect(cell(r + 1, c), cell(r, c + 1))
                            }
                        }
                    }
                }
                if a.allSatisfy({ $0.contains(1) }) { return a }
            }
        }
    }
}
