/// The dynamic mechanisms of thesis Ch. 5 (transfers are paid **to** the agent; revenue is
/// −Σ transfers).
public enum DynamicMechanism: String, Sendable, CaseIterable, Codable {
    /// Dynamic-VCG (Bergemann & Välimäki; thesis Def. 5.13, eq. 5.44).
    case dynamicVCG = "dynamic-vcg"
    /// Dynamic-basic-Groves (thesis Def. 5.10, eq. 5.17).
    case basicGroves = "basic-groves"
    /// Dynamic-balanced (Athey & Segal; thesis Def. 5.14, eqs. 5.59-5.60).
    case dynamicBalanced = "dynamic-balanced"
}

/// One agent's outcome under a dynamic mechanism, from the initial joint state.
public struct DynamicAgentOutcome: Sendable {
    /// The agent's name.
    public var name: String
    /// V*_{-i} at the initial state (others' own optimal value).
    public var valueWithout: Double
    /// W_i: the agent's expected discounted reward under π*.
    public var valueUnderPolicy: Double
    /// Expected discounted sum of the agent's transfers.
    public var expectedTransfers: Double
    /// Expected discounted utility W_i + expected transfers.
    public var expectedUtility: Double
    /// This period's transfer at the initial state (0 for dynamic-balanced: with a known
    /// initial state its pre-time-0 transfer is 0).
    public var transfer: Double
}

/// A dynamic mechanism evaluated on an instance (``DynamicAnalysis/evaluate(_:)``): the
/// numbers behind ``JointMDPMechanismResult``, with the analysis kept for simulation.
public struct DynamicMechanismEvaluation: Sendable {
    /// The mechanism.
    public var mechanism: DynamicMechanism
    /// The analysis it was computed from.
    public var analysis: DynamicAnalysis
    /// V* at the initial joint state.
    public var value: Double
    /// Expected discounted revenue −Σ_i E[Σ γ^t T_i] from the initial state.
    public var expectedRevenue: Double
    /// Per-agent outcomes, in instance order.
    public var agents: [DynamicAgentOutcome]
    /// Per agent, the expected discounted transfers from every joint state.
    public var expectedTransfersByState: [[Double]]
}

extension DynamicAnalysis {
    /// Dynamic-VCG transfer to agent i at reported joint state s (thesis Def. 5.13, eq. 5.44):
    /// T_i(s) = Q*_{-i}(s_{-i}, π*(s)) − V*_{-i}(s_{-i}) ≤ 0. Zero at terminal states.
    public func vcgTransfer(agent i: Int, state s: Int) -> Double {
        let a = social.policy[s]
        if a < 0 { return 0 }
        return othersQValue(agent: i, state: s, action: a) - valueWithout(agent: i, state: s)
    }

    /// Dynamic-basic-Groves transfer (thesis eq. 5.17): T_i(s) = r_{-i}(s_{-i}, π*(s)).
    public func basicGrovesTransfer(agent i: Int, state s: Int) -> Double {
        let a = social.policy[s]
        if a < 0 { return 0 }
        return (0..<agentCount).filter { $0 != i }.reduce(0) { $0 + reward(agent: $1, state: s, action: a) }
    }

    /// Δ_j(s_j, p) of thesis eq. 5.60 for the reported new joint state `s`
    /// after previous joint state `p` (action a = π*(p)):
    /// E[W_{-j}(s_j, θ̃_{-j}) | p_{-j}, a] − E[W_{-j}(θ̃) | p, a]. With product transitions the
    /// first term is Σ_{s'} P(s' | p, a) W_{-j}(s' with j's part replaced by s_j).
    public func balancedDelta(agent j: Int, previous p: Int, next s: Int) throws -> Double {
        try balancedDelta(agent: j, previous: p, localState: joint.localStates[s][j])
    }

    /// Δ_j(x, p) for agent j's reported next local state `x` (see
    /// ``balancedDelta(agent:previous:next:)``).
    public func balancedDelta(agent j: Int, previous p: Int, localState x: Int) throws -> Double {
        let a = social.policy[p]
        if a < 0 { return 0 }
        let mdp = joint.mdp
        var first = 0.0, second = 0.0
        for t in mdp.transitions(p, a) {
            let successor = Int(mdp.successors[t])
            let q = mdp.probabilities[t]
            second += q * valueToOthersUnderSocialPolicy(agent: j, state: successor)
            var states = joint.localStates[successor]
            states[j] = x
            guard let replaced = joint.stateIndex(localStates: states, time: joint.times[successor]) else {
                throw MDPError.invariantViolated("reported local state is not a possible successor")
            }
            first += q * valueToOthersUnderSocialPolicy(agent: j, state: replaced)
        }
        return first - second
    }

    /// Dynamic-balanced transfer to agent i based on the reports `s` following `p` (thesis eq.
    /// 5.59): T_i = Δ_i − (1/(n−1)) Σ_{j≠i} Δ_j. Σ_i T_i = 0 exactly. It is paid after the action
    /// of period t−1 and **weighted γ^t**, the weight of the value flowing from s (thesis eqs. 5.59-5.60;
    /// the literal γ^{t−1} weighting breaks Bayes-Nash IC). 0 with one agent.
    public func balancedTransfer(agent i: Int, previous p: Int, next s: Int) throws -> Double {
        let n = agentCount
        if n < 2 { return 0 }
        var others = 0.0
        for j in 0..<n where j != i { others += try balancedDelta(agent: j, previous: p, next: s) }
        return try balancedDelta(agent: i, previous: p, next: s) - others / Double(n - 1)
    }

