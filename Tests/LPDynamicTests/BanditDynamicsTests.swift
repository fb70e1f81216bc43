import Foundation
import InstanceIO
import LPDynamic
import Testing

/// Bandit mechanisms over time (`BanditDynamics`): subset values against the exact joint MDP,
/// truthfulness against misreports, no deficit in every period, IR in expectation.
struct BanditDynamicsTests {
    /// Whittle's subset values equal the exact joint-MDP LP (JointMDP + CLP) for every subset of
    /// random 3-arm bandits and at every joint state (Whittle 1980).
    @Test func subsetValuesMatchJointMDPEverywhere() throws {
        var rng = SeededGenerator(seed: 2026)
        for trial in 0..<3 {
            let gamma = [0.6, 0.8, 0.9][trial]
            let arms = (0..<3).map { _ in randomBanditArm(states: Int.random(in: 2...3, using: &rng), rewards: 0...4, rng: &rng) }
            for mask in 1..<(1 << arms.count) {
                let members = (0..<arms.count).filter { mask & (1 << $0) != 0 }
                let joint = try FiniteArm.jointBandit(members.map { arms[$0] }, discount: gamma)
                let exact = try joint.mdp.optimalValues(method: .lp).values
                for s in 0..<joint.mdp.stateCount {
                    var states = arms.map(\.initial)
                    for (k, j) in members.enumerated() { states[j] = joint.localStates[s][k] }
                    let whittle = BanditSubsetValues(arms: arms, discount: gamma, states: states).value(of: members)
                    #expect(abs(whittle - exact[s]) < 1e-7 * max(1, abs(exact[s])), "trial \(trial) subset \(members)")
                }
            }
        }
    }

