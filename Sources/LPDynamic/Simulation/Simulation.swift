import InstanceIO

/// One simulated period of a dynamic mechanism.
public struct SimulatedPeriod: Sendable {
    /// The period t (0-based).
    public var period: Int
    /// The joint state's name.
    public var state: String
    /// The action π*(s) taken.
    public var action: String
    /// Each agent's realized reward r_i(s_i, a, s_i').
    public var rewards: [Double]
    /// Each agent's transfer executed in this period (paid to the agent). For
    /// dynamic-balanced it is the transfer based on the next reports, booked in this period
    /// as γ·T_i(s^{t+1}; s^t) (thesis eqs. 5.59-5.60).
    public var transfers: [Double]
}

extension DynamicMechanismEvaluation {
    /// Draws one trajectory of at most `periods` periods from the initial joint state under
    /// truthful reports: each agent's local successor is drawn independently from its own
    /// τ_i(s_i, a, ·) (product transitions). Stops early at a terminal state. Reproducible
    /// from `seed` (``SeededGenerator``).
    public func simulate(periods: Int, seed: UInt64) throws -> [SimulatedPeriod] {
        let joint = analysis.joint
        let mdp = joint.mdp
        var rng = SeededGenerator(seed: seed)
        var s = mdp.initialState
        var result: [SimulatedPeriod] = []
        let balanced = mechanism == .dynamicBalanced ? try analysis.balancedTransfers() : nil
        for period in 0..<max(0, periods) {
            let a = analysis.action(state: s)
            if a < 0 { break }
            var next = joint.localStates[s]
            var rewards: [Double] = []
            for (i, local) in joint.locals.enumerated() {
                let range = local.transitions(next[i], a)
                var u = Double.random(in: 0..<1, using: &rng)
                var chosen = range.upperBound - 1
                for t in range {
                    u -= local.probabilities[t]
                    if u < 0 { chosen = t; break }
                }
                rewards.append(local.transitionRewards[chosen])
                next[i] = Int(local.successors[chosen])
            }
            guard let successor = joint.stateIndex(localStates: next, time: joint.times[s] + 1) else {
                throw MDPError.invariantViolated("simulated successor missing from the joint MDP")
            }
            let transfers: [Double] = (0..<analysis.agentCount).map { i in
                switch mechanism {
                case .dynamicVCG: return analysis.vcgTransfer(agent: i, state: s)
                case .basicGroves: return analysis.basicGrovesTransfer(agent: i, state: s)
                case .dynamicBalanced:
                    return mdp.discount * balanced!.transfer(agent: i, previous: s, next: successor)
                }
            }
            result.append(SimulatedPeriod(period: period, state: mdp.stateNames[s],
                                          action: mdp.actionNames[a], rewards: rewards, transfers: transfers))
            s = successor
        }
        return result
    }
}
