import Foundation
import InstanceIO

/// A metadeliberation auction instance (thesis Ch. 8; kind "metadeliberation"): agents, their
/// deliberation processes (each owned by one agent, about one agent's value), one item
/// allocated once, discount γ.
public struct MetadeliberationInstance: Sendable, Equatable {
    /// Optional name.
    public let name: String?
    /// γ ∈ (0, 1) (the results need discounting, thesis footnote 1 of Ch. 8).
    public let discount: Double
    /// Agent names.
    public let agents: [String]
    /// The processes (at least one).
    public let processes: [DeliberationProcess]

    /// Creates an instance; checks γ, owners and subjects in range.
    public init(name: String?, discount: Double, agents: [String], processes: [DeliberationProcess]) throws {
        guard discount > 0, discount < 1 else { throw BanditModelError("the discount must lie strictly between 0 and 1") }
        guard !processes.isEmpty else { throw BanditModelError("at least one deliberation process is needed") }
        for p in processes where !agents.indices.contains(p.owner) || !agents.indices.contains(p.about) {
            throw BanditModelError("process \(p.name) names an unknown agent")
        }
        self.name = name
        self.discount = discount
        self.agents = agents
        self.processes = processes
    }
}

/// What the center does in one period (thesis §8.4, Def. 8.2 step 2).
public enum MetadeliberationAction: Sendable, Equatable {
    /// Suggest one deliberation step on process `process`.
    case deliberate(process: Int)
    /// Allocate the item to the process's subject (ends the auction).
    case allocate(process: Int)

    /// The activated process.
    public var process: Int {
        switch self { case .deliberate(let p), .allocate(let p): return p }
    }
}

/// One period of the metadeliberation auction at a joint state of the processes.
public struct MetadeliberationPeriod: Sendable {
    /// The action of the process with the highest index (ties to the lowest position).
    public var action: MetadeliberationAction
    /// Per process, its index ν at its current state.
    public var indices: [Double]
    /// `V̄_{−i}` per agent: the optimal bandit value over the processes agent i does not own
    /// (= V_{−i} of Def. 8.2 when every agent owns one process about itself).
    public var valueWithout: [Double]
    /// Payments **by** each agent to the center this period (Def. 8.2 step 2.3, Def. 8.3).
    public var payments: [Double]
}

/// The metadeliberation auction of Defs. 8.2 and 8.3 on a reduced instance (thesis Theorem 8.1,
/// §3.2, §3.4): index policy on the reduced chains (Theorem 8.1), values of process subsets
/// by Whittle's formula (thesis Defs. 8.2-8.3, value terms), payments per period.
///
/// ```swift
/// let auction = try MetadeliberationAuction(instance: instance)
/// let now = try auction.period(at: auction.initialStates)
/// ```
public struct MetadeliberationAuction: Sendable {
    /// The instance.
    public let instance: MetadeliberationInstance
    /// The reduced processes, in instance order.
    public let reduced: [ReducedProcess]

    /// Reduces every process (validating UIV was done when the processes were built).
    public init(instance: MetadeliberationInstance) throws {
        self.instance = instance
        reduced = try instance.processes.map { try ReducedProcess($0, discount: instance.discount) }
    }

    /// Every process at its initial state.
    public var initialStates: [Int] { instance.processes.map(\.initial) }

    /// `V_S` for the processes at positions `subset`, each at `states[p]`.
    public func value(of subset: [Int], at states: [Int]) -> Double {
        BanditSubsetValues(arms: reduced.map(\.chain), discount: instance.discount, states: states).value(of: subset)
    }

    /// The optimal social value `V(s)` (all processes).
    public func socialValue(at states: [Int]) -> Double { value(of: Array(instance.processes.indices), at: states) }

    /// `V̄_{−i}` per agent: the value over the processes i does not own.
    public func valuesWithout(at states: [Int]) -> [Double] {
        let values = BanditSubsetValues(arms: reduced.map(\.chain), discount: instance.discount, states: states)
        return instance.agents.indices.map { i in
            values.value(of: instance.processes.indices.filter { instance.processes[$0].owner != i })
        }
    }

