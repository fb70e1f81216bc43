import Foundation

/// Mixed-radix indexing of every combination of some agents' local states (the "grid": all
/// combinations, not only the reachable ones, because a misreport can put the center in any
/// of them).
struct ProductGrid: Sendable {
    /// The agents indexed, in order.
    let members: [Int]
    /// |S_i| of each member.
    let radix: [Int]
    /// Π |S_i| (1 with no member).
    let count: Int

    init(members: [Int], model: VerificationModel) {
        self.members = members
        radix = members.map { model.agents[$0].model.stateCount }
        count = radix.reduce(1, *)
    }

    /// The index of the members' local states taken from a full profile `states` (one entry
    /// per agent of the model).
    func index(fromProfile states: [Int]) -> Int {
        var k = 0
        for (position, member) in members.enumerated() { k = k * radix[position] + states[member] }
        return k
    }

    /// The members' local states of index k (in member order).
    func decode(_ k: Int) -> [Int] {
        var k = k
        var out = [Int](repeating: 0, count: members.count)
        for position in stride(from: members.count - 1, through: 0, by: -1) {
            out[position] = k % radix[position]
            k /= radix[position]
        }
        return out
    }
}

/// Optimal finite-horizon values of the system made of a subset of the agents (the social
/// optimum for all agents, V*_{-i} for all but i, the "currently accessible" system of the
/// naive policy), by backward induction over every combination of the members' local states
/// at every period t = 0...H (value 0 at t = H).
struct SubsetValues: Sendable {
    let grid: ProductGrid
    /// values[t][k], t = 0...H.
    let values: [[Double]]
    /// policy[t][k], t = 0..<H: the lowest optimal action index (tie-break of
    /// ``MDP/greedyPolicy(values:)``).
    let policy: [[Int]]

    init(members: [Int], model: VerificationModel) {
        let grid = ProductGrid(members: members, model: model)
        self.grid = grid
        let h = model.horizon
        var values = [[Double]](repeating: [Double](repeating: 0, count: grid.count), count: h + 1)
        var policy = [[Int]](repeating: [Int](repeating: 0, count: grid.count), count: h)
        for t in stride(from: h - 1, through: 0, by: -1) {
            for k in 0..<grid.count {
                let local = grid.decode(k)
                let q = model.actions.indices.map { a in
                    SubsetValues.qValue(grid: grid, model: model, local: local, action: a, next: values[t + 1])
                }
                let a = bestAction(q)
                values[t][k] = q[a]
                policy[t][k] = a
            }
        }
        self.values = values
        self.policy = policy
    }

    /// Σ_{members} r_i(s_i, a) + γ Σ_{s'} Π τ_i(s_i, a, s'_i) next[s'].
    static func qValue(grid: ProductGrid, model: VerificationModel, local: [Int], action a: Int, next: [Double]) -> Double {
        var reward = 0.0
        for (position, member) in grid.members.enumerated() {
            reward += model.agents[member].model.expectedReward(local[position], a)
        }
        return reward + model.discount * productExpectation(grid: grid, model: model, local: local, action: a, of: next)
    }

    /// The value at period t of the members' states read from a full profile.
    func value(period t: Int, profile: [Int]) -> Double { values[t][grid.index(fromProfile: profile)] }
    /// The optimal action at period t (t < H) for the members' states read from a full profile.
    func action(period t: Int, profile: [Int]) -> Int { policy[t][grid.index(fromProfile: profile)] }
    /// Q of the members' system at period t for action a.
    func qValue(period t: Int, profile: [Int], action a: Int, model: VerificationModel) -> Double {
        let local = grid.members.map { profile[$0] }
        return SubsetValues.qValue(grid: grid, model: model, local: local, action: a, next: values[t + 1])
    }
}

/// Σ over the members' product of successors of Π τ_i · f(successor index).
func productExpectation(grid: ProductGrid, model: VerificationModel, local: [Int], action a: Int, of f: [Double]) -> Double {
    var partial: [(index: Int, probability: Double)] = [(0, 1)]
    for (position, member) in grid.members.enumerated() {
        let mdp = model.agents[member].model
        var next: [(index: Int, probability: Double)] = []
        next.reserveCapacity(partial.count * 2)
        for (index, p) in partial {
            for t in mdp.transitions(local[position], a) where mdp.probabilities[t] > 0 {
                next.append((index * grid.radix[position] + Int(mdp.successors[t]), p * mdp.probabilities[t]))
            }
        }
        partial = next
    }
    return partial.reduce(0) { $0 + $1.probability * f[$1.index] }
}

/// The lowest index within ``MDP/tieTolerance``·max(1, |best|) of the largest Q-value.
func bestAction(_ q: [Double]) -> Int {
    let best = q.max() ?? 0
    let slack = MDP.tieTolerance * max(1, abs(best))
    return q.firstIndex { $0 >= best - slack } ?? 0
}