    /// Thesis Ch. 6 theorems (IC, no deficit, IR): on random small instances, for every agent and every stationary
    /// misreport map f: S_i → S_i (the center acts on the reported joint state, the true state
    /// evolves), the agent's expected discounted utility under dynamic-VCG and dynamic-RM —
    /// evaluated exactly on the product space — is at most its truthful utility, from every
    /// joint state (within-period ex post IC). Truthful utilities are ≥ 0 from every state
    /// (IR in expectation) and every reported joint state has no deficit (pointwise).
    @Test func noMisreportPays() throws {
        var rng = SeededGenerator(seed: 606)
        for trial in 0..<3 {
            let gamma = [0.7, 0.8, 0.9][trial]
            let arms = (0..<3).map { _ in randomBanditArm(states: 3, rewards: 0...3, rng: &rng) }
            let n = arms.count
            let joint = JointStateIndexing(sizes: arms.map(\.count))
            let sizes = joint.sizes, total = joint.total, decode = joint.decode, encode = joint.encode
            let indices = arms.map { GittinsIndex.largestRemainingIndex($0, discount: gamma).indices }
            var period: [Int: BanditPeriodTransfers] = [:]
            for s in 0..<total {
                let local = decode(s)
                let values = BanditSubsetValues(arms: arms, discount: gamma, states: local)
                let winner = BanditMechanism.winner(indices: (0..<n).map { indices[$0][local[$0]] })
                // periodTransfers throws if a reported state had a deficit or Z outside [0, w/n].
                period[s] = try BanditMechanism.periodTransfers(agents: n, winner: winner, discount: gamma) { values.value(of: $0) }
                #expect(period[s]!.dynamicRM.reduce(0, +) <= 1e-9)
            }
            /// Agent i's utility vector when it reports f(s_i).
            func utility(agent i: Int, map f: [Int], rm: Bool) -> [Double] {
                var matrix = [[Double]](repeating: [Double](repeating: 0, count: total), count: total)
                var rhs = [Double](repeating: 0, count: total)
                for s in 0..<total {
                    let truth = decode(s)
                    var reported = truth
                    reported[i] = f[truth[i]]
                    let t = period[encode(reported)]!
                    let w = t.winner
                    matrix[s][s] += 1
                    let arm = arms[w]
                    for next in 0..<arm.count where arm.transitions[truth[w]][next] != 0 {
                        var moved = truth
                        moved[w] = next
                        matrix[s][encode(moved)] -= gamma * arm.transitions[truth[w]][next]
                    }
                    rhs[s] = (w == i ? arm.rewards[truth[w]] : 0) + (rm ? t.dynamicRM[i] : t.vcg[i])
                }
                return banditSolveLinear(matrix, rhs)
            }
            for i in 0..<n {
                let identity = Array(0..<sizes[i])
                for rm in [false, true] {
                    let truthful = utility(agent: i, map: identity, rm: rm)
                    #expect(truthful.allSatisfy { $0 >= -1e-9 }, "IR trial \(trial) agent \(i)")
                    // Every map S_i → S_i (27 for 3 states).
                    for code in 0..<Int(pow(Double(sizes[i]), Double(sizes[i]))) {
                        var rest = code
                        let f = (0..<sizes[i]).map { _ in defer { rest /= sizes[i] }; return rest % sizes[i] }
                        let lying = utility(agent: i, map: f, rm: rm)
                        for s in 0..<total {
                            #expect(lying[s] <= truthful[s] + 1e-8 * max(1, abs(truthful[s])),
                                    "trial \(trial) agent \(i) map \(f) rm \(rm) state \(s)")
                        }
                    }
                }
            }
        }
    }

    /// Constant arms 10, 8, 6, 4 simulate static RM every period
    /// (transfers −6.5, +1.5, +2, +2; the center nets 1), dynamic-VCG charges the winner 8.
    @Test func simulationOfConstantArmsRepeatsStaticRM() throws {
        let arms = [10.0, 8, 6, 4].enumerated().map { BanditArm(name: "\($0.offset + 1)", model: .chain(constantBanditArm($0.element))) }
        var dynamics = try BanditDynamics(instance: try BanditInstance(name: nil, discount: 0.5, arms: arms))
        let rm = try dynamics.simulate(mechanism: .dynamicRM, periods: 4, seed: 1)
        for p in rm {
            #expect(p.winner == 0 && p.rewards == [10, 0, 0, 0])
            for (a, b) in zip(p.transfers, [-6.5, 1.5, 2, 2]) { #expect(abs(a - b) < 1e-9) }
            #expect(abs(p.revenue - 1) < 1e-9)
        }
        let vcg = try dynamics.simulate(mechanism: .dynamicVCG, periods: 2, seed: 1)
        for p in vcg { #expect(abs(p.revenue - 8) < 1e-9) }
    }

    /// After agent 1 of the chapter-6 test vector fails (state (2,2)), agent 2
    /// wins, T = (+0.1267, −0.4363, +0.1280, +0.1379), the center nets 0.04366; after a
    /// success ((3,1), index 0.8157) agent 1 wins again with unchanged transfers (P10).
    @Test func chapter6TestVectorNextPeriod() throws {
        let types: [(Double, Double)] = [(2, 1), (1, 1), (3, 3), (1, 2)]
        let arms = try types.enumerated().map { BanditArm(name: "\($0.offset + 1)", model: .beta(try BetaArm(alpha: $0.element.0, beta: $0.element.1))) }
        var dynamics = try BanditDynamics(instance: try BanditInstance(name: nil, discount: 0.8, arms: arms), betaDepth: 45)
        let bound = 1e-4 + 4 * dynamics.betaValueErrorBound
        var states = dynamics.initialStates
        let first = try dynamics.period(at: states)
        states[0] = .beta(alpha: 2, beta: 2)
        let failure = try dynamics.period(at: states)
        #expect(failure.transfers.winner == 1)
        for (a, b) in zip(failure.transfers.dynamicRM, [0.1267, -0.4363, 0.1280, 0.1379]) { #expect(abs(a - b) < 1e-4 + bound) }
        #expect(abs(failure.transfers.rmRevenue - 0.04366) < bound)
        states[0] = .beta(alpha: 3, beta: 1)
        let success = try dynamics.period(at: states)
        #expect(abs(success.indices[0] - 0.8157) < 1e-4)
        #expect(success.transfers.winner == 0)
        for (a, b) in zip(success.transfers.dynamicRM, first.transfers.dynamicRM) { #expect(abs(a - b) < 1e-12) }
    }

    /// Simulated trajectories on random chains: only the winner is rewarded, every period's
    /// revenue is ≥ 0 and equals −Σ transfers, and the same seed gives the same trajectory.
    @Test func simulationHasNoDeficitAndIsReproducible() throws {
        var rng = SeededGenerator(seed: 77)
        let arms = (0..<4).map { BanditArm(name: "\($0)", model: .chain(randomBanditArm(states: 3, rewards: 0...2, rng: &rng))) }
        var dynamics = try BanditDynamics(instance: try BanditInstance(name: nil, discount: 0.9, arms: arms))
        let a = try dynamics.simulate(mechanism: .dynamicRM, periods: 40, seed: 5)
        let b = try dynamics.simulate(mechanism: .dynamicRM, periods: 40, seed: 5)
        #expect(a.map(\.winner) == b.map(\.winner) && a.map(\.states) == b.map(\.states))
        for p in a {
            #expect(p.revenue >= -1e-12)
            #expect(abs(p.revenue + p.transfers.reduce(0, +)) < 1e-12)
            for i in 0..<4 where i != p.winner { #expect(p.rewards[i] == 0) }
        }
    }
}
