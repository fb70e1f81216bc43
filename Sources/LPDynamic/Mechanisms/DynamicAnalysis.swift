/// Everything the dynamic mechanisms need from one instance, computed once (thesis Ch. 5:
/// the MDP solves each mechanism needs): the joint MDP with V*, Q*, π*; for every agent i
/// the others-only MDP M_{-i} with V*_{-i}; and each agent's value W_i under π*.
///
/// ```swift
/// let analysis = try DynamicAnalysis(instance: car, method: .lp)
/// analysis.valueWithout(agent: 0, state: analysis.joint.mdp.initialState)   // V*_{-1}
/// ```
public struct DynamicAnalysis: Sendable {
    /// The instance analysed.
    public let instance: DynamicInstance
    /// The joint MDP of all agents (reachable part).
    public let joint: JointMDP
    /// V* and π* on the joint MDP (tie-break of ``MDP/greedyPolicy(values:)``).
    public let social: MDPSolution
    /// Per agent i, the others-only MDP M_{-i} (product of the local MDPs j ≠ i, reward r_{-i}).
    public let others: [JointMDP]
    /// Per agent i, V*_{-i} on M_{-i}'s states.
    public let othersSolutions: [MDPSolution]
    /// Per agent i and joint state s, the index of s_{-i} in `others[i]`.
    public let projection: [[Int]]
    /// Per agent i, W_i(s): i's expected discounted reward under π* (thesis §4.2.1).
    public let agentValues: [[Double]]

    /// Builds and solves all MDPs by `method`; verifies Σ_i W_i = V* (relative 1e-7).
    /// `maxStates` bounds every joint MDP built (``MDPError/tooManyJointStates(reached:limit:)``);
    /// `timeLimit` bounds each CLP solve in seconds (`SolverError.notOptimal`).
    public init(instance: DynamicInstance, method: SolutionMethod = .lp, maxStates: Int = 1_000_000,
                timeLimit: Double? = nil) throws {
        self.instance = instance
        let locals = instance.agents.map(\.model)
        let names = instance.agents.map(\.name)
        let joint = try JointMDP(locals: locals, names: names, actionNames: instance.actions,
                                 discount: instance.discount, horizon: instance.horizon, maxStates: maxStates)
        self.joint = joint
        let social = try joint.mdp.optimalValues(method: method, timeLimit: timeLimit)
        self.social = social
        var othersList: [JointMDP] = []
        var solutions: [MDPSolution] = []
        var projection: [[Int]] = []
        for i in instance.agents.indices {
            let keep = instance.agents.indices.filter { $0 != i }
            let without = try JointMDP(
                locals: keep.map { locals[$0] }, names: keep.map { names[$0] }, actionNames: instance.actions,
                discount: instance.discount, horizon: instance.horizon, maxStates: maxStates)
            othersList.append(without)
            solutions.append(try without.mdp.optimalValues(method: method, timeLimit: timeLimit))
            projection.append(try joint.localStates.indices.map { s in
                let states = keep.map { joint.localStates[s][$0] }
                guard let k = without.stateIndex(localStates: states, time: joint.times[s]) else {
                    throw MDPError.invariantViolated("joint state \(joint.mdp.stateNames[s]) has no others-only image")
                }
                return k
            })
        }
        self.others = othersList
        othersSolutions = solutions
        self.projection = projection
        let policy = social.policy
        let agentValues = joint.memberRewards.map { joint.mdp.policyEvaluation(policy: policy, rewards: $0) }
        self.agentValues = agentValues
        let scale = max(1, social.values.map(abs).max() ?? 0)
        for s in 0..<joint.mdp.stateCount {
            let total = agentValues.reduce(0) { $0 + $1[s] }
            guard abs(total - social.values[s]) <= 1e-7 * scale else {
                throw MDPError.invariantViolated("Σ_i W_i ≠ V* at \(joint.mdp.stateNames[s])")
            }
        }
    }

    /// The number of agents.
    public var agentCount: Int { instance.agents.count }

    /// V*(s) on the joint MDP.
    public func value(state s: Int) -> Double { social.values[s] }

    /// π*(s) (−1 at terminal states).
    public func action(state s: Int) -> Int { social.policy[s] }

    /// V*_{-i}(s_{-i}): the others' value under their own optimal policy π*_{-i} (thesis eq.
    /// 5.5; the toolkit's `valueWithout`; not the value of the others under π*).
    public func valueWithout(agent i: Int, state s: Int) -> Double {
        othersSolutions[i].values[projection[i][s]]
    }

    /// Q*_{-i}(s_{-i}, a) = r_{-i}(s_{-i}, a) + γ E[V*_{-i}(τ(s_{-i}, a))] (thesis Ch. 5).
    public func othersQValue(agent i: Int, state s: Int, action a: Int) -> Double {
        others[i].mdp.qValue(projection[i][s], a, values: othersSolutions[i].values)
    }

    /// r_i(s_i, a), agent i's expected immediate reward in joint state s.
    public func reward(agent i: Int, state s: Int, action a: Int) -> Double {
        joint.memberRewards[i][s * joint.mdp.actionCount + a]
    }

    /// W_{-i}(s) = V*(s) − W_i(s): the others' value under π* (the thesis's V_{-i}(θ)).
    public func valueToOthersUnderSocialPolicy(agent i: Int, state s: Int) -> Double {
        social.values[s] - agentValues[i][s]
    }

    /// The joint states reachable from the initial state under π* (in discovery order),
    /// excluding terminal states.
    public func statesReachedUnderPolicy() -> [Int] {
        var seen = Set([joint.mdp.initialState]), order = [joint.mdp.initialState], k = 0
        while k < order.count {
            let s = order[k]; k += 1
            let a = social.policy[s]
            if a < 0 { continue }
            for t in joint.mdp.transitions(s, a) where seen.insert(Int(joint.mdp.successors[t])).inserted {
                order.append(Int(joint.mdp.successors[t]))
            }
        }
        return order.filter { social.policy[$0] >= 0 }
    }
}
