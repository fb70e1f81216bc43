import Foundation
import InstanceIO

extension BanditInstance {
    /// Reads a kind "bandit" file; keys no reader asked for are refused. Every problem is one
    /// ``InstanceIO/InstanceError`` naming the file and the JSON path, e.g. `b.json: $.arms[0].transitions.x: row sums
    /// to 0.9, not 1 (tolerance 1e-9)`.
    ///
    /// ```swift
    /// let bandit = try BanditInstance.read(from: "instances/bandit/fig-4.7.json")
    /// ```
    public static func read(from path: String) throws -> BanditInstance {
        try JSONValue.read(contentsOf: path) { try BanditInstance(json: $0) }
    }

    /// Builds an instance from a parsed JSON document of kind "bandit".
    ///
    /// Finite-chain arm: `"states"` (unique names), `"initial"`, `"rewards"` (state → number,
    /// every state), `"transitions"` (state → {next → probability}, every state, each row
    /// summing to 1 within 1e-9). Beta arm: `"beta": [α, β]` with α, β > 0.
    public init(json root: JSONValue) throws {
        let kind = try root["kind"].string()
        guard kind == "bandit" else {
            throw try root["kind"].error("expected kind \"bandit\", found \"\(kind)\"")
        }
        let name = try root.optional("name")?.string()
        let discountNode = try root["discount"]
        let discount = try discountNode.number()
        guard discount > 0, discount < 1 else {
            throw discountNode.error("the discount must lie strictly between 0 and 1 (found \(discount))")
        }
        let armsNode = try root["arms"]
        let armNodes = try armsNode.array()
        let names = try armNodes.map { try $0["name"].string() }
        _ = try uniqueNames(names, at: armsNode, what: "arm", nameKey: "name")
        let arms = try zip(names, armNodes).map { name, node in
            BanditArm(name: name, model: try readArmModel(node))
        }
        try self.init(name: name, discount: discount, arms: arms)
    }
}

/// Reads one arm object: either `"beta"` or a finite chain, never both.
private func readArmModel(_ node: JSONValue) throws -> ArmModel {
    if let betaNode = try node.optional("beta") {
        for key in ["states", "initial", "rewards", "transitions"] where try node.optional(key) != nil {
            throw betaNode.error("a Beta arm cannot also have \"\(key)\"")
        }
        let parameters = try betaNode.array()
        guard parameters.count == 2 else { throw betaNode.error("expected [α, β]") }
        let alpha = try parameters[0].number(), beta = try parameters[1].number()
        guard alpha > 0 else { throw parameters[0].error("α must be positive") }
        guard beta > 0 else { throw parameters[1].error("β must be positive") }
        return .beta(try BetaArm(alpha: alpha, beta: beta))
    }
    let (states, index) = try readStateNames(try node["states"])
    let n = states.count
    let initialNode = try node["initial"]
    let initial = try readInitial(node, index, count: n)
    _ = initialNode
    let rewardsNode = try node["rewards"]
    var rewards = [Double?](repeating: nil, count: n)
    if rewardsNode.isArray {
        // Compact form: one reward per state, in state order.
        let values = try rewardsNode.amounts()
        guard values.count == n else { throw rewardsNode.error("expected \(n) rewards (one per state), found \(values.count)") }
        rewards = values
    } else {
        for (key, entry) in try rewardsNode.members() {
            guard let s = index[key] else { throw entry.error("unknown state \"\(key)\"") }
            rewards[s] = try entry.amount()
        }
    }
    if let missing = rewards.firstIndex(where: { $0 == nil }) {
        throw rewardsNode.error("no reward for state \"\(states[missing])\"")
    }
    let transitionsNode = try node["transitions"]
    let nextNode = try node.member("next")
    var rows = [[Double]?](repeating: nil, count: n)
    if transitionsNode.isArray {
        rows = try readCompactArmRows(transitionsNode, next: nextNode, states: states)
    } else {
        if let nextNode { throw nextNode.error("\"next\" goes with the compact form, where \"transitions\" is an array of rows") }
        for (key, rowNode) in try transitionsNode.members() {
            guard let s = index[key] else { throw rowNode.error("unknown state \"\(key)\"") }
            var row = [Double](repeating: 0, count: n)
            let (nextNames, probabilities) = try rowNode.numberMembers()
            for (j, next) in nextNames.enumerated() {
                // Rows usually list states in order: try the j-th name before hashing.
                guard let t = j < n && states[j] == next ? j : index[next] else {
                    throw try rowNode[next].error("unknown state \"\(next)\"")
                }
                let p = probabilities[j]
                guard p >= 0, p <= 1 else { throw try rowNode[next].error("probability \(p) is outside [0, 1]") }
                row[t] = p
            }
            let sum = row.reduce(0, +)
            guard abs(sum - 1) <= 1e-9 else {
                throw rowNode.error("row sums to \(sum), not 1 (tolerance 1e-9)")
            }
            rows[s] = row
        }
    }
    if let missing = rows.firstIndex(where: { $0 == nil }) {
        throw transitionsNode.error("no transitions for state \"\(states[missing])\"")
    }
    do {
        return .chain(try FiniteArm(states: states, rewards: rewards.map { $0! },
                                    transitions: rows.map { $0! }, initial: initial))
    } catch let error as BanditModelError {
        throw node.error(error.message)
    }
}

