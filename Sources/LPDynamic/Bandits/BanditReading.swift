import Foundation
import InstanceIO

extension BanditInstance {
    /// Reads a kind "bandit" file. Every problem is one ``InstanceIO/InstanceError``
    /// naming the file and the JSON path, e.g. `b.json: $.arms[0].transitions.x: row sums
    /// to 0.9, not 1 (tolerance 1e-9)`.
    ///
    /// ```swift
    /// let bandit = try BanditInstance.read(from: "instances/bandit/fig-4.7.json")
    /// ```
    public static func read(from path: String) throws -> BanditInstance {
        try BanditInstance(json: JSONValue.parse(contentsOf: path))
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
    let statesNode = try node["states"]
    let states = try statesNode.strings()
    let index = try uniqueNames(states, at: statesNode, what: "state")
    let initialNode = try node["initial"]
    let initialName = try initialNode.string()
    guard let initial = index[initialName] else {
        throw initialNode.error("unknown state \"\(initialName)\"")
    }
    let rewardsNode = try node["rewards"]
    var rewards = [Double?](repeating: nil, count: states.count)
    for key in try rewardsNode.keys() {
        let entry = try rewardsNode[key]
        guard let s = index[key] else { throw entry.error("unknown state \"\(key)\"") }
        rewards[s] = try entry.number()
    }
    if let missing = rewards.firstIndex(where: { $0 == nil }) {
        throw rewardsNode.error("no reward for state \"\(states[missing])\"")
    }
    let transitionsNode = try node["transitions"]
    var rows = [[Double]?](repeating: nil, count: states.count)
    for key in try transitionsNode.keys() {
        let rowNode = try transitionsNode[key]
        guard let s = index[key] else { throw rowNode.error("unknown state \"\(key)\"") }
        var row = [Double](repeating: 0, count: states.count)
        for next in try rowNode.keys() {
            let entry = try rowNode[next]
            guard let t = index[next] else { throw entry.error("unknown state \"\(next)\"") }
            let p = try entry.number()
            guard p >= 0, p <= 1 else { throw entry.error("probability \(p) is outside [0, 1]") }
            row[t] = p
        }
        let sum = row.reduce(0, +)
        guard abs(sum - 1) <= 1e-9 else {
            throw rowNode.error("row sums to \(sum), not 1 (tolerance 1e-9)")
        }
        rows[s] = row
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
