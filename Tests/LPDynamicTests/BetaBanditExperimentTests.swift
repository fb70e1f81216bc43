import Foundation
import InstanceIO
import LPDynamic
import Testing

/// The Figure 6.1 ingredients: type priors and the share of value kept.
struct BetaBanditExperimentTests {
    /// The chapter-6 test vector (values computed independently with Whittle's formula) keeps 20.03% of V_I under dynamic-VCG and
    /// 91.93% under dynamic-RM (values accurate to about 1e-4 each).
    @Test func chapter6TestVectorShares() throws {
        let types: [(Double, Double)] = [(2, 1), (1, 1), (3, 3), (1, 2)]
        let curves = try types.map { RetirementCurve(beta: try BetaArm(alpha: $0.0, beta: $0.1), discount: 0.8, depth: 45) }
        let share = try shareOfValueKept(curves: curves, discount: 0.8)
        #expect(abs(share.vcg - 0.2003) < 3e-4)
        #expect(abs(share.rm - 0.9193) < 3e-4)
    }

    /// Two agents: dynamic-RM redistributes nothing (thesis §6.1), so both shares agree.
    /// Constant arms 10, 8, 6, 4 (scaled into [0, 1]) give static RM's shares (computed by hand:
    /// per-period utilities 7/2 + 3/2 + 2 + 2 = 9 of 10 → 90%; VCG 2 of 10 → 20%).
    @Test func sharesOfKnownCases() throws {
        let pair = try [(1.0, 1.0), (3.0, 2.0)].map { RetirementCurve(beta: try BetaArm(alpha: $0.0, beta: $0.1), discount: 0.8, depth: 20) }
        let two = try shareOfValueKept(curves: pair, discount: 0.8)
        #expect(two.vcg == two.rm)
        let constant = [10.0, 8, 6, 4].map {
            RetirementCurve(arm: try! FiniteArm(states: ["c"], rewards: [$0 / 10], transitions: [[1]], initial: 0), discount: 0.5)
        }
        let shares = try shareOfValueKept(curves: constant, discount: 0.5)
        #expect(abs(shares.vcg - 0.2) < 1e-12 && abs(shares.rm - 0.9) < 1e-12)
    }

    /// The uniform prior (thesis §6.2.1): x = α+β uniform on 2...20, α uniform on 1...x−1;
    /// over 20,000 draws every x occurs with frequency 1/19 ± 0.01 and α never leaves its range.
    /// The normal guess stays within the same ranges and concentrates x near 11.
    @Test func priorsDrawWithinTheirRanges() {
        var rng = SeededGenerator(seed: 8)
        var counts = [Int](repeating: 0, count: 21)
        for _ in 0..<20_000 {
            let (a, b) = BetaTypePrior.uniform.draw(using: &rng)
            #expect(a >= 1 && b >= 1 && a + b <= 20)
            counts[a + b] += 1
        }
        for x in 2...20 { #expect(abs(Double(counts[x]) / 20_000 - 1.0 / 19) < 0.01) }
        var total = 0.0
        for _ in 0..<5_000 {
            let (a, b) = BetaTypePrior.normal.draw(using: &rng)
            #expect(a >= 1 && b >= 1 && a + b >= 2 && a + b <= 20)
            total += Double(a + b)
        }
        #expect(abs(total / 5_000 - 11) < 0.2)
    }
}
