import Foundation
import InstanceIO

/// A joint MDP with interdependent values (thesis §7.3): each agent's next local state may
/// depend on the whole joint state (a non-product transition kernel), and every agent's
/// realized value is read off its own new local state (`values[i][s]`, obtained on every
/// transition into s), which makes the thesis's Assumption 7.5 (privately realized types) hold
/// by construction. Horizon of H decisions, discount γ; a (joint state, action) pair without
/// listed transitions keeps every agent in its state.
public struct InterdependentModel: Sendable {
    /// The model's name.
    public let name: String
    /// γ ∈ [0, 1].
    public let discount: Double
    /// H ≥ 1.
    public let horizon: Int
    /// The center's actions.
    public let actions: [String]
    /// Agent names.
    public let agentNames: [String]
    /// Per agent, its local state names.
    public let states: [[String]]
    /// Per agent and local state, the value realized on a transition into it.
    public let values: [[Double]]
    /// The initial joint state.
    public let initial: [Int]
    /// Joint transitions keyed by joint-state index · |A| + action: (next joint-state index, probability).
    let transitions: [Int: [(next: Int, probability: Double)]]

    /// Creates and validates a model; `transitions` maps (joint state, action index) to its
    /// successors, whose probabilities must sum to 1 within 1e-9.
    public init(name: String, discount: Double, horizon: Int, actions: [String], agentNames: [String], states: [[String]],
                values: [[Double]], initial: [Int], transitions: [([Int], Int, [([Int], Double)])]) throws {
        guard horizon >= 1, discount >= 0, discount <= 1, !actions.isEmpty, !agentNames.isEmpty,
              states.count == agentNames.count, values.count == agentNames.count, initial.count == agentNames.count,
              zip(states, values).allSatisfy({ $0.count == $1.count && !$0.isEmpty }),
              zip(initial, states).allSatisfy({ $1.indices.contains($0) })
        else { throw VerificationError.unsupported("inconsistent interdependent model") }
        self.name = name
        self.discount = discount
        self.horizon = horizon
        self.actions = actions
        self.agentNames = agentNames
        self.states = states
        self.values = values
        self.initial = initial
        var table: [Int: [(next: Int, probability: Double)]] = [:]
        let radix = states.map(\.count)
        func index(_ tuple: [Int]) throws -> Int {
            guard tuple.count == radix.count, zip(tuple, radix).allSatisfy({ (0..<$1).contains($0) }) else {
                throw VerificationError.unsupported("a joint state has the wrong number of agents or an unknown state")
            }
            return tuple.enumerated().reduce(0) { $0 * radix[$1.offset] + $1.element }
        }
        for (state, a, successors) in transitions {
            guard actions.indices.contains(a) else { throw VerificationError.unsupported("unknown action index \(a)") }
            let key = try index(state) * actions.count + a
            guard table[key] == nil else { throw VerificationError.unsupported("transitions of one (state, action) given twice") }
            let list = try successors.map { (try index($0.0), $0.1) }
            let total = list.reduce(0) { $0 + $1.1 }
            guard abs(total - 1) <= 1e-9, list.allSatisfy({ $0.1 >= 0 }) else {
                throw VerificationError.unsupported("transition probabilities sum to \(total), not 1")
            }
            table[key] = list
        }
        self.transitions = table
    }

    /// The number of joint states (every combination of local states).
    public var jointStateCount: Int { states.reduce(1) { $0 * $1.count } }

    /// The successors of joint state k under action a.
    func successors(_ k: Int, _ a: Int) -> [(next: Int, probability: Double)] {
        transitions[k * actions.count + a] ?? [(k, 1)]
    }

    /// The local states of joint state k.
    func decode(_ k: Int) -> [Int] {
        var k = k
        var out = [Int](repeating: 0, count: states.count)
        for i in stride(from: states.count - 1, through: 0, by: -1) {
            out[i] = k % states[i].count
            k /= states[i].count
        }
        return out
    }

    func encode(_ tuple: [Int]) -> Int {
        tuple.enumerated().reduce(0) { $0 * states[$1.offset].count + $1.element }
    }

