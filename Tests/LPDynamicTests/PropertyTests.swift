import Testing
import LPDynamic

/// Properties of thesis Ch. 5 (Thms 5.x and Cors. 5.2-5.5) on random small seeded instances (n ∈ {2,3}, |S_i| ∈ {2,3},
/// |A| ∈ {2,3}, rewards in [0,1], γ ∈ [0.3, 0.95]). Misreports are every stationary map
/// φ: S_i → S_i; the true state moves, the action and the transfer follow the report.
@Suite struct PropertyTests {
    static let seeds: [UInt64] = Array(1...20)
    let tolerance = 1e-8

    /// Joint state with agent i's local state replaced.
    func replace(_ analysis: DynamicAnalysis, _ s: Int, agent i: Int, with local: Int) -> Int {
        var states = analysis.joint.localStates[s]
        states[i] = local
        return analysis.joint.stateIndex(localStates: states, time: analysis.joint.times[s])!
    }

    /// Every stationary misreport map of a local state space of size k.
    func maps(_ k: Int) -> [[Int]] {
        var result: [[Int]] = [[]]
        for _ in 0..<k { result = result.flatMap { prefix in (0..<k).map { prefix + [$0] } } }
        return result
    }

    @Test(arguments: seeds)
    func grovesIdentityAndIncentiveCompatibility(seed: UInt64) throws {
        // P1 (Lemma 5.1 / eq. 5.49) and P2 (Thm 5.1) for dynamic-VCG and basic-Groves.
        let analysis = try DynamicAnalysis(instance: try randomDynamic(seed: seed))
        let mdp = analysis.joint.mdp, n = analysis.agentCount, m = mdp.actionCount
        for mechanism in [DynamicMechanism.dynamicVCG, .basicGroves] {
            let result = try analysis.evaluate(mechanism)
            for i in 0..<n {
                let truthful = (0..<mdp.stateCount).map { analysis.agentValues[i][$0] + result.expectedTransfersByState[i][$0] }
                for phi in maps(analysis.instance.agents[i].model.stateCount) {
                    let reported = (0..<mdp.stateCount).map { replace(analysis, $0, agent: i, with: phi[analysis.joint.localStates[$0][i]]) }
                    let actions = reported.map { analysis.action(state: $0) }
                    let transfer = reported.map {
                        mechanism == .dynamicVCG ? analysis.vcgTransfer(agent: i, state: $0) : analysis.basicGrovesTransfer(agent: i, state: $0)
                    }
                    let own = (0..<mdp.stateCount).map { analysis.joint.memberRewards[i][$0 * m + actions[$0]] }
                    let others = (0..<mdp.stateCount).map { s in mdp.expectedRewards[s * m + actions[s]] - own[s] }
                    let transfers = mdp.policyEvaluation(policy: actions, flow: transfer)
                    let othersValue = mdp.policyEvaluation(policy: actions, flow: others)
                    let ownValue = mdp.policyEvaluation(policy: actions, flow: own)
                    for s in 0..<mdp.stateCount {
                        let charge = mechanism == .dynamicVCG ? analysis.valueWithout(agent: i, state: s) : 0
                        #expect(abs(transfers[s] - (othersValue[s] - charge)) <= tolerance, "P1 seed \(seed) agent \(i)")
                        #expect(ownValue[s] + transfers[s] <= truthful[s] + tolerance, "P2 seed \(seed) agent \(i) φ \(phi)")
                    }
                }
            }
        }
    }

