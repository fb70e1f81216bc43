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
        let (states, stateIndex) = try readStateNames(try root["states"])
        let actionsNode = try root["actions"]
        let actions = try actionsNode.strings()
        let actionIndex = try uniqueNames(actions, at: actionsNode, what: "action")
        let initial = try readInitial(root, stateIndex, count: states.count)
        let mdp = try readModel(root, states: states, stateIndex: stateIndex, actions: actions,
                                actionIndex: actionIndex, discount: discount, initial: initial,
                                finiteHorizon: horizon != nil)
        let name = try root.optional("name")?.string() ?? file
        try root.requireKnownKeys()
        return MDPInstance(name: name, mdp: mdp, horizon: horizon)
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
        try JSONValue.read(contentsOf: file) { try read(root: $0, file: file) }
    }

    /// Reads a parsed kind "dynamic" document (keys are checked by the caller).
    private static func read(root: JSONValue, file: String) throws -> DynamicInstance {
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
            let (states, stateIndex) = try readStateNames(try node["states"])
            let initial = try readInitial(node, stateIndex, count: states.count)
            let model = try readModel(node, states: states, stateIndex: stateIndex, actions: actions,
                                      actionIndex: actionIndex, discount: discount, initial: initial,
                                      finiteHorizon: horizon != nil)
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

/// The initial state: a state name, or (in the compact form) a 0-based state index.
func readInitial(_ node: JSONValue, _ states: [String: Int], count: Int) throws -> Int {
    guard let initial = try node.optional("initial") else { return 0 }
    if !initial.isString {
        let k = try initial.integer()
        guard (0..<count).contains(k) else { throw initial.error("state index \(k) is not in 0..<\(count)") }
        return k
    }
    let name = try initial.string()
    guard let s = states[name] else { throw initial.error("unknown state \"\(name)\"") }
    return s
}

/// The states: an array of unique names, or (compact form) a count n, naming them
/// "s0" … "s(n-1)".
func readStateNames(_ node: JSONValue) throws -> (names: [String], index: [String: Int]) {
    if node.isArray {
        let names = try node.strings()
        return (names, try uniqueNames(names, at: node, what: "state"))
    }
    let n = try node.integer()
    guard n >= 1 else { throw node.error("expected at least one state") }
    let names = (0..<n).map { "s\($0)" }
    var index: [String: Int] = [:]
    index.reserveCapacity(n)
    for (k, name) in names.enumerated() { index[name] = k }
    return (names, index)
}

/// The model of an "mdp" file or of a "dynamic" agent: the named form (`"transitions"`, a
/// list of objects) or the compact form (`"probability"` rows, with `"next"` and `"reward"`).
private func readModel(
    _ node: JSONValue, states: [String], stateIndex: [String: Int], actions: [String],
    actionIndex: [String: Int], discount: Double, initial: Int, finiteHorizon: Bool
) throws -> MDP {
    let named = try node.member("transitions"), compact = try node.member("probability")
    if let named, compact != nil {
        throw named.error("give either \"transitions\" (named form) or \"probability\" rows (compact form), not both")
    }
    if let compact {
        let rows = try readCompactRows(compact, next: try node.member("next"), reward: try node.member("reward"),
                                       states: states, actions: actions)
        return try wrap(node) {
            try MDP(stateNames: states, actionNames: actions, discount: discount, initialState: initial,
                    isFiniteHorizon: finiteHorizon, transitionStart: rows.start, successors: rows.successors,
                    probabilities: rows.probabilities, transitionRewards: rows.rewards)
        }
    }
    guard let named else { throw node.error("missing key \"transitions\" (or the compact form's \"probability\")") }
    let transitions = try readTransitions(named, stateIndex, actionIndex)
    return try wrap(node) {
        try MDP(stateNames: states, actionNames: actions, discount: discount, initialState: initial,
                isFiniteHorizon: finiteHorizon, transitions: transitions)
    }
}

/// Compressed rows read from the compact form: one row per state-action pair k = s·|A| + a.
/// With `"next"`, row k of `"probability"` gives τ(s, a, next[k][j]); without it, row k is
/// dense (|S| entries, zeros dropped). An empty row: the action is unavailable in s.
/// `"reward"` (optional, default 0) has the shape of `"probability"`.
private func readCompactRows(
    _ probabilityNode: JSONValue, next nextNode: JSONValue?, reward rewardNode: JSONValue?,
    states: [String], actions: [String]
) throws -> (start: [Int], successors: [Int32], probabilities: [Double], rewards: [Double]) {
    let n = states.count, m = actions.count
    let pairs = n * m
    // Rows as flat arrays (no node per row); a row's JSONValue is made only for an error.
    func rows(_ node: JSONValue, like other: String?) throws -> (start: [Int], values: [Double]) {
        let rows = try node.numberRows()
        guard rows.start.count - 1 == pairs else {
            throw node.error(other.map { "expected \(pairs) rows, like \"\($0)\", found \(rows.start.count - 1)" }
                ?? "expected \(pairs) rows (one per state and action, row s·\(m) + a), found \(rows.start.count - 1)")
        }
        return rows
    }
    func element(_ node: JSONValue, _ k: Int, _ j: Int? = nil) throws -> JSONValue {
        let row = try node.array()[k]
        return try j.map { try row.array()[$0] } ?? row
    }
    let p = try rows(probabilityNode, like: nil)
    let next = try nextNode.map { try rows($0, like: "probability") }
    let reward = try rewardNode.map { try rows($0, like: "probability") }
    if let reward, let rewardNode, let j = reward.values.firstIndex(where: { NumericalPolicy.problem(with: $0) != nil }) {
        let k = (reward.start.lastIndex(where: { $0 <= j }) ?? 0)
        _ = try element(rewardNode, k, j - reward.start[k]).amount()   // throws, naming the place
    }
    for (other, node) in [(next, nextNode), (reward, rewardNode)] {
        guard let other, let node else { continue }
        for k in 0..<pairs where other.start[k + 1] - other.start[k] != p.start[k + 1] - p.start[k] {
            throw try element(node, k).error("expected \(p.start[k + 1] - p.start[k]) entries, like probability row \(k), found \(other.start[k + 1] - other.start[k])")
        }
    }
    var start = [Int](repeating: 0, count: pairs + 1)
    var successors: [Int32] = [], probabilities: [Double] = [], rewards: [Double] = []
    let estimate = next == nil ? 0 : p.values.count
    successors.reserveCapacity(estimate); probabilities.reserveCapacity(estimate); rewards.reserveCapacity(estimate)
    var order: [Int] = []
    for k in 0..<pairs {
        let lo = p.start[k], hi = p.start[k + 1]
        let base = successors.count
        for j in lo..<hi where !(p.values[j] >= 0 && p.values[j] <= 1) {
            throw try element(probabilityNode, k, j - lo).error("probability \(p.values[j]) is not in [0, 1]")
        }
        if let next, let nextNode {
            order.removeAll(keepingCapacity: true)
            var sorted = true
            for j in lo..<hi {
                let t = next.values[j]
                guard t == t.rounded(), t >= 0, t < Double(n) else {
                    throw try element(nextNode, k, j - lo).error("expected a state index in 0..<\(n), found \(t)")
                }
                if j > lo, next.values[j - 1] >= t { sorted = false }
                order.append(j)
            }
            if !sorted { order.sort { next.values[$0] < next.values[$1] } }
            for (i, j) in order.enumerated() where i > 0 && next.values[order[i - 1]] == next.values[j] {
                throw try element(nextNode, k, j - lo).error("repeated successor \"\(states[Int(next.values[j])])\"")
            }
            for j in order {
                successors.append(Int32(next.values[j]))
                probabilities.append(p.values[j])
                rewards.append(reward?.values[j] ?? 0)
            }
        } else if hi > lo {
            guard hi - lo == n else {
                throw try element(probabilityNode, k).error("a dense row needs \(n) probabilities (one per state), found \(hi - lo)")
            }
            for j in lo..<hi where p.values[j] != 0 {
                successors.append(Int32(j - lo))
                probabilities.append(p.values[j])
                rewards.append(reward?.values[j] ?? 0)
            }
        }
        var total = 0.0
        for t in base..<successors.count { total += probabilities[t] }
        if successors.count > base, abs(total - 1) > 1e-9 {
            throw try element(probabilityNode, k).error("probabilities of state \"\(states[k / m])\" under action \"\(actions[k % m])\" sum to \(total), not 1")
        }
        start[k + 1] = successors.count
    }
    return (start, successors, probabilities, rewards)
}

/// Reads a transitions list: known names, probabilities in [0, 1], no repeated
/// (state, action, next), and probabilities summing to 1 within 1e-9 per (state, action).
func readTransitions(
    _ node: JSONValue, _ states: [String: Int], _ actions: [String: Int]
) throws -> [MDPTransition] {
    var result: [MDPTransition] = []
    var firstOfPair: [Int: (JSONValue, Double)] = [:]
    var seen = Set<Int>()
    let n = states.count
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
        let reward = try item.optional("reward")?.amount() ?? 0
        guard seen.insert((s * m + a) * n + next).inserted else {
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