    /// The period at joint state `states` (truthful reports), payments of Def. 8.3 (which is
    /// Def. 8.2 when processes are about their owners):
    /// - deliberation on p_ij: i pays `(1−γ)·V̄_{−i}`;
    /// - allocation via p_jj: j pays `V̄_{−j}`;
    /// - allocation via p_ij, i ≠ j: i pays `V̄_{−i} − v̂_j` (v̂_j = v(s_p) when j is truthful)
    ///   and j pays `v(s_p)`.
    /// Checked: the center's take is ≥ 0 (no deficit, Thm 8.2/8.3).
    public func period(at states: [Int]) throws -> MetadeliberationPeriod {
        let gamma = instance.discount
        let indices = instance.processes.indices.map { reduced[$0].indices[states[$0]] }
        let p = BanditMechanism.winner(indices: indices)
        let process = instance.processes[p]
        let without = valuesWithout(at: states)
        var payments = [Double](repeating: 0, count: instance.agents.count)
        let action: MetadeliberationAction
        if reduced[p].deliberates[states[p]] {
            action = .deliberate(process: p)
            payments[process.owner] = (1 - gamma) * without[process.owner]
        } else {
            action = .allocate(process: p)
            let v = process.values[states[p]]
            if process.owner == process.about {
                payments[process.owner] = without[process.owner]
            } else {
                payments[process.owner] = without[process.owner] - v
                payments[process.about] = v
            }
        }
        let take = payments.reduce(0, +)
        guard take >= -1e-9 * max(1, abs(without.max() ?? 0)) else {
            throw GittinsError.invariantViolated("the center runs a deficit of \(-take)")
        }
        return MetadeliberationPeriod(action: action, indices: indices, valueWithout: without, payments: payments)
    }

    /// The joint states reachable under the index policy with the action taken there, up to
    /// `limit` states (nil beyond).
    public func reachablePolicy(limit: Int) throws -> [(states: [Int], action: MetadeliberationAction)]? {
        var seen: Set<[Int]> = [initialStates]
        var queue = [initialStates]
        var out: [([Int], MetadeliberationAction)] = []
        var cursor = 0
        while cursor < queue.count {
            let states = queue[cursor]
            cursor += 1
            let indices = instance.processes.indices.map { reduced[$0].indices[states[$0]] }
            let p = BanditMechanism.winner(indices: indices)
            if reduced[p].deliberates[states[p]] {
                out.append((states, .deliberate(process: p)))
                for (t, q) in instance.processes[p].deliberation[states[p]].enumerated() where q > 0 {
                    var next = states
                    next[p] = t
                    if seen.insert(next).inserted {
                        guard seen.count <= limit else { return nil }
                        queue.append(next)
                    }
                }
            } else {
                out.append((states, .allocate(process: p)))
            }
        }
        return out
    }

    /// One simulated run under truthful reports, until allocation or `periods` periods:
    /// per period the joint state, the action, the payments and the deliberation cost borne.
    public func simulate(periods: Int, seed: UInt64) throws -> [(states: [Int], period: MetadeliberationPeriod, cost: Double)] {
        var rng = SeededGenerator(seed: seed)
        var states = initialStates
        var out: [([Int], MetadeliberationPeriod, Double)] = []
        for _ in 0..<periods {
            let period = try period(at: states)
            switch period.action {
            case .allocate:
                out.append((states, period, 0))
                return out
            case .deliberate(let p):
                let process = instance.processes[p]
                out.append((states, period, process.costs[states[p]]))
                var u = Double.random(in: 0..<1, using: &rng)
                let row = process.deliberation[states[p]]
                var next = row.lastIndex { $0 > 0 }!
                for (t, q) in row.enumerated() where q > 0 {
                    if u < q { next = t; break }
                    u -= q
                }
                states[p] = next
            }
        }
        return out
    }
}
