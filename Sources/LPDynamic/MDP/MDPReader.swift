import InstanceIO

/// A kind "mdp" instance: one MDP, optionally with a horizon (number of decisions).
public struct MDPInstance: Sendable {
    /// The instance's name (the file's `name`, or its path).
    public var name: String
    /// The MDP as written in the file (every state, not only reachable ones).
    public var mdp: MDP
    /// The horizon H (number of decisions), or nil for an infinite horizon.
    public var horizon: Int?

    /// Creates an instance in code (for ``solveMDP(_:options:)``).
    public init(name: String, mdp: MDP, horizon: Int? = nil) {
        self.name = name
        self.mdp = mdp
        self.horizon = horizon
    }

    /// Reads and validates a kind "mdp" file; every problem is an `InstanceError` naming the
    /// file and the JSON path.
    public static func read(file: String) throws -> MDPInstance {
        let root = try JSONValue.parse(contentsOf: file)
        try expectKind("mdp", root)
        let horizon = try readHorizon(root)
        let discount = try readDiscount(root, horizon: horizon)
        let statesNode = try root["states"]
        let states = try statesNode.strings()
        let stateIndex = try uniqueNames(states, at: statesNode, what: "state")
        let actionsNode = try root["actions"]
        let actions = try actionsNode.strings()
        let actionIndex = try uniqueNames(actions, at: actionsNode, what: "action")
        let initial = try readInitial(root, stateIndex)
        let transitions = try readTransitions(try root["transitions"], stateIndex, actionIndex)
        let mdp = try wrap(root) {
            try MDP(stateNames: states, actionNames: actions, discount: discount, initialState: initial,
                    isFiniteHorizon: horizon != nil, transitions: transitions)
        }
        return MDPInstance(name: try root.optional("name")?.string() ?? file, mdp: mdp, horizon: horizon)
    }
}

/// One agent of a kind "dynamic" instance: its name and local MDP (over the shared actions).
public struct DynamicAgent: Sendable {
    /// The agent's name.
    public var name: String
    /// The local MDP (S_i, A, τ_i, r_i) with the agent's initial local state.
    public var model: MDP

    /// Creates an agent from its local MDP.
    public init(name: String, model: MDP) {
        self.name = name
        self.model = model
    }
}

/// A kind "dynamic" instance: agents' local MDPs with one center action set (thesis Ch. 5).
public struct DynamicInstance: Sendable {
    /// The instance's name (the file's `name`, or its path).
    public var name: String
    /// The common discount γ.
    public var discount: Double
    /// The shared action names.
    public var actions: [String]
    /// The agents.
    public var agents: [DynamicAgent]
    /// The horizon H (number of decisions), or nil for an infinite horizon.
    public var horizon: Int?

    /// Creates an instance in code (validated: shared actions, γ range).
    public init(name: String, discount: Double, actions: [String], agents: [DynamicAgent], horizon: Int?) {
        self.name = name
        self.discount = discount
        self.actions = actions
        self.agents = agents
        self.horizon = horizon
    }

    /// Reads and validates a kind "dynamic" file.
    public static func read(file: String) throws -> DynamicInstance {
        let root = try JSONValue.parse(contentsOf: file)
        try expectKind("dynamic", root)
        let horizon = try readHorizon(root)
        let discount = try readDiscount(root, horizon: horizon)
        let actionsNode = try root["actions"]
        let actions = try actionsNode.strings()
        let actionIndex = try uniqueNames(actions, at: actionsNode, what: "action")
        let agentsNode = try root["agents"]
        let agentNodes = try agentsNode.array()
        let names = try agentNodes.map { try $0["name"].string() }
        _ = try uniqueNames(names, at: agentsNode, what: "agent", nameKey: "name")
        var agents: [DynamicAgent] = []
        for (k, node) in agentNodes.enumerated() {
            let statesNode = try node["states"]
            let states = try statesNode.strings()
            let stateIndex = try uniqueNames(states, at: statesNode, what: "state")
            let initial = try readInitial(node, stateIndex)
            let transitions = try readTransitions(try node["transitions"], stateIndex, actionIndex)
            let model = try wrap(node) {
                try MDP(stateNames: states, actionNames: actions, discount: discount,
                        initialState: initial, isFiniteHorizon: horizon != nil, transitions: transitions)
            }
            agents.append(DynamicAgent(name: names[k], model: model))
        }
        return DynamicInstance(name: try root.optional("name")?.string() ?? file, discount: discount,
                               actions: actions, agents: agents, horizon: horizon)
    }
}