    @Test(arguments: seeds)
    func utilityRevenueNoDeficitAndFlowIdentity(seed: UInt64) throws {
        let analysis = try DynamicAnalysis(instance: try randomDynamic(seed: seed))
        let mdp = analysis.joint.mdp, n = analysis.agentCount
        let result = try analysis.evaluate(.dynamicVCG)
        for s in 0..<mdp.stateCount {
            var revenue = 0.0, formula = -Double(n - 1) * analysis.value(state: s), viaW = 0.0
            for i in 0..<n {
                let utility = analysis.agentValues[i][s] + result.expectedTransfersByState[i][s]
                // P3 (Cor. 5.2): U_i = V* − V*_{-i}; P4 (Cor. 5.3): ≥ 0 with non-negative rewards.
                #expect(abs(utility - (analysis.value(state: s) - analysis.valueWithout(agent: i, state: s))) <= tolerance, "P3")
                #expect(utility >= -tolerance, "P4")
                // P5 (Thm 5.6): Q*_{-i}(s_{-i}, a) − V*_{-i}(s_{-i}) ≤ 0 for every action.
                for a in 0..<mdp.actionCount {
                    #expect(analysis.othersQValue(agent: i, state: s, action: a) - analysis.valueWithout(agent: i, state: s) <= tolerance, "P5")
                }
                // P12: r_i(s_i, a*) + T_i(s) = M_i(s) − γ E[M_i(s')], M_i = V* − V*_{-i}.
                let a = analysis.action(state: s)
                let marginal = (0..<mdp.stateCount).map { analysis.value(state: $0) - analysis.valueWithout(agent: i, state: $0) }
                let lhs = analysis.reward(agent: i, state: s, action: a) + analysis.vcgTransfer(agent: i, state: s)
                #expect(abs(lhs - (marginal[s] - mdp.discount * mdp.expectation(s, a, of: marginal))) <= tolerance, "P12")
                revenue -= result.expectedTransfersByState[i][s]
                formula += analysis.valueWithout(agent: i, state: s)
                viaW += analysis.valueWithout(agent: i, state: s) - analysis.valueToOthersUnderSocialPolicy(agent: i, state: s)
            }
            // P6 (Cor. 5.4-5.5, eqs. 5.51-5.53).
            #expect(abs(revenue - formula) <= tolerance && abs(revenue - viaW) <= tolerance && revenue >= -tolerance, "P6")
        }
    }

    @Test func negativeRewardsCanBreakIR() throws {
        // P4 negative control: with rewards in [−1, 1] some agent has U_i < 0 somewhere.
        var found = false
        for seed in UInt64(1)...40 where !found {
            let analysis = try DynamicAnalysis(instance: try randomDynamic(seed: seed, rewards: -1...1))
            let result = try analysis.evaluate(.dynamicVCG)
            found = result.agents.contains { $0.expectedUtility < -1e-6 }
        }
        #expect(found)
    }

    @Test(arguments: seeds)
    func oneDecisionHorizonIsTheClarkePivot(seed: UInt64) throws {
        // P9: with one decision, T_i = Σ_{j≠i} r_j(a*) − max_a Σ_{j≠i} r_j(a), computed here
        // from the local MDPs' expected rewards (a brute-force static VCG).
        let instance = try randomDynamic(seed: seed, horizon: 1)
        let analysis = try DynamicAnalysis(instance: instance)
        let n = instance.agents.count, m = instance.actions.count
        func r(_ j: Int, _ a: Int) -> Double { instance.agents[j].model.expectedReward(instance.agents[j].model.initialState, a) }
        let welfare = (0..<m).map { a in (0..<n).reduce(0) { $0 + r($1, a) } }
        let chosen = welfare.indices.first { welfare[$0] >= welfare.max()! - 1e-9 * max(1, welfare.max()!) }!
        #expect(analysis.action(state: 0) == chosen)
        for i in 0..<n {
            let others = (0..<m).map { a in (0..<n).filter { $0 != i }.reduce(0) { $0 + r($1, a) } }
            #expect(abs(analysis.vcgTransfer(agent: i, state: 0) - (others[chosen] - others.max()!)) <= tolerance)
        }
    }