/// The compact form of an arm's transitions: one row per state, in state order. Without
/// `"next"`, a row is dense (one probability per state); with it, `next[s]` lists successor
/// indices and `transitions[s]` their probabilities.
private func readCompactArmRows(_ node: JSONValue, next nextNode: JSONValue?, states: [String]) throws -> [[Double]?] {
    let n = states.count
    let matrix = try node.numberRows()
    guard matrix.start.count - 1 == n else { throw node.error("expected \(n) rows (one per state), found \(matrix.start.count - 1)") }
    let successors = try nextNode.map { next -> (start: [Int], values: [Double]) in
        let rows = try next.numberRows()
        guard rows.start.count - 1 == n else { throw next.error("expected \(n) rows, like \"transitions\", found \(rows.start.count - 1)") }
        return rows
    }
    func element(_ node: JSONValue, _ s: Int, _ j: Int? = nil) throws -> JSONValue {
        let row = try node.array()[s]
        return try j.map { try row.array()[$0] } ?? row
    }
    var rows: [[Double]?] = []
    rows.reserveCapacity(n)
    for s in 0..<n {
        let lo = matrix.start[s], hi = matrix.start[s + 1]
        for j in lo..<hi where !(matrix.values[j] >= 0 && matrix.values[j] <= 1) {
            throw try element(node, s, j - lo).error("probability \(matrix.values[j]) is outside [0, 1]")
        }
        var row: [Double]
        if let successors, let nextNode {
            let count = successors.start[s + 1] - successors.start[s]
            guard count == hi - lo else {
                throw try element(nextNode, s).error("expected \(hi - lo) successors, like transitions row \(s), found \(count)")
            }
            row = [Double](repeating: 0, count: n)
            var seen = Set<Int>()
            for j in 0..<count {
                let t = successors.values[successors.start[s] + j]
                guard t == t.rounded(), t >= 0, t < Double(n), seen.insert(Int(t)).inserted else {
                    throw try element(nextNode, s, j).error("expected a new state index in 0..<\(n), found \(t)")
                }
                row[Int(t)] = matrix.values[lo + j]
            }
        } else {
            guard hi - lo == n else {
                throw try element(node, s).error("a dense row needs \(n) probabilities (one per state), found \(hi - lo)")
            }
            row = Array(matrix.values[lo..<hi])
        }
        let sum = row.reduce(0, +)
        guard abs(sum - 1) <= 1e-9 else { throw try element(node, s).error("row sums to \(sum), not 1 (tolerance 1e-9)") }
        rows.append(row)
    }
    return rows
}
