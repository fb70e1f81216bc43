import Foundation
import LPDynamic
import Testing

/// Retirement curves and subset values of Beta arms.
struct BetaArmRetirementTests {
    /// The acyclic construction equals the general state-elimination curve on the same
    /// truncated chain.
    @Test func matchesGeneralCurveOnTruncatedChain() throws {
        let arm = try BetaArm(alpha: 2, beta: 3)
        let gamma = 0.8, depth = 9
        let fast = RetirementCurve(beta: arm, discount: gamma, depth: depth)
        let general = RetirementCurve(arm: try arm.truncatedChain(depth: depth), discount: gamma)
        #expect(fast.breakpoints.count == general.breakpoints.count)
        for (a, b) in zip(fast.breakpoints, general.breakpoints) { #expect(abs(a - b) < 1e-9) }
        let probes = zip(general.breakpoints, general.breakpoints.dropFirst())
            .filter { $0 - $1 > 1e-6 }.map { ($0 + $1) / 2 } + [100, -1]
        for m in probes { #expect(abs(fast.slope(at: m) - general.slope(at: m)) < 1e-9, "m = \(m)") }
    }

    /// The chapter-6 test vector (γ = 0.8; types (2,1), (1,1), (3,3), (1,2)); the independent values
    /// are accurate to about ±1e-4, truncation at depth 45 adds at most 0.8^45/0.2 ≈ 2.2e-4 per
    /// value.
    @Test func chapter6TestVector() throws {
        let gamma = 0.8, depth = 45
        let bound = 1e-4 + pow(gamma, Double(depth)) / (1 - gamma)
        let types: [(Double, Double)] = [(2, 1), (1, 1), (3, 3), (1, 2)]
        let curves = try types.map { RetirementCurve(beta: try BetaArm(alpha: $0.0, beta: $0.1), discount: gamma, depth: depth) }
        let values = BanditSubsetValues(curves: curves, discount: gamma, lowestReward: 0, highestReward: 1)
        let oracle: [([Int], Double)] = [
            ([0], 3.33333), ([1], 2.5), ([2], 2.5), ([3], 1.66667),
            ([0, 1], 3.45804), ([2, 3], 2.53445), ([0, 2], 3.41189), ([0, 3], 3.35090),
            ([1, 2], 2.87853), ([1, 3], 2.62765), ([0, 1, 2], 3.48619), ([0, 1, 3], 3.46179),
            ([0, 2, 3], 3.41358), ([1, 2, 3], 2.88650), ([0, 1, 2, 3], 3.48662),
        ]
        for (subset, v) in oracle { #expect(abs(values.value(of: subset) - v) < bound, "V\(subset)") }
        // Indices 0.75963, 0.64132, 0.56588, 0.44296: agent 1 (position 0) wins.
        let rootIndices = curves.map { $0.ranking.indices[0] }
        for (a, b) in zip(rootIndices, [0.75963, 0.64132, 0.56588, 0.44296]) { #expect(abs(a - b) < 1e-5) }
        let winner = BanditMechanism.winner(indices: rootIndices)
        #expect(winner == 0)
        let t = try BanditMechanism.periodTransfers(agents: 4, winner: winner, discount: gamma) {
            values.value(of: $0)
        }
        for (a, b) in zip(t.vcg, [-0.57730, 0, 0, 0]) { #expect(abs(a - b) < bound) }
        for (a, b) in zip(t.dynamicRM, [-0.46392, 0.12672, 0.13138, 0.14393]) { #expect(abs(a - b) < bound) }
        #expect(abs(t.rmRevenue - 0.06189) < bound)
        let u = try BanditMechanism.expectedUtilities(agents: 4) { values.value(of: $0) }
        for (a, b) in zip(u.dynamicRM, [1.16702, 0.69056, 0.65308, 0.69445]) { #expect(abs(a - b) < 4 * bound) }
        for (a, b) in zip(u.vcg, [0.60012, 0.07304, 0.02483, 0.00043]) { #expect(abs(a - b) < 4 * bound) }
    }
}