    @Test(arguments: seeds)
    func dynamicBalancedBudgetZeroMeanAndBayesNashIC(seed: UInt64) throws {
        let analysis = try DynamicAnalysis(instance: try randomDynamic(seed: seed))
        let mdp = analysis.joint.mdp, n = analysis.agentCount, m = mdp.actionCount
        let result = try analysis.evaluate(.dynamicBalanced)
        let table = try analysis.balancedTransfers()
        #expect(abs(result.expectedRevenue) <= tolerance)
        for p in 0..<mdp.stateCount {
            let a = analysis.action(state: p)
            var mean = [Double](repeating: 0, count: n)
            for t in mdp.transitions(p, a) {
                let s = Int(mdp.successors[t])
                let transfers = try (0..<n).map { try analysis.balancedTransfer(agent: $0, previous: p, next: s) }
                #expect(zip(transfers, (0..<n).map { table.transfer(agent: $0, previous: p, next: s) }).allSatisfy { abs($0 - $1) <= 1e-12 })
                #expect(abs(transfers.reduce(0, +)) <= tolerance, "P13(a)")
                for i in 0..<n { mean[i] += mdp.probabilities[t] * transfers[i] }
            }
            for i in 0..<n { #expect(abs(mean[i]) <= tolerance, "P13(b)") }
            // P13(c): one-shot deviation of agent i at the next period, knowing p and its own
            // true next local state, averaging over the others' next states; truthful afterwards.
            for i in 0..<n {
                let k = analysis.instance.agents[i].model.stateCount
                for own in 0..<k {
                    var payoff = [Double](repeating: 0, count: k)
                    for t in mdp.transitions(p, a) where analysis.joint.localStates[Int(mdp.successors[t])][i] == own {
                        let truth = Int(mdp.successors[t]), weight = mdp.probabilities[t]
                        for report in 0..<k {
                            let shown = replace(analysis, truth, agent: i, with: report)
                            let action = analysis.action(state: shown)
                            var value = table.transfer(agent: i, previous: p, next: shown)
                                + analysis.joint.memberRewards[i][truth * m + action]
                            for u in mdp.transitions(truth, action) {
                                let next = Int(mdp.successors[u])
                                value += mdp.discount * mdp.probabilities[u]
                                    * (table.transfer(agent: i, previous: shown, next: next) + analysis.agentValues[i][next])
                            }
                            payoff[report] += weight * value
                        }
                    }
                    for report in 0..<k { #expect(payoff[report] <= payoff[own] + tolerance, "P13(c) seed \(seed)") }
                }
            }
        }
    }

    /// Largest one-shot Bayes-Nash misreport gain of dynamic-balanced when the transfer based
    /// on period-t reports is weighted `transferWeight` relative to that period's value.
    func largestBalancedGain(_ analysis: DynamicAnalysis, transferWeight: Double) throws -> Double {
        let mdp = analysis.joint.mdp, m = mdp.actionCount
        let table = try analysis.balancedTransfers()
        var gain = 0.0
        for p in 0..<mdp.stateCount {
            let a = analysis.action(state: p)
            for i in 0..<analysis.agentCount {
                let k = analysis.instance.agents[i].model.stateCount
                for own in 0..<k {
                    var payoff = [Double](repeating: 0, count: k)
                    for t in mdp.transitions(p, a) where analysis.joint.localStates[Int(mdp.successors[t])][i] == own {
                        let truth = Int(mdp.successors[t])
                        for report in 0..<k {
                            let shown = replace(analysis, truth, agent: i, with: report)
                            let action = analysis.action(state: shown)
                            var value = transferWeight * table.transfer(agent: i, previous: p, next: shown)
                                + analysis.joint.memberRewards[i][truth * m + action]
                            for u in mdp.transitions(truth, action) {
                                let next = Int(mdp.successors[u])
                                value += mdp.discount * mdp.probabilities[u]
                                    * (transferWeight * table.transfer(agent: i, previous: shown, next: next) + analysis.agentValues[i][next])
                            }
                            payoff[report] += mdp.probabilities[t] * value
                        }
                    }
                    gain = max(gain, payoff.max()! - payoff[own])
                }
            }
        }
        return gain
    }

    @Test func literalBalancedTimingBreaksBayesNashIC() throws {
        // P13(e): weighting the transfer by γ^{t−1} (1/γ relative to the value it steers) lets
        // some agent gain by a one-shot misreport; the γ^t weighting (P13c) does not.
        var worst = 0.0
        for seed in UInt64(1)...10 {
            let analysis = try DynamicAnalysis(instance: try randomDynamic(seed: seed))
            #expect(try largestBalancedGain(analysis, transferWeight: 1) <= tolerance)
            worst = max(worst, try largestBalancedGain(analysis, transferWeight: 1 / analysis.instance.discount))
        }
        #expect(worst > 1e-3)
    }

    @Test(arguments: [UInt64(5), 9])
    func methodsAgreeOnMechanisms(seed: UInt64) throws {
        let instance = try randomDynamic(seed: seed)
        let results = try SolutionMethod.allCases.map { try DynamicAnalysis(instance: instance, method: $0).evaluate(.dynamicVCG) }
        for r in results.dropFirst() {
            #expect(abs(r.value - results[0].value) <= 1e-7 && abs(r.expectedRevenue - results[0].expectedRevenue) <= 1e-7)
        }
    }
}