    /// Whether the kernel is a product of per-agent kernels that each depend only on the
    /// agent's own state (private values, thesis Ch. 5), checked exactly on every pair.
    public var hasPrivateTransitions: Bool {
        let n = states.count
        for a in actions.indices {
            // marginal[i][s_i] must not depend on the others' states, and the joint law must be the product.
            var marginals: [[Int: [Int: Double]]] = Array(repeating: [:], count: n)
            for k in 0..<jointStateCount {
                let local = decode(k)
                var joint: [Int: Double] = [:]
                var margin = [[Int: Double]](repeating: [:], count: n)
                for (next, p) in successors(k, a) {
                    joint[next, default: 0] += p
                    for (i, x) in decode(next).enumerated() { margin[i][x, default: 0] += p }
                }
                for i in 0..<n {
                    if let seen = marginals[i][local[i]] {
                        guard seen.keys.sorted() == margin[i].keys.sorted(),
                              seen.allSatisfy({ abs($0.value - margin[i][$0.key]!) <= 1e-12 }) else { return false }
                    } else {
                        marginals[i][local[i]] = margin[i]
                    }
                }
                for (next, p) in joint {
                    let product = decode(next).enumerated().reduce(1.0) { $0 * (margin[$1.offset][$1.element] ?? 0) }
                    if abs(product - p) > 1e-12 { return false }
                }
            }
        }
        return true
    }

    /// Reads a kind "interdependent" file (format in docs/dynamic-populations.md).
    public static func read(file: String) throws -> InterdependentModel {
        let root = try JSONValue.parse(contentsOf: file)
        try expectKind("interdependent", in: root)
        try refuseUnknownKeys(root, allowed: ["kind", "name", "discount", "horizon", "actions", "agents", "transitions"])
        let (horizon, discount, actions, actionIndex) = try readFiniteHorizonHeader(root)
        let agentsNode = try root["agents"]
        let agentNodes = try agentsNode.array()
        var names: [String] = [], states: [[String]] = [], values: [[Double]] = [], initial: [Int] = []
        var indices: [[String: Int]] = []
        for node in agentNodes {
            try refuseUnknownKeys(node, allowed: ["name", "states", "initial", "values"])
            names.append(try node["name"].string())
            let statesNode = try node["states"]
            let list = try statesNode.strings()
            let index = try uniqueIndex(list, at: statesNode, what: "state")
            var v = [Double](repeating: 0, count: list.count)
            if let valuesNode = try node.optional("values") {
                for key in try valuesNode.keys() {
                    guard let s = index[key] else {
                        throw try valuesNode[key].error("unknown state \"\(key)\"")
                    }
                    v[s] = try valuesNode[key].amount()
                }
            }
            var start = 0
            if let initialNode = try node.optional("initial") {
                guard let s = index[try initialNode.string()] else { throw initialNode.error("unknown state \"\(try initialNode.string())\"") }
                start = s
            }
            states.append(list); values.append(v); initial.append(start); indices.append(index)
        }
        _ = try uniqueIndex(names, at: agentsNode, what: "agent")
        func tuple(_ node: JSONValue) throws -> [Int] {
            let items = try node.array()
            guard items.count == names.count else { throw node.error("a joint state lists one local state per agent (\(names.count))") }
            return try items.enumerated().map { i, item in
                guard let s = indices[i][try item.string()] else { throw item.error("unknown state \"\(try item.string())\" of agent \(names[i])") }
                return s
            }
        }
        var grouped: [[Int]: (JSONValue, [([Int], Double)])] = [:]
        var order: [[Int]] = []
        for item in try root["transitions"].array() {
            try refuseUnknownKeys(item, allowed: ["state", "action", "next", "probability"])
            let state = try tuple(try item["state"])
            let actionNode = try item["action"]
            guard let a = actionIndex[try actionNode.string()] else { throw actionNode.error("unknown action \"\(try actionNode.string())\"") }
            let next = try tuple(try item["next"])
            let pNode = try item["probability"]
            let p = try pNode.number()
            guard p >= 0, p <= 1 else { throw pNode.error("probability \(p) is not in [0, 1]") }
            let key = state + [a]
            if grouped[key] == nil { order.append(key); grouped[key] = (item, []) }
            guard !grouped[key]!.1.contains(where: { $0.0 == next }) else { throw item.error("repeated transition (state, action, next)") }
            grouped[key]!.1.append((next, p))
        }
        for key in order {
            let (item, list) = grouped[key]!
            let total = list.reduce(0) { $0 + $1.1 }
            guard abs(total - 1) <= 1e-9 else { throw item.error("the probabilities of this state and action sum to \(total), not 1") }
        }
        do {
            return try InterdependentModel(
                name: try root.optional("name")?.string() ?? file, discount: discount, horizon: horizon, actions: actions,
                agentNames: names, states: states, values: values, initial: initial,
                transitions: order.map { (Array($0.dropLast()), $0.last!, grouped[$0]!.1) })
        } catch let error as VerificationError {
            throw root.error(error.description)
        }
    }
}