    /// Per-state expected transfer flow of agent i under truthful reports: T_i(s) for VCG and
    /// basic-Groves; γ·E[T_i(s'; s)] for dynamic-balanced (booked in the period of the action).
    public func transferFlow(_ mechanism: DynamicMechanism, agent i: Int, using balanced: BalancedTransfers? = nil)
        throws -> [Double]
    {
        let mdp = joint.mdp
        let table = mechanism == .dynamicBalanced ? try (balanced ?? balancedTransfers()) : nil
        return (0..<mdp.stateCount).map { s in
            switch mechanism {
            case .dynamicVCG: return vcgTransfer(agent: i, state: s)
            case .basicGroves: return basicGrovesTransfer(agent: i, state: s)
            case .dynamicBalanced:
                let a = social.policy[s]
                if a < 0 { return 0 }
                var sum = 0.0
                for t in mdp.transitions(s, a) {
                    sum += mdp.probabilities[t] * table!.transfer(agent: i, previous: s, next: Int(mdp.successors[t]))
                }
                return mdp.discount * sum
            }
        }
    }

    /// Evaluates `mechanism` from the initial joint state and verifies its defining identities
    /// (relative 1e-7, else ``MDPError/invariantViolated(_:)``):
    /// dynamic-VCG: T_i ≤ 0 (Thm 5.6) and U_i = V* − V*_{-i} (Cor. 5.2);
    /// basic-Groves: U_i = V*; dynamic-balanced: Σ_i T_i = 0 per period and E[transfers] = 0.
    public func evaluate(_ mechanism: DynamicMechanism) throws -> DynamicMechanismEvaluation {
        let mdp = joint.mdp
        let s0 = mdp.initialState
        let policy = social.policy
        let scale = max(1, social.values.map(abs).max() ?? 0)
        let tolerance = 1e-7 * scale
        let table = mechanism == .dynamicBalanced ? try balancedTransfers() : nil
        var agents: [DynamicAgentOutcome] = []
        var byState: [[Double]] = []
        for i in 0..<agentCount {
            let flow = try transferFlow(mechanism, agent: i, using: table)
            let expected = mdp.policyEvaluation(policy: policy, flow: flow)
            byState.append(expected)
            let utility = agentValues[i][s0] + expected[s0]
            let transfer: Double
            switch mechanism {
            case .dynamicVCG:
                transfer = vcgTransfer(agent: i, state: s0)
                let target = value(state: s0) - valueWithout(agent: i, state: s0)
                guard abs(utility - target) <= tolerance else {
                    throw MDPError.invariantViolated("dynamic-VCG utility \(utility) ≠ V* − V*_{-i} = \(target)")
                }
                guard flow.allSatisfy({ $0 <= tolerance }) else {
                    throw MDPError.invariantViolated("a dynamic-VCG transfer is positive (deficit)")
                }
            case .basicGroves:
                transfer = basicGrovesTransfer(agent: i, state: s0)
                guard abs(utility - value(state: s0)) <= tolerance else {
                    throw MDPError.invariantViolated("basic-Groves utility \(utility) ≠ V* = \(value(state: s0))")
                }
            case .dynamicBalanced:
                transfer = 0
                guard abs(expected[s0]) <= tolerance else {
                    throw MDPError.invariantViolated("dynamic-balanced expected transfers \(expected[s0]) ≠ 0")
                }
            }
            agents.append(DynamicAgentOutcome(
                name: instance.agents[i].name, valueWithout: valueWithout(agent: i, state: s0),
                valueUnderPolicy: agentValues[i][s0], expectedTransfers: expected[s0],
                expectedUtility: utility, transfer: transfer))
        }
        if mechanism == .dynamicBalanced {
            for p in statesReachedUnderPolicy() {
                for t in mdp.transitions(p, policy[p]) {
                    let s = Int(mdp.successors[t])
                    let total = (0..<agentCount).reduce(0.0) { $0 + table!.transfer(agent: $1, previous: p, next: s) }
                    guard abs(total) <= tolerance else {
                        throw MDPError.invariantViolated("dynamic-balanced transfers sum to \(total), not 0")
                    }
                }
            }
        }
        let revenue = -agents.reduce(0) { $0 + $1.expectedTransfers }
        if mechanism == .dynamicVCG {
            // Cor. 5.5 (eq. 5.53): revenue = Σ_i V*_{-i} − (n−1) V*.
            let formula = agents.reduce(0) { $0 + $1.valueWithout } - Double(agentCount - 1) * value(state: s0)
            guard abs(revenue - formula) <= tolerance, revenue >= -tolerance else {
                throw MDPError.invariantViolated("dynamic-VCG revenue \(revenue) ≠ \(formula)")
            }
        }
        return DynamicMechanismEvaluation(mechanism: mechanism, analysis: self, value: value(state: s0),
                                      expectedRevenue: revenue, agents: agents, expectedTransfersByState: byState)
    }
}
