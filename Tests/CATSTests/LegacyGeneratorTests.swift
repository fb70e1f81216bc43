import CATS
import Foundation
import InstanceIO
import Testing

/// Pearson's χ² statistic of observed counts against expected probabilities.
func chiSquare(_ observed: [Int], _ probabilities: [Double]) -> Double {
    let n = Double(observed.reduce(0, +))
    return zip(observed, probabilities).reduce(0) { sum, pair in
        let expected = n * pair.1
        return sum + (Double(pair.0) - expected) * (Double(pair.0) - expected) / expected
    }
}

/// Upper 0.1% points of the χ² distribution (standard tables), by degrees of freedom.
let chiSquare999: [Int: Double] = [3: 16.266, 5: 20.515, 6: 22.458, 7: 24.322, 8: 26.124, 9: 27.877]

/// Counts of bundle sizes in bins: sizes `1...bins.count - 1` one by one, the last bin `≥`.
func sizeHistogram(_ file: CATSFile, bins: Int) -> [Int] {
    var counts = [Int](repeating: 0, count: bins)
    for goods in file.bidGoods { counts[min(goods.count, bins) - 1] += 1 }
    return counts
}

/// Tail-folds exact probabilities of sizes 1, 2, ... into `bins` bins like ``sizeHistogram``.
func folded(_ p: [Double], bins: Int) -> [Double] {
    Array(p.prefix(bins - 1)) + [p.dropFirst(bins - 1).reduce(0, +)]
}

func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

func generate(_ g: LegacyGenerator, goods: Int, bids: Int, seed: UInt64) throws -> CATSFile {
    var rng = SeededGenerator(seed: seed)
    return try g.generate(goods: goods, bids: bids, using: &rng)
}

/// Statistical checks of the published bundle-size and price rules, on seeded samples of
/// 4000 bids, against the exact distributions computed here (χ² at the 0.1% level).
@Suite struct LegacyGeneratorTests {
    @Test func randomSizesAreUniformAndPricesInUnitInterval() throws {
        let file = try generate(.random, goods: 10, bids: 4000, seed: 11)
        let observed = sizeHistogram(file, bins: 10)
        #expect(chiSquare(observed, Array(repeating: 0.1, count: 10)) < chiSquare999[9]!)
        let prices = file.bids.map(\.price)
        #expect(prices.allSatisfy { (0...1).contains($0) })
        // Mean of U[0,1] is 1/2, standard error sqrt(1/12/4000) ≈ 0.0046.
        let average = mean(prices)
        #expect(abs(average - 0.5) < 0.0184)
    }

    @Test func weightedRandomPricesScaleWithTheBundle() throws {
        let file = try generate(.weightedRandom, goods: 10, bids: 4000, seed: 12)
        #expect(chiSquare(sizeHistogram(file, bins: 10), Array(repeating: 0.1, count: 10)) < chiSquare999[9]!)
        let ratios = zip(file.bids, file.bidGoods).map { $0.price / Double($1.count) }
        #expect(ratios.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-4 })
        let average = mean(ratios)
        #expect(abs(average - 0.5) < 0.0184)  // 4 standard errors
    }

    @Test func uniformBidsHaveExactlyThreeGoods() throws {
        for seed in UInt64(1)...5 {
            let file = try generate(.uniform, goods: 7, bids: 300, seed: seed)
            #expect(file.bidGoods.allSatisfy { $0.count == 3 })
            #expect(file.bids.allSatisfy { (0...1).contains($0.price) })
        }
        #expect(throws: GeneratorError.self) { try generate(.uniform, goods: 2, bids: 5, seed: 1) }
    }

