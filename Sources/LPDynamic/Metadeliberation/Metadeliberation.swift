import Foundation

/// One deliberation process (thesis §8.1, with cross-agent deliberation): a local MDP with actions
/// "allocate" (value `values[s]`, ends everything) and "deliberate" (cost `costs[s]`, move by
/// `deliberation[s]`), owned by agent `owner` and about the value of agent `about` (the owner
/// itself in Def. 8.2; another agent in Def. 8.3's cross-agent deliberation).
///
/// ```swift
/// let p = try DeliberationProcess(name: "1", owner: 0, about: 0, states: ["s", "t"],
///     values: [0, 3], costs: [1, 0], deliberation: [[0, 1], []], initial: 0)
/// ```
public struct DeliberationProcess: Sendable, Equatable {
    /// The process's name.
    public let name: String
    /// Position of the owning agent (who deliberates and pays the cost).
    public let owner: Int
    /// Position of the agent whose value the process is about (who receives the item).
    public let about: Int
    /// State names.
    public let states: [String]
    /// `v(s) ≥ 0`: the value of allocating in `s`.
    public let values: [Double]
    /// `c(s) ≥ 0`: the cost of one deliberation step in `s` (ignored where no deliberation).
    public let costs: [Double]
    /// `deliberation[s][s']` = P(s'|s); an empty row means no deliberation in `s`.
    public let deliberation: [[Double]]
    /// The initial state.
    public let initial: Int

    /// Creates a process; checks sizes, values and costs finite and ≥ 0, rows stochastic
    /// (within 1e-9) and **uncertainly improvable values** (Assumption 8.1, UIV):
    /// `P(s'|s) > 0 ⇒ v(s') ≥ v(s)` — the reduction to a bandit (Theorem 8.1) fails
    /// without it. Throws ``BanditModelError``.
    public init(name: String, owner: Int, about: Int, states: [String], values: [Double], costs: [Double],
                deliberation: [[Double]], initial: Int) throws {
        let n = states.count
        guard n > 0, values.count == n, costs.count == n, deliberation.count == n, (0..<n).contains(initial) else {
            throw BanditModelError("process \(name): sizes of states, values, costs and deliberation differ")
        }
        for s in 0..<n {
            guard values[s].isFinite, values[s] >= 0 else { throw BanditModelError("process \(name): value of \(states[s]) must be ≥ 0") }
            guard costs[s].isFinite, costs[s] >= 0 else { throw BanditModelError("process \(name): cost in \(states[s]) must be ≥ 0") }
            let row = deliberation[s]
            if row.isEmpty { continue }
            guard row.count == n, row.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }) else {
                throw BanditModelError("process \(name): deliberation row of \(states[s]) is not a distribution")
            }
            guard abs(row.reduce(0, +) - 1) <= 1e-9 else {
                throw BanditModelError("process \(name): deliberation probabilities from \(states[s]) sum to \(row.reduce(0, +))")
            }
            for t in 0..<n where row[t] > 0 && values[t] < values[s] {
                throw BanditModelError("process \(name): deliberation from \(states[s]) can lower the value to \(states[t]) "
                    + "(\(values[s]) → \(values[t])), violating uncertainly improvable values (thesis Assumption 8.1)")
            }
        }
        self.name = name
        self.owner = owner
        self.about = about
        self.states = states
        self.values = values
        self.costs = costs
        self.deliberation = deliberation
        self.initial = initial
    }

    /// Whether deliberation is available in `s`.
    public func canDeliberate(_ s: Int) -> Bool { !deliberation[s].isEmpty }
}

/// A process reduced to a Markov chain (thesis Theorem 8.1).
public struct ReducedProcess: Sendable {
    /// `V_i(s) = max{v(s), −c(s) + γ Σ P(s'|s) V_i(s')}`: the process alone.
    public let localValues: [Double]
    /// `D`: states where deliberating is strictly better than allocating (ties allocate;
    /// either choice gives the same index).
    public let deliberates: [Bool]
    /// The infinite-horizon chain: in `D` reward −c(s) and kernel P; elsewhere reward
    /// (1−γ)v(s) and a self-loop (thesis §8.3).
    public let chain: FiniteArm
    /// Per-period Gittins indices ν of every state of ``chain`` (lump sum M* = ν/(1−γ)).
    public let indices: [Double]

    /// Reduces `process` at discount `gamma`: local values by value iteration to a fixed point
    /// (sup-norm change ≤ 1e-13·scale, converging at rate γ), pruning, chain, indices by
    /// state elimination (``GittinsIndex/largestRemainingIndex(_:discount:)``). Checks the
    /// the reduction (thesis Theorem 8.1) bounds `v(s) ≤ M*(s)` in allocation states `M*(s) = v(s)`.
    public init(_ process: DeliberationProcess, discount gamma: Double) throws {
        let n = process.states.count
        var v = process.values
        let scale = max(1, process.values.max()!)
        for _ in 0..<100_000 {
            var change = 0.0
            for s in 0..<n where process.canDeliberate(s) {
                var q = -process.costs[s]
                for t in 0..<n where process.deliberation[s][t] > 0 { q += gamma * process.deliberation[s][t] * v[t] }
                let next = max(process.values[s], q)
                change = max(change, abs(next - v[s]))
                v[s] = next
            }
            if change <= 1e-13 * scale { break }
        }
        localValues = v
        var deliberates = [Bool](repeating: false, count: n)
        for s in 0..<n where process.canDeliberate(s) {
            var q = -process.costs[s]
            for t in 0..<n where process.deliberation[s][t] > 0 { q += gamma * process.deliberation[s][t] * v[t] }
            deliberates[s] = q > process.values[s] + 1e-12 * scale
        }
        self.deliberates = deliberates
        let rewards = (0..<n).map { deliberates[$0] ? -process.costs[$0] : (1 - gamma) * process.values[$0] }
        let transitions = (0..<n).map { s in
            deliberates[s] ? process.deliberation[s] : (0..<n).map { $0 == s ? 1.0 : 0 }
        }
        chain = try FiniteArm(states: process.states, rewards: rewards, transitions: transitions, initial: process.initial)
        indices = GittinsIndex.largestRemainingIndex(chain, discount: gamma).indices
        for s in 0..<n {
            let lumpSum = indices[s] / (1 - gamma)
            let ok = deliberates[s] ? lumpSum >= process.values[s] - 1e-9 * scale
                : abs(lumpSum - process.values[s]) <= 1e-9 * scale
            guard ok else {
                throw GittinsError.invariantViolated("process \(process.name): index \(lumpSum) of \(process.states[s]) breaks the bounds of the reduction (Theorem 8.1)")
            }
        }
    }
}
