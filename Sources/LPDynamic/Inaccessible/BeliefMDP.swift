import Foundation

/// The center's information about one agent (a *belief type* key, thesis §7.1): the local state
/// the agent last reported and the actions taken since (empty when it reported this period).
struct BeliefKey: Hashable, Sendable {
    var last: Int
    var actions: [Int]
}

/// A joint belief type of some agents at a period.
struct JointBelief: Hashable, Sendable {
    var t: Int
    var keys: [BeliefKey]
}

/// The belief-state MDP of a subset of the agents of a ``VerificationModel`` with inaccessible
/// states (thesis §7.1): the center holds, per agent, a distribution over its current local
/// state, a point mass after a report and otherwise propagated from the last report by Bayes'
/// rule conditioned on the agent having stayed inaccessible (when no inaccessible state can be
/// reached, the unconditioned propagation). Rewards are expected under the beliefs; a truthful
/// agent reports whenever it is accessible. Solved exactly by memoized backward induction.
final class BeliefMDP {
    let model: VerificationModel
    let members: [Int]
    let maxStates: Int
    private var values: [JointBelief: Double] = [:]
    private var policy: [JointBelief: Int] = [:]
    private var beliefs: [Int: [BeliefKey: [Double]]] = [:]

    init(model: VerificationModel, members: [Int], maxStates: Int) {
        self.model = model
        self.members = members
        self.maxStates = maxStates
    }

    var stateCount: Int { values.count }

    /// Agent i's belief distribution for `key`.
    func belief(agent i: Int, _ key: BeliefKey) -> [Double] {
        if let b = beliefs[i]?[key] { return b }
        let mdp = model.agents[i].model
        var b = [Double](repeating: 0, count: mdp.stateCount)
        if key.actions.isEmpty {
            b[key.last] = 1
        } else {
            let previous = belief(agent: i, BeliefKey(last: key.last, actions: Array(key.actions.dropLast())))
            let a = key.actions.last!
            var all = [Double](repeating: 0, count: mdp.stateCount)
            for s in previous.indices where previous[s] > 0 {
                for t in mdp.transitions(s, a) { all[Int(mdp.successors[t])] += previous[s] * mdp.probabilities[t] }
            }
            let hidden = all.indices.reduce(0.0) { model.accessible[i][$1] ? $0 : $0 + all[$1] }
            if hidden > 1e-15 {
                for s in all.indices where !model.accessible[i][s] { b[s] = all[s] / hidden }
            } else {
                b = all
            }
        }
        beliefs[i, default: [:]][key] = b
        return b
    }

    /// The distribution of agent i's next key after action a, the agent reporting truthfully
    /// whenever accessible.
    func next(agent i: Int, _ key: BeliefKey, action a: Int) -> [(BeliefKey, Double)] {
        let mdp = model.agents[i].model
        let b = belief(agent: i, key)
        var out: [(BeliefKey, Double)] = []
        var reported = [Double](repeating: 0, count: mdp.stateCount)
        var hidden = 0.0
        for s in b.indices where b[s] > 0 {
            for t in mdp.transitions(s, a) {
                let x = Int(mdp.successors[t])
                if model.accessible[i][x] { reported[x] += b[s] * mdp.probabilities[t] } else { hidden += b[s] * mdp.probabilities[t] }
            }
        }
        for x in reported.indices where reported[x] > 0 { out.append((BeliefKey(last: x, actions: []), reported[x])) }
        if hidden > 0 { out.append((BeliefKey(last: key.last, actions: key.actions + [a]), hidden)) }
        return out
    }

    /// Σ_{members} E_b[r_j(s, a)].
    func reward(_ keys: [BeliefKey], action a: Int) -> Double {
        var total = 0.0
        for (position, j) in members.enumerated() {
            let b = belief(agent: j, keys[position])
            for s in b.indices where b[s] > 0 { total += b[s] * model.agents[j].model.expectedReward(s, a) }
        }
        return total
    }

    /// The product distribution of the members' next keys.
    func successors(_ keys: [BeliefKey], action a: Int) -> [([BeliefKey], Double)] {
        var partial: [([BeliefKey], Double)] = [([], 1)]
        for (position, j) in members.enumerated() {
            let options = next(agent: j, keys[position], action: a)
            partial = partial.flatMap { prefix, p in options.map { (prefix + [$0.0], p * $0.1) } }
        }
        return partial
    }

    func qValue(_ state: JointBelief, action a: Int) throws -> Double {
        var q = reward(state.keys, action: a)
        if state.t + 1 < model.horizon {
            var e = 0.0
            for (keys, p) in successors(state.keys, action: a) { e += p * (try value(JointBelief(t: state.t + 1, keys: keys))) }
            q += model.discount * e
        }
        return q
    }

    func value(_ state: JointBelief) throws -> Double {
        if state.t >= model.horizon { return 0 }
        if let v = values[state] { return v }
        guard values.count < maxStates else { throw VerificationError.tooManyBeliefStates(reached: values.count, limit: maxStates) }
        let q = try model.actions.indices.map { try qValue(state, action: $0) }
        let a = bestAction(q)
        values[state] = q[a]
        policy[state] = a
        return q[a]
    }

    func action(_ state: JointBelief) throws -> Int {
        _ = try value(state)
        return policy[state]!
    }
}