/// The `kind` of an instance file (so a command can dispatch to the right reader).
public func instanceKind(file: String) throws -> String {
    try JSONValue.parse(contentsOf: file)["kind"].string()
}

private func expectKind(_ kind: String, _ root: JSONValue) throws {
    let node = try root["kind"]
    let found = try node.string()
    guard found == kind else { throw node.error("expected kind \"\(kind)\", found \"\(found)\"") }
}

private func readHorizon(_ root: JSONValue) throws -> Int? {
    guard let node = try root.optional("horizon") else { return nil }
    let h = try node.integer()
    guard h >= 1 else { throw node.error("the horizon must be a positive number of decisions") }
    return h
}

private func readDiscount(_ root: JSONValue, horizon: Int?) throws -> Double {
    let node = try root["discount"]
    let d = try node.number()
    if horizon == nil {
        guard d >= 0, d < 1 else { throw node.error("an infinite horizon needs a discount in [0, 1), found \(d)") }
    } else {
        guard d >= 0, d <= 1 else { throw node.error("the discount must be in [0, 1], found \(d)") }
    }
    return d
}

private func readInitial(_ node: JSONValue, _ states: [String: Int]) throws -> Int {
    guard let initial = try node.optional("initial") else { return 0 }
    let name = try initial.string()
    guard let s = states[name] else { throw initial.error("unknown state \"\(name)\"") }
    return s
}

/// Reads a transitions list: known names, probabilities in [0, 1], no repeated
/// (state, action, next), and probabilities summing to 1 within 1e-9 per (state, action).
private func readTransitions(
    _ node: JSONValue, _ states: [String: Int], _ actions: [String: Int]
) throws -> [MDPTransition] {
    var result: [MDPTransition] = []
    var firstOfPair: [Int: (JSONValue, Double)] = [:]
    var seen = Set<[Int]>()
    let m = actions.count
    for item in try node.array() {
        func lookup(_ key: String, _ table: [String: Int], _ what: String) throws -> Int {
            let n = try item[key]
            let name = try n.string()
            guard let k = table[name] else { throw n.error("unknown \(what) \"\(name)\"") }
            return k
        }
        let s = try lookup("state", states, "state")
        let a = try lookup("action", actions, "action")
        let next = try lookup("next", states, "state")
        let pNode = try item["probability"]
        let p = try pNode.number()
        guard p >= 0, p <= 1 else { throw pNode.error("probability \(p) is not in [0, 1]") }
        let reward = try item.optional("reward")?.number() ?? 0
        guard seen.insert([s, a, next]).inserted else {
            throw item.error("repeated transition (state, action, next)")
        }
        let pair = s * m + a
        firstOfPair[pair] = (firstOfPair[pair]?.0 ?? item, (firstOfPair[pair]?.1 ?? 0) + p)
        result.append(MDPTransition(state: s, action: a, next: next, probability: p, reward: reward))
    }
    for (_, (item, total)) in firstOfPair.sorted(by: { $0.key < $1.key }) where abs(total - 1) > 1e-9 {
        let s = try item["state"].string(), a = try item["action"].string()
        throw item.error("probabilities of state \"\(s)\" under action \"\(a)\" sum to \(total), not 1")
    }
    return result
}

/// Turns a model-level error into an `InstanceError` at `node`.
private func wrap<T>(_ node: JSONValue, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as MDPError { throw node.error(error.description) }
}
