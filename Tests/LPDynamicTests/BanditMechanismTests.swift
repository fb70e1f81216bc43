import InstanceIO
import LPDynamic
import Testing

/// Bandit dynamic-VCG (Def. 6.1) and dynamic-RM (Def. 6.2) per-period math.
struct BanditMechanismTests {
    /// Constant arms 10, 8, 6, 4 give static RM every period: transfers
    /// (−8 + 1.5, +1.5, +2, +2) and the center nets 1, at any γ.
    @Test func constantArmsRepeatStaticRM() throws {
        for gamma in [0.5, 0.8, 0.95] {
            let values = BanditSubsetValues(arms: [10, 8, 6, 4].map(constantBanditArm), discount: gamma)
            let t = try BanditMechanism.periodTransfers(agents: 4, winner: 0, discount: gamma) {
                values.value(of: $0)
            }
            for (x, y) in zip(t.vcg, [-8.0, 0, 0, 0]) { #expect(abs(x - y) < 1e-9) }
            for (x, y) in zip(t.dynamicRM, [-6.5, 1.5, 2, 2]) { #expect(abs(x - y) < 1e-9) }
            #expect(abs(t.vcgRevenue - 8) < 1e-9 && abs(t.rmRevenue - 1) < 1e-9)
        }
    }

    /// Two agents: the world without one agent has no VCG revenue, so dynamic-RM = dynamic-VCG.
    @Test func twoAgentsGetNoRedistribution() throws {
        let values = BanditSubsetValues(arms: [figure47BanditArm(), constantBanditArm(0.9)], discount: 0.75)
        let t = try BanditMechanism.periodTransfers(agents: 2, winner: 0, discount: 0.75) {
            values.value(of: $0)
        }
        #expect(t.redistribution == [0, 0])
        #expect(abs(t.vcg[0] + 0.25 * 0.9 / 0.25) < 1e-12)   // winner pays (1−γ)·0.9/(1−γ)
    }

    /// Random 3-arm chains: at every joint state the transfers have no deficit and the net
    /// revenue is (2(1−γ)/n)Σ_{j≠i*}(V_{−i*} − V_{−i*,j}) (thesis §6.1); the expected
    /// utilities of eq. 6.17 and Cor. 5.2 equal the exact policy evaluation, over the product
    /// space, of reward + transfer under the index policy (P5, P8); V_I matches the joint LP.
    @Test func utilitiesMatchPolicyEvaluation() throws {
        var rng = SeededGenerator(seed: 99)
        for trial in 0..<4 {
            let gamma = [0.5, 0.8, 0.9, 0.7][trial]
            let arms = (0..<3).map { _ in
                randomBanditArm(states: Int.random(in: 1...3, using: &rng), rewards: 0...5, rng: &rng)
            }
            let n = arms.count
            let indices = arms.map { GittinsIndex.largestRemainingIndex($0, discount: gamma).indices }
            let joint = JointStateIndexing(sizes: arms.map(\.count))
            let total = joint.total, decode = joint.decode, encode = joint.encode
            // Policy evaluation system (I − γP_π) U = reward + transfer, per agent and mechanism.
            var matrix = [[Double]](repeating: [Double](repeating: 0, count: total), count: total)
            var rhsVCG = [[Double]](repeating: [Double](repeating: 0, count: total), count: n)
            var rhsRM = rhsVCG
            for s in 0..<total {
                let local = decode(s)
                let values = BanditSubsetValues(arms: arms, discount: gamma, states: local)
                let winner = BanditMechanism.winner(indices: (0..<n).map { indices[$0][local[$0]] })
                let t = try BanditMechanism.periodTransfers(agents: n, winner: winner, discount: gamma) {
                    values.value(of: $0)
                }
                #expect(t.dynamicRM.reduce(0, +) <= 1e-9 && t.vcg.reduce(0, +) <= 1e-9)
                let a = values.value(of: (0..<n).filter { $0 != winner })
                let p9 = (0..<n).filter { $0 != winner }.map { j in
                    a - values.value(of: (0..<n).filter { $0 != winner && $0 != j })
                }.reduce(0, +) * 2 * (1 - gamma) / Double(n)
                #expect(abs(t.rmRevenue - p9) < 1e-9)
                matrix[s][s] += 1
                let arm = arms[winner]
                for next in 0..<arm.count where arm.transitions[local[winner]][next] != 0 {
                    var moved = local
                    moved[winner] = next
                    matrix[s][encode(moved)] -= gamma * arm.transitions[local[winner]][next]
                }
                for i in 0..<n {
                    let reward = i == winner ? arm.rewards[local[winner]] : 0
                    rhsVCG[i][s] = reward + t.vcg[i]
                    rhsRM[i][s] = reward + t.dynamicRM[i]
                }
            }
            let start = encode(arms.map(\.initial))
            let values = BanditSubsetValues(arms: arms, discount: gamma)
            let expected = try BanditMechanism.expectedUtilities(agents: n) { values.value(of: $0) }
            let jointValue = try banditJointValueByLP(arms, discount: gamma)
            #expect(abs(expected.value - jointValue) < 1e-7 * max(1, jointValue))
            for i in 0..<n {
                let uVCG = banditSolveLinear(matrix, rhsVCG[i])[start]
                let uRM = banditSolveLinear(matrix, rhsRM[i])[start]
                #expect(abs(uVCG - expected.vcg[i]) < 1e-8 * max(1, jointValue), "trial \(trial) agent \(i)")
                #expect(abs(uRM - expected.dynamicRM[i]) < 1e-8 * max(1, jointValue), "trial \(trial) agent \(i)")
                #expect(expected.dynamicRM[i] >= expected.vcg[i] - 1e-12)
            }
            #expect(expected.rmRevenue >= -1e-9 && expected.rmRevenue <= expected.vcgRevenue + 1e-12)
        }
    }
}