    @Test func decaySizesFollowTheDecayProcess() throws {
        // Start with one good, add another with probability α = 0.55:
        // P(n) = (1 - α) α^(n-1) for n < m, P(m) = α^(m-1).
        let m = 20, alpha = 0.55
        let exact = (1...m).map { n in n < m ? (1 - alpha) * pow(alpha, Double(n - 1)) : pow(alpha, Double(m - 1)) }
        let file = try generate(.decay, goods: m, bids: 4000, seed: 13)
        #expect(chiSquare(sizeHistogram(file, bins: 6), folded(exact, bins: 6)) < chiSquare999[5]!)
        #expect(zip(file.bids, file.bidGoods).allSatisfy { $0.price <= Double($1.count) + 1e-4 })
        // Mean ≈ 1/(1-α) = 2.222 (truncation at 20 is negligible); sd of the geometric is
        // sqrt(α)/(1-α) ≈ 1.65, standard error ≈ 0.026.
        let average = mean(file.bidGoods.map { Double($0.count) })
        let expectedMean = 1 / (1 - alpha)
        #expect(abs(average - expectedMean) < 0.104)
    }

    @Test func decayIsTruncatedAtAllGoods() throws {
        // With 2 goods: P(1) = 0.45, P(2) = 0.55.
        let file = try generate(.decay, goods: 2, bids: 4000, seed: 14)
        let ones = Double(file.bidGoods.filter { $0.count == 1 }.count) / 4000
        let tolerance = 4 * (0.45 * 0.55 / 4000).squareRoot()
        #expect(abs(ones - 0.45) < tolerance)
    }

    @Test func exponentialSizes() throws {
        // P(n) ∝ exp(-n/5) on 1...20.
        let m = 20
        let weights = (1...m).map { exp(-Double($0) / 5) }
        let total = weights.reduce(0, +)
        let file = try generate(.exponential, goods: m, bids: 4000, seed: 15)
        #expect(chiSquare(sizeHistogram(file, bins: 9), folded(weights.map { $0 / total }, bins: 9)) < chiSquare999[8]!)
        let ratios = zip(file.bids, file.bidGoods).map { $0.price / Double($1.count) }
        #expect(ratios.allSatisfy { $0 >= 0.5 - 1e-4 && $0 <= 1.5 + 1e-4 })
    }

    @Test func binomialSizes() throws {
        // Binomial(20, 0.2) conditioned on n ≥ 1.
        let m = 20, p = 0.2
        func choose(_ n: Int, _ k: Int) -> Double { (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) } }
        let raw = (1...m).map { k in choose(m, k) * pow(p, Double(k)) * pow(1 - p, Double(m - k)) }
        let total = raw.reduce(0, +)
        let file = try generate(.binomial, goods: m, bids: 4000, seed: 16)
        #expect(chiSquare(sizeHistogram(file, bins: 8), folded(raw.map { $0 / total }, bins: 8)) < chiSquare999[7]!)
    }

    @Test func normalSizesAndPrices() throws {
        // round(N(4, 1)) restricted to 1...20: P(n) ∝ Φ(n + 0.5 - 4) - Φ(n - 0.5 - 4).
        func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
        let raw = (1...20).map { n in phi(Double(n) + 0.5 - 4) - phi(Double(n) - 0.5 - 4) }
        let total = raw.reduce(0, +)
        let file = try generate(.normal, goods: 20, bids: 4000, seed: 17)
        // Bins 1-2 (folded into the first by hand), 3, 4, 5, ≥ 6.
        let sizes = file.bidGoods.map(\.count)
        let observed = [sizes.filter { $0 <= 2 }.count, sizes.filter { $0 == 3 }.count,
                        sizes.filter { $0 == 4 }.count, sizes.filter { $0 == 5 }.count,
                        sizes.filter { $0 >= 6 }.count]
        let expected = [raw[0] + raw[1], raw[2], raw[3], raw[4], raw[5...].reduce(0, +)].map { $0 / total }
        #expect(chiSquare(observed, expected) < 18.467)  // χ²(4) at 0.1%
        let average = mean(file.bids.map(\.price))
        #expect(abs(average - 16) < 0.19)  // 4 standard errors: 4 · 3 / √4000
    }
}
