import Foundation
import InstanceIO
import LPDynamic
import Testing

/// Gittins indices by the three methods against hand-computed values, brute force and each other.
struct GittinsIndexTests {
    func allMethods(_ arm: FiniteArm, _ gamma: Double) throws -> [[Double]] {
        [GittinsIndex.largestRemainingIndex(arm, discount: gamma).indices,
         try GittinsIndex.restartLP(arm, discount: gamma).map { $0! },
         try GittinsIndex.calibration(arm, discount: gamma).map { $0! }]
    }

    /// Thesis Figure 4.7: ν = (1, 0, 1) at γ = 0.75 (not the misprinted 1.5),
    /// and ν(s0) = 1 at every γ.
    @Test func figure47IndexIsOne() throws {
        for gamma in [0.75, 0.5, 0.9] {
            for indices in try allMethods(figure47BanditArm(), gamma) {
                #expect(abs(indices[0] - 1) < 1e-9)
                #expect(abs(indices[1] - 0) < 1e-9)
                #expect(abs(indices[2] - 1) < 1e-9)
            }
        }
    }

    /// The 4-state chain at β = 0.75: [21.25, 20.37196, 30, 13.23642].
    @Test func fourStateChainOracle() throws {
        let expected = [21.25, 20.37196, 30, 13.23642]
        for indices in try allMethods(fourStateBanditArm(), 0.75) {
            for (value, oracle) in zip(indices, expected) { #expect(abs(value - oracle) < 1e-5) }
        }
        // 21.25 and 30 are exact: 30 is the top reward; 21.25 = (16 + .75·.8·30)/(1 + .75·.8).
        let lri = GittinsIndex.largestRemainingIndex(fourStateBanditArm(), discount: 0.75)
        #expect(abs(lri.indices[0] - 21.25) < 1e-12 && lri.indices[2] == 30)
        #expect(lri.order == [2, 0, 1, 3])
    }

    /// Random chains (seeded): the three methods and brute force over stopping sets agree.
    @Test func methodsAgreeOnRandomChains() throws {
        var rng = SeededGenerator(seed: 20261123)
        for trial in 0..<40 {
            let n = 1 + trial % 6
            let gamma = [0.5, 0.75, 0.9, 0.95][trial % 4]
            let arm = randomBanditArm(states: n, rewards: trial % 3 == 0 ? -5...5 : 0...10, rng: &rng)
            let brute = bruteForceGittinsIndices(arm, discount: gamma)
            for indices in try allMethods(arm, gamma) {
                for (value, oracle) in zip(indices, brute) {
                    #expect(abs(value - oracle) < 1e-7 * max(1, abs(oracle)))
                }
            }
        }
    }

    /// Larger chains (several elimination blocks): state elimination against the restart LP on
    /// every state, and the single-arm retirement formula against (I − γP)^{-1} r.
    @Test func largerChainsAgreeWithRestartLP() throws {
        var rng = SeededGenerator(seed: 4242)
        for (n, gamma) in [(37, 0.9), (50, 0.6)] {
            let arm = randomBanditArm(states: n, rewards: -1...3, rng: &rng)
            let lri = GittinsIndex.largestRemainingIndex(arm, discount: gamma).indices
            let lp = try GittinsIndex.restartLP(arm, discount: gamma).map { $0! }
            for (a, b) in zip(lri, lp) { #expect(abs(a - b) < 1e-8) }
            let forever = banditValueOfPlayingForever(arm, discount: gamma)[arm.initial]
            let value = BanditSubsetValues(arms: [arm], discount: gamma).value(of: [0])
            #expect(abs(value - forever) < 1e-9 * max(1, abs(forever)))
        }
    }

    /// Thesis Figure 4.6 (indices computed by hand by calibration, cross-checked by the restart LP and state elimination).
    @Test func betaArmTable() throws {
        let table: [(Double, Double, Double, Double)] = [
            (1, 1, 0.9, 0.702889), (1, 1, 0.5, 0.559019), (1, 1, 0.75, 0.621079),
            (1, 1, 0.95, 0.761434), (1, 2, 0.9, 0.500129), (2, 1, 0.75, 0.746531),
            (2, 2, 0.5, 0.535869), (1, 3, 0.95, 0.433406), (2, 1, 0.95, 0.838141),
        ]
        for (a, b, gamma, oracle) in table {
            let result = try BetaArm(alpha: a, beta: b).gittinsIndex(discount: gamma)
            #expect(abs(result.index - oracle) < 1.5e-6, "Beta(\(a),\(b)) at γ=\(gamma)")
            #expect(result.truncationErrorBound <= 5e-10)
            #expect(pow(gamma, Double(result.truncationDepth - 1)) / (1 - gamma) > 5e-10)
        }
    }

    /// Calibration on the truncated Beta tree equals the finite-chain methods run on the same
    /// truncated chain, and truncating deeper moves the index by less than the proven bound.
    @Test func betaCalibrationMatchesFiniteChainMethods() throws {
        let arm = try BetaArm(alpha: 1, beta: 2)
        let gamma = 0.5, depth = 14
        let chain = try arm.truncatedChain(depth: depth)
        #expect(chain.count == (depth + 1) * (depth + 2) / 2)
        let byCalibration = arm.gittinsIndex(discount: gamma, depth: depth, bisectionTolerance: 1e-13)
        let byLRI = GittinsIndex.largestRemainingIndex(chain, discount: gamma).indices[0]
        let byLP = try GittinsIndex.restartIndex(chain, discount: gamma, state: 0)
        #expect(abs(byCalibration.index - byLRI) < 1e-11)
        #expect(abs(byCalibration.index - byLP) < 1e-8)
        let deep = arm.gittinsIndex(discount: gamma)
        #expect(abs(deep.index - byCalibration.index) <= byCalibration.truncationErrorBound)
        #expect(abs(deep.index - 0.375822) < 1e-6)   // thesis Figure 4.6, (1,2) at γ = 0.5
    }
}
